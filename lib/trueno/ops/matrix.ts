/** Matrix ops: matmul (gemm), matvec, transpose (any rank), outer, softmax / logSoftmax, pairwise squared distances. */
import { floatOf, promote, type DType, type FloatArray, type FloatDType, type FloatDTypeOf, type NumericArray, type PromotedDTypeOf } from '../dtype';
import { describe, rangeError, typeError } from '../errors';
import { kernels } from '../backend/loader';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectAxis, expectBoolean, expectFinite, expectOptions } from '../validate';
import type { OptionKeys } from '../../common/validate';
import { allocateOutput, floatData, formatShape, outputTensor, readableInput } from './operands';
import { registerTensorOps } from '../tensor-methods';

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use a's transpose (its last two axes swapped). Default false. */
  transA?: boolean;
  /** Use b's transpose. Default false. */
  transB?: boolean;
  /** Scales the product (BLAS alpha). Default 1. */
  alpha?: number;
  /** With `out`: out = alpha * a @ b + beta * out (BLAS beta). Default 0 (out's old values ignored, NaN included). */
  beta?: number;
  /** A preallocated result; it may be a or b or overlap them (they are then copied first, as a product cannot run in place). */
  out?: Tensor;
}

const MATMUL_OPTIONS: OptionKeys<MatmulOptions> = { transA: true, transB: true, alpha: true, beta: true, out: true };

interface GemmPlan {
  dtype: FloatDType;
  batches: number;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  a: FloatArray;
  b: FloatArray;
  aStride: number;
  bStride: number;
  out: Tensor<FloatDType>;
}

/**
 * Plans a product with numpy matmul's shape rules: 1-d operands are promoted to a row (a) or column (b) and the added
 * axis dropped from the result; leading (batch) axes fold into the rows when b is 2-d, otherwise they must be equal.
 */
function planGemm(a: Tensor, b: Tensor, options: MatmulOptions | undefined): GemmPlan {
  const opts = expectOptions<MatmulOptions>(options, 'matmul options', MATMUL_OPTIONS);
  expectTensor(a, 'matmul argument a');
  expectTensor(b, 'matmul argument b');
  const transA = opts.transA === undefined ? false : expectBoolean(opts.transA, 'matmul options.transA');
  const transB = opts.transB === undefined ? false : expectBoolean(opts.transB, 'matmul options.transB');
  const alpha = opts.alpha === undefined ? 1 : expectFinite(opts.alpha, 'matmul options.alpha');
  const beta = opts.beta === undefined ? 0 : expectFinite(opts.beta, 'matmul options.beta');
  if (beta !== 0 && opts.out === undefined) throw rangeError('Expected options.out for matmul options.beta other than 0 but received no out');
  if (a.ndim === 0 || b.ndim === 0) {
    throw rangeError(`Expected tensors with at least 1 dimension for matmul but received ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const aShape = a.ndim === 1 ? [1, a.shape[0]] : a.shape.slice();
  const bShape = b.ndim === 1 ? [b.shape[0], 1] : b.shape.slice();
  const [ar, ac] = aShape.slice(-2);
  const [br, bc] = bShape.slice(-2);
  let m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const kb = transB ? bc : br;
  const n = transB ? br : bc;
  if (k !== kb) {
    throw rangeError(`Expected a's columns to match b's rows for matmul but received ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} and ${formatShape(b.shape)}${transB ? 'ᵀ' : ''}`);
  }
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  let batches = 1;
  const resultBatch: number[] = aBatch;
  if (bBatch.length === 0 && !transA) {
    m *= aBatch.reduce((p, d) => p * d, 1);
  } else if (aBatch.join() === bBatch.join()) {
    batches = aBatch.reduce((p, d) => p * d, 1);
  } else {
    throw rangeError(`Expected equal batch dimensions for matmul but received ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const rowsPerBatch = bBatch.length === 0 && !transA ? ar : m;
  const shape = [...resultBatch, rowsPerBatch, n];
  if (a.ndim === 1) shape.splice(shape.length - 2, 1);
  if (b.ndim === 1) shape.splice(shape.length - 1, 1);
  const dtype = promote(a.dtype, b.dtype);
  const out = outputTensor(opts.out, shape, dtype, 'matmul');
  return {
    dtype, batches, m, n, k, transA, transB, alpha, beta,
    a: readableInput(floatData(a, dtype), a, opts.out as Tensor | undefined, false),
    b: readableInput(floatData(b, dtype), b, opts.out as Tensor | undefined, false),
    aStride: ar * ac, bStride: bBatch.length === 0 ? 0 : br * bc, out,
  };
}

function subarray(x: FloatArray, start: number, length: number): FloatArray {
  return x.subarray(start, start + length);
}

function gemmArgs(p: GemmPlan, batch: number) {
  const lda = p.transA ? p.m : p.k;
  const ldb = p.transB ? p.k : p.n;
  return [
    p.transA ? 1 : 0, p.transB ? 1 : 0, p.m, p.n, p.k, p.alpha,
    p.batches === 1 ? p.a : subarray(p.a, batch * p.aStride, p.aStride), lda,
    p.bStride === 0 ? p.b : subarray(p.b, batch * p.bStride, p.bStride), ldb,
    p.beta, p.batches === 1 ? p.out.data : subarray(p.out.data, batch * p.m * p.n, p.m * p.n), p.n,
  ] as const;
}

/**
 * Matrix product with numpy matmul semantics (1-d operands, batch axes), optional transposes, alpha and beta.
 * A packed, register-tiled gemm on the native and WASM backends.
 * @param a - [..., m, k] (or [k, m] with transA), or 1-d
 * @param b - [k, n] or [..., k, n] (or [n, k] with transB), or 1-d
 * @param options - transA, transB, alpha, beta, out
 * @returns the product (float32 only when both inputs are float32)
 * @throws TypeError for non-tensors; RangeError for mismatched inner dimensions, batch shapes or a bad out
 * @example matmul(Tensor.from([[1, 2]]), Tensor.from([[3], [4]])) // [[11]]
 */
export function matmul<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>, options?: MatmulOptions): Tensor<PromotedDTypeOf<A, B>> {
  const p = planGemm(a, b, options);
  const k = kernels();
  for (let i = 0; i < p.batches; i++) k.gemm(...gemmArgs(p, i));
  return p.out as Tensor<PromotedDTypeOf<A, B>>;
}

