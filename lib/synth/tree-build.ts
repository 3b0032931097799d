import { checkUpgrade } from '../checks/upgrade-safety';
import { fleetTreeFiles } from '../layout/fleet-manager';
import { hubRequirementFiles } from '../layout/hub-requirements';
import { ROLLOUT_RECORD_PATH, rolloutRecord, serializeRolloutRecord } from '../layout/rollout-record';
import type { Fleet } from '../model/fleet';
import { FleetValidationError, Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';
import type { RenderContext } from '../render/render-context';
import { BOOKKEEPING_GITIGNORE, BOOKKEEPING_GITIGNORE_PATH } from '../output/bookkeeping';
import type { ClusterResult } from './cluster-job';
import type { ClusterRecord, Manifest } from '../output/manifest';
import { dedupeProblems } from './plan-problems';
import { changedObjects, clusterDocumentsReader } from '../output/tree-objects';
import { PlanOptions, planTree, RenderProgress, TreePlan } from './tree-plan';
import { DesiredTree, fileHash } from '../output/tree-writer';
import { clusterOfPath } from '../layout/tree-paths';

/*
 * Steps 3 to 5 of a synth: the planned clusters rendered, joined with the
 * cached ones, checked and laid out into the tree, in memory.
 */

/** The in-memory result of steps 1 to 5: what the tree should be. */
export interface BuiltTree {
  readonly sites: readonly ResolvedSite[];
  readonly tree: DesiredTree;
  readonly clusters: Record<string, ClusterRecord>;
  readonly rendered: number;
}

/**
 * Adds to `hashes` the files, as the previous manifest lists them, of the
 * clusters kept from the cache: one pass over the manifest, not one lookup
 * per cluster, since at 10,000 clusters a no-op keeps all 50,000 files.
 */
function keepCachedFiles(previous: Manifest, kept: ReadonlySet<string>, hashes: Map<string, string>): void {
  for (const path in previous.files) {
    const cluster = clusterOfPath(path);
    if (cluster !== undefined && kept.has(cluster)) hashes.set(path, previous.files[path]);
  }
}

/**
 * The cluster job with one unit memo for the sites it is given. Its modules
 * (cdk8s, cdk8s-plus-28, the components, the render units and checks) are
 * loaded here, when a first cluster is rendered, not at startup: a no-op
 * synth renders nothing, and loading them took about 130 ms of it (measured).
 */
function clusterJob(context: RenderContext): (site: ResolvedSite) => ClusterResult {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when a cluster is rendered (see above) */
  const { UnitRenderer } = require('../render/unit-renderer') as typeof import('../render/unit-renderer');
  const { runClusterJob } = require('./cluster-job') as typeof import('./cluster-job');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const renderer = new UnitRenderer();
  const checked = new Set<string>();
  return (site) => runClusterJob(site, context, renderer, checked);
}

/** Renders sites on this thread, sharing one unit memo across them; `onRendered` is called after each cluster. */
export function renderHere(context: RenderContext, onRendered?: () => void): (sites: readonly ResolvedSite[]) => [string, ClusterResult][] {
  let job: ((site: ResolvedSite) => ClusterResult) | undefined;
  return (sites) =>
    sites.map((site) => {
      const result = (job ??= clusterJob(context))(site);
      onRendered?.();
      return [site.cluster, result];
    });
}

/** Counts rendered clusters towards `total` for a progress callback (reported first with 0); adds `n` clusters at a time. */
export function progressCounter(total: number, onProgress: RenderProgress | undefined): (n?: number) => void {
  if (!onProgress) return () => undefined;
  let rendered = 0;
  onProgress(0, total);
  return (n = 1) => onProgress((rendered += n), total);
}

/** Steps 3 to 5: the rendered clusters and the cached ones joined into the tree, in site order. Throws FleetValidationError with every problem found. */
export function finishTree(plan: TreePlan, results: ReadonlyMap<string, ClusterResult>): BuiltTree {
  const { previous } = plan;
  const content = new Map<string, string>();
  const hashes = new Map<string, string>();
  const clusters: Record<string, ClusterRecord> = {};
  const problems: Problem[] = [];
  const kept = new Set<string>();
  const keptBases = new Set<string>();
  for (const site of plan.sites) {
    const result = results.get(site.cluster);
    if (!result) {
      const cached = previous!.clusters[site.cluster];
      kept.add(site.cluster);
      for (const base of cached.bases) {
        if (keptBases.has(base)) continue;
        keptBases.add(base);
        for (const file of ['kustomization.yaml', 'resources.yaml']) hashes.set(`${base}/${file}`, previous!.files[`${base}/${file}`]);
      }
      clusters[site.cluster] = cached;
      continue;
    }
    problems.push(...result.problems);
    const { layout } = result;
    for (const files of [layout.files, ...layout.bases.values()]) {
      for (const [path, text] of files) {
        if (content.has(path)) continue;
        content.set(path, text);
        hashes.set(path, fileHash(text));
      }
    }
    clusters[site.cluster] = {
      key: plan.keys.get(site.cluster)!,
      bases: [...layout.bases.keys()].sort(),
      objects: layout.objectCount,
      tier: site.tierPath.join('/'),
    };
  }
  if (kept.size > 0) keepCachedFiles(previous!, kept, hashes);
  // Only rendered clusters can differ from the previous tree; they are compared whichever thread rendered them.
  const nextDocuments = clusterDocumentsReader((path) => content.get(path));
  for (const site of plan.sites) {
    const old = results.has(site.cluster) ? plan.previousDocuments?.(site.cluster) : undefined;
    if (!old) continue;
    const changed = changedObjects(old, nextDocuments(site.cluster) ?? []);
    problems.push(...checkUpgrade(site, changed.previous, changed.next));
  }
  const rollout = rolloutRecord(plan.allSites, plan.waves);
  problems.push(...rollout.problems);
  if (problems.length > 0) throw new FleetValidationError(dedupeProblems(problems));
  const fleetWide = [
    ...fleetTreeFiles(plan.fleetName, plan.allSites),
    ...hubRequirementFiles(plan.allSites),
    [BOOKKEEPING_GITIGNORE_PATH, BOOKKEEPING_GITIGNORE] as const,
    [ROLLOUT_RECORD_PATH, serializeRolloutRecord(rollout.record)] as const,
  ];
  for (const [path, text] of fleetWide) {
    content.set(path, text);
    hashes.set(path, fileHash(text));
  }
  return { sites: plan.sites, tree: { content, hashes }, clusters, rendered: results.size };
}

/**
 * Steps 1 to 5 of the data flow, in memory, on this thread: resolve, render
 * what changed, check, lay out. Throws FleetValidationError with every problem found.
 */
export function buildTree(fleet: Fleet, previous: Manifest | undefined, options: PlanOptions = {}): BuiltTree {
  const plan = planTree(fleet, previous, options);
  return finishTree(plan, renderPlanHere(plan, options.onProgress));
}

/** Renders, on this thread, the clusters a plan must render, reporting progress. */
export function renderPlanHere(plan: TreePlan, onProgress?: RenderProgress): Map<string, ClusterResult> {
  const count = progressCounter(plan.toRender.length, onProgress);
  return new Map(renderHere(plan.context, () => count())(plan.toRender));
}
