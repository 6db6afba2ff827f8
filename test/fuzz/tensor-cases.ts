/**
 * Abuse cases of the Tensor API (issue 8): wrong types, bad shapes, NaN / Infinity, empty tensors, detached
 * (transferred) and resizable buffers, huge sizes, outputs that alias an input, async ops whose input is transferred
 * or shrunk while they run, and workers that end with an op in flight. Each case either expects an error with `.code`,
 * or a value computed here in plain float64 JS (a coded error is then accepted too: refusing is never wrong, answering
 * wrongly is). The sweep runs them on every backend in supervised children (tensor-child.ts) and compares the backends'
 * answers with each other too.
 */
import type * as Trueno from '../../lib/trueno';
import { detach, EDGES, f64, overstated, ResizableBuffer, shrunk, tensorOf, type Resizable } from './tensor-fixtures';
import { indexingCases } from './tensor-cases-indexing';

type T = typeof Trueno;
type Tensor = Trueno.Tensor;

/** A result in a form that survives JSON: a tensor's dtype, shape and values, a plain number, or a label. */
export type Plain = { dtype: string; shape: number[]; values: number[] } | number | string;

/** One abuse case. `expect`: 'throws' (must throw with a code), 'survives' (anything but a crash or hang), or a reference. */
export interface TensorCase {
  name: string;
  run: (t: T) => unknown;
  expect: 'throws' | 'survives' | (() => Plain);
  /** Relative tolerance against the reference (default: 1e-5 for float32 results, 1e-9 for float64). */
  rtol?: number;
  /**
   * Values compared one by one, tiny ones too (IEEE edge cases: a float32 denormal is not 0, -0 is not 0 across
   * backends); otherwise near-zero values are compared against the tensor's largest (cancellation noise is not a bug).
   */
  exact?: boolean;
  /** Runs of the case (each checked): for races that do not show every time, such as memory freed under an async op. */
  repeat?: number;
}

const UNARY = {
  abs: Math.abs,
  neg: (x: number) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  square: (x: number) => x * x,
  // numpy's maximum(x, 0): relu(-0) is +0 (README, Tensor semantics)
  relu: (x: number) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0),
  sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
} as const;
type UnaryName = keyof typeof UNARY;

/**
 * The float32 result where it is not f rounded once: sigmoid is 1 / (1 + e^-x) in the tensor's precision, so it is 0
 * once e^-x overflows float32 (the documented edge value), not float64's subnormal 3.8e-44.
 */
const FLOAT32: Partial<Record<UnaryName, (x: number) => number>> = {
  sigmoid: (x) => (Math.fround(Math.exp(-x)) === Infinity ? 0 : Math.fround(UNARY.sigmoid(x))),
};

const BINARY = { add: (a: number, b: number) => a + b, sub: (a: number, b: number) => a - b, mul: (a: number, b: number) => a * b, div: (a: number, b: number) => a / b } as const;
type BinaryName = keyof typeof BINARY;

const X4 = [1, -2, 3, 0.5];
const Y4 = [0.25, 4, -1, 2];

function unaryCases(name: UnaryName): TensorCase[] {
  const f = UNARY[name];
  const op = (t: T) => t[name] as (x: Tensor, o?: { out?: Tensor }) => Tensor;
  const positive = name === 'log' || name === 'sqrt' ? X4.map(Math.abs) : X4;
  return [
    { name: `${name}: IEEE edge values`, run: (t) => op(t)(f64(t, EDGES)), expect: () => tensorOf(EDGES.map(f), [EDGES.length]), exact: true },
    { name: `${name}: float32 edge values`, run: (t) => op(t)(t.Tensor.from(Float32Array.from(EDGES))), expect: () => tensorOf(EDGES.map((v) => (FLOAT32[name] ?? ((w: number) => Math.fround(f(w))))(Math.fround(v))), [EDGES.length], 'float32'), exact: true },
    { name: `${name}: detached input`, run: (t) => op(t)(detach(f64(t, positive))), expect: 'throws' },
    { name: `${name}: shape larger than data`, run: (t) => op(t)(overstated(t, positive, [64])), expect: 'throws' },
    { name: `${name}: shrunk resizable buffer`, run: (t) => op(t)(shrunk(t, positive)), expect: 'throws' },
    { name: `${name}: a plain object`, run: (t) => op(t)({ data: new Float64Array(4), shape: [4] } as never), expect: 'throws' },
    { name: `${name}: empty tensor`, run: (t) => op(t)(f64(t, [], [0, 3])), expect: () => tensorOf([], [0, 3]) },
    {
      name: `${name}: out is the input (in place)`,
      run: (t) => {
        const x = f64(t, positive);
        return op(t)(x, { out: x });
      },
      expect: () => tensorOf(positive.map(f), [4]),
    },
    {
      name: `${name}: out overlaps the input shifted by one`,
      run: (t) => {
        const buffer = new Float64Array(5);
        buffer.set(positive);
        return op(t)(t.Tensor.from(buffer.subarray(0, 4)), { out: t.Tensor.from(buffer.subarray(1, 5)) });
      },
      expect: () => tensorOf(positive.map(f), [4]),
    },
  ];
}