/**
 * {@link matmul} off the event loop (a libuv worker on the native backend), for services that must stay responsive.
 * The native backend computes on copies of the inputs made at the call, so the caller may transfer, resize or drop
 * them meanwhile; the result is written into `options.out` (or a new tensor) when the work completes.
 * @param a - as matmul
 * @param b - as matmul
 * @param options - as matmul
 * @returns a Promise of the product
 * @throws (as a rejection) as matmul for bad arguments; TruenoError ERR_TRUENO_DETACHED for a tensor whose memory
 *   is gone, or an `out` that lost its memory before the work completed
 * @example const c = await matmulAsync(a, b);
 */
export async function matmulAsync<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>, options?: MatmulOptions): Promise<Tensor<PromotedDTypeOf<A, B>>> {
  const p = planGemm(a, b, options);
  const k = kernels();
  for (let i = 0; i < p.batches; i++) {
    // JS ran between two batches: the tensors may have lost their memory meanwhile.
    if (i > 0) {
      expectTensor(a, 'matmulAsync argument a');
      expectTensor(b, 'matmulAsync argument b');
      expectTensor(p.out, 'matmulAsync result');
    }
    await k.gemmAsync(...gemmArgs(p, i));
  }
  return p.out as Tensor<PromotedDTypeOf<A, B>>;
}

function planMatvec(a: Tensor, x: Tensor, options: { trans?: boolean } | undefined) {
  const opts = expectOptions<{ trans?: boolean }>(options, 'matvec options', { trans: true });
  expectTensor(a, 'matvec argument a');
  expectTensor(x, 'matvec argument x');
  const trans = opts.trans === undefined ? false : expectBoolean(opts.trans, 'matvec options.trans');
  if (a.ndim !== 2 || x.ndim !== 1 || x.size !== a.shape[trans ? 0 : 1]) {
    throw rangeError(`Expected a 2-d a and a 1-d x of matching length for matvec${trans ? ' (trans)' : ''} but received ${formatShape(a.shape)} and ${formatShape(x.shape)}`);
  }
  const dtype = promote(a.dtype, x.dtype);
  const [rows, cols] = a.shape;
  const y = trustedTensor(allocateOutput(dtype, trans ? cols : rows), [trans ? cols : rows]);
  return [trans ? 1 : 0, rows, cols, floatData(a, dtype), floatData(x, dtype), y.data as FloatArray, y] as const;
}

