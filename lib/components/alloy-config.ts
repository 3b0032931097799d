import type { Connectivity } from '../model/settings';
import { alloyBytes, LOG_BATCHING } from './log-batching';
import { POD_LOGS_DIR } from './log-shipper';

/** Alloy's HTTP port (UI, `/-/ready`, metrics). */
export const ALLOY_HTTP_PORT = 12345;
/** Host directory of Alloy's `--storage.path`: file positions and the loki.write WAL. */
export const ALLOY_STATE_DIR = '/var/lib/alloy';

/** `loki.write` retries per connectivity profile: 0 retries forever; always-on keeps Alloy's default (10, about 8.5 minutes). */
export const ALLOY_MAX_BACKOFF_RETRIES: Readonly<Record<Connectivity, number>> = {
  'always-on': 10,
  intermittent: 0,
  'rarely-connected': 0,
};

/**
 * `wal.max_segment_age` per connectivity profile: how long unsent lines are
 * kept on disk through an outage (the same horizons as the metrics agent's
 * retention).
 */
export const ALLOY_WAL_MAX_SEGMENT_AGE: Readonly<Record<Connectivity, string>> = {
  'always-on': '4h',
  intermittent: '24h',
  'rarely-connected': '72h',
};

export interface AlloyConfigProps {
  /** Loki push URL, ending in `/loki/api/v1/push`. */
  readonly pushUrl: string;
  /** Tenant, sent as X-Scope-OrgID. @default no tenant */
  readonly tenant?: string;
  /** Static labels added to every line: cluster, site, tier, region. */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** The site's connectivity; picks retries, WAL age, and batch size and timeout (LOG_BATCHING). */
  readonly connectivity: Connectivity;
}

/** An Alloy string literal (Alloy strings take the same escapes as JSON strings). */
function str(value: string): string {
  return JSON.stringify(value);
}

/**
 * Alloy config, in Alloy's own language: pods of this node from the API
 * (discovery.kubernetes, field selector on HOSTNAME), their log file globs
 * (discovery.relabel), expanded by local.file_match (loki.source.file in the
 * pinned Alloy 1.11 takes no globs), tailed by loki.source.file, CRI lines
 * parsed by loki.process, and pushed by loki.write through its on-disk WAL
 * (experimental: Alloy runs with `--stability.level=experimental`), in
 * batches sized to the link (`endpoint` `batch_size` and `remote_timeout`,
 * https://grafana.com/docs/alloy/v1.17/reference/components/loki/loki.write/).
 */
export function alloyConfig(props: AlloyConfigProps): string {
  const labels = Object.entries(props.externalLabels)
    .map(([k, v]) => `    ${k} = ${str(v)},`)
    .join('\n');
  const tenant = props.tenant ? `\n    tenant_id           = ${str(props.tenant)}` : '';
  const batching = LOG_BATCHING[props.connectivity];
  return `discovery.kubernetes "pods" {
  role = "pod"
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("HOSTNAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
    target_label  = "app"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    target_label  = "__path__"
    replacement   = "${POD_LOGS_DIR}/*$1/*.log"
  }
}

local.file_match "pods" {
  path_targets = discovery.relabel.pods.output
}

loki.source.file "pods" {
  targets    = local.file_match.pods.targets
  forward_to = [loki.process.pods.receiver]
}

loki.process "pods" {
  stage.cri {}
  forward_to = [loki.write.hub.receiver]
}

loki.write "hub" {
  endpoint {
    url                 = ${str(props.pushUrl)}${tenant}
    batch_wait          = "1s"
    batch_size          = ${str(alloyBytes(batching.batchBytes))}
    remote_timeout      = ${str(`${batching.timeoutSeconds}s`)}
    min_backoff_period  = "500ms"
    max_backoff_period  = "5m"
    max_backoff_retries = ${ALLOY_MAX_BACKOFF_RETRIES[props.connectivity]}
  }
  external_labels = {
${labels}
  }
  wal {
    enabled         = true
    max_segment_age = ${str(ALLOY_WAL_MAX_SEGMENT_AGE[props.connectivity])}
  }
}
`;
}
