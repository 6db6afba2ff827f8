/**
 * Plain-JS reference of the CSV kernel (trueno.h: trueno_csv_numeric): plain numeric CSV text into typed columns, or
 * a give-up (result[0] = -1) for anything else, with the argument checks every backend but the native one (whose
 * addon checks the same) runs before a call. It reads what the C reads and gives the same values: each the double
 * nearest to its text (decimal.ts proves the rounding or gives up); a backend may differ from another only by giving
 * up on a number within 2^-90 of a rounding tie.
 */
import { describe, rangeError, typeError } from '../errors';
import { decimalValue } from './decimal';
import { DTypeCode } from './ops.generated';
import { kernelInt } from './kernel-args';

const LF = 10;
const CR = 13;
const FLOAT_CODES = new Set<number>([DTypeCode.float64, DTypeCode.float32]);
const CODES = new Set<number>([DTypeCode.float64, DTypeCode.float32, DTypeCode.int64, DTypeCode.int32]);

/** The delimiters the kernel refuses: line ends and the characters of a number. */
function badDelimiter(d: number): boolean {
  return d === LF || d === CR || (d >= 48 && d <= 57) || d === 46 || d === 45 || d === 43 || d === 101 || d === 69;
}

/**
 * Checks csvNumeric's arguments as the addon does.
 * @throws TypeError / RangeError naming the bad argument
 */
export function checkCsvNumeric(bytes: Uint8Array, delimiter: number, final: number, types: Int32Array, capacity: number,
  out: Uint8Array, result: Float64Array): void {
  if (!(bytes instanceof Uint8Array)) throw typeError(`Expected a Uint8Array for bytes but received ${describe(bytes)}`);
  if (!Number.isInteger(delimiter) || delimiter < 0 || delimiter > 127 || badDelimiter(delimiter)) {
    throw rangeError(`Expected an ASCII code that is not a line end or part of a number for delimiter but received ${describe(delimiter)}`);
  }
  // any 32-bit integer, as the addon reads it: the C takes every non-zero value as true
  kernelInt(final, 'final');
  if (!(types instanceof Int32Array) || types.length === 0) throw typeError(`Expected a non-empty Int32Array for types but received ${describe(types)}`);
  for (const t of types) if (!CODES.has(t)) throw rangeError(`Expected float64, float32, int64 or int32 codes for types but received ${t}`);
  if (!Number.isSafeInteger(capacity) || capacity < 0) throw rangeError(`Expected an integer >= 0 for capacity but received ${describe(capacity)}`);
  if (!(out instanceof Uint8Array) || out.length !== types.length * capacity * 8) {
    throw rangeError(`Expected a Uint8Array of ${types.length * capacity * 8} bytes (8 x columns x capacity) for out but received ${describe(out)}`);
  }
  if (!(result instanceof Float64Array) || result.length !== 2) throw typeError(`Expected a Float64Array of 2 for result but received ${describe(result)}`);
}

/** The scan position; -1 after a field that is not plain. */
let at = 0;

function endsField(b: Uint8Array, i: number, end: number, delimiter: number): boolean {
  if (i === end) return true;
  const c = b[i];
  return c === delimiter || c === LF || c === CR;
}

/** A plain decimal float at b[at...] (as the C's scan_float): the nearest double, or NaN with at = -1. */
function scanFloat(b: Uint8Array, end: number, delimiter: number): number {
  let i = at;
  let neg = false;
  if (i < end && (b[i] === 45 || b[i] === 43)) neg = b[i++] === 45;
  const digitsStart = i;
  // zeros after the first nonzero digit wait until a nonzero digit follows: trailing zeros cost no significant digits
  let mant = 0;
  let significant = 0;
  let zeros = 0;
  let digits = 0;
  let exp = 0;
  let d = 0;
  let point = false;
  for (; i < end; i++) {
    if (b[i] === 46 && !point) {
      point = true;
      continue;
    }
    d = b[i] - 48;
    if (d < 0 || d > 9) break;
    digits++;
    if (point) exp--;
    if (d === 0) {
      if (significant > 0) zeros++;
      continue;
    }
    significant += zeros + 1;
    for (; zeros > 0; zeros--) mant *= 10;
    mant = mant * 10 + d;
  }
  const trailing = zeros;
  exp += trailing;
  const digitsEnd = i;
  if (digits === 0 || digits > 400 || significant > 19) return fail();
  if (i < end && (b[i] | 0x20) === 101) {
    i++;
    let eneg = false;
    if (i < end && (b[i] === 45 || b[i] === 43)) eneg = b[i++] === 45;
    const es = i;
    let ev = 0;
    for (; i < end && (d = b[i] - 48) >= 0 && d <= 9; i++) if (ev < 100000) ev = ev * 10 + d;
    if (i === es) return fail();
    exp += eneg ? -ev : ev;
  }
  if (!endsField(b, i, end, delimiter)) return fail();
  const v = decimalValue(mant, exp, b, digitsStart, digitsEnd, trailing);
  if (v !== v) return fail();
  at = i;
  return neg ? -v : v;
}

