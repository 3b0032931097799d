import { ApiObject } from 'cdk8s';
import { checkObjectShape } from '../../lib/checks/object-shape';
import { EdgeApp, EdgeSite, FleetValidationError, ResolvedSite } from '../../lib';
import { synth } from '../../lib/synth/synth';
import type { RenderedUnit } from '../../lib/render/render-unit';
import type { KubeObject } from '../../lib/util/kube-object';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';

const site = { cluster: 'shop-1', path: 'acme/eu/shop-1' } as ResolvedSite;
const unitOf = (objects: KubeObject[]): RenderedUnit => ({
  name: 'hook-web',
  placement: 'cluster',
  hash: 'h',
  objects,
  yaml: '',
  configMaps: [],
});

/** Synth of a one-site fleet whose app has a render hook; the problems it throws. */
function hookProblems(hook: ConstructorParameters<typeof EdgeApp>[2]['renderHook']) {
  const f = smallFleet({ sites: 1 });
  const app = new EdgeApp(f.fleet, 'hooked', {
    image: 'ghcr.io/example/hooked:1.0.0',
    arches: ['arm64'],
    requests: { cpu: '10m', memory: '16Mi' },
    renderHook: hook,
  });
  new EdgeSite(f.tier, 'shop-9', { nodes: [{ deviceClass: f.pi }], apps: [app] });
  try {
    synth(f.fleet, { outDir: tempDir() });
  } catch (error) {
    if (error instanceof FleetValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('checkObjectShape', () => {
  test('valid names and finite values pass', () => {
    expect(
      checkObjectShape(site, unitOf([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web.conf-1' }, data: { a: 'b' } }])),
    ).toEqual([]);
  });

  test.each(['Web', 'web_1', '-web', '', 'a'.repeat(254)])('metadata.name %j is refused', (name) => {
    expect(checkObjectShape(site, unitOf([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }]))).toEqual([
      expect.objectContaining({ site: 'shop-1', path: 'acme/eu/shop-1 > hook-web', field: `ConfigMap/${name}.metadata.name` }),
    ]);
  });

  test('NaN, Infinity and strings YAML cannot carry are refused, naming the field', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      spec: { replicas: NaN, items: [Infinity] },
      data: { 'k\u2028': 'v', ok: 'a\u0085b' },
    };
    expect(checkObjectShape(site, unitOf([object])).map((p) => p.field)).toEqual([
      'ConfigMap/x.spec.replicas',
      'ConfigMap/x.spec.items[0]',
      'ConfigMap/x.data."k\u2028"',
      'ConfigMap/x.data.ok',
    ]);
  });
});

describe('objects a render hook adds', () => {
  // Failed on the old code: the List was one object of kind List, so no check saw the Secret inside.
  test('a plaintext Secret wrapped in a List is found', () => {
    const problems = hookProblems((scope) => {
      new ApiObject(scope, 'wrapped', {
        apiVersion: 'v1',
        kind: 'List',
        metadata: { name: 'wrapped' },
        items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter2' } }],
      } as never);
    });
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'Secret/db.kind',
        message: expect.stringContaining('the render hook of app hooked renders a plaintext Secret'),
      }),
    ]);
  });

  // Failed on the old code: both synthesized without a problem (NaN written as `.nan`, the name as is).
  test('a NaN field and an invalid name are refused', () => {
    const problems = hookProblems((scope) => {
      new ApiObject(scope, 'bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' }, data: { n: NaN } } as never);
    });
    expect(problems.map((p) => p.field).sort()).toEqual(['ConfigMap/Bad_Name.data.n', 'ConfigMap/Bad_Name.metadata.name']);
  });
});
