import { isSeedFile } from '../layout/flux-system';
import { parse } from 'yaml';
import { changedConfigMaps, ConfigMapGeneratorEntry, configMapOfFile } from '../layout/configmap-generator';
import { serializeManifest } from '../output/manifest';
import type { BuiltTree } from '../synth/tree-build';
import type { TreePlan } from '../synth/tree-plan';
import { anyObjectDocument, clusterDocumentsReader } from '../output/tree-objects';
import { EDGEFLEET_VERSION } from '../util/version';
import { Change, objectChanges } from './object-diff';
import { ClusterPlan, FileChange, FLEET_PLAN_VERSION, FleetPlan, PlanBaseline, TierPlan, WavePlan } from './plan-shape';
import type { TreeSource } from './tree-source';
import { clusterOfPath, pathInCluster } from '../layout/tree-paths';

/** How one file differs; undefined when it does not. A seed file only counts when missing: another tool fills it. */
function fileChange(path: string, previous: string | undefined, next: string | undefined): FileChange | undefined {
  let change: Change;
  if (previous === undefined && next === undefined) return undefined;
  if (next === undefined) change = 'removed';
  else if (previous === undefined) change = 'added';
  else if (previous === next || isSeedFile(path)) return undefined;
  else change = 'changed';
  const inCluster = pathInCluster(path);
  const configMap = inCluster === undefined ? undefined : configMapOfFile(inCluster);
  const configMaps = inCluster === 'kustomization.yaml' ? changedConfigMaps(generatorOf(previous), generatorOf(next)) : [];
  return {
    path,
    change,
    bytes: next === undefined ? 0 : Buffer.byteLength(next),
    ...(configMap ? { configMap } : {}),
    ...(configMaps.length > 0 ? { configMaps } : {}),
  };
}

/** The configMapGenerator entries of a kustomization.yaml's text (none when there is no text). */
function generatorOf(kustomization: string | undefined): readonly ConfigMapGeneratorEntry[] {
  if (kustomization === undefined) return [];
  return (parse(kustomization) as { configMapGenerator?: ConfigMapGeneratorEntry[] } | null)?.configMapGenerator ?? [];
}

/** Cluster (from `clusters/<c>/`) or base directory (`bases/<name>/<hash>`) a path belongs to. */
function ownerOf(path: string): { cluster?: string; base?: string } {
  const cluster = clusterOfPath(path);
  if (cluster !== undefined) return { cluster };
  const parts = path.split('/');
  if (parts[0] === 'bases' && parts.length > 3) return { base: parts.slice(0, 3).join('/') };
  return {};
}

function byPath(a: FileChange, b: FileChange): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * Compares the tree a synth would write (every cluster rendered) with an
 * existing one: files first, then, for each cluster holding or using a
 * changed file, its objects.
 */
export function compareTrees(plan: TreePlan, built: BuiltTree, source: TreeSource, baseline: Omit<PlanBaseline, 'empty'>): FleetPlan {
  const previous = source.manifest;
  const { content } = built.tree;
  const paths = [...new Set([...Object.keys(previous?.files ?? {}), ...content.keys()])].sort();
  const changes = paths
    .map((path) => fileChange(path, source.read(path), content.get(path)))
    .filter((c): c is FileChange => c !== undefined);

  // Clusters using each base, in either tree.
  const baseUsers = new Map<string, Set<string>>();
  for (const records of [previous?.clusters ?? {}, built.clusters]) {
    for (const [cluster, record] of Object.entries(records))
      for (const base of record.bases) baseUsers.set(base, (baseUsers.get(base) ?? new Set()).add(cluster));
  }
  const filesOf = new Map<string, FileChange[]>();
  const fleetFiles: FileChange[] = [];
  for (const change of changes) {
    const { cluster, base } = ownerOf(change.path);
    const owners = cluster ? [cluster] : base ? [...(baseUsers.get(base) ?? [])] : [];
    if (owners.length === 0) fleetFiles.push(change);
    for (const owner of owners) filesOf.set(owner, [...(filesOf.get(owner) ?? []), change]);
  }

  const oldDocs = clusterDocumentsReader(source.read, anyObjectDocument);
  const newDocs = clusterDocumentsReader((path) => content.get(path), anyObjectDocument);
  const clusterPlan = (cluster: string, change: Change): ClusterPlan => {
    const files = (filesOf.get(cluster) ?? []).sort(byPath);
    return {
      cluster,
      change,
      downloadBytes: files.reduce((n, f) => n + f.bytes, 0),
      files,
      objects: objectChanges(oldDocs(cluster) ?? [], newDocs(cluster) ?? []),
    };
  };

  const byWave = new Map<string | null, Map<string, ClusterPlan[]>>([...plan.waves, null].map((w) => [w, new Map()]));
  const add = (wave: string | null, tier: string, entry: ClusterPlan): void => {
    const tiers = byWave.get(wave)!;
    tiers.set(tier, [...(tiers.get(tier) ?? []), entry]);
  };
  let unchanged = 0;
  for (const site of plan.sites) {
    const change: Change | undefined = !previous?.clusters[site.cluster] ? 'added' : filesOf.has(site.cluster) ? 'changed' : undefined;
    if (change) add(site.settings.wave, site.tierPath.join('/'), clusterPlan(site.cluster, change));
    else unchanged++;
  }
  for (const [cluster, record] of Object.entries(previous?.clusters ?? {})) {
    if (!built.clusters[cluster]) add(null, record.tier ?? '', clusterPlan(cluster, 'removed'));
  }

  const waves: WavePlan[] = [];
  for (const [wave, tiers] of byWave) {
    if (tiers.size === 0) continue;
    const sortedTiers: TierPlan[] = [...tiers.keys()]
      .sort()
      .map((tier) => ({ tier, clusters: tiers.get(tier)!.sort((a, b) => (a.cluster < b.cluster ? -1 : 1)) }));
    waves.push({ wave, tiers: sortedTiers });
  }
  const all = waves.flatMap((w) => w.tiers.flatMap((t) => t.clusters));
  const count = (change: Change): number => all.filter((c) => c.change === change).length;
  const next = { edgefleet: EDGEFLEET_VERSION, clusters: built.clusters, files: Object.fromEntries(built.tree.hashes) };
  return {
    version: FLEET_PLAN_VERSION,
    fleet: plan.fleetName,
    against: { ...baseline, empty: previous === undefined },
    summary: {
      clusters: plan.sites.length,
      added: count('added'),
      changed: count('changed'),
      removed: count('removed'),
      unchanged,
      downloadBytes: all.reduce((n, c) => n + c.downloadBytes, 0),
    },
    waves,
    fleetFiles,
    manifestChanged: previous === undefined || serializeManifest(previous) !== serializeManifest(next),
    interrupted: source.interrupted,
  };
}
