import { compareForUpgrade, objectRef } from '../../lib/checks/upgrade-safety';
import type { KubeObject } from '../../lib/util/kube-object';

// Every test here fails on the old code: lib/checks/upgrade-safety.ts did not exist.

const claim = (storage: string, extra: Record<string, unknown> = {}, namespace = 'edge-system'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'prometheus-agent', namespace },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
});
const workload = (kind: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'web', namespace: 'edge-apps' },
  spec,
});
const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const selector = (name: string) => ({ matchLabels: { 'app.kubernetes.io/name': name } });
const fields = (old: KubeObject[], next: KubeObject[], allow: string[] = []) =>
  compareForUpgrade(old, next, allow).map((f) => `${f.ref} ${f.field}`);

describe('compareForUpgrade', () => {
  test('names objects as upgrade.allowReplace does', () => {
    expect(objectRef(claim('1Gi'))).toBe('PersistentVolumeClaim/edge-system/prometheus-agent');
    expect(objectRef(namespace('edge-apps'))).toBe('Namespace/edge-apps');
  });

  test('an unchanged tree, and a claim that grows, pass', () => {
    const objects = [namespace('edge-system'), claim('2Gi'), workload('Deployment', { selector: selector('web') })];
    expect(compareForUpgrade(objects, objects)).toEqual([]);
    expect(compareForUpgrade([claim('2Gi')], [claim('4Gi')])).toEqual([]);
  });

  test('a claim that shrinks is refused, with both sizes and the override in the hint', () => {
    const [finding] = compareForUpgrade([claim('4Gi')], [claim('2048Mi')]);
    expect(finding).toMatchObject({ ref: 'PersistentVolumeClaim/edge-system/prometheus-agent', field: 'spec.resources.requests.storage' });
    expect(finding.message).toContain('shrinks from 4Gi to 2048Mi');
    expect(finding.hint).toContain('upgrade.allowReplace');
  });

  test("a claim's storage class and other spec fields cannot change", () => {
    expect(fields([claim('1Gi')], [claim('1Gi', { storageClassName: 'longhorn' })])).toEqual([
      'PersistentVolumeClaim/edge-system/prometheus-agent spec.storageClassName',
    ]);
    expect(fields([claim('1Gi', { storageClassName: 'local-path' })], [claim('1Gi', { storageClassName: 'longhorn' })])).toHaveLength(1);
    expect(fields([claim('1Gi')], [claim('1Gi', { accessModes: ['ReadWriteMany'] })])).toEqual([
      'PersistentVolumeClaim/edge-system/prometheus-agent spec.accessModes',
    ]);
  });

  test('a selector change is refused on Deployments, DaemonSets and StatefulSets', () => {
    for (const kind of ['Deployment', 'DaemonSet', 'StatefulSet']) {
      expect(fields([workload(kind, { selector: selector('web') })], [workload(kind, { selector: selector('web-v2') })])).toEqual([
        `${kind}/edge-apps/web spec.selector`,
      ]);
    }
  });

  test("a StatefulSet's volumeClaimTemplates cannot change, its template can", () => {
    const set = (storage: string, image: string) =>
      workload('StatefulSet', { selector: selector('db'), volumeClaimTemplates: [claim(storage)], template: { spec: { image } } });
    expect(fields([set('1Gi', 'a')], [set('1Gi', 'b')])).toEqual([]);
    expect(fields([set('1Gi', 'a')], [set('2Gi', 'a')])).toEqual(['StatefulSet/edge-apps/web spec.volumeClaimTemplates']);
  });

  test("a Service's clusterIP may not change once set; leaving it out is fine", () => {
    const service = (clusterIP?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'edge-apps' },
      spec: { clusterIP, ports: [] },
    });
    expect(fields([service()], [service()])).toEqual([]);
    expect(fields([service('10.43.0.20')], [service()])).toEqual([]);
    expect(fields([service()], [service('None')])).toEqual(['Service/edge-apps/web spec.clusterIP']);
    expect(fields([service('10.43.0.20')], [service('10.43.0.21')])).toEqual(['Service/edge-apps/web spec.clusterIP']);
  });

  test("a Job's template cannot change", () => {
    const job = (image: string): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'edge-apps' },
      spec: { template: { spec: { image } } },
    });
    expect(fields([job('a:1')], [job('a:2')])).toEqual(['Job/edge-apps/migrate spec.template']);
  });

  test('a namespace holding a claim may not go away; one without claims may', () => {
    expect(fields([namespace('edge-system'), claim('1Gi')], [])).toEqual(['Namespace/edge-system metadata.name']);
    expect(fields([namespace('edge-apps'), workload('Deployment', { selector: selector('web') })], [])).toEqual([]);
    const set = workload('StatefulSet', { selector: selector('db'), volumeClaimTemplates: [claim('1Gi')] });
    expect(fields([namespace('edge-apps'), set], [])).toEqual(['Namespace/edge-apps metadata.name']);
  });

  test('objects listed in allowReplace are let through, others are not', () => {
    const old = [namespace('edge-system'), claim('4Gi'), workload('Deployment', { selector: selector('web') })];
    const next = [namespace('edge-system'), claim('1Gi'), workload('Deployment', { selector: selector('web-v2') })];
    expect(fields(old, next, ['PersistentVolumeClaim/edge-system/prometheus-agent'])).toEqual(['Deployment/edge-apps/web spec.selector']);
    expect(fields(old, next, ['PersistentVolumeClaim/edge-system/prometheus-agent', 'Deployment/edge-apps/web'])).toEqual([]);
    expect(fields([namespace('edge-system'), claim('1Gi')], [], ['Namespace/edge-system'])).toEqual([]);
  });
});
