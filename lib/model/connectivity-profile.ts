/*
 * Everything that depends on how often a site can reach the hub, one record
 * per connectivity profile. Components, layout and bootstrap read these
 * records; none keeps a table of its own.
 */

/** How often a site can reach the hub; drives buffering and sync tuning. */
export const CONNECTIVITY_PROFILES = ['always-on', 'intermittent', 'rarely-connected'] as const;
export type Connectivity = (typeof CONNECTIVITY_PROFILES)[number];

/** How a log shipper batches its pushes on one connectivity profile, and the link it is sized for. */
export interface LogBatching {
  /** Assumed uplink bandwidth of a site of this profile, in kbit/s (1 kbit = 1000 bits). */
  readonly linkKbps: number;
  /** Largest batch: Promtail `batchsize` (bytes), Alloy `batch_size`. Counted before compression, so the wire bytes are fewer. */
  readonly batchBytes: number;
  /** Time one push may take: Promtail `timeout`, Alloy `remote_timeout`. */
  readonly timeoutSeconds: number;
}

/** Flux reconcile timing for one connectivity profile. */
export interface FluxTiming {
  /** How often the GitRepository (or OCIRepository) is fetched. */
  readonly fetchInterval: string;
  /** How often the Kustomization is reconciled. */
  readonly interval: string;
  /** Retry after a failed reconcile. */
  readonly retryInterval: string;
  /** Timeout of one reconcile. */
  readonly timeout: string;
}

/** What a connectivity profile sets, each value in one place. */
export interface ConnectivityProfile {
  /**
   * The longest outage a site is expected to ride out without losing data:
   * the Prometheus agent's `--storage.agent.retention.max-time` unless
   * `metrics.retention` is set (unsent samples survive up to this, plus up
   * to 2h, as WAL truncation runs every 2h), and Alloy's
   * `wal.max_segment_age`, how long unsent log lines are kept on disk.
   */
  readonly outageBuffer: string;
  /**
   * How long a site may stay silent at the hub before its alert fires: an
   * always-on site a quarter of an hour; an intermittent or rarely-connected
   * one as long as its agent buffers by default (outageBuffer), past which it
   * starts losing samples.
   */
  readonly hubSilence: { readonly seconds: number; readonly text: string };
  /**
   * Log push retries: Promtail `backoff_config.max_retries`, Alloy
   * `max_backoff_retries`. 0 retries forever: while it retries, Promtail
   * stops tailing and the kubelet's log files are the buffer (Alloy keeps
   * its WAL). An always-on site keeps the tools' own default (10, about 8.5
   * minutes with the 500ms to 5m backoff), written out, so that a batch the
   * hub keeps refusing does not stall a node's logs for good.
   */
  readonly logPushRetries: number;
  /** Log batching, sized to the profile's link (see LOG_BATCH_MARGIN). */
  readonly logBatching: LogBatching;
  /**
   * Flux timing: sites that are often offline fetch less often and retry
   * more slowly, so they do not spin on a dead link.
   */
  readonly fluxTiming: FluxTiming;
  /**
   * Whether Flux source-controller keeps its last fetched revision on a
   * PersistentVolumeClaim (`gitops.sourceStorageSize`): upstream it is an
   * emptyDir, lost on a restart, and a site that is often offline could not
   * fetch it again until the link is back.
   */
  readonly persistFluxSource: boolean;
}

/**
 * Headroom of a log push's timeout over the bare transfer time of a full
 * batch, for TLS handshakes, round trips (about 600 ms on a geostationary
 * satellite link) and retransmissions on a lossy link.
 */
export const LOG_BATCH_MARGIN = 2;

/**
 * The profiles. Log batching is sized so that a full batch finishes on the
 * profile's link: batchBytes * 8 / (linkKbps * 1000) * LOG_BATCH_MARGIN
 * <= timeoutSeconds. Promtail's defaults (1 MiB, 10 s; loki
 * clients/pkg/promtail/client/config.go) need 1 MiB * 8 / 10 s = 839 kbit/s
 * with no margin at all; below that every push times out and, retried
 * forever, the site's logs stall.
 *   always-on        2 Mbit/s (DSL, LTE)          1 MiB,   10 s: 4.2 s x 2 =  8.4 s
 *   intermittent     512 kbit/s (weak cellular)   256 KiB, 20 s: 4.1 s x 2 =  8.2 s
 *   rarely-connected 64 kbit/s (shared satellite) 64 KiB,  30 s: 8.2 s x 2 = 16.4 s
 */
export const PROFILES_BY_CONNECTIVITY: Readonly<Record<Connectivity, ConnectivityProfile>> = {
  'always-on': {
    outageBuffer: '4h',
    hubSilence: { seconds: 900, text: '15 minutes' },
    logPushRetries: 10,
    logBatching: { linkKbps: 2000, batchBytes: 1024 * 1024, timeoutSeconds: 10 },
    fluxTiming: { fetchInterval: '1m', interval: '10m', retryInterval: '2m', timeout: '5m' },
    persistFluxSource: false,
  },
  intermittent: {
    outageBuffer: '24h',
    hubSilence: { seconds: 24 * 3600, text: '24 hours' },
    logPushRetries: 0,
    logBatching: { linkKbps: 512, batchBytes: 256 * 1024, timeoutSeconds: 20 },
    fluxTiming: { fetchInterval: '5m', interval: '30m', retryInterval: '5m', timeout: '10m' },
    persistFluxSource: true,
  },
  'rarely-connected': {
    outageBuffer: '72h',
    hubSilence: { seconds: 72 * 3600, text: '72 hours' },
    logPushRetries: 0,
    logBatching: { linkKbps: 64, batchBytes: 64 * 1024, timeoutSeconds: 30 },
    fluxTiming: { fetchInterval: '15m', interval: '1h', retryInterval: '10m', timeout: '15m' },
    persistFluxSource: true,
  },
};

/** The profile of a connectivity. */
export function connectivityProfile(connectivity: Connectivity): ConnectivityProfile {
  return PROFILES_BY_CONNECTIVITY[connectivity];
}

/** Seconds a full batch takes on the profile's link, before margin. */
export function batchTransferSeconds(batching: LogBatching): number {
  return (batching.batchBytes * 8) / (batching.linkKbps * 1000);
}
