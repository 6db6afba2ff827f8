/**
 * X as separate typed columns, for the estimators that take categories as well as numbers (the encoders, the
 * ColumnTransformer, the Pipeline): numeric columns as float64, string columns (Arrow Utf8, LargeUtf8, dictionary of
 * strings, or strings in a nested array) as strings. {@link toMatrix} stays the numeric-only path that every other
 * estimator uses; both share its shape rules and messages.
 */
import { Table, Type, type Vector } from 'apache-arrow';
import { ArrowDataset } from '../../alimentar/dataset';
import { isUsableTensor } from '../../trueno/tensor';
import { describe, rangeError, typeError } from '../errors';
import { expectFiniteValues, toMatrix, type MatrixOptions } from './input';

/** One column: numbers (NaN marks a missing value) or strings (null marks a missing value). */
export type Column = { kind: 'number'; values: Float64Array } | { kind: 'string'; values: (string | null)[] };

/** X as columns. */
export interface Columns {
  columns: Column[];
  rows: number;
  cols: number;
  /** Column names, when X was an Arrow Table or ArrowDataset. */
  featureNames?: string[];
}

/** The shape and names of X, read without converting it. */
export interface Shape {
  rows: number;
  cols: number;
  featureNames?: string[];
}

function datasetOf(X: unknown): ArrowDataset | undefined {
  if (X instanceof ArrowDataset) return X;
  if (X instanceof Table) return ArrowDataset.fromTable(X);
  return undefined;
}

function isStringType(typeId: Type, v: Vector): boolean {
  if (typeId === Type.Utf8 || typeId === Type.LargeUtf8) return true;
  return typeId === Type.Dictionary && (v.type as { dictionary: { typeId: Type } }).dictionary.typeId === Type.Utf8;
}

function arrowColumn(ds: ArrowDataset, name: string, allowMissing: boolean, label: string): Column {
  const v = ds.column(name);
  const typeId = v.type.typeId;
  if (v.nullCount > 0 && !allowMissing) throw rangeError(`Expected no nulls in column '${name}' of ${label} but it has ${v.nullCount}`);
  if (isStringType(typeId, v)) return { kind: 'string', values: Array.from({ length: v.length }, (_, i) => v.get(i) as string | null) };
  if (typeId !== Type.Int && typeId !== Type.Float && typeId !== Type.Bool) {
    throw typeError(`Expected numeric or string columns for ${label} but column '${name}' is ${String(v.type)}`);
  }
  if (v.nullCount === 0) return { kind: 'number', values: ds.toVector(name, 'float64').data as Float64Array };
  return { kind: 'number', values: Float64Array.from({ length: v.length }, (_, i) => {
    const x = v.get(i) as number | bigint | boolean | null;
    return x === null ? NaN : Number(x);
  }) };
}

function nestedColumns(X: readonly unknown[], label: string): Column[] {
  const first = X[0];
  if (!Array.isArray(first)) throw rangeError(`Expected a 2-D array for ${label} but received a 1-D array; reshape it, e.g. one column: X.map((v) => [v])`);
  return first.map((head: unknown, j: number): Column => {
    if (typeof head === 'number') {
      return { kind: 'number', values: Float64Array.from(X, (row, i) => {
        const v = (row as unknown[])[j];
        if (typeof v !== 'number') throw typeError(`Expected numbers in column ${j} of ${label} (its first value is a number) but received ${describe(v)} at [${i}][${j}]`);
        return v;
      }) };
    }
    if (typeof head !== 'string' && head !== null) throw typeError(`Expected numbers or strings in ${label} but received ${describe(head)} at [0][${j}]`);
    return { kind: 'string', values: X.map((row, i) => {
      const v = (row as unknown[])[j];
      if (typeof v !== 'string' && v !== null) throw typeError(`Expected strings in column ${j} of ${label} (its first value is a string) but received ${describe(v)} at [${i}][${j}]`);
      return v;
    }) };
  });
}

