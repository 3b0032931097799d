import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './synth-sites';

/** Runs real git in `cwd`; its stdout, trimmed. */
export const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/** A bare repository and a clone of it with one commit holding a README, ready for synth --commit. */
export function repoWithClone(readme = '# fleet\n'): { bare: string; clone: string } {
  const root = tempDir('edgefleet-git-');
  const bare = join(root, 'fleet.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  const clone = join(root, 'work');
  git(root, 'clone', '--quiet', bare, clone);
  git(clone, 'config', 'user.email', 'ci@example.com');
  git(clone, 'config', 'user.name', 'CI');
  writeFileSync(join(clone, 'README.md'), readme);
  git(clone, 'add', 'README.md');
  git(clone, 'commit', '--quiet', '-m', 'readme');
  return { bare, clone };
}
