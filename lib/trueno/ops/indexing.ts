/**
 * Indexing: gather (numpy.take / tf.gather), slice (numpy's basic slicing), row and get. A slice or row whose
 * elements are one contiguous run of the tensor's memory is a view (shares the memory, no copy); any other selection
 * is a copy made by the gather kernel.
 */
import type { DType, ElementOf } from '../dtype';
import { describe, rangeError, typeError } from '../errors';
import { kernels } from '../backend/loader';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectAxis, expectOptions } from '../validate';
import { allocateOutput, formatShape } from './operands';
import { registerTensorOps } from '../tensor-methods';

/** Options of {@link gather}. */
export interface GatherOptions {
  /** The axis indexed (negative counts from the end). Default 0. */
  axis?: number;
}

/**
 * What {@link slice} selects along one axis: a number picks one index (the axis is dropped), `null` or `undefined`
 * the whole axis, and `[start, stop, step]` a Python range (each part optional or null; negative start and stop count
 * from the end and are clamped as Python does; step a non-zero integer, default 1).
 */
export type SliceSpec = number | null | undefined | readonly [start?: number | null, stop?: number | null, step?: number | null];

/** The product of shape[from, to). */
function product(shape: readonly number[], from = 0, to = shape.length): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= shape[i];
  return p;
}

/** An index into an axis of length `len`, negative counting from the end. */
function expectIndex(value: unknown, len: number, name: string): number {
  if (typeof value !== 'number') throw typeError(`Expected an integer for ${name} but received ${describe(value)}`);
  if (!Number.isInteger(value) || value < -len || value >= len) {
    throw rangeError(`Expected an integer in [${-len}, ${len - 1}] for ${name} but received ${describe(value)}`);
  }
  return value < 0 ? value + len : value;
}

/** Gathers along one axis with checked, non-negative int32 indices (the gather kernel); `idxShape` replaces the axis. */
export function takeAlong<D extends DType>(x: Tensor<D>, axis: number, idx: Int32Array, idxShape: readonly number[]): Tensor<D> {
  const outer = product(x.shape, 0, axis);
  const inner = product(x.shape, axis + 1);
  const shape = [...x.shape.slice(0, axis), ...idxShape, ...x.shape.slice(axis + 1)];
  const out = allocateOutput(x.dtype, outer * idx.length * inner);
  if (out.length > 0) kernels().gather(x.data, outer, x.shape[axis], inner, idx, out);
  return trustedTensor(out, shape, x.dtype);
}

/** The indices of gather as checked int32 positions in [0, len), and their shape. */
function indexArray(indices: unknown, len: number): { idx: Int32Array; shape: readonly number[] } {
  if (Array.isArray(indices)) {
    const idx = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) idx[i] = expectIndex(indices[i], len, `gather indices[${i}]`);
    return { idx, shape: [indices.length] };
  }
  const t = expectTensor(indices, 'gather argument indices');
  if (t.dtype !== 'int32' && t.dtype !== 'int64' && t.dtype !== 'uint8') {
    throw typeError(`Expected an int32, int64 or uint8 tensor (or an array of integers) for gather argument indices but received ${t.dtype}`);
  }
  const idx = new Int32Array(t.size);
  const data = t.data;
  // One pass, no call per index: gathering a million rows is this loop plus one kernel call.
  for (let i = 0; i < t.size; i++) {
    const v = data[i];
    const n = typeof v === 'bigint' ? (v >= -BigInt(len) && v < BigInt(len) ? Number(v) : len) : v;
    const at = n < 0 ? n + len : n;
    if (!(at >= 0 && at < len)) throw rangeError(`Expected an integer in [${-len}, ${len - 1}] for gather indices[${i}] but received ${v}`);
    idx[i] = at;
  }
  return { idx, shape: t.shape };
}

/**
 * Takes elements along an axis by index (numpy.take(x, indices, axis), tf.gather): the result's shape is x's with the
 * axis replaced by the indices' shape. Negative indices count from the end. Always a copy.
 * @param x - a tensor with at least one dimension
 * @param indices - an int32 / int64 / uint8 tensor, or an array of integers
 * @param options - `axis` (default 0)
 * @returns a new tensor of x's dtype
 * @throws TypeError for a non-tensor x, float or non-integer indices; RangeError for an index or axis out of range
 * @example gather(Tensor.from([[1, 2], [3, 4], [5, 6]]), [2, 0]).toArray() // [[5, 6], [1, 2]]
 */
export function gather<D extends DType>(x: Tensor<D>, indices: Tensor | readonly number[], options?: GatherOptions): Tensor<D> {
  const opts = expectOptions<GatherOptions>(options, 'gather options', { axis: true });
  expectTensor(x, 'gather argument x');
  if (x.ndim === 0) throw rangeError('Expected a tensor with at least one dimension for gather argument x but received a 0-d tensor');
  const axis = expectAxis(opts.axis ?? 0, x.ndim, 'gather options.axis');
  const { idx, shape } = indexArray(indices, x.shape[axis]);
  return takeAlong(x, axis, idx, shape);
}

/** One axis of a slice: the first index, the step and the count selected, or a single index that drops the axis. */
interface AxisSelection {
  start: number;
  step: number;
  count: number;
  drop: boolean;
}

