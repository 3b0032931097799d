import { spawnSync } from 'node:child_process';

/**
 * Whether an external tool can be used. Missing on a user's machine, the
 * test skips with a visible warning; in CI (CI=true) a missing tool fails.
 */
export function hasTool(command: string, versionArgs: string[] = ['--version']): boolean {
  const found = spawnSync(command, versionArgs, { stdio: 'ignore' }).status === 0;
  if (found) return true;
  if (process.env.CI === 'true') throw new Error(`${command} is required in CI (CI=true) but was not found; .ci/run installs it`);
  console.warn(`SKIPPED: ${command} is not installed; tests that need it are skipped (they run in CI)`);
  return false;
}

/** `describe`, or `describe.skip` when the tool is missing outside CI. */
export function describeWithTool(command: string, versionArgs: string[] = ['--version']): jest.Describe {
  return hasTool(command, versionArgs) ? describe : describe.skip;
}
