import { join } from 'node:path';
import { EdgeSite, Fleet, readImageLock, RegionalTier, TRIMMED_FLUX_COMPONENTS } from 'edgefleet';
import { defineApps } from './apps';
import { defineDeviceClasses } from './device-classes';

/*
 * Acme's edge fleet: shops and factories in Europe and North America, and
 * cargo vessels on satellite links. `npm run synth` renders it into out/.
 */
export const fleet = new Fleet(undefined, 'acme', {
  gitops: { repoUrl: 'ssh://git@git.acme.example/platform/edge-fleet.git', branch: 'main' },
  hub: { cidrs: ['203.0.113.0/24'] },
  labels: { company: 'acme' },
  waves: ['canary', 'wave-1', 'wave-2'],
  imageLock: readImageLock(join(__dirname, 'images.lock.json')),
});
const dc = defineDeviceClasses(fleet);
const apps = defineApps(fleet, dc);

/** The POS credentials of a region, sealed with kubeseal for the apps namespace (the controller alone can decrypt them). */
const posCredentials = (region: string, sealed: string) => ({
  'pos-gateway': {
    secretFiles: {
      'pos-credentials.yaml': `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: pos-credentials
  namespace: edge-apps
  annotations:
    acme.example/region: ${region}
spec:
  encryptedData:
    token: ${sealed}
`,
    },
  },
});

/** Each plant's PLC and its register map. */
const plcValues = (address: string, registers: string) => ({
  'plc-bridge': { env: { PLC_ADDRESS: address }, configFiles: { 'registers.yaml': registers } },
});

const hub = (region: string) => ({
  metricsUrl: `https://metrics.${region}.hub.acme.example/api/v1/push`,
  logsUrl: `https://logs.${region}.hub.acme.example/loki/api/v1/push`,
  tenant: `edge-${region}`,
});

const emea = new RegionalTier(fleet, 'emea', {
  hub: hub('emea'),
  region: 'eu-central',
  appValues: posCredentials('emea', 'AgBy3i4OJSWK+PiTySYZZA1rO43cGDEq'),
});
const dach = new RegionalTier(emea, 'dach', { labels: { country_group: 'dach' } });
const nordics = new RegionalTier(emea, 'nordics', { labels: { country_group: 'nordics' }, wave: 'wave-2' });
const americas = new RegionalTier(fleet, 'americas', {
  hub: hub('americas'),
  region: 'us-east',
  wave: 'wave-2',
  appValues: posCredentials('americas', 'AgCtr8Hz2mQx7Lw0Bd9KfP3sVn6YeR1u'),
});
const maritime = new RegionalTier(fleet, 'maritime', {
  hub: { ...hub('maritime'), cidrs: ['203.0.113.0/24', '192.0.2.0/28'] },
  connectivity: 'rarely-connected',
  region: 'global',
});

/** Every site's server node sits at .10 of its /24 LAN, its other nodes at .11, .12 and so on. */
function lan(octet2: number, octet3: number, nodes: number) {
  const node = (i: number) => `10.${octet2}.${octet3}.${10 + i}/32`;
  return {
    apiServerCidrs: [node(0)],
    nodeCidrs: Array.from({ length: nodes - 1 }, (_, i) => node(i + 1)),
    lanCidrs: [`10.${octet2}.${octet3}.0/24`],
  };
}

