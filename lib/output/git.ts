import { execFileSync } from 'node:child_process';

/** Runs git in `cwd` and returns its standard output; throws with git's message when it fails. */
export function git(cwd: string, args: readonly string[], input?: string, env?: NodeJS.ProcessEnv): string {
  return execFileSync('git', [...args], { cwd, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], env: env && { ...process.env, ...env } });
}

/** Like `git`, but undefined instead of an error (a missing ref, object or note). */
export function gitMaybe(cwd: string, args: readonly string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}
