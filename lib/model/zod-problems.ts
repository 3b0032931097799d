import type { z } from 'zod';
import type { Problem } from './problem';

/** Where a problem was found: the construct path and, for site-level problems, the cluster name. */
export interface ProblemLocation {
  readonly path: string;
  readonly site?: string;
}

/** Params of a custom issue: a hint of its own overrides the generic one. */
export interface IssueParams {
  readonly hint?: string;
}

function boundHint(origin: string, bound: 'least' | 'most', limit: unknown): string {
  if (origin === 'array' || origin === 'set') return `list at ${bound} ${String(limit)} entries`;
  if (origin === 'string') return `use at ${bound} ${String(limit)} characters`;
  return `use a value of at ${bound} ${String(limit)}`;
}

function hintFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'custom':
      return (issue.params as IssueParams | undefined)?.hint ?? 'see the doc comment of this field for its format';
    case 'invalid_type':
      return issue.input === undefined
        ? 'this field is required; set it here or in a parent tier or the fleet'
        : `give ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'too_small':
      return boundHint(issue.origin, 'least', issue.minimum);
    case 'too_big':
      return boundHint(issue.origin, 'most', issue.maximum);
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return 'remove the key or check its spelling against the props interface';
    default:
      return 'see the doc comment of this field for its format';
  }
}

/** Turns every zod issue into a Problem naming the construct path and the field. */
export function zodProblems(location: ProblemLocation, error: z.ZodError, fieldPrefix = ''): Problem[] {
  return error.issues.map((outer) => {
    // A bad record key comes wrapped ("Invalid key in record"): report what is wrong with the key itself.
    const issue = outer.code === 'invalid_key' && outer.issues.length > 0 ? outer.issues[0] : outer;
    return {
      path: location.path,
      site: location.site,
      field: [fieldPrefix, ...outer.path.map(String)].filter((s) => s !== '').join('.') || '(props)',
      message: outer === issue ? issue.message : `key ${issue.message}`,
      hint: hintFor(issue),
    };
  });
}
