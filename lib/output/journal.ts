import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { removeDirIfEmpty, removeFile, renameFile, syncDir, writeFile } from './fs-ops';

/*
 * The write journal: what a synth is about to change, recorded (and
 * fsynced) before it changes anything, so that a synth killed at any
 * moment can be finished or undone by the next one, as a database's
 * write-ahead log or a package manager's transaction does.
 *
 * 1. `journal.json` lists the directories to create, the files to write
 *    (each with its hash; most go to `<path>.edgefleet-tmp`, files in newly
 *    created directories in place) and the files to delete.
 * 2. The files are written. 3. `journal.committed` is created: from here
 *    on the new tree is decided. 4. Temp files are renamed into place, stale
 *    files deleted, the manifest renamed last. 5. The journal is removed.
 *
 * Recovery (`recoverJournal`): without `journal.committed`, the new files
 * are not all written yet and no owned file has changed, so it rolls back
 * (deletes what was written, removes the directories created). With it,
 * every new file is complete on disk, but some old files may already be
 * replaced and their old bytes are gone, so it rolls forward (repeats
 * the renames and deletions, each of which is idempotent).
 */

/** Suffix of every temp file edgefleet writes; such files are always edgefleet's to remove. */
export const TEMP_SUFFIX = '.edgefleet-tmp';
/** The journal, relative to the output root. */
export const JOURNAL_PATH = '.edgefleet/journal.json';
/** Present once every new file of the journal is written: the point after which recovery rolls forward. */
export const COMMITTED_PATH = '.edgefleet/journal.committed';

const journalSchema = z.object({
  /** Directories this write creates, parents first. */
  dirs: z.array(z.string()),
  /** Files to write: path, hash, and 1 when written in place (in a directory this write creates) rather than to a temp file. The manifest comes last. */
  writes: z.array(z.tuple([z.string(), z.string(), z.union([z.literal(0), z.literal(1)])])),
  /** Owned files to delete. */
  removes: z.array(z.string()),
  /** The Git commit to make once the files are in place (`synth --commit`), so an interrupted synth's commit is made by the next. */
  commit: z.object({ message: z.string(), written: z.array(z.string()), removed: z.array(z.string()) }).optional(),
});

/** What a write is about to do. */
export type Journal = z.infer<typeof journalSchema>;
/** The Git commit recorded in a journal. */
export type JournalCommit = NonNullable<Journal['commit']>;

/** Path of the temp file a file is written to before it is renamed into place. */
export function tempPath(path: string): string {
  return `${path}${TEMP_SUFFIX}`;
}

/** Writes the journal atomically and durably; nothing of the tree has changed yet. */
export function writeJournal(outDir: string, journal: Journal): void {
  const file = join(outDir, JOURNAL_PATH);
  mkdirSync(dirname(file), { recursive: true });
  writeFile(tempPath(file), JSON.stringify(journal), true);
  renameFile(tempPath(file), file);
  syncDir(dirname(file));
}

/** Marks the journal committed: every new file is written. */
export function markCommitted(outDir: string): void {
  writeFile(join(outDir, COMMITTED_PATH), '', true);
  syncDir(join(outDir, '.edgefleet'));
}

/** Removes the journal, its marker and temp files of the journal itself. */
export function clearJournal(outDir: string): void {
  for (const file of [JOURNAL_PATH, COMMITTED_PATH, tempPath(JOURNAL_PATH)].map((p) => join(outDir, p))) {
    if (existsSync(file)) removeFile(file);
  }
}

/** Removes the empty directories above a deleted file, up to the output root. */
export function removeEmptyParents(outDir: string, path: string): void {
  for (let dir = dirname(path); dir !== '.' && dir !== ''; dir = dirname(dir)) {
    if (!removeDirIfEmpty(join(outDir, dir))) return;
  }
}

/**
 * Puts a committed journal's files in place: renames every temp file that
 * is still there (the manifest last), deletes the stale files and the
 * directories they leave empty. Idempotent, so recovery may repeat it.
 * Returns the directories whose entries changed, for fsync.
 */
export function applyJournal(outDir: string, journal: Journal): Set<string> {
  const touched = new Set<string>();
  const rename = (path: string, op: 'rename' | 'manifest'): void => {
    const target = join(outDir, path);
    if (!existsSync(tempPath(target))) return;
    renameFile(tempPath(target), target, op);
    touched.add(dirname(target));
  };
  const manifest = journal.writes[journal.writes.length - 1];
  for (const [path, , inPlace] of journal.writes) {
    if (inPlace === 0 && path !== manifest?.[0]) rename(path, 'rename');
  }
  for (const path of journal.removes) {
    removeFile(join(outDir, path));
    removeEmptyParents(outDir, path);
    // The nearest directory left holds the change.
    let dir = dirname(join(outDir, path));
    while (dir.length > outDir.length && !existsSync(dir)) dir = dirname(dir);
    touched.add(dir);
  }
  if (manifest && manifest[2] === 0) rename(manifest[0], 'manifest');
  return touched;
}

/**
 * Undoes an uncommitted journal: deletes the files it wrote (`written`, when
 * the writer knows them; else every file it may have written) and the
 * directories it created.
 */
export function rollBackJournal(outDir: string, journal: Journal, written?: readonly string[]): void {
  const files = written ?? journal.writes.map(([path, , inPlace]) => join(outDir, inPlace === 1 ? path : tempPath(path)));
  for (const file of files) removeFile(file);
  for (const dir of [...journal.dirs].reverse()) removeDirIfEmpty(join(outDir, dir));
}

/** The journal left by an interrupted write, if any, and whether it was committed. */
export function readJournal(outDir: string): { journal: Journal; committed: boolean } | undefined {
  const file = join(outDir, JOURNAL_PATH);
  if (!existsSync(file)) return undefined;
  const parsed = journalSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not an edgefleet journal (${parsed.error.issues[0].message})`);
  return { journal: parsed.data, committed: existsSync(join(outDir, COMMITTED_PATH)) };
}

/** What recovery found and did. */
export interface Recovery {
  readonly action: 'rolled-forward' | 'rolled-back';
  /** The commit the interrupted synth was to make, for the caller to make now. */
  readonly commit?: JournalCommit;
}

/**
 * Finishes or undoes the write an interrupted synth left (see the top of
 * this file), and removes stray temp files of edgefleet's own bookkeeping.
 * Returns undefined when there was nothing to recover.
 */
export function recoverJournal(outDir: string): Recovery | undefined {
  const found = readJournal(outDir);
  if (found?.committed) applyJournal(outDir, found.journal);
  else if (found) rollBackJournal(outDir, found.journal);
  // What is left of edgefleet's temp files in its bookkeeping (the journal's own, the stat cache's) is stray.
  const bookkeeping = join(outDir, '.edgefleet');
  if (existsSync(bookkeeping)) {
    for (const name of readdirSync(bookkeeping)) if (name.endsWith(TEMP_SUFFIX)) removeFile(join(bookkeeping, name));
  }
  if (!found) {
    clearJournal(outDir);
    return undefined;
  }
  return { action: found.committed ? 'rolled-forward' : 'rolled-back', commit: found.committed ? found.journal.commit : undefined };
}
