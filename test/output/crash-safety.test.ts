import { ChildProcess, execFileSync, spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_PATH } from '../../lib/output/journal';
import { LOCK_PATH } from '../../lib/output/output-lock';
import { STAMPS_PATH } from '../../lib/output/drift';
import { describeWithTool } from '../support/tools';

/*
 * Issue 15: kill -9, I/O errors and concurrent runs. Every synth here is the
 * real CLI (dist/, built by the jest globalSetup) on the synthetic fleet of
 * the bench, with faults injected at exact operations through
 * EDGEFLEET_FAULT (lib/output/fs-ops.ts). Each case starts from a copy of
 * the tree of fleet v1, runs the synth of fleet v2 that is killed or fails,
 * then a plain synth of v2, and compares the result with a clean synth of v2
 * (`diff -r`). v2 changes the fleet-wide scrape interval (every cluster's
 * files change, and enough clusters re-render for worker threads) and drops
 * sites (the prune phase runs).
 */

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'edgefleet.js');
const FLEET = join(ROOT, 'dist', 'bench', 'synthetic-fleet.js');
/** Large enough that a synth takes seconds and renders on worker threads (from 1,000 clusters). */
const V1 = { EDGEFLEET_SYNTHETIC_SITES: '1100', EDGEFLEET_SYNTHETIC_CHANGE: 'none' };
const V2 = { EDGEFLEET_SYNTHETIC_SITES: '1040', EDGEFLEET_SYNTHETIC_CHANGE: 'scrape-interval' };
/** The same change on a smaller fleet, for the cases that need no workers (faster). */
const SMALL_V1 = { ...V1, EDGEFLEET_SYNTHETIC_SITES: '240' };
const SMALL_V2 = { ...V2, EDGEFLEET_SYNTHETIC_SITES: '220' };

type FleetEnv = typeof V1;

function env(fleet: FleetEnv, fault?: string): NodeJS.ProcessEnv {
  const vars: NodeJS.ProcessEnv = { ...process.env, ...fleet };
  delete vars.EDGEFLEET_FAULT;
  return fault ? { ...vars, EDGEFLEET_FAULT: fault } : vars;
}

function synth(out: string, fleet: FleetEnv, extra: string[] = [], fault?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, 'synth', '--app', FLEET, '--out', out, ...extra], { env: env(fleet, fault), encoding: 'utf8' });
}

function startSynth(
  out: string,
  fleet: FleetEnv,
  extra: string[] = [],
  fault?: string,
): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'synth', '--app', FLEET, '--out', out, ...extra], { env: env(fleet, fault) });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** Resolves when the child's stderr contains `text` (the fault hook announces a stop; --wait announces waiting). */
function stderrSays(run: { child: ChildProcess; stderr: () => string }, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (run.stderr().includes(text)) resolve();
    };
    run.child.stderr!.on('data', check);
    run.child.on('exit', () =>
      run.stderr().includes(text) ? resolve() : reject(new Error(`exited without saying "${text}": ${run.stderr()}`)),
    );
    check();
  });
}

/** `diff -r` of two trees, bookkeeping that is not part of the tree (stat cache, .git) left out; "" when equal. */
function treeDiff(a: string, b: string): string {
  const result = spawnSync('diff', ['-r', '-x', '.git', '-x', STAMPS_PATH.split('/')[1], a, b], { encoding: 'utf8' });
  return result.status === 0 ? '' : `${result.stdout}${result.stderr}`.slice(0, 2000);
}

/** Files written and removed by a synth of `fleet` into `out`, from its summary line. */
function writtenAndRemoved(out: string, fleet: FleetEnv): { written: number; removed: number } {
  const match = /files: (\d+) written, \d+ unchanged, (\d+) removed/.exec(synth(out, fleet).stdout);
  return { written: Number(match![1]), removed: Number(match![2]) };
}

function leftovers(dir: string): string {
  return execFileSync('find', [dir, '-name', '*.edgefleet-tmp', '-o', '-name', 'journal.*', '-o', '-name', 'lock*'], { encoding: 'utf8' });
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
}