/**
 * Matrix-vector product y = a @ x, or aᵀ @ x with `trans`.
 * @param a - a 2-d tensor
 * @param x - a 1-d tensor
 * @param options - `trans`: use aᵀ
 * @returns y, 1-d
 * @throws RangeError for mismatched shapes
 * @example matvec(Tensor.from([[1, 2], [3, 4]]), Tensor.from([1, 1])) // [3, 7]
 */
export function matvec<A extends DType, B extends DType>(a: Tensor<A>, x: Tensor<B>, options?: { trans?: boolean }): Tensor<PromotedDTypeOf<A, B>> {
  const [trans, rows, cols, da, dx, dy, y] = planMatvec(a, x, options);
  kernels().matvec(trans, rows, cols, da, dx, dy);
  return y as Tensor<PromotedDTypeOf<A, B>>;
}

/**
 * {@link matvec} off the event loop, on copies of a and x made at the call (as {@link matmulAsync}).
 * @param a - a 2-d tensor
 * @param x - a 1-d tensor
 * @param options - `trans`
 * @returns a Promise of y
 * @throws (as a rejection) RangeError for mismatched shapes; TruenoError ERR_TRUENO_DETACHED for a detached tensor
 * @example const y = await matvecAsync(a, x);
 */
export async function matvecAsync(a: Tensor, x: Tensor, options?: { trans?: boolean }): Promise<Tensor> {
  const [trans, rows, cols, da, dx, dy, y] = planMatvec(a, x, options);
  await kernels().matvecAsync(trans, rows, cols, da, dx, dy);
  return y;
}

/** The permutation transpose applies: `axes` checked, or every axis reversed. */
function permutation(ndim: number, axes: unknown): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => ndim - 1 - i);
  if (!Array.isArray(axes) || axes.length !== ndim) {
    throw (Array.isArray(axes) ? rangeError : typeError)(`Expected a permutation of the ${ndim} axes for transpose axes but received ${describe(axes)}`);
  }
  const perm = axes.map((a, i) => expectAxis(a, ndim, `transpose axes[${i}]`));
  if (new Set(perm).size !== ndim) throw rangeError(`Expected a permutation of the ${ndim} axes for transpose axes but received ${describe(axes)}`);
  return perm;
}

/** out = x with its axes permuted (a strided copy, for ranks and dtypes the transpose kernel does not cover). */
function permute<A extends NumericArray>(x: A, shape: readonly number[], perm: readonly number[], out: A): void {
  const ndim = shape.length;
  const strides = new Array<number>(ndim);
  for (let d = ndim - 1, s = 1; d >= 0; s *= shape[d], d--) strides[d] = s;
  const dims = perm.map((p) => shape[p]);
  const step = perm.map((p) => strides[p]);
  const index = new Array<number>(ndim).fill(0);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x[src];
    for (let d = ndim - 1; d >= 0; d--) {
      src += step[d];
      if (++index[d] < dims[d]) break;
      src -= step[d] * index[d];
      index[d] = 0;
    }
  }
}

/**
 * Permutes the axes (numpy.transpose): without `axes` they are reversed, so a 2-d tensor gives its transpose and a
 * 1-d one itself. Always a copy (a 2-d float tensor through the blocked transpose kernel).
 * @param x - a tensor
 * @param axes - a permutation of [0, ndim) (negative axes count from the end); default reversed
 * @returns a new tensor whose axis i is x's axis axes[i]
 * @throws TypeError for a non-tensor or non-array axes; RangeError for axes that are not a permutation
 * @example transpose(Tensor.from([[1, 2, 3]])).shape // [3, 1]
 * @example transpose(Tensor.zeros([2, 3, 4]), [1, 0, 2]).shape // [3, 2, 4]
 */
export function transpose<D extends DType>(x: Tensor<D>, axes?: readonly number[]): Tensor<D> {
  expectTensor(x, 'transpose argument x');
  const perm = permutation(x.ndim, axes);
  const shape = perm.map((p) => x.shape[p]);
  const out = allocateOutput(x.dtype, x.size);
  if (perm.every((p, i) => p === i)) kernels().copy(x.data, out);
  else if (x.ndim === 2 && (x.dtype === 'float32' || x.dtype === 'float64')) kernels().transpose(x.shape[0], x.shape[1], x.data as FloatArray, out as FloatArray);
  else permute(x.data, x.shape, perm, out);
  return trustedTensor(out, shape, x.dtype);
}

