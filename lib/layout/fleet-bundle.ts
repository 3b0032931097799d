import type { ResolvedSite } from '../model/resolved-site';
import { toYaml } from '../util/yaml';
import { FLEET_CLUSTER_LABELS } from '../model/label-keys';

/**
 * fleet.yaml of a cluster's bundle. The bundle directory is the cluster's
 * own directory. A GitRepo targets a whole tier, so the bundle deploys only
 * to its own cluster (first target customization) and not to the others
 * (doNotDeploy).
 *
 * Waves are ordered by the wave refs the GitRepos follow (see
 * fleetGitRepos), not here: Fleet reads `rolloutStrategy` per bundle
 * (rancher/fleet internal/cmd/controller/target/rollout.go, getRollout takes
 * `Bundle.Spec.RolloutStrategy`, which fleet.yaml sets) and partitions only
 * that bundle's targets, so partitions in a one-cluster bundle order nothing.
 * `maxUnavailable` is what Fleet applies to those targets; an integer is
 * taken as is, so 0 would mean a healthy cluster is never updated (limit()
 * in the same package, "zero should be zero" in its tests), while a
 * percentage rounds down to at least 1. It is always written.
 */
export function fleetYaml(site: ResolvedSite): string {
  return toYaml({
    defaultNamespace: site.settings.namespaces.apps,
    kustomize: { dir: '.' },
    targetCustomizations: [
      { name: 'this-site', clusterSelector: { matchLabels: { [FLEET_CLUSTER_LABELS.site]: site.cluster } } },
      {
        name: 'other-sites',
        clusterSelector: { matchExpressions: [{ key: FLEET_CLUSTER_LABELS.site, operator: 'NotIn', values: [site.cluster] }] },
        doNotDeploy: true,
      },
    ],
    rolloutStrategy: { maxUnavailable: site.settings.rollout.maxUnavailable },
  });
}
