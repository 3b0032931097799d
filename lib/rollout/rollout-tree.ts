import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRolloutRecord, ROLLOUT_RECORD_PATH, RolloutRecord } from '../layout/rollout-record';
import { gitPrefix } from '../output/git-commit';
import { BranchHead, branchHead } from '../output/git-refs';
import { recordAt } from '../output/wave-refs';
import { UsageError } from '../util/errors';

/** The command cannot run as asked (not a tree edgefleet committed, an unknown wave or commit): a usage error. */
export class RolloutUsageError extends UsageError {}

/** A tree repository's rollout state: the record at the main branch's head, and where each wave's ref stands. */
export interface RolloutTree {
  /** The output directory (inside a Git work tree). */
  readonly repo: string;
  readonly record: RolloutRecord;
  /** The commit the main branch (`record.branch`) points at. */
  readonly main: string;
  /** Each wave's ref head, in wave order; undefined where the ref does not exist. */
  readonly heads: readonly (BranchHead | undefined)[];
}

/**
 * Opens the tree that `synth --commit` wrote into `repo`. The wave order and
 * each cluster's wave come from the rollout record committed on the main
 * branch, so no fleet file is needed.
 */
export function openRolloutTree(repo: string): RolloutTree {
  if (!existsSync(repo)) throw new RolloutUsageError(`${repo} does not exist`);
  let prefix: string;
  try {
    prefix = gitPrefix(repo);
  } catch {
    throw new RolloutUsageError(`${repo} is not inside a Git work tree: pass --repo the clone that synth --commit writes into`);
  }
  const onDisk = join(repo, ROLLOUT_RECORD_PATH);
  if (!existsSync(onDisk)) throw new RolloutUsageError(`${repo} has no ${ROLLOUT_RECORD_PATH}: run edgefleet synth --commit into it first`);
  const branch = parseRolloutRecord(readFileSync(onDisk, 'utf8')).branch;
  const main = branchHead(repo, branch);
  if (!main) throw new RolloutUsageError(`${repo} has no branch ${branch} (the branch synth --commit commits to)`);
  const record = recordAt(repo, main.commit, prefix);
  if (!record) throw new RolloutUsageError(`branch ${branch} of ${repo} has no ${prefix}${ROLLOUT_RECORD_PATH}: commit a synth first`);
  return { repo, record, main: main.commit, heads: record.waves.map((w) => branchHead(repo, w.ref)) };
}

/** Index of a wave in the record, or a usage error listing the waves. */
export function waveIndex(tree: Pick<RolloutTree, 'record'>, wave: string): number {
  const index = tree.record.waves.findIndex((w) => w.name === wave);
  if (index < 0)
    throw new RolloutUsageError(`unknown wave "${wave}": the tree's waves are ${tree.record.waves.map((w) => w.name).join(', ')}`);
  return index;
}

/** A short commit id for messages. */
export function short(commit: string): string {
  return commit.slice(0, 12);
}
