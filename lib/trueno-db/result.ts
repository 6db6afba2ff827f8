/**
 * A query's result: named columns in trueno-db's layout, and the ways out of it — an Arrow Table, rows of JS values,
 * trueno Tensors for aprender, and text for a terminal.
 */
import type { Table } from 'apache-arrow';
import { Tensor } from '../trueno/tensor';
import { tableFromBatch } from './convert';
import { typeName } from './column/sql-types';
import { textAt, valueAt } from './column/values';
import { ConversionError, describe, typeError, rangeError } from './errors';
import { expectOptions } from './validate';
import type { Column, ColumnBatch, Schema } from './types';
import { keepBigInt, plainValue, type Int64Options } from '../common/int64';

/** Options of {@link Result.rows} and {@link Result.objects}: `bigint: true` keeps BIGINT values as exact BigInt. */
export type RowOptions = Int64Options;

/** Element types toMatrix / toVector produce. */
export type ResultDType = 'float64' | 'float32' | 'int32';

const DTYPES: readonly ResultDType[] = ['float64', 'float32', 'int32'];
const ARRAYS = { float64: Float64Array, float32: Float32Array, int32: Int32Array } as const;
const NUMERIC = new Set(['boolean', 'tinyint', 'smallint', 'integer', 'bigint', 'float', 'double', 'decimal']);

function checkDType(dtype: unknown): ResultDType | undefined {
  if (dtype === undefined) return undefined;
  if (typeof dtype === 'string' && (DTYPES as readonly string[]).includes(dtype)) return dtype as ResultDType;
  throw typeError(`Expected one of ${DTYPES.join(', ')} for dtype but received ${describe(dtype)}`);
}

/** The dtype a column's values keep by default: float32 and int32 stay, everything else becomes float64. */
function naturalDType(col: Column): ResultDType {
  return col.values instanceof Float32Array ? 'float32' : col.values instanceof Int32Array && col.type.id === 'integer' ? 'int32' : 'float64';
}

function countNulls(col: Column): number {
  if (col.valid === undefined) return 0;
  let k = 0;
  for (let i = 0; i < col.length; i++) k += col.valid[i] === 0 ? 1 : 0;
  return k;
}

/** The query's output; see the module comment. */
export class Result {
  /**
   * @param batch - the result's columns (owned by the result from now on)
   */
  constructor(private readonly batch: ColumnBatch) {}

  /** Rows in the result. */
  get numRows(): number {
    return this.batch.length;
  }

  /** Column names and SQL types. */
  get schema(): Schema {
    return { names: this.batch.names.slice(), types: this.batch.columns.map((c) => c.type) };
  }

  /** The column names, in order. */
  get columnNames(): string[] {
    return this.batch.names.slice();
  }

  /**
   * One column in trueno-db's layout (see Column in ./types), for code that works on the raw arrays.
   * @param which - a name or a position
   * @returns the column (shared, do not change it)
   * @throws RangeError for an unknown column
   */
  column(which: string | number): Column {
    return this.batch.columns[this.position(which)];
  }

  private position(which: unknown): number {
    if (typeof which === 'number' && Number.isInteger(which) && which >= 0 && which < this.batch.columns.length) return which;
    if (typeof which === 'string') {
      let i = this.batch.names.indexOf(which);
      if (i < 0) i = this.batch.names.findIndex((n) => n.toLowerCase() === which.toLowerCase());
      if (i >= 0) return i;
    }
    throw rangeError(`Expected a column of the result (${this.batch.names.join(', ')}) or its position for column but received ${describe(which)}`);
  }

  /**
   * The result as an Arrow Table (one record batch). Numeric, date and string-code buffers are shared, not copied.
   * @param options - dictionary: varchar columns as Dictionary<Utf8, Int32> (default true: no strings re-encoded) or
   *   plain Utf8 (false)
   * @returns the table
   * @example const table = (await db.query('SELECT * FROM t')).toTable();
   */
  toTable(options?: { dictionary?: boolean }): Table {
    expectOptions<{ dictionary?: boolean }>(options, 'toTable options', { dictionary: true });
    return tableFromBatch(this.batch, options);
  }

