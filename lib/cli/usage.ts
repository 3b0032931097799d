import { existsSync, statSync } from 'node:fs';

/** A usage error (exit 2): the message, and where the flags are explained. */
export class UsageError extends Error {
  constructor(message: string, command: string) {
    super(`${message}\nUsage: see \`edgefleet ${command} --help\``);
    this.name = 'UsageError';
  }
}

/** --app must name a file: a missing one is a usage error, not a Node "Cannot find module" with its require stack. */
export function assertFleetFile(file: string, command: string): void {
  if (!existsSync(file)) throw new UsageError(`--app ${file}: no such file`, command);
  if (!statSync(file).isFile()) throw new UsageError(`--app ${file}: not a file`, command);
}

/** --out must be a directory or not exist yet. */
export function assertOutDir(dir: string, command: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: is a file, not a directory`, command);
}
