import type { WaveRecord } from '../layout/rollout-record';
import { commitOf, isAncestor, setBranch } from '../output/git-refs';
import { withOutputLockAsync } from '../output/output-lock';
import { recordWaveMove, waveMovedAt } from '../output/wave-notes';
import { unhealthySeries } from './health-gate';
import { soakFailure } from './soak-gate';
import { openRolloutTree, RolloutTree, RolloutUsageError, short, waveIndex } from './rollout-tree';
import { RefusedError } from '../util/errors';

/** What every promotion takes, along Git refs or OCI tags. */
export interface WavePromoteOptions {
  /** The wave to promote. */
  readonly wave: string;
  /** Skip the order check and the gates. @default false */
  readonly force?: boolean;
  /** Check everything, move nothing. @default false */
  readonly dryRun?: boolean;
  /** Base URL of the hub's Prometheus, for `rollout.healthQuery`. @default none: a wave whose predecessor has a health query is refused */
  readonly prometheusUrl?: string;
  /** The current time, for the soak gate and the record of the move. @default now */
  readonly now?: Date;
}

/** Options of `edgefleet promote`. */
export interface PromoteOptions extends WavePromoteOptions {
  /** The tree's output directory, in a Git work tree. */
  readonly repo: string;
  /** Commit (or any revision) to move the wave's ref to. @default the commit the main branch points at */
  readonly to?: string;
}

/** What a promotion did (or, with dryRun, would do). */
export interface PromoteResult {
  readonly wave: string;
  readonly ref: string;
  /** Where the ref was; undefined when it did not exist. */
  readonly from?: string;
  readonly to: string;
  /** False when the ref already was at `to`. */
  readonly moved: boolean;
  /** Moving back to an ancestor of where the ref was: no gates apply. */
  readonly rollback: boolean;
  /** Checks skipped by `force`. */
  readonly forced: readonly string[];
}

/** A promotion refused by the order check or a gate; nothing was moved. */
export class PromoteRefusedError extends RefusedError {
  constructor(
    public readonly wave: string,
    public readonly failures: readonly string[],
  ) {
    super(`refusing to promote wave ${wave}; no ref was moved:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  }
}

/** Why the wave at `index` may not move to `target` yet: order, soak and health of the wave before it. */
async function gateFailures(tree: RolloutTree, index: number, target: string, options: PromoteOptions, now: Date): Promise<string[]> {
  const failures: string[] = [];
  const previous = tree.record.waves[index - 1];
  const head = tree.heads[index - 1];
  const wave = tree.record.waves[index].name;
  if (!head || !isAncestor(tree.repo, target, head.commit)) {
    failures.push(
      `order: wave ${previous.name} (${previous.ref}) is at ${head ? short(head.commit) : 'no commit'}, which does not contain ${short(target)}: promote ${previous.name} first (waves go ${tree.record.waves.map((w) => w.name).join(' > ')})`,
    );
  }
  const holds = head?.commit === target;
  const unknown = holds
    ? `has no record of when it got ${short(target)} (fetch refs/notes/edgefleet-rollout)`
    : `does not hold ${short(target)} (it is at ${head ? short(head.commit) : 'no commit'})`;
  const soak = soakFailure(previous, short(target), holds ? waveMovedAt(tree.repo, target, previous.name) : undefined, now, unknown);
  if (soak) failures.push(soak);
  failures.push(...(await healthFailures(previous, wave, options.prometheusUrl)));
  return failures;
}

/** Why `wave` may not move yet by the health queries of the wave before it (`previous`): each must return no series for its clusters. */
export async function healthFailures(previous: WaveRecord, wave: string, prometheusUrl: string | undefined): Promise<string[]> {
  const failures: string[] = [];
  for (const gate of previous.gates) {
    if (!gate.healthQuery) continue;
    if (!prometheusUrl) {
      failures.push(`health: wave ${previous.name} has rollout.healthQuery \`${gate.healthQuery}\` but no --prometheus-url was given`);
      continue;
    }
    try {
      const series = await unhealthySeries(prometheusUrl, gate.healthQuery, new Set(gate.clusters));
      if (series.length === 0) continue;
      const shown = series.slice(0, 5).map((s) => `${s.cluster ?? '(no cluster label)'}=${s.value}`);
      failures.push(
        `health: \`${gate.healthQuery}\` returned ${series.length} series for ${new Set(series.map((s) => s.cluster)).size} of the ${gate.clusters.length} clusters of wave ${previous.name} (${shown.join(', ')}${series.length > 5 ? ', ...' : ''}); it must return none before ${wave} moves`,
      );
    } catch (error) {
      failures.push(`health: ${(error as Error).message}`);
    }
  }
  return failures;
}

/**
 * Moves one wave's ref (and nothing else but the rollout note recording
 * when), holding the tree's output lock. Moving forward is refused unless
 * the wave before holds the commit, has held it for its soak time and its
 * health query returns no series; `force` skips those checks. Moving back
 * to an ancestor of where the ref is (a rollback) is never gated.
 */
export async function promote(options: PromoteOptions): Promise<PromoteResult> {
  const now = options.now ?? new Date();
  return withOutputLockAsync(options.repo, {}, async () => {
    const tree = openRolloutTree(options.repo);
    const index = waveIndex(tree, options.wave);
    const { ref, name } = tree.record.waves[index];
    const target = options.to === undefined ? tree.main : commitOf(tree.repo, options.to);
    if (!target) throw new RolloutUsageError(`--to ${options.to} is not a commit of ${tree.repo}`);
    const head = tree.heads[index];
    const rollback = head !== undefined && head.commit !== target && isAncestor(tree.repo, target, head.commit);
    const result = { wave: name, ref, from: head?.commit, to: target, moved: head?.commit !== target, rollback };
    if (!result.moved) return { ...result, forced: [] };
    const gated = index > 0 && !rollback;
    const failures = gated ? await gateFailures(tree, index, target, options, now) : [];
    if (failures.length > 0 && !options.force) throw new PromoteRefusedError(name, failures);
    if (!options.dryRun) {
      setBranch(tree.repo, ref, target, head, `edgefleet promote ${name}`);
      recordWaveMove(tree.repo, target, name, now);
    }
    return { ...result, forced: failures };
  });
}