  /**
   * The rows as arrays of JS values: boolean; number for tinyint, smallint, integer, bigint, float, double, decimal;
   * string; Date for date (UTC midnight) and timestamp (UTC, to the millisecond); arrays for lists; null for NULL.
   * BIGINT values are plain numbers (so rows add up and `JSON.stringify` them); `{ bigint: true }` keeps them as
   * exact BigInt.
   * @param options - `bigint`: BIGINT values as BigInt (default false)
   * @returns one array per row, values in column order
   * @throws ConversionError naming the column for a BIGINT beyond ±(2^53 - 1), which a number would round
   * @throws TypeError for options that are not `{ bigint?: boolean }`
   * @example (await db.query('SELECT count(*) AS n FROM t')).rows(); // [[150]]
   */
  rows(options?: RowOptions): unknown[][] {
    const keep = keepBigInt(options, 'rows options', typeError);
    const out: unknown[][] = new Array(this.batch.length);
    const cols = this.batch.columns;
    const names = this.batch.names;
    const fail = (message: string, column: string) => new ConversionError(message, column);
    for (let i = 0; i < out.length; i++) out[i] = cols.map((c, j) => plainValue(valueAt(c, i), names[j], keep, fail));
    return out;
  }

  /**
   * The rows as objects keyed by column name (values as in {@link Result.rows}).
   * @param options - `bigint`: BIGINT values as BigInt (default false)
   * @returns one object per row
   * @throws ConversionError naming the column for a BIGINT beyond ±(2^53 - 1), which a number would round
   * @example (await db.query('SELECT count(*) AS n FROM t')).objects(); // [{ n: 150 }]
   */
  objects(options?: RowOptions): Record<string, unknown>[] {
    return this.rows(options).map((r) => Object.fromEntries(this.batch.names.map((n, j) => [n, r[j]])));
  }

  /**
   * The result as a 2-d tensor [numRows, k] for aprender. A single fixed-size list column (a `features` vector
   * column of size k) becomes the n x k matrix over the list's own values (no copy when the element type is the
   * dtype); otherwise every column must be numeric (boolean, integers, floats, decimal) and they are interleaved.
   * @param dtype - element type (default: float32 for a float32 list or column, int32 for one INTEGER column, else float64)
   * @returns the matrix; when not copied it shares the stored table's memory, so treat it as read-only (clone it
   *   before changing it in place)
   * @throws ConversionError naming the column for NULLs, strings or dates, or lists of differing lengths
   * @example const X = (await db.query('SELECT features FROM training')).toMatrix();
   */
  toMatrix(dtype?: ResultDType): Tensor {
    const want = checkDType(dtype);
    const cols = this.batch.columns;
    const n = this.batch.length;
    if (cols.length === 0) throw new ConversionError('Expected at least one column in the result for toMatrix but it has none', '');
    if (cols.length === 1 && cols[0].type.id === 'list') return this.listMatrix(0, want);
    cols.forEach((c, j) => this.checkNumeric(j, c));
    if (cols.length === 1) return Tensor.from(this.vectorOf(0, want ?? naturalDType(cols[0])).data, [n, 1]);
    const type = want ?? 'float64';
    const out = new ARRAYS[type](n * cols.length);
    cols.forEach((c, j) => copyColumn(c, out, j, cols.length, this.batch.names[j], type));
    return Tensor.from(out, [n, cols.length]);
  }

  /**
   * One column as a 1-d tensor (no copy when it has no NULLs and its values are already of the dtype).
   * @param column - a name or position (default: the only column)
   * @param dtype - element type (default: float32 / int32 columns keep theirs, others float64)
   * @returns the vector
   * @throws RangeError for an unknown column or no column given for a result of several; ConversionError naming
   *   the column for NULLs or non-numeric values
   */
  toVector(column?: string | number, dtype?: ResultDType): Tensor {
    const want = checkDType(dtype);
    if (column === undefined && this.batch.columns.length !== 1) {
      throw rangeError(`Expected a column for toVector on a result of ${this.batch.columns.length} columns (${this.batch.names.join(', ')}) but received none`);
    }
    const j = column === undefined ? 0 : this.position(column);
    const c = this.batch.columns[j];
    this.checkNumeric(j, c);
    return this.vectorOf(j, want ?? naturalDType(c));
  }

  private checkNumeric(j: number, c: Column): void {
    const name = this.batch.names[j];
    if (!NUMERIC.has(c.type.id)) throw new ConversionError(`Expected a numeric column for '${name}' but received ${typeName(c.type)}`, name);
    const nulls = countNulls(c);
    if (nulls > 0) throw new ConversionError(`Expected a column without NULLs for '${name}' but it has ${nulls} NULL(s); filter them (WHERE ${name} IS NOT NULL) or use coalesce`, name);
  }

