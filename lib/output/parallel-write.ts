import { dirname, join } from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { workerEntry } from '../util/worker-entry';
import { faultCounters, FileStamp, makeDir, writeFile } from './fs-ops';

/*
 * Step 2 of the write protocol (journal.ts) on several threads: the new
 * directories made and the new files written, split by directory, while the
 * journal is already in place and nothing is committed. Creating files and
 * directories is mostly kernel time (ext4 inode allocation); on 2 cores two
 * threads share it. The caller blocks until every thread is done, so
 * writeTree stays synchronous and the protocol's order is unchanged.
 */

/** A file to write: its path in the tree, the file written (the target or its temp file), its text, and whether to fsync it. */
export type FileToWrite = readonly [path: string, file: string, text: string, durable: boolean];

/** One thread's part: directories to make (parents first), then files to write. */
export interface WriteShare {
  readonly dirs: readonly string[];
  readonly files: readonly FileToWrite[];
}

/** What was written, as far as it got: stamps by tree path, and every file written (for a rollback). */
export interface WrittenFiles {
  readonly stamps: Map<string, FileStamp>;
  readonly files: string[];
}

/** The data a write worker starts with; its shares come on `port`, then `'end'`. */
export interface WriteWorkerData {
  readonly counters: SharedArrayBuffer;
  /** Set to 1 once the worker has posted its result. */
  readonly done: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** What a write worker is sent: a share to write, or the end. */
export type ToWriteWorker = WriteShare | 'end';

/** What a write worker posts back. */
export interface WriteWorkerResult {
  readonly stamps: [string, FileStamp][];
  readonly files: string[];
  readonly error?: { readonly message: string; readonly code?: string };
}

/**
 * Files below which the write stays on this thread. A write worker is
 * running after about 30 ms; a cold 1,000-site tree (10,000 files) takes
 * over 1 s to write on one thread.
 */
export const MIN_FILES_FOR_THREADS = 1_000;

/**
 * Files per share posted to a worker. Posting a thread's files a share at a
 * time, as this thread writes its own, keeps only a few copies of their
 * text in flight: posting them all at once raised the peak RSS of a cold
 * 10,000-site synth from about 620 to up to 1,000 MiB.
 */
const SHARE_FILES = 2_000;

/** Writes a share on this thread, recording into `written` as it goes. */
export function writeShare(share: WriteShare, written: WrittenFiles): void {
  for (const dir of share.dirs) makeDir(dir);
  for (const [path, file, text, durable] of share.files) {
    written.stamps.set(path, writeFile(file, text, durable));
    written.files.push(file);
  }
}

/** The group a tree path is written by: its first two directories (e.g. one cluster's directory); '' for the top. */
function groupOf(dir: string): string {
  const first = dir.indexOf('/');
  if (first === -1) return '';
  const second = dir.indexOf('/', first + 1);
  return second === -1 ? dir : dir.slice(0, second);
}

/**
 * Splits the directories (relative, parents first) and files into `threads`
 * lists of shares by group, groups dealt round-robin in the order they come,
 * so each thread makes the directories its files need (in its first share).
 * Top-level directories come apart: they are made before any share starts.
 */
function split(
  outDir: string,
  dirs: readonly string[],
  files: readonly FileToWrite[],
  threads: number,
): { top: string[]; shares: WriteShare[][] } {
  const shares = Array.from({ length: threads }, () => [{ dirs: [] as string[], files: [] as FileToWrite[] }]);
  const threadOf = new Map<string, number>();
  const sharesOf = (group: string) => {
    let thread = threadOf.get(group);
    if (thread === undefined) threadOf.set(group, (thread = threadOf.size % threads));
    return shares[thread];
  };
  const top: string[] = [];
  for (const dir of dirs) {
    const group = groupOf(dir);
    if (group === '') top.push(join(outDir, dir));
    else sharesOf(group)[0].dirs.push(join(outDir, dir));
  }
  for (const file of files) {
    const list = sharesOf(groupOf(dirname(file[0])));
    if (list[list.length - 1].files.length === SHARE_FILES) list.push({ dirs: [], files: [] });
    list[list.length - 1].files.push(file);
  }
  return { top, shares };
}

/**
 * How long a write worker may go without finishing a share before the write
 * is given up. The waiting thread is blocked and cannot see a worker that
 * died (failed to load, killed for memory): without this it would wait
 * forever. A share of SHARE_FILES files takes well under a second here.
 */
const STALLED_MS = 60_000;

/** A started write worker: `post` sends it a share; `finish` blocks until it has written them all and returns what it wrote. */
function startWorker(): { post: (share: WriteShare) => void; finish: () => WriteWorkerResult } {
  const entry = workerEntry(__dirname, 'write-worker');
  const channel = new MessageChannel();
  // [0] set to 1 when the worker is done, [1] counts the shares it has finished.
  const done = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const data: WriteWorkerData = { counters: faultCounters(), done: done.buffer as SharedArrayBuffer, port: channel.port2 };
  const worker = new Worker(entry.file, { workerData: data, transferList: [channel.port2], execArgv: entry.execArgv });
  const sent: WriteShare[] = [];
  const send = (message: ToWriteWorker): void => channel.port1.postMessage(message);
  return {
    post: (share) => {
      sent.push(share);
      send(share);
    },
    finish: () => {
      send('end');
      for (let progress = Atomics.load(done, 1); Atomics.wait(done, 0, 0, STALLED_MS) === 'timed-out'; progress = Atomics.load(done, 1)) {
        if (Atomics.load(done, 1) !== progress) continue;
        void worker.terminate();
        // What it wrote is unknown: every file it was given is undone.
        const files = sent.flatMap((share) => share.files.map(([, file]) => file));
        return { stamps: [], files, error: { message: `a write worker stopped responding (no share written in ${STALLED_MS / 1000} s)` } };
      }
      const result = receiveMessageOnPort(channel.port1)!.message as WriteWorkerResult;
      channel.port1.close();
      void worker.terminate();
      return result;
    },
  };
}

/**
 * Makes `dirs` (relative to `outDir`, parents first) and writes `files`, on
 * this thread and `threads - 1` workers when there are enough files.
 * Records into `written` everything any thread wrote, also when one fails
 * (then the first error is thrown, after every thread has stopped).
 */
export function writeNewFiles(
  outDir: string,
  dirs: readonly string[],
  files: readonly FileToWrite[],
  threads: number,
  written: WrittenFiles,
): void {
  const { top, shares } = split(outDir, dirs, files, files.length < MIN_FILES_FOR_THREADS ? 1 : Math.max(1, threads));
  for (const dir of top) makeDir(dir);
  const [own, ...theirs] = shares;
  const workers = theirs.map(startWorker);
  let failure: unknown;
  for (let i = 0; failure === undefined && i < Math.max(...shares.map((list) => list.length)); i++) {
    workers.forEach((worker, w) => theirs[w][i] && worker.post(theirs[w][i]));
    try {
      if (own[i]) writeShare(own[i], written);
    } catch (error) {
      failure = error;
    }
  }
  for (const worker of workers) {
    const result = worker.finish();
    for (const [path, stamp] of result.stamps) written.stamps.set(path, stamp);
    written.files.push(...result.files);
    failure ??= result.error && Object.assign(new Error(result.error.message), { code: result.error.code });
  }
  if (failure !== undefined) throw failure;
}
