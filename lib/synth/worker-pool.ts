import { Worker } from 'node:worker_threads';
import type { ResolvedSite } from '../model/resolved-site';
import { workerEntry } from '../util/worker-entry';
import type { ClusterResult } from './cluster-job';
import { fromWorkerFailure, WorkerFailure } from './worker-error';

/** Messages between the pool and a render worker. */
export type ToWorker = { readonly sites: readonly ResolvedSite[] };
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly results: readonly (readonly [string, ClusterResult])[] }
  | { readonly type: 'failed'; readonly error: WorkerFailure };

/** What a worker needs to build its render context: the fleet file (render hooks are functions and cannot be posted). */
export interface RenderWorkerData {
  readonly fleetFile: string;
}

/**
 * Sites per message. Small enough to balance the threads at the end, large
 * enough that messaging costs nothing next to rendering (about 0.5 ms a site).
 */
const CHUNK = 64;

/**
 * Renders sites on `jobs` threads: this one, through `renderHere`, and
 * `jobs - 1` worker threads that each load the fleet file themselves. Work is
 * handed out in chunks as threads come free. Results are keyed by cluster, so
 * the caller assembles them in its own order and the output does not depend
 * on which thread rendered what. `onWorkerRendered` is told how many
 * clusters each worker message brought (progress; `renderHere` counts its own).
 */
export async function renderOnThreads(
  fleetFile: string,
  sites: readonly ResolvedSite[],
  jobs: number,
  renderHere: (sites: readonly ResolvedSite[]) => Iterable<readonly [string, ClusterResult]>,
  onWorkerRendered?: (clusters: number) => void,
): Promise<Map<string, ClusterResult>> {
  const results = new Map<string, ClusterResult>();
  let next = 0;
  const take = (): readonly ResolvedSite[] => sites.slice(next, (next += CHUNK));
  const entry = workerEntry(__dirname, 'render-worker');
  const data: RenderWorkerData = { fleetFile };
  const workers = Array.from(
    { length: Math.max(0, jobs - 1) },
    () => new Worker(entry.file, { workerData: data, execArgv: entry.execArgv }),
  );
  try {
    await new Promise<void>((resolve, rejectOnce) => {
      let failed = false;
      const reject = (error: unknown): void => {
        failed = true;
        rejectOnce(error);
      };
      let running = workers.length + 1;
      const finished = (): void => {
        if (--running === 0) resolve();
      };
      for (const worker of workers) {
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`render worker exited with code ${code}`));
        });
        worker.on('message', (message: FromWorker) => {
          if (message.type === 'failed') return reject(fromWorkerFailure(message.error));
          if (message.type === 'done') {
            for (const [cluster, result] of message.results) results.set(cluster, result);
            onWorkerRendered?.(message.results.length);
          }
          const chunk = take();
          if (chunk.length > 0) worker.postMessage({ sites: chunk } satisfies ToWorker);
          else finished();
        });
      }
      // This thread renders too, a chunk at a time, letting worker messages in between.
      const step = (): void => {
        if (failed) return;
        const chunk = take();
        if (chunk.length === 0) return finished();
        try {
          for (const [cluster, result] of renderHere(chunk)) results.set(cluster, result);
        } catch (error) {
          return reject(error);
        }
        setImmediate(step);
      };
      setImmediate(step);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
