import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../util/errors';

/** --app must name a file: a missing one is a usage error, not a Node "Cannot find module" with its require stack. */
export function assertFleetFile(file: string): void {
  if (!existsSync(file)) throw new UsageError(`--app ${file}: no such file`);
  if (!statSync(file).isFile()) throw new UsageError(`--app ${file}: not a file`);
}

/** --out must be a directory or not exist yet. */
export function assertOutDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: is a file, not a directory`);
}
