/**
 * Plain-JS reference of the JSON rows kernel (trueno.h: trueno_json_rows): the rows of a JSON array of arrays of
 * numbers into a row-major Float64Array, or a give-up saying where, with the argument checks every backend but the
 * native one (whose addon checks the same) runs before a call. It reads what the C reads and gives the same values:
 * each the double nearest to its token (decimal.ts proves the rounding or gives up); a backend may differ from another
 * only by giving up on a number within 2^-90 of a rounding tie.
 */
import { kernelArray, kernelSize, requireLengths } from './kernel-args';
import { decimalValue } from './decimal';

const SPACE = 32, TAB = 9, LF = 10, CR = 13, COMMA = 44, OPEN = 91, CLOSE = 93, MINUS = 45, PLUS = 43, POINT = 46;
/** The C's bound on a token's digits (it keeps the exponent far from overflow). */
const MAX_DIGITS = 400;
/** The addon's FloatArray: float32 or float64 (then the layout check asks for float64). */
const FLOAT: ReadonlyArray<abstract new (...a: never[]) => Float32Array | Float64Array> = [Float32Array, Float64Array];

/**
 * Checks jsonRows's arguments as the addon does.
 * @param bytes - the text (a Uint8Array)
 * @param maxRows - most rows read (a non-negative integer)
 * @param out - the values' room (a Float64Array)
 * @param result - 4 float64
 * @throws TypeError (ERR_TRUENO_TYPE) for a wrong type, RangeError (ERR_TRUENO_RANGE) for a wrong value or layout
 */
export function checkJsonRows(bytes: Uint8Array, maxRows: number, out: Float64Array, result: Float64Array): void {
  kernelArray(bytes, 'bytes');
  kernelSize(maxRows, 'maxRows');
  kernelArray(out, 'out', FLOAT);
  kernelArray(result, 'result', FLOAT);
  requireLengths(bytes instanceof Uint8Array && out instanceof Float64Array && result instanceof Float64Array && result.length === 4,
    'bytes: uint8, out: float64, result: 4 float64');
}

function skip(t: Uint8Array, i: number): number {
  for (let c = t[i]; c === SPACE || c === LF || c === CR || c === TAB; c = t[++i]);
  return i;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The end of the number token scanned by {@link scanNumber}, or -1. */
let tokenEnd = 0;

/** The number token at t[i] (as the C's scan_number): its value with tokenEnd past it, or NaN with tokenEnd -1. */
function scanNumber(t: Uint8Array, i: number): number {
  const neg = t[i] === MINUS;
  if (neg) i++;
  const digitsStart = i;
  // zeros after the first nonzero digit wait until a nonzero digit follows: trailing zeros cost no significant digits
  let mant = 0, significant = 0, zeros = 0, digits = 0, exp = 0;
  const digit = (d: number): boolean => {
    if (++digits > MAX_DIGITS) return false;
    if (d === 0) {
      if (significant > 0) zeros++;
      return true;
    }
    significant += zeros + 1;
    for (; zeros > 0; zeros--) mant *= 10;
    mant = mant * 10 + d;
    return significant <= 19;
  };
  if (t[i] === 48) i++;
  else if (isDigit(t[i])) {
    for (; isDigit(t[i]); i++) if (!digit(t[i] - 48)) return fail();
  } else return fail();
  if (t[i] === POINT) {
    if (!isDigit(t[++i])) return fail();
    for (; isDigit(t[i]); i++, exp--) if (!digit(t[i] - 48)) return fail();
  }
  const trailing = zeros;
  exp += trailing;
  const digitsEnd = i;
  if ((t[i] | 0x20) === 101) {
    i++;
    let eneg = false;
    if (t[i] === MINUS || t[i] === PLUS) eneg = t[i++] === MINUS;
    if (!isDigit(t[i])) return fail();
    let ev = 0;
    for (; isDigit(t[i]); i++) if (ev < 100000) ev = ev * 10 + t[i] - 48;
    exp += eneg ? -ev : ev;
  }
  const v = decimalValue(mant, exp, t, digitsStart, digitsEnd, trailing);
  if (v !== v) return fail();
  tokenEnd = i;
  return neg ? -v : v;
}

function fail(): number {
  tokenEnd = -1;
  return NaN;
}

/**
 * The reference kernel: see trueno.h.
 * @param bytes - the text, starting at the array's '['
 * @param maxRows - most rows read (a row past them gives up)
 * @param out - receives the first out.length values, row-major
 * @param result - [rows, width, bytes used, values], or [-1, row, column, byte] for a give-up
 */
export function jsonRows(bytes: Uint8Array, maxRows: number, out: Float64Array, result: Float64Array): void {
  checkJsonRows(bytes, maxRows, out, result);
  // a typed array reads undefined past its end, which is no token, space or bracket: the scan stops there as the C
  const t = bytes, capacity = out.length;
  let i = 0, rows = 0, width = 0, values = 0, rowValues = 0;
  const giveUp = (): void => {
    result[0] = -1;
    result[1] = rows;
    result[2] = rowValues;
    result[3] = Math.min(i, t.length);
  };
  if (t[0] !== OPEN) return giveUp();
  i = skip(t, 1);
  if (t[i] === CLOSE) return giveUp();
  for (;;) {
    rowValues = 0;
    if (t[i] !== OPEN || rows === maxRows) return giveUp();
    const rowStart = i;
    i = skip(t, i + 1);
    if (t[i] === CLOSE) i++;
    else {
      for (;;) {
        const v = scanNumber(t, i);
        if (tokenEnd < 0) return giveUp();
        if (values < capacity) out[values] = v;
        values++;
        rowValues++;
        i = skip(t, tokenEnd);
        if (t[i] === CLOSE) {
          i++;
          break;
        }
        if (t[i] !== COMMA) return giveUp();
        i = skip(t, i + 1);
      }
    }
    if (rows === 0) width = rowValues;
    else if (rowValues !== width) {
      i = rowStart;
      rowValues = Math.min(width, rowValues);
      return giveUp();
    }
    rows++;
    rowValues = 0;
    i = skip(t, i);
    if (t[i] === CLOSE) {
      i++;
      break;
    }
    if (t[i] !== COMMA) return giveUp();
    i = skip(t, i + 1);
  }
  result[0] = rows;
  result[1] = width;
  result[2] = i;
  result[3] = values;
}
