import { promDurationSeconds } from '../model/settings';
import { PROMETHEUS_PORT } from './prometheus-agent';

/*
 * The prometheus.yml of the edge agent, as a plain object. Only keys that
 * both Prometheus 2.42 (promtool in CI) and 3.x accept: config parsing is
 * strict, and an unknown key stops startup. Agent mode refuses rule_files,
 * alerting and remote_read, so they are never written.
 */

/** `remote_write.queue_config`, every field set so that 2.x and 3.x defaults never apply. */
export interface RemoteWriteQueue {
  readonly capacity: number;
  readonly maxShards: number;
  readonly minShards: number;
  readonly maxSamplesPerSend: number;
  readonly batchSendDeadline: string;
  readonly minBackoff: string;
  readonly maxBackoff: string;
  readonly retryOnHttp429: boolean;
}

export interface PrometheusConfigProps {
  /** Static external labels identifying the series at the hub (cluster, site, tier, region, device classes). */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** Namespaces whose pods may opt in to scraping with the `prometheus.io/scrape: "true"` annotation. */
  readonly podNamespaces: readonly string[];
  /** Scrape interval (Prometheus duration). */
  readonly scrapeInterval: string;
  /** Remote-write URL of the hub. */
  readonly remoteWriteUrl: string;
  /** Tenant sent as `X-Scope-OrgID`. @default no tenant header */
  readonly tenant?: string;
  readonly queue: RemoteWriteQueue;
  /** Scrape every node's kubelet and cAdvisor (false where the distribution's kubelets are unreachable, as on KubeEdge edge nodes). @default true */
  readonly scrapeKubelets?: boolean;
}

/** In-cluster credentials every pod gets from its ServiceAccount. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Kubelet endpoints are scraped directly on each node's port 10250, not via
 * the API server proxy: that needs only `nodes/metrics` (not the far broader
 * `nodes/proxy`) and keeps scrape traffic off the k3s server. The k3s
 * server CA, which the ServiceAccount carries, signs the kubelet serving
 * certificates.
 */
function kubeletJob(jobName: string, metricsPath: string): Record<string, unknown> {
  return {
    job_name: jobName,
    scheme: 'https',
    metrics_path: metricsPath,
    authorization: { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` },
    tls_config: { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt` },
    kubernetes_sd_configs: [{ role: 'node' }],
    relabel_configs: [{ action: 'labelmap', regex: '__meta_kubernetes_node_label_(.+)' }],
  };
}

function podsJob(namespaces: readonly string[]): Record<string, unknown> {
  const annotation = (name: string) => `__meta_kubernetes_pod_annotation_prometheus_io_${name}`;
  return {
    job_name: 'pods',
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [...namespaces] } }],
    relabel_configs: [
      { source_labels: [annotation('scrape')], action: 'keep', regex: 'true' },
      { source_labels: ['__meta_kubernetes_pod_phase'], action: 'drop', regex: 'Pending|Succeeded|Failed' },
      { source_labels: [annotation('scheme')], action: 'replace', target_label: '__scheme__', regex: '(https?)' },
      { source_labels: [annotation('path')], action: 'replace', target_label: '__metrics_path__', regex: '(.+)' },
      {
        source_labels: ['__address__', annotation('port')],
        action: 'replace',
        target_label: '__address__',
        regex: '([^:]+)(?::\\d+)?;(\\d+)',
        replacement: '$1:$2',
      },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
    ],
  };
}

/** Prometheus expands `$VAR` in external label values: a literal `$` is written `$$`. */
function literalLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v.replace(/\$/g, '$$$$')]));
}

/** Builds prometheus.yml for one cluster's agent. Serialize it with `toYaml`. */
export function prometheusConfig(props: PrometheusConfigProps): Record<string, unknown> {
  const q = props.queue;
  return {
    global: {
      scrape_interval: props.scrapeInterval,
      // Prometheus refuses a timeout longer than the interval.
      scrape_timeout: promDurationSeconds(props.scrapeInterval) < 10 ? props.scrapeInterval : '10s',
      external_labels: literalLabels(props.externalLabels),
    },
    scrape_configs: [
      // The agent's own metrics show its remote-write backlog and failures at the hub.
      { job_name: 'prometheus-agent', static_configs: [{ targets: [`localhost:${PROMETHEUS_PORT}`] }] },
      ...(props.scrapeKubelets === false ? [] : [kubeletJob('kubelet', '/metrics'), kubeletJob('cadvisor', '/metrics/cadvisor')]),
      podsJob(props.podNamespaces),
    ],
    remote_write: [
      {
        name: 'hub',
        url: props.remoteWriteUrl,
        remote_timeout: '30s',
        ...(props.tenant ? { headers: { 'X-Scope-OrgID': props.tenant } } : {}),
        queue_config: {
          capacity: q.capacity,
          max_shards: q.maxShards,
          min_shards: q.minShards,
          max_samples_per_send: q.maxSamplesPerSend,
          batch_send_deadline: q.batchSendDeadline,
          min_backoff: q.minBackoff,
          max_backoff: q.maxBackoff,
          retry_on_http_429: q.retryOnHttp429,
        },
      },
    ],
  };
}