  private vectorOf(j: number, type: ResultDType): Tensor {
    const c = this.batch.columns[j];
    if (c.values instanceof ARRAYS[type] && c.type.id !== 'boolean') return Tensor.from(c.values.subarray(0, c.length) as Float64Array);
    const out = new ARRAYS[type](c.length);
    copyColumn(c, out, 0, 1, this.batch.names[j], type);
    return Tensor.from(out);
  }

  private listMatrix(j: number, want: ResultDType | undefined): Tensor {
    const c = this.batch.columns[j];
    const name = this.batch.names[j];
    const child = c.child!;
    const n = c.length;
    if (!NUMERIC.has(child.type.id)) throw new ConversionError(`Expected a list of numbers for '${name}' but received ${typeName(c.type)}`, name);
    const nulls = countNulls(c) + countNulls(child);
    if (nulls > 0) throw new ConversionError(`Expected a list column without NULLs for '${name}' but it has ${nulls} NULL row(s) or element(s)`, name);
    let k: number;
    let start = 0;
    if (c.type.id === 'list' && c.type.size !== undefined) k = c.type.size;
    else {
      const off = c.offsets!;
      k = n === 0 ? 0 : off[1] - off[0];
      start = n === 0 ? 0 : off[0];
      for (let i = 0; i < n; i++) {
        if (off[i + 1] - off[i] !== k) throw new ConversionError(`Expected lists of one length for '${name}' to make a matrix but row 0 has ${k} elements and row ${i} has ${off[i + 1] - off[i]}`, name);
      }
    }
    const type = want ?? naturalDType(child);
    if (child.values instanceof ARRAYS[type] && child.type.id !== 'boolean') {
      return Tensor.from(child.values.subarray(start, start + n * k) as Float64Array, [n, k]);
    }
    const out = new ARRAYS[type](n * k);
    const flat = { ...child, values: child.values.subarray(start, start + n * k), length: n * k } as Column;
    copyColumn(flat, out, 0, 1, name, type);
    return Tensor.from(out, [n, k]);
  }

  /**
   * The result as an aligned text table: names, types, then up to `maxRows` rows (DuckDB's text for each value).
   * @param maxRows - rows to show (default 40; the count of the rest is printed)
   * @returns the text
   */
  toString(maxRows = 40): string {
    const cols = this.batch.columns;
    // EXPLAIN: the plan's own indented text
    if (this.batch.names.length === 1 && this.batch.names[0] === 'explain' && this.batch.length === 1) return textAt(cols[0], 0);
    if (cols.length === 0) return `(${this.batch.length} row${this.batch.length === 1 ? '' : 's'})`;
    if (typeof maxRows !== 'number' || Number.isNaN(maxRows)) throw typeError(`Expected a number of rows for maxRows but received ${describe(maxRows)}`);
    const shown = Math.min(this.batch.length, Math.max(0, Math.floor(maxRows)));
    const cells = [this.batch.names.slice(), cols.map((c) => typeName(c.type))];
    for (let i = 0; i < shown; i++) cells.push(cols.map((c) => textAt(c, i)));
    const widths = this.batch.names.map((_, j) => Math.min(60, Math.max(...cells.map((r) => r[j].length))));
    const right = cols.map((c) => NUMERIC.has(c.type.id) && c.type.id !== 'boolean');
    const fmt = (r: string[]) => r.map((s, j) => {
      const t = s.length > widths[j] ? s.slice(0, widths[j] - 1) + '…' : s;
      return right[j] ? t.padStart(widths[j]) : t.padEnd(widths[j]);
    }).join(' | ').trimEnd();
    const lines = [fmt(cells[0]), fmt(cells[1]), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.slice(2).map(fmt)];
    const rest = this.batch.length - shown;
    lines.push(rest > 0 ? `… ${rest} more row(s) (${this.batch.length} in all)` : `(${this.batch.length} row${this.batch.length === 1 ? '' : 's'})`);
    return lines.join('\n');
  }
}

/** Writes a numeric column into `out` at `offset`, every `stride`-th element, converting to the dtype. */
function copyColumn(c: Column, out: Float64Array | Float32Array | Int32Array, offset: number, stride: number, name: string, dtype: ResultDType): void {
  const v = c.values as ArrayLike<number | bigint>;
  for (let i = 0; i < c.length; i++) {
    const x = Number(v[i]);
    if (dtype === 'int32' && !(Number.isInteger(x) && x >= -2147483648 && x <= 2147483647)) {
      throw new ConversionError(`Expected int32 values for '${name}' but received ${x} at row ${i}`, name);
    }
    out[offset + i * stride] = x;
  }
}