function isNumericNested(X: readonly unknown[]): boolean {
  const first = X[0];
  return !Array.isArray(first) || first.every((v) => typeof v === 'number');
}

/**
 * The shape and names of X without converting it (the Pipeline and ColumnTransformer check them, then pass X on).
 * @param X - a 2-D Tensor, a nested array, an Arrow Table or ArrowDataset
 * @param name - the argument's name (default 'X')
 * @returns rows, cols and the column names of a table
 * @throws TypeError for another kind of X; RangeError for a shape other than 2-D, rows of unequal length, no rows or
 *   no columns
 */
export function shapeOf(X: unknown, name = 'X'): Shape {
  const ds = datasetOf(X);
  let shape: Shape;
  if (ds !== undefined) shape = { rows: ds.numRows, cols: ds.columnNames.length, featureNames: ds.columnNames };
  else if (isUsableTensor(X)) {
    if (X.ndim !== 2) throw rangeError(`Expected a 2-D ${name} but received shape [${X.shape.join(', ')}]`);
    shape = { rows: X.shape[0], cols: X.shape[1] };
  } else if (Array.isArray(X)) {
    if (X.length === 0) throw rangeError(`Expected at least 1 sample for ${name} but received an empty array`);
    if (!Array.isArray(X[0])) throw rangeError(`Expected a 2-D array for ${name} but received a 1-D array; reshape it, e.g. one column: X.map((v) => [v])`);
    const cols = (X[0] as unknown[]).length;
    X.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) throw rangeError(`Expected rows of ${cols} values for ${name} but row ${i} is ${describe(row)}`);
    });
    shape = { rows: X.length, cols };
  } else {
    throw typeError(`Expected a 2-D Tensor, nested array, Arrow Table or ArrowDataset for ${name} but received ${describe(X)}`);
  }
  if (shape.rows < 1) throw rangeError(`Expected at least 1 sample for ${name} but received shape [${shape.rows}, ${shape.cols}]`);
  if (shape.cols < 1) throw rangeError(`Expected at least 1 feature for ${name} but received shape [${shape.rows}, ${shape.cols}]`);
  return shape;
}

/**
 * Converts and checks X column by column, keeping string columns as strings.
 * @param X - a 2-D Tensor, number[][], a nested array whose columns hold numbers or strings, an Arrow Table or
 *   ArrowDataset (numeric, boolean and string columns)
 * @param options - allowNaN (NaN in numeric columns and nulls in Arrow columns mark missing values), minSamples, name
 * @returns the columns
 * @throws TypeError for another kind of X, a column of another type or mixed values in a column; RangeError for a
 *   shape other than 2-D, too few samples, NaN (unless allowed) or infinity
 */
export function toColumns(X: unknown, options: MatrixOptions = {}): Columns {
  const name = options.name ?? 'X';
  const ds = datasetOf(X);
  if (ds === undefined && !(Array.isArray(X) && !isNumericNested(X))) {
    const m = toMatrix(X, options);
    const columns: Column[] = Array.from({ length: m.cols }, (_, j) => ({ kind: 'number', values: Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]) }));
    return { columns, rows: m.rows, cols: m.cols };
  }
  const shape = shapeOf(X, name);
  const minSamples = options.minSamples ?? 1;
  if (shape.rows < minSamples) throw rangeError(`Expected at least ${minSamples} sample(s) for ${name} but received shape [${shape.rows}, ${shape.cols}]`);
  const allowNaN = options.allowNaN === true;
  const columns = ds !== undefined ? ds.columnNames.map((c) => arrowColumn(ds, c, allowNaN, name)) : nestedColumns(X as unknown[], name);
  for (const c of columns) {
    if (c.kind === 'number') expectFiniteValues(c.values, allowNaN, name);
    else if (!allowNaN && c.values.includes(null)) throw rangeError(`Expected no missing (null) values in ${name} but a string column holds one`);
  }
  return { columns, rows: shape.rows, cols: shape.cols, featureNames: shape.featureNames };
}
