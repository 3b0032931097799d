import { z } from 'zod';
import { cidrList } from './cidr';
import { AppValues, appValuesSchema } from './app-values';
import { Arch, dnsLabel, labelMap } from './names';
import { refineSiteLabels } from './site-labels';
import {
  GitOpsAgentSettings,
  gitopsAgentSchema,
  gitopsOverridesSchema,
  GitOpsSettings,
  DEFAULT_FLUX_COMPONENTS,
  resolvedGitopsSchema,
} from './gitops-settings';
import { HubSettings, hubOverridesSchema, resolvedHubSchema } from './hub-settings';
import { MetricsSettings, metricsSchema, queueSchema } from './metrics-settings';
import { reserveSchema, SystemReserveSettings } from './reserve-settings';
import { RolloutSettings, rolloutSchema } from './rollout-settings';
import { BootstrapSettings, bootstrapSettingsSchema, DEFAULT_BOOTSTRAP_SETTINGS, resolvedBootstrapSchema } from './bootstrap-settings';
import { Distribution, DISTRIBUTIONS } from './distribution';
import { promDurationSeconds } from './duration';
import { Connectivity, CONNECTIVITY_PROFILES } from './connectivity-profile';
import { AlertingSettings, alertingOverridesSchema, DEFAULT_ALERTING, resolvedAlertingSchema } from './alerting-settings';

export { promDuration, promDurationSeconds } from './duration';

/*
 * Settings that the fleet sets, each tier may override (outside in) and each
 * site may override last. They resolve to plain data per site.
 */

/** The log shipper run on every node. */
export const LOG_SHIPPERS = ['promtail', 'alloy'] as const;

/** Arches Alloy images are published for (no 32-bit arm), used when the image is not in the image lock. */
export const ALLOY_UPSTREAM_ARCHES: readonly Arch[] = ['amd64', 'arm64'];
export type LogShipper = (typeof LOG_SHIPPERS)[number];

/**
 * Namespaces Kubernetes, k3s, Flux and Rancher Fleet use themselves: a managed
 * namespace there would get edgefleet's default-deny policies and break them.
 */
export const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system'] as const;

const managedNamespace = dnsLabel.superRefine((name, ctx) => {
  if ((RESERVED_NAMESPACES as readonly string[]).includes(name) || name.startsWith('cattle-')) {
    ctx.addIssue({
      code: 'custom',
      message: `"${name}" is a reserved namespace`,
      params: { hint: `pick a namespace of your own, e.g. "edge-apps"; ${RESERVED_NAMESPACES.join(', ')} and cattle-* are taken` },
    });
  }
});

/** Names of the namespaces edgefleet manages. */
export interface NamespaceSettings {
  /** Namespace of the platform stack (metrics and log agents). @default "edge-system" */
  readonly platform?: string;
  /** Namespace of the site's apps. @default "edge-apps" */
  readonly apps?: string;
}

/** Images of the platform stack; each must be in the image lock when one is required. */
export interface PlatformImageSettings {
  /** Prometheus image; must be 3.x (it runs with `--agent`). @default "quay.io/prometheus/prometheus:v3.5.0" */
  readonly prometheus?: string;
  /** Promtail image. @default "docker.io/grafana/promtail:3.6.2" */
  readonly promtail?: string;
  /** Grafana Alloy image (amd64 and arm64 only). @default "docker.io/grafana/alloy:v1.11.3" */
  readonly alloy?: string;
  /** NVIDIA device plugin, run on the nodes of NVIDIA GPU device classes. @default "nvcr.io/nvidia/k8s-device-plugin:v0.17.1" */
  readonly nvidiaDevicePlugin?: string;
  /** Alertmanager image of local alerting (`alerting.local`). @default "quay.io/prometheus/alertmanager:v0.28.1" */
  readonly alertmanager?: string;
}

/**
 * Changes to a cluster's objects that its API server would refuse in place
 * (a claim shrunk or moved to another storage class, an immutable field) or
 * that would lose data (a namespace holding a claim removed). Every synth
 * refuses them unless the object is listed here.
 */
export interface UpgradeSettings {
  /**
   * Objects this synth may change that way, on purpose, as
   * `Kind/namespace/name` (`Kind/name` when cluster-scoped), e.g.
   * `PersistentVolumeClaim/edge-system/prometheus-agent`: you delete and
   * recreate them on the cluster (their data is lost). Shrinking the WAL
   * volume also needs an explicit `metrics.volumeSize`. Remove the entry
   * once the change has rolled out. @default []
   */
  readonly allowReplace?: readonly string[];
}

