import { existsSync, readdirSync } from 'node:fs';
import { checkPlacement } from '../checks/placement';
import { checkUpgrade } from '../checks/upgrade-safety';
import { fleetTreeFiles } from '../layout/fleet-manager';
import { isSeedFile } from '../layout/flux-system';
import { hubRequirementFiles } from '../layout/hub-requirements';
import { ROLLOUT_RECORD_PATH, rolloutRecord, serializeRolloutRecord } from '../layout/rollout-record';
import { EdgeApp, RenderHook } from '../model/edge-app';
import type { Fleet } from '../model/fleet';
import { fleetSourcesDigest } from '../model/fleet-sources';
import { FleetValidationError, Problem } from '../model/problem';
import { resolveFleet } from '../model/resolve';
import type { ResolvedSite } from '../model/resolved-site';
import type { GitOpsEngine } from '../model/gitops-settings';
import type { RenderContext } from '../render/render-context';
import { UnitRenderer } from '../render/unit-renderer';
import { EDGEFLEET_VERSION } from '../render/version';
import { clusterCacheKey } from './cache-key';
import { ClusterResult, runClusterJob } from './cluster-job';
import { commitMessage } from './commit-message';
import { BOOKKEEPING_GITIGNORE, BOOKKEEPING_GITIGNORE_PATH } from './bookkeeping';
import { DriftScan, saveStamps, scanDrift } from './drift';
import { beforeOp } from './fs-ops';
import { assertCleanPaths, commitPaths, gitPrefix } from './git-commit';
import { clearJournal, JournalCommit, recoverJournal, Recovery } from './journal';
import { ClusterRecord, Manifest, MANIFEST_PATH, readManifest } from './manifest';
import { withOutputLock } from './output-lock';
import { keepVolumeSize } from './kept-volume-size';
import { inShard, Shard } from './shard';
import { TreeWriteError } from './tree-write-error';
import { changedObjects, ClusterDocumentsReader, clusterDocumentsReader, previousClusterDocuments } from './tree-objects';
import { dedupeProblems, pathPrefixProblems } from './plan-problems';
import { DesiredTree, fileHash, writeTree, WriteStats, WriteTreeOptions } from './tree-writer';
import { updateWaveRefs } from './wave-refs';

/** Options of a synth. */
export interface SynthOptions {
  /** Output directory. */
  readonly outDir: string;
  /** Write into a non-empty directory that has no edgefleet manifest. @default false */
  readonly allowNonEmpty?: boolean;
  /** Re-render every cluster, ignoring cached results. @default false */
  readonly force?: boolean;
  /** GitOps engine for every site, overriding `gitops.engine` of the fleet definition. @default each site's `gitops.engine` */
  readonly engine?: GitOpsEngine;
  /**
   * Commit the written files into the Git work tree holding `outDir` (implies
   * allowNonEmpty). Refused when files edgefleet owns have uncommitted
   * changes; no commit when nothing changed. @default false
   */
  readonly commit?: boolean;
  /** Render only this shard of the clusters, writing a partial tree that `mergeShards` joins. @default all clusters */
  readonly shard?: Shard;
  /**
   * fsync what is written, so a power cut cannot leave renamed files empty.
   * Turn it off only for throwaway trees (e.g. a pull-request preview). @default true
   */
  readonly durable?: boolean;
  /** The time recorded as when new wave refs reached their commit (`commit`). @default now */
  readonly now?: Date;
  /**
   * Check upgrade safety against the tree edgefleet wrote in this directory
   * instead of the one in `outDir` (e.g. the tree the clusters run, when
   * `outDir` is a fresh preview). Every cluster is then rendered and
   * compared. @default outDir
   */
  readonly against?: string;
  /** Called as clusters are rendered, on whichever thread they render: how many of how many (first with 0). @default none */
  readonly onProgress?: RenderProgress;
}

/** Progress of rendering: clusters rendered so far, of `total` to render. */
export type RenderProgress = (rendered: number, total: number) => void;

/** What a synth did; the CLI prints it as its summary line. */
export interface SynthSummary {
  readonly clusters: number;
  readonly objects: number;
  /** Clusters rendered (the rest came from the cache). */
  readonly rendered: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Owned files found edited or missing on disk and rewritten (drift repair). */
  readonly repaired: number;
  /** What this synth first did with a write an earlier synth left unfinished. */
  readonly recovered?: Recovery['action'];
  readonly seconds: number;
  /** Id of the commit made with `commit`; undefined when none was made. */
  readonly commitId?: string;
}

/** The output directory is not one edgefleet may write into as asked. */
export class OutputRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputRefusedError';
  }
}

/** The in-memory result of steps 1 to 5: what the tree should be. */
export interface BuiltTree {
  readonly sites: readonly ResolvedSite[];
  readonly tree: DesiredTree;
  readonly clusters: Record<string, ClusterRecord>;
  readonly rendered: number;
}

