import { stringify } from 'yaml';
import { fastYaml, YAML_OPTIONS } from './fast-yaml';

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

/**
 * Serializes a kustomization.yaml: as toYaml, but with sequence items at
 * their key's indentation, as kustomize writes them. Config files and
 * patches inline in it are block text a few levels deep, so this saves 4
 * columns on each of their lines (about 700 bytes a cluster).
 */
export function toKustomizationYaml(value: unknown): string {
  return stringify(value, { ...YAML_OPTIONS, indentSeq: false });
}
