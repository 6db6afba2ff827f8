/**
 * The fast path for all-numeric CSV: one pass over the bytes that finds each field and converts it into its typed
 * column at once, with no field offsets stored and no string per value (csv-tokenize.ts + csv-columns.ts store offsets
 * first, which costs two more passes over memory). It only accepts what it can convert exactly as the general path
 * does: plain unquoted decimals, no null markers, no blank lines, every row of the expected width. On anything else it
 * gives up (returns undefined) and the caller parses the same rows with the general path, which also reports errors.
 */
import { MAX_EXACT, POW10, latin1, longDecimal } from './numbers';

const LF = 10;
const CR = 13;

/** The numeric column types the fast path fills. */
export type FusedType = 'int64' | 'int32' | 'float64' | 'float32';

/** Columns of a run of complete rows. */
export interface FusedBatch {
  columns: (BigInt64Array | Int32Array | Float64Array | Float32Array)[];
  rows: number;
  /** Offset just past the last complete row. */
  consumed: number;
}

/** End of the last scanned field, or -1 when the field is not a plain number. */
let fieldEnd = 0;

function endsField(c: number, delimiter: number): boolean {
  return c === delimiter || c === LF || c === CR;
}

/** A plain decimal float at bytes[i...]: sign, digits, '.', digits, exponent; sets fieldEnd (-1 when it is not one). */
function scanFloat(b: Uint8Array, i: number, to: number, delimiter: number): number {
  const s = i;
  let neg = false;
  if (i < to && b[i] === 45) {
    neg = true;
    i++;
  } else if (i < to && b[i] === 43) i++;
  const digitsStart = i;
  let mant = 0;
  let d = 0;
  while (i < to && (d = b[i] - 48) >= 0 && d <= 9) {
    mant = mant * 10 + d;
    i++;
  }
  let digits = i - digitsStart;
  let exp = 0;
  if (i < to && b[i] === 46) {
    const f = ++i;
    while (i < to && (d = b[i] - 48) >= 0 && d <= 9) {
      mant = mant * 10 + d;
      i++;
    }
    digits += i - f;
    exp = f - i;
  }
  if (digits === 0) {
    fieldEnd = -1;
    return 0;
  }
  const digitsEnd = i;
  if (i < to && (b[i] | 0x20) === 101) {
    i++;
    let eneg = false;
    if (i < to && b[i] === 45) {
      eneg = true;
      i++;
    } else if (i < to && b[i] === 43) i++;
    const es = i;
    let ev = 0;
    while (i < to && (d = b[i] - 48) >= 0 && d <= 9) {
      ev = ev * 10 + d;
      i++;
    }
    if (i === es) {
      fieldEnd = -1;
      return 0;
    }
    exp += eneg ? -ev : ev;
  }
  if (i < to && !endsField(b[i], delimiter)) {
    fieldEnd = -1;
    return 0;
  }
  fieldEnd = i;
  if (mant < MAX_EXACT && exp >= -22 && exp <= 22) {
    const v = exp < 0 ? mant / POW10[-exp] : mant * POW10[exp];
    return neg ? -v : v;
  }
  const v = longDecimal(b, digitsStart, digitsEnd, exp);
  if (v === v) return neg ? -v : v;
  return Number(latin1(b, s, i));
}

/** A plain decimal integer of at most 15 digits at bytes[i...]; sets fieldEnd (-1 when it is not one). */
function scanInt(b: Uint8Array, i: number, to: number, delimiter: number): number {
  let neg = false;
  if (i < to && b[i] === 45) {
    neg = true;
    i++;
  } else if (i < to && b[i] === 43) i++;
  const s = i;
  let v = 0;
  let d = 0;
  while (i < to && (d = b[i] - 48) >= 0 && d <= 9) {
    v = v * 10 + d;
    i++;
  }
  if (i === s || i - s > 15 || (i < to && !endsField(b[i], delimiter))) {
    fieldEnd = -1;
    return 0;
  }
  fieldEnd = i;
  return neg ? -v : v;
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
 * @returns the columns, or undefined when a field is not a plain number of its type (the caller uses the general path)
 */
export function parseNumericRows(
  bytes: Uint8Array, from: number, to: number, final: boolean, types: FusedType[], maxRows: number, delimiter: number,
): FusedBatch | undefined {
  const width = types.length;
  // Rows are at least 2 bytes per field (a digit and a separator), which bounds the rows this chunk can hold.
  const capacity = Math.max(0, Math.min(maxRows, Math.ceil((to - from) / (2 * width)) + 1));
  const columns = types.map((t) => (t === 'int64' ? new BigInt64Array(capacity) : t === 'int32' ? new Int32Array(capacity) : t === 'float64' ? new Float64Array(capacity) : new Float32Array(capacity)));
  const words = columns.map((c, k) => (types[k] === 'int64' ? new Uint32Array(c.buffer, c.byteOffset, c.length * 2) : undefined));
  const floats = columns.map((c, k) => (types[k] === 'float64' || types[k] === 'float32' ? (c as Float64Array) : undefined));
  const ints = columns.map((c, k) => (types[k] === 'int32' ? (c as Int32Array) : undefined));
  let rows = 0;
  let i = from;
  let consumed = from;
  while (rows < capacity && i < to) {
    for (let k = 0; k < width; k++) {
      const f = floats[k];
      if (f !== undefined) {
        f[rows] = scanFloat(bytes, i, to, delimiter);
      } else {
        const v = scanInt(bytes, i, to, delimiter);
        if (fieldEnd < 0) return undefined;
        const w = words[k];
        if (w !== undefined) {
          w[2 * rows] = v >>> 0;
          w[2 * rows + 1] = Math.floor(v / 4294967296) >>> 0;
        } else if (v < -2147483648 || v > 2147483647) {
          return undefined;
        } else {
          ints[k]![rows] = v;
        }
      }
      if (fieldEnd < 0) return undefined;
      i = fieldEnd;
      if (i >= to) {
        if (!final || k !== width - 1) return finish(columns, rows, consumed, final, k === width - 1);
        break;
      }
      const c = bytes[i];
      if (k < width - 1) {
        if (c !== delimiter) return undefined;
        i++;
      } else if (c === LF) {
        i++;
      } else if (c === CR) {
        if (i + 1 >= to && !final) return finish(columns, rows, consumed, final, false);
        i += bytes[i + 1] === LF ? 2 : 1;
      } else {
        return undefined;
      }
    }
    rows++;
    consumed = i;
    // A blank line next is skipped by the general path: leave it to that path.
    if (i < to && (bytes[i] === LF || bytes[i] === CR)) break;
  }
  return { columns: columns.map((c) => c.subarray(0, rows)), rows, consumed };
}

/** The rows before an incomplete last one (a non-final chunk), or a give-up for a short last row. */
function finish(columns: FusedBatch['columns'], rows: number, consumed: number, final: boolean, complete: boolean): FusedBatch | undefined {
  if (final && !complete) return undefined;
  return { columns: columns.map((c) => c.subarray(0, rows)), rows, consumed };
}
