import { FleetLoadError } from '../model/load-fleet';
import { FleetValidationError, Problem } from '../model/problem';

/*
 * An error as it crosses from a render worker to the main thread. A posted
 * Error arrives as a plain Error (the structured clone keeps only message,
 * stack and the built-in names), so the kinds a worker can throw on purpose
 * are rebuilt as their class, and every error keeps the worker's stack.
 */

/** What a worker posts for an error. */
export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** A FleetValidationError's problems. */
  readonly problems?: readonly Problem[];
}

/** The error, as a worker posts it. */
export function toWorkerFailure(error: unknown): WorkerFailure {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    problems: error instanceof FleetValidationError ? error.problems : undefined,
  };
}

/** The worker's error on this thread: its class where it was a fleet error, its name, message and the worker's stack. */
export function fromWorkerFailure(failure: WorkerFailure): Error {
  const error = failure.problems
    ? new FleetValidationError(failure.problems)
    : failure.name === FleetLoadError.name
      ? new FleetLoadError(failure.message)
      : Object.assign(new Error(failure.message), { name: failure.name });
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}
