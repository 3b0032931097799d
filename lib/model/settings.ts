import { z } from 'zod';
import { cpuQuantity, memoryQuantity } from './quantity';
import { cidrSchema } from './cidr';
import { AppValues, appValuesSchema } from './app-values';
import { branchNameProblem } from './git-ref';
import { dnsLabel, labelMap } from './names';
import { refineSiteLabels } from './site-labels';
import { refineYamlString, yamlString } from './yaml-string';
import { BootstrapSettings, bootstrapSettingsSchema, DEFAULT_BOOTSTRAP_SETTINGS, resolvedBootstrapSchema } from './bootstrap-settings';
import { Distribution, DISTRIBUTIONS } from './distribution';
import { promDuration, promDurationSeconds } from './duration';
import { AlertingSettings, alertingOverridesSchema, DEFAULT_ALERTING, resolvedAlertingSchema } from './alerting-settings';

export { promDuration, promDurationSeconds } from './duration';

/*
 * Settings that the fleet sets, each tier may override (outside in) and each
 * site may override last. They resolve to plain data per site.
 */

/** How often a site can reach the hub; drives buffering and sync tuning. */
export const CONNECTIVITY_PROFILES = ['always-on', 'intermittent', 'rarely-connected'] as const;
export type Connectivity = (typeof CONNECTIVITY_PROFILES)[number];

/** The log shipper run on every node. */
export const LOG_SHIPPERS = ['promtail', 'alloy'] as const;
export type LogShipper = (typeof LOG_SHIPPERS)[number];

/** GitOps engines that pull the generated tree. */
export const GITOPS_ENGINES = ['flux', 'fleet'] as const;
export type GitOpsEngine = (typeof GITOPS_ENGINES)[number];

/** How Flux gets a cluster's directory: the tree's Git repository, or one OCI artifact per cluster that `edgefleet publish` pushes. */
export const GITOPS_DELIVERIES = ['git', 'oci'] as const;
export type GitOpsDelivery = (typeof GITOPS_DELIVERIES)[number];

/** Flux controllers a cluster may run (flux2 `--components`). */
export const FLUX_COMPONENTS = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'] as const;
export type FluxComponent = (typeof FLUX_COMPONENTS)[number];
/** The set `flux bootstrap` installs by default (flux2 `--components` default). */
export const DEFAULT_FLUX_COMPONENTS: readonly FluxComponent[] = FLUX_COMPONENTS;
/** The least a cluster syncing a Git tree of Kustomizations needs: `flux bootstrap --components=source-controller,kustomize-controller`. */
export const TRIMMED_FLUX_COMPONENTS: readonly FluxComponent[] = ['source-controller', 'kustomize-controller'];

/** Most CIDRs a list of them may have (NetworkPolicy ipBlocks stay small, and no list can make a synth slow). */
export const MAX_CIDRS = 256;
const cidrList = z.array(cidrSchema).max(MAX_CIDRS);

/**
 * Flux refuses any other GitRepository `spec.url`: the CRD's pattern is
 * `^(http|https|ssh)://.*$` (source.toolkit.fluxcd.io/v1 GitRepository,
 * /work/shared/schemas/flux/gitrepository_v1.json).
 */
const repoUrl = z
  .string()
  .refine((u) => /^(http|https|ssh):\/\/\S+$/.test(u), {
    message: 'must be an http://, https:// or ssh:// URL, as Flux GitRepository takes',
    params: { hint: 'write scp-style addresses as ssh://, e.g. ssh://git@github.com/acme/fleet.git for git@github.com:acme/fleet.git' },
  });

const branch = z.string().superRefine((name, ctx) => {
  const problem = branchNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${name}" is not a Git branch name: it ${problem}`, params: { hint: 'use a name `git check-ref-format --branch` accepts, e.g. "main" or "release/edge"' } });
});

