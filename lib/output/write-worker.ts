import { workerData } from 'node:worker_threads';
import { countFaultsOn } from './fs-ops';
import { ToWriteWorker, WriteWorkerData, WriteWorkerResult, writeShare, WrittenFiles } from './parallel-write';

/*
 * Entry of a write worker thread (see parallel-write.ts): writes the shares
 * it is sent until the first error; at the end, posts what it wrote (and its
 * error, if any), then wakes the waiting thread through the shared `done` flag.
 */

const { counters, done, port } = workerData as WriteWorkerData;
countFaultsOn(counters);
// [0] set when done, [1] shares finished: the waiting thread's sign of life (parallel-write.ts, STALLED_MS).
const progress = new Int32Array(done);
const written: WrittenFiles = { stamps: new Map(), files: [] };
let error: WriteWorkerResult['error'];
port.on('message', (message: ToWriteWorker) => {
  if (message !== 'end') {
    try {
      if (!error) writeShare(message, written);
    } catch (thrown) {
      error = { message: (thrown as Error).message, code: (thrown as NodeJS.ErrnoException).code };
    }
    Atomics.add(progress, 1, 1);
    return;
  }
  port.postMessage({ stamps: [...written.stamps], files: written.files, error } satisfies WriteWorkerResult);
  Atomics.store(progress, 0, 1);
  Atomics.notify(progress, 0);
});
