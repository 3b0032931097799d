import { parentPort, workerData } from 'node:worker_threads';
import { loadFleet } from '../model/load-fleet';
import { UnitRenderer } from '../render/unit-renderer';
import { runClusterJob } from './cluster-job';
import { renderContextOf } from './tree-plan';
import { toWorkerFailure } from './worker-error';
import type { FromWorker, RenderWorkerData, ToWorker } from './worker-pool';

/*
 * Entry of a render worker thread (see worker-pool.ts). It loads the fleet
 * file for the render context, then renders the sites it is sent.
 */

const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);
try {
  const context = renderContextOf(loadFleet((workerData as RenderWorkerData).fleetFile));
  const renderer = new UnitRenderer();
  const checked = new Set<string>();
  port.on('message', ({ sites }: ToWorker) => {
    try {
      post({ type: 'done', results: sites.map((site) => [site.cluster, runClusterJob(site, context, renderer, checked)] as const) });
    } catch (error) {
      post({ type: 'failed', error: toWorkerFailure(error) });
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', error: toWorkerFailure(error) });
}
