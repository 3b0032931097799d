import { execFileSync } from 'node:child_process';
import { ServiceError } from '../util/errors';

/** Runs git in `cwd` and returns its standard output; a failure is a ServiceError with git's message. */
export function git(cwd: string, args: readonly string[], input?: string, env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync('git', [...args], {
      cwd,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      env: env && { ...process.env, ...env },
    });
  } catch (error) {
    const said = String((error as { stderr?: unknown }).stderr ?? '').trim() || (error as Error).message;
    throw new ServiceError(`git ${args[0]} in ${cwd} failed: ${said}`, { cause: error });
  }
}

/** Like `git`, but undefined instead of an error (a missing ref, object or note). */
export function gitMaybe(cwd: string, args: readonly string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}
