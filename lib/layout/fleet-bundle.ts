import type { ResolvedSite } from '../model/resolved-site';
import { toYaml } from '../render/yaml';
import { SITE_LABEL, WAVE_LABEL } from './fleet-labels';

/** Clusters of the first wave (the canary) that may be unavailable before the rollout moves on. @default 0 */
export const CANARY_MAX_UNAVAILABLE = 0;
/** Clusters of each later wave that may be unavailable; edge sites go offline, so this is not 0. @default "10%" */
export const WAVE_MAX_UNAVAILABLE = '10%';

/**
 * fleet.yaml of a cluster's bundle. The bundle directory is the cluster's
 * own directory. A GitRepo targets a whole tier, so the bundle deploys only
 * to its own cluster (first target customization) and not to the others
 * (doNotDeploy). The rollout partitions follow the fleet's waves, canary
 * first, each with an explicit maxUnavailable.
 */
export function fleetYaml(site: ResolvedSite, waves: readonly string[]): string {
  return toYaml({
    defaultNamespace: site.settings.namespaces.apps,
    kustomize: { dir: '.' },
    targetCustomizations: [
      { name: 'this-site', clusterSelector: { matchLabels: { [SITE_LABEL]: site.cluster } } },
      { name: 'other-sites', clusterSelector: { matchExpressions: [{ key: SITE_LABEL, operator: 'NotIn', values: [site.cluster] }] }, doNotDeploy: true },
    ],
    rolloutStrategy: {
      maxUnavailable: WAVE_MAX_UNAVAILABLE,
      maxUnavailablePartitions: 0,
      partitions: waves.map((wave, i) => ({
        name: wave,
        clusterSelector: { matchLabels: { [WAVE_LABEL]: wave } },
        maxUnavailable: i === 0 ? CANARY_MAX_UNAVAILABLE : WAVE_MAX_UNAVAILABLE,
      })),
    },
  });
}
