import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LockedError } from '../util/errors';

/** The lock file, relative to the output root. */
export const LOCK_PATH = '.edgefleet/lock';

/** Who holds an output directory's lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the holder took the lock. */
  readonly since: string;
  /** The holder's start time in clock ticks since boot (Linux), so a reused pid is not taken for the holder. */
  readonly start?: string;
}

/** Another synth, merge or promote holds the output directory. */
export class OutputLockedError extends LockedError {
  constructor(
    public readonly lockFile: string,
    public readonly holder: LockHolder,
  ) {
    super(
      `another edgefleet run (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is writing this output directory. ` +
        `Wait for it, or pass --wait to wait. If no edgefleet runs on ${holder.host}, remove ${lockFile}.`,
    );
  }
}

/** Start time of a process (field 22 of /proc/<pid>/stat), or undefined off Linux. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether the holder is certainly gone: same host, and its pid is dead or now another process. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (!(holder.pid > 0)) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const start = processStart(holder.pid);
  return holder.start !== undefined && start !== undefined && start !== holder.start;
}

function readHolder(file: string): { text: string; holder: LockHolder } | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    return { text, holder: JSON.parse(text) as LockHolder };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A lock file cut short by a crash while it was written: its writer is gone.
    return { text: '', holder: { pid: 0, host: hostname(), since: 'unknown' } };
  }
}

/** A held lock; `release` gives it up and removes the directories taking it created, if still empty. */
export interface OutputLock {
  release(): void;
}

/**
 * Takes the output directory's lock, or returns who holds it. The lock file
 * is created by link(2), which fails when it exists, so two runs can never
 * both take it. A stale lock (its holder dead on this host) is first moved
 * aside by rename(2) and taken over only if what was moved is still the
 * stale lock; had another run taken it over in between, its lock is put back.
 */
export function tryLockOutput(outDir: string): OutputLock | LockHolder {
  const createdOut = !existsSync(outDir);
  const bookkeeping = join(outDir, '.edgefleet');
  const createdBookkeeping = !existsSync(bookkeeping);
  mkdirSync(bookkeeping, { recursive: true });
  const file = join(outDir, LOCK_PATH);
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), start: processStart(process.pid) };
  const candidate = `${file}.${process.pid}`;
  writeFileSync(candidate, JSON.stringify(mine));
  try {
    for (;;) {
      try {
        linkSync(candidate, file);
        return { release: () => releaseLock(outDir, file, createdOut, createdBookkeeping) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readHolder(file);
      if (!current) continue;
      if (!isStale(current.holder)) return current.holder;
      const aside = `${file}.stale.${process.pid}`;
      try {
        renameSync(file, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      if (readFileSync(aside, 'utf8') !== current.text) {
        try {
          linkSync(aside, file);
        } catch {
          // Someone took the lock meanwhile; the one moved aside lost the race already.
        }
      }
      unlinkSync(aside);
    }
  } finally {
    unlinkSync(candidate);
  }
}

function releaseLock(outDir: string, file: string, createdOut: boolean, createdBookkeeping: boolean): void {
  if (readHolder(file)?.holder.pid === process.pid) unlinkSync(file);
  // A first synth that failed leaves no trace: not even the directories the lock needed.
  const bookkeeping = join(outDir, '.edgefleet');
  if (createdBookkeeping && existsSync(bookkeeping) && readdirSync(bookkeeping).length === 0) rmdirSync(bookkeeping);
  if (createdOut && existsSync(outDir) && readdirSync(outDir).length === 0) rmdirSync(outDir);
}

/** Runs `work` holding the output directory's lock; throws OutputLockedError when another run holds it. */
export function withOutputLock<T>(outDir: string, work: () => T): T {
  const lock = tryLockOutput(outDir);
  if (!('release' in lock)) throw new OutputLockedError(join(outDir, LOCK_PATH), lock);
  try {
    return work();
  } finally {
    lock.release();
  }
}

/** How to wait for a held lock. */
export interface LockWaitOptions {
  /** Wait for the holder instead of failing. @default false */
  readonly wait?: boolean;
  /** Called once when the lock is held by another run and this one starts waiting. */
  readonly onWait?: (holder: LockHolder) => void;
  /** Milliseconds between checks while waiting (a holder killed without releasing is noticed this way). @default 200 */
  readonly pollMs?: number;
}

/** Like withOutputLock, for async work, optionally waiting until the lock is free. */
export async function withOutputLockAsync<T>(outDir: string, options: LockWaitOptions, work: () => Promise<T>): Promise<T> {
  let lock = tryLockOutput(outDir);
  if (!('release' in lock) && options.wait) options.onWait?.(lock);
  while (!('release' in lock)) {
    if (!options.wait) throw new OutputLockedError(join(outDir, LOCK_PATH), lock);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
    lock = tryLockOutput(outDir);
  }
  try {
    return await work();
  } finally {
    lock.release();
  }
}
