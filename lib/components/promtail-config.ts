import { Connectivity, connectivityProfile } from '../model/connectivity-profile';
import { LABELS, podLabelMeta } from '../model/label-keys';
import { POD_LOGS_DIR } from './log-shipper';

/** Promtail's HTTP port (`server.http_listen_port`); Promtail's own default, 80, is never used. */
export const PROMTAIL_HTTP_PORT = 3101;
/** Promtail's gRPC port, set so that no default is relied on. */
export const PROMTAIL_GRPC_PORT = 9095;
/** Host directory of the positions file: on disk, so positions survive pod restarts and node reboots. */
export const PROMTAIL_STATE_DIR = '/var/lib/promtail';

export interface PromtailConfigProps {
  /** Loki push URL, ending in `/loki/api/v1/push`. */
  readonly pushUrl: string;
  /** Tenant, sent as X-Scope-OrgID. @default no tenant */
  readonly tenant?: string;
  /** Static labels added to every line: cluster, site, tier, region. */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** The site's connectivity; its profile picks `backoff_config.max_retries` and `batchsize`/`timeout`. */
  readonly connectivity: Connectivity;
}

/**
 * Promtail's config (plain data; the caller writes it as YAML). Pods are
 * discovered through the API, only the node's own pods are kept (HOSTNAME
 * matched against `__host__`), and their CRI-formatted files under
 * /var/log/pods are tailed, pushed in batches sized to the link (logBatching;
 * `batchwait`, `batchsize` and `timeout` are the client keys of loki
 * clients/pkg/promtail/client/config.go). No `wal:` block: it is
 * undocumented and not for production.
 */
export function promtailConfig(props: PromtailConfigProps): Record<string, unknown> {
  const profile = connectivityProfile(props.connectivity);
  const batching = profile.logBatching;
  return {
    server: { http_listen_port: PROMTAIL_HTTP_PORT, grpc_listen_port: PROMTAIL_GRPC_PORT, log_level: 'info' },
    positions: { filename: `${PROMTAIL_STATE_DIR}/positions.yaml` },
    clients: [
      {
        url: props.pushUrl,
        ...(props.tenant ? { tenant_id: props.tenant } : {}),
        batchwait: '1s',
        batchsize: batching.batchBytes,
        timeout: `${batching.timeoutSeconds}s`,
        backoff_config: { min_period: '500ms', max_period: '5m', max_retries: profile.logPushRetries },
        external_labels: { ...props.externalLabels },
      },
    ],
    scrape_configs: [
      {
        job_name: 'kubernetes-pods',
        kubernetes_sd_configs: [{ role: 'pod' }],
        pipeline_stages: [{ cri: {} }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: '__host__' },
          { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
          { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
          { source_labels: [podLabelMeta(LABELS.name)], target_label: 'app' },
          {
            source_labels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'],
            separator: '/',
            target_label: '__path__',
            replacement: `${POD_LOGS_DIR}/*$1/*.log`,
          },
        ],
      },
    ],
  };
}