function binaryCases(name: BinaryName): TensorCase[] {
  const f = BINARY[name];
  const op = (t: T) => t[name] as (a: Tensor | number, b: Tensor | number, o?: { out?: Tensor }) => Tensor;
  const edgesB = [...EDGES].reverse();
  return [
    { name: `${name}: IEEE edge values`, run: (t) => op(t)(f64(t, EDGES), f64(t, edgesB)), expect: () => tensorOf(EDGES.map((a, i) => f(a, edgesB[i])), [EDGES.length]), exact: true },
    { name: `${name}: detached first operand`, run: (t) => op(t)(detach(f64(t, X4)), f64(t, Y4)), expect: 'throws' },
    { name: `${name}: detached second operand`, run: (t) => op(t)(f64(t, X4), detach(f64(t, Y4))), expect: 'throws' },
    { name: `${name}: shape larger than data`, run: (t) => op(t)(overstated(t, X4, [32]), f64(t, new Array(32).fill(1))), expect: 'throws' },
    { name: `${name}: shrunk resizable buffer`, run: (t) => op(t)(shrunk(t, X4), f64(t, Y4)), expect: 'throws' },
    { name: `${name}: shapes that do not broadcast`, run: (t) => op(t)(f64(t, X4), f64(t, [1, 2, 3])), expect: 'throws' },
    { name: `${name}: a string operand`, run: (t) => op(t)(f64(t, X4), '2' as never), expect: 'throws' },
    { name: `${name}: NaN scalar operand`, run: (t) => op(t)(f64(t, X4), NaN), expect: () => tensorOf(X4.map((a) => f(a, NaN)), [4]) },
    { name: `${name}: empty tensors`, run: (t) => op(t)(f64(t, [], [0]), f64(t, [], [0])), expect: () => tensorOf([], [0]) },
    {
      name: `${name}: out is the first operand`,
      run: (t) => {
        const a = f64(t, X4);
        return op(t)(a, f64(t, Y4), { out: a });
      },
      expect: () => tensorOf(X4.map((a, i) => f(a, Y4[i])), [4]),
    },
    {
      name: `${name}: out overlaps the first operand shifted by one`,
      run: (t) => {
        const buffer = new Float64Array(5);
        buffer.set(X4);
        return op(t)(t.Tensor.from(buffer.subarray(0, 4)), f64(t, Y4), { out: t.Tensor.from(buffer.subarray(1, 5)) });
      },
      expect: () => tensorOf(X4.map((a, i) => f(a, Y4[i])), [4]),
    },
  ];
}

