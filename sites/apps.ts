import { EdgeApp, Fleet } from 'edgefleet';

/** The apps Acme runs at the edge; their arches come from images.lock.json. */
export function defineApps(fleet: Fleet) {
  const shelfSensors = new EdgeApp(fleet, 'shelf-sensors', {
    image: 'ghcr.io/acme-retail/shelf-sensors:1.9.0',
    ports: [{ name: 'mqtt', port: 1883 }],
    requests: { cpu: '50m', memory: '48Mi' },
    limits: { cpu: '200m', memory: '64Mi' },
    lanIngress: [{ port: 1883 }],
  });
  const posGateway = new EdgeApp(fleet, 'pos-gateway', {
    image: 'ghcr.io/acme-retail/pos-gateway:2.4.1',
    ports: [{ name: 'https', port: 8443 }],
    env: { POS_MODE: 'store', LOG_FORMAT: 'json' },
    requests: { cpu: '100m', memory: '96Mi' },
    limits: { cpu: '500m', memory: '128Mi' },
    configFiles: { 'gateway.yaml': 'upstream: https://pos.acme.example\nbufferDays: 7\n' },
    talksTo: [{ app: shelfSensors, port: 1883 }],
    egress: [{ cidr: '198.51.100.0/24', port: 443 }],
    lanIngress: [{ port: 8443 }],
  });
  const visionInspector = new EdgeApp(fleet, 'vision-inspector', {
    image: 'ghcr.io/acme-retail/vision-inspector:0.14.2',
    gpu: { vendor: 'nvidia', count: 1 },
    requests: { cpu: '1', memory: '1536Mi' },
    limits: { cpu: '2', memory: '2Gi' },
    writablePaths: ['/tmp', '/var/cache/models'],
  });
  const plcBridge = new EdgeApp(fleet, 'plc-bridge', {
    image: 'ghcr.io/acme-retail/plc-bridge:3.2.0',
    ports: [{ name: 'opcua', port: 4840 }],
    requests: { cpu: '200m', memory: '256Mi' },
    limits: { cpu: '1', memory: '384Mi' },
    egress: [{ cidr: '10.20.0.0/16', port: 502 }],
  });
  const navTelemetry = new EdgeApp(fleet, 'nav-telemetry', {
    image: 'ghcr.io/acme-retail/nav-telemetry:5.0.3',
    requests: { cpu: '50m', memory: '64Mi' },
    limits: { cpu: '250m', memory: '96Mi' },
    egress: [{ cidr: '10.77.0.0/24', port: 10110, protocol: 'UDP' }],
  });
  // Takes Alertmanager webhooks on the wind farms and brakes a turbine on a critical alert, link or no link.
  const turbineGuard = new EdgeApp(fleet, 'turbine-guard', {
    image: 'ghcr.io/acme-retail/turbine-guard:1.2.0',
    ports: [{ name: 'http', port: 8080 }],
    requests: { cpu: '20m', memory: '32Mi' },
    limits: { cpu: '100m', memory: '48Mi' },
    talksTo: [{ app: plcBridge, port: 4840 }],
    alertRules: {
      TurbineGuardDown: { expr: 'up{job="pods", container="turbine-guard"} == 0', for: '2m', severity: 'critical', annotations: { summary: 'turbine-guard on {{ $labels.pod }} does not answer scrapes.' } },
    },
  });
  return { shelfSensors, posGateway, visionInspector, plcBridge, navTelemetry, turbineGuard };
}
export type Apps = ReturnType<typeof defineApps>;
