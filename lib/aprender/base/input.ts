/**
 * What estimators accept as X and y, converted once at the top of fit / predict:
 * - X: a 2-D trueno Tensor (float32 or float64 are used as they are, without a copy, when contiguous; integer dtypes
 *   are converted to float64), `number[][]`, or an Arrow Table / alimentar ArrowDataset (numeric columns, whose
 *   names the estimator keeps and checks at predict);
 * - y: a Tensor, TypedArray, `number[]`, `string[]` or an Arrow column (Vector).
 * Failures are argument errors that say what was wrong, as scikit-learn's check_array / check_X_y do.
 */
import { Table, Type, type Vector } from 'apache-arrow';
import { ArrowDataset } from '../../alimentar/dataset';
import type { DType, FloatDType } from '../../trueno/dtype';
import { sum } from '../../trueno/ops/reduce';
import { isUsableTensor, Tensor } from '../../trueno/tensor';
import { describe, rangeError, typeError } from '../errors';

/** The X an estimator accepts. */
export type MatrixLike = Tensor | readonly (readonly number[])[] | Table | ArrowDataset | CategoricalRows;

/** Rows of categories (strings, numbers, null for missing), which the encoders take; numeric estimators refuse strings. */
export type CategoricalRows = readonly (readonly (string | number | null)[])[];

/** The y an estimator accepts; 2-D (a [n, t] Tensor or number[][], one row per sample) where it fits several outputs. */
export type TargetLike =
  | Tensor | Float64Array | Float32Array | Int32Array | Uint8Array | readonly number[] | readonly string[] | readonly (readonly number[])[] | Vector;

/** X as the estimators use it: a contiguous row-major float matrix. */
export interface Matrix {
  /** The matrix as a 2-D tensor (the caller's own when it was already one of the right dtype). */
  tensor: Tensor<FloatDType>;
  /** Its elements, row-major. */
  data: Float64Array | Float32Array;
  rows: number;
  cols: number;
  /** Column names, when X was an Arrow Table or ArrowDataset. */
  featureNames?: string[];
}

/** How to convert X. */
export interface MatrixOptions {
  /** 'float64' converts float32 (a copy); 'keep' keeps float32 (default 'float64'). */
  dtype?: 'float64' | 'keep';
  /** Let NaN through (imputers, the histogram booster); infinities are refused still. */
  allowNaN?: boolean;
  /** Minimum rows (default 1). */
  minSamples?: number;
  /** The argument's name in messages (default 'X'). */
  name?: string;
}

function tableMatrix(ds: ArrowDataset, name: string): { tensor: Tensor; featureNames: string[] } {
  const featureNames = ds.columnNames;
  if (featureNames.length === 0) throw rangeError(`Expected at least one column for ${name} but received a table without columns`);
  for (const c of featureNames) {
    const t = ds.column(c).type.typeId;
    if (t !== Type.Int && t !== Type.Float && t !== Type.Bool) {
      throw typeError(`Expected numeric columns for ${name} but column '${c}' is ${String(ds.column(c).type)} (encode it first, e.g. with OrdinalEncoder or a ColumnTransformer)`);
    }
  }
  return { tensor: ds.toMatrix(featureNames, 'float64'), featureNames };
}

function nestedMatrix(X: readonly unknown[], name: string): Tensor {
  const rows = X.length;
  const first = X[0];
  if (!Array.isArray(first)) {
    throw rangeError(`Expected a 2-D array for ${name} but received a 1-D array; reshape it, e.g. one column: X.map((v) => [v])`);
  }
  const cols = first.length;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = X[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw rangeError(`Expected rows of ${cols} numbers for ${name} but row ${i} is ${describe(row)}`);
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw typeError(`Expected numbers in ${name} but received ${describe(v)} at [${i}][${j}]`);
      out[i * cols + j] = v;
    }
  }
  return Tensor.from(out, [rows, cols]);
}

