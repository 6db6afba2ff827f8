/**
 * CAST between the executor's types, as DuckDB: float to integer rounds half to even, decimal to integer and text to
 * integer round half away from zero, out-of-range values and unparsable text are errors naming the value (NULL under
 * TRY_CAST), numbers print in DuckDB's shortest form ('1.0', '1e+20', 'nan', 'inf'). String sources are converted
 * once per dictionary entry.
 */
import type { SqlType } from '../types';
import { ExecError } from '../errors';
import { allocValues, isInteger, typeName, type Vec } from './column';
import { formatDate, formatTimestamp, parseDate, parseTimestamp, US_PER_DAY } from './dates';
import { makeVec, outRows } from './vec';
import { roundDecimal, roundHalfAway } from './arith';

/** DuckDB's internal names, used in its messages. */
const INTERNAL: Record<string, string> = {
  tinyint: 'INT8', smallint: 'INT16', integer: 'INT32', bigint: 'INT64', float: 'FLOAT', double: 'DOUBLE',
  boolean: 'BOOL', date: 'DATE', timestamp: 'TIMESTAMP',
};

const RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127], smallint: [-32768, 32767], integer: [-2147483648, 2147483647],
  bigint: [-9223372036854775808, 9223372036854775807],
};

/** Converts one number-like source value (already a JS number; NaN allowed) to `to`, or throws / returns null. */
type Conv = (v: number) => number | bigint | null;

/** Text of a float64 as DuckDB prints it: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function formatDouble(v: number, single = false): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const digits = single ? shortestFloat(v) : v.toExponential();
  const [mant, expText] = digits.split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const neg = mant.startsWith('-');
  const ds = mant.replace('-', '').replace('.', '');
  let s: string;
  if (exp >= 0) {
    const intPart = ds.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = ds.slice(exp + 1);
    s = `${intPart}.${frac === '' ? '0' : frac}`;
  } else {
    s = `0.${'0'.repeat(-exp - 1)}${ds}`;
  }
  return neg ? `-${s}` : s;
}

/**
 * The shortest digits (as toExponential text) that read back as the float32 `v`, as DuckDB prints them: where the
 * shortest candidate is ambiguous - it lies on the edge of the float's rounding interval (485165200 for 485165184)
 * or the value is a tie at that length (1202604.25 at 8 digits) - DuckDB's printer falls back to 9 significant
 * digits (the float's round-trip precision), and so does this.
 */
function shortestFloat(v: number): string {
  const a = Math.abs(v);
  const exact = a.toPrecision(100).replace('.', '').replace(/e.*$/, '').replace(/^0+/, '');
  const f32 = new Float32Array([a]);
  const bits = new Int32Array(f32.buffer);
  bits[0] += 1;
  const up = f32[0] - a;
  bits[0] -= 2;
  const down = a - f32[0];
  for (let p = 1; p <= 9; p++) {
    const t = v.toPrecision(p);
    if (Math.fround(Number(t)) !== v) continue;
    const back = Math.abs(Number(t));
    const onEdge = back >= a ? back - a === up / 2 : a - back === down / 2;
    if (onEdge || /^50*$/.test(exact.slice(p))) return Number(v.toPrecision(9)).toExponential();
    return Number(t).toExponential();
  }
  return v.toExponential();
}

/** Text of one value of a number-like type. */
function formatValue(t: SqlType, v: number | bigint): string {
  switch (t.id) {
    case 'boolean': return v ? 'true' : 'false';
    case 'double': return formatDouble(v as number);
    case 'float': return formatDouble(v as number, true);
    case 'decimal': return (v as number).toFixed(t.scale);
    case 'date': return formatDate(v as number);
    case 'timestamp': return formatTimestamp(v as number);
    default: return String(v);
  }
}

const NUMBER_RE = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d+)?$/i;

/** A float parsed from text as DuckDB accepts it (spaces around, underscores between digits, inf/nan), or null. */
function parseNumber(s: string): number | null {
  const t = s.trim();
  if (NUMBER_RE.test(t)) return Number(t.replace(/_/g, ''));
  const l = t.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(l)) return l.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(l)) return NaN;
  return null;
}

