/** Reductions over a whole tensor or along one axis: sum, mean, variance, std, min, max, argmin, argmax, norm, dot. */
import { allocate, floatOf, isFloat, promote, type DType, type FloatArray, type FloatDTypeOf, type SumDTypeOf } from '../dtype';
import { describe, rangeError } from '../errors';
import { INDEX_REDUCE_OPS, INT_REDUCE_OPS, ReduceOp, UnaryOp, type ReduceOpName } from '../backend/kernels';
import { kernels } from '../backend/loader';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectAxis, expectBoolean, expectInteger, expectOptions } from '../validate';
import type { OptionKeys } from '../../common/validate';
import { allocateOutput, dataAs, formatShape } from './operands';
import { registerTensorOps } from '../tensor-methods';

/** Options of the reductions. */
export interface ReduceOptions {
  /** Reduce along this axis only (negative counts from the end); omitted: the whole tensor to one number. */
  axis?: number;
  /** Keep the reduced axis with length 1 (numpy keepdims). Default false. */
  keepDims?: boolean;
}

/** Options of {@link variance} and {@link std}. */
export interface VarianceOptions extends ReduceOptions {
  /** Delta degrees of freedom: divide by n - ddof (numpy's ddof; 1 gives the unbiased estimate). Default 0. */
  ddof?: number;
}

/** Options of {@link norm}. */
export interface NormOptions extends ReduceOptions {
  /** 1, 2 (default) or Infinity. */
  ord?: 1 | 2 | number;
}

const ORDER_EMPTY_FORBIDDEN = new Set<number>([ReduceOp.min, ReduceOp.max, ReduceOp.argmin, ReduceOp.argmax]);
const INDEX_OPS = new Set<number>(INDEX_REDUCE_OPS.map((name) => ReduceOp[name]));
const INT_OPS = new Set<number>(INT_REDUCE_OPS.map((name) => ReduceOp[name]));

/**
 * The dtype a reduction reads its input in and the dtype of its result, as numpy: integer and bool input keeps its
 * dtype for the ops with integer kernels (sum -> int64, min/max -> the input dtype) and computes in float64 otherwise
 * (mean, variance, norms); indices are int32.
 */
function reductionDTypes(op: number, dtype: DType): { input: DType; result: DType } {
  const input = isFloat(dtype) || !INT_OPS.has(op) ? floatOf(dtype) : dtype;
  const result = INDEX_OPS.has(op) ? 'int32' : op === ReduceOp.sum && !isFloat(input) ? 'int64' : input;
  return { input, result };
}

const REDUCE_OPTIONS: OptionKeys<ReduceOptions> = { axis: true, keepDims: true };
const VARIANCE_OPTIONS: OptionKeys<VarianceOptions> = { ...REDUCE_OPTIONS, ddof: true };
const NORM_OPTIONS: OptionKeys<NormOptions> = { ...REDUCE_OPTIONS, ord: true };

function reduce(name: string, op: number, x: Tensor, options: VarianceOptions | undefined, keys: OptionKeys<VarianceOptions> | OptionKeys<ReduceOptions> = REDUCE_OPTIONS): number | Tensor {
  const opts = expectOptions<VarianceOptions>(options, `${name} options`, keys as OptionKeys<VarianceOptions>);
  expectTensor(x, `${name} argument x`);
  const ddof = opts.ddof === undefined ? 0 : expectInteger(opts.ddof, `${name} options.ddof`);
  const keepDims = opts.keepDims === undefined ? false : expectBoolean(opts.keepDims, `${name} options.keepDims`);
  const { input, result } = reductionDTypes(op, x.dtype);
  const data = dataAs(x, input);
  if (opts.axis === undefined) {
    if (x.size === 0 && ORDER_EMPTY_FORBIDDEN.has(op)) {
      throw rangeError(`Expected a non-empty tensor for ${name} but received shape ${formatShape(x.shape)}`);
    }
    if (isFloat(input)) return kernels().reduce(op, data as FloatArray, ddof);
    // integer input: one axis reduction over everything gives the exact integer (a number, exact up to 2^53)
    const one = allocate(result, 1);
    kernels().reduceAxis(op, data, 1, x.size, 1, ddof, one);
    return Number(one[0]);
  }
  if (x.ndim === 0) throw rangeError(`Expected a tensor with at least one dimension for ${name} options.axis but received a 0-d tensor`);
  const axis = expectAxis(opts.axis, x.ndim, `${name} options.axis`);
  const len = x.shape[axis];
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  if (len === 0 && ORDER_EMPTY_FORBIDDEN.has(op) && outer * inner > 0) {
    throw rangeError(`Expected a non-empty axis ${axis} for ${name} but received shape ${formatShape(x.shape)}`);
  }
  const shape = keepDims ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
  const out = allocateOutput(result, outer * inner);
  if (out.length > 0) kernels().reduceAxis(op, data, outer, len, inner, ddof, out);
  return trustedTensor(out, shape, result);
}

