/**
 * The worker side of fitAsync: rebuilds the estimator and its data from the job, runs the same fit on the same
 * backend, and posts progress and then the learned state (or the error) back.
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../../trueno/tensor-ops';
import type { MessagePort } from 'node:worker_threads';
import { tableFromIPC } from 'apache-arrow';
import { setBackend } from '../../trueno/backend/loader';
import type { BackendName } from '../../trueno/backend/registry';
import '../index';
import type { FitJob } from './fit-async';
import { estimatorClass } from './registry';
import { buffersOf, decode, encode, type Encoded } from './state';

function decodeData(value: Encoded): unknown {
  if (value !== null && typeof value === 'object' && '$arrow' in value) return tableFromIPC(value.$arrow as Uint8Array);
  return decode(value);
}

/**
 * Runs one fit job and answers on the port.
 * @param job - what fitOffThread sent
 * @param port - the worker's parent port
 */
export function runFitJob(job: FitJob, port: MessagePort): void {
  try {
    setBackend(job.backend as BackendName);
    const est = new (estimatorClass(job.className))(decode(job.params) as Record<string, unknown>);
    est.fitReporting(decodeData(job.X), decodeData(job.y), decode(job.options) as Record<string, unknown>, (progress) => port.postMessage({ progress }));
    const state = encode(est.learnedState(), 'state');
    port.postMessage({ state }, buffersOf(state));
  } catch (e) {
    const err = e as Error & { code?: string; param?: string };
    port.postMessage({ error: { name: err.name, message: err.message, code: err.code, param: err.param } });
  }
}
