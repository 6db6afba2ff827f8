/** Comparisons to bool tensors (equal, notEqual, less, lessEqual, greater, greaterEqual) and where, with broadcasting. */
import { allocate, arithmeticDType, isFloat, type ArithmeticDTypeOf, type DType, type FloatDType, type NumericArray } from '../dtype';
import { describe, rangeError, typeError } from '../errors';
import { CompareOp } from '../backend/kernels';
import { kernels } from '../backend/loader';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { broadcastShape, broadcastTo } from './elementwise';
import { allocateOutput, dataAs, formatShape } from './operands';
import { registerTensorOps } from '../tensor-methods';

type CompareName = keyof typeof CompareOp;
/** The op seen from the other side: a < b is b > a. */
const MIRRORED: Record<CompareName, CompareName> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const NAMES: Record<CompareName, string> = {
  eq: 'equal', ne: 'notEqual', lt: 'less', le: 'lessEqual', gt: 'greater', ge: 'greaterEqual',
};

/** Whether a JS number is exactly an element of `dtype` (so comparing in that dtype loses nothing). */
function holds(dtype: DType, v: number): boolean {
  if (isFloat(dtype)) return true;
  if (!Number.isInteger(v)) return false;
  // int64 holds every integral number below 2^63 exactly (as a bigint), so int64 tensors compare exactly with 2^60
  if (dtype === 'int64') return v >= -(2 ** 63) && v < 2 ** 63;
  return dtype === 'int32' ? v === (v | 0) : dtype === 'uint8' ? v >= 0 && v <= 255 : v === 0 || v === 1;
}

/**
 * The dtype `tensor op number` is computed in, numpy 2's weak scalars: the tensor's own dtype when it holds the number
 * exactly (a float tensor always: the number rounds to its precision), else float64.
 */
function scalarDType(dtype: DType, v: number): DType {
  return holds(dtype, v) ? dtype : 'float64';
}

/** A one-element array of `dtype` holding v. */
function scalarArray(dtype: DType, v: number): NumericArray {
  const a = allocate(dtype, 1);
  if (a instanceof BigInt64Array) a[0] = BigInt(v);
  else a[0] = v;
  return a;
}

function expectOperand(v: unknown, name: string): Tensor | number {
  if (typeof v === 'number') return v;
  return expectTensor(v, name);
}

/** The data of `t` in `dtype`, broadcast to `shape` (a copy only when it has to be). */
function operand(t: Tensor, dtype: DType, shape: readonly number[], size: number): NumericArray {
  const data = dataAs(t, dtype);
  return t.size === size ? data : broadcastTo(data, t.shape, shape, dtype);
}

