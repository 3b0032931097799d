import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from 'edgefleet';

/*
 * Factories: an x86 industrial PC plus Jetson boards for visual inspection on
 * the line. The inspector needs a GPU and is placed on Jetson nodes only.
 *   edgefleet synth --app examples/factories.ts --out out-factories
 */
export const fleet = new Fleet(undefined, 'makerworks', {
  gitops: { repoUrl: 'https://git.makerworks.example/ot/edge.git' },
  hub: {
    metricsUrl: 'https://prom.makerworks.example/api/v1/write',
    logsUrl: 'https://loki.makerworks.example/loki/api/v1/push',
    cidrs: ['203.0.113.64/26'],
  },
});
const ipc = new DeviceClass(fleet, 'ipc-x86', { arch: 'amd64', cpu: '8', memory: '16Gi' });
const jetson = new DeviceClass(fleet, 'jetson-orin', {
  arch: 'arm64',
  cpu: '6',
  memory: '8Gi',
  gpu: { vendor: 'nvidia' },
  taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
});
const mes = new EdgeApp(fleet, 'mes-connector', {
  image: 'registry.makerworks.example/mes-connector:4.1.0',
  arches: ['amd64'],
  ports: [{ name: 'metrics', port: 9400 }],
  metrics: { port: 9400 },
  requests: { cpu: '500m', memory: '512Mi' },
});
const inspector = new EdgeApp(fleet, 'inspector', {
  image: 'registry.makerworks.example/inspector:1.8.0',
  arches: ['arm64'],
  gpu: { vendor: 'nvidia' },
  requests: { cpu: '1', memory: '2Gi' },
});
// Stops the line on a critical alert from the site's own Alertmanager, whether or not the hub is reachable.
const lineStop = new EdgeApp(fleet, 'line-stop', {
  image: 'registry.makerworks.example/line-stop:2.0.1',
  arches: ['amd64', 'arm64'],
  ports: [{ name: 'http', port: 9000 }],
  requests: { cpu: '10m', memory: '24Mi' },
});
const plants = new RegionalTier(fleet, 'plants', {
  alerting: {
    local: true,
    hubWebhookUrl: 'https://alerts.makerworks.example/edge',
    criticalWebhooks: [{ app: 'line-stop', port: 9000, path: '/alert' }],
    rules: {
      InspectorStalled: {
        expr: 'rate(container_cpu_usage_seconds_total{job="cadvisor", container="inspector"}[10m]) < 0.01',
        for: '15m',
        severity: 'critical',
        annotations: { summary: 'The inspector on {{ $labels.instance }} has stopped working.' },
      },
    },
  },
});
['lyon', 'turin', 'brno'].forEach((city, i) => {
  new EdgeSite(plants, `${city}-plant`, {
    nodes: [{ deviceClass: ipc }, { deviceClass: jetson, count: 2 }],
    apps: [mes, inspector, lineStop],
    // Each plant's MES endpoint differs: one EdgeApp, a value per site.
    appValues: { 'mes-connector': { env: { MES_URL: `https://mes.${city}.makerworks.example` } } },
    apiServerCidrs: [`10.${i + 1}.0.10/32`],
    // The two Jetsons: the Prometheus agent scrapes their kubelets too.
    nodeCidrs: [`10.${i + 1}.0.11/32`, `10.${i + 1}.0.12/32`],
  });
});