function selectAxis(spec: SliceSpec, len: number, axis: number): AxisSelection {
  if (spec === null || spec === undefined) return { start: 0, step: 1, count: len, drop: false };
  if (typeof spec === 'number') return { start: expectIndex(spec, len, `slice index of axis ${axis}`), step: 1, count: 1, drop: true };
  if (!Array.isArray(spec) || spec.length > 3) {
    throw typeError(`Expected a number, null or [start, stop, step] for slice axis ${axis} but received ${describe(spec)}`);
  }
  const part = (v: unknown, what: string): number | undefined => {
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'number') throw typeError(`Expected an integer or null for slice ${what} of axis ${axis} but received ${describe(v)}`);
    if (!Number.isInteger(v)) throw rangeError(`Expected an integer for slice ${what} of axis ${axis} but received ${describe(v)}`);
    return v;
  };
  const step = part(spec[2], 'step') ?? 1;
  if (step === 0) throw rangeError(`Expected a non-zero step for slice axis ${axis} but received 0`);
  // Python's slice.indices: negative positions count from the end, then clamp to the axis.
  const clamp = (v: number | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    const p = v < 0 ? v + len : v;
    return step > 0 ? Math.min(Math.max(p, 0), len) : Math.min(Math.max(p, -1), len - 1);
  };
  const start = clamp(part(spec[0], 'start'), step > 0 ? 0 : len - 1);
  const stop = clamp(part(spec[1], 'stop'), step > 0 ? len : -1);
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start: count === 0 ? 0 : start, step, count, drop: false };
}

/**
 * The offset of the selected elements when they are one contiguous run of x's memory: every axis before some axis k
 * selects one index, axis k a step-1 range, every later axis all of it. Otherwise undefined.
 */
function contiguousOffset(shape: readonly number[], sel: readonly AxisSelection[]): number | undefined {
  let k = 0;
  while (k < sel.length && sel[k].count === 1) k++;
  for (let d = k + 1; d < sel.length; d++) if (sel[d].count !== shape[d] || sel[d].step !== 1) return undefined;
  if (k < sel.length && sel[k].step !== 1 && sel[k].count > 1) return undefined;
  let offset = 0;
  for (let d = 0; d < sel.length; d++) offset = offset * shape[d] + (d <= k ? sel[d].start : 0);
  return offset;
}

/**
 * numpy's basic slicing, x[s0, s1, ...]: one {@link SliceSpec} per leading axis (later axes are kept whole). A number
 * picks one index and drops the axis; `[start, stop, step]` is a Python range. When the selection is one contiguous
 * run of x's memory (leading single indices, then a step-1 range, then whole axes: rows, row ranges, a row's columns
 * range) the result is a view sharing x's memory, as numpy's; otherwise a copy.
 * @param x - a tensor
 * @param specs - what to take along each leading axis
 * @returns a view or a new tensor
 * @throws TypeError for a malformed spec; RangeError for more specs than axes, an index out of range or a zero step
 * @example
 * const m = Tensor.arange(12).reshape([3, 4]);
 * slice(m, [1, 3]).shape         // [2, 4], a view of rows 1 and 2
 * slice(m, null, [0, 4, 2]).shape // [3, 2], a copy of columns 0 and 2
 * slice(m, 2, [null, null, -1])  // row 2 reversed
 */
export function slice<D extends DType>(x: Tensor<D>, ...specs: SliceSpec[]): Tensor<D> {
  expectTensor(x, 'slice argument x');
  if (specs.length > x.ndim) {
    throw rangeError(`Expected at most ${x.ndim} slice specs for a tensor of shape ${formatShape(x.shape)} but received ${specs.length}`);
  }
  const sel = x.shape.map((len, d) => selectAxis(specs[d], len, d));
  const shape = sel.filter((s) => !s.drop).map((s) => s.count);
  const size = product(shape);
  const offset = contiguousOffset(x.shape, sel);
  if (offset !== undefined) return trustedTensor(x.data.subarray(offset, offset + size) as typeof x.data, shape, x.dtype);
  let y: Tensor<D> = x;
  for (let d = 0; d < sel.length; d++) {
    const s = sel[d];
    if (s.count === x.shape[d] && s.step === 1) continue;
    const idx = new Int32Array(s.count);
    for (let i = 0; i < s.count; i++) idx[i] = s.start + i * s.step;
    y = takeAlong(y, d, idx, [s.count]);
  }
  return y.reshape(shape);
}

/**
 * Row i of x (x[i]): a view sharing x's memory with x's shape less its first axis.
 * @param x - a tensor with at least one dimension
 * @param i - the row, negative counting from the end
 * @returns the view
 * @throws TypeError for a non-integer index; RangeError for a 0-d tensor or an index out of range
 * @example row(Tensor.from([[1, 2], [3, 4]]), -1).toArray() // [3, 4]
 */
export function row<D extends DType>(x: Tensor<D>, i: number): Tensor<D> {
  expectTensor(x, 'row argument x');
  if (x.ndim === 0) throw rangeError('Expected a tensor with at least one dimension for row argument x but received a 0-d tensor');
  return slice(x, expectIndex(i, x.shape[0], 'row index'));
}

/**
 * One element, x[i, j, ...], with one index per axis (negative counting from the end).
 * @param x - a tensor
 * @param indices - x.ndim integers
 * @returns the element: a number, or a bigint for int64 (0 or 1 for bool)
 * @throws TypeError for a non-integer index; RangeError for the wrong number of indices or one out of range
 * @example get(Tensor.from([[1, 2], [3, 4]]), 1, 0) // 3
 */
export function get<D extends DType>(x: Tensor<D>, ...indices: number[]): ElementOf<D> {
  expectTensor(x, 'get argument x');
  if (indices.length !== x.ndim) {
    throw rangeError(`Expected ${x.ndim} indices (one per axis of ${formatShape(x.shape)}) for get but received ${indices.length}`);
  }
  let offset = 0;
  for (let d = 0; d < x.ndim; d++) offset = offset * x.shape[d] + expectIndex(indices[d], x.shape[d], `get index ${d}`);
  return x.data[offset] as ElementOf<D>;
}

// the Tensor methods of the same names forward here (tensor-methods.ts cannot import this module: it imports Tensor)
registerTensorOps({ slice, row, get, gather });
