import { loadFleet } from '../lib/model/load-fleet';
import { resolveFleet } from '../lib/model/resolve';
import { renderContextOf } from '../lib/synth/tree-plan';
import { synthFile } from '../lib/synth/synth-file';

/*
 * One measured synth, run by bench.ts in a child process so that peak RSS
 * and CPU time are its own and no cache survives between runs.
 * Usage: synth-child.js edgefleet|baseline OUT_DIR FLEET_FILE [JOBS]; the
 * fleet's size and change come from the environment (see synthetic-fleet.ts,
 * or SITES for `bench --app`), and EDGEFLEET_BENCH_NO_FSYNC=1 turns
 * durability off (to measure its cost).
 * Prints one JSON line.
 */

export interface ChildReport {
  readonly written?: number;
  readonly rendered?: number;
  /** User and system CPU time of all threads. */
  readonly cpuSeconds: number;
  readonly systemCpuSeconds: number;
  readonly peakRssMiB: number;
}

async function run(): Promise<void> {
  const [mode, outDir, fleetFile, jobs] = process.argv.slice(2);
  let summary: { written?: number; rendered?: number } = {};
  if (mode === 'edgefleet') {
    const durable = process.env.EDGEFLEET_BENCH_NO_FSYNC !== '1';
    const s = await synthFile(fleetFile, { outDir, jobs: jobs ? Number(jobs) : undefined, durable });
    summary = { written: s.written, rendered: s.rendered };
  } else {
    // Loaded only for the baseline: it loads cdk8s, which would count in every no-op synth's time.
    const { plainCdk8sSynth } = require('./baseline') as typeof import('./baseline');
    const fleet = loadFleet(fleetFile);
    plainCdk8sSynth(resolveFleet(fleet).sites, renderContextOf(fleet), outDir);
  }
  const usage = process.resourceUsage();
  const report: ChildReport = {
    ...summary,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    systemCpuSeconds: usage.systemCPUTime / 1e6,
    peakRssMiB: usage.maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

run().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
