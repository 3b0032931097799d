import { checkPolicy } from '../../lib/checks/policy';
import { isFloatingImage } from '../../lib/model/image-ref';
import type { ResolvedSite } from '../../lib';
import type { RenderedUnit } from '../../lib/render/render-unit';
import type { KubeObject } from '../../lib/util/kube-object';

const site = { cluster: 'shop-1', path: 'acme/eu/shop-1' } as ResolvedSite;

function unitOf(objects: KubeObject[]): RenderedUnit {
  return { name: 'app-web', placement: 'shared', hash: 'h', objects, yaml: '', configMaps: [] };
}

function deployment(container: Record<string, unknown>, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations },
    spec: { template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'web', ...container }] } } },
  };
}

const good = {
  image: 'ghcr.io/acme/web:1.2.3',
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
  securityContext: { readOnlyRootFilesystem: true },
};

describe('checkPolicy', () => {
  test('a compliant workload passes', () => {
    expect(checkPolicy(site, unitOf([deployment(good)]))).toEqual([]);
  });

  test('a plaintext Secret fails, naming site and unit', () => {
    const problems = checkPolicy(site, unitOf([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' } }]));
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'shop-1',
        path: 'acme/eu/shop-1 > app-web',
        field: 'Secret/db.kind',
        message: expect.stringContaining('plaintext Secret'),
      }),
    ]);
  });

  test(':latest, missing limits, writable root and root user are each reported', () => {
    const bad = deployment({ image: 'ghcr.io/acme/web:latest', resources: { requests: { cpu: '1', memory: '1Mi' } } });
    (bad.spec as any).template.spec.securityContext = {};
    const fields = checkPolicy(site, unitOf([bad])).map((p) => p.field);
    expect(fields).toEqual([
      'Deployment/web.containers[web].image',
      'Deployment/web.containers[web].resources.limits',
      'Deployment/web.containers[web].securityContext.readOnlyRootFilesystem',
      'Deployment/web.containers[web].securityContext.runAsNonRoot',
    ]);
  });

  test('root is accepted only with the runs-as-root annotation', () => {
    const rootWorkload = (annotations?: Record<string, string>) => {
      const d = deployment(good, annotations);
      (d.spec as any).template.spec.securityContext = { runAsUser: 0 };
      return d;
    };
    expect(checkPolicy(site, unitOf([rootWorkload()]))).toHaveLength(1);
    expect(checkPolicy(site, unitOf([rootWorkload({ 'edgefleet.io/runs-as-root': 'reads host logs' })]))).toEqual([]);
  });

  test.each([
    ['nginx', true],
    ['nginx:latest', true],
    ['registry:5000/team/nginx', true],
    ['registry:5000/team/nginx:1.25', false],
    ['nginx@sha256:abc', false],
  ])('isFloatingImage(%s) is %p', (image, floating) => expect(isFloatingImage(image)).toBe(floating));
});
