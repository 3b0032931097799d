import { createHash } from 'node:crypto';
import { UsageError } from '../util/errors';

/** One of `count` disjoint parts of a fleet's clusters; `index` counts from 1, as CI matrices do. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (1 <= i <= n), e.g. `2/4`; throws an Error saying what is wrong. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new UsageError(`"${text}" is not a shard: expected i/n with 1 <= i <= n, e.g. 1/4`);
  return { index, count };
}

/**
 * Whether a cluster belongs to a shard: by a hash of its name, so a cluster
 * stays in its shard when other sites come and go, and every machine of a CI
 * matrix agrees without talking to the others.
 */
export function inShard(cluster: string, shard: Shard): boolean {
  const bucket = createHash('sha256').update(cluster).digest().readUInt32BE(0) % shard.count;
  return bucket === shard.index - 1;
}
