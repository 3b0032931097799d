import { stringify } from 'yaml';
import { changedFields, objectChanges } from '../../lib/plan/object-diff';
import type { KubeObject } from '../../lib/util/kube-object';

const deployment = (labels: Record<string, string>, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'edge-apps', labels },
  spec: { replicas },
});

describe('object diff', () => {
  test('changedFields names top-level fields and metadata fields, sorted', () => {
    expect(changedFields(deployment({ a: '1' }, 1), deployment({ a: '2' }, 2))).toEqual(['metadata.labels', 'spec']);
    expect(changedFields(deployment({ a: '1' }, 1), { ...deployment({ a: '1' }, 1), apiVersion: 'apps/v2' })).toEqual(['apiVersion']);
    expect(changedFields(deployment({ a: '1' }, 1), deployment({ a: '1' }, 1))).toEqual([]);
  });

  test('objectChanges pairs objects by kind, namespace and name; a reformatted but equal object is no change', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge-apps' } };
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'edge-apps' }, data: { k: 'v' } };
    const before = [stringify(ns), stringify(deployment({}, 1)), stringify(cm)];
    const after = [
      `# same object\n${stringify(ns)}`,
      stringify(deployment({}, 2)),
      stringify({ ...cm, metadata: { ...cm.metadata, name: 'd' } }),
    ];
    expect(objectChanges(before, after)).toEqual([
      { change: 'removed', kind: 'ConfigMap', namespace: 'edge-apps', name: 'c' },
      { change: 'added', kind: 'ConfigMap', namespace: 'edge-apps', name: 'd' },
      { change: 'changed', kind: 'Deployment', namespace: 'edge-apps', name: 'web', fields: ['spec'] },
    ]);
  });
});
