/**
 * Predictions off the event loop: a WorkerPool whose workers each load a served model once from its `.apr` bytes
 * (held in a SharedArrayBuffer, so a job shares them instead of copying) and keep it, keyed by the model's version,
 * until a job for a newer version of the same name arrives; a job for an older version (an in-flight request of a
 * swapped model) reloads it from its own bytes, so it still finishes on the model it started on. Rows are moved to
 * the worker, outputs moved back.
 */
// a worker entry (workerEntry below): every Tensor method's op, for the models it runs (tensor-ops.ts)
import '../trueno/tensor-ops';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { WorkerPool, type HandlerResult } from '../common/worker-pool';
import type { Prediction } from './predict-core';

/** One prediction for a worker. */
export interface PredictJob {
  /** The served name. */
  name: string;
  /** The version's unique key (a worker reloads when it differs from what it holds). */
  key: string;
  /** The model file's bytes. */
  bytes: SharedArrayBuffer;
  data: Float64Array;
  nRows: number;
  nFeatures: number;
  proba: boolean;
}

/** A worker's answer: the prediction and the milliseconds it took (NaN when not timed), or the error as it crossed. */
export type PredictReply = { prediction: Prediction; ms: number } | { error: { name: string; message: string; code?: string } };

function transferables(p: Prediction): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const o of [p.predictions, p.probabilities]) {
    if (o !== undefined && ArrayBuffer.isView(o.values) && o.values.buffer instanceof ArrayBuffer && !out.includes(o.values.buffer)) out.push(o.values.buffer);
  }
  return out;
}

/**
 * Runs a job in the worker (exported for the worker's handler).
 * @param job - the job
 * @param held - the worker's models by name
 * @returns the reply and the buffers to move back
 */
export function runPredictJob(job: PredictJob, held: Map<string, { key: string; model: unknown }>): HandlerResult<PredictReply> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { load } = require('../aprender/model-file/read') as typeof import('../aprender/model-file/read');
  const { predictRows } = require('./predict-core') as typeof import('./predict-core');
  /* eslint-enable @typescript-eslint/no-require-imports */
  try {
    let entry = held.get(job.name);
    if (entry === undefined || entry.key !== job.key) {
      const model = load(new Uint8Array(job.bytes));
      entry = { key: job.key, model };
      // keep the newest version of a name: an older key is an in-flight request of a swapped model
      if (held.get(job.name) === undefined || job.key > held.get(job.name)!.key) held.set(job.name, entry);
    }
    const started = performance.now();
    const prediction = predictRows(entry.model as never, job.data, job.nRows, job.nFeatures, job.proba) as Prediction; // loaded estimators predict synchronously
    return { reply: { prediction, ms: performance.now() - started }, transfer: transferables(prediction) };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { reply: { error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), code: err?.code } } };
  }
}

/** The worker's handler: loads aprender (through the TypeScript hook when running from sources) once. */
function predictHandler(entry: string, hook: string | null): (job: PredictJob) => HandlerResult<PredictReply> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (hook !== null) require(hook);
  const aprender = entry.replace(/realizar[\\/]predict-pool(\.[cm]?[jt]s)$/, 'aprender/index$1');
  require(aprender);
  const { runPredictJob: run } = require(entry);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const held = new Map();
  return (job: PredictJob) => run(job, held);
}

function workerEntry(): [string, string | null] {
  const ext = path.extname(__filename);
  const hook = ext === '.ts' ? path.resolve(__dirname, '../../scripts/register-ts.js') : null;
  return [__filename, hook];
}

/** The default number of predict workers: one per core but one (the event loop's), at least 1, at most 8. */
export function defaultPredictThreads(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 8));
}

/**
 * A pool of predict workers.
 * @param size - how many workers
 * @returns the pool
 */
export function createPredictPool(size: number): WorkerPool<PredictJob, PredictReply> {
  return new WorkerPool<PredictJob, PredictReply>({ name: 'realizar predict', size: () => size, handler: predictHandler, args: workerEntry() });
}
