/** Joining tensors: concat (numpy.concatenate, tf.concat) and stack (numpy.stack, tf.stack). Both copy. */
import { arithmeticDType, type DType } from '../dtype';
import { describe, rangeError, typeError } from '../errors';
import { kernels } from '../backend/loader';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectAxis, expectOptions } from '../validate';
import { allocateOutput, dataAs, formatShape } from './operands';
import { registerTensorOps } from '../tensor-methods';

/** Options of {@link concat} and {@link stack}. */
export interface JoinOptions {
  /** The axis joined along (concat) or inserted (stack); negative counts from the end. Default 0. */
  axis?: number;
}

function expectTensors(values: unknown, name: string): Tensor[] {
  if (!Array.isArray(values)) throw typeError(`Expected an array of tensors for ${name} but received ${describe(values)}`);
  if (values.length === 0) throw rangeError(`Expected at least one tensor for ${name} but received an empty array`);
  return values.map((t, i) => expectTensor(t, `${name}[${i}]`));
}

/** The dtype of a join: the one every input shares, else the arithmetic dtype of them all (numpy's result_type). */
function joinedDType(tensors: readonly Tensor[]): DType {
  return tensors.reduce<DType>((d, t) => (d === t.dtype ? d : arithmeticDType(d, t.dtype)), tensors[0].dtype);
}

/**
 * Joins tensors along an existing axis (numpy.concatenate): every shape equal except along `axis`. The dtype is the
 * one the inputs share, else their arithmetic dtype (int32 with float32 gives float64, as numpy). A copy.
 * @param tensors - a non-empty array of tensors with at least one dimension and the same number of dimensions
 * @param options - `axis` (default 0)
 * @returns a new tensor
 * @throws TypeError for a non-array or a non-tensor element; RangeError for an empty array, 0-d tensors, different
 *   ranks, shapes that differ off the axis, or an axis out of range
 * @example concat([Tensor.from([[1, 2]]), Tensor.from([[3, 4]])]).toArray() // [[1, 2], [3, 4]]
 */
export function concat<D extends DType>(tensors: readonly Tensor<D>[], options?: JoinOptions): Tensor<D>;
export function concat(tensors: readonly Tensor[], options?: JoinOptions): Tensor;
export function concat(tensors: readonly Tensor[], options?: JoinOptions): Tensor {
  const opts = expectOptions<JoinOptions>(options, 'concat options', { axis: true });
  const list = expectTensors(tensors, 'concat tensors');
  const first = list[0];
  if (first.ndim === 0) throw rangeError('Expected tensors with at least one dimension for concat but received a 0-d tensor');
  const axis = expectAxis(opts.axis ?? 0, first.ndim, 'concat options.axis');
  let total = 0;
  list.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((d, j) => j !== axis && d !== first.shape[j])) {
      throw rangeError(`Expected shapes equal off axis ${axis} for concat but received ${formatShape(first.shape)} and ${formatShape(t.shape)} (tensors[${i}])`);
    }
    total += t.shape[axis];
  });
  const dtype = joinedDType(list);
  const outer = first.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = first.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const shape = first.shape.map((d, j) => (j === axis ? total : d));
  const out = allocateOutput(dtype, outer * total * inner);
  let offset = 0;
  for (const t of list) {
    const block = t.shape[axis] * inner;
    if (block > 0 && outer > 0) kernels().copyBlocks(dataAs(t, dtype), outer, block, out, total * inner, offset);
    offset += block;
  }
  return trustedTensor(out, shape, dtype);
}

/**
 * Joins same-shape tensors along a new axis (numpy.stack): stack of n tensors of shape s along axis a has shape s with
 * n inserted at a. The dtype as {@link concat}. A copy.
 * @param tensors - a non-empty array of tensors of one shape
 * @param options - `axis` in [-(ndim + 1), ndim] (default 0)
 * @returns a new tensor
 * @throws TypeError for a non-array or a non-tensor element; RangeError for an empty array, different shapes or an
 *   axis out of range
 * @example stack([Tensor.from([1, 2]), Tensor.from([3, 4])], { axis: 1 }).toArray() // [[1, 3], [2, 4]]
 */
export function stack<D extends DType>(tensors: readonly Tensor<D>[], options?: JoinOptions): Tensor<D>;
export function stack(tensors: readonly Tensor[], options?: JoinOptions): Tensor;
export function stack(tensors: readonly Tensor[], options?: JoinOptions): Tensor {
  const opts = expectOptions<JoinOptions>(options, 'stack options', { axis: true });
  const list = expectTensors(tensors, 'stack tensors');
  const shape = list[0].shape;
  list.forEach((t, i) => {
    if (t.ndim !== shape.length || t.shape.some((d, j) => d !== shape[j])) {
      throw rangeError(`Expected tensors of one shape for stack but received ${formatShape(shape)} and ${formatShape(t.shape)} (tensors[${i}])`);
    }
  });
  const axis = expectAxis(opts.axis ?? 0, shape.length + 1, 'stack options.axis');
  const expanded = [...shape.slice(0, axis), 1, ...shape.slice(axis)];
  return concat(list.map((t) => t.reshape(expanded)), { axis });
}

// the Tensor methods of the same names forward here (tensor-methods.ts cannot import this module: it imports Tensor)
registerTensorOps({ concat });
