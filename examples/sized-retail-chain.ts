import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from 'edgefleet';

/*
 * A retail chain of any size, for `npm run bench -- --app`: SITES shops
 * (@default 40) on one Raspberry Pi each, in four regions. The bench sets
 * SITES for each size it measures, and CHANGE=one-site (@default none) for
 * its one-site-change run, which this file answers by giving the first shop
 * an extra label.
 *   SITES=500 edgefleet synth --app examples/sized-retail-chain.ts --out out-sized
 *   npm run bench -- --app examples/sized-retail-chain.ts --sites 10000
 */
const sites = Number(process.env.SITES ?? 40);
if (!Number.isInteger(sites) || sites < 1) throw new Error(`SITES must be a whole number of at least 1, not "${process.env.SITES}"`);
const oneSiteChanged = process.env.CHANGE === 'one-site';

export const fleet = new Fleet(undefined, 'shopco-sized', {
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
const regions = ['north', 'south', 'east', 'west'].map((region) => new RegionalTier(fleet, region));
for (let i = 0; i < sites; i++) {
  new EdgeSite(regions[i % regions.length], `shop-${String(i).padStart(5, '0')}`, {
    nodes: [{ deviceClass: pi }],
    apps: [till, signage],
    wave: i < regions.length ? 'canary' : 'wave-1',
    ...(oneSiteChanged && i === 0 ? { labels: { refit: '2026' } } : {}),
  });
}
