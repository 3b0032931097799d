import { isDeepStrictEqual } from 'node:util';
import { differingObjects } from '../output/tree-objects';
import type { KubeObject } from '../util/kube-object';

/** How a file, object or cluster differs from the tree planned against. */
export type Change = 'added' | 'changed' | 'removed';

/** An object of a cluster that a synth would add, change or remove. */
export interface ObjectChange {
  readonly change: Change;
  readonly kind: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
  /**
   * Changed objects only: the fields that differ, top-level ones
   * (`spec`, `data`, `apiVersion`) and `metadata` ones (`metadata.labels`,
   * `metadata.annotations`), sorted.
   */
  readonly fields?: readonly string[];
}

function identity(o: KubeObject): string {
  return `${o.kind}\0${o.metadata.namespace ?? ''}\0${o.metadata.name}`;
}

/** Top-level fields, and metadata's fields, in which two objects differ. */
export function changedFields(previous: KubeObject, next: KubeObject): string[] {
  const fields: string[] = [];
  const differ = (a: Record<string, unknown>, b: Record<string, unknown>, prefix: string, skip?: string): void => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (key !== skip && !isDeepStrictEqual(a[key], b[key])) fields.push(`${prefix}${key}`);
    }
  };
  differ(previous as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, '', 'metadata');
  differ(previous.metadata, next.metadata, 'metadata.');
  return fields.sort();
}

/**
 * Objects added, changed and removed between two lists of YAML documents
 * of one cluster, sorted by kind, namespace and name. Only documents not
 * found byte for byte in both lists are parsed.
 */
export function objectChanges(previousDocs: readonly string[], nextDocs: readonly string[]): ObjectChange[] {
  const differing = differingObjects(previousDocs, nextDocs);
  const before = new Map(differing.previous.map((o) => [identity(o), o]));
  const after = new Map(differing.next.map((o) => [identity(o), o]));
  const changes: [string, ObjectChange][] = [];
  const ref = (o: KubeObject) => ({
    kind: o.kind,
    ...(o.metadata.namespace === undefined ? {} : { namespace: o.metadata.namespace }),
    name: o.metadata.name,
  });
  for (const [id, next] of after) {
    const previous = before.get(id);
    if (!previous) changes.push([id, { change: 'added', ...ref(next) }]);
    else {
      const fields = changedFields(previous, next);
      // Same object, other bytes (e.g. formatting): nothing a cluster would see.
      if (fields.length > 0) changes.push([id, { change: 'changed', ...ref(next), fields }]);
    }
  }
  for (const [id, previous] of before) if (!after.has(id)) changes.push([id, { change: 'removed', ...ref(previous) }]);
  return changes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}
