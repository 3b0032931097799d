import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256 } from '../util/hash';
import { FileStamp, syncDir, syncFileSystem } from './fs-ops';
import { applyJournal, clearJournal, Journal, JournalCommit, markCommitted, rollBackJournal, tempPath, writeJournal } from './journal';
import { Manifest, MANIFEST_PATH, serializeManifest } from './manifest';
import { FileToWrite, writeNewFiles, WrittenFiles } from './parallel-write';
import { TreeWriteError } from './tree-write-error';

/** Hash recorded for a file in the manifest. */
export function fileHash(content: string): string {
  return sha256(content, 16);
}

/** The tree a synth wants: new content for rendered files, hashes only for files kept from the cache. */
export interface DesiredTree {
  /** Files with fresh content, by path relative to the output root. */
  readonly content: ReadonlyMap<string, string>;
  /** Every file of the tree with its hash, including cached ones. */
  readonly hashes: ReadonlyMap<string, string>;
}

/** How to write a tree. */
export interface WriteTreeOptions {
  /** Seed files: written only when missing; once there, another tool owns their bytes. @default none */
  readonly isSeed?: (path: string) => boolean;
  /** Owned files found missing or changed on disk: rewritten even where their hash did not change. @default none */
  readonly drifted?: ReadonlySet<string>;
  /** fsync what is written (off only for throwaway trees). @default true */
  readonly durable?: boolean;
  /** A Git commit to make once the files are in place; journaled, so an interrupted synth's commit is made by the next. */
  readonly commit?: JournalCommit;
  /** Makes the journaled commit; called after the files are in place, before the journal is removed. */
  readonly makeCommit?: (commit: JournalCommit) => void;
  /** Threads that make the new directories and write the new files (this one and `threads - 1` workers), when there are many (see parallel-write.ts). @default 1 */
  readonly threads?: number;
}

/** What a write did. */
export interface WriteStats {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Drifted files rewritten. */
  readonly repaired: number;
  /** Stamps of the files written, for the drift scan's stat cache. */
  readonly stamps: ReadonlyMap<string, FileStamp>;
}

/**
 * Below this many files, each is fsynced on its own; above it, one
 * syncfs of the whole file system is cheaper.
 */
const FSYNC_EACH_MAX = 64;

/** Refuses to touch files edgefleet does not own; throws naming them. */
function assertNoForeignFiles(outDir: string, tree: DesiredTree, previous: Manifest | undefined, isSeed: (path: string) => boolean): void {
  const clashes: string[] = [];
  for (const path of tree.content.keys()) {
    if (!previous?.files[path] && !isSeed(path) && existsSync(join(outDir, path))) clashes.push(path);
  }
  if (clashes.length > 0) {
    throw new TreeWriteError(
      'unchanged',
      `refusing to overwrite ${clashes.length} file(s) that edgefleet's manifest does not list, e.g. ${clashes.slice(0, 3).join(', ')}; move them away first`,
    );
  }
}

/**
 * Directories to create for `paths`, parents first. Only a directory whose
 * parent already exists is looked up: below a new one, everything is new.
 */
function dirsToCreate(outDir: string, paths: readonly string[]): string[] {
  const needed = new Set<string>();
  for (const path of paths) {
    for (let dir = dirname(path); dir !== '.' && !needed.has(dir); dir = dirname(dir)) needed.add(dir);
  }
  const created = new Set<string>();
  // Sorted, a parent comes before its children (it is their prefix).
  for (const dir of [...needed].sort()) {
    if (created.has(dirname(dir)) || !existsSync(join(outDir, dir))) created.add(dir);
  }
  return [...created];
}

/** Makes what is written so far durable: each file and its directory, or the whole file system at once. */
function syncWritten(outDir: string, files: readonly string[], dirs: Iterable<string>): void {
  if (files.length > FSYNC_EACH_MAX) return syncFileSystem(outDir, files);
  for (const dir of new Set(dirs)) syncDir(dir);
}

/**
 * Writes the tree through the journal (lib/output/journal.ts): only files
 * whose hash changed, or that drifted, are written; stale files are deleted
 * only when the previous manifest lists them; the manifest goes last. A
 * failure before the commit point undoes everything written and throws a
 * TreeWriteError in state `unchanged`; a failure after it leaves the
 * journal for the next synth to finish, state `incomplete`.
 */
