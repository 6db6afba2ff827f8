/**
 * The messages between a page and a trueno Web Worker (web-worker.browser.ts, worker-main.browser.ts): the op names a
 * worker runs, and values on the wire - a Tensor travels as its dtype, shape and a copy of its elements whose buffer
 * is transferred, not cloned; plain numbers, strings, arrays and objects of them travel as they are.
 */
import { Tensor } from './tensor';
import type { DType } from './dtype';

/** The ops a worker runs: the heavy ones, whose time dwarfs the copy to and from the worker. */
export const WORKER_OPS = [
  'matmul', 'matvec', 'pairwiseSqDist', 'softmax', 'logSoftmax', 'gram', 'cholesky', 'choleskySolve', 'qr', 'eigh',
  'svd', 'lstsq', 'randomizedRangeFinder',
] as const;

/** One of {@link WORKER_OPS}. */
export type WorkerOp = (typeof WORKER_OPS)[number];

/** A tensor on the wire. */
interface WireTensor { __tensor: true; dtype: DType; shape: number[]; data: ArrayBufferView }

/** Objects whose fields are walked: `{...}` literals (not class instances such as a WebAssembly.Module). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A value made ready for postMessage; the buffers to transfer are pushed on `transfer`.
 * @param value - a Tensor, or numbers, strings, booleans, null, arrays and plain objects holding them
 * @param transfer - receives each buffer to transfer
 * @returns the value on the wire
 */
export function toWire(value: unknown, transfer: ArrayBuffer[]): unknown {
  if (value instanceof Tensor) {
    const data = (value.data as unknown as { slice(): ArrayBufferView }).slice();
    transfer.push(data.buffer as ArrayBuffer);
    return { __tensor: true, dtype: value.dtype, shape: [...value.shape], data } satisfies WireTensor;
  }
  if (Array.isArray(value)) return value.map((v) => toWire(v, transfer));
  if (value instanceof URL) return value.href; // URLs do not survive structured cloning; their text does
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v, transfer)]));
  return value; // numbers, strings, typed arrays, ArrayBuffers, WebAssembly.Module: structured cloning handles them
}

/**
 * A value from the wire, its tensors rebuilt.
 * @param value - what {@link toWire} produced, after postMessage
 * @returns the value with Tensors
 */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (isPlainObject(value)) {
    const w = value as Partial<WireTensor>;
    if (w.__tensor === true) return Tensor.from(w.data as never, w.shape, w.dtype);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

/** A request to the worker. */
export interface WorkerRequest { id: number; op: WorkerOp | 'ready'; args: unknown[] }

/** The worker's answer: the result, or the error's name, message and code. */
export interface WorkerResponse { id: number; result?: unknown; error?: { name: string; message: string; code?: string } }
