/** Counting: bincount (numpy.bincount), the histogram of small non-negative integers (labels, node degrees). */
import { allocate } from '../dtype';
import { describe, rangeError, typeError } from '../errors';
import { kernels } from '../backend/loader';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectInteger, expectOptions, MAX_ELEMENTS } from '../validate';
import { floatData, formatShape } from './operands';
import { max, min } from './reduce';

/** Options of {@link bincount}. */
export interface BincountOptions {
  /** At least this many bins (default 0): the result has max(minlength, max(x) + 1) entries. */
  minlength?: number;
  /** One weight per element of x (any dtype, computed in float64): the result then holds weight sums, float64. */
  weights?: Tensor;
}

const EMPTY = new Float64Array(0);

/**
 * Counts the occurrences of each value of a 1-d tensor of non-negative integers, as numpy.bincount: entry v of the
 * result is the number of elements equal to v (int64), or with `weights` the sum of their weights (float64).
 * @param x - a 1-d int32, int64, uint8 or bool tensor of values >= 0
 * @param options - `minlength` (the least result length), `weights` (a 1-d tensor with x's length)
 * @returns a 1-d int64 tensor of counts, or float64 of weight sums, of length max(minlength, max(x) + 1)
 * @throws TypeError for a non-tensor, a float x or a bad option type; RangeError for a negative value, x not 1-d,
 *   weights of another shape, or a result longer than 2^31 - 1 entries
 * @example bincount(Tensor.from([0, 1, 1, 3], undefined, 'int32')).toArray() // [1n, 2n, 0n, 1n]
 */
export function bincount(x: Tensor, options?: BincountOptions): Tensor<'int64' | 'float64'> {
  const opts = expectOptions<BincountOptions>(options, 'bincount options', { minlength: true, weights: true });
  expectTensor(x, 'bincount argument x');
  if (x.dtype !== 'int32' && x.dtype !== 'int64' && x.dtype !== 'uint8' && x.dtype !== 'bool') {
    throw typeError(`Expected an int32, int64, uint8 or bool tensor for bincount argument x but received ${x.dtype}`);
  }
  if (x.ndim !== 1) throw rangeError(`Expected a 1-d tensor for bincount argument x but received shape ${formatShape(x.shape)}`);
  const minlength = opts.minlength === undefined ? 0 : expectInteger(opts.minlength, 'bincount options.minlength', 0, MAX_ELEMENTS);
  if (opts.weights !== undefined) {
    expectTensor(opts.weights, 'bincount options.weights');
    if (opts.weights.ndim !== 1 || opts.weights.size !== x.size) {
      throw rangeError(`Expected weights of shape ${formatShape(x.shape)} for bincount options.weights but received ${formatShape(opts.weights.shape)}`);
    }
  }
  if (x.size > 0 && min(x) < 0) throw rangeError(`Expected non-negative values for bincount argument x but received ${describe(min(x))}`);
  const bins = Math.max(minlength, x.size > 0 ? max(x) + 1 : 0);
  if (bins > MAX_ELEMENTS) throw rangeError(`Expected at most ${MAX_ELEMENTS} bins for bincount but received ${bins} (max(x) + 1)`);
  const data = x.data as Int32Array | BigInt64Array | Uint8Array;
  if (opts.weights === undefined) {
    const counts = allocate('int64', bins);
    kernels().bincount(data, EMPTY, counts, 0);
    return trustedTensor(counts, [bins], 'int64');
  }
  const sums = allocate('float64', bins);
  kernels().bincount(data, floatData(opts.weights, 'float64') as Float64Array, sums, 1);
  return trustedTensor(sums, [bins], 'float64');
}
