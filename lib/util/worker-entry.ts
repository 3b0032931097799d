import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** How to start a worker thread's entry module. */
export interface WorkerEntry {
  readonly file: string;
  readonly execArgv: string[];
}

/** A worker thread's entry `<name>` in `dir`: compiled (`.js`, a build), or run from source through tsx (tests). */
export function workerEntry(dir: string, name: string): WorkerEntry {
  const compiled = join(dir, `${name}.js`);
  if (existsSync(compiled)) return { file: compiled, execArgv: [] };
  return { file: join(dir, `${name}.ts`), execArgv: ['--require', require.resolve('tsx/cjs')] };
}
