import { git } from './git';
import { UsageError } from '../util/errors';

/** The output directory cannot be committed as asked. */
export class GitRefusedError extends UsageError {}

function nulList(paths: readonly string[]): string {
  return paths.map((p) => `${p}\0`).join('');
}

/** Throws unless `dir` lies in a Git work tree; returns its path from the work tree's root ("" at the root). */
export function gitPrefix(dir: string): string {
  try {
    return git(dir, ['rev-parse', '--show-prefix']).trim();
  } catch {
    throw new GitRefusedError(
      `${dir} is not inside a Git work tree: --commit writes into an existing clone (git clone, then synth into it)`,
    );
  }
}

/** Paths (relative to the repository root, as git prints them) made relative to `dir`. */
function relativeTo(prefix: string, path: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * Refuses to go on when any of `owned` (paths relative to `dir`) has
 * uncommitted changes, staged or not: a synth would mix edgefleet's output
 * with someone's edits. Other files of the work tree may be dirty.
 */
export function assertCleanPaths(dir: string, owned: readonly string[]): void {
  const prefix = gitPrefix(dir);
  const ownedSet = new Set(owned);
  const entries = git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.']).split('\0').filter(Boolean);
  const dirty: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const status = entries[i].slice(0, 2);
    const path = relativeTo(prefix, entries[i].slice(3));
    if (status[0] === 'R' || status[0] === 'C') i++; // the next entry is the rename source
    if (ownedSet.has(path)) dirty.push(`${status.trim()} ${path}`);
  }
  if (dirty.length > 0) {
    throw new GitRefusedError(
      `refusing to synth with --commit: ${dirty.length} file(s) edgefleet owns have uncommitted changes, e.g. ${dirty.slice(0, 3).join('; ')}. Commit or discard them (git checkout -- <file>) first.`,
    );
  }
}

/**
 * Stages exactly `written` (paths relative to `dir`, now on disk) and the
 * deletion of `removed`, and commits them alone with `message`: anything
 * else staged in the work tree stays out of the commit. Returns the new
 * commit id, or undefined when none of them changed (no commit).
 */
export function commitPaths(dir: string, written: readonly string[], removed: readonly string[], message: string): string | undefined {
  const prefix = gitPrefix(dir);
  if (written.length > 0) git(dir, ['add', '--pathspec-from-file=-', '--pathspec-file-nul'], nulList(written));
  if (removed.length > 0)
    git(dir, ['rm', '--cached', '--quiet', '--ignore-unmatch', '--pathspec-from-file=-', '--pathspec-file-nul'], nulList(removed));
  const ours = new Set([...written, ...removed]);
  // --no-renames: a deleted file whose bytes reappear under a new name must be listed as deleted too.
  const staged = git(dir, ['diff', '--cached', '--name-only', '--no-renames', '-z', '--', '.'])
    .split('\0')
    .filter(Boolean)
    .map((p) => relativeTo(prefix, p))
    .filter((p) => ours.has(p));
  if (staged.length === 0) return undefined;
  git(dir, ['commit', '--quiet', '--no-verify', '-m', message, '--only', '--pathspec-from-file=-', '--pathspec-file-nul'], nulList(staged));
  return git(dir, ['rev-parse', 'HEAD']).trim();
}
