import { EdgeApp, Fleet } from 'edgefleet';
import type { DeviceClasses } from './device-classes';

/** The apps Acme runs at the edge; their arches come from images.lock.json. */
export function defineApps(fleet: Fleet, dc: DeviceClasses) {
  const shelfSensors = new EdgeApp(fleet, 'shelf-sensors', {
    image: 'ghcr.io/acme-retail/shelf-sensors:1.9.0',
    ports: [{ name: 'mqtt', port: 1883 }],
    requests: { cpu: '50m', memory: '48Mi' },
    limits: { cpu: '200m', memory: '64Mi' },
    // Shelf sensors publish straight to the node running the broker.
    lanIngress: [{ port: 1883 }],
    lanExposure: 'hostPort',
  });
  const posGateway = new EdgeApp(fleet, 'pos-gateway', {
    image: 'ghcr.io/acme-retail/pos-gateway:2.4.1',
    ports: [
      { name: 'https', port: 8443 },
      { name: 'metrics', port: 9102 },
    ],
    env: { POS_MODE: 'store', LOG_FORMAT: 'json' },
    // The credentials differ by region: each tier brings its own SealedSecret (appValues in fleet.ts).
    secretEnv: { POS_API_TOKEN: { secret: 'pos-credentials', key: 'token' } },
    metrics: { port: 9102 },
    requests: { cpu: '100m', memory: '96Mi' },
    limits: { cpu: '500m', memory: '128Mi' },
    configFiles: { 'gateway.yaml': 'upstream: https://pos.acme.example\nbufferDays: 7\n' },
    talksTo: [{ app: shelfSensors, port: 1883 }],
    egress: [{ cidr: '198.51.100.0/24', port: 443 }],
    // Tills reach it through k3s ServiceLB on every node's address.
    lanIngress: [{ port: 8443 }],
    // Slow SD-card boards: the startup probe allows 5 minutes (the default) before liveness takes over.
    probes: { startup: { tcp: { port: 8443 } }, liveness: { tcp: { port: 8443 } }, readiness: { tcp: { port: 8443 } } },
    // Sales buffered while the shop is offline survive a restart.
    volumes: [{ name: 'buffer', size: '2Gi', mountPath: '/var/lib/pos-gateway' }],
    lanExposure: 'LoadBalancer',
  });
  const visionInspector = new EdgeApp(fleet, 'vision-inspector', {
    image: 'ghcr.io/acme-retail/vision-inspector:0.14.2',
    gpu: { vendor: 'nvidia', count: 1 },
    // One per Jetson: the capacity check adds up the GPUs of every replica.
    replicas: 2,
    requests: { cpu: '1', memory: '1536Mi' },
    limits: { cpu: '2', memory: '2Gi' },
    writablePaths: ['/tmp', '/var/cache/models'],
  });
  const plcBridge = new EdgeApp(fleet, 'plc-bridge', {
    image: 'ghcr.io/acme-retail/plc-bridge:3.2.0',
    ports: [{ name: 'opcua', port: 4840 }],
    // PLC_ADDRESS and registers.yaml differ by site: see appValues in fleet.ts.
    env: { PLC_PROTOCOL: 'modbus-tcp' },
    configFiles: { 'registers.yaml': 'holding: []\n' },
    requests: { cpu: '200m', memory: '256Mi' },
    limits: { cpu: '1', memory: '384Mi' },
    egress: [{ cidr: '10.20.0.0/16', port: 502 }],
  });
  const navTelemetry = new EdgeApp(fleet, 'nav-telemetry', {
    image: 'ghcr.io/acme-retail/nav-telemetry:5.0.3',
    requests: { cpu: '50m', memory: '64Mi' },
    limits: { cpu: '250m', memory: '96Mi' },
    egress: [{ cidr: '10.77.0.0/24', port: 10110, protocol: 'UDP' }],
    // Days of track points at sea: on the industrial PC's disk, not the Pi's SD card.
    placement: { deviceClasses: [dc.ipc] },
    volumes: [{ name: 'track', size: '8Gi', mountPath: '/var/lib/nav-telemetry' }],
    probes: { liveness: { exec: { command: ['/nav-telemetry', 'healthcheck'] } } },
  });
  // Takes Alertmanager webhooks on the wind farms and brakes a turbine on a critical alert, link or no link.
  const turbineGuard = new EdgeApp(fleet, 'turbine-guard', {
    image: 'ghcr.io/acme-retail/turbine-guard:1.2.0',
    ports: [{ name: 'http', port: 8080 }],
    requests: { cpu: '20m', memory: '32Mi' },
    limits: { cpu: '100m', memory: '48Mi' },
    talksTo: [{ app: plcBridge, port: 4840 }],
    alertRules: {
      TurbineGuardDown: {
        expr: 'up{job="pods", container="turbine-guard"} == 0',
        for: '2m',
        severity: 'critical',
        annotations: { summary: 'turbine-guard on {{ $labels.pod }} does not answer scrapes.' },
      },
    },
  });
  return { shelfSensors, posGateway, visionInspector, plcBridge, navTelemetry, turbineGuard };
}
export type Apps = ReturnType<typeof defineApps>;
