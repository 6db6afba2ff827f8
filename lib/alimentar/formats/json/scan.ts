/**
 * The fast path for JSON Lines of flat objects: one pass over the text that reads each line's keys and scalar values
 * straight into columns, with no object per row (JSON.parse of a million small objects spends most of its time
 * allocating them and collecting them again). It accepts only what it can read exactly as JSON.parse would: one object
 * per line whose values are numbers, strings, true, false or null, with keys that are not array indices (a JS object
 * orders those first) and no key twice in a line. On anything else it gives up (returns false, with the columns as
 * they were) and the caller parses the same lines with JSON.parse, which also reports the errors.
 */
import { MAX_EXACT, POW10, longDecimal } from '../csv/numbers';
import type { ColumnRows } from './rows';

const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;

/** Where the last scanned token ended, or -1 when it was not one this path reads. */
let tokenEnd = 0;

/**
 * Where the last {@link scanNumber} ended, or -1 when the text there was not a JSON number.
 * @returns the index past the number, or -1
 */
export function scannedEnd(): number {
  return tokenEnd;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** Index of the first non-space character at or after i (JSON's space, tab and CR; LF ends a line). */
function skipSpace(t: string, i: number, end: number): number {
  while (i < end && isSpace(t.charCodeAt(i))) i++;
  return i;
}

/** A JSON string starting at the quote t[i]; sets tokenEnd past the closing quote (-1 when invalid). */
function scanString(t: string, i: number, end: number): string {
  const start = i + 1;
  let j = start;
  let escaped = false;
  for (;;) {
    if (j >= end) {
      tokenEnd = -1;
      return '';
    }
    const c = t.charCodeAt(j);
    if (c === QUOTE) break;
    if (c < 0x20) {
      tokenEnd = -1;
      return '';
    }
    if (c === BACKSLASH) {
      escaped = true;
      j++;
    }
    j++;
  }
  tokenEnd = j + 1;
  if (!escaped) return t.slice(start, j);
  try {
    return JSON.parse(t.slice(i, j + 1)) as string;
  } catch {
    tokenEnd = -1;
    return '';
  }
}

/**
 * A JSON number at t[i...] (RFC 8259 grammar exactly), equal to Number(text) and so to what JSON.parse gives; where it
 * ends is {@link scannedEnd} (-1 when the text there is not a JSON number). Also realizar's predict-body scanner.
 * @param t - the text
 * @param i - where the number starts
 * @param end - the end of the text to read
 * @returns the number (0 when the text is not one)
 * @example scanNumber('[1.5e3]', 1, 7); // 1500, scannedEnd() === 6
 */
export function scanNumber(t: string, i: number, end: number): number {
  const s = i;
  let neg = false;
  if (t.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  const digitsStart = i;
  let mant = 0;
  let d = 0;
  if (t.charCodeAt(i) === 48) {
    i++;
  } else {
    while (i < end && (d = t.charCodeAt(i) - 48) >= 0 && d <= 9) {
      mant = mant * 10 + d;
      i++;
    }
  }
  if (i === digitsStart) {
    tokenEnd = -1;
    return 0;
  }
  let exp = 0;
  if (t.charCodeAt(i) === 46) {
    const f = ++i;
    while (i < end && (d = t.charCodeAt(i) - 48) >= 0 && d <= 9) {
      mant = mant * 10 + d;
      i++;
    }
    if (i === f) {
      tokenEnd = -1;
      return 0;
    }
    exp = f - i;
  }
  const digitsEnd = i;
  const e = t.charCodeAt(i) | 0x20;
  if (e === 101) {
    i++;
    let eneg = false;
    const sign = t.charCodeAt(i);
    if (sign === 45) {
      eneg = true;
      i++;
    } else if (sign === 43) i++;
    const es = i;
    let ev = 0;
    while (i < end && (d = t.charCodeAt(i) - 48) >= 0 && d <= 9) {
      ev = ev * 10 + d;
      i++;
    }
    if (i === es) {
      tokenEnd = -1;
      return 0;
    }
    exp += eneg ? -ev : ev;
  }
  tokenEnd = i;
  if (mant < MAX_EXACT && exp >= -22 && exp <= 22) {
    const v = exp < 0 ? mant / POW10[-exp] : mant * POW10[exp];
    return neg ? -v : v;
  }
  if (digitsEnd - digitsStart <= 40) {
    const v = longDecimalOfText(t, digitsStart, digitsEnd, exp);
    if (v === v) return neg ? -v : v;
  }
  return Number(t.slice(s, i));
}

const digitBytes = new Uint8Array(48);

/** longDecimal over the characters of a string (ASCII digits and '.' only, at most 40 of them). */
function longDecimalOfText(t: string, s: number, e: number, exp: number): number {
  for (let i = s; i < e; i++) digitBytes[i - s] = t.charCodeAt(i);
  return longDecimal(digitBytes, 0, e - s, exp);
}

/** Whether `key` is an array index, which a JS object lists before its other keys. */
function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/** Matches `word` (true, false, null) at t[i...]; sets tokenEnd. */
function scanWord(t: string, i: number, word: string): boolean {
  if (t.startsWith(word, i)) {
    tokenEnd = i + word.length;
    return true;
  }
  tokenEnd = -1;
  return false;
}

/** A scalar JSON value at t[i]; sets tokenEnd (-1 when it is not one this path reads). */
function scanValue(t: string, i: number, end: number): unknown {
  const c = t.charCodeAt(i);
  if (c === QUOTE) return scanString(t, i, end);
  if (c === 45 || (c >= 48 && c <= 57)) return scanNumber(t, i, end);
  if (c === 116) return scanWord(t, i, 'true') ? true : undefined;
  if (c === 102) return scanWord(t, i, 'false') ? false : undefined;
  if (c === 110) return scanWord(t, i, 'null') ? null : undefined;
  tokenEnd = -1;
  return undefined;
}

/** Index of the end of the line that starts at i (the LF, or end). */
function lineEnd(t: string, i: number, end: number): number {
  const nl = t.indexOf('\n', i);
  return nl < 0 || nl >= end ? end : nl;
}

/**
 * Reads the lines of `text` into `into` when every non-blank line is a flat object this path reads exactly.
 * @param text - whole lines (the last may lack its line end)
 * @param firstLine - the 1-based number of the text's first line
 * @param into - rows are appended here (left as they were when this returns false)
 * @returns whether the lines were read
 */
export function scanFlatLines(text: string, firstLine: number, into: ColumnRows): boolean {
  const mark = into.mark();
  try {
    if (scanAll(text, firstLine, into)) return true;
    into.reset(mark);
    return false;
  } finally {
    // the columns are the caller's: not kept alive here
    knownKeys = [];
    knownColumns = [];
  }
}

function scanAll(text: string, firstLine: number, into: ColumnRows): boolean {
  const end = text.length;
  let line = firstLine;
  let i = 0;
  while (i < end) {
    const eol = lineEnd(text, i, end);
    const j = skipSpace(text, i, eol);
    if (j < eol && (text.charCodeAt(j) !== 123 || !scanObject(text, j + 1, eol, line, into))) return false;
    i = eol + 1;
    line++;
  }
  return true;
}

/**
 * The keys of the previous row by position, with their columns: a row that repeats them (the usual case) is matched
 * against the text without a string per key or a lookup. Only keys without escapes are kept, so that a match of the
 * raw text is a match of the key.
 */
let knownKeys: string[] = [];
let knownColumns: unknown[][] = [];

/** The column of the key whose quote is at t[i]; sets tokenEnd (-1 when the key is not one this path reads). */
function keyColumn(t: string, i: number, eol: number, k: number, row: number, into: ColumnRows): unknown[] | undefined {
  const known = knownKeys[k];
  if (known !== undefined && t.startsWith(known, i + 1) && t.charCodeAt(i + 1 + known.length) === QUOTE) {
    tokenEnd = i + 2 + known.length;
    return knownColumns[k];
  }
  const key = scanString(t, i, eol);
  if (tokenEnd < 0 || isIndexKey(key)) return undefined;
  const column = into.columnOf(key, row);
  if (key.indexOf('\\') < 0 && key.indexOf('"') < 0) {
    knownKeys[k] = key;
    knownColumns[k] = column;
  }
  return column;
}

/** One object's members from just after its '{' to the end of its line; adds the row. */
function scanObject(t: string, i: number, eol: number, line: number, into: ColumnRows): boolean {
  const row = into.beginRow(line);
  i = skipSpace(t, i, eol);
  if (t.charCodeAt(i) === 125) return closeObject(t, i, eol);
  for (let k = 0; ; k++) {
    if (t.charCodeAt(i) !== QUOTE) return false;
    const column = keyColumn(t, i, eol, k, row, into);
    // a key twice in one object: JSON.parse keeps the last value, the fallback path does that
    if (column === undefined || column.length > row) return false;
    i = skipSpace(t, tokenEnd, eol);
    if (t.charCodeAt(i) !== 58) return false;
    i = skipSpace(t, i + 1, eol);
    const value = scanValue(t, i, eol);
    if (tokenEnd < 0) return false;
    column[row] = value;
    i = skipSpace(t, tokenEnd, eol);
    const c = t.charCodeAt(i);
    if (c === 125) return closeObject(t, i, eol);
    if (c !== 44) return false;
    i = skipSpace(t, i + 1, eol);
  }
}

/** Only spaces may follow the closing brace on its line. */
function closeObject(t: string, i: number, eol: number): boolean {
  return skipSpace(t, i + 1, eol) === eol && (eol === t.length || t.charCodeAt(eol) === LF);
}
