import { App, Chart } from 'cdk8s';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { EdgeWorkload, EdgeWorkloadProps } from '../../lib/components/edge-workload';

const props: EdgeWorkloadProps = {
  name: 'pos',
  replicas: 1,
  configMountPath: '/etc/pos',
  writablePaths: ['/tmp'],
  runAsUser: 65532,
  containers: [
    {
      name: 'pos',
      image: 'ghcr.io/acme/pos:1.0.0',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      env: {},
      requests: { cpuMillis: 100, memoryMiB: 64 },
      limits: { cpuMillis: 200, memoryMiB: 128 },
    },
  ],
  arches: ['arm64', 'amd64'],
  extendedResources: { 'nvidia.com/gpu': 1 },
  placement: { deviceClasses: ['jetson'], tolerations: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] },
};

function render(constructId: string, p: EdgeWorkloadProps = props) {
  const chart = new Chart(new App(), 'chart', { namespace: 'apps', disableResourceNameHashes: true });
  new EdgeWorkload(chart, constructId, p);
  return chart.toJson();
}

describe('EdgeWorkload', () => {
  const objects = render('Workload');
  const deployment = objects.find((o) => o.kind === 'Deployment');
  const pod = deployment.spec.template.spec;

  test('edge defaults: one replica, IfNotPresent, explicit resources, non-root, read-only root', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    const container = pod.containers[0];
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '64Mi', 'nvidia.com/gpu': 1 },
      limits: { cpu: '200m', memory: '128Mi', 'nvidia.com/gpu': 1 },
    });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      runAsUser: 65532,
    });
    expect(pod.volumes).toEqual([{ name: 'writable-0', emptyDir: {} }]);
    expect(() => new Deployment(deployment).validate()).not.toThrow();
  });

  test('required node affinity: arch AND device class in one term; taints tolerated', () => {
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      {
        matchExpressions: [
          { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64', 'amd64'] },
          { key: 'edgefleet.io/device-class', operator: 'In', values: ['jetson'] },
        ],
      },
    ]);
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('selector and pod labels do not depend on the construct path', () => {
    const renamed = render('SomethingElse').find((o) => o.kind === 'Deployment');
    expect(renamed).toEqual(deployment);
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'pos' } });
    expect(JSON.stringify(deployment)).not.toContain('cdk8s.io/metadata.addr');
    const service = objects.find((o) => o.kind === 'Service');
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'pos' });
  });

  test('a config ConfigMap is referenced by name, never created in the shared base (Kustomize generates it per cluster)', () => {
    const withConfig = render('W', { ...props, configMapName: 'pos-config' });
    expect(withConfig.find((o) => o.kind === 'ConfigMap')).toBeUndefined();
    const spec = withConfig.find((o) => o.kind === 'Deployment').spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'pos-config' } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/etc/pos', name: 'config', readOnly: true });
  });

  test('probes, persistent volumes and pull secrets on the main container and pod', () => {
    const probe = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 };
    const full = render('W', {
      ...props,
      probes: {
        startup: { ...probe, http: { port: 8080, path: '/healthz' } },
        liveness: { ...probe, tcp: { port: 8080 } },
        readiness: { ...probe, exec: { command: ['check'] } },
      },
      volumes: [
        {
          name: 'buffer',
          claimName: 'pos-buffer',
          size: '2Gi',
          sizeMiB: 2048,
          mountPath: '/var/lib/pos',
          accessMode: 'ReadWriteOnce',
          storageClass: 'local-path',
        },
      ],
      imagePullSecrets: ['registry'],
    });
    const deployment = full.find((o) => o.kind === 'Deployment');
    const pod = deployment.spec.template.spec;
    const main = pod.containers[0];
    expect(main.startupProbe).toEqual({
      httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 30,
    });
    expect(main.livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(main.readinessProbe.exec).toEqual({ command: ['check'] });
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(pod.volumes).toContainEqual({ name: 'data-buffer', persistentVolumeClaim: { claimName: 'pos-buffer', readOnly: false } });
    expect(main.volumeMounts).toContainEqual({ mountPath: '/var/lib/pos', name: 'data-buffer' });
    const claim = full.find((o) => o.kind === 'PersistentVolumeClaim');
    expect(claim).toMatchObject({
      metadata: { name: 'pos-buffer' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } }, storageClassName: 'local-path' },
    });
    expect(() => new Deployment(deployment).validate()).not.toThrow();
    expect(() => new PersistentVolumeClaim(claim).validate()).not.toThrow();
  });
});
