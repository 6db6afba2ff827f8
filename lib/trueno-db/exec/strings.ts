/**
 * String functions over dictionary columns: each function runs once per dictionary entry and the codes are mapped,
 * so a 10M-row column with a few distinct strings costs a few string operations plus one pass over the codes.
 * Positions and lengths count Unicode code points, as DuckDB does.
 */
import type { SqlType } from '../types';
import { ExecError } from '../errors';
import { allocValues, mapDict, type Vec } from './column';
import { andValid, f64Of, makeVec, outRows, stride } from './vec';

/** Applies `f` to every dictionary entry of a string Vec (the result keeps a distinct dictionary). */
function perEntry(a: Vec, f: (s: string) => string | null): Vec {
  const out: Vec = mapDict(a, f);
  if (a.scalar) out.scalar = true;
  return out;
}

/** A per-entry number function (length) as a column of `type`. */
function perEntryNumber(a: Vec, f: (s: string) => number, type: SqlType, n: number): Vec {
  const m = outRows([a], n);
  const byCode = a.dict!.map(f);
  const out = allocValues(type, m);
  const codes = a.values as Int32Array;
  if (out instanceof BigInt64Array) {
    const big = byCode.map((v) => BigInt(v));
    for (let i = 0; i < m; i++) out[i] = big[codes[i]] ?? 0n;
  } else {
    const o = out as Exclude<typeof out, BigInt64Array>;
    for (let i = 0; i < m; i++) o[i] = byCode[codes[i]] ?? 0;
  }
  return makeVec(type, out, a.valid, [a]);
}

/** Number of code points of a string. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else { n++; i++; }
  }
  return n;
}

/**
 * DuckDB's substring on code points: 1-based start (0 is the position before the first character, negative counts
 * from the end); a negative length takes the characters before start.
 */
export function substring(s: string, start: number, len?: number): string {
  const cp = Array.from(s);
  const total = cp.length;
  const s0 = start > 0 ? start - 1 : start === 0 ? -1 : total + start;
  let from: number;
  let to: number;
  if (len === undefined) { from = s0; to = total; } else if (len >= 0) { from = s0; to = s0 + len; } else {
    from = s0 + len; to = s0;
  }
  from = Math.max(0, from);
  to = Math.min(total, to);
  return from >= to ? '' : cp.slice(from, to).join('');
}

/** Simple (one code point to one) case mappings DuckDB uses where JS's full mapping expands. */
const SIMPLE_UPPER: Record<string, string> = { 'ß': 'ẞ' };
const SIMPLE_LOWER: Record<string, string> = { 'İ': 'i' };

/**
 * Upper/lower case per code point, as DuckDB: a character whose full mapping is several characters keeps its simple
 * mapping (ß -> ẞ) or stays as it is (ŉ, ﬁ); no context rules (Σ lowers to σ everywhere).
 */
export function caseMap(s: string, upper: boolean): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const special = upper ? SIMPLE_UPPER[ch] : SIMPLE_LOWER[ch];
    if (special !== undefined) { out += special; continue; }
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += m.length === ch.length || codePointLength(m) === 1 ? m : ch;
  }
  return out;
}

/** What trim() removes in DuckDB: the Unicode space separators (Zs), not tabs or newlines. */
const SPACES = ' \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000';

/** Removes leading and trailing characters in `chars`. */
function trimChars(s: string, chars: string): string {
  const set = new Set(Array.from(chars));
  const cp = Array.from(s);
  let a = 0;
  let b = cp.length;
  while (a < b && set.has(cp[a])) a++;
  while (b > a && set.has(cp[b - 1])) b--;
  return cp.slice(a, b).join('');
}

/** lower, upper, length, trim (one argument). */
export function string1(fn: string, a: Vec, type: SqlType, n: number): Vec {
  switch (fn) {
    case 'lower': return perEntry(a, (s) => caseMap(s, false));
    case 'upper': return perEntry(a, (s) => caseMap(s, true));
    case 'trim': return perEntry(a, (s) => trimChars(s, SPACES));
    case 'length': return perEntryNumber(a, codePointLength, type, n);
    default: throw new ExecError(`Unknown string function ${fn}`);
  }
}

/**
 * A string function whose other args vary per row: evaluated per row, results interned into a distinct dictionary.
 * @param f - the result for the value string and the row (null: NULL)
 */
function perRow(a: Vec, others: Vec[], n: number, f: (s: string, i: number) => string | null): Vec {
  const m = outRows([a, ...others], n);
  const valid = andValid([a, ...others], m) ?? new Uint8Array(m).fill(1);
  const codes = new Int32Array(m);
  const dict: string[] = [];
  const index = new Map<string, number>();
  const sa = stride(a);
  const src = a.values as Int32Array;
  let anyNull = false;
  for (let i = 0; i < m; i++) {
    if (valid[i] === 0) { anyNull = true; continue; }
    const r = f(a.dict![src[i * sa]], i);
    if (r === null) { valid[i] = 0; anyNull = true; continue; }
    let c = index.get(r);
    if (c === undefined) { c = dict.length; dict.push(r); index.set(r, c); }
    codes[i] = c;
  }
  return makeVec({ id: 'varchar' }, codes, anyNull ? valid : undefined, [a, ...others], dict);
}

/** substr(s, start[, length]). */
export function substr(a: Vec, start: Vec, len: Vec | undefined, n: number): Vec {
  const args = len === undefined ? [start] : [start, len];
  if (args.every((v) => v.scalar)) {
    if (args.some((v) => v.valid !== undefined && v.valid[0] === 0)) return nullString(a, n);
    const st = Number(start.values[0]);
    const ln = len === undefined ? undefined : Number(len.values[0]);
    return perEntry(a, (s) => substring(s, st, ln));
  }
  const st = f64Of(start);
  const ln = len === undefined ? undefined : f64Of(len);
  const ss = stride(start);
  const sl = len === undefined ? 0 : stride(len);
  return perRow(a, args, n, (s, i) => substring(s, st[i * ss], ln === undefined ? undefined : ln[i * sl]));
}

