/**
 * The fast path for the usual predict body, `{"instances": [[5.1, 3.5, ...], ...]}` with an optional `"proba": true`:
 * one pass over the text that reads the numbers straight into a Float64Array, with no array per row and no boxed
 * number per cell (JSON.parse of 1,000 rows of 20 features builds 21,000 objects, then each cell is checked and copied
 * again). The rows are read by trueno's JSON rows kernel (trueno.h: trueno_json_rows; C on the native and WASM
 * backends, its plain-JS reference elsewhere), which accepts only what it reads exactly as JSON.parse would (number
 * tokens of JSON's grammar whose double is provably the nearest, every row of one width). The envelope around them is
 * read here: one object with the keys `instances` and `proba` (true or false), each at most once, written without
 * escapes. On anything else it returns null, and the body
 * goes through JSON.parse and the checks that name the bad value; so what it refuses is always explained the same way.
 * It reads the body's bytes, not a string: decoding a body of a few hundred KB into a fresh string costs more than
 * scanning it (a large allocation is fresh pages every time).
 */
import { kernels } from '../trueno/backend/loader';
import { jsonRows } from '../trueno/backend/reference-json-rows';

/** A predict body read by {@link scanPredictBody}: `width` numbers per row, row-major. */
export class ScannedBody {
  /**
   * @param data - nRows x width values
   * @param nRows - rows
   * @param width - values per row
   * @param proba - whether `"proba": true` was given
   */
  constructor(readonly data: Float64Array, readonly nRows: number, readonly width: number, readonly proba: boolean) {}
}

const SPACE = 32, TAB = 9, LF = 10, CR = 13, QUOTE = 34, BACKSLASH = 92;
const COMMA = 44, COLON = 58, OPEN = 91, CLOSE = 93, BRACE = 123, CLOSE_BRACE = 125;

function skip(t: Uint8Array, i: number): number {
  for (let c = t[i]; c === SPACE || c === LF || c === CR || c === TAB; c = t[++i]);
  return i;
}

/** Where the rows read by {@link scanRows} end (just past their `]`). */
let rowsEnd = 0;
/** Rows are read into this (kept: a fresh large array per request costs fresh pages), then copied out at their size. */
let scratch = new Float64Array(4096);
const result = new Float64Array(4);

/** The loaded backend's kernel, or the plain-JS reference where no backend can load (it needs none). */
function kernel(): typeof jsonRows {
  try {
    return kernels().jsonRows;
  } catch {
    return jsonRows;
  }
}

/** The rows of `instances` at t[i] (its `[`): the values, or null; `rowsEnd` is set past its `]`. */
function scanRows(t: Uint8Array, i: number, maxRows: number): { data: Float64Array; nRows: number; width: number } | null {
  const rows = t.subarray(i);
  const read = kernel();
  read(rows, maxRows, scratch, result);
  if (result[0] < 0) return null;
  const n = result[3];
  if (n > scratch.length) {
    // more values than the scratch holds: grow it to fit them all, and read again
    scratch = new Float64Array(Math.max(n, 2 * scratch.length));
    read(rows, maxRows, scratch, result);
    if (result[0] < 0) return null;
  }
  rowsEnd = i + result[2];
  return { data: scratch.slice(0, n), nRows: result[0], width: result[1] };
}

/** A key without escapes at t[i] (its quote), as its bytes [keyStart, keyEnd - 1), or false. */
let keyStart = 0, keyEnd = 0;
function scanKey(t: Uint8Array, i: number): boolean {
  if (t[i] !== QUOTE) return false;
  const close = t.indexOf(QUOTE, i + 1);
  if (close < 0 || t.subarray(i + 1, close).includes(BACKSLASH)) return false;
  keyStart = i + 1;
  keyEnd = close + 1;
  return true;
}

/** Whether t[at...] spells the ASCII word. */
function spells(t: Uint8Array, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (t[at + k] !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Reads a predict body of the usual shape straight into rows.
 * @param t - the body's bytes (UTF-8)
 * @param maxRows - the server's rows limit (past it the checks answer)
 * @returns the rows and proba, or null for any other body (which JSON.parse and the checks then handle)
 * @example scanPredictBody(Buffer.from('{"instances": [[1, 2], [3, 4]]}'), 100)?.nRows; // 2
 */
export function scanPredictBody(t: Uint8Array, maxRows: number): ScannedBody | null {
  let i = skip(t, 0);
  if (t[i] !== BRACE) return null;
  let rows: ReturnType<typeof scanRows> = null;
  let proba: boolean | undefined;
  i = skip(t, i + 1);
  for (;;) {
    if (!scanKey(t, i)) return null;
    const length = keyEnd - 1 - keyStart;
    i = skip(t, keyEnd);
    if (t[i] !== COLON) return null;
    i = skip(t, i + 1);
    if (length === 9 && spells(t, keyStart, 'instances') && rows === null) {
      rows = scanRows(t, i, maxRows);
      if (rows === null) return null;
      i = rowsEnd;
    } else if (length === 5 && spells(t, keyStart, 'proba') && proba === undefined) {
      if (spells(t, i, 'true')) proba = true;
      else if (spells(t, i, 'false')) proba = false;
      else return null;
      i += proba ? 4 : 5;
    } else {
      return null;
    }
    i = skip(t, i);
    const c = t[i];
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) return null;
    i = skip(t, i + 1);
  }
  if (rows === null || skip(t, i + 1) !== t.length) return null;
  return new ScannedBody(rows.data, rows.nRows, rows.width, proba === true);
}
