import { loadFleet } from '../model/load-fleet';
import { availableCpus } from './cpu-count';
import { LockHolder, withOutputLockAsync } from '../output/output-lock';
import type { ClusterResult } from './cluster-job';
import { openOutput } from '../output/open-output';
import { planOptions, writeOutput } from './synth';
import { SynthOptions, SynthSummary } from './synth-options';
import { finishTree, progressCounter, renderHere, renderPlanHere } from './tree-build';
import { planTree, RenderProgress, TreePlan } from './tree-plan';
import { renderOnThreads } from './worker-pool';

/** Options of a synth from a fleet file. */
export interface SynthFileOptions extends SynthOptions {
  /** Threads that render, and then write the new files: this one plus `jobs - 1` workers. @default the CPUs available (affinity and cgroup quota) */
  readonly jobs?: number;
  /** When another run holds the output directory's lock, wait for it instead of failing with OutputLockedError. @default false */
  readonly wait?: boolean;
  /** Called once when this synth starts waiting for another run's lock. @default none */
  readonly onLockWait?: (holder: LockHolder) => void;
}

/**
 * Clusters to render below which no worker thread is started. Measured on
 * the synthetic fleet of `npm run bench` (2 cores): a worker is ready to
 * render after 0.36 s (3,000 sites) to 0.46 s (10,000 sites), loading
 * modules and building the fleet, and a cluster takes about 0.8 ms to
 * render; below about 1,000 clusters the worker would mostly be starting.
 * On a loaded machine (other processes using the cores) workers gained
 * nothing even at 10,000 clusters, so this errs on the high side.
 */
export const MIN_CLUSTERS_FOR_WORKERS = 1_000;

/**
 * Synthesizes the fleet that `fleetFile` exports into `options.outDir`,
 * rendering on `jobs` threads when there is enough to render. The output is
 * the same, byte for byte, for any number of jobs.
 */
export async function synthFile(fleetFile: string, options: SynthFileOptions): Promise<SynthSummary> {
  const started = process.hrtime.bigint();
  const fleet = loadFleet(fleetFile);
  return withOutputLockAsync(options.outDir, { wait: options.wait, onWait: options.onLockWait }, async () => {
    const opened = openOutput(options);
    const plan = planTree(fleet, opened.previous, planOptions(options, opened));
    const results = await renderPlanned(fleetFile, plan, options);
    return writeOutput(options, opened, finishTree(plan, results), started, options.jobs ?? availableCpus());
  });
}

/**
 * Renders the clusters a plan of the fleet in `fleetFile` must render, on
 * `jobs` threads when there is enough to render, reporting progress.
 */
export async function renderPlanned(
  fleetFile: string,
  plan: TreePlan,
  options: { readonly jobs?: number; readonly onProgress?: RenderProgress },
): Promise<Map<string, ClusterResult>> {
  const jobs = options.jobs ?? availableCpus();
  if (jobs <= 1 || plan.toRender.length < MIN_CLUSTERS_FOR_WORKERS) return renderPlanHere(plan, options.onProgress);
  const count = progressCounter(plan.toRender.length, options.onProgress);
  return renderOnThreads(
    fleetFile,
    plan.toRender,
    jobs,
    renderHere(plan.context, () => count()),
    count,
  );
}