/** Render context of a fleet: lock, digest pinning and render hooks. */
export function renderContextOf(fleet: Fleet): RenderContext {
  const hooks = new Map<string, RenderHook>();
  for (const c of fleet.node.findAll()) {
    if (c instanceof EdgeApp && c.renderHook) hooks.set(c.node.id, c.renderHook);
  }
  return { imageLock: fleet.spec?.imageLock, pinDigests: fleet.spec?.pinDigests ?? false, hooks, sourcesDigest: fleetSourcesDigest(fleet) };
}

/** What a synth found in its output directory before planning. */
export interface OpenedOutput {
  readonly previous: Manifest | undefined;
  /** Owned files that drifted from the manifest, and the stat cache. */
  readonly drift: DriftScan | undefined;
  readonly recovered?: Recovery['action'];
  /** YAML documents of each cluster of the tree the upgrade check compares with (`against`, or the previous tree). */
  readonly previousDocuments?: ClusterDocumentsReader;
  /** With `commit`: the output directory's path in its repository, as `git rev-parse --show-prefix` prints it. */
  readonly repoPrefix?: string;
}

/** Files of the previous manifest grouped by cluster directory. */
function filesByCluster(previous: Manifest | undefined): Map<string, [string, string][]> {
  const byCluster = new Map<string, [string, string][]>();
  for (const [path, hash] of Object.entries(previous?.files ?? {})) {
    if (!path.startsWith('clusters/')) continue;
    const cluster = path.slice(9, path.indexOf('/', 9));
    const list = byCluster.get(cluster) ?? [];
    list.push([path, hash]);
    byCluster.set(cluster, list);
  }
  return byCluster;
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
    const parts = path.split('/');
    if (parts[0] === 'clusters') clusters.add(parts[1]);
    else if (parts[0] === 'bases') bases.add(parts.slice(0, 3).join('/'));
  }
  return { clusters, bases };
}