/** An integer parsed from text (decimals round half away from zero; 0x hex), or null. */
function parseInteger(s: string): number | bigint | null {
  const t = s.trim();
  if (/^[+-]?\d+$/.test(t)) {
    const b = BigInt(t);
    return b >= -(2n ** 53n) && b <= 2n ** 53n ? Number(b) : b;
  }
  if (/^[+-]?0x[0-9a-f]+$/i.test(t)) {
    const neg = t.startsWith('-');
    const b = BigInt(t.replace(/^[+-]/, ''));
    return neg ? -b : b;
  }
  const f = parseNumber(t);
  if (f === null || !Number.isFinite(f)) return null;
  return roundHalfAway(f, 0);
}

/** A boolean parsed from text, or null. */
function parseBoolean(s: string): number | null {
  const l = s.toLowerCase();
  if (l === 'true' || l === 't' || l === 'yes' || l === 'y' || l === '1') return 1;
  if (l === 'false' || l === 'f' || l === 'no' || l === 'n' || l === '0') return 0;
  return null;
}

/** Error for a value out of the target's range. */
function rangeError(from: SqlType, to: SqlType, v: number | bigint): ExecError {
  return new ExecError(`Conversion Error: Type ${INTERNAL[from.id] ?? typeName(from)} with value ${v} can't be cast `
    + `because the value is out of range for the destination type ${INTERNAL[to.id] ?? typeName(to)}`);
}

/** Whether a value fits a decimal type's precision. */
function fitsDecimal(v: number, t: { precision: number; scale: number }): boolean {
  return Math.abs(v) < 10 ** (t.precision - t.scale);
}

/** Number-to-number conversion of one value from `from` to `to` (null: out of range under TRY). */
function numericConv(from: SqlType, to: SqlType): Conv {
  const range = RANGE[to.id];
  if (range !== undefined) {
    // Floats round half to even; decimals (exact in DuckDB) half away from zero.
    const round = from.id === 'float' || from.id === 'double'
      ? (v: number) => { const r = Math.round(v); return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r; }
      : from.id === 'decimal' ? (v: number) => roundDecimal(v, from.scale, 0) : (v: number) => v;
    const [lo, hi] = range;
    return (v) => {
      const r = round(v);
      if (!(r >= lo && r <= hi) || (to.id === 'bigint' && r >= 9223372036854775807)) throw rangeError(from, to, v);
      return to.id === 'bigint' ? BigInt(r) : r;
    };
  }
  if (to.id === 'decimal') {
    return (v) => {
      const r = from.id === 'decimal' ? roundDecimal(v, from.scale, to.scale) : roundHalfAway(v, to.scale);
      if (!Number.isFinite(r) || !fitsDecimal(r, to)) {
        throw new ExecError(`Conversion Error: Could not cast value ${v} to ${typeName(to)}`);
      }
      return r;
    };
  }
  if (to.id === 'boolean') return (v) => (v !== 0 ? 1 : 0);
  if (to.id === 'float') {
    return (v) => {
      const r = Math.fround(v);
      if (!Number.isFinite(r) && Number.isFinite(v)) throw rangeError(from, to, v);
      return r;
    };
  }
  return (v) => v;
}

/** Text-to-value conversion of one string (null: not convertible). */
function parseConv(to: SqlType): (s: string) => number | bigint | null {
  switch (to.id) {
    case 'boolean': return (s) => parseBoolean(s.trim() === s ? s : '\u0000');
    case 'tinyint': case 'smallint': case 'integer': case 'bigint': return parseInteger;
    case 'float': case 'double': case 'decimal': return parseNumber;
    case 'date': return parseDate;
    case 'timestamp': return parseTimestamp;
    default: throw new ExecError(`Unsupported cast from VARCHAR to ${typeName(to)}`);
  }
}

/**
 * CAST(v AS to).
 * @param tryCast - TRY_CAST: NULL instead of an error for a value that does not convert
 * @throws ExecError naming the value for an unconvertible value (unless tryCast) or an unsupported pair of types
 */
export function cast(v: Vec, to: SqlType, tryCast: boolean, n: number): Vec {
  const from = v.type;
  if (from.id === to.id && (from.id !== 'decimal' || to.id !== 'decimal' || from.scale === to.scale)) {
    return { ...v, type: to };
  }
  const m = outRows([v], n);
  if (from.id === 'null') return makeVec(to, allocValues(to, m), new Uint8Array(m), [v], to.id === 'varchar' ? [] : undefined);
  if (to.id === 'varchar') return toText(v, m);
  if (from.id === 'varchar') return fromText(v, to, tryCast, m);
  if (from.id === 'list' || to.id === 'list') throw new ExecError(`Unsupported cast from ${typeName(from)} to ${typeName(to)}`);
  const conv = temporalOrNumericConv(from, to);
  const out = allocValues(to, m);
  let valid = v.valid === undefined ? undefined : Uint8Array.from(v.valid);
  const src = v.values;
  for (let i = 0; i < m; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    let r: number | bigint | null;
    const x = src[i];
    try {
      r = typeof x === 'bigint' ? bigConv(from, to, x, conv) : conv(x);
    } catch (e) {
      if (!tryCast) throw e;
      r = null;
    }
    if (r === null) { valid ??= new Uint8Array(m).fill(1); valid[i] = 0; continue; }
    (out as { [j: number]: number | bigint })[i] = r;
  }
  return makeVec(to, out, valid, [v]);
}

