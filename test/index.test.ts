import * as api from '../lib';

/*
 * The package's runtime API, name by name: adding or removing an export from
 * lib/index.ts is a decision, made here as well. Types leave no runtime name;
 * tsc checks those where the tests and examples import them.
 */
const PUBLIC_NAMES = [
  'ACCESS_MODES',
  'ALERT_SEVERITIES',
  'CLUSTER_PLACEHOLDER',
  'CONNECTIVITY_PROFILES',
  'DEFAULT_FLUX_COMPONENTS',
  'DISTRIBUTIONS',
  'DeviceClass',
  'EdgeApp',
  'EdgeSite',
  'EdgefleetError',
  'FLEET_PLAN_VERSION',
  'FLUX_COMPONENTS',
  'Fleet',
  'FleetLoadError',
  'FleetValidationError',
  'GITOPS_DELIVERIES',
  'GITOPS_ENGINES',
  'GPU_RESOURCES',
  'GitRefusedError',
  'InvalidInputError',
  'LAN_EXPOSURES',
  'LOG_SHIPPERS',
  'LockedError',
  'OutputLockedError',
  'OutputRefusedError',
  'PromoteRefusedError',
  'PublishUsageError',
  'RESERVED_NAMESPACES',
  'RefusedError',
  'RegionalTier',
  'RegistryError',
  'RolloutUsageError',
  'ServiceError',
  'TRIMMED_FLUX_COMPONENTS',
  'TreeSourceError',
  'TreeWriteError',
  'UsageError',
  'WriteError',
  'formatProblem',
  'mergeShards',
  'ociRolloutStatus',
  'planFleet',
  'planFleetFile',
  'promote',
  'promoteOci',
  'publish',
  'readImageLock',
  'rolloutStatus',
  'synth',
  'synthFile',
  'withOutputLock',
  'withOutputLockAsync',
];

describe('lib/index.ts', () => {
  test('exports exactly the public names', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_NAMES);
  });

  test('exports no zod schema', () => {
    const schemas = Object.entries(api).filter(([, value]) => typeof value === 'object' && value !== null && 'safeParse' in value);
    expect(schemas.map(([name]) => name)).toEqual([]);
  });
});
