/** Ops along one axis that keep its length: cumsum (numpy.cumsum) and argsort (numpy.argsort, kind='stable'). */
import { isFloat, type DType, type SumDTypeOf } from '../dtype';
import { rangeError } from '../errors';
import { kernels } from '../backend/loader';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectAxis, expectOptions } from '../validate';
import { allocateOutput } from './operands';
import { registerTensorOps } from '../tensor-methods';

/** Options of {@link cumsum} and {@link argsort}. */
export interface AxisOptions {
  /** The axis (negative counts from the end). */
  axis?: number;
}

/** x's shape as outer x len x inner around `axis`. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  return [outer, shape[axis], inner];
}

/**
 * Cumulative sum along an axis (numpy.cumsum): without `axis`, of the flattened tensor (a 1-d result). float32 and
 * float64 add in order in their own dtype, as numpy; integer and bool tensors give int64 (wrapping past 2^63).
 * @param x - a tensor
 * @param options - `axis` (default: flatten)
 * @returns a new tensor of x's shape (1-d without axis)
 * @throws TypeError for a non-tensor; RangeError for an axis out of range
 * @example cumsum(Tensor.from([[1, 2], [3, 4]]), { axis: 0 }).toArray() // [[1, 2], [4, 6]]
 */
export function cumsum<D extends DType>(x: Tensor<D>, options?: AxisOptions): Tensor<SumDTypeOf<D>> {
  const opts = expectOptions<AxisOptions>(options, 'cumsum options', { axis: true });
  expectTensor(x, 'cumsum argument x');
  const flat = opts.axis === undefined;
  if (!flat && x.ndim === 0) throw rangeError('Expected a tensor with at least one dimension for cumsum options.axis but received a 0-d tensor');
  const shape = flat ? [x.size] : x.shape;
  const [outer, len, inner] = around(shape, flat ? 0 : expectAxis(opts.axis, x.ndim, 'cumsum options.axis'));
  const dtype = (isFloat(x.dtype) ? x.dtype : 'int64') as SumDTypeOf<D>;
  const out = allocateOutput(dtype, x.size);
  if (out.length > 0) kernels().cumsum(x.data, outer, len, inner, out);
  return trustedTensor(out, shape, dtype);
}

/**
 * Indices that sort x along an axis (numpy.argsort(x, axis, kind='stable')): ascending, equal elements in their
 * original order, NaN last, -0 equal to +0.
 * @param x - a tensor with at least one dimension
 * @param options - `axis` (default -1, the last)
 * @returns an int32 tensor of x's shape
 * @throws TypeError for a non-tensor; RangeError for a 0-d tensor or an axis out of range
 * @example argsort(Tensor.from([3, 1, 2])).toArray() // [1, 2, 0]
 */
export function argsort(x: Tensor, options?: AxisOptions): Tensor<'int32'> {
  const opts = expectOptions<AxisOptions>(options, 'argsort options', { axis: true });
  expectTensor(x, 'argsort argument x');
  if (x.ndim === 0) throw rangeError('Expected a tensor with at least one dimension for argsort argument x but received a 0-d tensor');
  const [outer, len, inner] = around(x.shape, expectAxis(opts.axis ?? -1, x.ndim, 'argsort options.axis'));
  const out = allocateOutput('int32', x.size);
  if (out.length > 0) kernels().argsort(x.data, outer, len, inner, out);
  return trustedTensor(out, x.shape, 'int32');
}

// the Tensor methods of the same names forward here (tensor-methods.ts cannot import this module: it imports Tensor)
registerTensorOps({ cumsum, argsort });
