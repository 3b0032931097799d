import { App, Chart } from 'cdk8s';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { checkPolicy } from '../../lib/checks/policy';
import { ANNOTATIONS } from '../../lib/model/label-keys';
import { Promtail, PROMTAIL_CONFIG_FILE, PROMTAIL_CONFIG_MAP } from '../../lib/components/promtail';
import { PROMTAIL_HTTP_PORT, PROMTAIL_STATE_DIR, promtailConfig } from '../../lib/components/promtail-config';
import type { ResolvedSite } from '../../lib/model/resolved-site';
import type { KubeObject } from '../../lib/util/kube-object';

function render(): KubeObject[] {
  const chart = new Chart(new App(), 'logs', { namespace: 'edge-system', disableResourceNameHashes: true });
  new Promtail(chart, 'Promtail', { image: 'docker.io/grafana/promtail:3.6.2', arches: ['arm64', 'arm'] });
  return chart.toJson();
}

describe('Promtail DaemonSet', () => {
  const objects = render();
  const ds = objects.find((o) => o.kind === 'DaemonSet') as any;
  const pod = ds.spec.template.spec;
  const container = pod.containers[0];
  const mount = (name: string) => container.volumeMounts.find((m: any) => m.name === name);
  const volume = (name: string) => pod.volumes.find((v: any) => v.name === name);

  test('validates against the Kubernetes OpenAPI schema, with its RBAC', () => {
    expect(() => new DaemonSet(ds).validate()).not.toThrow();
    // The validator can fail: a container without a name is rejected.
    const broken = JSON.parse(JSON.stringify(ds));
    delete broken.spec.template.spec.containers[0].name;
    expect(() => new DaemonSet(broken).validate()).toThrow();
    expect(() => new ServiceAccount(objects.find((o) => o.kind === 'ServiceAccount') as any).validate()).not.toThrow();
    expect(() => new ClusterRole(objects.find((o) => o.kind === 'ClusterRole') as any).validate()).not.toThrow();
    expect(() => new ClusterRoleBinding(objects.find((o) => o.kind === 'ClusterRoleBinding') as any).validate()).not.toThrow();
  });

  test("HOSTNAME comes from spec.nodeName (Promtail drops other nodes' targets)", () => {
    expect(container.env).toContainEqual({ name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  test('/var/log/pods is a read-only hostPath; positions live on a writable hostPath', () => {
    expect(mount('pod-logs')).toEqual({ name: 'pod-logs', mountPath: '/var/log/pods', readOnly: true });
    expect(volume('pod-logs').hostPath).toEqual({ path: '/var/log/pods', type: 'Directory' });
    expect(volume('state').hostPath).toEqual({ path: PROMTAIL_STATE_DIR, type: 'DirectoryOrCreate' });
    expect(mount('state').readOnly).toBeUndefined();
    // The positions file the config names must be on that hostPath, or positions die with the pod.
    const positions = (
      promtailConfig({ pushUrl: 'https://h/loki/api/v1/push', externalLabels: {}, connectivity: 'always-on' }).positions as any
    ).filename;
    expect(positions.startsWith(`${mount('state').mountPath}/`)).toBe(true);
  });

  test('reads its config from the per-cluster ConfigMap by plain name', () => {
    expect(container.args).toEqual([`-config.file=${mount('config').mountPath}/${PROMTAIL_CONFIG_FILE}`]);
    expect(mount('config').readOnly).toBe(true);
    expect(volume('config').configMap).toEqual({ name: PROMTAIL_CONFIG_MAP });
  });

  test('readiness is GET /ready on the port the config listens on', () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: PROMTAIL_HTTP_PORT, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    const server = promtailConfig({ pushUrl: 'https://h/loki/api/v1/push', externalLabels: {}, connectivity: 'always-on' }).server as any;
    expect(server.http_listen_port).toBe(PROMTAIL_HTTP_PORT);
  });

  test('root with a read-only root filesystem, declared by annotation; the policy check accepts it', () => {
    expect(pod.securityContext).toMatchObject({ runAsUser: 0 });
    expect(container.securityContext).toEqual({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      runAsUser: 0,
      capabilities: { drop: ['ALL'] },
    });
    expect(ds.metadata.annotations[ANNOTATIONS.runsAsRoot]).toMatch(/\/var\/log\/pods/);
    const site = { path: 'f/s', cluster: 's' } as ResolvedSite;
    expect(checkPolicy(site, { name: 'promtail', placement: 'shared', hash: 'x', objects, yaml: '', configMaps: [] })).toEqual([]);
  });

  test('small explicit requests and limits, GOMEMLIMIT under the limit', () => {
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } });
    expect(container.env).toContainEqual({ name: 'GOMEMLIMIT', value: '108MiB' });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('runs on every node: every taint tolerated, required arch affinity', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64', 'arm'] }] },
    ]);
  });

  test('RBAC: get/list/watch on pods, nodes and services only, bound to its own ServiceAccount', () => {
    const role = objects.find((o) => o.kind === 'ClusterRole') as any;
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['nodes', 'pods', 'services'], verbs: ['get', 'list', 'watch'] }]);
    const binding = objects.find((o) => o.kind === 'ClusterRoleBinding') as any;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'promtail', namespace: 'edge-system' }]);
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(pod.serviceAccountName).toBe('promtail');
  });
});