const REDUCE = {
  sum: (v: number[]) => v.reduce((s, x) => s + x, 0),
  mean: (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length,
  min: (v: number[]) => (v.some(Number.isNaN) ? NaN : Math.min(...v)),
  max: (v: number[]) => (v.some(Number.isNaN) ? NaN : Math.max(...v)),
} as const;

function reduceCases(name: 'sum' | 'mean' | 'min' | 'max' | 'variance' | 'std' | 'norm' | 'argmin' | 'argmax'): TensorCase[] {
  const op = (t: T) => t[name] as (x: Tensor, o?: object) => unknown;
  const cases: TensorCase[] = [
    { name: `${name}: detached input`, run: (t) => op(t)(detach(f64(t, X4))), expect: 'throws' },
    { name: `${name}: shape larger than data`, run: (t) => op(t)(overstated(t, X4, [2, 64])), expect: 'throws' },
    { name: `${name}: shrunk resizable buffer`, run: (t) => op(t)(shrunk(t, X4)), expect: 'throws' },
    { name: `${name}: axis out of range`, run: (t) => op(t)(f64(t, X4, [2, 2]), { axis: 2 }), expect: 'throws' },
    { name: `${name}: fractional axis`, run: (t) => op(t)(f64(t, X4, [2, 2]), { axis: 0.5 }), expect: 'throws' },
    { name: `${name}: a number`, run: (t) => op(t)(4 as never), expect: 'throws' },
  ];
  if (name in REDUCE) {
    const ref = REDUCE[name as keyof typeof REDUCE];
    cases.push({ name: `${name}: with NaN`, run: (t) => op(t)(f64(t, [1, NaN, 3])), expect: () => ref([1, NaN, 3]) });
    cases.push({ name: `${name}: with both infinities`, run: (t) => op(t)(f64(t, [Infinity, 1, -Infinity])), expect: () => ref([Infinity, 1, -Infinity]) });
  }
  return cases;
}

function matmulRef(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j] += a[i * k + p] * b[p * n + j];
  return out;
}

const seq = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => (((i * 7919) % 13) - 6) * scale);