function asTensor(X: unknown, name: string): { tensor: Tensor; featureNames?: string[] } {
  if (isUsableTensor(X)) return { tensor: X };
  if (X instanceof Tensor) return { tensor: X }; // detached: the shape check below reports it through toFloat
  if (X instanceof ArrowDataset) return tableMatrix(X, name);
  if (X instanceof Table) return tableMatrix(ArrowDataset.fromTable(X), name);
  if (Array.isArray(X)) {
    if (X.length === 0) throw rangeError(`Expected at least 1 sample for ${name} but received an empty array`);
    return { tensor: nestedMatrix(X, name) };
  }
  throw typeError(`Expected a 2-D Tensor, number[][], Arrow Table or ArrowDataset for ${name} but received ${describe(X)}`);
}

function toFloat(t: Tensor, dtype: 'float64' | 'keep'): Tensor<FloatDType> {
  if (t.dtype === 'float64' || (t.dtype === 'float32' && dtype === 'keep')) return t as Tensor<FloatDType>;
  const src = t.data;
  const out = new Float64Array(t.size);
  if (src instanceof BigInt64Array) for (let i = 0; i < out.length; i++) out[i] = Number(src[i]);
  else out.set(src as ArrayLike<number>);
  return Tensor.from(out, t.shape) as Tensor<FloatDType>;
}

/** Below this many values the plain scan is as fast as a kernel call. */
const NATIVE_SCAN_MIN = 4096;

/**
 * Whether every value is finite, by one native SIMD sum: any NaN or infinity makes the sum non-finite. A finite sum
 * proves it; a non-finite one (which finite values can also give, by overflowing) leaves the answer to the scan.
 */
function surelyFinite(data: ArrayLike<number>): boolean {
  if (data.length < NATIVE_SCAN_MIN || !(data instanceof Float64Array || data instanceof Float32Array)) return false;
  return Number.isFinite(sum(Tensor.from(data)) as number);
}

/**
 * Scans for NaN and infinities.
 * @param data - the values
 * @param allowNaN - let NaN through
 * @param name - the argument's name
 * @throws RangeError "Input X contains NaN" / "contains infinity"
 */
export function expectFiniteValues(data: ArrayLike<number>, allowNaN: boolean, name: string): void {
  if (surelyFinite(data)) return;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      if (v !== v) {
        if (allowNaN) continue;
        throw rangeError(`Expected finite values in ${name} but it contains NaN (at flat index ${i}); impute it first, e.g. with SimpleImputer`);
      }
      throw rangeError(`Expected finite values in ${name} but it contains infinity (at flat index ${i})`);
    }
  }
}

/**
 * Converts and checks X.
 * @param X - see {@link MatrixLike}
 * @param options - dtype, allowNaN, minSamples, name
 * @returns the matrix
 * @throws TypeError for another kind of X or non-numeric values/columns; RangeError for a shape other than 2-D, too
 *   few samples, no features, NaN or infinity
 */
export function toMatrix(X: unknown, options: MatrixOptions = {}): Matrix {
  const name = options.name ?? 'X';
  const { tensor: raw, featureNames } = asTensor(X, name);
  if (raw.ndim !== 2) {
    throw rangeError(`Expected a 2-D ${name} but received shape [${raw.shape.join(', ')}]; reshape it, e.g. x.reshape([-1, 1]) for one feature or x.reshape([1, -1]) for one sample`);
  }
  const [rows, cols] = raw.shape;
  const minSamples = options.minSamples ?? 1;
  if (rows < minSamples) throw rangeError(`Expected at least ${minSamples} sample(s) for ${name} but received shape [${rows}, ${cols}]`);
  if (cols < 1) throw rangeError(`Expected at least 1 feature for ${name} but received shape [${rows}, ${cols}]`);
  const tensor = toFloat(raw, options.dtype ?? 'float64');
  const data = tensor.data as Float64Array | Float32Array;
  expectFiniteValues(data, options.allowNaN === true, name);
  return { tensor, data, rows, cols, featureNames };
}

