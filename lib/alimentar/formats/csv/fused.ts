/**
 * The fast path for all-numeric CSV: trueno's CSV kernel (trueno.h: trueno_csv_numeric) reads a batch of rows
 * straight into typed columns, on every core with the native backend, with no field offsets stored and no string per
 * value. It only accepts what it converts exactly as the general path does (plain unquoted decimals, no null markers,
 * no blank lines, every row of the expected width); on anything else it gives up and the caller parses the same rows
 * with the general path, which also reports errors.
 */
import { kernels } from '../../../trueno/backend/loader';
import { DTypeCode } from '../../../trueno/backend/kernels';
import { csvNumeric } from '../../../trueno/backend/reference-csv';

/** The numeric column types the fast path fills. */
export type FusedType = 'int64' | 'int32' | 'float64' | 'float32';

/** Columns of a run of complete rows. */
export interface FusedBatch {
  columns: (BigInt64Array | Int32Array | Float64Array | Float32Array)[];
  rows: number;
  /** Offset just past the last complete row. */
  consumed: number;
}

const ARRAYS = { int64: BigInt64Array, int32: Int32Array, float64: Float64Array, float32: Float32Array } as const;

/** The kernel of the loaded backend, or the plain-JS reference where no backend can load (it needs none). */
function kernel(): typeof csvNumeric {
  try {
    return kernels().csvNumeric;
  } catch {
    return csvNumeric;
  }
}

/**
 * Parses up to `maxRows` complete rows from bytes[from, to) straight into typed columns.
 * @param bytes - the data
 * @param from - start of a row
 * @param to - end of the available bytes
 * @param final - no bytes follow `to` (a last row without a line end is complete)
 * @param types - one numeric type per column
 * @param maxRows - most rows to take
 * @param delimiter - the field separator
 * @returns the columns, or undefined when the rows are not plain numbers of their types (use the general path)
 */
export function parseNumericRows(
  bytes: Uint8Array, from: number, to: number, final: boolean, types: FusedType[], maxRows: number, delimiter: number,
): FusedBatch | undefined {
  const width = types.length;
  // Rows are at least 2 bytes per field (a digit and a separator), which bounds the rows this chunk can hold.
  const capacity = Math.max(0, Math.min(maxRows, Math.ceil((to - from) / (2 * width)) + 1));
  const out = new Uint8Array(width * capacity * 8);
  const result = new Float64Array(2);
  const codes = Int32Array.from(types, (t) => DTypeCode[t]);
  kernel()(bytes.subarray(from, to), delimiter, final ? 1 : 0, codes, capacity, out, result);
  const rows = result[0];
  if (rows < 0) return undefined;
  // The columns are views of the one output (a fresh copy costs its page faults again, ~40 ms per million rows of
  // three columns) unless the rows filled less than half of it: then copies free the room they did not use.
  const copy = rows * 2 < capacity;
  const columns = types.map((t, c) => {
    const view = new ARRAYS[t](out.buffer, c * capacity * 8, rows);
    return (copy ? view.slice() : view) as FusedBatch['columns'][number];
  });
  return { columns, rows, consumed: from + result[1] };
}