function matrixCases(): TensorCase[] {
  const A = seq(6);
  const B = seq(6, 0.5);
  const S = seq(9);
  return [
    { name: 'matmul: 2x3 @ 3x2', run: (t) => t.matmul(f64(t, A, [2, 3]), f64(t, B, [3, 2])), expect: () => tensorOf(matmulRef(A, B, 2, 3, 2), [2, 2]) },
    { name: 'matmul: inner dimensions differ', run: (t) => t.matmul(f64(t, A, [2, 3]), f64(t, B, [2, 3])), expect: 'throws' },
    { name: 'matmul: detached operand', run: (t) => t.matmul(detach(f64(t, A, [2, 3])), f64(t, B, [3, 2])), expect: 'throws' },
    { name: 'matmul: shape larger than data', run: (t) => t.matmul(overstated(t, A, [64, 64]), f64(t, new Array(64 * 4).fill(1), [64, 4])), expect: 'throws' },
    { name: 'matmul: empty inner dimension', run: (t) => t.matmul(f64(t, [], [2, 0]), f64(t, [], [0, 3])), expect: () => tensorOf([0, 0, 0, 0, 0, 0], [2, 3]) },
    { name: 'matmul: NaN and Infinity', run: (t) => t.matmul(f64(t, [NaN, 1, Infinity, 0], [2, 2]), f64(t, [1, 0, 0, 1], [2, 2])), expect: () => tensorOf(matmulRef([NaN, 1, Infinity, 0], [1, 0, 0, 1], 2, 2, 2), [2, 2]) },
    {
      name: 'matmul: out is the first operand',
      run: (t) => {
        const a = f64(t, S, [3, 3]);
        return t.matmul(a, f64(t, S.map((v) => v + 1), [3, 3]), { out: a });
      },
      expect: () => tensorOf(matmulRef(S, S.map((v) => v + 1), 3, 3, 3), [3, 3]),
    },
    { name: 'matmul: out of the wrong shape', run: (t) => t.matmul(f64(t, S, [3, 3]), f64(t, S, [3, 3]), { out: f64(t, [0, 0], [1, 2]) }), expect: 'throws' },
    { name: 'matmul: NaN alpha', run: (t) => t.matmul(f64(t, S, [3, 3]), f64(t, S, [3, 3]), { alpha: NaN }), expect: 'throws' },
    { name: 'bincount: int32', run: (t) => t.bincount(t.Tensor.from([0, 1, 1, 3], [4], 'int32')), expect: () => tensorOf([1, 2, 0, 1], [4], 'int64'), exact: true },
    { name: 'bincount: int64 with minlength', run: (t) => t.bincount(t.Tensor.from([2n, 0n] as never, [2], 'int64'), { minlength: 5 }), expect: () => tensorOf([1, 0, 1, 0, 0], [5], 'int64'), exact: true },
    { name: 'bincount: uint8', run: (t) => t.bincount(t.Tensor.from(Uint8Array.from([3, 3, 0]))), expect: () => tensorOf([1, 0, 0, 2], [4], 'int64'), exact: true },
    { name: 'bincount: bool', run: (t) => t.bincount(t.Tensor.from(Uint8Array.from([1, 0, 1]), [3], 'bool')), expect: () => tensorOf([1, 2], [2], 'int64'), exact: true },
    { name: 'bincount: empty with minlength', run: (t) => t.bincount(t.Tensor.from(new Int32Array(0)), { minlength: 3 }), expect: () => tensorOf([0, 0, 0], [3], 'int64'), exact: true },
    { name: 'bincount: weighted', run: (t) => t.bincount(t.Tensor.from([0, 2, 2], [3], 'int32'), { weights: f64(t, [0.5, 1, 2]) }), expect: () => tensorOf([0.5, 0, 3], [3]), exact: true },
    { name: 'bincount: float input', run: (t) => t.bincount(f64(t, [0, 1])), expect: 'throws' },
    { name: 'bincount: 2-d input', run: (t) => t.bincount(t.Tensor.from([[0, 1]], undefined, 'int32')), expect: 'throws' },
    { name: 'bincount: negative value', run: (t) => t.bincount(t.Tensor.from([0, -1], [2], 'int32')), expect: 'throws' },
    { name: 'bincount: detached input', run: (t) => t.bincount(detach(t.Tensor.from([0, 1], [2], 'int32'))), expect: 'throws' },
    { name: 'bincount: weights of the wrong length', run: (t) => t.bincount(t.Tensor.from([0, 1], [2], 'int32'), { weights: f64(t, [1]) }), expect: 'throws' },
    { name: 'bincount: minlength -1', run: (t) => t.bincount(t.Tensor.from([0], [1], 'int32'), { minlength: -1 }), expect: 'throws' },
    { name: 'bincount: minlength 1.5', run: (t) => t.bincount(t.Tensor.from([0], [1], 'int32'), { minlength: 1.5 }), expect: 'throws' },
    { name: 'bincount: an int64 value beyond the element limit', run: (t) => t.bincount(t.Tensor.from([2n ** 40n] as never, [1], 'int64')), expect: 'throws' },
    { name: 'matvec: 2x3 by 3', run: (t) => t.matvec(f64(t, A, [2, 3]), f64(t, [1, 2, 3])), expect: () => tensorOf(matmulRef(A, [1, 2, 3], 2, 3, 1), [2]) },
    { name: 'matvec: vector too short', run: (t) => t.matvec(f64(t, A, [2, 3]), f64(t, [1, 2])), expect: 'throws' },
    { name: 'matvec: vector longer than its data', run: (t) => t.matvec(f64(t, A, [2, 3]), overstated(t, [1], [3])), expect: 'throws' },
    { name: 'matvec: matrix larger than its data', run: (t) => t.matvec(overstated(t, [1, 8, 1, 8], [8, 8]), f64(t, new Array(8).fill(1))), expect: 'throws' },
    { name: 'matvec: detached vector', run: (t) => t.matvec(f64(t, A, [2, 3]), detach(f64(t, [1, 2, 3]))), expect: 'throws' },
    { name: 'transpose: detached', run: (t) => t.transpose(detach(f64(t, A, [2, 3]))), expect: 'throws' },
    { name: 'transpose: shape larger than data', run: (t) => t.transpose(overstated(t, A, [8, 8])), expect: 'throws' },
    { name: 'outer: detached', run: (t) => t.outer(detach(f64(t, X4)), f64(t, Y4)), expect: 'throws' },
    { name: 'outer: NaN', run: (t) => t.outer(f64(t, [NaN, 1]), f64(t, [2, 0])), expect: () => tensorOf([NaN, NaN, 2, 0], [2, 2]) },
    { name: 'dot: detached', run: (t) => t.dot(detach(f64(t, X4)), f64(t, Y4)), expect: 'throws' },
    { name: 'dot: lengths differ', run: (t) => t.dot(f64(t, X4), f64(t, [1, 2])), expect: 'throws' },
    { name: 'dot: empty', run: (t) => t.dot(f64(t, []), f64(t, [])), expect: () => 0 },
    { name: 'softmax: detached', run: (t) => t.softmax(detach(f64(t, X4, [2, 2]))), expect: 'throws' },
    { name: 'softmax: shape larger than data', run: (t) => t.softmax(overstated(t, X4, [4, 4])), expect: 'throws' },
    { name: 'softmax: a row with Infinity', run: (t) => t.softmax(f64(t, [Infinity, 1, 0, 0], [2, 2])), expect: () => tensorOf([NaN, NaN, 0.5, 0.5], [2, 2]) },
    { name: 'softmax: -Infinity everywhere but one', run: (t) => t.softmax(f64(t, [-Infinity, 3], [1, 2])), expect: () => tensorOf([0, 1], [1, 2]) },
    { name: 'logSoftmax: detached', run: (t) => t.logSoftmax(detach(f64(t, X4, [2, 2]))), expect: 'throws' },
    { name: 'pairwiseSqDist: a row with NaN', run: (t) => t.pairwiseSqDist(f64(t, [NaN, 1, 2, 3], [2, 2])), expect: () => tensorOf([0, NaN, NaN, 0], [2, 2]), exact: true }, // x with itself: an exact-0 diagonal, as scikit-learn
    { name: 'pairwiseSqDist: detached', run: (t) => t.pairwiseSqDist(detach(f64(t, X4, [2, 2]))), expect: 'throws' },
    { name: 'pairwiseSqDist: columns differ', run: (t) => t.pairwiseSqDist(f64(t, X4, [2, 2]), f64(t, [1, 2, 3], [1, 3])), expect: 'throws' },
    { name: 'pairwiseSqDist: shape larger than data', run: (t) => t.pairwiseSqDist(overstated(t, X4, [16, 16])), expect: 'throws' },
  ];
}

