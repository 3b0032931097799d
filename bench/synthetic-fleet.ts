import { createHash } from 'node:crypto';
import { DeviceClass, EdgeApp, EdgeSite, Fleet, ImageLockData, RegionalTier } from '../lib';
import type { GitOpsDelivery } from '../lib/model/gitops-settings';
import { DEFAULT_SETTINGS } from '../lib/model/settings';

/*
 * A synthetic fleet of any size for the benchmark and for tests: sites spread
 * over nested tiers (region -> country group), five device classes, eight
 * apps of which each site runs 3 to 5, and whatever platform stack the real
 * model renders. Site i's shape is a pure function of i (`siteShape`), so a
 * test can tell which clusters a change affects without rendering.
 */

/** One input to change, for cache tests and the one-site-change benchmark. */
export type SyntheticChange =
  | 'none'
  /** A fleet-wide default (a label) every site inherits. */
  | 'fleet-default'
  /** A label on tier `emea-0` and so on its sites. */
  | 'tier-override'
  /** The arch of device class `nuc-8g` (amd64 to arm64). */
  | 'device-class'
  /** The image tag of app `app-3`. */
  | 'app-image'
  /** The lock entry (digest) of app `app-5`'s image; the fleet pins digests. */
  | 'lock-entry'
  /** The LAN (and a label) of the first site only. */
  | 'one-site'
  /** The fleet-wide metrics scrape interval: every cluster's files change. */
  | 'scrape-interval';

export interface SyntheticFleetOptions {
  /** Number of sites. */
  readonly sites: number;
  /** The input to change from the baseline fleet. @default 'none' */
  readonly change?: SyntheticChange;
  /** Flux delivery of every site (`gitops.delivery`); "oci" pulls from registry.example/edgefleet. @default 'git' */
  readonly delivery?: GitOpsDelivery;
}

const REGIONS = ['emea', 'americas', 'apac', 'maritime'];
const GROUPS_PER_REGION = 4;
const DEVICE_CLASSES = ['rpi4-4g', 'armv7-1g', 'jetson-orin-8g', 'ipc-x86-16g', 'nuc-8g'] as const;
const APPS = 8;

/** Node mixes; site i uses mix i % 4. Indexes into DEVICE_CLASSES with counts. */
const NODE_MIXES: [number, number][][] = [
  [[0, 2]],
  [
    [3, 1],
    [2, 2],
    [0, 1],
  ],
  [
    [4, 1],
    [1, 1],
  ],
  [
    [3, 1],
    [4, 2],
  ],
];

/** Which tier, device classes and apps site i has. */
export function siteShape(i: number): { cluster: string; region: string; tier: string; deviceClasses: string[]; apps: string[] } {
  const region = REGIONS[i % REGIONS.length];
  const tier = `${region}-${Math.floor(i / REGIONS.length) % GROUPS_PER_REGION}`;
  const mix = NODE_MIXES[i % NODE_MIXES.length];
  const appCount = 3 + (i % 3);
  const apps = Array.from({ length: appCount }, (_, k) => `app-${(i + k * 3) % APPS}`);
  // The GPU app only where a Jetson is.
  if (mix.some(([d]) => d === 2)) apps[0] = 'app-gpu';
  return {
    cluster: `site-${String(i).padStart(5, '0')}`,
    region,
    tier,
    deviceClasses: mix.map(([d]) => DEVICE_CLASSES[d]),
    apps: [...new Set(apps)].sort(),
  };
}

function fakeDigest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

const ALL_PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

function appImage(name: string, change: SyntheticChange): string {
  return `registry.example/edge/${name}:${name === 'app-3' && change === 'app-image' ? '1.1.0' : '1.0.0'}`;
}

/** Lock entries for the apps' and the platform's images. */
function imageLock(change: SyntheticChange): ImageLockData {
  const images: Record<string, ImageLockData['images'][string]> = {};
  const platformImages = Object.values(DEFAULT_SETTINGS.platformImages ?? {}).filter((v): v is string => typeof v === 'string');
  for (const image of platformImages) images[image] = { digest: fakeDigest(image), platforms: ALL_PLATFORMS };
  for (const name of [...Array.from({ length: APPS }, (_, k) => `app-${k}`), 'app-gpu']) {
    const image = appImage(name, change);
    const salt = name === 'app-5' && change === 'lock-entry' ? 'rebuilt' : '';
    images[image] = { digest: fakeDigest(image + salt), platforms: name === 'app-gpu' ? ['linux/arm64'] : ALL_PLATFORMS };
  }
  return { images };
}

