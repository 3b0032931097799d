import { z } from 'zod';
import { Connectivity, connectivityProfile } from './connectivity-profile';
import { promDuration, promDurationSeconds } from './duration';
import { dnsLabel } from './names';
import { memoryQuantity } from './quantity';

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
   * @default by connectivity (outageBuffer, lib/model/connectivity-profile.ts): always-on "4h", intermittent "24h", rarely-connected "72h"
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
 * The metrics retention of resolved settings: `metrics.retention`, by
 * default the connectivity profile's outageBuffer. Derived here rather than
 * stored in ResolvedSite, whose bytes key the synth cache: every reader (the
 * agent's unit, hub requirements, the kept volume size) calls this.
 */
export function metricsRetention(settings: {
  readonly connectivity: Connectivity;
  readonly metrics: { readonly retention?: string };
}): string {
  return settings.metrics.retention ?? connectivityProfile(settings.connectivity).outageBuffer;
}

/**
 * The scrape interval divides the WAL volume size (see `agentVolumeSize`): 0
 * would make it infinite and sub-second intervals absurd on an edge node.
 */
const scrapeInterval = promDuration.refine((d) => promDurationSeconds(d) >= 1, {
  message: 'must be at least 1s',
  params: { hint: 'edge sites scrape every 15s to 5m; the default is 60s' },
});

// Upper bounds keep the queue's memory (capacity x maxShards samples) within what a node could hold.
export const queueSchema = z.object({
  capacity: z.number().int().positive().max(1_000_000),
  maxShards: z.number().int().positive().max(1_000),
  minShards: z.number().int().positive().max(1_000),
  maxSamplesPerSend: z.number().int().positive().max(100_000),
  batchSendDeadline: promDuration,
  minBackoff: promDuration,
  maxBackoff: promDuration,
  retryOnHttp429: z.boolean(),
});

/** Schema of MetricsSettings, every field present. */
export const metricsSchema = z.object({
  retention: promDuration,
  volumeSize: memoryQuantity,
  storageClass: dnsLabel,
  scrapeInterval,
  queue: queueSchema.partial().strict(),
});
