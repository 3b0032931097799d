import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from 'edgefleet';

/*
 * One site per Kubernetes distribution, each with what its profile needs:
 * k0s ships no default StorageClass (the WAL volume names one), KubeEdge edge
 * nodes have no reachable kubelet (no nodeCidrs needed, no kubelet scrape).
 *   edgefleet synth --app examples/distributions.ts --out out-distributions
 *   edgefleet bootstrap --app examples/distributions.ts --out out-distributions-bootstrap
 */
export const fleet = new Fleet(undefined, 'labfleet', {
  gitops: { repoUrl: 'ssh://git@git.lab.example/edge/fleet.git' },
  hub: {
    metricsUrl: 'https://metrics.lab.example/api/v1/push',
    logsUrl: 'https://logs.lab.example/loki/api/v1/push',
    cidrs: ['198.51.100.0/24'],
  },
  bootstrap: { kubeconfigPath: 'kubeconfigs/{cluster}.yaml', registryMirrors: { 'docker.io': 'https://mirror.lab.example:5000' } },
});
const pc = new DeviceClass(fleet, 'nuc-16g', { arch: 'amd64', cpu: '4', memory: '16Gi' });
const pi = new DeviceClass(fleet, 'pi5-8g', {
  arch: 'arm64',
  cpu: '4',
  memory: '8Gi',
  taints: [{ key: 'lab.example/field', value: 'true', effect: 'NoSchedule' }],
});
const sensorHub = new EdgeApp(fleet, 'sensor-hub', {
  image: 'registry.lab.example/sensor-hub:1.4.0',
  arches: ['amd64', 'arm64'],
  requests: { cpu: '100m', memory: '128Mi' },
});

const lab = new RegionalTier(fleet, 'lab');
const lan = (octet: number) => ({ apiServerCidrs: [`10.60.${octet}.10/32`], nodeCidrs: [`10.60.${octet}.11/32`] });
new EdgeSite(lab, 'lab-k3s', { distribution: 'k3s', nodes: [{ deviceClass: pc }, { deviceClass: pi }], apps: [sensorHub], ...lan(1) });
new EdgeSite(lab, 'lab-k0s', {
  distribution: 'k0s',
  nodes: [{ deviceClass: pc }, { deviceClass: pi }],
  apps: [sensorHub],
  metrics: { storageClass: 'openebs-hostpath' },
  ...lan(2),
});
new EdgeSite(lab, 'lab-microk8s', {
  distribution: 'microk8s',
  nodes: [{ deviceClass: pc }, { deviceClass: pi }],
  apps: [sensorHub],
  ...lan(3),
});
new EdgeSite(lab, 'lab-kubeedge', {
  distribution: 'kubeedge',
  nodes: [{ deviceClass: pc }, { deviceClass: pi, count: 3 }],
  apps: [sensorHub],
  metrics: { storageClass: 'local-path' },
  gitops: { engine: 'fleet' },
  apiServerCidrs: ['10.60.4.10/32'],
});
