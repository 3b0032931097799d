import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OCI_LIVE_TAG } from '../layout/flux-oci';
import { parseRolloutRecord, ROLLOUT_RECORD_PATH, RolloutRecord } from '../layout/rollout-record';
import { clusterRepository, OCI_CANDIDATE_TAG } from '../output/oci-publish';
import { OciRegistry, parseRegistry } from '../output/oci-registry';
import { readRolloutLog, recordOciWaveMove, rolloutLogRepository, ROLLOUT_LOG_TAG, waveHeldSince } from '../output/oci-rollout-log';
import { withOutputLockAsync } from '../output/output-lock';
import { healthFailures, PromoteRefusedError } from './promote';
import type { WavePromoteOptions } from './promote';
import { soakFailure } from './soak-gate';
import { RolloutUsageError, waveIndex } from './rollout-tree';

/** Options of `edgefleet promote --registry`. */
export interface OciPromoteOptions extends WavePromoteOptions {
  /** The synthesized tree (its rollout record lists each wave's clusters). */
  readonly repo: string;
  /** `host[:port]/path` that `edgefleet publish` pushed to. */
  readonly registry: string;
  /** Talk plain HTTP to the registry (a local test registry). @default false */
  readonly plainHttp?: boolean;
  /** Tag of each cluster's repository to move `live` to; any other than `candidate` is a rollback, never gated. @default "candidate" */
  readonly to?: string;
}

/** What an OCI promotion did (or would do). */
export interface OciPromoteResult {
  readonly wave: string;
  readonly to: string;
  /** Clusters whose `live` moved (or, with dryRun, would). */
  readonly moved: readonly string[];
  readonly unchanged: readonly string[];
  readonly forced: readonly string[];
  /** Whether the move was written to the rollout log (not with dryRun, nor when the log already had it). */
  readonly recorded: boolean;
}

/** The rollout record of a synthesized tree (OCI delivery needs no Git work tree). */
export function readTreeRecord(repo: string): RolloutRecord {
  const recordFile = join(repo, ROLLOUT_RECORD_PATH);
  if (!existsSync(recordFile))
    throw new RolloutUsageError(`${repo} has no ${ROLLOUT_RECORD_PATH}: run edgefleet synth --out ${repo} first`);
  return parseRolloutRecord(readFileSync(recordFile, 'utf8'));
}

/**
 * Moves `live` of every cluster of one wave to its `candidate` (or the
 * `to` tag), holding the tree's output lock. Moving to `candidate` is gated
 * by order (every cluster of the wave before has `live` at its `candidate`),
 * by soak (the rollout log says the wave before has held those candidates
 * for its `rollout.soak`) and by the wave before's health queries. Nothing
 * moves unless every cluster's target exists. The move, rollbacks too, is
 * then written to the rollout log; so is a wave that already was there but
 * whose log entry says otherwise (its soak starts now: later, never sooner).
 */
export async function promoteOci(options: OciPromoteOptions): Promise<OciPromoteResult> {
  const { host, path } = parseRegistry(options.registry);
  const registry = new OciRegistry(host, options.plainHttp);
  const to = options.to ?? OCI_CANDIDATE_TAG;
  const now = options.now ?? new Date();
  return withOutputLockAsync(options.repo, {}, async () => {
    const record = readTreeRecord(options.repo);
    const log = await readRolloutLog(registry, path);
    const index = waveIndex({ record }, options.wave);
    const wave = record.waves[index];
    const failures: string[] = [];
    if (index > 0 && to === OCI_CANDIDATE_TAG) {
      const previous = record.waves[index - 1];
      const behind: string[] = [];
      const candidates = new Map<string, string | undefined>();
      for (const c of previous.clusters) {
        const name = clusterRepository(path, c);
        candidates.set(c, await registry.manifestDigest(name, OCI_CANDIDATE_TAG));
        if ((await registry.manifestDigest(name, OCI_LIVE_TAG)) !== candidates.get(c)) behind.push(c);
      }
      if (behind.length > 0)
        failures.push(
          `order: ${behind.length} clusters of wave ${previous.name} do not run their candidate (${behind.slice(0, 5).join(', ')}${behind.length > 5 ? ', ...' : ''}): promote ${previous.name} first (waves go ${record.waves.map((w) => w.name).join(' > ')})`,
        );
      const unknown =
        behind.length > 0
          ? 'does not run its candidates'
          : `has no record in ${rolloutLogRepository(path)}:${ROLLOUT_LOG_TAG} of when it got its candidates (promote ${previous.name} again to start its soak now)`;
      const soak = soakFailure(
        previous,
        'its candidates',
        behind.length > 0 ? undefined : waveHeldSince(log, previous.name, candidates),
        now,
        unknown,
      );
      if (soak) failures.push(soak);
      failures.push(...(await healthFailures(previous, wave.name, options.prometheusUrl)));
    }
    if (failures.length > 0 && !options.force) throw new PromoteRefusedError(wave.name, failures);
    const targets = new Map<string, { digest: string; live?: string }>();
    const missing: string[] = [];
    for (const c of wave.clusters) {
      const name = clusterRepository(path, c);
      const digest = await registry.manifestDigest(name, to);
      if (digest) targets.set(c, { digest, live: await registry.manifestDigest(name, OCI_LIVE_TAG) });
      else missing.push(c);
    }
    if (missing.length > 0)
      throw new RolloutUsageError(
        `no tag ${to} in the repositories of ${missing.join(', ')} (under ${options.registry}): run edgefleet publish first, or pick a tag they all have; nothing was moved`,
      );
    const moved = [...targets].filter(([, t]) => t.live !== t.digest).map(([c]) => c);
    const revisions = new Map([...targets].map(([c, t]) => [c, t.digest]));
    const recorded = !options.dryRun && (moved.length > 0 || !waveHeldSince(log, wave.name, revisions));
    if (!options.dryRun) {
      for (const c of moved) {
        const name = clusterRepository(path, c);
        await registry.putManifest(name, OCI_LIVE_TAG, await registry.getManifest(name, targets.get(c)!.digest));
      }
    }
    if (recorded)
      await recordOciWaveMove(registry, path, log, wave.name, { at: now.toISOString(), revisions: Object.fromEntries(revisions) });
    return { wave: wave.name, to, moved, unchanged: wave.clusters.filter((c) => !moved.includes(c)), forced: failures, recorded };
  });
}
