/**
 * Plain-JS reference of the CSV writing kernel (trueno.h: trueno_csv_format): numeric columns as CSV rows, each field
 * the text of `String(value)`, which the C reproduces byte for byte. Also the argument checks every backend but the
 * native one (whose addon checks the same) runs before a call, and the output bound callers size `out` with.
 */
import { describe, rangeError, typeError } from '../errors';
import { DTypeCode } from './ops.generated';

const LF = 10;
const CR = 13;

/** The longest text of one value of each column type ("-0.0000012345678901234567", "-9223372036854775808", ...). */
const WIDTHS = new Map<number, number>([[DTypeCode.float64, 25], [DTypeCode.float32, 25], [DTypeCode.int64, 20], [DTypeCode.int32, 11]]);

/**
 * The most bytes one row of csvFormat's output can take: each column's widest text (raised to the null text's length
 * when a validity mask is given) plus its delimiter or line end.
 * @param types - dtype codes of the columns
 * @param hasValid - whether a validity mask is passed
 * @param nullLength - bytes of the null text
 * @returns the bound
 * @example csvFormatRowBound(Int32Array.of(DTypeCode.float64), false, 0) // 26
 */
export function csvFormatRowBound(types: Int32Array, hasValid: boolean, nullLength: number): number {
  let bound = 0;
  for (const t of types) bound += Math.max(WIDTHS.get(t) ?? 0, hasValid ? nullLength : 0) + 1;
  return bound;
}

/**
 * Checks csvFormat's arguments as the addon and the C do.
 * @throws TypeError / RangeError naming the bad argument
 */
export function checkCsvFormat(columns: Uint8Array, types: Int32Array, rows: number, valid: Uint8Array, delimiter: number,
  nullText: Uint8Array, out: Uint8Array, result: Float64Array): void {
  if (!(types instanceof Int32Array) || types.length === 0) throw typeError(`Expected a non-empty Int32Array for types but received ${describe(types)}`);
  for (const t of types) if (!WIDTHS.has(t)) throw rangeError(`Expected float64, float32, int64 or int32 codes for types but received ${t}`);
  if (!Number.isSafeInteger(rows) || rows < 0) throw rangeError(`Expected an integer >= 0 for rows but received ${describe(rows)}`);
  if (!(columns instanceof Uint8Array) || columns.length !== types.length * rows * 8) {
    throw rangeError(`Expected a Uint8Array of ${types.length * rows * 8} bytes (8 x columns x rows) for columns but received ${describe(columns)}`);
  }
  if (!(valid instanceof Uint8Array) || (valid.length !== 0 && valid.length !== types.length * rows)) {
    throw rangeError(`Expected an empty Uint8Array or one of ${types.length * rows} bytes (columns x rows) for valid but received ${describe(valid)}`);
  }
  if (!Number.isInteger(delimiter) || delimiter < 0 || delimiter > 127 || delimiter === LF || delimiter === CR) {
    throw rangeError(`Expected an ASCII code that is not a line end for delimiter but received ${describe(delimiter)}`);
  }
  if (!(nullText instanceof Uint8Array)) throw typeError(`Expected a Uint8Array for nullText but received ${describe(nullText)}`);
  const bound = rows * csvFormatRowBound(types, valid.length > 0, nullText.length);
  if (!(out instanceof Uint8Array) || out.length < bound) {
    throw rangeError(`Expected a Uint8Array of at least ${bound} bytes (rows x the row bound) for out but received ${describe(out)}`);
  }
  if (!(result instanceof Float64Array) || result.length !== 1) throw typeError(`Expected a Float64Array of 1 for result but received ${describe(result)}`);
}

/** Column col of the packed input as an array of its type (copied: the packed bytes need not be aligned). */
function columnAt(columns: Uint8Array, type: number, col: number, rows: number): ArrayLike<number | bigint> {
  const bytes = columns.slice(col * rows * 8, (col + 1) * rows * 8).buffer;
  if (type === DTypeCode.float64) return new Float64Array(bytes, 0, rows);
  if (type === DTypeCode.float32) return new Float32Array(bytes, 0, rows);
  if (type === DTypeCode.int64) return new BigInt64Array(bytes, 0, rows);
  return new Int32Array(bytes, 0, rows);
}

/**
 * Writes rows of numeric columns as CSV into `out` (see trueno.h: trueno_csv_format): fields joined by `delimiter`,
 * rows ended by LF, each field `String(value)` or, where `valid` (column-major) holds 0, `nullText`.
 * @param columns - column c packed from byte c * rows * 8 (8 bytes a value, 4 for int32 / float32)
 * @param types - the dtype code of each column (float64, float32, int64 or int32)
 * @param rows - rows to write
 * @param valid - empty, or columns x rows bytes, 0 for a null
 * @param delimiter - the field separator's code
 * @param nullText - the text of a null
 * @param out - at least rows x {@link csvFormatRowBound} bytes
 * @param result - [bytes written]
 * @throws TypeError / RangeError for bad arguments (out is then untouched)
 * @example csvFormat(packed, Int32Array.of(DTypeCode.float64), 2, new Uint8Array(0), 44, new Uint8Array(0), out, result)
 */
export function csvFormat(columns: Uint8Array, types: Int32Array, rows: number, valid: Uint8Array, delimiter: number,
  nullText: Uint8Array, out: Uint8Array, result: Float64Array): void {
  checkCsvFormat(columns, types, rows, valid, delimiter, nullText, out, result);
  const cols = Array.from(types, (t, c) => columnAt(columns, t, c, rows));
  let at = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols.length; c++) {
      if (c > 0) out[at++] = delimiter;
      if (valid.length > 0 && valid[c * rows + r] === 0) {
        out.set(nullText, at);
        at += nullText.length;
        continue;
      }
      const text = String(cols[c][r]);
      for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
    }
    out[at++] = LF;
  }
  result[0] = at;
}
