/**
 * Rows of any data model selection splits: Tensors (along the first axis), arrays (number[][], number[], string[]),
 * TypedArrays, Arrow Tables, alimentar ArrowDatasets and Arrow columns (Vectors). One place knows each kind, so the
 * splitters, trainTestSplit and the cross-validation loops take rows of everything the estimators accept.
 */
import { Table, type Vector } from 'apache-arrow';
import { gatherTable, vectorOf } from '../../alimentar/columns';
import { ArrowDataset } from '../../alimentar/dataset';
import { isUsableTensor, Tensor } from '../../trueno/tensor';
import { describe, rangeError, typeError } from '../errors';

type Typed = Float64Array | Float32Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | BigInt64Array;

function isVector(data: unknown): data is Vector {
  return data !== null && typeof data === 'object' && 'nullCount' in data && 'toArray' in data && 'type' in data;
}

/**
 * The number of samples (rows) of data.
 * @param data - a Tensor (its first axis), an array, a TypedArray, an Arrow Table / Vector or an ArrowDataset
 * @param name - the argument's name
 * @returns the row count
 * @throws TypeError for any other kind of value, RangeError for a 0-d Tensor
 */
export function numSamples(data: unknown, name: string): number {
  if (data instanceof Tensor) {
    if (!isUsableTensor(data)) throw typeError(`Expected a usable (not disposed) Tensor for ${name} but received a detached one`);
    if (data.ndim === 0) throw rangeError(`Expected a Tensor with at least 1 dimension for ${name} but received a 0-d Tensor`);
    return data.shape[0];
  }
  if (data instanceof ArrowDataset) return data.numRows;
  if (data instanceof Table) return data.numRows;
  if (Array.isArray(data)) return data.length;
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return (data as Typed).length;
  if (isVector(data)) return data.length;
  throw typeError(`Expected a Tensor, array, TypedArray, Arrow Table, Arrow column or ArrowDataset for ${name} but received ${describe(data)}`);
}

/**
 * The given rows of data, as data of the same kind (an Arrow column comes back as a column of the same type).
 * @param data - as for {@link numSamples}
 * @param rows - row positions, each in [0, numSamples(data))
 * @returns the rows, in the order given
 */
export function takeRows<T>(data: T, rows: Int32Array): T {
  if (data instanceof Tensor) {
    const src = data.data as Typed;
    const width = data.shape[0] === 0 ? 0 : src.length / data.shape[0];
    const out = new (src.constructor as new (n: number) => Typed)(rows.length * width);
    rows.forEach((r, i) => out.set(src.subarray(r * width, (r + 1) * width) as never, i * width));
    return Tensor.from(out as Float64Array, [rows.length, ...data.shape.slice(1)], data.dtype) as T;
  }
  if (data instanceof ArrowDataset) return data.take(rows) as T;
  if (data instanceof Table) return gatherTable(data, rows) as T;
  if (Array.isArray(data)) return Array.from(rows, (r) => data[r]) as T;
  if (ArrayBuffer.isView(data)) {
    const src = data as unknown as Typed;
    const out = new (src.constructor as new (n: number) => Typed)(rows.length);
    rows.forEach((r, i) => (out[i] = src[r]));
    return out as T;
  }
  const v = data as unknown as Vector;
  return vectorOf(Array.from(rows, (r) => v.get(r)), v.type) as T;
}

/**
 * Checks that every array has the same number of samples (scikit-learn's check_consistent_length).
 * @param arrays - the data, with their names
 * @returns the common count
 * @throws RangeError naming the first array whose count differs
 */
export function consistentLength(arrays: readonly (readonly [unknown, string])[]): number {
  const [first, firstName] = arrays[0];
  const n = numSamples(first, firstName);
  for (const [a, name] of arrays.slice(1)) {
    const m = numSamples(a, name);
    if (m !== n) throw rangeError(`Expected ${n} samples for ${name} (as ${firstName} has) but received ${m}`);
  }
  return n;
}
