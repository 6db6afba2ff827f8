/**
 * The plain-JS backend: the float64 reference every other backend is checked against, and a backend of last resort
 * (`SOVEREIGN_BACKEND=js`). Each kernel computes in float64 and rounds once when it stores into a float32 output;
 * sums use Neumaier compensation so the reference is more accurate than the kernels it checks.
 */
import type { FloatArray, NumericArray } from '../dtype';
import { erfc } from './erf';
import * as linalg from './reference-linalg';
import { ASYNC_KERNELS, BinaryOp, DTypeCode, ReduceOp, UnaryOp, type Kernels, type SyncKernels } from './kernels';
import { clusterReference } from './reference-cluster';
import { enetCd, logisticGrad, logisticHessp, sagaEpoch, sgdEpoch, svmDualCd } from './reference-linear';
import { registerBackend } from './registry';
import { mlReference } from './reference-ml';
import { forestReference } from './reference-forest';
import { treeGrow } from './reference-tree-grow';
import { hgbReference } from './reference-hgb';
import { columnarReference } from './reference-columnar';
import { graphReference } from './reference-graph';
import { graphAnalysisReference } from './reference-graph-analysis';
import { graphStructureReference } from './reference-graph-structure';
import { tensorReference } from './reference-tensor';
import { detachedAsEmpty } from './kernel-args';
import { csvNumeric } from './reference-csv';
import { csvFormat } from './reference-csv-format';
import { jsonRows } from './reference-json-rows';

type F = (x: number) => number;

const binaryFns: F2[] = [];
type F2 = (a: number, b: number) => number;
binaryFns[BinaryOp.add] = (a, b) => a + b;
binaryFns[BinaryOp.sub] = (a, b) => a - b;
binaryFns[BinaryOp.mul] = (a, b) => a * b;
binaryFns[BinaryOp.div] = (a, b) => a / b;

/*
 * Integer arithmetic wraps as the core's does: a TypedArray store wraps a number modulo 2^bits, so add/sub of int32 and
 * uint8 values (exact in float64) and every bigint op store the wrapped result; int32 mul needs Math.imul (the float64
 * product can exceed 2^53). Scalars are wrapped to the dtype first so that sums stay exact.
 */
const bigintFns: Array<(a: bigint, b: bigint) => bigint> = [];
bigintFns[BinaryOp.add] = (a, b) => a + b;
bigintFns[BinaryOp.sub] = (a, b) => a - b;
bigintFns[BinaryOp.mul] = (a, b) => a * b;

function numberFn(op: number, a: NumericArray): F2 {
  return a instanceof Int32Array && op === BinaryOp.mul ? Math.imul : binaryFns[op];
}

