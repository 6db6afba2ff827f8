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
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

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
  /** Set by the worker itself (see source()): 0 starting, 1 ready, 2 ending. */
  state: Int32Array;
}

const READY = 1;
const ENDING = 2;

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
const { parentPort, workerData } = require('node:worker_threads');
// the state runSync reads without the event loop: 1 once the handler is built, 2 once the thread is ending
process.on('exit', () => {
  Atomics.store(workerData.state, 0, 2);
  Atomics.notify(workerData.state, 0);
});
const handle = (${this.options.handler.toString()})(...${args});
Atomics.store(workerData.state, 0, 1);
parentPort.on('message', ({ id, job, sync }) => {
  let out;
  try {
    out = handle(job);
  } catch (e) {
    out = { error: e instanceof Error ? e.message : String(e), retire: true };
  }
  const message = { id, reply: out.reply, error: out.error, retire: out.retire === true };
  // a retiring worker takes no further synchronous job
  if (message.retire) Atomics.store(workerData.state, 0, 2);
  const transfer = out.error === undefined ? out.transfer ?? [] : [];
  if (sync === undefined) return parentPort.postMessage(message, transfer);
  // a caller blocked in runSync: the reply goes on its port, then wakes it; the pool hears only that the job ended
  sync.port.postMessage(message, transfer);
  sync.port.close();
  Atomics.store(sync.flag, 0, 1);
  Atomics.notify(sync.flag, 0);
  parentPort.postMessage({ id, retire: message.retire });
});`;
  }

  private start(): Slot<Reply> {
    // No options from the parent: process-wide ones (`--expose-gc`, `--max-old-space-size`) make the Worker
    // constructor throw, and `--input-type=module` would make the eval'd text an ES module without `require`.
    const state = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(this.source(), { eval: true, execArgv: [], workerData: { state } });
    const slot: Slot<Reply> = { worker, pending: new Map(), state };
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
    // after the 'message' listener: adding it refs the worker's port again (node's port referencing), and an idle
    // worker started for a later job (runSync's) would keep the process alive forever
    worker.unref();
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
    // a worker ending (retired, or exiting) is left out before the event loop hears of it
    const live = this.slots.filter((s) => Atomics.load(s.state, 0) !== ENDING);
    const idle = live.find((s) => s.pending.size === 0);
    if (idle !== undefined) return idle;
    if (live.length < Math.max(1, this.options.size())) {
      const slot = this.start();
      this.slots.push(slot);
      return slot;
    }
    return live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
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

  /**
   * Runs one job on an idle, started worker and blocks the calling thread until it replies, for synchronous APIs that
   * split work between the caller and a worker: the caller works on its own share meanwhile and waits only for the
   * rest. Never waits for a worker to start or for another job: with no worker ready and idle, the job runs through
   * `fallback` on the calling thread (and, while the pool has room, a worker is started for the next call); so does a
   * job whose worker dies.
   * @param job - the job (structured-cloned; a SharedArrayBuffer in it is shared, not copied)
   * @param options - transfer: buffers moved to the worker; fallback: runs the job here instead
   * @returns a handle whose `wait()` blocks until the reply (or the fallback's result); `onWorker` says whether a
   *   worker took the job (false: `wait()` runs the fallback)
   * @throws WorkerPoolError ERR_WORKER_TASK (from `wait()`) with the handler's message
   * @example const pending = pool.runSync(job, { fallback: work }); const mine = work(myShare); const theirs = pending.wait();
   */
  runSync(job: Job, options: { transfer?: ArrayBuffer[]; fallback: (job: Job) => Reply }): { wait: () => Reply; onWorker: boolean } {
    const slot = this.slots.find((s) => s.pending.size === 0 && Atomics.load(s.state, 0) === READY);
    if (slot === undefined) {
      // a worker starting (or with a job) becomes ready on its own thread, without this one's event loop
      const live = this.slots.filter((s) => Atomics.load(s.state, 0) !== ENDING);
      if (live.length < Math.max(1, this.options.size()) && !live.some((s) => s.pending.size === 0)) this.tryStart();
      return { wait: () => options.fallback(job), onWorker: false };
    }
    const id = this.nextId++;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    // the pool's own bookkeeping: the worker's note that the job ended clears it (a retire then replaces the worker)
    slot.pending.set(id, { resolve: () => undefined, reject: () => undefined });
    slot.worker.ref();
    slot.worker.postMessage({ id, job, sync: { port: port2, flag } }, [...(options.transfer ?? []), port2]);
    return {
      onWorker: true,
      wait: () => {
        try {
          for (;;) {
            // in slices, so that a worker that died (its state ENDING) is noticed without the event loop
            Atomics.wait(flag, 0, 0, 20);
            // read the state first: a reply sent just before the worker ended is still taken
            const ending = Atomics.load(slot.state, 0) === ENDING;
            const m = receiveMessageOnPort(port1)?.message as { reply: Reply; error?: string } | undefined;
            if (m !== undefined) {
              // the worker is free again now, not when the event loop hears of it: a next runSync may take it
              slot.pending.delete(id);
              if (m.error !== undefined) throw poolError('ERR_WORKER_TASK', m.error);
              return m.reply;
            }
            if (ending) return options.fallback(job);
          }
        } finally {
          port1.close();
        }
      },
    };
  }

  /** Starts a worker into the pool, or undefined when none can start here. */
  private tryStart(): Slot<Reply> | undefined {
    try {
      const slot = this.start();
      this.slots.push(slot);
      return slot;
    } catch {
      return undefined;
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
