import { z } from 'zod';

/** Seconds per Prometheus duration unit. */
const DURATION_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds of a Prometheus duration (already checked by `promDuration`). */
export function promDurationSeconds(duration: string): number {
  return [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * DURATION_SECONDS[unit], 0);
}

/** Longest duration taken: ten years, far beyond any retention or backoff, so sizes derived from durations stay finite. */
const MAX_DURATION_SECONDS = 10 * DURATION_SECONDS.y;

/** A Prometheus duration such as `30s`, `4h` or `1h30m`, of at most ten years. */
export const promDuration = z
  .string()
  .regex(/^(\d+(ms|s|m|h|d|w|y))+$/, { message: 'must be a Prometheus duration such as "30s", "4h" or "1h30m"', abort: true })
  .refine((d) => promDurationSeconds(d) <= MAX_DURATION_SECONDS, {
    message: 'must be at most 10y',
    params: { hint: 'check the unit (s, m, h, d, w, y)' },
  });