/** Conversion between non-text types. */
function temporalOrNumericConv(from: SqlType, to: SqlType): Conv {
  const bad = (): never => { throw new ExecError(`Unsupported cast from ${typeName(from)} to ${typeName(to)}`); };
  if (from.id === 'date') {
    if (to.id === 'timestamp') return (d) => d * US_PER_DAY;
    return bad();
  }
  if (from.id === 'timestamp') {
    if (to.id === 'date') return (us) => Math.floor(us / US_PER_DAY);
    return bad();
  }
  if (to.id === 'date' || to.id === 'timestamp') return bad();
  if (from.id === 'boolean' && !isInteger(to) && to.id !== 'float' && to.id !== 'double' && to.id !== 'decimal') {
    return bad();
  }
  return numericConv(from, to);
}

/** One bigint source value: exact to integer types, as a number to the rest. */
function bigConv(from: SqlType, to: SqlType, x: bigint, conv: Conv): number | bigint | null {
  if (to.id === 'bigint') return x;
  if (isInteger(to)) {
    const [lo, hi] = RANGE[to.id];
    if (x < BigInt(lo) || x > BigInt(hi)) throw rangeError(from, to, x);
    return Number(x);
  }
  return conv(Number(x));
}

/** Any type to VARCHAR: each distinct value formatted once. */
function toText(v: Vec, m: number): Vec {
  const codes = new Int32Array(m);
  const dict: string[] = [];
  const index = new Map<string, number>();
  const byValue = new Map<number | bigint, number>();
  const src = v.values;
  const valid = v.valid;
  for (let i = 0; i < m; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    const x = src[i];
    // -0 prints as '-0.0' but is the same Map key as 0: it is not cached.
    let c = Object.is(x, -0) ? undefined : byValue.get(x);
    if (c === undefined) {
      const s = formatValue(v.type, x);
      c = index.get(s);
      if (c === undefined) { c = dict.length; dict.push(s); index.set(s, c); }
      if (!Object.is(x, -0)) byValue.set(x, c);
    }
    codes[i] = c;
  }
  return makeVec({ id: 'varchar' }, codes, valid, [v], dict);
}

/** VARCHAR to another type: each dictionary entry parsed once. */
function fromText(v: Vec, to: SqlType, tryCast: boolean, m: number): Vec {
  const parse = parseConv(to);
  const dict = v.dict!;
  const post = to.id === 'date' || to.id === 'timestamp' || to.id === 'boolean' ? null
    : numericConv({ id: isInteger(to) ? 'bigint' : 'double' }, to);
  const used = new Uint8Array(dict.length);
  const codes = v.values as Int32Array;
  for (let i = 0; i < m; i++) if (v.valid === undefined || v.valid[i] === 1) used[codes[i]] = 1;
  const byCode: (number | bigint | null)[] = dict.map((s, k) => {
    if (used[k] === 0) return null;
    let r: number | bigint | null = parse(s);
    if (r !== null && post !== null) {
      try {
        r = typeof r === 'bigint' ? bigConv({ id: 'bigint' }, to, r, post) : post(r);
      } catch {
        r = null;
      }
    }
    if (r === null && !tryCast) {
      throw new ExecError(`Conversion Error: Could not convert string '${s}' to ${INTERNAL[to.id] ?? typeName(to)}`);
    }
    return r;
  });
  const out = allocValues(to, m);
  let valid: Uint8Array | undefined;
  for (let i = 0; i < m; i++) {
    const r = v.valid !== undefined && v.valid[i] === 0 ? null : byCode[codes[i]];
    if (r === null) { valid ??= v.valid === undefined ? new Uint8Array(m).fill(1) : Uint8Array.from(v.valid); valid[i] = 0; continue; }
    (out as { [j: number]: number | bigint })[i] = r;
  }
  return makeVec(to, out, valid ?? v.valid, [v]);
}
