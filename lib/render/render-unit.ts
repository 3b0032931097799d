import type { Chart } from 'cdk8s';

/**
 * Where a unit's objects live in the tree.
 * - `shared`: in `bases/<name>/<hash>/`, written once however many clusters
 *   use it. Its render must depend on its input only.
 * - `cluster`: in the cluster's own directory.
 */
export type Placement = 'shared' | 'cluster';

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One piece of a cluster: a set of objects rendered together from plain input. */
export interface RenderUnit<I = unknown> {
  /** Directory-safe name, e.g. `app-pos`; unique within a cluster. */
  readonly name: string;
  readonly placement: Placement;
  /** Default namespace of the unit's chart. */
  readonly namespace?: string;
  /** Plain-data input. Shared units are rendered once per distinct input. */
  readonly input: I;
  /** Builds the unit's constructs in a chart. */
  readonly render: (chart: Chart, input: I) => void;
}

/** A rendered unit. */
export interface RenderedUnit {
  readonly name: string;
  readonly placement: Placement;
  /** Short content hash of `yaml`; names the base directory of shared units. */
  readonly hash: string;
  readonly objects: readonly KubeObject[];
  /** The objects as a deterministic YAML stream. */
  readonly yaml: string;
}

/** Declares a unit; a helper so that input and render stay type-checked together. */
export function unit<I>(spec: RenderUnit<I>): RenderUnit {
  return spec as RenderUnit;
}