describeWithTool('diff')('crash safety of the real CLI (kill -9, injected I/O errors, concurrent runs)', () => {
  let work: string;
  let v1Tree: string;
  let reference: string;
  let smallV1Tree: string;
  let smallV1Repo: string;
  let smallReference: string;
  /** Files written and removed by the v1 -> v2 synths (large and small fleet), to place faults across their phases. */
  let counts: { written: number; removed: number };
  let smallCounts: { written: number; removed: number };
  let serial = 0;
  const copyOf = (source: string): string => {
    const dir = join(work, `case-${++serial}`);
    cpSync(source, dir, { recursive: true });
    return dir;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'edgefleet-crash-'));
    v1Tree = join(work, 'v1');
    expect(synth(v1Tree, V1).status).toBe(0);
    reference = join(work, 'v2-clean');
    expect(synth(reference, V2).status).toBe(0);
    smallV1Tree = join(work, 'small-v1');
    expect(synth(smallV1Tree, SMALL_V1).status).toBe(0);
    smallReference = join(work, 'small-v2-clean');
    expect(synth(smallReference, SMALL_V2).status).toBe(0);
    counts = writtenAndRemoved(copyOf(v1Tree), V2);
    expect(counts.removed).toBeGreaterThan(50);
    expect(counts.written).toBeGreaterThan(1000);
    smallCounts = writtenAndRemoved(copyOf(smallV1Tree), SMALL_V2);
    expect(smallCounts.removed).toBeGreaterThan(50);
    expect(smallCounts.written).toBeGreaterThan(200);
    smallV1Repo = join(work, 'small-v1-repo');
    git(work, 'init', '--quiet', '-b', 'main', smallV1Repo);
    git(smallV1Repo, 'config', 'user.email', 'ci@example.com');
    git(smallV1Repo, 'config', 'user.name', 'CI');
    expect(synth(smallV1Repo, SMALL_V1, ['--commit']).status).toBe(0);
  }, 240_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Kill points across the phases of a synth that writes and removes `n` files; `brief` keeps one per phase. */
  const kills = (n: { written: number; removed: number }, brief: boolean): [string, string][] =>
    [
      ['before the first file is written', 'kill:write:1'],
      ['halfway through writing new files', `kill:write:${Math.floor(n.written / 2)}`],
      ['before the first rename (the journal is in place)', 'kill:rename:2'],
      ['halfway through the renames', `kill:rename:${Math.floor(n.written / 3)}`],
      ['halfway through pruning', `kill:unlink:${Math.floor(n.removed / 2)}`],
      ['before the manifest is renamed', 'kill:manifest:1'],
    ].filter((_, i) => !brief || i % 2 === 1) as [string, string][];

  // On this thread alone every phase, on the small fleet; with render workers (the large fleet) one point per phase.
  test.each([['--jobs 1', false] as const, ['--jobs 2', true] as const])(
    'kill -9 at each phase (%s): the next synth repairs the tree exactly',
    (jobs, withWorkers) => {
      const [from, to, clean] = withWorkers ? [v1Tree, V2, reference] : [smallV1Tree, SMALL_V2, smallReference];
      for (const [moment, fault] of kills(withWorkers ? counts : smallCounts, withWorkers)) {
        const out = copyOf(from);
        const killed = synth(out, to, jobs.split(' '), fault);
        expect({ moment, signal: killed.signal }).toEqual({ moment, signal: 'SIGKILL' });
        const repair = synth(out, to, jobs.split(' '));
        expect({ moment, status: repair.status, stderr: repair.stderr }).toEqual({ moment, status: 0, stderr: '' });
        expect({ moment, diff: treeDiff(out, clean), leftovers: leftovers(out) }).toEqual({ moment, diff: '', leftovers: '' });
        rmSync(out, { recursive: true });
      }
    },
    300_000,
  );

  test('kill -9 with --commit, also between the files and the commit: the next synth commits and the work tree is clean', () => {
    for (const fault of ['kill:write:3', 'kill:rename:2', 'kill:unlink:5', 'kill:commit:1']) {
      const repo = copyOf(smallV1Repo);
      expect(synth(repo, SMALL_V2, ['--commit'], fault).signal).toBe('SIGKILL');
      const repair = synth(repo, SMALL_V2, ['--commit']);
      expect({ fault, status: repair.status, stderr: repair.stderr }).toEqual({ fault, status: 0, stderr: '' });
      expect({ fault, dirty: git(repo, 'status', '--porcelain', '--untracked-files=all') }).toEqual({ fault, dirty: '' });
      expect({ fault, diff: treeDiff(repo, smallReference) }).toEqual({ fault, diff: '' });
      // The v2 commit is there: HEAD's files are the reference tree's.
      expect(git(repo, 'log', '--format=%s', '-1')).toMatch(/^edgefleet: clusters/);
      rmSync(repo, { recursive: true });
    }
  }, 120_000);

  test.each([
    ['a rename', 'error:rename:5', /The tree is partly updated/],
    ['an unlink (pruning)', 'error:unlink:3', /The tree is partly updated/],
    ['the manifest rename', 'error:manifest:1', /The tree is partly updated/],
    ['a write', 'error:write:40', /Nothing was written: the previous tree is as it was/],
  ])('an I/O error on %s: the failure says what state the tree is in, and the next synth repairs it', (_what, fault, outcome) => {
    const out = copyOf(smallV1Tree);
    const failed = synth(out, SMALL_V2, [], fault);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/EIO: injected I\/O error/);
    expect(failed.stderr).toMatch(outcome);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    if (fault.startsWith('error:write')) expect(treeDiff(out, smallV1Tree)).toBe('');
    const repair = synth(out, SMALL_V2);
    expect(repair.status).toBe(0);
    expect(treeDiff(out, smallReference)).toBe('');
    expect(leftovers(out)).toBe('');
    rmSync(out, { recursive: true });
  });

  test('an I/O error on the commit, after the files are in place: never "Nothing was written"; the next synth commits', () => {
    const repo = copyOf(smallV1Repo);
    const failed = synth(repo, SMALL_V2, ['--commit'], 'error:commit:1');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/EIO: injected I\/O error, commit/);
    expect(failed.stderr).toMatch(/The tree is partly updated/);
    expect(failed.stderr).not.toMatch(/Nothing was written/);
    const repair = synth(repo, SMALL_V2, ['--commit']);
    expect({ status: repair.status, stderr: repair.stderr }).toEqual({ status: 0, stderr: '' });
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(treeDiff(repo, smallReference)).toBe('');
    rmSync(repo, { recursive: true });
  });

  test('two synths at once: the second exits 2 naming the holder, or waits with --wait; the tree ends exact', async () => {
    const out = copyOf(smallV1Tree);
    const first = startSynth(out, SMALL_V2, [], 'stop:rename:10');
    await stderrSays(first, 'edgefleet-fault: stopping');
    const second = synth(out, SMALL_V2);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`another edgefleet run \\(pid ${first.child.pid} on .*\\) is writing this output directory`));
    const waiting = startSynth(out, SMALL_V2, ['--wait']);
    await stderrSays(waiting, `edgefleet: waiting for the run holding ${out} (pid ${first.child.pid}`);
    first.child.kill('SIGCONT');
    expect(await first.exited).toBe(0);
    expect(await waiting.exited).toBe(0);
    expect(treeDiff(out, smallReference)).toBe('');
    expect(existsSync(join(out, LOCK_PATH))).toBe(false);
    rmSync(out, { recursive: true });
  });

  test('a holder killed while it held the lock: its stale lock is taken over and its half-done write completed', async () => {
    const out = copyOf(smallV1Tree);
    const holder = startSynth(out, SMALL_V2, [], 'stop:manifest:1');
    await stderrSays(holder, 'edgefleet-fault: stopping');
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(existsSync(join(out, LOCK_PATH))).toBe(true);
    expect(existsSync(join(out, JOURNAL_PATH))).toBe(true);
    const next = synth(out, SMALL_V2);
    expect(next.status).toBe(0);
    expect(next.stdout).toMatch(/^recovered: the previous synth was interrupted; its write was completed$/m);
    expect(treeDiff(out, smallReference)).toBe('');
    rmSync(out, { recursive: true });
  });
});
