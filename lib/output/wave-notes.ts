import { git, gitMaybe } from './git';

/**
 * Git notes ref recording when each wave's ref reached a commit: one line
 * `<wave> <ISO time>` per move, on the commit moved to. It lives in the tree
 * repository (push and fetch `refs/notes/edgefleet-rollout` with the wave
 * refs), so the soak gate does not depend on the machine running promote.
 */
export const ROLLOUT_NOTES_REF = 'refs/notes/edgefleet-rollout';

/** Records that `wave`'s ref moved to `commit` at `at`. */
export function recordWaveMove(repo: string, commit: string, wave: string, at: Date): void {
  git(repo, ['notes', `--ref=${ROLLOUT_NOTES_REF}`, 'append', '-m', `${wave} ${at.toISOString()}`, commit]);
}

/** When `wave`'s ref last moved to `commit`, per the notes; undefined when no move is recorded. */
export function waveMovedAt(repo: string, commit: string, wave: string): Date | undefined {
  const note = gitMaybe(repo, ['notes', `--ref=${ROLLOUT_NOTES_REF}`, 'show', commit]) ?? '';
  const times = note
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([name, time]) => name === wave && time)
    .map(([, time]) => new Date(time));
  return times.length > 0 ? times[times.length - 1] : undefined;
}
