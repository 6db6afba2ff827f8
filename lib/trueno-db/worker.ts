/**
 * Runs bound plans off the event loop. A query's job is its plan and its sources' columns: in-memory tables and cached
 * files are SharedArrayBuffer-backed, so the job shares them with the worker instead of copying; the result's own
 * buffers are transferred back (moved, not copied). The workers (a WorkerPool) load the executor once and are shared
 * by every Database of the process; where workers cannot start (a host without worker threads) or die, the plan runs
 * on the calling thread instead.
 */
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { WorkerPool, type HandlerResult } from '../common/worker-pool';
import { execute } from './exec';
import type { Plan } from './plan/ir';
import type { Column, ColumnBatch } from './types';
import { QueryError } from './errors';

/** A plan and the columns of its scans (by ScanNode.id, then source column position). */
export interface QueryJob {
  plan: Plan;
  sources: [string, (Column | undefined)[]][];
}

/** A job's outcome as it crosses back: the batch, or the error's name, message and code. */
export type QueryReply = { batch: ColumnBatch } | { error: { name: string; message: string; code?: string } };

/** The ArrayBuffers (not SharedArrayBuffers) under a batch's arrays: these move back to the caller. */
function ownBuffers(batch: ColumnBatch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (c: Column) => {
    for (const a of [c.values, c.valid, c.offsets]) if (a !== undefined && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
    if (c.child) visit(c.child);
  };
  batch.columns.forEach(visit);
  return [...out];
}

/**
 * Executes a job (in a worker, or on this thread as the fallback).
 * @param job - plan and sources
 * @returns the reply and the buffers to transfer
 */
export function runJob(job: QueryJob): HandlerResult<QueryReply> {
  try {
    const batch = execute(job.plan, new Map(job.sources));
    return { reply: { batch }, transfer: ownBuffers(batch) };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { reply: { error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), code: err?.code } } };
  }
}

/** The worker's handler: loads this module (through the TypeScript hook when running from sources) once. */
function queryHandler(entry: string, hook: string | null): (job: QueryJob) => HandlerResult<QueryReply> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (hook !== null) require(hook);
  const { runJob: run } = require(entry);
  /* eslint-enable @typescript-eslint/no-require-imports */
  return (job: QueryJob) => run(job);
}

function workerEntry(): [string, string | null] {
  const ext = path.extname(__filename);
  const hook = ext === '.ts' ? path.resolve(__dirname, '../../scripts/register-ts.js') : null;
  return [__filename, hook];
}

/** Query workers: one per core, at most 4. */
export function querySize(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

const pool = new WorkerPool<QueryJob, QueryReply>({ name: 'trueno-db query', size: querySize, handler: queryHandler, args: workerEntry() });

/** The error a failed plan is rebuilt into on the calling thread: its name, message and code. */
export function replyError(e: { name: string; message: string; code?: string }): Error {
  const out = e.name === 'TypeError' ? new TypeError(e.message) : e.name === 'RangeError' ? new RangeError(e.message) : new QueryError(e.message, e.code ?? 'ERR_TRUENO_DB_QUERY');
  if (e.code !== undefined) Object.assign(out, { code: e.code });
  Object.defineProperty(out, 'name', { value: e.name, enumerable: false, configurable: true, writable: true });
  return out;
}

function unwrap(reply: QueryReply): ColumnBatch {
  if ('error' in reply) throw replyError(reply.error);
  return reply.batch;
}

/**
 * Runs a plan on this thread.
 * @param job - plan and sources
 * @returns the result's columns
 * @throws the executor's error
 */
export function runHere(job: QueryJob): ColumnBatch {
  const batch = execute(job.plan, new Map(job.sources));
  return batch;
}

/**
 * Runs a plan on a query worker (on this thread when no worker can run it).
 * @param job - plan and sources
 * @param useWorkers - false: run here, after one turn of the event loop
 * @returns the result's columns
 * @throws the executor's error, rebuilt with its name, message and code
 */
export async function runOffThread(job: QueryJob, useWorkers: boolean): Promise<ColumnBatch> {
  if (!useWorkers) {
    await new Promise((resolve) => setImmediate(resolve));
    return runHere(job);
  }
  return unwrap(await pool.run(job, { fallback: (j) => runJob(j).reply! }));
}

/** How many query workers run now. */
export function queryWorkers(): number {
  return pool.workers;
}

/**
 * Stops the query workers (the next query starts new ones).
 * @returns once they have exited
 */
export function stopQueryWorkers(): Promise<void> {
  return pool.stop();
}
