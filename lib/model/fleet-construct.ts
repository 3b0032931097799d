import { Construct } from 'constructs';
import type { z } from 'zod';
import type { Problem } from './problem';
import { zodProblems } from './zod-problems';

/** How an empty construct id is shown and kept. */
const EMPTY_ID = '""';

/** `id`, or `id (2)`, `id (3)`... when a sibling has it already. */
function freeId(scope: Construct, id: string): string {
  let candidate = id;
  for (let n = 2; scope.node.tryFindChild(candidate); n++) candidate = `${id} (${n})`;
  return candidate;
}

/**
 * Base of every edgefleet model construct. It validates props with zod when
 * the construct is created but records problems instead of throwing, so a
 * synth can report every problem of the fleet at once.
 */
export abstract class FleetConstruct extends Construct {
  readonly #problems: Problem[] = [];

  constructor(scope: Construct, id: string) {
    // constructs throws on an empty or taken id below the root: keep the construct under a stand-in id
    // and report the mistake with the rest (the subclass's id check reports an empty one).
    super(scope, scope === undefined ? id : freeId(scope, id || EMPTY_ID));
    if (scope !== undefined && id !== '' && this.node.id !== id) {
      this.#problems.push({
        path: this.constructPath,
        field: 'id',
        message: `"${id}" is already the id of another construct in ${scope.node.id || EMPTY_ID}`,
        hint: 'give each device class, app, tier and site its own id within its scope',
      });
    }
  }

  /** Problems found in this construct's own props. */
  public get propsProblems(): readonly Problem[] {
    return this.#problems;
  }

  /** Human path of this construct, e.g. `acme/eu/paris-3`. */
  public get constructPath(): string {
    // An empty id (a mistake reported on its own) still shows as a segment.
    return this.node.scopes.map((s) => s.node.id || EMPTY_ID).join('/');
  }

  /** Parses a value with the schema; records every issue and returns the parsed value when valid. */
  protected checkProps<T>(schema: z.ZodType<T>, value: unknown, where: { field?: string; site?: string } = {}): T | undefined {
    // reportInput: the hint tells a missing field (undefined) from one of the wrong type.
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    this.#problems.push(...zodProblems({ path: this.constructPath, site: where.site }, result.error, where.field));
    return undefined;
  }
}