const pathPrefix = z
  .string()
  .max(200, { abort: true })
  .regex(/^([A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)?$/, { message: 'must be a relative path without leading "./" or trailing "/"', abort: true })
  .refine((p) => !p.split('/').some((c) => c === '.' || c === '..'), { message: 'must not have "." or ".." components', params: { hint: 'give the path from the repository root, e.g. "fleet/out"' } });

/**
 * Namespaces Kubernetes, k3s, Flux and Rancher Fleet use themselves: a managed
 * namespace there would get edgefleet's default-deny policies and break them.
 */
export const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system'] as const;

const managedNamespace = dnsLabel.superRefine((name, ctx) => {
  if ((RESERVED_NAMESPACES as readonly string[]).includes(name) || name.startsWith('cattle-')) {
    ctx.addIssue({ code: 'custom', message: `"${name}" is a reserved namespace`, params: { hint: `pick a namespace of your own, e.g. "edge-apps"; ${RESERVED_NAMESPACES.join(', ')} and cattle-* are taken` } });
  }
});

const url = z.url({ protocol: /^https?$/, message: 'must be an absolute http:// or https:// URL' }).max(2048).superRefine(refineYamlString);

/**
 * Tenant ids as Loki and Mimir take them: at most 150 letters, digits and
 * `!-_.*'()`, not "." or ".." (https://grafana.com/docs/mimir/latest/configure/about-tenant-ids,
 * https://grafana.com/docs/enterprise-logs/latest/operations/multi-tenancy/).
 */
const tenant = z
  .string()
  .refine((t) => /^[A-Za-z0-9!._*'()-]{1,150}$/.test(t), { message: "must be 1 to 150 letters, digits or !-_.*'()", params: { hint: 'use a plain id such as "edge-emea"' } })
  .refine((t) => t !== '.' && t !== '..', { message: 'must not be "." or ".."', params: { hint: 'use a plain id such as "edge-emea"' } });

/** Where a site sends metrics and logs. */
export interface HubSettings {
  /** Prometheus remote-write URL (Prometheus `/api/v1/write`, Mimir `/api/v1/push`, Thanos `/api/v1/receive`). Required. */
  readonly metricsUrl?: string;
  /** Loki push URL; must end in `/loki/api/v1/push`. Required. */
  readonly logsUrl?: string;
  /** Tenant sent as `X-Scope-OrgID` to Mimir/Loki. @default no tenant header */
  readonly tenant?: string;
  /** The hub's address ranges: platform agents get egress to them on TCP 443. @default [] */
  readonly cidrs?: readonly string[];
}

/** Where the generated tree lives, for the GitOps engine on each cluster. */
export interface GitOpsSettings {
  /** URL of the Git repository holding the generated tree. Required. */
  readonly repoUrl?: string;
  /** Branch the clusters follow. @default "main" */
  readonly branch?: string;
  /** Path of the output directory inside the repository, without leading `./`. @default "" (repository root) */
  readonly pathPrefix?: string;
  /** Flux: name of the Secret (in flux-system) with the Git credentials, `flux bootstrap --secret-name`; with delivery "oci", the registry credentials (`flux create secret oci`). @default "flux-system" */
  readonly secretName?: string;
  /**
   * Fleet: GitRepo `clientSecretName`, a Secret in the GitRepo's namespace on
   * the Fleet manager, of type `kubernetes.io/ssh-auth` (key `ssh-privatekey`,
   * optional `known_hosts`) or `kubernetes.io/basic-auth` (keys `username`,
   * `password`); Fleet's gitjob reads no other type, so Flux's `flux-system`
   * Secret does not work.
   * @default unset: no clientSecretName, Fleet uses its Secret "gitcredential" when there is one, else clones anonymously
   */
  readonly fleetSecretName?: string;
  /** Engine that pulls the tree. @default "flux" */
  readonly engine?: GitOpsEngine;
  /**
   * Flux: Secret (in flux-system) with the SOPS age key (a data key ending in
   * `.agekey`). Every Flux Kustomization decrypts with it, so it must exist
   * from provisioning on, SOPS files or not.
   * @default "sops-age"
   */
  readonly decryptionSecretName?: string;
  /** Flux: size of the PersistentVolumeClaim that keeps source-controller's last fetched revision on intermittent and rarely-connected sites. @default "1Gi" */
  readonly sourceStorageSize?: string;
  /** Flux: write GitRepository `spec.ignore` so each cluster's artifact leaves out the other clusters' directories (never `bases/`). @default false */
  readonly ignoreOtherPaths?: boolean;
  /**
   * Prefix of the branch each wave's clusters follow: a cluster of wave `w`
   * follows `<waveRefPrefix><w>` (Flux GitRepository `spec.ref.branch`, Fleet
   * GitRepo `branch`), which `edgefleet promote` moves; `branch` holds the
   * latest synth. Must be the same for every site of a tree.
   * @default "edgefleet/"
   */
  readonly waveRefPrefix?: string;
  /**
   * Flux: how the cluster gets its directory. "git": a GitRepository of the
   * whole tree. "oci": an OCIRepository of the cluster's own artifact
   * (`<ociRepository>/<cluster>`, tag `live`), which `edgefleet publish`
   * pushes and `edgefleet promote --registry` moves; the cluster directory
   * then carries copies of its bases, so the artifact is self-contained.
   * @default "git"
   */
  readonly delivery?: GitOpsDelivery;
  /** Flux, delivery "oci": registry host and path the clusters' artifacts live under, without `oci://`, e.g. "registry.example.com/edgefleet" (cluster `c` pulls `oci://<ociRepository>/c`). @default unset; required with delivery "oci" */
  readonly ociRepository?: string;
  /** Flux, delivery "oci": Secret (in flux-system) of cosign public keys the OCIRepository verifies artifacts with (`spec.verify`). @default unset: no signature check */
  readonly ociVerifySecretName?: string;
}

/** How `edgefleet promote` gates a wave, and how Fleet rolls a bundle out. */
export interface RolloutSettings {
  /**
   * How long the wave before must have held a commit before the next wave may
   * get it (Prometheus duration, or "0" for no wait). @default "24h"
   */
  readonly soak?: string;
  /**
   * PromQL query run against the hub's Prometheus before a wave is promoted:
   * any series it returns for a cluster of the wave before (by the `cluster`
   * external label, so keep that label, e.g. `sum by (cluster) (...)`)
   * refuses the promotion. @default none: no health gate
   */
  readonly healthQuery?: string;
  /**
   * Fleet: `rolloutStrategy.maxUnavailable` of each cluster's bundle, a
   * percentage ("1%" to "100%") or a whole number of at least 1. Never 0:
   * Fleet reads an integer 0 as "no cluster may be unavailable", and a
   * healthy cluster is then never updated. @default "20%"
   */
  readonly maxUnavailable?: string | number;
}

/** The GitOps agent on each cluster, as the capacity check counts it. */
export interface GitOpsAgentSettings {
  /**
   * Flux controllers the cluster runs (pass the same list to `flux bootstrap --components=...`).
   * On a 1 GiB node use TRIMMED_FLUX_COMPONENTS (source-controller and kustomize-controller, 128Mi).
   * @default DEFAULT_FLUX_COMPONENTS: the four controllers `flux bootstrap` installs (256Mi)
   */
  readonly fluxComponents?: readonly FluxComponent[];
  /** Requests of the whole agent, replacing the upstream figures. @default upstream: Flux, the sum of `fluxComponents`; Fleet agent, none (its chart sets no requests) */
  readonly requests?: Reserve;
}

/** Names of the namespaces edgefleet manages. */
export interface NamespaceSettings {
  /** Namespace of the platform stack (metrics and log agents). @default "edge-system" */
  readonly platform?: string;
  /** Namespace of the site's apps. @default "edge-apps" */
  readonly apps?: string;
}

/** CPU and memory kept back from workloads on a node for k3s and the OS. */
export interface Reserve {
  /** CPU quantity. */
  readonly cpu: string;
  /** Memory quantity. */
  readonly memory: string;
}

/** What k3s itself uses, subtracted from node capacity before fitting workloads. */
export interface SystemReserveSettings {
  /** Reserve on the server node (the site's first node). An idle k3s server uses about 550 MiB. @default the distribution's; k3s { cpu: "500m", memory: "600Mi" } */
  readonly server?: Reserve;
  /** Reserve on each agent node. @default the distribution's; k3s { cpu: "100m", memory: "256Mi" } */
  readonly agent?: Reserve;
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

/** `remote_write.queue_config` of the Prometheus agent; every field is written, so 2.x and 3.x defaults never apply. */
export interface MetricsQueueSettings {
  /** Samples buffered per shard. @default 10000 */
  readonly capacity?: number;
  /** Most concurrent shards; a small node needs few. @default 10 */
  readonly maxShards?: number;
  /** Fewest shards. Must be <= maxShards. @default 1 */
  readonly minShards?: number;
  /** Samples per request. @default 2000 */
  readonly maxSamplesPerSend?: number;
  /** Longest wait before sending a partial batch (Prometheus duration). @default "5s" */
  readonly batchSendDeadline?: string;
  /** First retry delay (Prometheus duration). @default "30ms" */
  readonly minBackoff?: string;
  /** Retry delay cap (Prometheus duration); must be >= minBackoff. A long cap spares a flaky link. @default "1m" */
  readonly maxBackoff?: string;
  /** Retry on HTTP 429 (otherwise a rate-limited batch is dropped). @default true */
  readonly retryOnHttp429?: boolean;
}

/** Prometheus agent (metrics) settings. */
export interface MetricsSettings {
  /**
   * `--storage.agent.retention.max-time`: how long unsent samples are kept
   * through an outage (plus up to 2h, as truncation runs every 2h).
   * @default by connectivity: always-on "4h", intermittent "24h", rarely-connected "72h"
   */
  readonly retention?: string;
  /**
   * Size of the WAL volume. @default 1Gi per started 24h of (retention + 2h)
   * at a 60s scrape interval, scaled by 60s / scrapeInterval
   */
  readonly volumeSize?: string;
  /** Storage class of the WAL volume. @default the cluster's default class (k3s: local-path) */
  readonly storageClass?: string;
  /** Scrape interval (Prometheus duration). @default "60s" */
  readonly scrapeInterval?: string;
  /** Remote-write queue tuning. */
  readonly queue?: MetricsQueueSettings;
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
  message: 'must be Kind/namespace/name, or Kind/name for a cluster-scoped object, e.g. "PersistentVolumeClaim/edge-system/prometheus-agent"',
});

const reserveSchema = z.object({ cpu: cpuQuantity, memory: memoryQuantity }).strict();

/**
 * The scrape interval divides the WAL volume size (see `agentVolumeSize`): 0
 * would make it infinite and sub-second intervals absurd on an edge node.
 */
const scrapeInterval = promDuration.refine((d) => promDurationSeconds(d) >= 1, {
  message: 'must be at least 1s',
  params: { hint: 'edge sites scrape every 15s to 5m; the default is 60s' },
});

/** `rollout.soak`: a Prometheus duration, or "0". */
const soakDuration = z.union([z.literal('0'), promDuration]);

/** Fleet `maxUnavailable`: never an integer 0, which Fleet reads as zero. */
const maxUnavailable = z.union([
  z.number().int().positive(),
  z.string().regex(/^([1-9]\d?|100)%$/, { message: 'must be a percentage from "1%" to "100%", or a whole number of at least 1' }),
]);

const rolloutSchema = z.object({ soak: soakDuration, healthQuery: yamlString.min(1), maxUnavailable });

/** Seconds of a `rollout.soak` value. */
export function soakSeconds(soak: string): number {
  return soak === '0' ? 0 : promDurationSeconds(soak);
}

const gitopsAgentSchema = z.object({ fluxComponents: z.array(z.enum(FLUX_COMPONENTS)), requests: reserveSchema });

const platformImagesSchema = z.object({
  prometheus: z.string().min(1),
  promtail: z.string().min(1),
  alloy: z.string().min(1),
  nvidiaDevicePlugin: z.string().min(1),
  alertmanager: z.string().min(1),
});

// Upper bounds keep the queue's memory (capacity x maxShards samples) within what a node could hold.
const queueSchema = z.object({
  capacity: z.number().int().positive().max(1_000_000),
  maxShards: z.number().int().positive().max(1_000),
  minShards: z.number().int().positive().max(1_000),
  maxSamplesPerSend: z.number().int().positive().max(100_000),
  batchSendDeadline: promDuration,
  minBackoff: promDuration,
  maxBackoff: promDuration,
  retryOnHttp429: z.boolean(),
});

const metricsSchema = z.object({
  retention: promDuration,
  volumeSize: memoryQuantity,
  storageClass: dnsLabel,
  scrapeInterval,
  queue: queueSchema.partial().strict(),
});

/** Schema of SettingsOverrides: every field optional, unknown keys rejected. */
export const settingsOverridesSchema = z
  .object({
    hub: z
      .object({ metricsUrl: url, logsUrl: url, tenant, cidrs: cidrList })
      .partial()
      .strict(),
    gitops: z
      .object({
        repoUrl,
        branch,
        pathPrefix,
        secretName: dnsLabel,
        fleetSecretName: dnsLabel,
        engine: z.enum(GITOPS_ENGINES),
        decryptionSecretName: dnsLabel,
        sourceStorageSize: memoryQuantity,
        ignoreOtherPaths: z.boolean(),
        waveRefPrefix: z.string().regex(/^([A-Za-z0-9._-]+\/)*[A-Za-z0-9._-]*$/, { message: 'must be a branch name prefix such as "edgefleet/"' }),
        delivery: z.enum(GITOPS_DELIVERIES),
        ociRepository: z.string().regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, { message: 'must be a registry host and path without oci://, e.g. "registry.example.com/edgefleet"' }),
        ociVerifySecretName: dnsLabel,
      })
      .partial()
      .strict(),
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
    upgrade: z.object({ allowReplace: z.array(objectRef) }).partial().strict(),
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
  gitops: { branch: 'main', pathPrefix: '', secretName: 'flux-system', engine: 'flux', decryptionSecretName: 'sops-age', sourceStorageSize: '1Gi', ignoreOtherPaths: false, waveRefPrefix: 'edgefleet/', delivery: 'git' },
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
  hub: z.object({
    metricsUrl: url,
    logsUrl: url.refine((u) => u.endsWith('/loki/api/v1/push'), { message: 'must end in /loki/api/v1/push' }),
    tenant: z.string().optional(),
    cidrs: z.array(z.string()),
  }),
  gitops: z.object({
    repoUrl: z.string(),
    branch: z.string(),
    pathPrefix: z.string(),
    secretName: z.string(),
    fleetSecretName: z.string().optional(),
    engine: z.enum(GITOPS_ENGINES),
    decryptionSecretName: z.string(),
    sourceStorageSize: z.string(),
    ignoreOtherPaths: z.boolean(),
    waveRefPrefix: z.string(),
    delivery: z.enum(GITOPS_DELIVERIES),
    ociRepository: z.string().optional(),
    ociVerifySecretName: z.string().optional(),
  }).refine((g) => g.delivery !== 'oci' || g.ociRepository !== undefined, {
    message: 'delivery "oci" needs gitops.ociRepository',
    path: ['ociRepository'],
    params: { hint: 'set gitops.ociRepository to the registry host and path `edgefleet publish --registry` pushes to, e.g. "registry.example.com/edgefleet"' },
  }),
  namespaces: z
    .object({ platform: z.string(), apps: z.string() })
    .refine((n) => n.platform !== n.apps, { message: 'apps and platform are the same namespace', path: ['apps'], params: { hint: 'give the apps a namespace of their own: the platform namespace has its own network policies' } }),
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
      .refine((q) => promDurationSeconds(q.maxBackoff) >= promDurationSeconds(q.minBackoff), { message: 'maxBackoff must be >= minBackoff', path: ['maxBackoff'] }),
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
