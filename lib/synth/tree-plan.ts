import { checkPlacement } from '../checks/placement';
import { EdgeApp, RenderHook } from '../model/edge-app';
import type { Fleet } from '../model/fleet';
import { fleetSourcesDigest } from '../model/fleet-sources';
import type { GitOpsEngine } from '../model/gitops-settings';
import { FleetValidationError } from '../model/problem';
import { resolveFleet } from '../model/resolve';
import type { ResolvedSite } from '../model/resolved-site';
import type { RenderContext } from '../render/render-context';
import { clusterCacheKey } from './cache-key';
import { keepVolumeSize } from './kept-volume-size';
import type { Manifest } from '../output/manifest';
import { dedupeProblems, pathPrefixProblems } from './plan-problems';
import { inShard, Shard } from '../output/shard';
import type { ClusterDocumentsReader } from '../output/tree-objects';
import { clusterDir, clusterOfPath } from '../layout/tree-paths';

/*
 * Steps 1 and 2 of a synth (design.md, data flow): the fleet resolved and
 * checked, and the clusters whose cached output cannot be used.
 */

/** Progress of rendering: clusters rendered so far, of `total` to render. */
export type RenderProgress = (rendered: number, total: number) => void;

/** Render context of a fleet: lock, digest pinning and render hooks. */
export function renderContextOf(fleet: Fleet): RenderContext {
  const hooks = new Map<string, RenderHook>();
  for (const c of fleet.node.findAll()) {
    if (c instanceof EdgeApp && c.renderHook) hooks.set(c.node.id, c.renderHook);
  }
  return {
    imageLock: fleet.resolved?.imageLock,
    pinDigests: fleet.resolved?.pinDigests ?? false,
    hooks,
    sourcesDigest: fleetSourcesDigest(fleet),
  };
}

/** Steps 1 and 2 of a synth: the fleet resolved and checked, and the clusters the cache cannot serve. */
export interface TreePlan {
  readonly fleetName: string;
  readonly waves: readonly string[];
  /** Every site of the fleet, the engine override applied. */
  readonly allSites: readonly ResolvedSite[];
  /** The sites of this synth (of its shard, when sharded). */
  readonly sites: readonly ResolvedSite[];
  readonly context: RenderContext;
  readonly previous: Manifest | undefined;
  /** Cache key by cluster. */
  readonly keys: ReadonlyMap<string, string>;
  /** Sites whose cached output cannot be used, their volume sizes kept from the previous tree (see keepVolumeSize). */
  readonly toRender: readonly ResolvedSite[];
  readonly previousDocuments?: ClusterDocumentsReader;
}

/** Options of planning a tree. */
export interface PlanOptions {
  readonly force?: boolean;
  readonly engine?: GitOpsEngine;
  readonly shard?: Shard;
  /** Owned files that drifted on disk: their clusters are rendered again, so their content can be rewritten. @default none */
  readonly drifted?: ReadonlySet<string>;
  /** YAML documents of each cluster as the clusters run them now: rendered clusters keep their volume sizes and are checked for upgrade safety against them. @default no check */
  readonly previousDocuments?: ClusterDocumentsReader;
  /** With `commit`: where the output directory sits in its repository; every site's `gitops.pathPrefix` must say the same. @default not checked */
  readonly repoPrefix?: string;
  /** Called as clusters are rendered: how many of how many. @default none */
  readonly onProgress?: RenderProgress;
}

/** Clusters (and base directories) holding a drifted file. */
function driftedOwners(drifted: ReadonlySet<string>): { clusters: Set<string>; bases: Set<string> } {
  const clusters = new Set<string>();
  const bases = new Set<string>();
  for (const path of drifted) {
    const cluster = clusterOfPath(path);
    if (cluster !== undefined) clusters.add(cluster);
    else if (path.startsWith('bases/')) bases.add(path.split('/').slice(0, 3).join('/'));
  }
  return { clusters, bases };
}

/** Resolves and checks the fleet and finds the clusters to render. Throws FleetValidationError with every problem found. */
export function planTree(fleet: Fleet, previous: Manifest | undefined, options: PlanOptions = {}): TreePlan {
  const resolved = resolveFleet(fleet);
  // A setting of the fleet or a tier that is wrong is wrong on every site below it: one problem, not one per site.
  const unplaceable = dedupeProblems([
    ...resolved.problems,
    ...checkPlacement(resolved, { requireLockedImages: fleet.resolved?.requireLockedImages }),
    ...pathPrefixProblems(resolved.sites, options.repoPrefix),
  ]);
  if (unplaceable.length > 0) throw new FleetValidationError(unplaceable);
  const { engine, shard } = options;
  const allSites = engine
    ? resolved.sites.map((s) => ({ ...s, settings: { ...s.settings, gitops: { ...s.settings.gitops, engine } } }))
    : resolved.sites;
  const sites = shard ? allSites.filter((s) => inShard(s.cluster, shard)) : allSites;
  const context = renderContextOf(fleet);
  const keys = new Map<string, string>();
  const toRender: ResolvedSite[] = [];
  const drift = driftedOwners(options.drifted ?? new Set());
  for (const site of sites) {
    const key = clusterCacheKey(site, context);
    keys.set(site.cluster, key);
    const cached = previous?.clusters[site.cluster];
    const complete =
      cached?.key === key &&
      previous!.files[`${clusterDir(site.cluster)}/kustomization.yaml`] &&
      cached.bases.every((b) => previous!.files[`${b}/resources.yaml`]);
    const drifted = drift.clusters.has(site.cluster) || cached?.bases.some((b) => drift.bases.has(b));
    if (options.force || !complete || drifted) toRender.push(site);
  }
  const { previousDocuments } = options;
  const kept = toRender.map((site) => {
    const old = previousDocuments?.(site.cluster);
    return old ? keepVolumeSize(site, old) : site;
  });
  return { fleetName: resolved.name, waves: resolved.waves, allSites, sites, context, previous, keys, toRender: kept, previousDocuments };
}
