/**
 * Which columns to write without a dictionary although dictionaries are on. A Parquet writer (pyarrow's and the Rust
 * crate's alike) dictionary-encodes a column chunk until its dictionary page passes 1 MB, then writes the rest of the
 * chunk plain: for a column of nearly all distinct numbers (ids, measurements) the dictionary is built, hashed value by
 * value, only to be abandoned. In parquet-wasm that doomed attempt was three quarters of the write time of the bench
 * table (1M rows: id, g, x). So a numeric column whose values are nearly all distinct in every row group, judged from
 * a sample, is written plain from the start; a column whose dictionary could fit keeps it. The file reads back the
 * same either way; only the encoding of the first pages of such a column differs.
 */
import type { Table } from 'apache-arrow';
import { Type } from 'apache-arrow';

/** The Rust writer's dictionary page limit (parquet's DEFAULT_DICTIONARY_PAGE_SIZE_LIMIT), as pyarrow's. */
const DICTIONARY_PAGE_LIMIT = 1 << 20;
/** Values sampled per row group. */
const SAMPLE = 4096;

/**
 * Whether the rows [start, end) of a column surely hold more distinct values than `limit`: among m sampled rows (at
 * random places, each row once) with r repeated values, the distinct count is about m^2 / 2r; a column is judged
 * doomed only when that estimate is 4x the limit, so a column whose dictionary fits (limit distinct values or fewer
 * give m^2 / 2limit repeats on average, 64 for float64) is kept with overwhelming probability.
 */
function surelyOverflows(get: (row: number) => unknown, start: number, end: number, limit: number): boolean {
  const rows = end - start;
  if (rows <= limit) return false;
  const rowsSeen = new Set<number>();
  const valuesSeen = new Set<unknown>();
  let state = 0x9e3779b9;
  for (let i = 0; i < SAMPLE; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // a fixed LCG: the same choice for the same table
    const row = start + Math.floor((state / 2 ** 32) * rows);
    if (rowsSeen.has(row)) continue;
    rowsSeen.add(row);
    valuesSeen.add(get(row));
  }
  const m = rowsSeen.size;
  return m - valuesSeen.size < (m * m) / (8 * limit);
}

/**
 * The names of the numeric columns whose dictionary would overflow in every row group (see the module comment).
 * @param table - the table to write
 * @param rowGroupSize - rows per row group
 * @returns the column names to write without a dictionary
 */
export function plainColumns(table: Table, rowGroupSize: number): string[] {
  const names: string[] = [];
  for (const [c, field] of table.schema.fields.entries()) {
    if (field.typeId !== Type.Int && field.typeId !== Type.Float) continue;
    const vector = table.getChildAt(c)!;
    const values = vector.data[0]?.values as { BYTES_PER_ELEMENT?: number } | undefined;
    if (!values?.BYTES_PER_ELEMENT) continue;
    const limit = DICTIONARY_PAGE_LIMIT / values.BYTES_PER_ELEMENT;
    const get = (row: number) => vector.get(row);
    let doomed = table.numRows > 0;
    for (let start = 0; start < table.numRows && doomed; start += rowGroupSize) {
      doomed = surelyOverflows(get, start, Math.min(table.numRows, start + rowGroupSize), limit);
    }
    if (doomed) names.push(field.name);
  }
  return names;
}
