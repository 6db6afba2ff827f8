/**
 * UTF-8 string columns to dictionary codes: one pass over the rows with a Map from string to code, so the distinct
 * strings come out in order of first appearance. The bytes of the whole chunk are decoded by one TextDecoder call and
 * rows are cut out of that text: per byte when it is ASCII, else through a byte-to-char count (valid UTF-8 only;
 * anything else is decoded row by row, as TextDecoder replaces bad bytes).
 */

const decoder = new TextDecoder();

/** Codes into a dictionary of distinct strings. */
export interface Encoded {
  codes: Int32Array;
  dict: string[];
}

/** Under SlicedString's minimum V8 copies a substring; longer ones keep the whole decoded text alive. */
const SLICE_MIN = 13;

/**
 * Dictionary-encodes `n` strings given as UTF-8 bytes and offsets.
 * @param n - rows
 * @param bytes - the value bytes (offsets index into it)
 * @param offsets - n + 1 offsets (Int32Array, or BigInt64Array for large strings), row i is [offsets[i], offsets[i+1])
 * @param valid - byte validity (1 = a value), or undefined when no row is NULL; NULL rows get code 0
 * @returns codes and distinct strings
 */
export function encodeUtf8(n: number, bytes: Uint8Array, offsets: Int32Array | BigInt64Array, valid: Uint8Array | undefined): Encoded {
  const off = offsets instanceof BigInt64Array ? Float64Array.from(offsets, Number) : offsets;
  const codes = new Int32Array(n);
  const dict: string[] = [];
  const map = new Map<string, number>();
  if (n === 0) return { codes, dict };
  const start = off[0];
  const text = decoder.decode(bytes.subarray(start, off[n]));
  // char position of each row's start; null when the text does not map byte-to-char (invalid UTF-8)
  const at = charStarts(n, bytes, off, text);
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    const s = at === null ? decoder.decode(bytes.subarray(off[i], off[i + 1])) : text.substring(at[i], at[i + 1]);
    let code = map.get(s);
    if (code === undefined) {
      code = dict.length;
      map.set(s, code);
      dict.push(s);
      first.push(i);
    }
    codes[i] = code;
  }
  if (at !== null && dict.length * 4 < n) {
    // few distinct strings: give each its own copy so the dictionary does not pin the chunk's whole text
    for (let k = 0; k < dict.length; k++) if (dict[k].length >= SLICE_MIN) dict[k] = decoder.decode(bytes.subarray(off[first[k]], off[first[k] + 1]));
  }
  if (dict.length === 0) dict.push('');
  return { codes, dict };
}

/** Where each row starts in the decoded text (n + 1 entries), or null when bytes do not map to chars one way. */
function charStarts(n: number, bytes: Uint8Array, off: ArrayLike<number>, text: string): Float64Array | Int32Array | null {
  const start = off[0];
  const total = off[n] - start;
  if (text.length === total) {
    // every byte became one char: ASCII (or single invalid bytes, each one U+FFFD, which per-row decoding gives too)
    if (start === 0 && off instanceof Int32Array) return off;
    const at = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) at[i] = off[i] - start;
    return at;
  }
  if (text.includes('\uFFFD')) return null;
  // valid UTF-8: a char starts at every non-continuation byte; a 4-byte sequence is two UTF-16 units
  const at = new Float64Array(n + 1);
  let chars = 0;
  let b = start;
  for (let i = 0; i < n; i++) {
    at[i] = chars;
    const end = off[i + 1];
    for (; b < end; b++) {
      const x = bytes[b];
      if ((x & 0xc0) !== 0x80) chars += x >= 0xf0 ? 2 : 1;
    }
  }
  at[n] = chars;
  return chars === text.length ? at : null;
}

/**
 * Dictionary-encodes JS strings (nulls where `valid` is 0).
 * @param values - the strings
 * @param valid - byte validity or undefined
 * @returns codes and distinct strings
 */
export function encodeStrings(values: ArrayLike<string | null | undefined>, valid?: Uint8Array): Encoded {
  const n = values.length;
  const codes = new Int32Array(n);
  const dict: string[] = [];
  const map = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s === null || s === undefined || (valid !== undefined && valid[i] === 0)) continue;
    let code = map.get(s);
    if (code === undefined) {
      code = dict.length;
      map.set(s, code);
      dict.push(s);
    }
    codes[i] = code;
  }
  if (dict.length === 0) dict.push('');
  return { codes, dict };
}

const encoder = new TextEncoder();

/**
 * Encodes dictionary codes as Arrow Utf8 buffers: each distinct string is encoded once, rows copy its bytes.
 * @param codes - codes into dict (`length` rows)
 * @param dict - the strings
 * @param valid - byte validity or undefined (NULL rows are empty)
 * @returns value offsets (length + 1) and bytes
 */
export function utf8Buffers(codes: Int32Array, dict: string[], valid: Uint8Array | undefined): { offsets: Int32Array; bytes: Uint8Array } {
  const n = codes.length;
  const encoded = dict.map((s) => encoder.encode(s));
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (valid === undefined || valid[i] !== 0) total += encoded[codes[i]].length;
    offsets[i + 1] = total;
    if (total > 0x7fffffff) throw new RangeError(`Expected at most 2 GiB of string bytes in one column but received more at row ${i}`);
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < n; i++) {
    const a = offsets[i];
    if (offsets[i + 1] === a) continue;
    const e = encoded[codes[i]];
    if (e.length < 16) for (let k = 0; k < e.length; k++) bytes[a + k] = e[k];
    else bytes.set(e, a);
  }
  return { offsets, bytes };
}
