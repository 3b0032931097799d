import { App, Chart } from 'cdk8s';
import { sha256 } from '../util/hash';
import type { RenderedUnit, RenderUnit } from './render-unit';
import type { KubeObject } from '../util/kube-object';
import { toYamlStream } from '../util/yaml';

function objectOrder(a: KubeObject, b: KubeObject): number {
  // A render hook may add an object without metadata: checkObjectShape reports it, sorting must not fail first.
  const ka = `${a.kind}/${a.metadata?.namespace ?? ''}/${a.metadata?.name}`;
  const kb = `${b.kind}/${b.metadata?.namespace ?? ''}/${b.metadata?.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The objects of a `List` (or any `...List` kind with `items`), unwrapped as
 * kubectl and kustomize do, so that the checks see each item (a plaintext
 * Secret wrapped by a render hook included).
 */
function unwrapLists(objects: readonly KubeObject[]): KubeObject[] {
  return objects.flatMap((o) => (o.kind?.endsWith('List') && Array.isArray(o.items) ? unwrapLists(o.items as KubeObject[]) : [o]));
}

/**
 * Renders units, each in its own small cdk8s chart, never one App over all
 * clusters (App.synth grows with the square of the chart count). Shared
 * units are rendered and serialized once per distinct input: most of a
 * cluster is shared, so this is what keeps a 10,000-site synth linear and
 * fast.
 */
export class UnitRenderer {
  private readonly sharedByInput = new Map<string, RenderedUnit>();

  /** Number of distinct shared units rendered so far. */
  public get sharedRendered(): number {
    return this.sharedByInput.size;
  }

  public render(spec: RenderUnit): RenderedUnit {
    if (spec.placement === 'cluster') return this.renderNow(spec);
    // The namespace is part of the chart, not the input: it must key the cache too.
    const key = `${spec.name}\0${spec.namespace ?? ''}\0${JSON.stringify(spec.input)}`;
    let rendered = this.sharedByInput.get(key);
    if (!rendered) {
      rendered = this.renderNow(spec);
      this.sharedByInput.set(key, rendered);
    }
    return rendered;
  }

  private renderNow(spec: RenderUnit): RenderedUnit {
    const chart = new Chart(new App(), spec.name, { namespace: spec.namespace, disableResourceNameHashes: true });
    spec.render(chart, spec.input);
    const objects = unwrapLists(chart.toJson() as KubeObject[]).sort(objectOrder);
    const yaml = toYamlStream(objects);
    const configMaps = spec.configMaps?.(spec.input) ?? [];
    if (configMaps.length > 0 && spec.placement === 'shared')
      throw new Error(`unit ${spec.name}: generated ConfigMaps belong to cluster units`);
    return { name: spec.name, placement: spec.placement, hash: sha256(yaml, 12), objects, yaml, configMaps };
  }
}