function constructionCases(): TensorCase[] {
  return [
    { name: 'Tensor.from: int32 value out of range', run: (t) => t.Tensor.from([3e10], [1], 'int32'), expect: 'throws' },
    { name: 'Tensor.from: non-integer int32 value', run: (t) => t.Tensor.from([1.5], [1], 'int32'), expect: 'throws' },
    { name: 'Tensor.from: NaN as int32', run: (t) => t.Tensor.from([NaN], [1], 'int32'), expect: 'throws' },
    { name: 'Tensor.from: Infinity as int32', run: (t) => t.Tensor.from([Infinity], [1], 'int32'), expect: 'throws' },
    { name: 'Tensor.from: shape larger than data', run: (t) => t.Tensor.from(new Float64Array(4), [8]), expect: 'throws' },
    { name: 'Tensor.from: negative dimension', run: (t) => t.Tensor.from(new Float64Array(4), [-2, -2]), expect: 'throws' },
    { name: 'Tensor.from: fractional dimension', run: (t) => t.Tensor.from(new Float64Array(4), [2.5, 1.6]), expect: 'throws' },
    { name: 'Tensor.from: NaN dimension', run: (t) => t.Tensor.from(new Float64Array(0), [NaN]), expect: 'throws' },
    { name: 'Tensor.from: ragged nesting', run: (t) => t.Tensor.from([[1, 2], [3]]), expect: 'throws' },
    { name: 'Tensor.from: strings', run: (t) => t.Tensor.from(['1', '2'] as never), expect: 'throws' },
    { name: 'Tensor.from: an Int16Array (no such dtype)', run: (t) => t.Tensor.from(new Int16Array(4) as never), expect: 'throws' },
    { name: 'Tensor.from: a Uint8Array as bool with a byte of 2', run: (t) => t.Tensor.from(Uint8Array.from([0, 1, 2]), [3], 'bool'), expect: 'throws' },
    { name: 'Tensor.from: a detached TypedArray', run: (t) => t.Tensor.from(detach(f64(t, X4)).data, [4]), expect: 'throws' },
    { name: 'Tensor.from: a BigUint64Array (no such dtype)', run: (t) => t.Tensor.from(new BigUint64Array(2) as never), expect: 'throws' },
    { name: 'Tensor.from: an int64 beyond 64 bits', run: (t) => t.Tensor.from([2n ** 64n] as never, [1], 'int64'), expect: 'throws' },
    { name: 'new Tensor: a plain array', run: (t) => t.sum(new t.Tensor([1, 2, 3] as never, [3])), expect: 'throws' },
    { name: 'Tensor.zeros: 1e6 x 1e6 elements', run: (t) => t.Tensor.zeros([1e6, 1e6]), expect: 'throws' },
    { name: 'Tensor.zeros: 2^31 elements', run: (t) => t.Tensor.zeros([2 ** 31]), expect: 'throws' },
    { name: 'Tensor.full: int32 value out of range', run: (t) => t.Tensor.full([2], 3e10, 'int32'), expect: 'throws' },
    { name: 'Tensor.full: NaN as int32', run: (t) => t.Tensor.full([2], NaN, 'int32'), expect: 'throws' },
    { name: 'Tensor.arange: 1e12 elements', run: (t) => t.Tensor.arange(0, 1e12), expect: 'throws' },
    { name: 'Tensor.arange: step 0', run: (t) => t.Tensor.arange(0, 10, 0), expect: 'throws' },
    { name: 'Tensor.arange: NaN stop', run: (t) => t.Tensor.arange(0, NaN), expect: 'throws' },
    { name: 'reshape: element count differs', run: (t) => f64(t, X4).reshape([3]), expect: 'throws' },
    { name: 'reshape: of a detached tensor', run: (t) => detach(f64(t, X4)).reshape([2, 2]).toArray(), expect: 'throws' },
    { name: 'toArray: of a detached tensor', run: (t) => detach(f64(t, X4)).toArray(), expect: 'throws' },
    { name: 'clone: of a detached tensor', run: (t) => detach(f64(t, X4)).clone(), expect: 'throws' },
    { name: 'cast: of a detached tensor', run: (t) => t.cast(detach(f64(t, X4)), 'float32'), expect: 'throws' },
    // float -> integer casts saturate (NaN -> 0), as WASM's trunc_sat (docs/decisions.md)
    { name: 'cast: 3e10 to int32', run: (t) => t.cast(f64(t, [3e10, -3e10, NaN]), 'int32'), expect: () => tensorOf([2147483647, -2147483648, 0], [3], 'int32'), exact: true },
    { name: 'fill: a detached tensor', run: (t) => t.fill(detach(f64(t, X4)), 1), expect: 'throws' },
    { name: 'scale: NaN alpha', run: (t) => t.scale(f64(t, X4), NaN), expect: () => tensorOf([NaN, NaN, NaN, NaN], [4]) },
    { name: 'scale: detached', run: (t) => t.scale(detach(f64(t, X4)), 2), expect: 'throws' },
    { name: 'axpy: detached y', run: (t) => t.axpy(2, f64(t, X4), detach(f64(t, Y4))), expect: 'throws' },
    { name: 'clip: lo above hi', run: (t) => t.clip(f64(t, X4), 2, 1), expect: 'throws' },
    { name: 'clip: detached', run: (t) => t.clip(detach(f64(t, X4)), 0, 1), expect: 'throws' },
    { name: 'clip: NaN values', run: (t) => t.clip(f64(t, [NaN, -5, 5]), -1, 1), expect: () => tensorOf([NaN, -1, 1], [3]) },
    { name: 'gelu: NaN stays NaN', run: (t) => t.gelu(f64(t, [NaN, 0, 1])), expect: () => tensorOf([NaN, 0, 0.8413447460685429], [3]), rtol: 1e-3 },
    { name: 'mapAsync: unknown op name', run: (t) => t.mapAsync('nope' as never, f64(t, X4)), expect: 'throws' },
    { name: 'mapAsync: detached input', run: (t) => t.mapAsync('exp', detach(f64(t, X4))), expect: 'throws' },
  ];
}

