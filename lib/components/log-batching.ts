import type { Connectivity } from '../model/settings';

/** How a log shipper batches its pushes on one connectivity profile, and the link it is sized for. */
export interface LogBatching {
  /** Assumed uplink bandwidth of a site of this profile, in kbit/s (1 kbit = 1000 bits). */
  readonly linkKbps: number;
  /** Largest batch: Promtail `batchsize` (bytes), Alloy `batch_size`. Counted before compression, so the wire bytes are fewer. */
  readonly batchBytes: number;
  /** Time one push may take: Promtail `timeout`, Alloy `remote_timeout`. */
  readonly timeoutSeconds: number;
}

/**
 * Headroom of the timeout over the bare transfer time of a full batch, for
 * TLS handshakes, round trips (about 600 ms on a geostationary satellite
 * link) and retransmissions on a lossy link.
 */
export const LOG_BATCH_MARGIN = 2;

/**
 * Batching per connectivity profile, sized so that a full batch finishes on
 * the profile's link: batchBytes * 8 / (linkKbps * 1000) * LOG_BATCH_MARGIN
 * <= timeoutSeconds. Promtail's defaults (1 MiB, 10 s; loki
 * clients/pkg/promtail/client/config.go) need 1 MiB * 8 / 10 s = 839 kbit/s
 * with no margin at all; below that every push times out and, retried
 * forever, the site's logs stall.
 *   always-on        2 Mbit/s (DSL, LTE)          1 MiB,   10 s: 4.2 s x 2 =  8.4 s
 *   intermittent     512 kbit/s (weak cellular)   256 KiB, 20 s: 4.1 s x 2 =  8.2 s
 *   rarely-connected 64 kbit/s (shared satellite) 64 KiB,  30 s: 8.2 s x 2 = 16.4 s
 */
export const LOG_BATCHING: Readonly<Record<Connectivity, LogBatching>> = {
  'always-on': { linkKbps: 2000, batchBytes: 1024 * 1024, timeoutSeconds: 10 },
  intermittent: { linkKbps: 512, batchBytes: 256 * 1024, timeoutSeconds: 20 },
  'rarely-connected': { linkKbps: 64, batchBytes: 64 * 1024, timeoutSeconds: 30 },
};

/** Seconds a full batch takes on the profile's link, before margin. */
export function batchTransferSeconds(batching: LogBatching): number {
  return (batching.batchBytes * 8) / (batching.linkKbps * 1000);
}

/** A byte count in Alloy's units syntax: "1MiB", "256KiB" or bytes. */
export function alloyBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}MiB`;
  return bytes % 1024 === 0 ? `${bytes / 1024}KiB` : `${bytes}B`;
}
