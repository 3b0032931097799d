import { fastYaml } from './fast-yaml';

/*
 * Deterministic YAML: keys sorted, no line folding, LF only. Every byte
 * edgefleet writes goes through here so two runs give identical trees.
 */

/** Serializes one value as a YAML document body. */
export function toYaml(value: unknown): string {
  return fastYaml(value);
}

/** Serializes objects as a multi-document YAML stream. */
export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map(toYaml).join('---\n');
}
