/**
 * The fast path for the usual predict body, `{"instances": [[5.1, 3.5, ...], ...]}` with an optional `"proba": true`:
 * one pass over the text that reads the numbers straight into a Float64Array, with no array per row and no boxed
 * number per cell (JSON.parse of 1,000 rows of 20 features builds 21,000 objects, then each cell is checked and copied
 * again). It accepts only what it reads exactly as JSON.parse would (numbers through alimentar's JSON number scanner,
 * equal to Number(text)): one object with the keys `instances` (rows of finite numbers, every row of one width) and
 * `proba` (true or false), each at most once, written without escapes. On anything else it returns null, and the body
 * goes through JSON.parse and the checks that name the bad value; so what it refuses is always explained the same way.
 */
import { scanNumber, scannedEnd } from '../alimentar/formats/json/scan';

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

const SPACE = 32, TAB = 9, LF = 10, CR = 13, QUOTE = 34;
const COMMA = 44, COLON = 58, OPEN = 91, CLOSE = 93, BRACE = 123, CLOSE_BRACE = 125;

function skip(t: string, i: number): number {
  for (let c = t.charCodeAt(i); c === SPACE || c === LF || c === CR || c === TAB; c = t.charCodeAt(++i));
  return i;
}

/** The rows of `instances` at t[i] (its `[`): the values, or null; `rowsEnd` is set past its `]`. */
let rowsEnd = 0;
function scanRows(t: string, i: number, maxRows: number): { data: Float64Array; nRows: number; width: number } | null {
  const end = t.length;
  let data = new Float64Array(256);
  let n = 0, nRows = 0, width = -1;
  i = skip(t, i + 1);
  if (t.charCodeAt(i) === CLOSE) return null; // no rows: the checks name it
  for (;;) {
    if (t.charCodeAt(i) !== OPEN || nRows === maxRows) return null;
    const rowStart = n;
    i = skip(t, i + 1);
    if (t.charCodeAt(i) !== CLOSE) {
      for (;;) {
        const v = scanNumber(t, i, end);
        i = scannedEnd();
        if (i < 0 || !Number.isFinite(v)) return null;
        if (n === data.length) {
          const grown = new Float64Array(2 * n);
          grown.set(data);
          data = grown;
        }
        data[n++] = v;
        i = skip(t, i);
        const c = t.charCodeAt(i);
        if (c === CLOSE) break;
        if (c !== COMMA) return null;
        i = skip(t, i + 1);
      }
    }
    if (width < 0) width = n - rowStart;
    else if (n - rowStart !== width) return null;
    nRows++;
    i = skip(t, i + 1);
    const c = t.charCodeAt(i);
    if (c === CLOSE) break;
    if (c !== COMMA) return null;
    i = skip(t, i + 1);
  }
  rowsEnd = i + 1;
  // a view would carry the spare capacity into a worker's copy: trim it
  return { data: n === data.length ? data : data.slice(0, n), nRows, width };
}

/** A key without escapes at t[i] (its quote), or null; `keyEnd` is set past its closing quote. */
let keyEnd = 0;
function scanKey(t: string, i: number): string | null {
  if (t.charCodeAt(i) !== QUOTE) return null;
  const close = t.indexOf('"', i + 1);
  if (close < 0) return null;
  const key = t.slice(i + 1, close);
  if (key.includes('\\')) return null;
  keyEnd = close + 1;
  return key;
}

/**
 * Reads a predict body of the usual shape straight into rows.
 * @param t - the body text
 * @param maxRows - the server's rows limit (past it the checks answer)
 * @returns the rows and proba, or null for any other body (which JSON.parse and the checks then handle)
 * @example scanPredictBody('{"instances": [[1, 2], [3, 4]]}', 100)?.nRows; // 2
 */
export function scanPredictBody(t: string, maxRows: number): ScannedBody | null {
  let i = skip(t, 0);
  if (t.charCodeAt(i) !== BRACE) return null;
  let rows: ReturnType<typeof scanRows> = null;
  let proba: boolean | undefined;
  i = skip(t, i + 1);
  for (;;) {
    const key = scanKey(t, i);
    if (key === null) return null;
    i = skip(t, keyEnd);
    if (t.charCodeAt(i) !== COLON) return null;
    i = skip(t, i + 1);
    if (key === 'instances' && rows === null) {
      rows = scanRows(t, i, maxRows);
      if (rows === null) return null;
      i = rowsEnd;
    } else if (key === 'proba' && proba === undefined) {
      if (t.startsWith('true', i)) proba = true;
      else if (t.startsWith('false', i)) proba = false;
      else return null;
      i += proba ? 4 : 5;
    } else {
      return null;
    }
    i = skip(t, i);
    const c = t.charCodeAt(i);
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) return null;
    i = skip(t, i + 1);
  }
  if (rows === null || skip(t, i + 1) !== t.length) return null;
  return new ScannedBody(rows.data, rows.nRows, rows.width, proba === true);
}