const N = 320;
const M = seq(N * N, 0.01);

/** Async ops whose input is taken away while they run: the op must keep it alive or refuse, never read freed memory. */
function asyncLifetimeCases(): TensorCase[] {
  const squareRef = () => tensorOf(matmulRef(M, M, N, N, N), [N, N]);
  const take = async (t: T, start: (x: Tensor) => Promise<Tensor>, how: 'transfer' | 'shrink') => {
    let x: Tensor;
    let buffer: ArrayBuffer;
    if (how === 'shrink') {
      buffer = new ResizableBuffer(N * N * 8, { maxByteLength: N * N * 8 });
      new Float64Array(buffer).set(M);
      x = t.Tensor.from(new Float64Array(buffer), [N, N]);
    } else {
      x = f64(t, M, [N, N]);
      buffer = x.data.buffer as ArrayBuffer;
    }
    const pending = start(x);
    if (how === 'shrink') (buffer as Resizable).resize(8);
    else structuredClone(buffer, { transfer: [buffer] });
    // make the freed memory likely to be reused while the op still runs
    (globalThis as { gc?: () => void }).gc?.();
    for (let i = 0; i < 8; i++) new Float64Array(N * N).fill(7 + i);
    return pending;
  };
  const cases: TensorCase[] = [];
  for (const how of ['transfer', 'shrink'] as const) {
    const done = how === 'transfer' ? 'transferred' : 'shrunk';
    cases.push(
      { name: `matmulAsync: input ${done} while it runs`, run: (t) => take(t, (x) => t.matmulAsync(x, f64(t, M, [N, N])), how), expect: squareRef },
      { name: `matvecAsync: input ${done} while it runs`, run: (t) => take(t, (x) => t.matvecAsync(x, f64(t, M.slice(0, N))), how), expect: () => tensorOf(matmulRef(M, M.slice(0, N), N, N, 1), [N]) },
      {
        name: `softmaxAsync: input ${done} while it runs`,
        run: (t) => take(t, (x) => t.softmaxAsync(x), how),
        expect: () => {
          const out: number[] = [];
          for (let i = 0; i < N; i++) {
            const row = M.slice(i * N, (i + 1) * N);
            const m = Math.max(...row);
            const e = row.map((v) => Math.exp(v - m));
            const s = e.reduce((a, b) => a + b, 0);
            out.push(...e.map((v) => v / s));
          }
          return tensorOf(out, [N, N]);
        },
      },
      {
        name: `pairwiseSqDistAsync: input ${done} while it runs`,
        run: (t) => take(t, (x) => t.pairwiseSqDistAsync(x), how),
        expect: () => {
          const out: number[] = [];
          for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
            let s = 0;
            for (let k = 0; k < N; k++) s += (M[i * N + k] - M[j * N + k]) ** 2;
            out.push(s);
          }
          return tensorOf(out, [N, N]);
        },
        rtol: 1e-6,
      },
      { name: `mapAsync exp: input ${done} while it runs`, run: (t) => take(t, (x) => t.mapAsync('exp', x), how), expect: () => tensorOf(M.map(Math.exp), [N, N]) },
    );
  }
  return cases.map((c) => ({ ...c, repeat: 3 }));
}

