import { DeviceClass, EdgeApp, Fleet } from 'edgefleet';

/* The shopco retail chain's fleet settings, device class and apps, shared by retail-chain.ts (40 shops) and sized-retail-chain.ts (SITES shops). */

/** The chain's fleet, its device class and its apps, without shops. */
export function shopcoFleet(id: string): { fleet: Fleet; pi: DeviceClass; till: EdgeApp; signage: EdgeApp } {
  const fleet = new Fleet(undefined, id, {
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
  return { fleet, pi, till, signage };
}
