import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from '../../lib';
import type { SettingsOverrides } from '../../lib/model/settings';

/**
 * A two-site fleet for upgrade tests: `ship-1` takes the given settings,
 * `shop-2` only the fleet's (`everywhere`).
 */
export function upgradeFleet(ship: SettingsOverrides = {}, everywhere: SettingsOverrides = {}): Fleet {
  const fleet = new Fleet(undefined, 'test', {
    ...everywhere,
    gitops: { repoUrl: 'https://git.example.com/fleet.git' },
    hub: {
      metricsUrl: 'https://hub.example.com/api/v1/write',
      logsUrl: 'https://hub.example.com/loki/api/v1/push',
      cidrs: ['198.51.100.0/24'],
    },
    apiServerCidrs: ['10.0.0.10/32'],
  });
  const pi = new DeviceClass(fleet, 'pi', { arch: 'arm64', cpu: '4', memory: '4Gi' });
  const web = new EdgeApp(fleet, 'web', {
    image: 'ghcr.io/example/web:1.0.0',
    arches: ['arm64'],
    ports: [{ name: 'http', port: 8080 }],
    requests: { cpu: '100m', memory: '64Mi' },
  });
  const tier = new RegionalTier(fleet, 'sea');
  new EdgeSite(tier, 'ship-1', { nodes: [{ deviceClass: pi }], apps: [web], ...ship });
  new EdgeSite(tier, 'shop-2', { nodes: [{ deviceClass: pi }], apps: [web] });
  return fleet;
}
