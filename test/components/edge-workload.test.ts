import { App, Chart } from 'cdk8s';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { EdgeWorkload, EdgeWorkloadProps } from '../../lib/components/edge-workload';

const props: EdgeWorkloadProps = {
  name: 'pos',
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
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi', 'nvidia.com/gpu': 1 }, limits: { cpu: '200m', memory: '128Mi', 'nvidia.com/gpu': 1 } });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, runAsUser: 65532 });
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

  test('config files become a read-only mounted ConfigMap', () => {
    const withConfig = render('W', { ...props, configFiles: { 'app.yaml': 'a: 1\n' } });
    const configMap = withConfig.find((o) => o.kind === 'ConfigMap');
    expect(configMap.data).toEqual({ 'app.yaml': 'a: 1\n' });
    const mounts = withConfig.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].volumeMounts;
    expect(mounts).toContainEqual({ mountPath: '/etc/pos', name: 'config', readOnly: true });
  });
});
