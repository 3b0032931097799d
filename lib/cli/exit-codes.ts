import { CommanderError } from 'commander';
import { FleetLoadError } from '../model/load-fleet';
import { FleetValidationError } from '../model/problem';
import { errorSummary } from '../model/user-error';
import { TreeWriteError } from '../output/tree-write-error';
import { EdgefleetError, InvalidInputError, LockedError, RefusedError, ServiceError, UsageError, WriteError } from '../util/errors';

/** Exit codes of every command (README, "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** Invalid input, a refused gate, a stale tree (`synth --check`), or a failed write or other I/O. */
  failed: 1,
  /** Usage error, or a directory locked by another run. */
  usage: 2,
  /** A service or program edgefleet relies on (OCI registry, git) could not be reached or failed. */
  service: 3,
  /** A bug in edgefleet: reported with its stack. */
  internal: 4,
} as const;

type ErrorKind = abstract new (...args: never[]) => EdgefleetError;

/** The one exit code of each kind of error (lib/util/errors.ts); every typed error is of exactly one kind. */
const EXIT_OF_KIND: readonly (readonly [ErrorKind, number])[] = [
  [InvalidInputError, EXIT.failed],
  [RefusedError, EXIT.failed],
  [WriteError, EXIT.failed],
  [UsageError, EXIT.usage],
  [LockedError, EXIT.usage],
  [ServiceError, EXIT.service],
];

/** A Node system error (EACCES, ENOSPC, EISDIR...): I/O that failed, not a bug. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string'
  );
}

/** The exit code a command that failed with `error` ends with. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  for (const [kind, code] of EXIT_OF_KIND) if (error instanceof kind) return code;
  return isSystemError(error) ? EXIT.failed : EXIT.internal;
}

/** What the output is left as, where the error knows it. */
function outcomeOf(error: EdgefleetError): string | undefined {
  if (error instanceof TreeWriteError) {
    if (error.state === 'unchanged') return 'Nothing was written: the previous tree is as it was.';
    if (error.state === 'written')
      return 'The tree is written; only its stat cache was not saved, so the next synth reads every file to check it.';
    return 'The tree is partly updated; its journal (.edgefleet/journal.json) makes the next synth complete it before anything else.';
  }
  // Both are thrown before anything is written (the fleet is loaded and checked first).
  if (error instanceof FleetValidationError || error instanceof FleetLoadError) return 'Nothing was written.';
  return undefined;
}

/**
 * What the CLI prints on standard error for a command (`edgefleet <command>`)
 * that failed with `error`: empty for commander's own errors (it printed
 * them), the message of a typed error, the first line of a system error, the
 * stack of anything else (a bug).
 */
export function errorReport(error: unknown, command: string): string {
  if (error instanceof CommanderError) return '';
  if (error instanceof UsageError) return `edgefleet: ${error.message}\nUsage: see \`edgefleet ${command} --help\`\n`;
  if (error instanceof EdgefleetError) {
    const outcome = outcomeOf(error);
    return `edgefleet: ${error.message}\n${outcome ? `${outcome}\n` : ''}`;
  }
  // First line only: Node appends a "Require stack:" list to module errors.
  if (isSystemError(error)) return `edgefleet: ${errorSummary(error)}\n`;
  const detail = error instanceof Error ? (error.stack ?? errorSummary(error)) : String(error);
  return `edgefleet: internal error (a bug in edgefleet; please report it with this output):\n${detail}\n`;
}
