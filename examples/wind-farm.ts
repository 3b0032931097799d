import { ApiObject } from 'cdk8s';
import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from 'edgefleet';
import { TURBINE_MODEL } from './wind-farm-turbines';

/*
 * Wind farms: one app, `turbine-guard`, that uses every app feature (the README's "Apps" section shows it):
 * probes, a persistent buffer, secrets it consumes, per-site values, config that rolls the pods, LAN exposure,
 * metrics, a GPU, device-class placement with tolerations, a private registry, site labels and a render hook.
 *   edgefleet synth --app examples/wind-farm.ts --out out-wind-farm
 */

/** A SealedSecret as `kubeseal` writes it (its data is encrypted for the cluster's controller). */
const sealed = (name: string, type: string, key: string) => `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: ${name}
  namespace: edge-apps
spec:
  encryptedData:
    ${key}: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq
  template:
    metadata:
      name: ${name}
      namespace: edge-apps
    type: ${type}
`;

export const fleet = new Fleet(undefined, 'northwind', {
  gitops: { repoUrl: 'ssh://git@git.northwind.example/ot/edge.git', engine: 'fleet', fleetSecretName: 'edge-repo' },
  hub: {
    metricsUrl: 'https://mimir.northwind.example/api/v1/push',
    logsUrl: 'https://loki.northwind.example/loki/api/v1/push',
    tenant: 'wind',
    cidrs: ['203.0.113.128/26'],
  },
  connectivity: 'intermittent',
  labels: { 'northwind.example/operator': 'northwind-ops' },
});
const ipc = new DeviceClass(fleet, 'nacelle-ipc', { arch: 'amd64', cpu: '4', memory: '8Gi', disk: '64Gi' });
const jetson = new DeviceClass(fleet, 'jetson-orin', {
  arch: 'arm64',
  cpu: '6',
  memory: '8Gi',
  disk: '32Gi',
  gpu: { vendor: 'nvidia' },
  taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
});

const turbineGuard = new EdgeApp(fleet, 'turbine-guard', {
  image: 'registry.northwind.example/turbine-guard:2.3.0',
  arches: ['arm64'],
  ports: [
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9108 },
  ],
  requests: { cpu: '500m', memory: '1Gi' },
  limits: { cpu: '2', memory: '2Gi' },
  // Vibration analysis on the Jetson's GPU, only there: the placement tolerates the class's taint.
  gpu: { vendor: 'nvidia', count: 1 },
  placement: { deviceClasses: [jetson] },
  tolerations: [{ key: 'northwind.example/maintenance', effect: 'NoSchedule' }],
  // Slow boots from eMMC: the startup probe gives it the default 5 minutes.
  probes: {
    startup: { http: { port: 8080, path: '/healthz' } },
    liveness: { http: { port: 8080, path: '/healthz' } },
    readiness: { tcp: { port: 8080 } },
  },
  // Readings buffered through a 72 h outage survive restarts.
  volumes: [{ name: 'buffer', size: '10Gi', mountPath: '/var/lib/turbine-guard' }],
  env: { LOG_FORMAT: 'json' },
  // A config change renames the generated ConfigMap, so the pods roll.
  configFiles: { 'limits.yaml': 'vibrationMmS: 7.1\n' },
  // The SCADA token comes from each site's own sealed file (appValues below).
  secretEnv: { SCADA_TOKEN: { secret: 'scada', key: 'token' } },
  imagePullSecrets: ['northwind-registry'],
  secretFiles: { 'registry.yaml': sealed('northwind-registry', 'kubernetes.io/dockerconfigjson', '.dockerconfigjson') },
  // Technicians' tablets on the site LAN reach the dashboard on every node's address.
  lanIngress: [{ port: 8080 }],
  lanExposure: 'LoadBalancer',
  metrics: { port: 9108 },
  renderHook: (scope, site) => {
    new ApiObject(scope, 'turbine-model', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'turbine-model', namespace: site.settings.namespaces.apps },
      data: { model: TURBINE_MODEL, site: site.cluster },
    });
  },
});

const northSea = new RegionalTier(fleet, 'north-sea');
['hornsea', 'dogger'].forEach((farm, i) => {
  new EdgeSite(northSea, `${farm}-farm`, {
    nodes: [{ deviceClass: ipc }, { deviceClass: jetson }],
    apps: [turbineGuard],
    labels: { 'northwind.example/farm': farm },
    lanCidrs: [`10.${60 + i}.1.0/24`],
    apiServerCidrs: [`10.${60 + i}.0.10/32`],
    nodeCidrs: [`10.${60 + i}.0.11/32`],
    appValues: {
      'turbine-guard': {
        env: { SCADA_URL: `opc.tcp://scada.${farm}.northwind.example:4840` },
        configFiles: { 'limits.yaml': `vibrationMmS: ${i === 0 ? '7.1' : '6.3'}\n` },
        secretFiles: { 'scada.yaml': sealed('scada', 'Opaque', 'token') },
      },
    },
  });
});
