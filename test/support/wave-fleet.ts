import { DeviceClass, EdgeApp, EdgeSite, Fleet, GitOpsSettings, RegionalTier, RolloutSettings } from '../../lib';

/** Knobs of the wave test fleet. */
export interface WaveFleetOptions {
  /** Image of the web app. @default "ghcr.io/example/web:1.0.0" */
  readonly webImage?: string;
  /** The fleet's rollout settings. @default { soak: "1h" } */
  readonly rollout?: RolloutSettings;
  /** Wave of each site shop-1, shop-2, ... @default ["canary", "wave-1", "wave-2"] */
  readonly waves?: readonly string[];
  /** gitops settings beside the repoUrl. @default none */
  readonly gitops?: GitOpsSettings;
  /** Extra labels of one site, by site name. @default none */
  readonly siteLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A small fleet with one site per wave (waves canary, wave-1, wave-2, wave-3; wave-3 empty by default). */
export function waveFleet(options: WaveFleetOptions = {}): Fleet {
  const fleet = new Fleet(undefined, 'test', {
    gitops: { repoUrl: 'https://git.example.com/fleet.git', ...options.gitops },
    hub: {
      metricsUrl: 'https://hub.example.com/api/v1/write',
      logsUrl: 'https://hub.example.com/loki/api/v1/push',
      cidrs: ['198.51.100.0/24'],
    },
    apiServerCidrs: ['10.0.0.10/32'],
    rollout: options.rollout ?? { soak: '1h' },
  });
  const pi = new DeviceClass(fleet, 'pi', { arch: 'arm64', cpu: '4', memory: '4Gi' });
  const web = new EdgeApp(fleet, 'web', {
    image: options.webImage ?? 'ghcr.io/example/web:1.0.0',
    arches: ['arm64'],
    requests: { cpu: '100m', memory: '64Mi' },
  });
  const tier = new RegionalTier(fleet, 'eu');
  (options.waves ?? ['canary', 'wave-1', 'wave-2']).forEach((wave, i) => {
    const name = `shop-${i + 1}`;
    const labels = options.siteLabels?.[name];
    new EdgeSite(tier, name, { nodes: [{ deviceClass: pi }], apps: [web], wave, ...(labels ? { labels } : {}) });
  });
  return fleet;
}
