import { repointedFluxSystem } from '../layout/flux-system';
import { parseRolloutRecord, ROLLOUT_RECORD_PATH, RolloutRecord } from '../layout/rollout-record';
import { gitPrefix } from './git-commit';
import { BranchHead, branchHead, commitOnto, fileAt, setBranch } from './git-refs';
import { MANIFEST_PATH, readManifestText, serializeManifest } from './manifest';
import { fileHash } from './tree-writer';
import { recordWaveMove } from './wave-notes';
import { clusterDir } from '../layout/tree-paths';

/** The rollout record at a commit, or undefined when the commit has none. */
export function recordAt(repo: string, commit: string, prefix: string): RolloutRecord | undefined {
  const text = fileAt(repo, commit, `${prefix}${ROLLOUT_RECORD_PATH}`);
  return text === undefined ? undefined : parseRolloutRecord(text);
}

/**
 * Where a wave without a ref starts: at the ref of the nearest wave before
 * it that has one (it cannot get ahead of it), else of the nearest after it.
 */
function startOf(index: number, heads: readonly (BranchHead | undefined)[]): string {
  for (let i = index - 1; i >= 0; i--) if (heads[i]) return heads[i]!.commit;
  return heads.slice(index + 1).find((h) => h)!.commit;
}

/** The cluster's flux-system/kustomization.yaml at a commit with its GitRepository patch pointed at `ref`; undefined when it has none or it already points there. */
function repointedSync(repo: string, commit: string, path: string, ref: string): string | undefined {
  const text = fileAt(repo, commit, path);
  return text === undefined ? undefined : repointedFluxSystem(text, ref);
}

/**
 * Flux clusters that moved to another wave. A cluster reads its sync
 * objects from the ref it follows now, so the new ref must be written at
 * the old wave's ref, or the cluster never sees it; and at the new wave's
 * ref too, or the cluster, once there, reads the old ref back and flips
 * between the two. So both refs get a commit on top of where they are that
 * changes only the moved clusters' `flux-system/kustomization.yaml` (and
 * their manifest hashes): nothing else reaches either wave early.
 */
function repointMovedClusters(repo: string, prefix: string, previous: RolloutRecord, next: RolloutRecord, at: Date): void {
  const waveOf = (record: RolloutRecord) => new Map(record.waves.flatMap((w) => w.clusters.map((c) => [c, w] as const)));
  const before = waveOf(previous);
  const changes = new Map<string, { wave: string; clusters: Map<string, string> }>();
  for (const [cluster, wave] of waveOf(next)) {
    const old = before.get(cluster);
    if (!old || old.ref === wave.ref) continue;
    for (const [name, ref] of [
      [old.name, old.ref],
      [wave.name, wave.ref],
    ]) {
      const entry = changes.get(ref) ?? { wave: name, clusters: new Map() };
      entry.clusters.set(cluster, wave.ref);
      changes.set(ref, entry);
    }
  }
  for (const [ref, { wave, clusters }] of [...changes].sort(([a], [b]) => a.localeCompare(b))) {
    const head = branchHead(repo, ref);
    if (!head) continue;
    const files = new Map<string, string>();
    for (const [cluster, target] of clusters) {
      const path = `${prefix}${clusterDir(cluster)}/flux-system/kustomization.yaml`;
      const repointed = repointedSync(repo, head.commit, path, target);
      if (repointed !== undefined) files.set(path, repointed);
    }
    if (files.size === 0) continue;
    const manifestText = fileAt(repo, head.commit, `${prefix}${MANIFEST_PATH}`);
    if (manifestText !== undefined) {
      const manifest = readManifestText(manifestText);
      for (const [path, text] of files) manifest.files[path.slice(prefix.length)] = fileHash(text);
      files.set(`${prefix}${MANIFEST_PATH}`, serializeManifest(manifest));
    }
    const moved = [...clusters.keys()].sort().join(', ');
    const commit = commitOnto(
      repo,
      head.commit,
      files,
      `edgefleet: ${ref}: point ${moved} at their new wave's ref\n\nOnly the GitRepository ref of the moved clusters changes.`,
    );
    setBranch(repo, ref, commit, head, `edgefleet synth: clusters moved between waves`);
    recordWaveMove(repo, commit, wave, at);
  }
}

/**
 * After `synth --commit` made `commit` on the main branch: the first synth
 * into a tree creates every wave's ref at it (there is nothing to stage
 * yet); later ones only create refs of new waves (see startOf) and repoint
 * clusters that changed waves. No other ref moves: `edgefleet promote` does that.
 */
export function updateWaveRefs(outDir: string, commit: string, at: Date): void {
  const prefix = gitPrefix(outDir);
  const next = recordAt(outDir, commit, prefix);
  if (!next) return;
  const heads = next.waves.map((w) => branchHead(outDir, w.ref));
  const anyRef = heads.some((h) => h);
  next.waves.forEach((wave, i) => {
    if (heads[i]) return;
    const start = anyRef ? startOf(i, heads) : commit;
    setBranch(outDir, wave.ref, start, undefined, 'edgefleet synth: new wave');
    recordWaveMove(outDir, start, wave.name, at);
  });
  const previous = recordAt(outDir, `${commit}~1`, prefix);
  if (previous && anyRef) repointMovedClusters(outDir, prefix, previous, next, at);
}
