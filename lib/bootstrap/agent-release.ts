import type { ResolvedSite } from '../model/resolved-site';
import { fleetClusterLabels } from '../layout/fleet-labels';
import { FLEET_NAMESPACE } from '../layout/fleet-manager';
import { fluxClusterPath } from '../layout/flux-sync';
import { connectivityProfile } from '../model/connectivity-profile';
import { toYaml } from '../util/yaml';

/** A Helm release to install on one site, as plain data; secret values are Terraform variable names only. */
export interface AgentRelease {
  /** Resource id within the stack (unique per site). */
  readonly id: string;
  /** Helm release name. */
  readonly name: string;
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  /** Non-secret values, written as one YAML document. */
  readonly values: Record<string, unknown>;
  /** Values that differ per installation but are no secret (Helm `set`): Helm value path to the Terraform variable that holds it. @default {} */
  readonly variables?: Readonly<Record<string, string>>;
  /** Secret values (Helm `set_sensitive`): Helm value path to the Terraform variable that holds it. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Id of a release of the same site that must be installed first. @default none */
  readonly dependsOn?: string;
}

/**
 * Flux controllers and the first sync, from the Flux community charts
 * (fluxcd-community/helm-charts, https://fluxcd-community.github.io/helm-charts):
 * `flux2` 2.18.3 (Flux 2.8.5) installs the controllers, each switched by
 * `<controller>.create` (charts/flux2/values.yaml); `flux2-sync` 1.14.5 writes a
 * GitRepository and a Kustomization named after the release
 * (charts/flux2-sync/templates/flux-gitrepository.yaml).
 */
export const FLUX_CHARTS = { repository: 'https://fluxcd-community.github.io/helm-charts', flux2: '2.18.3', sync: '1.14.5' } as const;

/**
 * Rancher Fleet's agent chart (rancher/fleet charts/fleet-agent, published at
 * https://rancher.github.io/fleet-helm-charts/): `apiServerURL`, `apiServerCA`,
 * `token`, `clientID`, `clusterNamespace` and `labels`, which are set on the
 * Cluster at registration only (charts/fleet-agent/values.yaml).
 */
export const FLEET_AGENT_CHART = {
  repository: 'https://rancher.github.io/fleet-helm-charts/',
  chart: 'fleet-agent',
  version: '0.12.13',
  namespace: 'cattle-fleet-system',
} as const;

/** Terraform variables the releases read; the sensitive ones are never given a value in the JSON. */
export const BOOTSTRAP_VARIABLES = {
  gitIdentity: {
    name: 'git_identity',
    description: 'Flux: SSH private key (or HTTPS password) of the Git credentials Secret',
    sensitive: true,
  },
  gitKnownHosts: { name: 'git_known_hosts', description: 'Flux: known_hosts line of the Git server', sensitive: false },
  sopsAgeKey: { name: 'sops_age_key', description: 'Flux: SOPS age private key every Kustomization decrypts with', sensitive: true },
  fleetApiServerUrl: { name: 'fleet_api_server_url', description: 'Fleet: URL of the Fleet manager cluster API server', sensitive: false },
  fleetApiServerCa: {
    name: 'fleet_api_server_ca',
    description: 'Fleet: PEM CA of that API server ("" for a well-known CA)',
    sensitive: false,
  },
  fleetToken: { name: 'fleet_registration_token', description: 'Fleet: token of a ClusterRegistrationToken', sensitive: true },
} as const;

/** A Terraform interpolation of a variable, for values that are not secret but differ per installation. */
export function variableRef(name: string): string {
  return `\${var.${name}}`;
}

/** The Flux sync objects' name: the tree's flux-system/gotk-sync.yaml takes them over (flux bootstrap names them so). */
const FLUX_SYNC_RELEASE = 'flux-system';

