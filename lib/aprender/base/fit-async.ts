/**
 * fitAsync's machinery. The fit runs in a worker thread started for it: the estimator's class name, parameters and
 * data go over (copied, so the caller may change its arrays meanwhile), the same `fit` runs there on the same backend,
 * progress comes back as messages, and the learned state comes back at the end (transferred). Aborting terminates the
 * worker, which stops even a long native kernel at once. Where worker threads are missing (a browser page without
 * them) or the parameters hold functions (which cannot cross threads), the fit runs on the calling thread after one
 * yield, checking the signal at each progress report.
 */
import { tableToIPC, Table } from 'apache-arrow';
import { ArrowDataset } from '../../alimentar/dataset';
import { backendInfo } from '../../trueno/backend/loader';
import { AprenderError, FitAbortedError } from '../errors';
import type { Estimator, FitOptions, FitProgress } from './estimator';
import { isBuiltInEstimator } from './registry';
import { buffersOf, decode, encode, type Encoded } from './state';
import { WorkerClass, workerEntry } from './fit-worker';

/** Options of fitAsync. */
export interface FitAsyncOptions {
  /** Stops the fit; the promise rejects with FitAbortedError (code ERR_APRENDER_ABORTED). */
  signal?: AbortSignal;
  /** Called with the progress of each iteration / epoch / tree. */
  onProgress?: (progress: FitProgress) => void;
}

/** What the worker receives. */
export interface FitJob {
  className: string;
  params: Encoded;
  X: Encoded;
  y: Encoded;
  options: Encoded;
  backend: string;
}

function hasFunctions(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  if (typeof (value as Estimator).getParams === 'function') return hasFunctions((value as Estimator).getParams(false));
  return Object.values(value).some(hasFunctions);
}

/** Data as it crosses to the worker: Tensors and TypedArrays copied, Arrow tables as IPC bytes. */
function encodeData(value: unknown): Encoded {
  if (value instanceof ArrowDataset) return { $arrow: tableToIPC(value.toTable(), 'stream') };
  if (value instanceof Table) return { $arrow: tableToIPC(value, 'stream') };
  if (value !== null && typeof value === 'object' && 'nullCount' in value && 'toArray' in value) {
    // an Int64 column (Parquet's and pandas' integer labels) holds bigints, which the encoder refuses: as fit reads them
    return encode(Array.from((value as { toArray(): ArrayLike<unknown> }).toArray(), (v) => (typeof v === 'bigint' ? Number(v) : v)));
  }
  const e = encode(value, 'the data');
  return structuredClone(e);
}

function remoteError(e: { name: string; message: string; code?: string; param?: string }): Error {
  const out = e.name === 'TypeError' ? new TypeError(e.message) : e.name === 'RangeError' ? new RangeError(e.message) : new AprenderError(e.message, e.code ?? 'ERR_APRENDER_WORKER');
  return Object.assign(out, { code: e.code ?? 'ERR_APRENDER_WORKER', name: e.name, ...(e.param ? { param: e.param } : {}) });
}

async function inThisThread(est: Estimator, X: unknown, y: unknown, fitOptions: FitOptions, options: FitAsyncOptions): Promise<Record<string, unknown>> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const aborted = () => new FitAbortedError(est.constructor.name, { cause: options.signal?.reason });
  if (options.signal?.aborted) throw aborted();
  const copy = est.clone();
  copy.fitReporting(X, y, fitOptions, (p) => {
    options.onProgress?.(p);
    if (options.signal?.aborted) throw aborted();
  });
  return copy.learnedState();
}

/** Only the library's own classes go to a worker, which loads nothing else (a user's class fits on this thread). */
function isRegistered(est: Estimator): boolean {
  return isBuiltInEstimator(est.constructor);
}

/**
 * Fits a copy of the estimator off the event loop and returns its learned state.
 * @param est - the estimator (its own state is not touched)
 * @param X - the data as given to fitAsync
 * @param y - the targets
 * @param fitOptions - sampleWeight
 * @param options - signal, onProgress
 * @returns the learned state of the fitted copy
 * @throws what fit throws (rebuilt with its name, message and code), FitAbortedError when aborted
 */
export function fitOffThread(est: Estimator, X: unknown, y: unknown, fitOptions: FitOptions, options: FitAsyncOptions): Promise<Record<string, unknown>> {
  const Worker = WorkerClass();
  if (Worker === undefined || !isRegistered(est) || hasFunctions(est.getParams(false))) return inThisThread(est, X, y, fitOptions, options);
  const job: FitJob = {
    className: est.constructor.name,
    // copied: the job's buffers are transferred to the worker, and a fitted estimator among the params (a search's
    // estimator) must keep its own
    params: structuredClone(encode(est.getParams(false), 'params')),
    X: encodeData(X),
    y: encodeData(y),
    options: encodeData(fitOptions),
    backend: backendInfo().backend,
  };
  const { entry, hook } = workerEntry();
  const source = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
${hook ? `require(${JSON.stringify(hook)});` : ''}
require(${JSON.stringify(entry)}).runFitJob(workerData, parentPort);`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(source, { eval: true, execArgv: [], workerData: job, transferList: buffersOf(job as unknown as Encoded) as never[] });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new FitAbortedError(est.constructor.name, { cause: options.signal?.reason })));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: { progress?: FitProgress; state?: Encoded; error?: { name: string; message: string; code?: string } }) => {
      if (m.progress !== undefined) {
        if (!settled) options.onProgress?.(m.progress);
      } else if (m.error !== undefined) {
        const e = m.error;
        finish(() => reject(remoteError(e)));
      } else {
        finish(() => {
          try {
            resolve(decode(m.state as Encoded) as Record<string, unknown>);
          } catch (e) {
            reject(e);
          }
        });
      }
    });
    worker.on('error', (e) => finish(() => reject(new AprenderError(`the fitAsync worker of ${est.constructor.name} failed: ${e.message}`, 'ERR_APRENDER_WORKER', { cause: e }))));
    worker.on('exit', (code) => finish(() => reject(new AprenderError(`the fitAsync worker of ${est.constructor.name} stopped (exit code ${code})`, 'ERR_APRENDER_WORKER'))));
  });
}
