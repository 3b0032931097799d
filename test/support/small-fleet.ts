import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from '../../lib';

/** Knobs of the small test fleet. */
export interface SmallFleetOptions {
  /** Image of the web app. */
  readonly webImage?: string;
  /** Number of sites in the tier. */
  readonly sites?: number;
  /** Site numbers (1-based) that run only the web app. */
  readonly webOnly?: readonly number[];
}

/** A small valid fleet: one tier, an arm64 and an amd64 device class, two apps. */
export function smallFleet(options: SmallFleetOptions = {}) {
  const fleet = new Fleet(undefined, 'test', {
    gitops: { repoUrl: 'https://git.example.com/fleet.git' },
    hub: { metricsUrl: 'https://hub.example.com/api/v1/write', logsUrl: 'https://hub.example.com/loki/api/v1/push', cidrs: ['198.51.100.0/24'] },
    apiServerCidrs: ['10.0.0.10/32'],
    nodeCidrs: ['10.0.0.11/32'],
  });
  const pi = new DeviceClass(fleet, 'pi', { arch: 'arm64', cpu: '4', memory: '4Gi' });
  const ipc = new DeviceClass(fleet, 'ipc', { arch: 'amd64', cpu: '4', memory: '8Gi' });
  const web = new EdgeApp(fleet, 'web', {
    image: options.webImage ?? 'ghcr.io/example/web:1.0.0',
    arches: ['amd64', 'arm64'],
    ports: [{ name: 'http', port: 8080 }],
    requests: { cpu: '100m', memory: '64Mi' },
  });
  const worker = new EdgeApp(fleet, 'worker', { image: 'ghcr.io/example/worker:2.1.0', arches: ['amd64'], requests: { cpu: '50m', memory: '32Mi' } });
  const tier = new RegionalTier(fleet, 'eu');
  const sites: EdgeSite[] = [];
  for (let i = 1; i <= (options.sites ?? 2); i++) {
    const apps = options.webOnly?.includes(i) ? [web] : [web, worker];
    sites.push(new EdgeSite(tier, `shop-${i}`, { nodes: [{ deviceClass: pi }, { deviceClass: ipc }], apps }));
  }
  return { fleet, pi, ipc, web, worker, tier, sites };
}
