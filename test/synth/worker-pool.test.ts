import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { syntheticFleet } from '../../bench/synthetic-fleet';
import { FleetLoadError } from '../../lib/model/load-fleet';
import { resolveFleet } from '../../lib/model/resolve';
import type { ResolvedSite } from '../../lib/model/resolved-site';
import { availableCpus } from '../../lib/synth/cpu-count';
import { MIN_CLUSTERS_FOR_WORKERS } from '../../lib/synth/synth-file';
import { renderHere } from '../../lib/synth/tree-build';
import { renderContextOf } from '../../lib/synth/tree-plan';
import { renderOnThreads } from '../../lib/synth/worker-pool';
import { readTree, tempDir } from '../support/synth-sites';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'edgefleet.js');

test('the default job count is the CPUs available, at least 1', () => {
  expect(availableCpus()).toBeGreaterThanOrEqual(1);
  expect(availableCpus()).toBeLessThanOrEqual(availableParallelism());
});

test('synth --jobs 1 and --jobs 2 write identical trees', () => {
  const sites = MIN_CLUSTERS_FOR_WORKERS + 50;
  const env = { ...process.env, EDGEFLEET_SYNTHETIC_SITES: String(sites) };
  const trees = [1, 2].map((jobs) => {
    const out = tempDir();
    const run = spawnSync(
      process.execPath,
      [BIN, 'synth', '--app', join(ROOT, 'dist', 'bench', 'synthetic-fleet.js'), '--jobs', String(jobs), '--out', out],
      { env, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^synth: ${sites} clusters, .* ${sites} rendered`));
    return readTree(out);
  });
  expect(trees[1].size).toBeGreaterThan(sites * 5);
  expect(trees[1]).toEqual(trees[0]);
});

describe('renderOnThreads', () => {
  const fleetFile = join(tempDir(), 'fleet.ts');
  writeFileSync(
    fleetFile,
    `import { syntheticFleet } from ${JSON.stringify(join(ROOT, 'bench', 'synthetic-fleet'))};\nexport default () => syntheticFleet({ sites: 300 });\n`,
  );
  const fleet = syntheticFleet({ sites: 300 });
  const sites = resolveFleet(fleet).sites;
  const context = renderContextOf(fleet);

  test('workers render their share, with the same result as this thread', async () => {
    const here = renderHere(context);
    const renderedHere: string[] = [];
    // This thread renders slowly, so the worker (which starts in a second or two) gets work.
    const slowHere = (chunk: readonly ResolvedSite[]) => {
      renderedHere.push(...chunk.map((s) => s.cluster));
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      return here(chunk);
    };
    let fromWorkers = 0;
    const results = await renderOnThreads(fleetFile, sites, 2, slowHere, (n) => (fromWorkers += n));
    expect([...results.keys()].sort()).toEqual(sites.map((s) => s.cluster));
    expect(renderedHere.length).toBeLessThan(sites.length);
    // Progress: every cluster a worker rendered is reported.
    expect(fromWorkers).toBe(sites.length - renderedHere.length);
    const reference = new Map(renderHere(context)(sites));
    // Compared as arrays: maps that come from a worker are of another realm than jest's.
    const entries = (files: ReadonlyMap<string, string>) => [...files];
    for (const [cluster, result] of results) {
      expect(entries(result.layout.files)).toEqual(entries(reference.get(cluster)!.layout.files));
      expect([...result.layout.bases].map(([dir, files]) => [dir, entries(files)])).toEqual(
        [...reference.get(cluster)!.layout.bases].map(([dir, files]) => [dir, entries(files)]),
      );
    }
  }, 60_000);

  test('a worker that cannot load the fleet fails the render, naming the cause', async () => {
    const broken = join(tempDir(), 'broken.ts');
    writeFileSync(broken, 'export default 42;\n');
    // No need to slow this thread down: the pool waits for every worker to be ready (or fail) before it resolves.
    const failure = renderOnThreads(broken, sites, 2, renderHere(context));
    await expect(failure).rejects.toThrow(FleetLoadError);
    await expect(failure).rejects.toThrow(/must export a Fleet/);
  }, 60_000);
});