/** s wrapped to the dtype of a when a is an integer array (the core's scalar conversion). */
function wrapScalar(a: NumericArray, s: number): number {
  if (a instanceof Int32Array) return s | 0;
  if (a instanceof Uint8Array) return ((s % 256) + 256) % 256;
  return s;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * One element converted for a store into dtype `to`, as the core's cast (integer_kernels.h): float -> integer
 * truncates and saturates (NaN -> 0); integer -> narrower integer wraps (the TypedArray store wraps numbers);
 * -> bool is v != 0; bigint -> float rounds through float64.
 */
function convert(v: number | bigint, fromFloat: boolean, to: number): number | bigint {
  if (to === DTypeCode.bool) return v !== 0 && v !== 0n ? 1 : 0;
  if (typeof v === 'bigint') {
    if (to === DTypeCode.int64) return v;
    if (to === DTypeCode.int32) return Number(BigInt.asIntN(32, v));
    if (to === DTypeCode.uint8) return Number(BigInt.asUintN(8, v));
    return Number(v);
  }
  if (to === DTypeCode.float32 || to === DTypeCode.float64) return v;
  if (!fromFloat) return to === DTypeCode.int64 ? BigInt(v) : v;
  const t = v !== v ? 0 : Math.trunc(v);
  if (to === DTypeCode.int64) return t >= 2 ** 63 ? INT64_MAX : t < -(2 ** 63) ? INT64_MIN : BigInt(t);
  return to === DTypeCode.int32 ? Math.min(2 ** 31 - 1, Math.max(-(2 ** 31), t)) : Math.min(255, Math.max(0, t));
}

/** Integer/bool reductions (sum in int64, min, max, first argmin/argmax) of x[start + k*stride], k < len. */
function reduceIntegers(op: number, x: NumericArray, start: number, len: number, stride: number): number | bigint {
  if (op === ReduceOp.sum) {
    let sum = 0n;
    for (let k = 0; k < len; k++) sum += BigInt(x[start + k * stride]);
    return BigInt.asIntN(64, sum);
  }
  const wantMax = op === ReduceOp.max || op === ReduceOp.argmax;
  let best = 0;
  for (let k = 1; k < len; k++) {
    const v = x[start + k * stride];
    const b = x[start + best * stride];
    if (wantMax ? v > b : v < b) best = k;
  }
  return op === ReduceOp.argmin || op === ReduceOp.argmax ? best : x[start + best * stride];
}

const SQRT1_2 = Math.SQRT1_2;
const unaryFns: F[] = [];
unaryFns[UnaryOp.abs] = Math.abs;
unaryFns[UnaryOp.neg] = (x) => -x;
unaryFns[UnaryOp.exp] = Math.exp;
unaryFns[UnaryOp.log] = Math.log;
unaryFns[UnaryOp.sqrt] = Math.sqrt;
unaryFns[UnaryOp.square] = (x) => x * x;
// numpy's maximum(x, 0): NaN stays NaN and -0 gives +0.
unaryFns[UnaryOp.relu] = (x) => (x > 0 ? x : x === x ? 0 : x);
// 1 / (1 + e^-x) in the output's precision, as the native kernels compute it: once e^-x overflows that precision
// (x < -88.72 in float32, x < -709.78 in float64) the result is exactly 0, never a subnormal.
unaryFns[UnaryOp.sigmoid] = (x) => 1 / (1 + Math.exp(-x));
unaryFns[UnaryOp.tanh] = Math.tanh;
// 0.5 x (1 + erf(x/sqrt 2)) written with erfc, exact in relative terms for negative x; its limit 0 at -Infinity.
unaryFns[UnaryOp.gelu] = (x) => (x === -Infinity ? 0 : 0.5 * x * erfc(-x * SQRT1_2));
/** The float32 forms, where rounding an intermediate to float32 changes the result (sigmoid's e^-x overflow). */
const unaryFns32: F[] = unaryFns.slice();
unaryFns32[UnaryOp.sigmoid] = (x) => 1 / (1 + Math.fround(Math.exp(-x)));

/** Compensated (Neumaier) sum of f(i) for i in [0, n). */
function compensatedSum(n: number, f: (i: number) => number): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = f(i);
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

/** Reduces the `len` values x[start + k*stride]; argmin/argmax return the index k. */
function reduceStrided(op: number, x: FloatArray, start: number, len: number, stride: number, ddof: number): number {
  const at = (k: number) => x[start + k * stride];
  switch (op) {
    case ReduceOp.sum: return compensatedSum(len, at);
    case ReduceOp.mean: return len === 0 ? NaN : compensatedSum(len, at) / len;
    case ReduceOp.variance: {
      if (len === 0) return NaN;
      const mean = compensatedSum(len, at) / len;
      const ss = compensatedSum(len, (k) => (at(k) - mean) ** 2);
      return ss / Math.max(len - ddof, 0);
    }
    case ReduceOp.norm1: return compensatedSum(len, (k) => Math.abs(at(k)));
    case ReduceOp.norm2: return Math.sqrt(compensatedSum(len, (k) => at(k) * at(k)));
    case ReduceOp.normInf: {
      let m = 0;
      for (let k = 0; k < len; k++) {
        const v = Math.abs(at(k));
        if (v !== v) return NaN;
        if (v > m) m = v;
      }
      return m;
    }
    case ReduceOp.min:
    case ReduceOp.max: {
      const index = argExtreme(op === ReduceOp.min, at, len);
      return at(index);
    }
    case ReduceOp.argmin: return argExtreme(true, at, len);
    case ReduceOp.argmax: return argExtreme(false, at, len);
    default: throw new RangeError(`unknown reduce op ${op}`);
  }
}

/** Index of the first minimum (or maximum); the first NaN wins, as in numpy. */
function argExtreme(min: boolean, at: (k: number) => number, len: number): number {
  let best = 0;
  let value = at(0);
  if (value !== value) return 0;
  for (let k = 1; k < len; k++) {
    const v = at(k);
    if (v !== v) return k;
    if (min ? v < value : v > value) {
      value = v;
      best = k;
    }
  }
  return best;
}

const sync: SyncKernels = {
  binary(op, a, b, out) {
    if (a instanceof BigInt64Array) {
      const f = bigintFns[op];
      for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i] as bigint);
      return;
    }
    const f = numberFn(op, a);
    for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i] as number);
  },
  binaryScalar(op, a, s, out, reverse) {
    if (a instanceof BigInt64Array) {
      const f = bigintFns[op];
      const big = BigInt(s);
      if (reverse) for (let i = 0; i < a.length; i++) out[i] = f(big, a[i]);
      else for (let i = 0; i < a.length; i++) out[i] = f(a[i], big);
      return;
    }
    const f = numberFn(op, a);
    const w = wrapScalar(a, s);
    if (reverse) for (let i = 0; i < a.length; i++) out[i] = f(w, a[i] as number);
    else for (let i = 0; i < a.length; i++) out[i] = f(a[i] as number, w);
  },
  binaryRows(op, a, row, out, rows, cols) {
    for (let r = 0; r < rows; r++) {
      sync.binary(op, a.subarray(r * cols, (r + 1) * cols), row, out.subarray(r * cols, (r + 1) * cols));
    }
  },
  axpy(alpha, x, y) {
    for (let i = 0; i < x.length; i++) y[i] = y[i] + alpha * x[i];
  },
  fill(out, value) {
    if (out instanceof BigInt64Array) out.fill(BigInt(value));
    else out.fill(value);
  },
  copy(x, out) {
    (out as Float64Array).set(x as Float64Array);
  },
  cast(x, out, from, to) {
    const fromFloat = from === DTypeCode.float32 || from === DTypeCode.float64;
    for (let i = 0; i < x.length; i++) out[i] = convert(x[i], fromFloat, to);
  },
  unary(op, x, out) {
    const f = (out instanceof Float32Array ? unaryFns32 : unaryFns)[op];
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  },
  clip(x, out, lo, hi) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      out[i] = v < lo ? lo : v > hi ? hi : v;
    }
  },
  reduce(op, x, ddof) {
    if (x.length === 0 && op >= ReduceOp.min && op <= ReduceOp.argmax) {
      throw new RangeError('Expected a non-empty array for a min/max/argmin/argmax reduction');
    }
    return reduceStrided(op, x, 0, x.length, 1, ddof);
  },
  reduceAxis(op, x, outer, len, inner, ddof, out) {
    const integers = !(x instanceof Float32Array || x instanceof Float64Array);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const start = o * len * inner + i;
        out[o * inner + i] = integers ? reduceIntegers(op, x, start, len, inner) : reduceStrided(op, x as FloatArray, start, len, inner, ddof);
      }
    }
  },
  dot(a, b) {
    return compensatedSum(a.length, (i) => a[i] * b[i]);
  },
  gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
    const A = transA ? (i: number, p: number) => a[p * lda + i] : (i: number, p: number) => a[i * lda + p];
    const B = transB ? (p: number, j: number) => b[j * ldb + p] : (p: number, j: number) => b[p * ldb + j];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += A(i, p) * B(p, j);
        const prior = beta === 0 ? 0 : beta * c[i * ldc + j];
        c[i * ldc + j] = alpha * acc + prior;
      }
    }
  },
  matvec(trans, rows, cols, a, x, y) {
    if (trans) {
      for (let j = 0; j < cols; j++) y[j] = compensatedSum(rows, (i) => a[i * cols + j] * x[i]);
    } else {
      for (let i = 0; i < rows; i++) y[i] = compensatedSum(cols, (j) => a[i * cols + j] * x[j]);
    }
  },
  transpose(rows, cols, x, out) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  },
  outer(a, b, out) {
    for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i * b.length + j] = a[i] * b[j];
  },
  softmaxRows(rows, cols, x, out, log) {
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      let max = -Infinity;
      for (let c = 0; c < cols; c++) {
        const v = x[base + c];
        if (v > max || v !== v) max = v;
        if (v !== v) break;
      }
      const sum = compensatedSum(cols, (c) => Math.exp(x[base + c] - max));
      for (let c = 0; c < cols; c++) {
        const shifted = x[base + c] - max;
        out[base + c] = log ? shifted - Math.log(sum) : Math.exp(shifted) / sum;
      }
    }
  },
  // x with itself (one array): the diagonal is exactly 0 even for a row holding NaN, as scikit-learn's
  // euclidean_distances and the native kernel (which sets it rather than computing it).
  pdist2(n, m, d, x, y, out) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        out[i * m + j] = x === y && i === j ? 0 : compensatedSum(d, (k) => (x[i * d + k] - y[j * d + k]) ** 2);
      }
    }
  },
  bincount(x, weights, out, weighted) {
    if (out instanceof BigInt64Array) out.fill(0n);
    else out.fill(0);
    for (let i = 0; i < x.length; i++) {
      const v = Number(x[i]);
      if (weighted) out[v] = (out[v] as number) + weights[i];
      else out[v] = (out[v] as bigint) + 1n;
    }
  },
  ...mlReference,
  ...clusterReference,
  enetCd,
  logisticGrad,
  logisticHessp,
  sagaEpoch,
  sgdEpoch,
  svmDualCd,
  gram: linalg.gram,
  cholesky: linalg.cholesky,
  choleskySolve: linalg.choleskySolve,
  qr: linalg.qr,
  eigh: linalg.eigh,
  svd: linalg.svd,
  treeGrow,
  ...hgbReference,
  ...columnarReference,
  // the kernels the raw-kernel fuzz (test/fuzz/kernel-abuse.test.ts) holds to the addon's reading of every argument
  ...detachedAsEmpty({
    ...graphReference, ...graphAnalysisReference, ...graphStructureReference, ...tensorReference, ...forestReference, csvNumeric, csvFormat,
    jsonRows,
  }),
};