export function writeTree(
  outDir: string,
  tree: DesiredTree,
  previous: Manifest | undefined,
  next: Omit<Manifest, 'files'>,
  options: WriteTreeOptions = {},
): WriteStats {
  const isSeed = options.isSeed ?? (() => false);
  const durable = options.durable ?? true;
  assertNoForeignFiles(outDir, tree, previous, isSeed);
  const drifted = options.drifted ?? new Set<string>();
  const changed = [...tree.content.keys()].filter((p) =>
    isSeed(p) ? !existsSync(join(outDir, p)) : previous?.files[p] !== tree.hashes.get(p) || drifted.has(p),
  );
  const stale = Object.keys(previous?.files ?? {}).filter((p) => !tree.hashes.has(p));
  const manifestText = serializeManifest({ ...next, files: Object.fromEntries(tree.hashes) });
  const manifestFile = join(outDir, MANIFEST_PATH);
  const manifestChanged = !existsSync(manifestFile) || readFileSync(manifestFile, 'utf8') !== manifestText;
  const stats = {
    unchanged: tree.hashes.size - changed.length,
    removed: stale.length,
    repaired: changed.filter((p) => drifted.has(p)).length,
  };
  // Nothing to write means nothing to commit either: owned files had no uncommitted changes to begin with.
  if (changed.length === 0 && stale.length === 0 && !manifestChanged) return { ...stats, written: 0, stamps: new Map() };

  const dirs = dirsToCreate(outDir, [...changed, MANIFEST_PATH]);
  const newDirs = new Set(dirs);
  const writes: Journal['writes'] = changed.map((p) => [p, tree.hashes.get(p)!, newDirs.has(dirname(p)) ? 1 : 0]);
  if (manifestChanged) writes.push([MANIFEST_PATH, fileHash(manifestText), 0]);
  const journal: Journal = { dirs, writes, removes: stale, commit: options.commit };
  const written: WrittenFiles = { stamps: new Map(), files: [] };
  try {
    writeJournal(outDir, journal);
    // Durable are the files renamed over others (and the manifest): a power
    // cut must not leave an old file replaced by an empty one. Files new in
    // new directories are not synced: if a power cut loses them, nothing
    // old is lost, and the next synth's drift check (the manifest records
    // their hashes) writes them again. This keeps a cold synth's durability
    // cost to a few fsyncs instead of flushing the whole tree (measured in
    // the bench: syncfs of a cold 10,000-site tree cost 18% of the synth).
    const renamed = writes.filter(([, , inPlace]) => inPlace === 0).length;
    const few = renamed <= FSYNC_EACH_MAX;
    const replacing: string[] = [];
    const files = writes.map(([path, , inPlace]): FileToWrite => {
      const target = join(outDir, path);
      const file = inPlace === 1 ? target : tempPath(target);
      if (inPlace === 0) replacing.push(file);
      return [path, file, path === MANIFEST_PATH ? manifestText : tree.content.get(path)!, durable && few && inPlace === 0];
    });
    writeNewFiles(outDir, dirs, files, options.threads ?? 1, written);
    if (durable) syncWritten(outDir, replacing, replacing.map(dirname));
    markCommitted(outDir);
  } catch (error) {
    try {
      rollBackJournal(outDir, journal, written.files);
      clearJournal(outDir);
    } catch (cleanup) {
      throw new TreeWriteError(
        'incomplete',
        `writing failed (${(error as Error).message}), and so did undoing it (${(cleanup as Error).message})`,
        error,
      );
    }
    throw error instanceof TreeWriteError
      ? error
      : new TreeWriteError('unchanged', `writing the tree failed: ${(error as Error).message}`, error);
  }
  try {
    const touched = applyJournal(outDir, journal);
    if (durable) syncWritten(outDir, [...touched], touched);
    if (options.commit) options.makeCommit?.(options.commit);
    clearJournal(outDir);
  } catch (error) {
    throw new TreeWriteError('incomplete', `updating the tree failed: ${(error as Error).message}`, error);
  }
  written.stamps.delete(MANIFEST_PATH);
  return { ...stats, written: writes.length, stamps: written.stamps };
}
