import type { Manifest } from './manifest';

/** How the clusters of a tree changed between two manifests. */
export interface ClusterChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/** Compares the clusters of two manifests by cache key. */
export function clusterChanges(previous: Manifest | undefined, next: Manifest): ClusterChanges {
  const before = previous?.clusters ?? {};
  const names = (list: string[]) => list.sort();
  return {
    added: names(Object.keys(next.clusters).filter((c) => !before[c])),
    changed: names(Object.keys(next.clusters).filter((c) => before[c] && before[c].key !== next.clusters[c].key)),
    removed: names(Object.keys(before).filter((c) => !next.clusters[c])),
  };
}

/**
 * A deterministic commit message: a subject with the counts, then one block
 * per tier (sorted) listing the clusters added, changed and removed.
 */
export function commitMessage(previous: Manifest | undefined, next: Manifest): string {
  const changes = clusterChanges(previous, next);
  const tierOf = (cluster: string) => next.clusters[cluster]?.tier ?? previous?.clusters[cluster]?.tier ?? '(no tier)';
  const counts = (['added', 'changed', 'removed'] as const).filter((k) => changes[k].length > 0).map((k) => `${changes[k].length} ${k}`);
  const subject = counts.length > 0 ? `edgefleet: clusters ${counts.join(', ')}` : 'edgefleet: update fleet-wide files';
  const tiers = new Map<string, Map<string, string[]>>();
  for (const kind of ['added', 'changed', 'removed'] as const) {
    for (const cluster of changes[kind]) {
      const tier = tierOf(cluster);
      const byKind = tiers.get(tier) ?? new Map<string, string[]>();
      byKind.set(kind, [...(byKind.get(kind) ?? []), cluster]);
      tiers.set(tier, byKind);
    }
  }
  const blocks = [...tiers.keys()].sort().map((tier) => {
    const lines = [...tiers.get(tier)!].map(([kind, clusters]) => `  ${kind}: ${clusters.join(', ')}`);
    return [`${tier}:`, ...lines].join('\n');
  });
  return blocks.length > 0 ? `${subject}\n\n${blocks.join('\n\n')}\n` : `${subject}\n`;
}