function makeReduction(name: ReduceOpName) {
  return (x: Tensor, options?: ReduceOptions) => reduce(name, ReduceOp[name], x, options);
}

/** A reduction's result: a number without `axis`, a Tensor of dtype `R` with it. */
export type Reduced<O, R extends DType = DType> = O extends { axis: number } ? Tensor<R> : number;

/** The signature of a reduction whose `axis` result has dtype `R<D>` for input dtype `D`. */
type Reduction<Kind extends 'sum' | 'float' | 'same' | 'index'> = <D extends DType, O extends ReduceOptions = ReduceOptions>(
  x: Tensor<D>, options?: O,
) => Reduced<O, ResultDType<Kind, D>>;
type ResultDType<Kind, D extends DType> =
  Kind extends 'sum' ? SumDTypeOf<D> : Kind extends 'float' ? FloatDTypeOf<D> : Kind extends 'same' ? D : 'int32';

/**
 * Sum of the elements (f32 input accumulates in higher precision), whole or along `axis`.
 * @param x - a tensor
 * @param options - `axis`, `keepDims`
 * @returns a number, or a tensor when `axis` is given
 * @throws TypeError for a non-tensor; RangeError for an axis out of range
 * @example sum(Tensor.from([[1, 2], [3, 4]]), { axis: 0 }) // [4, 6]
 */
export const sum = makeReduction('sum') as Reduction<'sum'>;
/**
 * Arithmetic mean (NaN for an empty tensor), whole or along `axis`.
 * @param x - a tensor
 * @param options - `axis`, `keepDims`
 * @returns a number, or a tensor when `axis` is given
 * @throws TypeError / RangeError as {@link sum}
 * @example mean(Tensor.from([1, 2, 3])) // 2
 */
export const mean = makeReduction('mean') as Reduction<'float'>;
/**
 * Smallest element (NaN if any element is NaN, as numpy), whole or along `axis`.
 * @param x - a non-empty tensor
 * @param options - `axis`, `keepDims`
 * @returns a number, or a tensor when `axis` is given
 * @throws RangeError for an empty tensor or bad axis
 * @example min(Tensor.from([3, 1, 2])) // 1
 */
export const min = makeReduction('min') as Reduction<'same'>;
/**
 * Largest element (NaN if any element is NaN), whole or along `axis`.
 * @param x - a non-empty tensor
 * @param options - `axis`, `keepDims`
 * @returns a number, or a tensor when `axis` is given
 * @throws RangeError for an empty tensor or bad axis
 * @example max(Tensor.from([3, 1, 2])) // 3
 */
export const max = makeReduction('max') as Reduction<'same'>;
/**
 * Index of the first smallest element (of the first NaN if any), flat or along `axis` (an int32 tensor).
 * @param x - a non-empty tensor
 * @param options - `axis`, `keepDims`
 * @returns a number, or an int32 tensor when `axis` is given
 * @throws RangeError for an empty tensor or bad axis
 * @example argmin(Tensor.from([3, 1, 1])) // 1
 */
export const argmin = makeReduction('argmin') as Reduction<'index'>;
/**
 * Index of the first largest element (of the first NaN if any), flat or along `axis` (an int32 tensor).
 * @param x - a non-empty tensor
 * @param options - `axis`, `keepDims`
 * @returns a number, or an int32 tensor when `axis` is given
 * @throws RangeError for an empty tensor or bad axis
 * @example argmax(Tensor.from([[1, 5], [7, 2]]), { axis: 1 }) // [1, 0]
 */
