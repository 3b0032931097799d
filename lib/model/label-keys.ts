/*
 * Every label, annotation and external label key edgefleet writes or
 * selects on, defined once. The model needs them (the `labels` setting may
 * not take their place), so they live here, below components and layout.
 */

/** Prefix of edgefleet's own label and annotation keys. */
export const EDGEFLEET_KEY_PREFIX = 'edgefleet.io';

/** Label keys of objects and nodes. */
export const LABELS = {
  /** Selector label: stable, derived from the app name, never from a construct path. */
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  /** Node label naming the device class; nodes must carry it (k3s `--node-label`) for GPU placement. */
  deviceClass: `${EDGEFLEET_KEY_PREFIX}/device-class`,
  /** Node label of the CPU architecture, set by the kubelet. */
  arch: 'kubernetes.io/arch',
  /** Label every namespace carries with its own name (set by the API server). */
  namespaceName: 'kubernetes.io/metadata.name',
} as const;

/** Annotation keys of pods and workloads. */
export const ANNOTATIONS = {
  /**
   * By which a workload declares, with a reason, that it must run as root
   * (e.g. a log shipper reading host log files). The policy check accepts
   * it; nothing else may run as root.
   */
  runsAsRoot: `${EDGEFLEET_KEY_PREFIX}/runs-as-root`,
  /** The hash of a pod's config, so that a config change rolls it. */
  configHash: `${EDGEFLEET_KEY_PREFIX}/config-hash`,
} as const;

/**
 * Pod annotations by which a pod opts in to the Prometheus agent's `pods`
 * job (components/prometheus-config.ts): it keeps pods with
 * `prometheus.io/scrape: "true"` and takes the port and path from the other
 * two (Prometheus turns `prometheus.io/port` into
 * `__meta_kubernetes_pod_annotation_prometheus_io_port`).
 */
export const SCRAPE_ANNOTATIONS = { scrape: 'prometheus.io/scrape', port: 'prometheus.io/port', path: 'prometheus.io/path' } as const;

/** Labels of the Fleet manager's Cluster objects, which edgefleet's GitRepos and fleet.yaml select on. */
export const FLEET_CLUSTER_LABELS = {
  /** The site (its cluster name). */
  site: `${EDGEFLEET_KEY_PREFIX}/site`,
  /** The site's outermost tier. */
  tier: `${EDGEFLEET_KEY_PREFIX}/tier`,
  /** The site's tier path, joined with ".". */
  tierPath: `${EDGEFLEET_KEY_PREFIX}/tier-path`,
  /** The site's rollout wave. */
  wave: `${EDGEFLEET_KEY_PREFIX}/wave`,
} as const;

/** Fleet Cluster label saying the site has nodes of this CPU architecture. */
export function fleetArchLabel(arch: string): string {
  return `${EDGEFLEET_KEY_PREFIX}/arch-${arch}`;
}

/** External labels edgefleet sets on every metric and log line itself. */
export const EXTERNAL_LABELS = {
  cluster: 'cluster',
  /** The site's construct id. */
  site: 'site',
  /** The site's tier path, joined with "/". */
  tier: 'tier',
  region: 'region',
  /** Metrics only: the site's device classes, comma-separated. */
  deviceClasses: 'device_classes',
} as const;

/** A label key as a Prometheus/Loki label name: every character outside [a-zA-Z0-9_] becomes "_", as Prometheus' Kubernetes discovery does. */
export function externalLabelName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The meta label Prometheus' (and Promtail's, Alloy's) Kubernetes pod discovery gives a pod label. */
export function podLabelMeta(key: string): string {
  return `__meta_kubernetes_pod_label_${externalLabelName(key)}`;
}

/** Label key prefixes edgefleet's own object and Fleet Cluster labels use, and Kubernetes keeps. */
export const RESERVED_LABEL_PREFIXES = ['app.kubernetes.io/', `${EDGEFLEET_KEY_PREFIX}/`, 'kubernetes.io/'] as const;
