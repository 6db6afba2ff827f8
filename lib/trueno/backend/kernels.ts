/**
 * The kernel set every backend implements, one signature per kernel name. Arguments are already validated by the
 * ops layer: contiguous float TypedArrays of matching dtype and length. Op codes match native/core/include/trueno.h.
 */
import type { FloatArray } from '../dtype';

export const BinaryOp = { add: 0, sub: 1, mul: 2, div: 3 } as const;
export type BinaryOpName = keyof typeof BinaryOp;

export const UnaryOp = {
  abs: 0, neg: 1, exp: 2, log: 3, sqrt: 4, square: 5, relu: 6, sigmoid: 7, tanh: 8, gelu: 9,
} as const;
export type UnaryOpName = keyof typeof UnaryOp;

export const ReduceOp = {
  sum: 0, mean: 1, variance: 2, min: 3, max: 4, argmin: 5, argmax: 6, norm1: 7, norm2: 8, normInf: 9,
} as const;
export type ReduceOpName = keyof typeof ReduceOp;

export const ISA_NAMES = ['scalar', 'simd128', 'neon', 'avx2', 'avx512'] as const;
/** Instruction-set level a backend runs its kernels at. */
export type IsaName = (typeof ISA_NAMES)[number];

/** The synchronous kernels, by name. */
export interface SyncKernels {
  binary(op: number, a: FloatArray, b: FloatArray, out: FloatArray): void;
  binaryScalar(op: number, a: FloatArray, s: number, out: FloatArray, reverse: number): void;
  binaryRows(op: number, a: FloatArray, row: FloatArray, out: FloatArray, rows: number, cols: number): void;
  axpy(alpha: number, x: FloatArray, y: FloatArray): void;
  fill(out: FloatArray, value: number): void;
  copy(x: FloatArray, out: FloatArray): void;
  cast(x: FloatArray, out: FloatArray): void;
  unary(op: number, x: FloatArray, out: FloatArray): void;
  clip(x: FloatArray, out: FloatArray, lo: number, hi: number): void;
  /** Value reductions return the value; argmin/argmax return the index. */
  reduce(op: number, x: FloatArray, ddof: number): number;
  /** out is Int32Array for argmin/argmax, else x's type. */
  reduceAxis(op: number, x: FloatArray, outer: number, len: number, inner: number, ddof: number, out: FloatArray | Int32Array): void;
  dot(a: FloatArray, b: FloatArray): number;
  gemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: FloatArray, lda: number,
    b: FloatArray, ldb: number, beta: number, c: FloatArray, ldc: number): void;
  matvec(trans: number, rows: number, cols: number, a: FloatArray, x: FloatArray, y: FloatArray): void;
  transpose(rows: number, cols: number, x: FloatArray, out: FloatArray): void;
  outer(a: FloatArray, b: FloatArray, out: FloatArray): void;
  softmaxRows(rows: number, cols: number, x: FloatArray, out: FloatArray, log: number): void;
  pdist2(n: number, m: number, d: number, x: FloatArray, y: FloatArray, out: FloatArray): void;
}

/** Kernels with an off-the-event-loop form (same arguments, a Promise of the result). */
export const ASYNC_KERNELS = ['gemm', 'matvec', 'softmaxRows', 'pdist2', 'unary'] as const;
export type AsyncKernelName = (typeof ASYNC_KERNELS)[number];
export type AsyncKernels = {
  [K in AsyncKernelName as `${K}Async`]: (...args: Parameters<SyncKernels[K]>) => Promise<ReturnType<SyncKernels[K]>>;
};

export type Kernels = SyncKernels & AsyncKernels;
export type KernelName = keyof Kernels;

/** Runtime controls a backend offers (ISA level and threads). */
export interface BackendControls {
  /** The ISA level kernels run at now. */
  isa(): IsaName;
  /** The best level this machine supports for this backend. */
  detectedIsa(): IsaName;
  /** Forces a level at or below the detected one. */
  setIsa(isa: IsaName): void;
  threads(): number;
  setThreads(n: number): void;
  version: string;
}
