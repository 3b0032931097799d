import { checkCapacity } from '../checks/capacity';
import { checkNetworkPolicies } from '../checks/network-policy';
import { checkPolicy } from '../checks/policy';
import { checkPullSecrets } from '../checks/pull-secrets';
import { checkSecretFiles } from '../checks/secrets';
import { checkStorage } from '../checks/storage';
import { ClusterLayout, layoutCluster } from '../layout/cluster-layout';
import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';
import { clusterUnits } from '../render/cluster-units';
import type { RenderContext } from '../render/render-context';
import type { RenderedUnit } from '../render/render-unit';
import type { UnitRenderer } from '../render/unit-renderer';
import { errorSummary, userFrameOf } from '../model/user-error';

/** A render hook that threw, as the problem of its app on this site, naming the hook's file and line. */
function hookProblem(site: ResolvedSite, app: string, error: unknown): Problem {
  const where = userFrameOf(error);
  return {
    path: site.apps.find((a) => a.name === app)?.path ?? site.path,
    site: site.cluster,
    field: 'renderHook',
    message: `the render hook of app ${app} threw${where ? ` at ${where}` : ''}: ${errorSummary(error)}`,
    hint: 'fix the hook: it runs once per cluster, with a cdk8s chart and the resolved site as arguments',
  };
}

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
  const problems: Problem[] = [...checkSecretFiles(site), ...checkPullSecrets(site)];
  const units: RenderedUnit[] = [];
  for (const spec of clusterUnits(site, context)) {
    try {
      units.push(renderer.render(spec));
    } catch (error) {
      if (spec.hookOf === undefined) throw error;
      problems.push(hookProblem(site, spec.hookOf, error));
    }
  }
  for (const u of units) {
    const key = `${u.name}/${u.hash}`;
    if (u.placement === 'shared' && checked.has(key)) continue;
    checked.add(key);
    problems.push(...checkPolicy(site, u));
  }
  problems.push(...checkCapacity(site, units), ...checkStorage(site, units));
  problems.push(
    ...checkNetworkPolicies(
      site,
      units.flatMap((u) => u.objects),
    ),
  );
  return { layout: layoutCluster(site, units), problems };
}