function compare(op: CompareName, a: Tensor | number, b: Tensor | number): Tensor<'bool'> {
  const name = NAMES[op];
  expectOperand(a, `${name} argument a`);
  expectOperand(b, `${name} argument b`);
  if (typeof a === 'number' && typeof b === 'number') {
    throw typeError(`Expected at least one Tensor for ${name} arguments but received ${describe(a)} and ${describe(b)}`);
  }
  if (typeof a === 'number') return compare(MIRRORED[op], b, a);
  const k = kernels();
  if (typeof b === 'number') {
    const dtype = scalarDType(a.dtype, b);
    const out = allocateOutput('bool', a.size);
    if (out.length > 0) k.compare(CompareOp[op], dataAs(a, dtype), scalarArray(dtype, b), out);
    return trustedTensor(out, a.shape, 'bool');
  }
  const dtype = a.dtype === b.dtype ? a.dtype : arithmeticDType(a.dtype, b.dtype);
  const shape = broadcastShape(a.shape, b.shape);
  if (!shape) {
    throw rangeError(`Expected shapes that broadcast together for ${name} but received ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const size = shape.reduce((p, d) => p * d, 1);
  const out = allocateOutput('bool', size);
  if (size === 0) return trustedTensor(out, shape, 'bool');
  if (b.size === 1 && a.size === size) {
    k.compare(CompareOp[op], dataAs(a, dtype), dataAs(b, dtype), out);
  } else if (a.size === 1 && b.size === size) {
    k.compare(CompareOp[MIRRORED[op]], dataAs(b, dtype), dataAs(a, dtype), out);
  } else {
    k.compare(CompareOp[op], operand(a, dtype, shape, size), operand(b, dtype, shape, size), out);
  }
  return trustedTensor(out, shape, 'bool');
}

/** The signature of the comparisons: tensors or numbers (at least one tensor) to a bool tensor. */
export type Comparison = (a: Tensor | number, b: Tensor | number) => Tensor<'bool'>;

const comparison = (op: CompareName): Comparison => (a, b) => compare(op, a, b);

/**
 * Elementwise a == b as a bool tensor, with numpy broadcasting; either side may be a number (compared exactly: an
 * integer tensor against a number it cannot hold, e.g. 2.5 or 2^40 for int32, compares in float64). NaN equals
 * nothing, itself included; -0 equals +0.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @returns a bool tensor of the broadcast shape
 * @throws TypeError for arguments that are not tensors or numbers (or two numbers); RangeError for shapes that do not
 *   broadcast
 * @example equal(Tensor.from([1, 2, 3]), 2).toArray() // [0, 1, 0]
 */
export const equal = comparison('eq');

/**
 * Elementwise a != b as a bool tensor (NaN != anything is true), with broadcasting; either side may be a number.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @returns a bool tensor of the broadcast shape
 * @throws TypeError / RangeError as {@link equal}
 * @example notEqual(Tensor.from([1, NaN]), 1).toArray() // [0, 1]
 */
export const notEqual = comparison('ne');

/**
 * Elementwise a < b as a bool tensor (false wherever a NaN takes part), with broadcasting; either side may be a number.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @returns a bool tensor of the broadcast shape
 * @throws TypeError / RangeError as {@link equal}
 * @example less(Tensor.from([1, 5]), Tensor.from([3, 3])).toArray() // [1, 0]
 */
export const less = comparison('lt');

/**
 * Elementwise a <= b as a bool tensor (false wherever a NaN takes part), with broadcasting.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @returns a bool tensor of the broadcast shape
 * @throws TypeError / RangeError as {@link equal}
 * @example lessEqual(Tensor.from([1, 3, 5]), 3).toArray() // [1, 1, 0]
 */
export const lessEqual = comparison('le');

/**
 * Elementwise a > b as a bool tensor (false wherever a NaN takes part), with broadcasting.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @returns a bool tensor of the broadcast shape
 * @throws TypeError / RangeError as {@link equal}
 * @example greater(Tensor.from([[1, 5]]), Tensor.from([[0], [3]])).toArray() // [[1, 1], [0, 1]]
 */
export const greater = comparison('gt');

/**
 * Elementwise a >= b as a bool tensor (false wherever a NaN takes part), with broadcasting.
 * @param a - a Tensor or number
 * @param b - a Tensor or number
 * @returns a bool tensor of the broadcast shape
 * @throws TypeError / RangeError as {@link equal}
 * @example greaterEqual(Tensor.from([1, 3, 5]), 3).toArray() // [0, 1, 1]
 */
export const greaterEqual = comparison('ge');

/** The dtype {@link where} gives for tensors of dtypes A and B: the dtype they share, else the arithmetic one. */
export type SelectDTypeOf<A extends DType, B extends DType> = A extends DType
  ? (B extends DType ? ([A] extends [B] ? A : ArithmeticDTypeOf<A, B>) : never)
  : never;

/** The dtype of where(cond, tensor, number): the tensor's when it holds the number, else float64. */
export type ScalarSelectDTypeOf<D extends DType> = D extends FloatDType ? D : D | 'float64';

/** The dtype of a result picking from a and b (numpy's result_type with weak scalars). */
function selectDType(a: Tensor | number, b: Tensor | number): DType {
  if (typeof a === 'number' && typeof b === 'number') return 'float64';
  if (typeof a === 'number') return scalarDType((b as Tensor).dtype, a);
  if (typeof b === 'number') return scalarDType(a.dtype, b);
  return a.dtype === b.dtype ? a.dtype : arithmeticDType(a.dtype, b.dtype);
}

/**
 * Picks elementwise: cond ? a : b (numpy.where with three arguments), cond, a and b broadcast together. cond may be
 * any tensor (nonzero is true, NaN included); a and b tensors or numbers. The result's dtype is the one a and b share,
 * else their arithmetic dtype (int32 and float32 give float64, as numpy); a number takes the other side's dtype when
 * that holds it exactly; two numbers give float64 (a JS number is a float64, as in Tensor.from; numpy would give int64
 * for two Python ints).
 * @param cond - the condition, a tensor
 * @param a - where cond is true: a Tensor or number
 * @param b - where cond is false: a Tensor or number
 * @returns a new tensor of the broadcast shape
 * @throws TypeError for a cond that is not a tensor or a and b that are not tensors or numbers; RangeError for shapes
 *   that do not broadcast
 * @example where(greater(x, 0), x, 0) // relu, keeping x's dtype
 */
export function where<A extends DType, B extends DType>(cond: Tensor, a: Tensor<A>, b: Tensor<B>): Tensor<SelectDTypeOf<A, B>>;
export function where<A extends DType>(cond: Tensor, a: Tensor<A>, b: number): Tensor<ScalarSelectDTypeOf<A>>;
export function where<B extends DType>(cond: Tensor, a: number, b: Tensor<B>): Tensor<ScalarSelectDTypeOf<B>>;
export function where(cond: Tensor, a: number, b: number): Tensor<'float64'>;
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor;
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  expectTensor(cond, 'where argument cond');
  expectOperand(a, 'where argument a');
  expectOperand(b, 'where argument b');
  const dtype = selectDType(a, b);
  const ta = typeof a === 'number' ? trustedTensor(scalarArray(dtype, a), []) : a;
  const tb = typeof b === 'number' ? trustedTensor(scalarArray(dtype, b), []) : b;
  const ab = broadcastShape(ta.shape, tb.shape);
  const shape = ab && broadcastShape(cond.shape, ab);
  if (!shape) {
    throw rangeError(`Expected shapes that broadcast together for where but received ${formatShape(cond.shape)}, ${formatShape(ta.shape)} and ${formatShape(tb.shape)}`);
  }
  const size = shape.reduce((p, d) => p * d, 1);
  const out = allocateOutput(dtype, size);
  if (size > 0) {
    const c = operand(cond, 'bool', shape, size) as Uint8Array;
    kernels().where(c, operand(ta, dtype, shape, size), operand(tb, dtype, shape, size), out);
  }
  return trustedTensor(out, shape, dtype);
}

// the Tensor methods of the same names forward here (tensor-methods.ts cannot import this module: it imports Tensor)
registerTensorOps({ equal, notEqual, less, lessEqual, greater, greaterEqual });
