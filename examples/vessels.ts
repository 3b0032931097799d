import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from 'edgefleet';

/*
 * A shipping line: vessels on satellite links, offline for days. Every site is
 * rarely-connected, so metrics keep 72h of backlog and Flux polls slowly.
 *   edgefleet synth --app examples/vessels.ts --out out-vessels
 */
export const fleet = new Fleet(undefined, 'oceanline', {
  gitops: { repoUrl: 'ssh://git@git.oceanline.example/ops/vessels.git' },
  hub: {
    metricsUrl: 'https://thanos.oceanline.example/api/v1/receive',
    logsUrl: 'https://loki.oceanline.example/loki/api/v1/push',
    cidrs: ['198.51.100.0/24'],
  },
  connectivity: 'rarely-connected',
  // On every object of every vessel, and on its metrics and log lines (as external label `operator`).
  labels: { operator: 'oceanline' },
  apiServerCidrs: ['10.90.0.10/32'],
  // Every vessel's second PC: the Prometheus agent scrapes its kubelet too.
  nodeCidrs: ['10.90.0.11/32'],
});
const ipc = new DeviceClass(fleet, 'marine-ipc', {
  arch: 'amd64',
  cpu: '4',
  memory: '8Gi',
  disk: '120Gi',
  nodeLabels: { 'oceanline.example/rated': 'iec-60945' },
});
const engineMonitor = new EdgeApp(fleet, 'engine-monitor', {
  image: 'registry.oceanline.example/engine-monitor:2.3.4',
  arches: ['amd64'],
  requests: { cpu: '250m', memory: '256Mi' },
  egress: [{ cidr: '10.90.1.0/24', port: 502 }],
  ports: [{ name: 'http', port: 8080 }],
  // Readings buffered through days without a link, kept across restarts.
  volumes: [{ name: 'buffer', size: '20Gi', mountPath: '/var/lib/engine-monitor' }],
  placement: { deviceClasses: [ipc] },
  probes: { startup: { http: { port: 8080, path: '/healthz' } }, liveness: { http: { port: 8080, path: '/healthz' } } },
});
const fleetTier = new RegionalTier(fleet, 'container-ships');
for (const name of ['ms-aurora', 'ms-borealis', 'ms-caledonia', 'ms-dunmore', 'ms-elbe']) {
  new EdgeSite(fleetTier, name, { nodes: [{ deviceClass: ipc, count: 2 }], apps: [engineMonitor] });
}
