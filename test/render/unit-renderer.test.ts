import { ApiObject } from 'cdk8s';
import { unit } from '../../lib/render/render-unit';
import { UnitRenderer } from '../../lib/render/unit-renderer';

function configUnit(placement: 'shared' | 'cluster', value: string, calls: { n: number }) {
  return unit({
    name: 'demo',
    placement,
    namespace: 'ns',
    input: { value },
    render: (chart, input) => {
      calls.n++;
      new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { v: input.value } });
      new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    },
  });
}

describe('UnitRenderer', () => {
  test('renders a shared unit once per distinct input and reuses the result', () => {
    const renderer = new UnitRenderer();
    const calls = { n: 0 };
    const first = renderer.render(configUnit('shared', 'x', calls));
    expect(renderer.render(configUnit('shared', 'x', calls))).toBe(first);
    const other = renderer.render(configUnit('shared', 'y', calls));
    expect(calls.n).toBe(2);
    expect(other.hash).not.toBe(first.hash);
    expect(renderer.sharedRendered).toBe(2);
  });

  test('the same input in another namespace is another shared unit', () => {
    const renderer = new UnitRenderer();
    const calls = { n: 0 };
    const inNs = renderer.render(configUnit('shared', 'x', calls));
    const inOther = renderer.render({ ...configUnit('shared', 'x', calls), namespace: 'other' });
    expect(inOther.objects[0].metadata.namespace).toBe('other');
    expect(inOther.hash).not.toBe(inNs.hash);
  });

  test('renders cluster units every time, sorted by kind and name, in the chart namespace', () => {
    const renderer = new UnitRenderer();
    const calls = { n: 0 };
    renderer.render(configUnit('cluster', 'x', calls));
    const rendered = renderer.render(configUnit('cluster', 'x', calls));
    expect(calls.n).toBe(2);
    expect(rendered.objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ns/a', 'ns/b']);
    expect(rendered.yaml).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\n---\napiVersion: v1\ndata:\n  v: x\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: ns\n',
    );
  });
});
