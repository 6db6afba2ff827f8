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
import { decodedIdOf, sharedDictOf, stringsOf, type DictRef, type SharedDict } from './column/shared-dict';
import * as errorClasses from './errors';
import { QueryError, TruenoDbError } from './errors';

/** A plan and the columns of its scans (by ScanNode.id, then source column position). */
export interface QueryJob {
  plan: Plan;
  sources: [string, (Column | undefined)[]][];
}

/** A column as it crosses threads: a stored dictionary as a reference instead of its strings (see shared-dict.ts). */
type WireColumn = Column & { dictRef?: DictRef; dictId?: number };

/** Replaces stored dictionaries by references (recording them in `known`). */
function toWire(c: Column, known: Map<number, SharedDict>): WireColumn {
  const owner = sharedDictOf(c.dict);
  const out: WireColumn = { ...c };
  if (owner !== undefined) {
    known.set(owner.id, owner);
    out.dict = undefined;
    out.dictRef = owner.ref(c.dict!.length);
  }
  if (c.child !== undefined) out.child = toWire(c.child, known);
  return out;
}

/** In the worker: references back to strings. */
function fromWire(c: WireColumn): Column {
  if (c.dictRef !== undefined) {
    c.dict = stringsOf(c.dictRef);
    delete c.dictRef;
  }
  if (c.child !== undefined) fromWire(c.child);
  return c;
}

/** In the worker: result columns that pass a referenced dictionary through go back as its id. */
function resultToWire(c: Column): WireColumn {
  const id = decodedIdOf(c.dict);
  const out: WireColumn = { ...c };
  if (id !== undefined) {
    out.dict = undefined;
    out.dictId = id;
  }
  if (c.child !== undefined) out.child = resultToWire(c.child);
  return out;
}

/** A job's outcome as it crosses back: the batch, or the error's name, message and code. */
export type QueryReply = { batch: ColumnBatch } | { error: WireError };

/** An error as it crosses threads: name, message, code and its other plain fields (`column`, `position` ...). */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  fields?: Record<string, unknown>;
}

function plainFields(e: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'code' || k === 'name' || k === 'message') continue;
    try {
      out[k] = structuredClone(v);
    } catch {
      // a field that cannot cross threads stays behind
    }
  }
  return out;
}

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
    const sources = job.sources.map(([id, cols]) => [id, cols.map((c) => (c === undefined ? c : fromWire(c)))] as [string, (Column | undefined)[]]);
    const out = execute(job.plan, new Map(sources));
    const batch = { ...out, columns: out.columns.map(resultToWire) };
    return { reply: { batch }, transfer: ownBuffers(batch) };
  } catch (e) {
    const err = e as Error & { code?: string };
    const fields = typeof e === 'object' && e !== null ? plainFields(e) : undefined;
    return { reply: { error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), code: err?.code, fields } } };
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

/**
 * The error a failed plan is rebuilt into on the calling thread: of the same trueno-db error class when there is one
 * of that name (so `instanceof ExecError` holds), with its message, code and plain fields.
 * @param e - the error as it crossed
 * @returns the error
 */
export function replyError(e: WireError): Error {
  let out: Error;
  if (e.name === 'TypeError') out = new TypeError(e.message);
  else if (e.name === 'RangeError') out = new RangeError(e.message);
  else {
    out = new QueryError(e.message, e.code ?? 'ERR_TRUENO_DB_QUERY');
    const cls = (errorClasses as Record<string, unknown>)[e.name];
    if (typeof cls === 'function' && cls.prototype instanceof TruenoDbError) Object.setPrototypeOf(out, cls.prototype);
  }
  Object.assign(out, e.fields ?? {});
  if (e.code !== undefined) Object.assign(out, { code: e.code });
  Object.defineProperty(out, 'name', { value: e.name, enumerable: false, configurable: true, writable: true });
  return out;
}

/**
 * A view of the same memory made by this realm's TypedArray constructor. Arrays that crossed from a worker are made
 * by Node's main realm, which differs from the caller's under a vm sandbox (jest): `instanceof Float32Array` would
 * then be false and a Tensor would refuse them.
 */
function ownRealm<T extends ArrayBufferView | undefined>(a: T): T {
  if (a === undefined) return a;
  const tag = Object.prototype.toString.call(a).slice(8, -1);
  const ctor = (globalThis as unknown as Record<string, new (b: ArrayBufferLike, o: number, n: number) => T>)[tag];
  if (ctor === undefined || a instanceof (ctor as unknown as typeof Object)) return a;
  const v = a as ArrayBufferView;
  return new ctor(v.buffer, v.byteOffset, (v as unknown as { length: number }).length);
}

function adoptColumn(c: WireColumn, known: Map<number, SharedDict>): Column {
  const out: WireColumn = { ...c, values: ownRealm(c.values) };
  if (c.dictId !== undefined) {
    out.dict = known.get(c.dictId)!.strings;
    delete out.dictId;
  }
  if (c.valid !== undefined) out.valid = ownRealm(c.valid);
  if (c.offsets !== undefined) out.offsets = ownRealm(c.offsets);
  if (c.child !== undefined) out.child = adoptColumn(c.child, known);
  return out;
}

function unwrap(reply: QueryReply, known: Map<number, SharedDict>): ColumnBatch {
  if ('error' in reply) throw replyError(reply.error);
  return { ...reply.batch, columns: reply.batch.columns.map((c) => adoptColumn(c, known)) };
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
  const known = new Map<number, SharedDict>();
  const wire: QueryJob = { plan: job.plan, sources: job.sources.map(([id, cols]) => [id, cols.map((c) => (c === undefined ? c : toWire(c, known)))]) };
  return unwrap(await pool.run(wire, { fallback: (j) => runJob(j).reply! }), known);
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
