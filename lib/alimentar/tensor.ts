/**
 * From Arrow columns to trueno Tensors. A column that is one contiguous chunk without nulls, already of the requested
 * element type, becomes a tensor over the same memory (no copy); anything else is converted into a new buffer.
 */
import { Type, type Vector } from 'apache-arrow';
import { Tensor } from '../trueno/tensor';
import type { ArrowDataset } from './dataset';
import { ColumnError, describe, typeError } from './errors';
import { expectOneOf, expectString, expectStrings } from './validate';

/** Element types a tensor can hold. */
export type TensorDType = 'float32' | 'float64' | 'int32';

const DTYPES: readonly TensorDType[] = ['float32', 'float64', 'int32'];
const ARRAYS = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

function numericColumn(ds: ArrowDataset, name: string): Vector {
  const v = ds.column(name);
  if (v.type.typeId !== Type.Int && v.type.typeId !== Type.Float && v.type.typeId !== Type.Bool) {
    throw new ColumnError(`Expected a numeric column for '${name}' but received ${String(v.type)}`, name);
  }
  if (v.nullCount > 0) {
    throw new ColumnError(`Expected a column without nulls for '${name}' but it has ${v.nullCount} null(s); use fillNull first`, name);
  }
  return v;
}

/** The dtype a column converts to by default: int32 stays int32, float32 stays float32, all else float64. */
function naturalDType(v: Vector): TensorDType {
  const t = v.type as unknown as { typeId: Type; bitWidth?: number; isSigned?: boolean; precision?: number };
  if (t.typeId === Type.Int && t.bitWidth === 32 && t.isSigned) return 'int32';
  if (t.typeId === Type.Float && t.precision === 1) return 'float32';
  return 'float64';
}

function copyInto(v: Vector, out: Float64Array | Float32Array | Int32Array, offset: number, stride: number, name: string, dtype: TensorDType): void {
  let row = 0;
  for (const d of v.data) {
    if (v.type.typeId === Type.Bool) {
      for (let i = 0; i < d.length; i++) out[offset + (row + i) * stride] = d.getValid(i) && (v.get(row + i) as boolean) ? 1 : 0;
    } else {
      const src = d.values as ArrayLike<number | bigint>;
      for (let i = 0; i < d.length; i++) {
        const x = Number(src[i]);
        if (dtype === 'int32' && (!Number.isInteger(x) || x < -2147483648 || x > 2147483647)) {
          throw new ColumnError(`Expected int32 values for '${name}' but received ${x} at row ${row + i}`, name);
        }
        out[offset + (row + i) * stride] = x;
      }
    }
    row += d.length;
  }
}

/**
 * One column as a 1-d tensor.
 * @param ds - the dataset
 * @param column - the column
 * @param dtype - element type (default: int32 for int32 columns, float32 for float32, else float64)
 * @returns the tensor, sharing the column's memory when it is one chunk of that type without nulls
 * @throws ColumnError naming the column for nulls, non-numeric data or an unknown column
 * @example toVector(iris, 'target', 'int32').shape // [150]
 */
export function toVector(ds: ArrowDataset, column: string, dtype?: TensorDType): Tensor {
  const v = numericColumn(ds, expectString(column, 'column'));
  const type = dtype === undefined ? naturalDType(v) : expectOneOf(dtype, DTYPES, 'dtype');
  if (v.data.length === 1 && v.type.typeId !== Type.Bool) {
    const values = v.data[0].values;
    if (values instanceof ARRAYS[type]) return Tensor.from(values.subarray(0, v.length) as Float64Array);
  }
  const out = new ARRAYS[type](v.length);
  copyInto(v, out, 0, 1, column, type);
  return Tensor.from(out);
}

/**
 * Columns as a 2-d row-major tensor of shape [numRows, columns.length]. A single column of the right type without nulls
 * is shared, not copied; otherwise the columns are interleaved into a new buffer.
 * @param ds - the dataset
 * @param columns - the columns (default: all)
 * @param dtype - element type (default 'float64')
 * @returns the matrix
 * @throws ColumnError naming the column for nulls, non-numeric data or an unknown column
 * @example toMatrix(iris, ['sepal_length_cm', 'sepal_width_cm']).shape // [150, 2]
 */
export function toMatrix(ds: ArrowDataset, columns?: string[], dtype: TensorDType = 'float64'): Tensor {
  const cols = columns === undefined ? ds.columnNames : expectStrings(columns, 'columns');
  if (cols.length === 0) throw typeError(`Expected at least one column for columns but received ${describe(cols)}`);
  expectOneOf(dtype, DTYPES, 'dtype');
  const vectors = cols.map((c) => numericColumn(ds, c));
  const n = ds.numRows;
  if (cols.length === 1) {
    const t = toVector(ds, cols[0], dtype);
    return Tensor.from(t.data, [n, 1]);
  }
  const out = new ARRAYS[dtype](n * cols.length);
  vectors.forEach((v, j) => copyInto(v, out, j, cols.length, cols[j], dtype));
  return Tensor.from(out, [n, cols.length]);
}
