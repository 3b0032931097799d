import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { git, gitMaybe } from './git';

/** The id git writes for "no object": as the old value of update-ref, the ref must not exist. */
const NO_COMMIT = '0'.repeat(40);

/** Where a branch stands: its commit, and whether that is a local branch or only a remote-tracking one (a fresh clone). */
export interface BranchHead {
  readonly commit: string;
  readonly local: boolean;
}

/** A commit id, or undefined when `rev` names no commit. */
export function commitOf(repo: string, rev: string): string | undefined {
  return gitMaybe(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])?.trim() || undefined;
}

/**
 * The head of branch `name`: the local branch, else the remote-tracking one
 * (`origin` first), so a fresh clone in CI sees the wave refs it fetched.
 */
export function branchHead(repo: string, name: string): BranchHead | undefined {
  const local = commitOf(repo, `refs/heads/${name}`);
  if (local) return { commit: local, local: true };
  const remotes = git(repo, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/remotes/'])
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([ref]) => ref && ref.endsWith(`/${name}`) && ref.split('/').length === name.split('/').length + 3)
    .sort(([a], [b]) => Number(b.startsWith('refs/remotes/origin/')) - Number(a.startsWith('refs/remotes/origin/')) || a.localeCompare(b));
  return remotes[0] ? { commit: remotes[0][1], local: false } : undefined;
}

/** Sets local branch `name` to `commit`, only if it still is where `from` says (compare and swap). */
export function setBranch(repo: string, name: string, commit: string, from: BranchHead | undefined, reason: string): void {
  git(repo, ['update-ref', '-m', reason, `refs/heads/${name}`, commit, from?.local ? from.commit : NO_COMMIT]);
}

/** Whether `ancestor` is `descendant` or one of its ancestors. */
export function isAncestor(repo: string, ancestor: string, descendant: string): boolean {
  return gitMaybe(repo, ['merge-base', '--is-ancestor', ancestor, descendant]) !== undefined;
}

/** Commits on the first-parent path from `from` (excluded) to `to`. */
export function commitsBetween(repo: string, from: string, to: string): number {
  return Number(git(repo, ['rev-list', '--count', `${from}..${to}`]).trim());
}

/** A file's text at a commit (path from the repository root), or undefined when it has none. */
export function fileAt(repo: string, commit: string, path: string): string | undefined {
  return gitMaybe(repo, ['cat-file', 'blob', `${commit}:${path}`]);
}

/**
 * Makes a commit whose parent is `parent` and whose tree is the parent's
 * with `files` (path from the repository root to text) replaced, without
 * touching the work tree or its index (a temporary index file). Returns
 * the new commit's id.
 */
export function commitOnto(repo: string, parent: string, files: ReadonlyMap<string, string>, message: string): string {
  const index = resolve(repo, git(repo, ['rev-parse', '--git-path', `edgefleet-index.${process.pid}`]).trim());
  const env = { GIT_INDEX_FILE: index };
  try {
    git(repo, ['read-tree', parent], undefined, env);
    for (const [path, text] of files) {
      const blob = git(repo, ['hash-object', '-w', '--stdin'], text).trim();
      git(repo, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], undefined, env);
    }
    const tree = git(repo, ['write-tree'], undefined, env).trim();
    return git(repo, ['commit-tree', tree, '-p', parent, '-m', message]).trim();
  } finally {
    rmSync(index, { force: true });
  }
}