/** Value keys of the flux2 chart, by Flux component. */
const FLUX_CHART_KEYS = {
  'source-controller': 'sourceController',
  'kustomize-controller': 'kustomizeController',
  'helm-controller': 'helmController',
  'notification-controller': 'notificationController',
} as const;

function fluxReleases(site: ResolvedSite): AgentRelease[] {
  const { gitops, gitopsAgent, connectivity } = site.settings;
  const components = new Set(gitopsAgent.fluxComponents);
  const timing = connectivityProfile(connectivity).fluxTiming;
  const controllers = Object.fromEntries(
    Object.entries(FLUX_CHART_KEYS).map(([component, key]) => [key, { create: components.has(component as keyof typeof FLUX_CHART_KEYS) }]),
  );
  const ssh = gitops.repoUrl.startsWith('ssh://');
  return [
    {
      id: `${site.cluster}-flux2`,
      name: 'flux2',
      repository: FLUX_CHARTS.repository,
      chart: 'flux2',
      version: FLUX_CHARTS.flux2,
      namespace: 'flux-system',
      // Image automation is never part of an edgefleet tree; the age key Secret comes with the controllers so it exists before the first sync.
      values: {
        ...controllers,
        imageAutomationController: { create: false },
        imageReflectionController: { create: false },
        kustomizeController: { create: true, secret: { create: true, name: gitops.decryptionSecretName } },
      },
      secrets: { 'kustomizeController.secret.data.age\\.agekey': BOOTSTRAP_VARIABLES.sopsAgeKey.name },
    },
    {
      id: `${site.cluster}-flux-sync`,
      name: FLUX_SYNC_RELEASE,
      repository: FLUX_CHARTS.repository,
      chart: 'flux2-sync',
      version: FLUX_CHARTS.sync,
      namespace: 'flux-system',
      values: {
        // The chart names the credentials Secret after the release: gitops.secretName must be "flux-system" (checked by the caller).
        secret: { create: true },
        gitRepository: { spec: { url: gitops.repoUrl, ref: { branch: gitops.branch }, interval: timing.fetchInterval } },
        kustomization: {
          spec: {
            path: fluxClusterPath(site),
            prune: true,
            interval: timing.interval,
            retryInterval: timing.retryInterval,
            timeout: timing.timeout,
            decryption: { provider: 'sops', secretRef: { name: gitops.decryptionSecretName } },
          },
        },
      },
      variables: ssh ? { 'secret.data.known_hosts': BOOTSTRAP_VARIABLES.gitKnownHosts.name } : {},
      secrets: { [ssh ? 'secret.data.identity' : 'secret.data.password']: BOOTSTRAP_VARIABLES.gitIdentity.name },
      dependsOn: `${site.cluster}-flux2`,
    },
  ];
}

function fleetRelease(site: ResolvedSite): AgentRelease {
  return {
    id: `${site.cluster}-fleet-agent`,
    name: 'fleet-agent',
    repository: FLEET_AGENT_CHART.repository,
    chart: FLEET_AGENT_CHART.chart,
    version: FLEET_AGENT_CHART.version,
    namespace: FLEET_AGENT_CHART.namespace,
    values: {
      clientID: site.cluster,
      clusterNamespace: FLEET_NAMESPACE,
      labels: fleetClusterLabels(site),
    },
    // Through `set`, not the values YAML: a PEM spans lines.
    variables: { apiServerURL: BOOTSTRAP_VARIABLES.fleetApiServerUrl.name, apiServerCA: BOOTSTRAP_VARIABLES.fleetApiServerCa.name },
    secrets: { token: BOOTSTRAP_VARIABLES.fleetToken.name },
  };
}

/** The Helm releases that install the site's GitOps agent. */
export function agentReleases(site: ResolvedSite): AgentRelease[] {
  return site.settings.gitops.engine === 'flux' ? fluxReleases(site) : [fleetRelease(site)];
}

/** YAML of a release's non-secret values. */
export function releaseValuesYaml(release: AgentRelease): string {
  return toYaml(release.values);
}
