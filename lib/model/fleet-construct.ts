import { Construct } from 'constructs';
import type { z } from 'zod';
import type { Problem } from './problem';
import { zodProblems } from './zod-problems';

/**
 * Base of every edgefleet model construct. It validates props with zod when
 * the construct is created but records problems instead of throwing, so a
 * synth can report every problem of the fleet at once.
 */
export abstract class FleetConstruct extends Construct {
  readonly #problems: Problem[] = [];

  /** Problems found in this construct's own props. */
  public get propsProblems(): readonly Problem[] {
    return this.#problems;
  }

  /** Human path of this construct, e.g. `acme/eu/paris-3`. */
  public get constructPath(): string {
    return this.node.scopes.map((s) => s.node.id).join('/');
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
