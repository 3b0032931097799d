import type { ResolvedSite } from '../model/resolved-site';
import type { KubeObject } from '../util/kube-object';
import { toYaml, toYamlStream } from '../util/yaml';
import { fleetYaml } from './fleet-bundle';
import { FLEET_CLUSTER_LABELS } from '../model/label-keys';
import { fleetClusterLabels, outerTier } from './fleet-labels';
import { waveRef } from './wave-ref';
import { clusterDir } from './tree-paths';

/** Directory of the objects to apply on the Fleet manager, relative to the output root. */
export const FLEET_MANAGER_DIR = 'fleet-manager';

/** Namespace of downstream clusters' GitRepos on a Rancher-managed Fleet. */
export const FLEET_NAMESPACE = 'fleet-default';

/**
 * One GitRepo per outermost tier and wave (split further when sites follow
 * different repositories or credentials), named `<fleet>-<tier>-<wave>`: it
 * follows the wave's ref, so its bundles change only when `edgefleet
 * promote` moves that ref; its paths are the bundles of the tier's clusters
 * in that wave, its target the tier label.
 *
 * `clientSecretName` is the site's `gitops.fleetSecretName`, never Flux's
 * Secret: Fleet's gitjob reads credentials only from a
 * `kubernetes.io/basic-auth` or `kubernetes.io/ssh-auth` Secret (rancher/fleet
 * pkg/apis/fleet.cattle.io/v1alpha1/gitrepo_types.go ClientSecretName, and
 * internal/cmd/controller/gitops/reconciler/gitjob.go, which falls back to
 * the Secret "gitcredential" when none is named and fails when a named one
 * is missing).
 */
export function fleetGitRepos(fleetName: string, sites: readonly ResolvedSite[]): KubeObject[] {
  const groups = new Map<string, ResolvedSite[]>();
  for (const site of sites) {
    const { repoUrl, fleetSecretName } = site.settings.gitops;
    const key = JSON.stringify([outerTier(site), site.settings.wave, waveRef(site), repoUrl, fleetSecretName ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), site]);
  }
  const perName = new Map<string, number>();
  return [...groups.keys()].sort().map((key) => {
    const members = groups.get(key)!;
    const tier = outerTier(members[0]);
    const name = `${fleetName}-${tier}-${members[0].settings.wave}`;
    const index = (perName.get(name) ?? 0) + 1;
    perName.set(name, index);
    const { repoUrl, fleetSecretName, pathPrefix } = members[0].settings.gitops;
    return {
      apiVersion: 'fleet.cattle.io/v1alpha1',
      kind: 'GitRepo',
      metadata: { name: `${name}${index > 1 ? `-${index}` : ''}`, namespace: FLEET_NAMESPACE },
      spec: {
        repo: repoUrl,
        branch: waveRef(members[0]),
        ...(fleetSecretName ? { clientSecretName: fleetSecretName } : {}),
        paths: members.map((s) => `${pathPrefix ? `${pathPrefix}/` : ''}${clusterDir(s.cluster)}`),
        targets: [{ name: tier, clusterSelector: { matchLabels: { [FLEET_CLUSTER_LABELS.tier]: tier } } }],
      },
    };
  });
}

/**
 * Files for the Fleet manager: the GitRepos (a kustomization to apply) and
 * the labels each registered Fleet cluster must carry, by cluster name.
 */
export function fleetManagerFiles(fleetName: string, sites: readonly ResolvedSite[]): Map<string, string> {
  const fleetSites = sites.filter((s) => s.settings.gitops.engine === 'fleet');
  if (fleetSites.length === 0) return new Map();
  const labels = Object.fromEntries(fleetSites.map((s) => [s.cluster, fleetClusterLabels(s)]));
  return new Map([
    [
      `${FLEET_MANAGER_DIR}/kustomization.yaml`,
      toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['gitrepos.yaml'] }),
    ],
    [`${FLEET_MANAGER_DIR}/gitrepos.yaml`, toYamlStream(fleetGitRepos(fleetName, fleetSites))],
    [`${FLEET_MANAGER_DIR}/cluster-labels.yaml`, toYaml({ clusters: labels })],
  ]);
}

/**
 * Every Fleet-mode file written fleet-wide: each Fleet cluster's fleet.yaml
 * and the Fleet manager's files. Cheap, so computed on every synth, cached
 * clusters included.
 */
export function fleetTreeFiles(fleetName: string, sites: readonly ResolvedSite[]): Map<string, string> {
  const files = fleetManagerFiles(fleetName, sites);
  for (const site of sites) {
    if (site.settings.gitops.engine === 'fleet') files.set(`${clusterDir(site.cluster)}/fleet.yaml`, fleetYaml(site));
  }
  return files;
}
