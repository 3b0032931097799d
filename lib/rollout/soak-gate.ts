import type { WaveRecord } from '../layout/rollout-record';
import { soakSeconds } from '../model/rollout-settings';
import { formatDuration } from './duration';

/**
 * Why the wave after `previous` may not move yet by `rollout.soak` (the
 * longest of previous's gate groups): `what` names what previous holds, and
 * `since` when it got it, undefined when unknown; `unknown` then says why
 * (after "wave <name>"). Undefined when the soak is over or zero.
 */
export function soakFailure(previous: WaveRecord, what: string, since: Date | undefined, now: Date, unknown: string): string | undefined {
  const soak = Math.max(0, ...previous.gates.map((g) => soakSeconds(g.soak)));
  if (soak === 0) return undefined;
  const needed = `rollout.soak of wave ${previous.name} is ${formatDuration(soak)}`;
  if (!since) return `soak: wave ${previous.name} ${unknown}; ${needed}`;
  const held = (now.getTime() - since.getTime()) / 1000;
  if (held >= soak) return undefined;
  return `soak: wave ${previous.name} has held ${what} for ${formatDuration(held)} (since ${since.toISOString()}); ${needed}, ${formatDuration(soak - held)} to go`;
}
