/**
 * Encodes columns as the float64 keys the grouping, join and sort kernels take (column-major, exact): integers,
 * dates, floats and timestamps as themselves, strings as dictionary codes (grouping, joins: one shared code space) or
 * ranks in code-point order (sorting), a bigint as two keys (high signed half, low unsigned half), and a nullable
 * column with an extra leading 0/1 key so NULLs group together and sort where asked.
 */
import type { Column } from '../types';

/** Compares two strings by Unicode code point (binary UTF-8 order, as DuckDB), not by UTF-16 unit. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (code points above U+FFFF) sort after U+E000..U+FFFF in code-point order.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** The rank of each dictionary entry in code-point order. */
export function dictRanks(dict: string[]): Int32Array {
  const order = Array.from(dict.keys()).sort((i, j) => compareStrings(dict[i], dict[j]));
  const rank = new Int32Array(dict.length);
  order.forEach((k, r) => { rank[k] = r; });
  return rank;
}

/**
 * Codes of several string columns in one shared code space (equal strings, equal codes).
 * @returns per column, the new code of each of its dictionary entries
 */
export function sharedCodes(cols: Column[]): Int32Array[] {
  const index = new Map<string, number>();
  return cols.map((c) => {
    const dict = c.dict!;
    const remap = new Int32Array(dict.length);
    for (let k = 0; k < dict.length; k++) {
      let code = index.get(dict[k]);
      if (code === undefined) { code = index.size; index.set(dict[k], code); }
      remap[k] = code;
    }
    return remap;
  });
}

/** How one column becomes keys: `codeMap` maps string codes (shared codes or ranks); `nullKey` adds a 0/1 key. */
interface KeySpec {
  col: Column;
  codeMap?: Int32Array;
  nullKey: boolean;
}

/** Number of f64 keys a column takes. */
function width(s: KeySpec): number {
  return (s.col.type.id === 'bigint' ? 2 : 1) + (s.nullKey ? 1 : 0);
}

/**
 * Writes the keys of each spec into one column-major Float64Array of n rows.
 * @param nullsFirst - per spec: NULLs get null key 0 (first) or 1 (last); default last
 */
function encode(specs: KeySpec[], n: number, nullsFirst?: boolean[]): { keys: Float64Array; m: number } {
  const m = specs.reduce((a, s) => a + width(s), 0);
  const keys = new Float64Array(m * n);
  let j = 0;
  specs.forEach((s, si) => {
    const c = s.col;
    const valid = c.valid;
    if (s.nullKey) {
      const off = j * n;
      const first = nullsFirst?.[si] === true;
      if (valid !== undefined) for (let i = 0; i < n; i++) keys[off + i] = (valid[i] === 0) === first ? 0 : 1;
      j++;
    }
    const v = c.values;
    if (v instanceof BigInt64Array) {
      const w = new Int32Array(v.buffer, v.byteOffset, 2 * n);
      const hi = j * n;
      const lo = (j + 1) * n;
      for (let i = 0; i < n; i++) {
        keys[hi + i] = w[2 * i + 1];
        keys[lo + i] = w[2 * i] >>> 0;
      }
      j += 2;
    } else {
      const off = j * n;
      const map = s.codeMap;
      if (map !== undefined) {
        const codes = v as Int32Array;
        for (let i = 0; i < n; i++) keys[off + i] = map[codes[i]];
      } else {
        const src = v as Exclude<typeof v, BigInt64Array>;
        for (let i = 0; i < n; i++) keys[off + i] = src[i];
      }
      j++;
    }
    // The value under a NULL is unspecified: zero it so every NULL carries one key.
    if (valid !== undefined) {
      const w = width(s) - (s.nullKey ? 1 : 0);
      const from = j - w;
      for (let i = 0; i < n; i++) if (valid[i] === 0) for (let q = from; q < j; q++) keys[q * n + i] = 0;
    }
  });
  return { keys, m };
}

/** Grouping keys of n rows (NULL is one group per column). */
export function groupKeys(cols: Column[], n: number): { keys: Float64Array; m: number } {
  return encode(cols.map((col) => ({ col, nullKey: col.valid !== undefined })), n);
}

/**
 * Grouping keys of several inputs in one code space (UNION, INTERSECT-like set operations): strings of the i-th
 * column of every input share codes.
 */
export function sharedGroupKeys(inputs: Column[][], n: number[]): { keys: Float64Array; m: number }[] {
  const ncol = inputs[0]?.length ?? 0;
  const maps: (Int32Array[] | undefined)[] = [];
  for (let j = 0; j < ncol; j++) {
    maps.push(inputs[0][j].type.id === 'varchar' ? sharedCodes(inputs.map((cols) => cols[j])) : undefined);
  }
  const anyNull = Array.from({ length: ncol }, (_, j) => inputs.some((cols) => cols[j].valid !== undefined));
  return inputs.map((cols, k) => encode(cols.map((col, j) => ({ col, codeMap: maps[j]?.[k], nullKey: anyNull[j] })),
    n[k]));
}

/**
 * Join keys of both sides in one code space, and each side's validity (0 where any key is NULL: never matches).
 */
export function joinKeys(left: Column[], right: Column[], nl: number, nr: number): {
  left: Float64Array; right: Float64Array; m: number; leftValid: Uint8Array; rightValid: Uint8Array;
} {
  const lspecs: KeySpec[] = [];
  const rspecs: KeySpec[] = [];
  left.forEach((l, j) => {
    const r = right[j];
    let lm: Int32Array | undefined;
    let rm: Int32Array | undefined;
    if (l.type.id === 'varchar') [lm, rm] = sharedCodes([l, r]);
    lspecs.push({ col: l, codeMap: lm, nullKey: false });
    rspecs.push({ col: r, codeMap: rm, nullKey: false });
  });
  const a = encode(lspecs, nl);
  const b = encode(rspecs, nr);
  return { left: a.keys, right: b.keys, m: a.m, leftValid: allValid(left, nl), rightValid: allValid(right, nr) };
}

/** 1 where every column is valid (length 0 when no column has NULLs). */
function allValid(cols: Column[], n: number): Uint8Array {
  if (cols.every((c) => c.valid === undefined)) return new Uint8Array(0);
  const out = new Uint8Array(n).fill(1);
  for (const c of cols) if (c.valid !== undefined) for (let i = 0; i < n; i++) out[i] &= c.valid[i];
  return out;
}

/**
 * Sort keys for ORDER BY: per key column a 0/1 NULL key (ascending, by nullsFirst) then the value keys (strings by
 * code-point rank), with the descending flag of each key.
 */
export function sortKeys(cols: Column[], descending: boolean[], nullsFirst: boolean[], n: number): {
  keys: Float64Array; m: number; desc: Uint8Array;
} {
  const specs = cols.map((col) => ({
    col, nullKey: col.valid !== undefined, codeMap: col.type.id === 'varchar' ? dictRanks(col.dict!) : undefined,
  }));
  const { keys, m } = encode(specs, n, nullsFirst);
  const desc = new Uint8Array(m);
  let j = 0;
  specs.forEach((s, k) => {
    if (s.nullKey) j++;
    const w = width(s) - (s.nullKey ? 1 : 0);
    for (let q = 0; q < w; q++) desc[j++] = descending[k] ? 1 : 0;
  });
  return { keys, m, desc };
}
