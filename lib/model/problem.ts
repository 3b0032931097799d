import { InvalidInputError } from '../util/errors';

/**
 * One thing wrong with a fleet definition. Problems are collected, never
 * thrown one at a time, so a synth can report every mistake at once.
 */
export interface Problem {
  /** Construct path of the offending construct, e.g. `acme/eu/paris-3`. */
  readonly path: string;
  /** Cluster name of the site concerned, when the problem belongs to one site. */
  readonly site?: string;
  /** The offending field, dotted, e.g. `nodes.0.count`. */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
}

/** Renders a problem as one line that names site, construct path and field. */
export function formatProblem(problem: Problem): string {
  const where = problem.site ? `site ${problem.site} (${problem.path})` : problem.path;
  const hint = problem.hint ? ` Hint: ${problem.hint}` : '';
  return `${where}: ${problem.field}: ${problem.message}.${hint}`;
}

/** Thrown by synth when the fleet has problems; carries all of them. */
export class FleetValidationError extends InvalidInputError {
  constructor(public readonly problems: readonly Problem[]) {
    super(
      `The fleet has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
  }
}