/** A plain decimal integer of at most 18 digits at b[at...]: a number when safe, else a bigint; at = -1 if not one. */
function scanInt(b: Uint8Array, end: number, delimiter: number): number | bigint {
  let i = at;
  let neg = false;
  if (i < end && (b[i] === 45 || b[i] === 43)) neg = b[i++] === 45;
  const s = i;
  let v = 0;
  let d = 0;
  for (; i < end && (d = b[i] - 48) >= 0 && d <= 9; i++) v = v * 10 + d;
  if (i === s || i - s > 18 || !endsField(b, i, end, delimiter)) return fail();
  at = i;
  if (i - s <= 15) return neg ? -v : v;
  let big = 0n;
  for (let k = s; k < i; k++) big = big * 10n + BigInt(b[k] - 48);
  return neg ? -big : big;
}

function fail(): number {
  at = -1;
  return NaN;
}

/**
 * The reference kernel: see trueno.h. Sequential (the C's parts give the same rows in the same places).
 * @param bytes - the text, starting at a row
 * @param delimiter - the field separator's code
 * @param final - 1 when no text follows (a last row may lack its line end)
 * @param types - dtype code per column
 * @param capacity - most rows read
 * @param out - 8 x columns x capacity bytes; column c from byte c * capacity * 8
 * @param result - [rows, bytes used], or [-1, 0] for a give-up
 */
export function csvNumeric(bytes: Uint8Array, delimiter: number, final: number, types: Int32Array, capacity: number,
  out: Uint8Array, result: Float64Array): void {
  checkCsvNumeric(bytes, delimiter, final, types, capacity, out, result);
  result[0] = -1;
  result[1] = 0;
  let end = bytes.length;
  if (!final) while (end > 0 && bytes[end - 1] !== LF) end--;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const width = types.length;
  let row = 0;
  at = 0;
  while (at < end && row < capacity) {
    for (let col = 0; col < width; col++) {
      const type = types[col];
      // each column's values lie packed from byte col * capacity * 8: 8 bytes each, 4 for int32 and float32
      const place = col * capacity * 8 + row * (type === DTypeCode.int32 || type === DTypeCode.float32 ? 4 : 8);
      if (FLOAT_CODES.has(type)) {
        const v = scanFloat(bytes, end, delimiter);
        if (at < 0) return;
        if (type === DTypeCode.float64) view.setFloat64(place, v, true);
        else view.setFloat32(place, v, true);
      } else {
        const v = scanInt(bytes, end, delimiter);
        if (at < 0) return;
        if (type === DTypeCode.int64) view.setBigInt64(place, typeof v === 'bigint' ? v : BigInt(v), true);
        else if (typeof v === 'number' && v >= -2147483648 && v <= 2147483647) view.setInt32(place, v, true);
        else return;
      }
      if (col + 1 < width) {
        if (at === end || bytes[at] !== delimiter) return;
        at++;
      }
    }
    if (at < end && bytes[at] === CR) at++;
    if (at < end) {
      if (bytes[at] !== LF) return;
      at++;
    } else if (final === 0) {
      return;
    }
    row++;
  }
  result[0] = row;
  result[1] = row === capacity && at < end ? at : final ? bytes.length : end;
}
