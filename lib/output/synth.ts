import { existsSync, readdirSync } from 'node:fs';
import { checkPlacement } from '../checks/placement';
import { fleetTreeFiles } from '../layout/fleet-manager';
import { EdgeApp, RenderHook } from '../model/edge-app';
import type { Fleet } from '../model/fleet';
import { FleetValidationError, Problem } from '../model/problem';
import { resolveFleet } from '../model/resolve';
import type { ResolvedSite } from '../model/resolved-site';
import type { GitOpsEngine } from '../model/settings';
import type { RenderContext } from '../render/cluster-units';
import { UnitRenderer } from '../render/unit-renderer';
import { EDGEFLEET_VERSION } from '../render/version';
import { clusterCacheKey } from './cache-key';
import { ClusterResult, runClusterJob } from './cluster-job';
import { commitMessage } from './commit-message';
import { assertCleanPaths, commitPaths, gitPrefix } from './git-commit';
import { ClusterRecord, Manifest, MANIFEST_PATH, readManifest } from './manifest';
import { DesiredTree, fileHash, writeTree } from './tree-writer';

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
}

/** What a synth did; the CLI prints it as its summary line. */
export interface SynthSummary {
  readonly clusters: number;
  readonly objects: number;
  /** Clusters rendered (the rest came from the cache). */
  readonly rendered: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
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
  return { imageLock: fleet.spec?.imageLock, pinDigests: fleet.spec?.pinDigests ?? false, hooks };
}

/** Same problem from a shared unit on many sites: report it once, naming the first site and a count. */
function dedupeProblems(problems: readonly Problem[]): Problem[] {
  const byKey = new Map<string, { problem: Problem; more: number }>();
  for (const p of problems) {
    const key = `${p.field}\0${p.message}`;
    const seen = byKey.get(key);
    if (seen) seen.more++;
    else byKey.set(key, { problem: p, more: 0 });
  }
  return [...byKey.values()].map(({ problem, more }) => (more === 0 ? problem : { ...problem, message: `${problem.message} (and on ${more} more site${more === 1 ? '' : 's'})` }));
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

/**
 * Steps 1 to 5 of the data flow, in memory: resolve, render what changed,
 * check, lay out. Throws FleetValidationError with every problem found.
 */
export function buildTree(fleet: Fleet, previous: Manifest | undefined, options: { force?: boolean; engine?: GitOpsEngine } = {}): BuiltTree {
  const resolved = resolveFleet(fleet);
  const unplaceable = [...resolved.problems, ...dedupeProblems(checkPlacement(resolved, { requireLockedImages: fleet.spec?.requireLockedImages }))];
  if (unplaceable.length > 0) throw new FleetValidationError(unplaceable);
  const { engine } = options;
  const sites = engine ? resolved.sites.map((s) => ({ ...s, settings: { ...s.settings, gitops: { ...s.settings.gitops, engine } } })) : resolved.sites;
  const context = renderContextOf(fleet);
  const renderer = new UnitRenderer();
  const checked = new Set<string>();
  const previousFiles = filesByCluster(previous);
  const content = new Map<string, string>();
  const hashes = new Map<string, string>();
  const clusters: Record<string, ClusterRecord> = {};
  const problems: Problem[] = [];
  let rendered = 0;
  for (const site of sites) {
    const key = clusterCacheKey(site, context);
    const cached = previous?.clusters[site.cluster];
    const cachedFiles = previousFiles.get(site.cluster);
    if (!options.force && cached?.key === key && cachedFiles && cached.bases.every((b) => previous!.files[`${b}/resources.yaml`])) {
      for (const [path, hash] of cachedFiles) hashes.set(path, hash);
      for (const base of cached.bases) {
        for (const file of ['kustomization.yaml', 'resources.yaml']) hashes.set(`${base}/${file}`, previous!.files[`${base}/${file}`]);
      }
      clusters[site.cluster] = cached;
      continue;
    }
    const result: ClusterResult = runClusterJob(site, context, renderer, checked);
    rendered++;
    problems.push(...result.problems);
    const { layout } = result;
    for (const files of [layout.files, ...layout.bases.values()]) {
      for (const [path, text] of files) {
        if (content.has(path)) continue;
        content.set(path, text);
        hashes.set(path, fileHash(text));
      }
    }
    clusters[site.cluster] = { key, bases: [...layout.bases.keys()].sort(), objects: layout.objectCount, tier: site.tierPath.join('/') };
  }
  if (problems.length > 0) throw new FleetValidationError(dedupeProblems(problems));
  for (const [path, text] of fleetTreeFiles(resolved.name, sites, resolved.waves)) {
    content.set(path, text);
    hashes.set(path, fileHash(text));
  }
  return { sites, tree: { content, hashes }, clusters, rendered };
}

function assertWritable(outDir: string, previous: Manifest | undefined, allowNonEmpty: boolean): void {
  if (previous || allowNonEmpty || !existsSync(outDir)) return;
  const entries = readdirSync(outDir);
  if (entries.length > 0) {
    throw new OutputRefusedError(
      `${outDir} is not empty and has no ${MANIFEST_PATH}: edgefleet did not write it. Pass --allow-nonempty to write into it anyway (files edgefleet does not own are never changed).`,
    );
  }
}

/** Synthesizes a fleet into `outDir`. On any error the previous tree is left as it was. */
export function synth(fleet: Fleet, options: SynthOptions): SynthSummary {
  const started = process.hrtime.bigint();
  const previous = readManifest(options.outDir);
  if (options.commit) {
    gitPrefix(options.outDir);
    assertCleanPaths(options.outDir, [MANIFEST_PATH, ...Object.keys(previous?.files ?? {})]);
  }
  assertWritable(options.outDir, previous, (options.allowNonEmpty || options.commit) ?? false);
  const built = buildTree(fleet, previous, { force: options.force, engine: options.engine });
  const next = { edgefleet: EDGEFLEET_VERSION, clusters: built.clusters };
  const stats = writeTree(options.outDir, built.tree, previous, next);
  const commitId = options.commit
    ? commitPaths(
        options.outDir,
        [MANIFEST_PATH, ...built.tree.hashes.keys()],
        Object.keys(previous?.files ?? {}).filter((p) => !built.tree.hashes.has(p)),
        commitMessage(previous, { ...next, files: Object.fromEntries(built.tree.hashes) }),
      )
    : undefined;
  return {
    commitId,
    clusters: built.sites.length,
    objects: Object.values(built.clusters).reduce((n, c) => n + c.objects, 0),
    rendered: built.rendered,
    ...stats,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