/** Resolves and checks the fleet and finds the clusters to render. Throws FleetValidationError with every problem found. */
export function planTree(fleet: Fleet, previous: Manifest | undefined, options: PlanOptions = {}): TreePlan {
  const resolved = resolveFleet(fleet);
  // A setting of the fleet or a tier that is wrong is wrong on every site below it: one problem, not one per site.
  const unplaceable = dedupeProblems([
    ...resolved.problems,
    ...checkPlacement(resolved, { requireLockedImages: fleet.spec?.requireLockedImages }),
    ...pathPrefixProblems(resolved.sites, options.repoPrefix),
  ]);
  if (unplaceable.length > 0) throw new FleetValidationError(unplaceable);
  const { engine, shard } = options;
  const allSites = engine ? resolved.sites.map((s) => ({ ...s, settings: { ...s.settings, gitops: { ...s.settings.gitops, engine } } })) : resolved.sites;
  const sites = shard ? allSites.filter((s) => inShard(s.cluster, shard)) : allSites;
  const context = renderContextOf(fleet);
  const keys = new Map<string, string>();
  const toRender: ResolvedSite[] = [];
  const drift = driftedOwners(options.drifted ?? new Set());
  for (const site of sites) {
    const key = clusterCacheKey(site, context);
    keys.set(site.cluster, key);
    const cached = previous?.clusters[site.cluster];
    const complete = cached?.key === key && previous!.files[`clusters/${site.cluster}/kustomization.yaml`] && cached.bases.every((b) => previous!.files[`${b}/resources.yaml`]);
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

/** Renders sites on this thread, sharing one unit memo across them; `onRendered` is called after each cluster. */
export function renderHere(context: RenderContext, onRendered?: () => void): (sites: readonly ResolvedSite[]) => [string, ClusterResult][] {
  const renderer = new UnitRenderer();
  const checked = new Set<string>();
  return (sites) =>
    sites.map((site) => {
      const result = runClusterJob(site, context, renderer, checked);
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
  const previousFiles = filesByCluster(previous);
  const content = new Map<string, string>();
  const hashes = new Map<string, string>();
  const clusters: Record<string, ClusterRecord> = {};
  const problems: Problem[] = [];
  for (const site of plan.sites) {
    const result = results.get(site.cluster);
    if (!result) {
      const cached = previous!.clusters[site.cluster];
      for (const [path, hash] of previousFiles.get(site.cluster) ?? []) hashes.set(path, hash);
      for (const base of cached.bases) {
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
    clusters[site.cluster] = { key: plan.keys.get(site.cluster)!, bases: [...layout.bases.keys()].sort(), objects: layout.objectCount, tier: site.tierPath.join('/') };
  }
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

function assertWritable(outDir: string, previous: Manifest | undefined, allowNonEmpty: boolean): void {
  if (previous || allowNonEmpty || !existsSync(outDir)) return;
  // `.edgefleet/` alone holds this synth's own lock.
  const entries = readdirSync(outDir).filter((name) => name !== '.edgefleet');
  if (entries.length > 0) {
    throw new OutputRefusedError(
      `${outDir} is not empty and has no ${MANIFEST_PATH}: edgefleet did not write it. Pass --allow-nonempty to write into it anyway (files edgefleet does not own are never changed).`,
    );
  }
}

/**
 * Synthesizes a fleet into `outDir`, rendering on this thread, holding the
 * directory's lock (OutputLockedError when another run holds it). On an
 * error the previous tree is left as it was, or, past the point of no
 * return, as the next synth completes it (see TreeWriteError).
 */
export function synth(fleet: Fleet, options: SynthOptions): SynthSummary {
  const started = process.hrtime.bigint();
  return withOutputLock(options.outDir, () => {
    const opened = openOutput(options);
    return writeOutput(options, opened, buildTree(fleet, opened.previous, planOptions(options, opened)), started);
  });
}

/** How a synth with these options plans its tree in the opened output directory. */
export function planOptions(options: SynthOptions, opened: OpenedOutput): PlanOptions {
  return {
    ...options,
    force: options.force || options.against !== undefined,
    drifted: opened.drift?.drifted,
    previousDocuments: opened.previousDocuments,
    repoPrefix: opened.repoPrefix,
  };
}

/** The tree the upgrade check compares with: `against`, or the previous tree; none when there is none. */
function previousDocumentsOf(options: SynthOptions, previous: Manifest | undefined): ClusterDocumentsReader | undefined {
  if (options.against === undefined) return previous && previousClusterDocuments(options.outDir, previous);
  const manifest = readManifest(options.against);
  if (!manifest) throw new OutputRefusedError(`--against ${options.against} has no ${MANIFEST_PATH}: it is not a tree edgefleet wrote`);
  return previousClusterDocuments(options.against, manifest);
}

/**
 * Opens the output directory (its lock must be held): finishes or undoes
 * the write of an interrupted synth first, then reads the manifest, checks
 * that the output may be written as asked and finds drifted files.
 */
export function openOutput(options: SynthOptions): OpenedOutput {
  let recovery: Recovery | undefined;
  try {
    recovery = recoverJournal(options.outDir);
    if (recovery?.commit) makeCommit(options.outDir, recovery.commit, options.now);
    if (recovery) clearJournal(options.outDir);
  } catch (error) {
    throw new TreeWriteError('incomplete', `finishing the write of an interrupted synth failed: ${(error as Error).message}`, error);
  }
  const previous = readManifest(options.outDir);
  const repoPrefix = options.commit ? gitPrefix(options.outDir) : undefined;
  if (options.commit) {
    assertCleanPaths(options.outDir, [MANIFEST_PATH, ...Object.keys(previous?.files ?? {})]);
  }
  assertWritable(options.outDir, previous, (options.allowNonEmpty || options.commit) ?? false);
  return {
    previous,
    drift: previous ? scanDrift(options.outDir, previous, isSeedFile) : undefined,
    recovered: recovery?.action,
    previousDocuments: previousDocumentsOf(options, previous),
    repoPrefix,
  };
}

/**
 * Writes a tree into an opened output directory: seed files and drifted
 * files handled, and the stat cache of the drift scan saved.
 */
export function writeOpenedTree(outDir: string, opened: OpenedOutput, tree: DesiredTree, next: Omit<Manifest, 'files'>, options: WriteTreeOptions = {}): WriteStats {
  const { drift } = opened;
  const stats = writeTree(outDir, tree, opened.previous, next, { ...options, isSeed: isSeedFile, drifted: drift?.drifted });
  if (stats.written > 0 || stats.removed > 0 || (drift?.hashed ?? 0) > 0) {
    saveStamps(outDir, new Map([...(drift?.stamps ?? []), ...stats.stamps].filter(([path]) => tree.hashes.has(path))));
  }
  return stats;
}

/** Commits the synth's files, then creates and repoints wave refs as that commit needs (see updateWaveRefs). */
function makeCommit(outDir: string, commit: JournalCommit, now = new Date()): string | undefined {
  beforeOp('commit', outDir);
  const id = commitPaths(outDir, commit.written, commit.removed, commit.message);
  if (id) updateWaveRefs(outDir, id, now);
  return id;
}

/** Step 6: writes the built tree (and commits it when asked); the summary of the synth started at `started`. */
export function writeOutput(options: SynthOptions, opened: OpenedOutput, built: BuiltTree, started: bigint): SynthSummary {
  const { previous } = opened;
  const next = { edgefleet: EDGEFLEET_VERSION, shard: options.shard, clusters: built.clusters };
  const commit: JournalCommit | undefined = options.commit
    ? {
        message: commitMessage(previous, { ...next, files: Object.fromEntries(built.tree.hashes) }),
        written: [MANIFEST_PATH, ...built.tree.hashes.keys()],
        removed: Object.keys(previous?.files ?? {}).filter((p) => !built.tree.hashes.has(p)),
      }
    : undefined;
  let commitId: string | undefined;
  const stats = writeOpenedTree(options.outDir, opened, built.tree, next, {
    durable: options.durable,
    commit,
    makeCommit: (c) => (commitId = makeCommit(options.outDir, c, options.now)),
  });
  return {
    commitId,
    recovered: opened.recovered,
    clusters: built.sites.length,
    objects: Object.values(built.clusters).reduce((n, c) => n + c.objects, 0),
    rendered: built.rendered,
    written: stats.written,
    unchanged: stats.unchanged,
    removed: stats.removed,
    repaired: stats.repaired,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