const shops: [RegionalTier, string, number, 'always-on' | 'intermittent', string?][] = [
  [dach, 'hamburg-altona', 1, 'always-on', 'canary'],
  [dach, 'berlin-mitte', 2, 'always-on'],
  [dach, 'munich-pasing', 3, 'always-on'],
  [dach, 'vienna-west', 4, 'intermittent'],
  [dach, 'zurich-oerlikon', 5, 'always-on'],
  [dach, 'cologne-deutz', 6, 'always-on', 'wave-2'],
  [nordics, 'oslo-grunerlokka', 7, 'always-on', 'canary'],
  [nordics, 'tromso-sentrum', 8, 'intermittent'],
  [nordics, 'stockholm-soder', 9, 'always-on'],
  [nordics, 'helsinki-kallio', 10, 'always-on'],
  [americas, 'boston-backbay', 11, 'always-on', 'canary'],
  [americas, 'chicago-loop', 12, 'always-on'],
  [americas, 'denver-lodo', 13, 'always-on'],
  [americas, 'anchorage-midtown', 14, 'intermittent'],
  [americas, 'toronto-annex', 15, 'always-on'],
];
for (const [tier, name, octet, connectivity, wave] of shops) {
  // Older shops still run the 1 GiB armv7 board next to a Pi.
  const legacy = octet % 3 === 0;
  new EdgeSite(tier, name, {
    nodes: legacy ? [{ deviceClass: dc.rpi4 }, { deviceClass: dc.armv7 }] : [{ deviceClass: dc.rpi4, count: 2 }],
    apps: [apps.posGateway, apps.shelfSensors],
    connectivity,
    wave,
    labels: { site_kind: 'shop' },
    ...lan(1, octet, 2),
  });
}

const kiosks: [RegionalTier, string, number][] = [
  [dach, 'frankfurt-hbf-kiosk', 20],
  [nordics, 'bergen-bryggen-kiosk', 21],
  [americas, 'newark-airport-kiosk', 22],
];
for (const [tier, name, octet] of kiosks) {
  new EdgeSite(tier, name, {
    nodes: [{ deviceClass: dc.armv7 }],
    apps: [apps.shelfSensors],
    connectivity: 'intermittent',
    labels: { site_kind: 'kiosk' },
    // The 1 GiB board has room for two Flux controllers only, not the four `flux bootstrap` installs.
    gitopsAgent: { fluxComponents: TRIMMED_FLUX_COMPONENTS },
    ...lan(1, octet, 1),
  });
}

const factories: [RegionalTier, string, number, string?][] = [
  [dach, 'stuttgart-plant', 1, 'canary'],
  [dach, 'linz-plant', 2],
  [nordics, 'gothenburg-plant', 3],
  [americas, 'detroit-plant', 4],
  [americas, 'monterrey-plant', 5],
  [americas, 'ohio-distribution', 6],
];
for (const [tier, name, octet, wave] of factories) {
  new EdgeSite(tier, name, {
    nodes: [{ deviceClass: dc.ipc }, { deviceClass: dc.jetson, count: 2 }, { deviceClass: dc.rpi4 }],
    apps: [apps.plcBridge, apps.visionInspector, apps.shelfSensors],
    wave,
    labels: { site_kind: 'factory' },
    appValues: plcValues(`10.2.${octet}.50`, `holding:\n  - { address: ${40001 + octet}, name: line_speed }\n`),
    ...lan(2, octet, 4),
  });
}

const vessels: [string, number, string?][] = [
  ['mv-nordlys', 1, 'canary'],
  ['mv-southern-cross', 2],
  ['mv-baltic-trader', 3],
  ['mv-cape-horn', 4],
];
for (const [name, octet, wave] of vessels) {
  new EdgeSite(maritime, name, {
    nodes: [{ deviceClass: dc.ipc }, { deviceClass: dc.rpi4 }],
    apps: [apps.navTelemetry, apps.shelfSensors],
    wave,
    labels: { site_kind: 'vessel' },
    ...lan(3, octet, 2),
  });
}

const windFarms: [string, number][] = [
  ['windfarm-hornsea', 1],
  ['windfarm-borkum', 2],
];
for (const [name, octet] of windFarms) {
  new EdgeSite(nordics, name, {
    nodes: [{ deviceClass: dc.rpi4, count: 3 }],
    apps: [apps.plcBridge, apps.turbineGuard],
    connectivity: 'intermittent',
    labels: { site_kind: 'wind-farm' },
    appValues: plcValues(`10.4.${octet}.50`, 'holding:\n  - { address: 30001, name: rotor_rpm }\n'),
    // Offshore: a critical alert must brake the turbine even while the link to the hub is down.
    alerting: {
      local: true,
      hubWebhookUrl: 'https://alerts.emea.hub.acme.example/api/v1/edge-alerts',
      criticalWebhooks: [{ app: 'turbine-guard', port: 8080, path: '/v1/alerts' }],
    },
    ...lan(4, octet, 3),
  });
}
