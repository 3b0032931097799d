import { checkCapacity } from '../checks/capacity';
import { checkNetworkPolicies } from '../checks/network-policy';
import { checkPolicy } from '../checks/policy';
import { checkSecretFiles } from '../checks/secrets';
import { ClusterLayout, layoutCluster } from '../layout/cluster-layout';
import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';
import { clusterUnits, RenderContext } from '../render/cluster-units';
import type { UnitRenderer } from '../render/unit-renderer';

/** The result of rendering, checking and laying out one cluster. */
export interface ClusterResult {
  readonly layout: ClusterLayout;
  readonly problems: readonly Problem[];
}

/**
 * Renders, checks and lays out one cluster: a pure function of the site and
 * the context, so it can run in any worker and be cached by content hash.
 * Shared units are checked once per distinct content (`checked` remembers).
 */
export function runClusterJob(site: ResolvedSite, context: RenderContext, renderer: UnitRenderer, checked: Set<string>): ClusterResult {
  const units = clusterUnits(site, context).map((u) => renderer.render(u));
  const problems: Problem[] = checkSecretFiles(site);
  for (const u of units) {
    const key = `${u.name}/${u.hash}`;
    if (u.placement === 'shared' && checked.has(key)) continue;
    checked.add(key);
    problems.push(...checkPolicy(site, u));
  }
  problems.push(...checkCapacity(site, units));
  problems.push(...checkNetworkPolicies(site, units.flatMap((u) => u.objects)));
  return { layout: layoutCluster(site, units), problems };
}