/** Builds the synthetic fleet. */
export function syntheticFleet(options: SyntheticFleetOptions): Fleet {
  const change = options.change ?? 'none';
  const hub = (region: string) => ({
    metricsUrl: `https://metrics.${region}.hub.example/api/v1/push`,
    logsUrl: `https://logs.${region}.hub.example/loki/api/v1/push`,
    tenant: `edge-${region}`,
    cidrs: ['203.0.113.0/24'],
  });
  const fleet = new Fleet(undefined, 'synthetic', {
    gitops: {
      repoUrl: 'ssh://git@git.example/platform/edge-fleet.git',
      ...(options.delivery === 'oci' ? { delivery: 'oci' as const, ociRepository: 'registry.example/edgefleet' } : {}),
    },
    labels: { company: 'example', ...(change === 'fleet-default' ? { cost_center: 'edge-2' } : {}) },
    waves: ['canary', 'wave-1', 'wave-2'],
    imageLock: imageLock(change),
    pinDigests: true,
    ...(change === 'scrape-interval' ? { metrics: { scrapeInterval: '30s' } } : {}),
  });
  const deviceClasses = new Map<string, DeviceClass>([
    ['rpi4-4g', new DeviceClass(fleet, 'rpi4-4g', { arch: 'arm64', cpu: '4', memory: '4Gi', nodeLabels: { 'example.com/board': 'rpi4' } })],
    ['armv7-1g', new DeviceClass(fleet, 'armv7-1g', { arch: 'arm', cpu: '4', memory: '1Gi' })],
    [
      'jetson-orin-8g',
      new DeviceClass(fleet, 'jetson-orin-8g', {
        arch: 'arm64',
        cpu: '6',
        memory: '8Gi',
        gpu: { vendor: 'nvidia', count: 1 },
        taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
      }),
    ],
    ['ipc-x86-16g', new DeviceClass(fleet, 'ipc-x86-16g', { arch: 'amd64', cpu: '8', memory: '16Gi' })],
    [
      'nuc-8g',
      new DeviceClass(fleet, 'nuc-8g', {
        arch: change === 'device-class' ? 'arm64' : 'amd64',
        cpu: '4',
        memory: '8Gi',
        nodeLabels: { 'example.com/board': 'nuc' },
      }),
    ],
  ]);
  const apps = new Map<string, EdgeApp>();
  for (let k = 0; k < APPS; k++) {
    const name = `app-${k}`;
    apps.set(
      name,
      new EdgeApp(fleet, name, {
        image: appImage(name, change),
        ports: [{ name: 'http', port: 8080 + k }],
        env: { APP_INDEX: String(k), LOG_FORMAT: 'json' },
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { cpu: '250m', memory: '128Mi' },
        ...(k % 3 === 0 ? { configFiles: { 'app.yaml': `index: ${k}\nupstream: https://api.example/${name}\n` } } : {}),
        ...(k % 2 === 0 ? { egress: [{ cidr: '198.51.100.0/24', port: 443 }] } : {}),
      }),
    );
  }
  apps.set(
    'app-gpu',
    new EdgeApp(fleet, 'app-gpu', {
      image: appImage('app-gpu', change),
      gpu: { vendor: 'nvidia', count: 1 },
      requests: { cpu: '1', memory: '1Gi' },
      limits: { cpu: '2', memory: '2Gi' },
    }),
  );
  const tiers = new Map<string, RegionalTier>();
  for (const region of REGIONS) {
    const regionTier = new RegionalTier(fleet, region, {
      hub: hub(region),
      region,
      ...(region === 'maritime' ? { connectivity: 'rarely-connected' as const } : {}),
    });
    for (let g = 0; g < GROUPS_PER_REGION; g++) {
      const id = `${region}-${g}`;
      const labels = { country_group: id, ...(change === 'tier-override' && id === 'emea-0' ? { tier_flag: 'on' } : {}) };
      tiers.set(id, new RegionalTier(regionTier, id, { labels, ...(g === 3 ? { wave: 'wave-2' } : {}) }));
    }
  }
  for (let i = 0; i < options.sites; i++) {
    const shape = siteShape(i);
    const mix = NODE_MIXES[i % NODE_MIXES.length];
    new EdgeSite(tiers.get(shape.tier)!, shape.cluster, {
      nodes: mix.map(([d, count]) => ({ deviceClass: deviceClasses.get(DEVICE_CLASSES[d])!, count })),
      apps: shape.apps.map((a) => apps.get(a)!),
      wave: i % 50 === 0 ? 'canary' : undefined,
      labels: { site_kind: ['shop', 'factory', 'kiosk', 'depot'][i % 4], ...(change === 'one-site' && i === 0 ? { refit: '2026' } : {}) },
      apiServerCidrs: [`10.${(i >> 8) & 255}.${i & 255}.10/32`],
      // Every node's kubelet lives in the site's subnets.
      nodeCidrs: [`10.${(i >> 8) & 255}.${i & 255}.0/24`, ...(change === 'one-site' && i === 0 ? ['192.168.77.0/24'] : [])],
      lanCidrs: [`10.${(i >> 8) & 255}.${i & 255}.0/24`, ...(change === 'one-site' && i === 0 ? ['192.168.77.0/24'] : [])],
    });
  }
  return fleet;
}

/** Fleet module entry for `edgefleet synth --app`: size and change from EDGEFLEET_SYNTHETIC_SITES (@default 100) and EDGEFLEET_SYNTHETIC_CHANGE (@default none). */
export function fleetFromEnv(): Fleet {
  return syntheticFleet({
    sites: Number(process.env.EDGEFLEET_SYNTHETIC_SITES ?? 100),
    change: (process.env.EDGEFLEET_SYNTHETIC_CHANGE ?? 'none') as SyntheticChange,
  });
}

export default fleetFromEnv;