/** Worker threads that end while an async op runs: the process must live on. */
function workerCases(distTrueno: string): TensorCase[] {
  const program = (ending: string) => `
    const t = require(${JSON.stringify(distTrueno)});
    // large enough to be in flight on native; small on js, where the op runs on the worker's own thread
    const n = t.backendInfo().backend === 'js' ? 64 : 384;
    const a = t.Tensor.from(new Float64Array(n * n).fill(1), [n, n]);
    for (let i = 0; i < 4; i++) t.matmulAsync(a, a);
    ${ending}`;
  const inWorker = (ending: string, terminate: boolean) => async () => {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(program(ending), { eval: true, env: process.env });
    if (terminate) setTimeout(() => void w.terminate(), 5);
    await new Promise((resolve) => w.on('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    return 'survived';
  };
  return [
    { name: 'worker: process.exit() with ops in flight', run: inWorker('process.exit(0);', false), expect: 'survives' },
    { name: 'worker: terminate() with ops in flight', run: inWorker('setInterval(() => {}, 1000);', true), expect: 'survives' },
  ];
}

/**
 * Every case, named uniquely.
 * @param distTrueno - the built trueno module's path (worker cases load it in their worker)
 * @returns the cases
 */
export function tensorCases(distTrueno: string): TensorCase[] {
  return [
    ...(Object.keys(UNARY) as UnaryName[]).flatMap(unaryCases),
    ...(Object.keys(BINARY) as BinaryName[]).flatMap(binaryCases),
    ...(['sum', 'mean', 'min', 'max', 'variance', 'std', 'norm', 'argmin', 'argmax'] as const).flatMap(reduceCases),
    ...matrixCases(),
    ...constructionCases(),
    ...indexingCases(),
    ...asyncLifetimeCases(),
    ...workerCases(distTrueno),
  ];
}
