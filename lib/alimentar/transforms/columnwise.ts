/** Column-wise transforms: cast, fillNull and normalize. Each returns new column Data; the source is untouched. */
import { DataType, Float64, Type, vectorFromArray, type Vector } from 'apache-arrow';
import { ColumnError, typeError } from '../errors';
import { columnValues } from '../columns';
import { isNumeric } from '../types';

function convert(v: unknown, type: DataType, column: string): unknown {
  if (v === null || v === undefined) return null;
  const id = type.typeId;
  if (id === Type.Utf8 || id === Type.LargeUtf8) return typeof v === 'bigint' ? v.toString() : String(v);
  if (id === Type.Bool) {
    if (typeof v === 'string') {
      const t = v.toLowerCase();
      if (t === 'true' || t === 'false') return t === 'true';
      throw new ColumnError(`Expected 'true' or 'false' to cast column '${column}' to bool but received '${v}'`, column);
    }
    return Boolean(Number(v));
  }
  const n = typeof v === 'string' ? (v.trim() === '' ? NaN : Number(v)) : typeof v === 'boolean' ? Number(v) : Number(v);
  if (Number.isNaN(n) && !(typeof v === 'number')) {
    throw new ColumnError(`Expected a number to cast column '${column}' to ${String(type)} but received '${String(v)}'`, column);
  }
  if (id === Type.Int) {
    if (!Number.isFinite(n)) throw new ColumnError(`Expected a finite value to cast column '${column}' to ${String(type)} but received ${n}`, column);
    const t = Math.trunc(n);
    const bits = (type as unknown as { bitWidth: number; isSigned: boolean });
    if (bits.bitWidth === 64) return BigInt(t);
    const lo = bits.isSigned ? -(2 ** (bits.bitWidth - 1)) : 0;
    const hi = bits.isSigned ? 2 ** (bits.bitWidth - 1) - 1 : 2 ** bits.bitWidth - 1;
    if (t < lo || t > hi) throw new ColumnError(`Expected values in [${lo}, ${hi}] to cast column '${column}' to ${String(type)} but received ${t}`, column);
    return t;
  }
  if (id === Type.Float) return n;
  throw typeError(`Expected a bool, integer, float or utf8 target type to cast column '${column}' but received ${String(type)}`);
}

/**
 * Converts a column to another type: numbers between widths (integers truncate toward zero, with a range check),
 * numbers and text both ways, bool to and from numbers and 'true'/'false'.
 * @param vector - the column
 * @param type - the target type
 * @param column - its name, for errors
 * @returns the converted column
 * @throws ColumnError naming the column for a value that does not convert
 */
export function castVector(vector: Vector, type: DataType, column: string): Vector {
  const out = new Array<unknown>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = convert(vector.get(i), type, column);
  return vectorFromArray(out, type);
}

/**
 * Replaces the nulls of a column by a value of the column's type.
 * @param vector - the column
 * @param value - the replacement
 * @param column - its name, for errors
 * @returns the filled column
 * @throws ColumnError when the value does not fit the column's type
 */
export function fillNullVector(vector: Vector, value: unknown, column: string): Vector {
  if (vector.nullCount === 0) return vector;
  const fill = convert(value, vector.type as DataType, column);
  const out = new Array<unknown>(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i);
    out[i] = v === null ? fill : v;
  }
  return vectorFromArray(out, vector.type as DataType);
}

/** How `normalize` scales: 'standard' (zero mean, unit population variance) or 'minmax' (to [0, 1]). */
export type NormalizeMethod = 'standard' | 'minmax';

/** The statistics a normalization used, so the same scaling can be applied to other data (e.g. a test split). */
export interface NormalizeStats {
  /** standard: mean; minmax: min. */
  shift: number;
  /** standard: population standard deviation (1 when 0); minmax: max - min (1 when 0). */
  scale: number;
}

/**
 * Scales a numeric column to float64: standard ((x - mean) / std, population std as scikit-learn's StandardScaler) or
 * minmax ((x - min) / (max - min)). Nulls stay null and are left out of the statistics; a constant column maps to 0.
 * @param vector - the column
 * @param method - 'standard' or 'minmax'
 * @param column - its name, for errors
 * @param stats - statistics to reuse instead of computing them
 * @returns the scaled column and the statistics used
 * @throws ColumnError for a non-numeric column
 */
export function normalizeVector(vector: Vector, method: NormalizeMethod, column: string, stats?: NormalizeStats): { vector: Vector; stats: NormalizeStats } {
  if (!isNumeric(vector.type as DataType)) {
    throw new ColumnError(`Expected a numeric column to normalize for '${column}' but received ${String(vector.type)}`, column);
  }
  const values = columnValues(vector);
  const n = values.length;
  const get = values instanceof Float64Array ? (i: number) => values[i] : (i: number) => (values[i] === null ? NaN : (values[i] as number));
  let used = stats;
  if (!used) {
    let count = 0;
    let a = 0;
    let b = 0;
    if (method === 'standard') {
      for (let i = 0; i < n; i++) if (!Number.isNaN(get(i))) { a += get(i); count++; }
      const mean = count > 0 ? a / count : 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(get(i))) { const d = get(i) - mean; b += d * d; }
      const std = count > 0 ? Math.sqrt(b / count) : 0;
      used = { shift: mean, scale: std === 0 ? 1 : std };
    } else {
      a = Infinity;
      b = -Infinity;
      for (let i = 0; i < n; i++) { const v = get(i); if (v < a) a = v; if (v > b) b = v; }
      used = Number.isFinite(a) ? { shift: a, scale: b - a === 0 ? 1 : b - a } : { shift: 0, scale: 1 };
    }
  }
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const v = get(i);
    out[i] = Number.isNaN(v) && !(values instanceof Float64Array) && values[i] === null ? null : (v - used.shift) / used.scale;
  }
  return { vector: vectorFromArray(out, new Float64()), stats: used };
}
