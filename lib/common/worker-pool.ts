/**
 * A small pool of long-lived worker threads for CPU-heavy jobs (decoding, later: model fitting, query operators), shared
 * by every caller of one pool. What it takes care of, so each module does not redo it:
 * - workers start on first use, up to `size()`, and hold the process open only while they have a job;
 * - the worker program is a plain function sent as source text (no file beside the compiled module is needed);
 * - a worker that dies (exits, throws outside a job, or is terminated) fails only its own jobs and leaves the pool;
 *   a job whose handler asks to `retire` its worker (e.g. after a WebAssembly trap poisoned the worker's instance)
 *   gets its reply and the worker is replaced by a fresh one on the next run;
 * - when workers cannot start (a host without worker threads) or die mid-job, the job runs through the caller's
 *   `fallback` on the calling thread, if one is given.
 *
 * @example
 * const pool = new WorkerPool<number, number>({
 *   name: 'squares',
 *   size: () => 2,
 *   handler: () => (n: number) => ({ reply: n * n }),
 * });
 * await pool.run(7, { fallback: (n) => n * n }); // 49
 */
import { Worker } from 'node:worker_threads';

/** What a worker's handler returns for one job. */
export interface HandlerResult<Reply> {
  /** The reply, structured-cloned back (transfer lists `transfer`). */
  reply?: Reply;
  /** Buffers moved, not copied, to the calling thread. */
  transfer?: ArrayBuffer[];
  /** The job failed: this message rejects the run (code ERR_WORKER_TASK). */
  error?: string;
  /** Stop this worker once the reply is sent; the pool starts a fresh one when needed. */
  retire?: boolean;
}

/** How to build a pool. */
export interface WorkerPoolOptions<Job, Reply> {
  /** Names the pool in error messages. */
  name: string;
  /** How many workers the pool may hold (read when a worker is to be started). */
  size: () => number;
  /**
   * Makes the worker's job handler. It runs in the worker from its source text, so it must not use anything from the
   * enclosing module: what it needs comes through `args` (JSON) and `require`.
   */
  handler: (...args: never[]) => (job: Job) => HandlerResult<Reply>;
  /** Arguments for `handler`, as JSON. */
  args?: unknown[];
}

/** The error a run rejects with: ERR_WORKER_TASK (the job failed) or ERR_WORKER_UNAVAILABLE (no worker could run it). */
export type WorkerPoolError = Error & { code: 'ERR_WORKER_TASK' | 'ERR_WORKER_UNAVAILABLE' };

function poolError(code: WorkerPoolError['code'], message: string, cause?: unknown): WorkerPoolError {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

interface Pending<Reply> {
  resolve: (reply: Reply) => void;
  reject: (e: Error) => void;
}

interface Slot<Reply> {
  worker: Worker;
  pending: Map<number, Pending<Reply>>;
}

/** A pool of worker threads running one kind of job; see the module comment. */
export class WorkerPool<Job, Reply> {
  private slots: Slot<Reply>[] = [];
  private nextId = 0;

  /** @param options - name, size, handler */
  constructor(private readonly options: WorkerPoolOptions<Job, Reply>) {}

  /** How many workers are running now (none before the first run). */
  get workers(): number {
    return this.slots.length;
  }

  /** How many jobs the workers hold now. */
  get jobs(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  private source(): string {
    const args = JSON.stringify(this.options.args ?? []);
    return `'use strict';
const { parentPort } = require('node:worker_threads');
const handle = (${this.options.handler.toString()})(...${args});
parentPort.on('message', ({ id, job }) => {
  let out;
  try {
    out = handle(job);
  } catch (e) {
    out = { error: e instanceof Error ? e.message : String(e), retire: true };
  }
  parentPort.postMessage({ id, reply: out.reply, error: out.error, retire: out.retire === true }, out.error === undefined ? out.transfer ?? [] : []);
});`;
  }

  private start(): Slot<Reply> {
    // No options from the parent: process-wide ones (`--expose-gc`, `--max-old-space-size`) make the Worker
    // constructor throw, and `--input-type=module` would make the eval'd text an ES module without `require`.
    const worker = new Worker(this.source(), { eval: true, execArgv: [] });
    const slot: Slot<Reply> = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (m: { id: number; reply: Reply; error?: string; retire: boolean }) => {
      const p = slot.pending.get(m.id);
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      if (m.retire) {
        this.drop(slot, poolError('ERR_WORKER_UNAVAILABLE', `the ${this.options.name} worker was retired`));
        void worker.terminate();
      }
      if (m.error !== undefined) p?.reject(poolError('ERR_WORKER_TASK', m.error));
      else p?.resolve(m.reply);
    });
    worker.on('error', (e) => this.drop(slot, poolError('ERR_WORKER_UNAVAILABLE', `the ${this.options.name} worker failed: ${e.message}`, e)));
    worker.on('exit', (code) => this.drop(slot, poolError('ERR_WORKER_UNAVAILABLE', `the ${this.options.name} worker stopped (exit code ${code})`)));
    return slot;
  }

  /** Takes a slot out of the pool and fails the jobs it still held. */
  private drop(slot: Slot<Reply>, e: Error): void {
    this.slots = this.slots.filter((s) => s !== slot);
    for (const p of slot.pending.values()) p.reject(e);
    slot.pending.clear();
  }

  /** The idle worker, else a new one while the pool has room, else the least busy. */
  private pick(): Slot<Reply> {
    const idle = this.slots.find((s) => s.pending.size === 0);
    if (idle !== undefined) return idle;
    if (this.slots.length < Math.max(1, this.options.size())) {
      const slot = this.start();
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  /**
   * Runs one job on a worker.
   * @param job - the job (structured-cloned; a SharedArrayBuffer in it is shared, not copied)
   * @param options - transfer: buffers moved to the worker; fallback: runs the job on the calling thread when no
   *   worker can start or the worker dies before replying
   * @returns the reply
   * @throws WorkerPoolError ERR_WORKER_TASK with the handler's message; ERR_WORKER_UNAVAILABLE without a fallback
   */
  async run(job: Job, options: { transfer?: ArrayBuffer[]; fallback?: (job: Job) => Reply | Promise<Reply> } = {}): Promise<Reply> {
    try {
      return await this.send(job, options.transfer ?? []);
    } catch (e) {
      if ((e as WorkerPoolError).code === 'ERR_WORKER_UNAVAILABLE' && options.fallback !== undefined) return options.fallback(job);
      throw e;
    }
  }

  private send(job: Job, transfer: ArrayBuffer[]): Promise<Reply> {
    let slot: Slot<Reply>;
    try {
      slot = this.pick();
    } catch (e) {
      return Promise.reject(poolError('ERR_WORKER_UNAVAILABLE', `the ${this.options.name} worker could not start: ${(e as Error).message}`, e));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, job }, transfer);
    });
  }

  /**
   * Stops every worker (their jobs fail with ERR_WORKER_UNAVAILABLE, or run through their fallback); the next run
   * starts new ones.
   * @returns once every worker has exited
   */
  async stop(): Promise<void> {
    const stopping = this.slots;
    this.slots = [];
    await Promise.all(stopping.map((s) => s.worker.terminate()));
  }
}