/** y as numbers or strings. */
export type Targets =
  | { kind: 'number'; values: Float64Array; dtype: DType; cols: number }
  | { kind: 'string'; values: string[]; cols: 1 };

function vectorValues(y: Vector): unknown[] {
  if (y.nullCount > 0) throw rangeError(`Expected no nulls in y but the column has ${y.nullCount}`);
  return y.toArray() instanceof Array ? (y.toArray() as unknown[]) : Array.from(y.toArray() as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v));
}

/**
 * Converts and checks y.
 * @param y - see {@link TargetLike}; 2-D (a Tensor or number[][]) only when `multi` allows it
 * @param rows - the number of samples X has
 * @param options - multi: allow [n, t] targets; name: the argument's name (default 'y')
 * @returns numbers (float64, with the dtype they came in) or strings
 * @throws TypeError for another kind of y or mixed values; RangeError for the wrong length, NaN, infinity
 */
export function toTargets(y: unknown, rows: number, options: { multi?: boolean; name?: string } = {}): Targets {
  const name = options.name ?? 'y';
  if (y === undefined || y === null) throw typeError(`Expected ${name} (the targets) but received ${describe(y)}: this estimator needs y to fit`);
  let values: ArrayLike<unknown>;
  let dtype: DType = 'float64';
  let cols = 1;
  if (isUsableTensor(y)) {
    if (y.ndim === 2 && options.multi) cols = y.shape[1];
    else if (y.ndim !== 1) throw rangeError(`Expected a 1-D ${name} but received shape [${y.shape.join(', ')}]${options.multi ? '' : ' (use a 1-D tensor, e.g. y.reshape([-1]))'}`);
    dtype = y.dtype;
    values = y.data instanceof BigInt64Array ? Array.from(y.data, Number) : (y.data as ArrayLike<number>);
  } else if (ArrayBuffer.isView(y) && !(y instanceof DataView)) {
    if (y instanceof BigInt64Array || y instanceof BigUint64Array) {
      values = Array.from(y, Number);
      dtype = 'int64';
    } else {
      values = y as unknown as ArrayLike<number>;
      dtype = y instanceof Float32Array ? 'float32' : y instanceof Int32Array ? 'int32' : y instanceof Uint8Array ? 'uint8' : 'float64';
    }
  } else if (Array.isArray(y)) {
    if (options.multi && y.length > 0 && Array.isArray(y[0])) {
      cols = (y[0] as unknown[]).length;
      values = (y as unknown[][]).flatMap((r, i) => {
        if (!Array.isArray(r) || r.length !== cols) throw rangeError(`Expected rows of ${cols} targets for ${name} but row ${i} is ${describe(r)}`);
        return r;
      });
    } else values = y;
  } else if (y !== null && typeof y === 'object' && 'nullCount' in y && 'toArray' in y) {
    values = vectorValues(y as Vector);
  } else {
    throw typeError(`Expected a Tensor, TypedArray, number[], string[] or Arrow column for ${name} but received ${describe(y)}`);
  }
  const n = values.length / cols;
  if (n !== rows) throw rangeError(`Expected ${rows} values for ${name} (one per sample of X) but received ${n}`);
  if (n > 0 && typeof values[0] === 'string') {
    const strings = Array.from(values, (v, i) => {
      if (typeof v !== 'string') throw typeError(`Expected only strings in ${name} (its first value is a string) but received ${describe(v)} at ${i}`);
      return v;
    });
    if (cols !== 1) throw typeError(`Expected numbers for a 2-D ${name} but received strings`);
    return { kind: 'string', values: strings, cols: 1 };
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') throw typeError(`Expected numbers or strings in ${name} but received ${describe(v)} at ${i}`);
    out[i] = v;
  }
  expectFiniteValues(out, false, name);
  return { kind: 'number', values: out, dtype, cols };
}
