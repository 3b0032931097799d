import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from '../../lib';
import type { DeviceClassProps, EdgeAppProps, EdgeSiteProps, FleetProps, RegionalTierProps } from '../../lib';

/** Knobs of the small test fleet. */
export interface SmallFleetOptions {
  /** Image of the web app. */
  readonly webImage?: string;
  /** Number of sites in the tier. */
  readonly sites?: number;
  /** Site numbers (1-based) that run only the web app. */
  readonly webOnly?: readonly number[];
  /** Fleet id. @default "test" */
  readonly fleetId?: string;
  /** Fleet props laid over the defaults (key by key, not deep). */
  readonly fleet?: Partial<FleetProps>;
  /** Props of the tier "eu". */
  readonly tier?: RegionalTierProps;
  /** Props of the device class "pi" laid over its defaults. */
  readonly pi?: Partial<DeviceClassProps>;
  /** Props of the app "web" laid over its defaults. */
  readonly web?: Partial<EdgeAppProps>;
  /** Id of the app "web". @default "web" */
  readonly webId?: string;
  /** Props of site shop-1 laid over its defaults, or a function of the fleet's device classes and apps giving them. */
  readonly site?:
    Partial<EdgeSiteProps> | ((parts: { pi: DeviceClass; ipc: DeviceClass; web: EdgeApp; worker: EdgeApp }) => Partial<EdgeSiteProps>);
}

/** A small valid fleet: one tier, an arm64 and an amd64 device class, two apps. */
export function smallFleet(options: SmallFleetOptions = {}) {
  const fleet = new Fleet(undefined, options.fleetId ?? 'test', {
    gitops: { repoUrl: 'https://git.example.com/fleet.git' },
    hub: {
      metricsUrl: 'https://hub.example.com/api/v1/write',
      logsUrl: 'https://hub.example.com/loki/api/v1/push',
      cidrs: ['198.51.100.0/24'],
    },
    apiServerCidrs: ['10.0.0.10/32'],
    nodeCidrs: ['10.0.0.11/32'],
    ...options.fleet,
  });
  const pi = new DeviceClass(fleet, 'pi', { arch: 'arm64', cpu: '4', memory: '4Gi', ...options.pi });
  const ipc = new DeviceClass(fleet, 'ipc', { arch: 'amd64', cpu: '4', memory: '8Gi' });
  const web = new EdgeApp(fleet, options.webId ?? 'web', {
    image: options.webImage ?? 'ghcr.io/example/web:1.0.0',
    arches: ['amd64', 'arm64'],
    ports: [{ name: 'http', port: 8080 }],
    requests: { cpu: '100m', memory: '64Mi' },
    ...options.web,
  });
  const worker = new EdgeApp(fleet, 'worker', {
    image: 'ghcr.io/example/worker:2.1.0',
    arches: ['amd64'],
    requests: { cpu: '50m', memory: '32Mi' },
  });
  const tier = new RegionalTier(fleet, 'eu', options.tier);
  const sites: EdgeSite[] = [];
  const shop1 = typeof options.site === 'function' ? options.site({ pi, ipc, web, worker }) : options.site;
  for (let i = 1; i <= (options.sites ?? 2); i++) {
    const apps = options.webOnly?.includes(i) ? [web] : [web, worker];
    sites.push(new EdgeSite(tier, `shop-${i}`, { nodes: [{ deviceClass: pi }, { deviceClass: ipc }], apps, ...(i === 1 ? shop1 : {}) }));
  }
  return { fleet, pi, ipc, web, worker, tier, sites };
}

/** The small fleet's parts, as mutations see them. */
export type SmallFleet = ReturnType<typeof smallFleet>;
