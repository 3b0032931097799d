import { commitsBetween } from '../output/git-refs';
import { waveMovedAt } from '../output/wave-notes';
import { openRolloutTree } from './rollout-tree';

/** Where one wave stands. */
export interface WaveStatus {
  readonly wave: string;
  readonly ref: string;
  /** The ref's commit; undefined when the ref does not exist. */
  readonly commit?: string;
  /** When the ref reached that commit, per the rollout notes. */
  readonly since?: Date;
  readonly clusters: readonly string[];
  /** Commits on the main branch that the wave does not have yet; undefined when the ref does not exist. */
  readonly behind?: number;
}

/** Each wave's commit, since when, clusters and lag behind the main branch, in wave order. */
export function rolloutStatus(repo: string): { branch: string; main: string; waves: WaveStatus[] } {
  const tree = openRolloutTree(repo);
  const waves = tree.record.waves.map((w, i) => {
    const commit = tree.heads[i]?.commit;
    return {
      wave: w.name,
      ref: w.ref,
      commit,
      since: commit ? waveMovedAt(repo, commit, w.name) : undefined,
      clusters: w.clusters,
      behind: commit ? commitsBetween(repo, commit, tree.main) : undefined,
    };
  });
  return { branch: tree.record.branch, main: tree.main, waves };
}
