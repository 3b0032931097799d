import type { Fleet } from '../model/fleet';
import { EDGEFLEET_VERSION } from '../util/version';
import { commitMessage } from '../output/commit-message';
import type { JournalCommit } from '../output/journal';
import { MANIFEST_PATH } from '../output/manifest';
import { makeCommit, OpenedOutput, openOutput, writeOpenedTree } from '../output/open-output';
import { withOutputLock } from '../output/output-lock';
import type { SynthOptions, SynthSummary } from './synth-options';
import { BuiltTree, buildTree } from './tree-build';
import type { PlanOptions } from './tree-plan';

/*
 * A synth on this thread: the output directory opened under its lock, the
 * tree built (tree-plan.ts, tree-build.ts) and written (step 6).
 */

/**
 * Synthesizes a fleet into `outDir`, rendering on this thread, holding the
 * directory's lock (OutputLockedError when another run holds it). On an
 * error the previous tree is left as it was, or, past the point of no
 * return, as the next synth completes it (see TreeWriteError).
 */
export function synth(fleet: Fleet, options: SynthOptions): SynthSummary {
  const started = process.hrtime.bigint();
  return withOutputLock(options.outDir, () => {
    const opened = openOutput(options);
    return writeOutput(options, opened, buildTree(fleet, opened.previous, planOptions(options, opened)), started);
  });
}

/** How a synth with these options plans its tree in the opened output directory. */
export function planOptions(options: SynthOptions, opened: OpenedOutput): PlanOptions {
  return {
    ...options,
    force: options.force || options.against !== undefined,
    drifted: opened.drift?.drifted,
    previousDocuments: opened.previousDocuments,
    repoPrefix: opened.repoPrefix,
  };
}

/** Step 6: writes the built tree (and commits it when asked) on `threads` threads; the summary of the synth started at `started`. */
export function writeOutput(options: SynthOptions, opened: OpenedOutput, built: BuiltTree, started: bigint, threads = 1): SynthSummary {
  const { previous } = opened;
  const next = { edgefleet: EDGEFLEET_VERSION, shard: options.shard, clusters: built.clusters };
  const commit: JournalCommit | undefined = options.commit
    ? {
        message: commitMessage(previous, { ...next, files: Object.fromEntries(built.tree.hashes) }),
        written: [MANIFEST_PATH, ...built.tree.hashes.keys()],
        removed: Object.keys(previous?.files ?? {}).filter((p) => !built.tree.hashes.has(p)),
      }
    : undefined;
  let commitId: string | undefined;
  const stats = writeOpenedTree(options.outDir, opened, built.tree, next, {
    durable: options.durable,
    threads,
    commit,
    makeCommit: (c) => (commitId = makeCommit(options.outDir, c, options.now)),
  });
  return {
    commitId,
    recovered: opened.recovered,
    clusters: built.sites.length,
    objects: Object.values(built.clusters).reduce((n, c) => n + c.objects, 0),
    rendered: built.rendered,
    written: stats.written,
    unchanged: stats.unchanged,
    removed: stats.removed,
    repaired: stats.repaired,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