/** Overridable settings, given on the Fleet, any RegionalTier and any EdgeSite. */
export interface SettingsOverrides {
  /** Hub endpoints for metrics and logs. */
  readonly hub?: HubSettings;
  /** GitOps source settings. */
  readonly gitops?: GitOpsSettings;
  /** Managed namespace names. */
  readonly namespaces?: NamespaceSettings;
  /** Labels added to every site below; merged key by key. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** How often sites can reach the hub. @default "always-on" */
  readonly connectivity?: Connectivity;
  /** Rollout wave, e.g. "canary", "wave-1". Waves roll out in the order the fleet lists them. @default "wave-1" */
  readonly wave?: string;
  /**
   * Log shipper. "promtail" is the product default, but Promtail reached end of
   * life on 2026-03-02 (last release line Loki 3.6.x); "alloy" is its supported
   * successor and has no 32-bit arm image.
   * @default "promtail"
   */
  readonly logShipper?: LogShipper;
  /** Addresses (CIDRs) of the k3s server nodes: agents that watch the API need egress to them on TCP 6443. Required. */
  readonly apiServerCidrs?: readonly string[];
  /** Address ranges of the site LAN, let in on the ports apps open with `lanIngress`. @default [] */
  readonly lanCidrs?: readonly string[];
  /**
   * Addresses (CIDRs) of the site's nodes besides the servers in apiServerCidrs: the Prometheus agent gets
   * egress to them on the kubelet port (10250). Required on a site with more than one node, covering every node.
   * @default []
   */
  readonly nodeCidrs?: readonly string[];
  /** The GitOps agent the capacity check counts. */
  readonly gitopsAgent?: GitOpsAgentSettings;
  /** Resources kept back for the distribution and the OS. @default the distribution's (lib/model/distribution.ts) */
  readonly systemReserve?: SystemReserveSettings;
  /** Kubernetes distribution the site runs (see lib/model/distribution.ts for what differs). @default "k3s" */
  readonly distribution?: Distribution;
  /** How `edgefleet bootstrap` reaches the site and provisions its nodes. */
  readonly bootstrap?: BootstrapSettings;
  /** Images of the platform stack. */
  readonly platformImages?: PlatformImageSettings;
  /** Prometheus agent settings. */
  readonly metrics?: MetricsSettings;
  /** What a synth may change that the cluster cannot take in place. */
  readonly upgrade?: UpgradeSettings;
  /** Promotion gates and Fleet's bundle rollout. */
  readonly rollout?: RolloutSettings;
  /** Per-app values (env, config files, secret files) by app id, merged over the app's own; only for apps a site below runs. @default {} */
  readonly appValues?: Readonly<Record<string, AppValues>>;
  /** Alerting on the site while offline, and to the hub. */
  readonly alerting?: AlertingSettings;
}

/** `Kind/namespace/name` or `Kind/name` of an object. */
const objectRef = z.string().regex(/^[A-Z][A-Za-z0-9]*(\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?){1,2}$/, {
  message:
    'must be Kind/namespace/name, or Kind/name for a cluster-scoped object, e.g. "PersistentVolumeClaim/edge-system/prometheus-agent"',
});

export const platformImagesSchema = z.object({
  prometheus: z.string().min(1),
  promtail: z.string().min(1),
  alloy: z.string().min(1),
  nvidiaDevicePlugin: z.string().min(1),
  alertmanager: z.string().min(1),
});

/** Schema of SettingsOverrides: every field optional, unknown keys rejected. */
export const settingsOverridesSchema = z
  .object({
    hub: hubOverridesSchema,
    gitops: gitopsOverridesSchema,
    namespaces: z.object({ platform: managedNamespace, apps: managedNamespace }).partial().strict(),
    labels: labelMap,
    connectivity: z.enum(CONNECTIVITY_PROFILES),
    wave: dnsLabel,
    logShipper: z.enum(LOG_SHIPPERS),
    apiServerCidrs: cidrList.min(1),
    lanCidrs: cidrList,
    nodeCidrs: cidrList,
    gitopsAgent: gitopsAgentSchema.partial().strict(),
    systemReserve: z.object({ server: reserveSchema, agent: reserveSchema }).partial().strict(),
    platformImages: platformImagesSchema.partial().strict(),
    metrics: metricsSchema.partial().strict(),
    upgrade: z
      .object({ allowReplace: z.array(objectRef) })
      .partial()
      .strict(),
    rollout: rolloutSchema.partial().strict(),
    appValues: appValuesSchema,
    distribution: z.enum(DISTRIBUTIONS),
    bootstrap: bootstrapSettingsSchema,
    alerting: alertingOverridesSchema,
  })
  .partial()
  .strict();