export const argmax = makeReduction('argmax') as Reduction<'index'>;

/**
 * Variance, two-pass: sum((x - mean)^2) / (n - ddof), whole or along `axis`.
 * @param x - a tensor
 * @param options - `axis`, `keepDims`, `ddof` (default 0)
 * @returns a number, or a tensor when `axis` is given
 * @throws TypeError / RangeError for bad arguments
 * @example variance(Tensor.from([1, 2, 3, 4]), { ddof: 1 }) // 1.6666666666666667
 */
export function variance<D extends DType, O extends VarianceOptions = VarianceOptions>(x: Tensor<D>, options?: O): Reduced<O, FloatDTypeOf<D>> {
  return reduce('variance', ReduceOp.variance, x, options, VARIANCE_OPTIONS) as Reduced<O, FloatDTypeOf<D>>;
}

/**
 * Standard deviation: sqrt of {@link variance}.
 * @param x - a tensor
 * @param options - `axis`, `keepDims`, `ddof`
 * @returns a number, or a tensor when `axis` is given
 * @throws TypeError / RangeError for bad arguments
 * @example std(Tensor.from([1, 3])) // 1
 */
export function std<D extends DType, O extends VarianceOptions = VarianceOptions>(x: Tensor<D>, options?: O): Reduced<O, FloatDTypeOf<D>> {
  const v = reduce('std', ReduceOp.variance, x, options, VARIANCE_OPTIONS);
  if (typeof v === 'number') return Math.sqrt(v) as Reduced<O, FloatDTypeOf<D>>;
  kernels().unary(UnaryOp.sqrt, v.data as FloatArray, v.data as FloatArray);
  return v as Reduced<O, FloatDTypeOf<D>>;
}

/**
 * Vector norm: L1 (ord 1), L2 (ord 2, default) or max-abs (ord Infinity), whole or along `axis`.
 * @param x - a tensor
 * @param options - `ord`, `axis`, `keepDims`
 * @returns a number, or a tensor when `axis` is given
 * @throws RangeError for an ord other than 1, 2 or Infinity
 * @example norm(Tensor.from([3, 4])) // 5
 */
export function norm<D extends DType, O extends NormOptions = NormOptions>(x: Tensor<D>, options?: O): Reduced<O, FloatDTypeOf<D>> {
  const opts = expectOptions<NormOptions>(options, 'norm options', NORM_OPTIONS);
  const ord = opts.ord ?? 2;
  const op = ord === 1 ? ReduceOp.norm1 : ord === 2 ? ReduceOp.norm2 : ord === Infinity ? ReduceOp.normInf : undefined;
  if (op === undefined) throw rangeError(`Expected 1, 2 or Infinity for norm options.ord but received ${describe(ord)}`);
  return reduce('norm', op, x, { axis: opts.axis, keepDims: opts.keepDims }) as Reduced<O, FloatDTypeOf<D>>;
}

/**
 * Inner product of two 1-d tensors of equal length.
 * @param a - a 1-d tensor
 * @param b - a 1-d tensor with a's length
 * @returns the sum of a[i] * b[i]
 * @throws TypeError for non-tensors; RangeError for non-1-d or different lengths
 * @example dot(Tensor.from([1, 2]), Tensor.from([3, 4])) // 11
 */
export function dot(a: Tensor, b: Tensor): number {
  expectTensor(a, 'dot argument a');
  expectTensor(b, 'dot argument b');
  if (a.ndim !== 1 || b.ndim !== 1 || a.size !== b.size) {
    throw rangeError(`Expected two 1-d tensors of equal length for dot but received ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const dtype = promote(a.dtype, b.dtype);
  return kernels().dot(dataAs(a, dtype) as FloatArray, dataAs(b, dtype) as FloatArray);
}

// the Tensor methods of the same names forward here (tensor-methods.ts cannot import this module: it imports Tensor)
registerTensorOps({ sum, mean, min, max, argmin, argmax, variance, std, norm, dot });
