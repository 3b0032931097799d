import { z } from 'zod';
import { promDuration, promDurationSeconds } from './duration';
import { yamlString } from './yaml-string';

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

/** `rollout.soak`: a Prometheus duration, or "0". */
const soakDuration = z.union([z.literal('0'), promDuration]);

/** Fleet `maxUnavailable`: never an integer 0, which Fleet reads as zero. */
const maxUnavailable = z.union([
  z.number().int().positive(),
  z.string().regex(/^([1-9]\d?|100)%$/, { message: 'must be a percentage from "1%" to "100%", or a whole number of at least 1' }),
]);

/** Schema of RolloutSettings, every field present. */
export const rolloutSchema = z.object({ soak: soakDuration, healthQuery: yamlString.min(1), maxUnavailable });

/** Seconds of a `rollout.soak` value. */
export function soakSeconds(soak: string): number {
  return soak === '0' ? 0 : promDurationSeconds(soak);
}