/** Adds the `...Async` forms to a sync kernel set: they run the sync kernel and settle a Promise (on this thread). */
export function withAsyncOnThisThread<K extends Partial<SyncKernels>>(kernels: K): K extends SyncKernels ? Kernels : Partial<Kernels> {
  const all: Record<string, unknown> = { ...kernels };
  for (const name of ASYNC_KERNELS) {
    const fn = kernels[name] as ((...args: unknown[]) => unknown) | undefined;
    if (fn) all[`${name}Async`] = async (...args: unknown[]) => fn(...args);
  }
  return all as K extends SyncKernels ? Kernels : Partial<Kernels>;
}

/** Registers the plain-JS kernels under the backend name 'js'. */
export function registerJsBackend(): void {
  registerBackend('js', withAsyncOnThisThread(sync), {
    isa: () => 'scalar',
    detectedIsa: () => 'scalar',
    setIsa(isa) {
      if (isa !== 'scalar') throw new RangeError(`Expected 'scalar' for isa (js backend) but received '${isa}'`);
    },
    threads: () => 1,
    setThreads(n) {
      if (n !== 1) throw new RangeError(`Expected 1 for threads (js backend runs on the calling thread) but received ${n}`);
    },
    version: 'js',
  });
}

/** The float64 reference kernels (exported for the conformance suite). */
export const referenceKernels: SyncKernels = sync;
