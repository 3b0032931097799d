import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from 'edgefleet';

/*
 * A retail chain: 40 small shops on one Raspberry Pi each, in two regions,
 * with a canary shop per region. Apps declare their arches (no image lock).
 *   edgefleet synth --app examples/retail-chain.ts --out out-retail
 */
export const fleet = new Fleet(undefined, 'shopco', {
  gitops: { repoUrl: 'https://git.shopco.example/edge/fleet.git', branch: 'production' },
  hub: {
    metricsUrl: 'https://mimir.shopco.example/api/v1/push',
    logsUrl: 'https://loki.shopco.example/loki/api/v1/push',
    tenant: 'shops',
    cidrs: ['192.0.2.0/24'],
  },
  apiServerCidrs: ['192.168.50.10/32'],
  lanCidrs: ['192.168.50.0/24'],
  waves: ['canary', 'wave-1'],
});
const pi = new DeviceClass(fleet, 'rpi5-8g', { arch: 'arm64', cpu: '4', memory: '8Gi' });
const till = new EdgeApp(fleet, 'till-sync', {
  image: 'registry.shopco.example/till-sync:7.2.0',
  arches: ['arm64', 'amd64'],
  ports: [{ name: 'http', port: 8080 }],
  requests: { cpu: '100m', memory: '128Mi' },
  lanIngress: [{ port: 8080 }],
  egress: [{ cidr: '192.0.2.0/24', port: 443 }],
});
const signage = new EdgeApp(fleet, 'signage', {
  image: 'registry.shopco.example/signage:3.0.1',
  arches: ['arm64'],
  requests: { cpu: '200m', memory: '256Mi' },
  configFiles: { 'playlist.json': '{"loop": true}\n' },
});
for (const [region, count] of [
  ['north', 20],
  ['south', 20],
] as const) {
  const tier = new RegionalTier(fleet, region);
  for (let i = 1; i <= count; i++) {
    new EdgeSite(tier, `${region}-shop-${String(i).padStart(3, '0')}`, {
      nodes: [{ deviceClass: pi }],
      apps: [till, signage],
      wave: i === 1 ? 'canary' : 'wave-1',
      connectivity: i % 5 === 0 ? 'intermittent' : 'always-on',
    });
  }
}
