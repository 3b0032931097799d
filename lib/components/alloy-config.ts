import { Connectivity, connectivityProfile } from '../model/connectivity-profile';
import { LABELS, podLabelMeta } from '../model/label-keys';
import { POD_LOGS_DIR } from './log-shipper';

/** Alloy's HTTP port (UI, `/-/ready`, metrics). */
export const ALLOY_HTTP_PORT = 12345;
/** Host directory of Alloy's `--storage.path`: file positions and the loki.write WAL. */
export const ALLOY_STATE_DIR = '/var/lib/alloy';

export interface AlloyConfigProps {
  /** Loki push URL, ending in `/loki/api/v1/push`. */
  readonly pushUrl: string;
  /** Tenant, sent as X-Scope-OrgID. @default no tenant */
  readonly tenant?: string;
  /** Static labels added to every line: cluster, site, tier, region. */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** The site's connectivity; its profile picks retries, WAL age, and batch size and timeout. */
  readonly connectivity: Connectivity;
}

/** A byte count in Alloy's units syntax: "1MiB", "256KiB" or bytes. */
export function alloyBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}MiB`;
  return bytes % 1024 === 0 ? `${bytes / 1024}KiB` : `${bytes}B`;
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
  const profile = connectivityProfile(props.connectivity);
  const batching = profile.logBatching;
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
    source_labels = ["${podLabelMeta(LABELS.name)}"]
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
    max_backoff_retries = ${profile.logPushRetries}
  }
  external_labels = {
${labels}
  }
  wal {
    enabled         = true
    max_segment_age = ${str(profile.outageBuffer)}
  }
}
`;
}
