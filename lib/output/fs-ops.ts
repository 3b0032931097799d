import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';

/*
 * Every file system change the tree writer makes goes through this module,
 * so that tests can fail or kill a synth at an exact operation: the
 * environment variable EDGEFLEET_FAULT=<action>:<op>:<n> makes the n-th
 * call (1-based) of `op` (write, rename, unlink, manifest, commit) in this process
 * either throw EIO (`error`), SIGKILL the process (`kill`) or SIGSTOP it
 * (`stop`, for lock tests), just before the call. Unset, it costs one
 * counter increment per call. The counters are shared with the threads
 * that write (parallel-write.ts), so `n` counts calls of the whole process.
 */

/** Operations a fault can be injected into. */
export type FaultOp = 'write' | 'rename' | 'unlink' | 'manifest' | 'commit';

interface Fault {
  readonly action: 'error' | 'kill' | 'stop';
  readonly op: FaultOp;
  readonly at: number;
}

function parseFault(text: string | undefined): Fault | undefined {
  const match = /^(error|kill|stop):(write|rename|unlink|manifest|commit):(\d+)$/.exec(text ?? '');
  return match ? { action: match[1] as Fault['action'], op: match[2] as FaultOp, at: Number(match[3]) } : undefined;
}

const fault = parseFault(process.env.EDGEFLEET_FAULT);
const FAULT_OPS: readonly FaultOp[] = ['write', 'rename', 'unlink', 'manifest', 'commit'];
let calls = new Int32Array(new SharedArrayBuffer(FAULT_OPS.length * Int32Array.BYTES_PER_ELEMENT));

/** This thread's operation counters, for a worker thread to count on (see `countFaultsOn`). */
export function faultCounters(): SharedArrayBuffer {
  return calls.buffer as SharedArrayBuffer;
}

/** Makes this (worker) thread count its operations on the counters of the thread that started it. */
export function countFaultsOn(counters: SharedArrayBuffer): void {
  calls = new Int32Array(counters);
}

/** The fault hook, for steps that are not file system calls (e.g. `commit`, before the Git commit). */
export function beforeOp(op: FaultOp, path: string): void {
  const n = Atomics.add(calls, FAULT_OPS.indexOf(op), 1) + 1;
  if (!fault || fault.op !== op || fault.at !== n) return;
  if (fault.action === 'kill') process.kill(process.pid, 'SIGKILL');
  if (fault.action === 'stop') {
    // Tells the test the process reached the point, then stops until SIGCONT.
    // eslint-disable-next-line no-restricted-properties -- a test hook, off unless EDGEFLEET_FAULT is set
    process.stderr.write(`edgefleet-fault: stopping before ${op} ${n}\n`);
    process.kill(process.pid, 'SIGSTOP');
    return;
  }
  throw Object.assign(new Error(`EIO: injected I/O error, ${op} '${path}'`), { code: 'EIO' });
}

/** Identity of a file's bytes as written: `<inode>-<size>-<mtime ms, with its fraction>`, as git's index keeps them. */
export type FileStamp = string;

/** Stamp of an open or named file's stats. */
export function stampOf(stats: { ino: number; size: number; mtimeMs: number }): FileStamp {
  return `${stats.ino}-${stats.size}-${stats.mtimeMs}`;
}

/**
 * Writes a file (creating or truncating it) and returns its stamp; `durable`
 * fsyncs it before closing. A write that fails after creating the file (a
 * full disk) removes it, so a failed call leaves nothing behind.
 */
export function writeFile(path: string, text: string, durable = false, op: FaultOp = 'write'): FileStamp {
  beforeOp(op, path);
  const fd = openSync(path, 'w');
  let stamp: FileStamp;
  try {
    writeSync(fd, text);
    if (durable) fsyncSync(fd);
    stamp = stampOf(fstatSync(fd));
  } catch (error) {
    closeSync(fd);
    unlinkSync(path);
    throw error;
  }
  closeSync(fd);
  return stamp;
}

/** rename(2), through the fault hook. */
export function renameFile(from: string, to: string, op: FaultOp = 'rename'): void {
  beforeOp(op, to);
  renameSync(from, to);
}

/** unlink(2), through the fault hook; a missing file is fine (recovery repeats unlinks). */
export function removeFile(path: string): void {
  beforeOp('unlink', path);
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** mkdir(2) of one level. */
export function makeDir(path: string): void {
  mkdirSync(path);
}

/** rmdir(2) when the directory exists and is empty; true when it was removed. */
export function removeDirIfEmpty(path: string): boolean {
  try {
    rmdirSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Gone, not empty, or not a directory (something else is in the way): not ours to remove.
    if (code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') return false;
    throw error;
  }
}

/** fsyncs a directory, so that the names created, renamed or removed in it survive a power cut. */
export function syncDir(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    // Pruned since: its parent holds the change, and is synced too.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Flushes the whole file system holding `path` (syncfs(2), through
 * coreutils `sync -f`; Node has no binding). After writing thousands of
 * files, one syncfs costs a fraction of one fsync per file: see the
 * "Crash safety" section of the README for the bench figures. Falls back to
 * fsyncing each of `files` where `sync -f` is missing.
 */
export function syncFileSystem(path: string, files: readonly string[]): void {
  try {
    execFileSync('sync', ['-f', path], { stdio: 'ignore' });
  } catch {
    for (const file of files) {
      const fd = openSync(file, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }
}
