/**
 * What a dataset shows about itself: its printed form (shape, schema and first rows as the CLI's aligned table) and
 * describe() (pandas-style summary statistics of the numeric columns).
 */
import { Float64, Precision, Table, Type, Utf8, Vector, vectorFromArray, type Schema } from 'apache-arrow';
import { cell, renderTable } from '../common/format';
import { isNumeric } from './types';

/** Rows shown when a dataset is printed (as `head()`). */
export const PRINTED_ROWS = 5;

/** The statistics {@link describeTable} computes, in row order. */
export const STATISTICS = ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max', 'nulls'] as const;

/**
 * The printed form of a dataset: a line with its shape, a line with its schema, then the first rows as the CLI's
 * table (lib/common/format) and how many rows were left out.
 * @param schema - the columns
 * @param numRows - all rows
 * @param head - the first rows (at most {@link PRINTED_ROWS}) as plain objects
 * @returns the text
 */
export function renderDatasetText(schema: Schema, numRows: number, head: Record<string, unknown>[]): string {
  const names = schema.fields.map((f) => f.name);
  const lines = [`ArrowDataset: ${numRows} ${numRows === 1 ? 'row' : 'rows'} × ${names.length} ${names.length === 1 ? 'column' : 'columns'}`];
  const fields = schema.fields.map((f) => `${f.name}: ${String(f.type)}${f.nullable ? '' : ' not null'}`);
  lines.push(`schema: ${fields.length > 0 ? fields.join(', ') : '(no columns)'}`);
  // Rows without columns have nothing to show: all of them count as left out.
  const shown = names.length > 0 ? head.length : 0;
  if (names.length > 0) lines.push(renderTable(names, head.map((r) => names.map((c) => cell(r[c])))));
  const rest = numRows - shown;
  if (rest > 0) lines.push(`... ${rest} more ${rest === 1 ? 'row' : 'rows'}`);
  return lines.join('\n');
}

/** The non-missing values of a numeric column as numbers (nulls and NaN left out, as pandas' skipna), and how many were missing. */
function present(v: Vector): { values: Float64Array; missing: number } {
  // Float16 columns hand out their raw 16-bit patterns from toArray(): read those one value at a time.
  const half = v.type.typeId === Type.Float && v.type.precision === Precision.HALF;
  const raw = half ? undefined : (v.toArray() as ArrayLike<number | bigint>);
  const out = new Float64Array(v.length);
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (v.nullCount > 0 && !v.isValid(i)) continue;
    const x = Number(raw ? raw[i] : v.get(i));
    if (!Number.isNaN(x)) out[n++] = x;
  }
  return { values: out.subarray(0, n), missing: v.length - n };
}

/** The q-quantile of sorted values by linear interpolation (pandas' and numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The statistics of one column, in {@link STATISTICS} order. */
function columnStats(v: Vector): number[] {
  const { values, missing } = present(v);
  const n = values.length;
  let sum = 0;
  for (const x of values) sum += x;
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (const x of values) ss += (x - mean) * (x - mean);
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  const sorted = values.slice().sort();
  return [n, mean, std, n > 0 ? sorted[0] : NaN, quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75), n > 0 ? sorted[n - 1] : NaN, missing];
}

/**
 * pandas' `describe()` of the numeric (integer and float) columns, plus a row of null counts.
 * @param table - the data
 * @returns a table with a utf8 `statistic` column (`_statistic` when a column has that name, and so on) (count, mean, std, min, 25%, 50%, 75%, max, nulls) and one float64
 *   column per numeric column
 */
export function describeTable(table: Table): Table {
  let label = 'statistic';
  while (table.schema.fields.some((f) => f.name === label)) label = `_${label}`;
  const columns: Record<string, Vector> = { [label]: vectorFromArray([...STATISTICS], new Utf8()) };
  for (const f of table.schema.fields) {
    if (!isNumeric(f.type)) continue;
    columns[f.name] = vectorFromArray(columnStats(table.getChild(f.name)!), new Float64());
  }
  return new Table(columns);
}