/** Built-in defaults, applied beneath the fleet's own settings. */
export const DEFAULT_SETTINGS: SettingsOverrides = {
  hub: { cidrs: [] },
  gitops: {
    branch: 'main',
    pathPrefix: '',
    secretName: 'flux-system',
    engine: 'flux',
    decryptionSecretName: 'sops-age',
    sourceStorageSize: '1Gi',
    ignoreOtherPaths: false,
    waveRefPrefix: 'edgefleet/',
    delivery: 'git',
  },
  namespaces: { platform: 'edge-system', apps: 'edge-apps' },
  labels: {},
  connectivity: 'always-on',
  wave: 'wave-1',
  logShipper: 'promtail',
  lanCidrs: [],
  nodeCidrs: [],
  gitopsAgent: { fluxComponents: DEFAULT_FLUX_COMPONENTS },
  distribution: 'k3s',
  bootstrap: DEFAULT_BOOTSTRAP_SETTINGS,
  platformImages: {
    prometheus: 'quay.io/prometheus/prometheus:v3.5.0',
    promtail: 'docker.io/grafana/promtail:3.6.2',
    alloy: 'docker.io/grafana/alloy:v1.11.3',
    nvidiaDevicePlugin: 'nvcr.io/nvidia/k8s-device-plugin:v0.17.1',
    alertmanager: 'quay.io/prometheus/alertmanager:v0.28.1',
  },
  metrics: {
    scrapeInterval: '60s',
    queue: {
      capacity: 10000,
      maxShards: 10,
      minShards: 1,
      maxSamplesPerSend: 2000,
      batchSendDeadline: '5s',
      minBackoff: '30ms',
      maxBackoff: '1m',
      retryOnHttp429: true,
    },
  },
  upgrade: { allowReplace: [] },
  rollout: { soak: '24h', maxUnavailable: '20%' },
  appValues: {},
  alerting: DEFAULT_ALERTING,
};

/** Settings after resolution: every field present. */
export const resolvedSettingsSchema = z.object({
  hub: resolvedHubSchema,
  gitops: resolvedGitopsSchema,
  namespaces: z.object({ platform: z.string(), apps: z.string() }).refine((n) => n.platform !== n.apps, {
    message: 'apps and platform are the same namespace',
    path: ['apps'],
    params: { hint: 'give the apps a namespace of their own: the platform namespace has its own network policies' },
  }),
  labels: z.record(z.string(), z.string()).superRefine(refineSiteLabels),
  connectivity: z.enum(CONNECTIVITY_PROFILES),
  wave: z.string(),
  logShipper: z.enum(LOG_SHIPPERS),
  apiServerCidrs: z.array(z.string()).min(1),
  lanCidrs: z.array(z.string()),
  nodeCidrs: z.array(z.string()),
  gitopsAgent: gitopsAgentSchema.partial({ requests: true }),
  systemReserve: z.object({ server: reserveSchema, agent: reserveSchema }),
  platformImages: platformImagesSchema,
  metrics: metricsSchema.partial({ retention: true, volumeSize: true, storageClass: true }).extend({
    // Prometheus refuses to start unless min_shards <= max_shards and max_backoff >= min_backoff.
    queue: queueSchema
      .refine((q) => q.minShards <= q.maxShards, { message: 'minShards must be <= maxShards', path: ['minShards'] })
      .refine((q) => promDurationSeconds(q.maxBackoff) >= promDurationSeconds(q.minBackoff), {
        message: 'maxBackoff must be >= minBackoff',
        path: ['maxBackoff'],
      }),
  }),
  upgrade: z.object({ allowReplace: z.array(z.string()) }),
  rollout: rolloutSchema.partial({ healthQuery: true }),
  appValues: appValuesSchema,
  distribution: z.enum(DISTRIBUTIONS),
  bootstrap: resolvedBootstrapSchema,
  alerting: resolvedAlertingSchema,
});
export type ResolvedSettings = z.infer<typeof resolvedSettingsSchema>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges overrides onto a base: objects merge key by key, arrays and scalars replace. */
export function mergeSettings<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) {
    return (override === undefined ? base : override) as T;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined) merged[key] = mergeSettings(merged[key], value);
  }
  return merged as T;
}
