import { Worker } from 'node:worker_threads';
import { FleetLoadError } from '../../lib/model/load-fleet';
import { FleetValidationError } from '../../lib/model/problem';
import { fromWorkerFailure, toWorkerFailure, WorkerFailure } from '../../lib/synth/worker-error';

/** Posts `toWorkerFailure` of what `throwing` (code run in a real worker thread) throws, as render-worker.ts does. */
function failureFromThread(throwing: string): Promise<WorkerFailure> {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const { toWorkerFailure } = require(${JSON.stringify(require.resolve('../../lib/synth/worker-error'))});
    try { ${throwing} } catch (error) { parentPort.postMessage(toWorkerFailure(error)); }`;
  const worker = new Worker(source, { eval: true, execArgv: ['--require', require.resolve('tsx/cjs')] });
  return new Promise((resolve, reject) => {
    worker.once('message', (failure: WorkerFailure) => void worker.terminate().then(() => resolve(failure)));
    worker.once('error', reject);
  });
}

describe('errors from render workers', () => {
  test('a bug keeps its name, message and the stack of the worker thread', async () => {
    const failure = await failureFromThread('function renderSomething() { null.spec; } renderSomething();');
    const error = fromWorkerFailure(failure);
    expect(error.name).toBe('TypeError');
    expect(error.message).toMatch(/Cannot read properties of null/);
    expect(error.stack).toMatch(/^TypeError: Cannot read properties of null[^\n]*\n\s+at renderSomething /);
  });

  test('a FleetValidationError comes back as one, with its problems', async () => {
    const problem = { path: 'acme/eu/paris', site: 'paris', field: 'nodes', message: 'must not be empty' };
    const failure = await failureFromThread(
      `const { FleetValidationError } = require(${JSON.stringify(require.resolve('../../lib/model/problem'))}); throw new FleetValidationError([${JSON.stringify(problem)}]);`,
    );
    const error = fromWorkerFailure(failure);
    expect(error).toBeInstanceOf(FleetValidationError);
    expect((error as FleetValidationError).problems).toEqual([problem]);
    expect(error.stack).toContain('FleetValidationError: The fleet has 1 problem');
  });

  test('a FleetLoadError comes back as one; a thrown non-Error as an Error', () => {
    const load = fromWorkerFailure(toWorkerFailure(new FleetLoadError('the fleet file f.ts failed at f.ts:3: boom')));
    expect(load).toBeInstanceOf(FleetLoadError);
    expect(load.message).toBe('the fleet file f.ts failed at f.ts:3: boom');
    expect(fromWorkerFailure(toWorkerFailure('a string'))).toMatchObject({ name: 'Error', message: 'a string' });
  });
});
