import { EdgeSite } from '../../lib';
import { agentVolumeSize, PROMETHEUS_AGENT_RESOURCES } from '../../lib/components/prometheus-agent';
import { resolveFleet } from '../../lib/model/resolve';
import type { ResolvedSite } from '../../lib/model/resolved-site';
import { metricsUnits } from '../../lib/render/metrics-units';
import type { RenderContext } from '../../lib/render/render-context';
import type { KubeObject } from '../../lib/util/kube-object';
import { UnitRenderer } from '../../lib/render/unit-renderer';
import { fleet } from '../../sites/fleet';
import { smallFleet } from '../support/small-fleet';
import { validateObject } from '../support/validate-objects';

const context: RenderContext = { imageLock: fleet.resolved?.imageLock, pinDigests: false, hooks: new Map() };

function rendered(site: ResolvedSite, ctx: RenderContext = context): KubeObject[] {
  const renderer = new UnitRenderer();
  return metricsUnits(site, ctx).flatMap((u) => renderer.render(u).objects);
}

function find(objects: KubeObject[], kind: string): any {
  return objects.find((o) => o.kind === kind);
}

function args(site: ResolvedSite): string[] {
  return find(rendered(site), 'Deployment').spec.template.spec.containers[0].args;
}

/** A site of the small test fleet with the given overrides. */
function siteWith(overrides: Record<string, unknown>): ResolvedSite {
  const f = smallFleet({ sites: 1 });
  new EdgeSite(f.tier, 'probe', { nodes: [{ deviceClass: f.pi }], apps: [], ...overrides });
  const resolved = resolveFleet(f.fleet);
  expect(resolved.problems).toEqual([]);
  return resolved.sites.find((s) => s.cluster === 'probe')!;
}

describe('PrometheusAgent', () => {
  it.each([
    ['always-on', '4h', '1Gi'],
    ['intermittent', '24h', '2Gi'],
    ['rarely-connected', '72h', '4Gi'],
  ])('on a %s site keeps unsent samples %s, on a %s volume', (connectivity, retention, size) => {
    const site = siteWith({ connectivity });
    expect(args(site)).toContain(`--storage.agent.retention.max-time=${retention}`);
    expect(find(rendered(site), 'PersistentVolumeClaim').spec.resources.requests.storage).toBe(size);
  });

  it('takes retention, volume size and storage class overrides', () => {
    const site = siteWith({ metrics: { retention: '36h', volumeSize: '3Gi', storageClass: 'ssd' } });
    expect(args(site)).toContain('--storage.agent.retention.max-time=36h');
    expect(find(rendered(site), 'PersistentVolumeClaim').spec).toMatchObject({
      resources: { requests: { storage: '3Gi' } },
      storageClassName: 'ssd',
    });
  });

  it('sizes the volume from retention + 2h, scaled by the scrape interval', () => {
    expect(agentVolumeSize('4h', '60s')).toBe('1Gi');
    expect(agentVolumeSize('22h', '60s')).toBe('1Gi');
    expect(agentVolumeSize('23h', '60s')).toBe('2Gi');
    expect(agentVolumeSize('72h', '15s')).toBe('13Gi');
  });

  it('runs with --agent, agent storage on the volume, and never a --storage.tsdb.* flag', () => {
    for (const site of resolveFleet(fleet).sites) {
      const a = args(site);
      expect(a).toEqual(
        expect.arrayContaining(['--agent', '--config.file=/etc/prometheus/prometheus.yml', '--storage.agent.path=/prometheus']),
      );
      expect(a.filter((x) => x.startsWith('--storage.tsdb') || x.startsWith('--enable-feature'))).toEqual([]);
    }
  });

  it('is one replica, recreated (its volume is ReadWriteOnce), non-root, read-only, with small explicit resources', () => {
    const site = resolveFleet(fleet).sites[0];
    const deployment = find(rendered(site), 'Deployment');
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('prometheus-agent');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(pod.containers[0].resources).toEqual(PROMETHEUS_AGENT_RESOURCES);
    expect(pod.containers[0].image).toBe('quay.io/prometheus/prometheus:v3.5.0');
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: 'prometheus-agent-config' } });
    expect(find(rendered(site), 'PersistentVolumeClaim').spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('writes the image by digest when the fleet pins digests', () => {
    const site = resolveFleet(fleet).sites[0];
    const image = find(rendered(site, { ...context, pinDigests: true }), 'Deployment').spec.template.spec.containers[0].image;
    expect(image).toBe(
      `quay.io/prometheus/prometheus:v3.5.0@${fleet.resolved!.imageLock!.images['quay.io/prometheus/prometheus:v3.5.0'].digest}`,
    );
  });

  it('is placed on the arches of its image that the site has', () => {
    const kiosk = resolveFleet(fleet).sites.find((s) => s.cluster === 'bergen-bryggen-kiosk')!;
    const terms = find(rendered(kiosk), 'Deployment').spec.template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm'] }] }]);
    const factory = resolveFleet(fleet).sites.find((s) => s.cluster === 'stuttgart-plant')!;
    expect(
      find(rendered(factory), 'Deployment').spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms[0].matchExpressions[0].values,
    ).toEqual(['amd64', 'arm64']);
  });

  it('has minimal RBAC: discovery reads and the kubelet metrics endpoints, bound to its own ServiceAccount', () => {
    const objects = rendered(resolveFleet(fleet).sites[0]);
    const role = find(objects, 'ClusterRole');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/metrics', '/metrics/cadvisor'], verbs: ['get'] },
    ]);
    expect(find(objects, 'ClusterRoleBinding').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'prometheus-agent', namespace: 'edge-system' },
    ]);
    expect(find(objects, 'ServiceAccount').metadata).toMatchObject({ name: 'prometheus-agent', namespace: 'edge-system' });
  });

  it('renders valid Kubernetes objects', () => {
    for (const object of rendered(resolveFleet(fleet).sites[0])) expect(validateObject(object)).toEqual([]);
  });

  it('shares one workload between sites that differ only in their config', () => {
    const renderer = new UnitRenderer();
    const shops = resolveFleet(fleet).sites.filter((s) => ['berlin-mitte', 'oslo-grunerlokka'].includes(s.cluster));
    const [a, b] = shops.map((s) => renderer.render(metricsUnits(s, context)[0]));
    expect(a.hash).toBe(b.hash);
    expect(renderer.sharedRendered).toBe(1);
  });
});

describe('metrics settings', () => {
  function problemsWith(metrics: Record<string, unknown>) {
    const f = smallFleet({ sites: 1 });
    new EdgeSite(f.tier, 'probe', { nodes: [{ deviceClass: f.pi }], apps: [], metrics } as never);
    return resolveFleet(f.fleet).problems;
  }

  it('rejects min_shards above max_shards, naming site and field', () => {
    expect(problemsWith({ queue: { minShards: 20, maxShards: 4 } })).toEqual([
      expect.objectContaining({ site: 'probe', field: 'metrics.queue.minShards', message: expect.stringContaining('<= maxShards') }),
    ]);
  });

  it('rejects max_backoff below min_backoff, naming site and field', () => {
    expect(problemsWith({ queue: { minBackoff: '10s', maxBackoff: '500ms' } })).toEqual([
      expect.objectContaining({ site: 'probe', field: 'metrics.queue.maxBackoff', message: expect.stringContaining('>= minBackoff') }),
    ]);
  });

  it('rejects a retention that is not a Prometheus duration', () => {
    expect(problemsWith({ retention: '3 days' })).toEqual([expect.objectContaining({ site: 'probe', field: 'metrics.retention' })]);
  });
});
