/**
 * Heavy trueno ops in a Web Worker, on request, so a page stays responsive: `TruenoWorker.start()` starts a module
 * worker (dist/browser/trueno-worker.mjs, beside this module) that compiles its own WASM core, and `run(op, ...args)`
 * sends the tensors over (their elements copied once into a transferred buffer), runs the op there and resolves with
 * the result. Errors come back with their name, message and `.code`.
 */
import { TruenoError } from './errors';
import type { ReadyOptions } from './backend/loader.browser';
import type { BackendInfo } from './backend/selection';
import { fromWire, toWire, WORKER_OPS, type WorkerOp, type WorkerRequest, type WorkerResponse } from './worker-protocol';

export { WORKER_OPS, type WorkerOp } from './worker-protocol';

/** Options of {@link TruenoWorker.start}. */
export interface WorkerOptions {
  /** The worker script (default: trueno-worker.mjs beside this module). */
  url?: string | URL;
  /** How the worker gets its WASM core (as `ready()`; a compiled WebAssembly.Module is shared, not recompiled). */
  ready?: ReadyOptions;
}

/** A trueno Web Worker; see the module comment. */
export class TruenoWorker {
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const call = this.pending.get(e.data.id);
      if (!call) return;
      this.pending.delete(e.data.id);
      const err = e.data.error;
      if (err === undefined) call.resolve(fromWire(e.data.result));
      else {
        const Ctor = err.name === 'TypeError' ? TypeError : err.name === 'RangeError' ? RangeError : Error;
        call.reject(Object.assign(new Ctor(err.message), { name: err.name, code: err.code }));
      }
    };
    worker.onerror = (e: ErrorEvent) => this.fail(new TruenoError(`Expected the trueno worker to run but it failed: ${e.message}`, 'ERR_TRUENO_WORKER'));
  }

  /**
   * Starts a worker and waits until its WASM core is compiled.
   * @param options - the worker script's URL; how it loads its core
   * @returns the worker, ready for {@link run}
   * @throws TruenoError (ERR_TRUENO_WORKER) where Web Workers are missing or the script fails to load; what `ready()`
   *   throws inside the worker
   * @example
   * const worker = await TruenoWorker.start();
   * const c = await worker.run('matmul', a, b);   // the page stays responsive meanwhile
   * worker.terminate();
   */
  static async start(options: WorkerOptions = {}): Promise<TruenoWorker> {
    if (options === null || typeof options !== 'object') {
      throw Object.assign(new TypeError(`Expected an options object for TruenoWorker.start but received ${String(options)}`), { code: 'ERR_TRUENO_TYPE' });
    }
    if (typeof Worker !== 'function') throw new TruenoError('Expected Web Workers (Worker) in this environment but there are none', 'ERR_TRUENO_WORKER');
    const url = options.url ?? new URL('./trueno-worker.mjs', import.meta.url);
    const w = new TruenoWorker(new Worker(url, { type: 'module' }));
    try {
      await w.call('ready', [options.ready]);
    } catch (e) {
      w.terminate();
      throw e;
    }
    return w;
  }

  /**
   * Runs one op in the worker.
   * @param op - one of {@link WORKER_OPS} ('matmul', 'svd', 'lstsq', ...)
   * @param args - the op's arguments, as for the function of that name (tensors, numbers, option objects)
   * @returns the op's result, its tensors rebuilt in the page
   * @throws TypeError for an op the worker does not run; the op's own error (name, message and code kept);
   *   TruenoError (ERR_TRUENO_WORKER) after terminate() or when the worker died
   * @example const { s } = await worker.run('svd', a) as SvdResult;
   */
  run(op: WorkerOp, ...args: unknown[]): Promise<unknown> {
    if (!(WORKER_OPS as readonly string[]).includes(op)) {
      return Promise.reject(Object.assign(new TypeError(`Expected one of ${WORKER_OPS.join(', ')} for op but received ${String(op)}`), { code: 'ERR_TRUENO_TYPE' }));
    }
    return this.call(op, args);
  }

  /** What the worker's backend is (its backendInfo()). */
  info(): Promise<BackendInfo> {
    return this.call('ready', [undefined]) as Promise<BackendInfo>;
  }

  /** Stops the worker; pending and later calls reject. */
  terminate(): void {
    this.worker.terminate();
    this.fail(new TruenoError('Expected a running trueno worker but it was terminated', 'ERR_TRUENO_WORKER'));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const call of this.pending.values()) call.reject(e);
    this.pending.clear();
  }

  private call(op: WorkerRequest['op'], args: unknown[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    const transfer: ArrayBuffer[] = [];
    const message: WorkerRequest = { id, op, args: toWire(args, transfer) as unknown[] };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(message, transfer);
    });
  }
}
