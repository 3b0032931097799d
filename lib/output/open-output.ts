import { existsSync, readdirSync } from 'node:fs';
import { isSeedFile } from '../layout/flux-system';
import { DriftScan, saveStamps, scanDrift } from './drift';
import { beforeOp } from './fs-ops';
import { assertCleanPaths, commitPaths, gitPrefix } from './git-commit';
import { clearJournal, JournalCommit, recoverJournal, Recovery } from './journal';
import { Manifest, MANIFEST_PATH, readManifest } from './manifest';
import { ClusterDocumentsReader, previousClusterDocuments } from './tree-objects';
import { TreeWriteError } from './tree-write-error';
import { DesiredTree, writeTree, WriteStats, WriteTreeOptions } from './tree-writer';
import { updateWaveRefs } from './wave-refs';
import { UsageError } from '../util/errors';

/*
 * The output directory as a synth finds it (interrupted writes finished,
 * manifest read, drift found) and the tree written back into it.
 */

/** The output directory is not one edgefleet may write into as asked. */
export class OutputRefusedError extends UsageError {}

/** What a synth found in its output directory before planning. */
export interface OpenedOutput {
  readonly previous: Manifest | undefined;
  /** Owned files that drifted from the manifest, and the stat cache. */
  readonly drift: DriftScan | undefined;
  readonly recovered?: Recovery['action'];
  /** YAML documents of each cluster of the tree the upgrade check compares with (`against`, or the previous tree). */
  readonly previousDocuments?: ClusterDocumentsReader;
  /** With `commit`: the output directory's path in its repository, as `git rev-parse --show-prefix` prints it. */
  readonly repoPrefix?: string;
}

function assertWritable(outDir: string, previous: Manifest | undefined, allowNonEmpty: boolean): void {
  if (previous || allowNonEmpty || !existsSync(outDir)) return;
  // `.edgefleet/` alone holds this synth's own lock.
  const entries = readdirSync(outDir).filter((name) => name !== '.edgefleet');
  if (entries.length > 0) {
    throw new OutputRefusedError(
      `${outDir} is not empty and has no ${MANIFEST_PATH}: edgefleet did not write it. Pass --allow-nonempty to write into it anyway (files edgefleet does not own are never changed).`,
    );
  }
}

/** What opening an output directory needs to know of the run that opens it (see SynthOptions). */
export interface OpenOutputOptions {
  /** Output directory. */
  readonly outDir: string;
  /** Write into a non-empty directory that has no edgefleet manifest. @default false */
  readonly allowNonEmpty?: boolean;
  /**
   * Commit the written files into the Git work tree holding `outDir` (implies
   * allowNonEmpty). Refused when files edgefleet owns have uncommitted
   * changes; no commit when nothing changed. @default false
   */
  readonly commit?: boolean;
  /**
   * Check upgrade safety against the tree edgefleet wrote in this directory
   * instead of the one in `outDir` (e.g. the tree the clusters run, when
   * `outDir` is a fresh preview). Every cluster is then rendered and
   * compared. @default outDir
   */
  readonly against?: string;
  /** The time recorded as when new wave refs reached their commit (`commit`). @default now */
  readonly now?: Date;
}

/** The tree the upgrade check compares with: `against`, or the previous tree; none when there is none. */
function previousDocumentsOf(options: OpenOutputOptions, previous: Manifest | undefined): ClusterDocumentsReader | undefined {
  if (options.against === undefined) return previous && previousClusterDocuments(options.outDir, previous);
  const manifest = readManifest(options.against);
  if (!manifest) throw new OutputRefusedError(`--against ${options.against} has no ${MANIFEST_PATH}: it is not a tree edgefleet wrote`);
  return previousClusterDocuments(options.against, manifest);
}

/**
 * Opens the output directory (its lock must be held): finishes or undoes
 * the write of an interrupted synth first, then reads the manifest, checks
 * that the output may be written as asked and finds drifted files.
 */
export function openOutput(options: OpenOutputOptions): OpenedOutput {
  let recovery: Recovery | undefined;
  try {
    recovery = recoverJournal(options.outDir);
    if (recovery?.commit) makeCommit(options.outDir, recovery.commit, options.now);
    if (recovery) clearJournal(options.outDir);
  } catch (error) {
    throw new TreeWriteError('incomplete', `finishing the write of an interrupted synth failed: ${(error as Error).message}`, error);
  }
  const previous = readManifest(options.outDir);
  const repoPrefix = options.commit ? gitPrefix(options.outDir) : undefined;
  if (options.commit) {
    assertCleanPaths(options.outDir, [MANIFEST_PATH, ...Object.keys(previous?.files ?? {})]);
  }
  assertWritable(options.outDir, previous, (options.allowNonEmpty || options.commit) ?? false);
  return {
    previous,
    drift: previous ? scanDrift(options.outDir, previous, isSeedFile) : undefined,
    recovered: recovery?.action,
    previousDocuments: previousDocumentsOf(options, previous),
    repoPrefix,
  };
}

/**
 * Writes a tree into an opened output directory: seed files and drifted
 * files handled, and the stat cache of the drift scan saved.
 */
export function writeOpenedTree(
  outDir: string,
  opened: OpenedOutput,
  tree: DesiredTree,
  next: Omit<Manifest, 'files'>,
  options: WriteTreeOptions = {},
): WriteStats {
  const { drift } = opened;
  const stats = writeTree(outDir, tree, opened.previous, next, { ...options, isSeed: isSeedFile, drifted: drift?.drifted });
  if (stats.written > 0 || stats.removed > 0 || (drift?.hashed ?? 0) > 0) {
    try {
      saveStamps(outDir, new Map([...(drift?.stamps ?? []), ...stats.stamps].filter(([path]) => tree.hashes.has(path))));
    } catch (error) {
      // Past the tree's write: never report this as "nothing was written".
      throw new TreeWriteError('written', `the tree is written, but saving its stat cache failed: ${(error as Error).message}`, error);
    }
  }
  return stats;
}

/** Commits the synth's files, then creates and repoints wave refs as that commit needs (see updateWaveRefs). */
export function makeCommit(outDir: string, commit: JournalCommit, now = new Date()): string | undefined {
  beforeOp('commit', outDir);
  const id = commitPaths(outDir, commit.written, commit.removed, commit.message);
  if (id) updateWaveRefs(outDir, id, now);
  return id;
}
