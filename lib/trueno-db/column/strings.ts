/**
 * UTF-8 string columns to dictionary codes: one pass over the rows with a hash table over their bytes, so the
 * distinct strings come out in order of first appearance and a string is made once per distinct value. Many distinct
 * values are cut out of one TextDecoder call over the chunk: per byte when it is ASCII, else through a byte-to-char
 * count (valid UTF-8 only; anything else is decoded value by value, as TextDecoder replaces bad bytes).
 */

const decoder = new TextDecoder();

/** Codes into a dictionary of distinct strings. */
export interface Encoded {
  codes: Int32Array;
  dict: string[];
}

/**
 * Dictionary-encodes `n` strings given as UTF-8 bytes and offsets. Rows are matched by their bytes in an
 * open-addressing hash table (FNV-1a of the bytes, then a byte compare with the first row of that value), so a string
 * is made only once per distinct value, not once per row.
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
  if (n === 0) return { codes, dict: [''] };
  let cap = 1024;
  let mask = cap - 1;
  let slots = new Int32Array(cap).fill(-1);
  let hashes = new Int32Array(256);
  let firsts = new Int32Array(256);
  for (let i = 0; i < n; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    const a = off[i];
    const len = off[i + 1] - a;
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < len; k++) h = Math.imul(h ^ bytes[a + k], 0x01000193);
    let slot = h & mask;
    let code = -1;
    for (;;) {
      const c = slots[slot];
      if (c < 0) break;
      if (hashes[c] === h) {
        const f = off[firsts[c]];
        if (off[firsts[c] + 1] - f === len) {
          let k = 0;
          while (k < len && bytes[f + k] === bytes[a + k]) k++;
          if (k === len) {
            code = c;
            break;
          }
        }
      }
      slot = (slot + 1) & mask;
    }
    if (code < 0) {
      code = dict.length;
      if (code === hashes.length) {
        const h2 = new Int32Array(code * 2);
        h2.set(hashes);
        hashes = h2;
        const f2 = new Int32Array(code * 2);
        f2.set(firsts);
        firsts = f2;
      }
      hashes[code] = h;
      firsts[code] = i;
      dict.push('');
      slots[slot] = code;
      if (dict.length * 2 > cap) {
        cap *= 2;
        mask = cap - 1;
        slots = new Int32Array(cap).fill(-1);
        for (let c = 0; c < dict.length; c++) {
          let s2 = hashes[c] & mask;
          while (slots[s2] >= 0) s2 = (s2 + 1) & mask;
          slots[s2] = c;
        }
      }
    }
    codes[i] = code;
  }
  if (dict.length === 0) return { codes, dict: [''] };
  // one string per distinct value: cut from one decode of the chunk where bytes map to chars, else decoded alone;
  // few distinct values are decoded alone anyway so they do not pin the chunk's whole text
  const few = dict.length * 4 < n;
  const start = off[0];
  const text = few ? '' : decoder.decode(bytes.subarray(start, off[n]));
  const at = few ? null : charStarts(n, bytes, off, text);
  for (let c = 0; c < dict.length; c++) {
    const r = firsts[c];
    dict[c] = at === null ? decoder.decode(bytes.subarray(off[r], off[r + 1])) : text.substring(at[r], at[r + 1]);
  }
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