/** trim(s, chars) with a second argument. */
export function trim2(a: Vec, chars: Vec, n: number): Vec {
  if (chars.scalar) {
    if (chars.valid !== undefined && chars.valid[0] === 0) return nullString(a, n);
    const set = chars.dict![chars.values[0] as number];
    return perEntry(a, (s) => trimChars(s, set));
  }
  const codes = chars.values as Int32Array;
  return perRow(a, [chars], n, (s, i) => trimChars(s, chars.dict![codes[i]]));
}

/** A string Vec of NULLs shaped like the result over `a`. */
function nullString(a: Vec, n: number): Vec {
  const m = outRows([a], n);
  return makeVec({ id: 'varchar' }, new Int32Array(m), new Uint8Array(m), [a], []);
}

/**
 * concat(args...): NULL arguments are skipped (concat('a', NULL) = 'a'); the result is never NULL. Args must be
 * strings (the binder casts).
 */
export function concat(args: Vec[], n: number): Vec {
  const m = outRows(args, n);
  if (args.length === 1) {
    const a = args[0];
    if (a.valid === undefined) return a;
    return perRow({ ...a, valid: undefined }, [], n, (s, i) => (a.valid![i * stride(a)] === 0 ? '' : s));
  }
  // Fold pairwise: (code of left, code of right) pairs interned, so repeated pairs cost one string build.
  let acc = args[0];
  for (let k = 1; k < args.length; k++) acc = concatPair(acc, args[k], m);
  return acc;
}

/** Concatenation of two string Vecs with NULLs as empty strings. */
function concatPair(a: Vec, b: Vec, m: number): Vec {
  const sa = stride(a);
  const sb = stride(b);
  const ca = a.values as Int32Array;
  const cb = b.values as Int32Array;
  const nb = b.dict!.length + 1;
  const pairs = new Map<number, number>();
  const dict: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const x = a.valid !== undefined && a.valid[i * sa] === 0 ? -1 : ca[i * sa];
    const y = b.valid !== undefined && b.valid[i * sb] === 0 ? -1 : cb[i * sb];
    const key = (x + 1) * nb + (y + 1);
    let c = pairs.get(key);
    if (c === undefined) {
      const s = (x < 0 ? '' : a.dict![x]) + (y < 0 ? '' : b.dict![y]);
      c = index.get(s);
      if (c === undefined) { c = dict.length; dict.push(s); index.set(s, c); }
      pairs.set(key, c);
    }
    codes[i] = c;
  }
  return makeVec({ id: 'varchar' }, codes, undefined, [a, b], dict);
}

/**
 * A LIKE pattern as a RegExp: `%` any run of characters, `_` one code point, `escape` makes the next character
 * literal.
 * @throws ExecError when the pattern ends with the escape character
 */
export function likeRegExp(pattern: string, escape: string | null, caseInsensitive: boolean): RegExp {
  let re = '^';
  const cp = Array.from(pattern);
  for (let i = 0; i < cp.length; i++) {
    const ch = cp[i];
    if (escape !== null && ch === escape) {
      if (i + 1 >= cp.length) throw new ExecError(`Like pattern must not end with escape character: '${pattern}'`);
      re += escapeRe(cp[++i]);
    } else if (ch === '%') re += '[^]*';
    else if (ch === '_') re += '[^]';
    else re += escapeRe(ch);
  }
  return new RegExp(re + '$', caseInsensitive ? 'iu' : 'u');
}

/** A character quoted for a RegExp. */
function escapeRe(ch: string): string {
  // Only syntax characters: a Unicode-mode RegExp refuses needless escapes such as `\-`.
  return ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** LIKE / ILIKE: over the dictionary once when the pattern is a constant, per row (cached per pattern) otherwise. */
export function like(a: Vec, pattern: Vec, escape: Vec | undefined, caseInsensitive: boolean, n: number): Vec {
  const m = outRows([a, pattern, ...(escape ? [escape] : [])], n);
  const esc = escape === undefined ? null : escape.dict![escape.values[0] as number] ?? null;
  if (esc !== null && Array.from(esc).length > 1) {
    throw new ExecError(`Invalid escape string '${esc}': the escape must be a single character`);
  }
  const valid = andValid([a, pattern, ...(escape ? [escape] : [])], m);
  const out = new Uint8Array(m);
  const codes = a.values as Int32Array;
  const sa = stride(a);
  if (pattern.scalar) {
    if (pattern.valid !== undefined && pattern.valid[0] === 0) {
      return makeVec({ id: 'boolean' }, out, new Uint8Array(m), [a, pattern]);
    }
    const re = likeRegExp(pattern.dict![pattern.values[0] as number], esc, caseInsensitive);
    const byCode = Uint8Array.from(a.dict!, (s) => (re.test(s) ? 1 : 0));
    for (let i = 0; i < m; i++) out[i] = byCode[codes[i * sa]];
  } else {
    const cache = new Map<number, RegExp>();
    const pc = pattern.values as Int32Array;
    for (let i = 0; i < m; i++) {
      if (valid !== undefined && valid[i] === 0) continue;
      let re = cache.get(pc[i]);
      if (re === undefined) { re = likeRegExp(pattern.dict![pc[i]], esc, caseInsensitive); cache.set(pc[i], re); }
      out[i] = re.test(a.dict![codes[i * sa]]) ? 1 : 0;
    }
  }
  return makeVec({ id: 'boolean' }, out, valid, [a, pattern]);
}