/**
 * Outer product of two 1-d tensors: out[i, j] = a[i] * b[j].
 * @param a - 1-d, length m
 * @param b - 1-d, length n
 * @returns an m x n tensor
 * @throws RangeError for non-1-d inputs
 * @example outer(Tensor.from([1, 2]), Tensor.from([3, 4])) // [[3, 4], [6, 8]]
 */
export function outer<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<PromotedDTypeOf<A, B>> {
  expectTensor(a, 'outer argument a');
  expectTensor(b, 'outer argument b');
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw rangeError(`Expected two 1-d tensors for outer but received ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const dtype = promote(a.dtype, b.dtype);
  const out = allocateOutput(dtype, a.size * b.size);
  kernels().outer(floatData(a, dtype), floatData(b, dtype), out);
  return trustedTensor(out, [a.size, b.size]) as Tensor as Tensor<PromotedDTypeOf<A, B>>;
}

/** Options of {@link softmax} and {@link logSoftmax}. */
export interface SoftmaxOptions {
  /** The axis normalized (default -1, the last). */
  axis?: number;
}

/** Softmax over `axis`: the last axis runs directly; another is moved last by a blocked transpose and back. */
function softmaxAlong(name: string, x: Tensor, options: SoftmaxOptions | undefined, log: number) {
  const opts = expectOptions<SoftmaxOptions>(options, `${name} options`, { axis: true });
  expectTensor(x, `${name} argument x`);
  if (x.ndim === 0) throw rangeError(`Expected a tensor with at least 1 dimension for ${name} but received a 0-d tensor`);
  const axis = expectAxis(opts.axis ?? -1, x.ndim, `${name} options.axis`);
  const dtype = floatOf(x.dtype);
  const data = floatData(x, dtype);
  const len = x.shape[axis];
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const outer = x.size / ((len * inner) || 1);
  return { dtype, data, len, inner, outer, shape: x.shape, log };
}

function moveAxisLast(data: FloatArray, outer: number, len: number, inner: number, toLast: boolean): FloatArray {
  const out = allocateOutput(data instanceof Float32Array ? 'float32' : 'float64', data.length);
  const block = len * inner;
  const k = kernels();
  for (let o = 0; o < outer; o++) {
    const src = data.subarray(o * block, (o + 1) * block);
    const dst = out.subarray(o * block, (o + 1) * block);
    if (toLast) k.transpose(len, inner, src, dst);
    else k.transpose(inner, len, src, dst);
  }
  return out;
}

function runSoftmax(p: ReturnType<typeof softmaxAlong>): Tensor {
  const k = kernels();
  const out = allocateOutput(p.dtype, p.data.length);
  if (p.data.length === 0) return trustedTensor(out, p.shape);
  if (p.inner === 1) {
    k.softmaxRows(p.outer, p.len, p.data, out, p.log);
    return trustedTensor(out, p.shape);
  }
  const moved = moveAxisLast(p.data, p.outer, p.len, p.inner, true);
  k.softmaxRows(p.outer * p.inner, p.len, moved, moved, p.log);
  return trustedTensor(moveAxisLast(moved, p.outer, p.len, p.inner, false), p.shape);
}

/**
 * Numerically stable softmax along an axis (default the last): exp(x - max) / sum(exp(x - max)).
 * @param x - a tensor with at least 1 dimension
 * @param options - `axis`
 * @returns a tensor of x's shape whose slices along axis sum to 1
 * @throws RangeError for a 0-d tensor or a bad axis
 * @example softmax(Tensor.from([[0, 0]])) // [[0.5, 0.5]]
 */
export function softmax<D extends DType>(x: Tensor<D>, options?: SoftmaxOptions): Tensor<FloatDTypeOf<D>> {
  return runSoftmax(softmaxAlong('softmax', x, options, 0)) as Tensor<FloatDTypeOf<D>>;
}

/**
 * Numerically stable log-softmax along an axis (default the last): x - max - log(sum(exp(x - max))).
 * @param x - a tensor with at least 1 dimension
 * @param options - `axis`
 * @returns a tensor of x's shape
 * @throws RangeError for a 0-d tensor or a bad axis
 * @example logSoftmax(Tensor.from([0, 0])) // [-0.693..., -0.693...]
 */
export function logSoftmax<D extends DType>(x: Tensor<D>, options?: SoftmaxOptions): Tensor<FloatDTypeOf<D>> {
  return runSoftmax(softmaxAlong('logSoftmax', x, options, 1)) as Tensor<FloatDTypeOf<D>>;
}

/**
 * {@link softmax} over the last axis, off the event loop, on a copy of x made at the call (as {@link matmulAsync}).
 * @param x - a tensor with at least 1 dimension
 * @returns a Promise of the softmax along the last axis
 * @throws (as a rejection) RangeError for a 0-d tensor; TruenoError ERR_TRUENO_DETACHED for a detached tensor
 * @example const p = await softmaxAsync(logits);
 */
export async function softmaxAsync(x: Tensor): Promise<Tensor> {
  const p = softmaxAlong('softmaxAsync', x, undefined, 0);
  const out = allocateOutput(p.dtype, p.data.length);
  if (out.length > 0) await kernels().softmaxRowsAsync(p.outer, p.len, p.data, out, 0);
  return trustedTensor(out, p.shape);
}

function planPdist(x: Tensor, y: Tensor | undefined) {
  expectTensor(x, 'pairwiseSqDist argument x');
  const other = y === undefined ? x : expectTensor(y, 'pairwiseSqDist argument y');
  if (x.ndim !== 2 || other.ndim !== 2 || x.shape[1] !== other.shape[1]) {
    throw rangeError(`Expected two 2-d tensors with the same number of columns for pairwiseSqDist but received ${formatShape(x.shape)} and ${formatShape(other.shape)}`);
  }
  const dtype = promote(x.dtype, other.dtype);
  const dx = floatData(x, dtype);
  const dy = other === x ? dx : floatData(other, dtype);
  const [n, d] = x.shape;
  const m = other.shape[0];
  const out = trustedTensor(allocateOutput(dtype, n * m), [n, m]);
  return [n, m, d, dx, dy, out.data as FloatArray, out] as const;
}

/**
 * Squared Euclidean distances between the rows of x and the rows of y (or of x with itself), computed as
 * scikit-learn's euclidean_distances does (|x|² + |y|² - 2 x·y through gemm, clamped at 0; exactly 0 on the diagonal of
 * x with itself, even for a row holding NaN; NaN for any other pair involving a NaN). The kernel of kNN and k-means.
 *
 * Accuracy, as scikit-learn states for euclidean_distances: the expansion computes in float64 (float32 input is
 * upcast) and is off by at most about 4 (d + 4) eps64 (|x|² + |y|²) per element (the conformance tolerance), so a
 * distance is exact to ~1e-12 relative to the rows' squared norms (then rounded to float32 for float32 input) but not
 * to itself: two near-identical rows far from the origin can get a distance of 0 or with few correct digits. Where
 * such small distances must be exact, centre the data first (distances do not change, the norms shrink) or compute
 * them from the differences (`sub`, then a sum of squares), which is what the js backend's reference does.
 * @param x - n x d
 * @param y - m x d (default x)
 * @returns an n x m tensor
 * @throws RangeError when the column counts differ or an input is not 2-d
 * @example pairwiseSqDist(Tensor.from([[0, 0], [3, 4]])) // [[0, 25], [25, 0]]
 */
export function pairwiseSqDist<A extends DType, B extends DType = A>(x: Tensor<A>, y?: Tensor<B>): Tensor<PromotedDTypeOf<A, B>> {
  const [n, m, d, dx, dy, dout, out] = planPdist(x, y);
  kernels().pdist2(n, m, d, dx, dy, dout);
  return out as Tensor<PromotedDTypeOf<A, B>>;
}

/**
 * {@link pairwiseSqDist} off the event loop, on copies of x and y made at the call (as {@link matmulAsync}).
 * @param x - n x d
 * @param y - m x d (default x)
 * @returns a Promise of the n x m distances
 * @throws (as a rejection) RangeError for mismatched shapes; TruenoError ERR_TRUENO_DETACHED for a detached tensor
 * @example const d2 = await pairwiseSqDistAsync(queries, train);
 */
export async function pairwiseSqDistAsync(x: Tensor, y?: Tensor): Promise<Tensor> {
  const [n, m, d, dx, dy, dout, out] = planPdist(x, y);
  await kernels().pdist2Async(n, m, d, dx, dy, dout);
  return out;
}

// the Tensor methods of the same names forward here (tensor-methods.ts cannot import this module: it imports Tensor)
registerTensorOps({ matmul, transpose, softmax, logSoftmax });
