import { loadFleet } from '../model/load-fleet';
import { availableCpus } from './cpu-count';
import { openOutput, planTree, renderHere, SynthOptions, SynthSummary, finishTree, writeOutput } from './synth';
import { renderOnThreads } from './worker-pool';

/** Options of a synth from a fleet file. */
export interface SynthFileOptions extends SynthOptions {
  /** Threads that render: this one plus `jobs - 1` workers. @default the CPUs available (affinity and cgroup quota) */
  readonly jobs?: number;
}

/**
 * Clusters to render below which worker threads are not started: a worker
 * needs about 0.4 s to load cdk8s and build the fleet before it helps, which
 * is what rendering a few hundred clusters costs (measured with
 * bench/synthetic-fleet.ts on a 2-core machine).
 */
export const MIN_CLUSTERS_FOR_WORKERS = 400;

/**
 * Synthesizes the fleet that `fleetFile` exports into `options.outDir`,
 * rendering on `jobs` threads when there is enough to render. The output is
 * the same, byte for byte, for any number of jobs.
 */
export async function synthFile(fleetFile: string, options: SynthFileOptions): Promise<SynthSummary> {
  const started = process.hrtime.bigint();
  const fleet = loadFleet(fleetFile);
  const previous = openOutput(options);
  const plan = planTree(fleet, previous, options);
  const jobs = options.jobs ?? availableCpus();
  const here = renderHere(plan.context);
  const results =
    jobs > 1 && plan.toRender.length >= MIN_CLUSTERS_FOR_WORKERS ? await renderOnThreads(fleetFile, plan.toRender, jobs, here) : new Map(here(plan.toRender));
  return writeOutput(options, previous, finishTree(plan, results), started);
}
