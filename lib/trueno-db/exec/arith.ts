/**
 * Arithmetic, comparison and boolean operators over whole columns, with DuckDB's semantics: integer overflow is an
 * error, integer division or modulo by zero gives NULL, `/` is an IEEE float division (inf, NaN), `//` truncates on integers (and divides on
 * floats), `%` takes the dividend's sign, decimals are rounded to their scale, comparisons order NaN above every
 * number and strings by code point, AND/OR/NOT use three-valued logic.
 */
import type { SqlType } from '../types';
import { ExecError } from '../errors';
import { allocValues, isString, typeName, type Vec } from './column';
import { compareNum } from './hot';
import { andValid, bigOf, f64Of, makeVec, numOf, outRows, stride } from './vec';
import { compareStrings } from './keys';
import { exp } from './exp';

/** Inclusive value range of the integer types. */
const INT_RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};
const BIG_MIN = -9223372036854775808n;
const BIG_MAX = 9223372036854775807n;

const OP_NAME: Record<string, string> = { '+': 'addition', '-': 'subtraction', '*': 'multiplication',
  '//': 'division', '%': 'division' };

/** Whether the type computes as a float (float, double, decimal). */
function isFloatType(t: SqlType): boolean {
  return t.id === 'float' || t.id === 'double' || t.id === 'decimal';
}

/** Rounds half away from zero to `digits` decimals (DuckDB's round). */
export function roundHalfAway(v: number, digits: number): number {
  // DuckDB rounds a non-finite value to 0 when the digits are negative (it goes through an integer there).
  if (!Number.isFinite(v)) return digits < 0 ? 0 : v;
  if (digits === 0) return v < 0 ? -Math.round(-v) : Math.round(v);
  const p = 10 ** Math.abs(digits);
  if (digits > 0) {
    const s = v * p;
    if (!Number.isFinite(s)) return v;
    return (s < 0 ? -Math.round(-s) : Math.round(s)) / p;
  }
  const s = v / p;
  return (s < 0 ? -Math.round(-s) : Math.round(s)) * p;
}

/**
 * Rounds a DECIMAL value of `scale` to `digits`, half away from zero, on its exact decimal digits (the double nearest
 * 36294.325 is 36294.32499..., which must still round up, as DuckDB's integer decimals do).
 */
export function roundDecimal(v: number, scale: number, digits: number): number {
  if (!Number.isFinite(v) || digits >= scale) return v;
  const unscaled = Math.round(v * 10 ** scale);
  if (!Number.isSafeInteger(unscaled)) return roundHalfAway(v, digits);
  const q = 10 ** (scale - digits);
  const k = Math.floor(Math.abs(unscaled) / q + 0.5);
  const r = (k * q) / 10 ** scale;
  return unscaled < 0 ? -r : r;
}

/** Rounds every value of a decimal result to its scale (decimals are exact in DuckDB; doubles drift). */
function roundToScale(out: Float64Array, t: SqlType): void {
  if (t.id !== 'decimal') return;
  for (let i = 0; i < out.length; i++) out[i] = roundHalfAway(out[i], t.scale);
}

/**
 * `a op b` for op in + - * / // % with the result type `type` (operands already share a type).
 * @throws ExecError on integer overflow, naming the operation and the values
 */
export function arith(op: string, a: Vec, b: Vec, type: SqlType, n: number): Vec {
  const m = outRows([a, b], n);
  const sa = stride(a);
  const sb = stride(b);
  let valid = andValid([a, b], m);
  if (isFloatType(type) || op === '/') {
    const x = f64Of(a);
    const y = f64Of(b);
    const out = new Float64Array(m);
    // `/` and `%` follow IEEE (inf, NaN); a float `//` by zero is NULL, as DuckDB.
    const divides = op === '//';
    if (divides) {
      for (let i = 0; i < m; i++) {
        if (y[i * sb] === 0) { valid ??= new Uint8Array(m).fill(1); valid[i] = 0; }
      }
    }
    switch (op) {
      case '+': for (let i = 0; i < m; i++) out[i] = x[i * sa] + y[i * sb]; break;
      case '-': for (let i = 0; i < m; i++) out[i] = x[i * sa] - y[i * sb]; break;
      case '*': for (let i = 0; i < m; i++) out[i] = x[i * sa] * y[i * sb]; break;
      case '/': case '//': for (let i = 0; i < m; i++) out[i] = x[i * sa] / y[i * sb]; break;
      case '%': for (let i = 0; i < m; i++) out[i] = x[i * sa] % y[i * sb]; break;
      default: throw new ExecError(`Unknown arithmetic operator ${op}`);
    }
    if (divides && valid !== undefined) for (let i = 0; i < m; i++) if (valid[i] === 0) out[i] = 0;
    roundToScale(out, type);
    const values = type.id === 'float' ? Float32Array.from(out) : out;
    return makeVec(type.id === 'decimal' || type.id === 'float' ? type : { id: 'double' }, values, valid, [a, b]);
  }
  if (type.id === 'bigint') return bigArith(op, a, b, type, m, valid);
  const range = INT_RANGE[type.id];
  if (range === undefined) throw new ExecError(`Arithmetic ${op} is not defined for ${typeName(type)}`);
  const [lo, hi] = range;
  const x = numOf(a);
  const y = numOf(b);
  const out = allocValues(type, m) as Int8Array | Int16Array | Int32Array;
  // Results go to a float64 scratch first (exact: |operands| < 2^31), checked for range in one pass afterwards, so
  // the row loops stay one operation each.
  const r = new Float64Array(m);
  switch (op) {
    case '+': for (let i = 0; i < m; i++) r[i] = x[i * sa] + y[i * sb]; break;
    case '-': for (let i = 0; i < m; i++) r[i] = x[i * sa] - y[i * sb]; break;
    case '*': for (let i = 0; i < m; i++) r[i] = x[i * sa] * y[i * sb]; break;
    case '//': case '%': {
      const div = op === '//';
      for (let i = 0; i < m; i++) {
        const p = x[i * sa];
        const q = y[i * sb];
        if (q === 0) { valid ??= new Uint8Array(m).fill(1); valid[i] = 0; continue; }
        // lo % -1 is refused as DuckDB does (it divides first): flag it as out of range.
        r[i] = div ? Math.trunc(p / q) : p === lo && q === -1 ? lo - 1 : p % q;
      }
      break;
    }
    default: throw new ExecError(`Unknown arithmetic operator ${op}`);
  }
  let over = false;
  for (let i = 0; i < m; i++) over ||= r[i] < lo || r[i] > hi;
  if (over) {
    for (let i = 0; i < m; i++) {
      if ((r[i] < lo || r[i] > hi) && (valid === undefined || valid[i] === 1)) {
        const sym = op === '//' || op === '%' ? '/' : op;
        throw new ExecError(`Overflow in ${OP_NAME[op]} of ${typeName(type)} (${x[i * sa]} ${sym} ${y[i * sb]})`);
      }
    }
  }
  out.set(r);
  return makeVec(type, out, valid, [a, b]);
}

/** BIGINT arithmetic with BigInt per row (exact), overflow checked against the int64 range. */
function bigArith(op: string, a: Vec, b: Vec, type: SqlType, m: number, valid: Uint8Array | undefined): Vec {
  const sa = stride(a);
  const sb = stride(b);
  const x = bigOf(a);
  const y = bigOf(b);
  const out = new BigInt64Array(m);
  for (let i = 0; i < m; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    const p = x[i * sa];
    const q = y[i * sb];
    let r: bigint;
    switch (op) {
      case '+': r = p + q; break;
      case '-': r = p - q; break;
      case '*': r = p * q; break;
      case '//': case '%':
        if (q === 0n) { valid ??= new Uint8Array(m).fill(1); valid[i] = 0; continue; }
        if (p === BIG_MIN && q === -1n) r = BIG_MAX + 1n;
        else r = op === '//' ? p / q : p % q;
        break;
      default: throw new ExecError(`Unknown arithmetic operator ${op}`);
    }
    if (r < BIG_MIN || r > BIG_MAX) {
      throw new ExecError(`Overflow in ${OP_NAME[op]} of BIGINT (${p} ${op === '//' || op === '%' ? '/' : op} ${q})`);
    }
    out[i] = r;
  }
  return makeVec(type, out, valid, [a, b]);
}

/** Unary minus. @throws ExecError when negating the smallest integer of the type */
export function negate(a: Vec, type: SqlType, n: number): Vec {
  const m = outRows([a], n);
  const valid = andValid([a], m);
  if (a.values instanceof BigInt64Array) {
    const out = new BigInt64Array(m);
    for (let i = 0; i < m; i++) {
      const v = a.values[i];
      if (v === BIG_MIN && (valid === undefined || valid[i] === 1)) {
        throw new ExecError('Overflow in negation of BIGINT (-9223372036854775808)');
      }
      out[i] = -v;
    }
    return makeVec(type, out, valid, [a]);
  }
  const out = allocValues(type, m) as Exclude<ReturnType<typeof allocValues>, BigInt64Array>;
  const x = a.values as Exclude<typeof a.values, BigInt64Array>;
  const lo = INT_RANGE[type.id]?.[0];
  for (let i = 0; i < m; i++) {
    if (x[i] === lo && (valid === undefined || valid[i] === 1)) {
      throw new ExecError(`Overflow in negation of ${typeName(type)} (${lo})`);
    }
    out[i] = -x[i];
  }
  return makeVec(type, out, valid, [a]);
}

/** Comparison operators: result class table (less, equal, greater) for each. */
const CMP_TABLE: Record<string, [number, number, number]> = {
  '=': [0, 1, 0], '<>': [1, 0, 1], '<': [1, 0, 0], '<=': [1, 1, 0], '>': [0, 0, 1], '>=': [0, 1, 1],
  is_not_distinct: [0, 1, 0], is_distinct: [1, 0, 1],
};

/**
 * Per-row ordering classes (0 less, 1 equal, 2 greater) of a vs b over m rows; strings by code point through a
 * shared ranking of both dictionaries, computed once per dictionary entry.
 */
function compareClasses(a: Vec, b: Vec, m: number): Uint8Array {
  const sa = stride(a);
  const sb = stride(b);
  const cls = new Uint8Array(m);
  if (isString(a.type)) {
    const [ra, rb] = sharedRanks(a.dict!, b.dict!);
    const x = a.values as Int32Array;
    const y = b.values as Int32Array;
    for (let i = 0; i < m; i++) {
      const p = ra[x[i * sa]];
      const q = rb[y[i * sb]];
      cls[i] = p < q ? 0 : p === q ? 1 : 2;
    }
    return cls;
  }
  if (a.values instanceof BigInt64Array || b.values instanceof BigInt64Array) {
    const x = bigOf(a);
    const y = bigOf(b);
    for (let i = 0; i < m; i++) {
      const p = x[i * sa];
      const q = y[i * sb];
      cls[i] = p < q ? 0 : p === q ? 1 : 2;
    }
    return cls;
  }
  const x = a.values as Exclude<typeof a.values, BigInt64Array>;
  const y = b.values as Exclude<typeof b.values, BigInt64Array>;
  for (let i = 0; i < m; i++) cls[i] = compareNum(x[i * sa], y[i * sb]) + 1;
  return cls;
}

/** Ranks of two dictionaries' entries in one code-point order (equal strings, equal ranks). */
export function sharedRanks(da: string[], db: string[]): [Int32Array, Int32Array] {
  const all = Array.from(new Set([...da, ...db])).sort(compareStrings);
  const rank = new Map<string, number>();
  all.forEach((s, r) => rank.set(s, r));
  return [Int32Array.from(da, (s) => rank.get(s)!), Int32Array.from(db, (s) => rank.get(s)!)];
}

/** `a op b` for = <> < <= > >= and the null-safe is_distinct / is_not_distinct. */
export function compare(op: string, a: Vec, b: Vec, n: number): Vec {
  const m = outRows([a, b], n);
  if (a.type.id === 'null' || b.type.id === 'null') {
    // An untyped NULL operand: NULL, or for the null-safe forms a comparison of NULL-ness.
    const nullA = a.type.id === 'null' ? { ...b, valid: new Uint8Array(b.length) } : a;
    const nullB = b.type.id === 'null' ? { ...nullA, valid: new Uint8Array(nullA.length) } : b;
    if (op !== 'is_distinct' && op !== 'is_not_distinct') {
      return makeVec({ id: 'boolean' }, new Uint8Array(m), new Uint8Array(m), [a, b]);
    }
    return compare(op, nullA, nullB, n);
  }
  const table = CMP_TABLE[op];
  const cls = compareClasses(a, b, m);
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) out[i] = table[cls[i]];
  if (op === 'is_distinct' || op === 'is_not_distinct') {
    if (a.valid !== undefined || b.valid !== undefined) {
      const sa = stride(a);
      const sb = stride(b);
      const distinctNull = op === 'is_distinct' ? 1 : 0;
      for (let i = 0; i < m; i++) {
        const na = a.valid !== undefined && a.valid[i * sa] === 0;
        const nb = b.valid !== undefined && b.valid[i * sb] === 0;
        if (na || nb) out[i] = na && nb ? 1 - distinctNull : distinctNull;
      }
    }
    return makeVec({ id: 'boolean' }, out, undefined, [a, b]);
  }
  return makeVec({ id: 'boolean' }, out, andValid([a, b], m), [a, b]);
}

/** Three-valued AND / OR over any number of boolean args. */
export function andOr(op: 'and' | 'or', args: Vec[], n: number): Vec {
  const m = outRows(args, n);
  // Per row: `decided` once some arg is valid and equal to the absorbing value (FALSE for AND, TRUE for OR).
  const absorb = op === 'and' ? 0 : 1;
  const out = new Uint8Array(m).fill(1 - absorb);
  const unknown = new Uint8Array(m);
  for (const a of args) {
    const s = stride(a);
    const v = a.values as Uint8Array;
    const valid = a.valid;
    for (let i = 0; i < m; i++) {
      if (valid !== undefined && valid[i * s] === 0) unknown[i] = 1;
      else if (v[i * s] === absorb) out[i] = absorb;
    }
  }
  let valid: Uint8Array | undefined;
  for (let i = 0; i < m; i++) {
    if (unknown[i] === 1 && out[i] !== absorb) {
      valid ??= new Uint8Array(m).fill(1);
      valid[i] = 0;
    }
  }
  return makeVec({ id: 'boolean' }, out, valid, args);
}

/** NOT (NULL stays NULL). */
export function not(a: Vec, n: number): Vec {
  const m = outRows([a], n);
  const v = a.values as Uint8Array;
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) out[i] = 1 - v[i];
  return makeVec({ id: 'boolean' }, out, a.valid, [a]);
}

/** IS NULL / IS NOT NULL (never NULL). */
export function nullTest(a: Vec, negated: boolean, n: number): Vec {
  const m = outRows([a], n);
  const out = new Uint8Array(m);
  const s = stride(a);
  for (let i = 0; i < m; i++) {
    const isNull = a.type.id === 'null' || (a.valid !== undefined && a.valid[i * s] === 0);
    out[i] = isNull !== negated ? 1 : 0;
  }
  return makeVec({ id: 'boolean' }, out, undefined, [a]);
}

/**
 * One-argument math: abs, floor, ceil, sqrt, ln, exp, round (0 digits).
 * @throws ExecError for abs of the smallest integer, sqrt of a negative number, ln of zero or a negative number
 */
export function math1(fn: string, a: Vec, type: SqlType, n: number): Vec {
  const m = outRows([a], n);
  const valid = andValid([a], m);
  const isOk = (i: number): boolean => valid === undefined || valid[i] === 1;
  if (a.values instanceof BigInt64Array && (fn === 'abs' || fn === 'round' || fn === 'floor' || fn === 'ceil')) {
    const out = new BigInt64Array(m);
    for (let i = 0; i < m; i++) {
      const v = a.values[i];
      if (fn === 'abs' && v === BIG_MIN && isOk(i)) throw new ExecError(`Overflow on abs(${v})`);
      out[i] = fn === 'abs' && v < 0n ? -v : v;
    }
    return makeVec(type, out, valid, [a]);
  }
  const x = f64Of(a);
  const out = new Float64Array(m);
  const range = INT_RANGE[type.id];
  switch (fn) {
    case 'abs':
      for (let i = 0; i < m; i++) {
        const v = Math.abs(x[i]);
        if (range !== undefined && v > range[1] && isOk(i)) throw new ExecError(`Overflow on abs(${x[i]})`);
        out[i] = v;
      }
      break;
    case 'floor': for (let i = 0; i < m; i++) out[i] = Math.floor(x[i]); break;
    case 'ceil': for (let i = 0; i < m; i++) out[i] = Math.ceil(x[i]); break;
    case 'round':
      if (a.type.id === 'decimal') for (let i = 0; i < m; i++) out[i] = roundDecimal(x[i], a.type.scale, 0);
      else for (let i = 0; i < m; i++) out[i] = roundHalfAway(x[i], 0);
      break;
    case 'exp': for (let i = 0; i < m; i++) out[i] = exp(x[i]); break;
    case 'sqrt':
      for (let i = 0; i < m; i++) {
        if (x[i] < 0 && isOk(i)) throw new ExecError(`cannot take square root of a negative number (${x[i]})`);
        out[i] = Math.sqrt(x[i]);
      }
      break;
    case 'ln':
      for (let i = 0; i < m; i++) {
        if (x[i] <= 0 && isOk(i)) {
          throw new ExecError(`cannot take logarithm of ${x[i] === 0 ? 'zero' : `a negative number (${x[i]})`}`);
        }
        out[i] = Math.log(x[i]);
      }
      break;
    default: throw new ExecError(`Unknown function ${fn}`);
  }
  return makeVec(type, fromF64(out, type), valid, [a]);
}

/** round(x, digits) with digits a per-row integer. */
export function round2(a: Vec, d: Vec, type: SqlType, n: number): Vec {
  const m = outRows([a, d], n);
  const valid = andValid([a, d], m);
  const sa = stride(a);
  const sd = stride(d);
  const digits = f64Of(d);
  if (a.values instanceof BigInt64Array) {
    const out = new BigInt64Array(m);
    for (let i = 0; i < m; i++) {
      const k = digits[i * sd];
      const v = a.values[i * sa];
      if (k >= 0) { out[i] = v; continue; }
      const p = 10n ** BigInt(-k);
      const q = (v < 0n ? -v : v) + p / 2n;
      out[i] = (v < 0n ? -1n : 1n) * (q / p) * p;
    }
    return makeVec(type, out, valid, [a, d]);
  }
  const x = f64Of(a);
  const out = new Float64Array(m);
  if (a.type.id === 'decimal') {
    const scale = a.type.scale;
    for (let i = 0; i < m; i++) out[i] = roundDecimal(x[i * sa], scale, digits[i * sd]);
  } else {
    for (let i = 0; i < m; i++) out[i] = roundHalfAway(x[i * sa], digits[i * sd]);
  }
  if (INT_RANGE[type.id] !== undefined) {
    const [lo, hi] = INT_RANGE[type.id];
    for (let i = 0; i < m; i++) {
      if ((out[i] < lo || out[i] > hi) && (valid === undefined || valid[i] === 1)) {
        throw new ExecError(`Overflow in round of ${typeName(type)} (${x[i * sa]})`);
      }
    }
  }
  return makeVec(type, fromF64(out, type), valid, [a, d]);
}

/** power(a, b): NaN for a negative base with a fractional exponent, as DuckDB (shown as NULL by some clients). */
export function power(a: Vec, b: Vec, type: SqlType, n: number): Vec {
  const m = outRows([a, b], n);
  const x = f64Of(a);
  const y = f64Of(b);
  const sa = stride(a);
  const sb = stride(b);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = pow(x[i * sa], y[i * sb]);
  return makeVec(type, fromF64(out, type), andValid([a, b], m), [a, b]);
}

/**
 * x^y, correctly rounded where V8's Math.pow is not but C's pow (DuckDB) is: powers of ten through the decimal
 * parser, negative integer powers of integers as 1 / x^-y when x^-y is exact.
 */
function pow(x: number, y: number): number {
  if (Number.isInteger(y) && Math.abs(y) <= 400) {
    if (x === 10) return Number(`1e${y}`);
    if (y < 0 && Number.isInteger(x)) {
      const d = Math.pow(x, -y);
      if (Math.abs(d) <= 2 ** 53) return 1 / d;
    }
  }
  return Math.pow(x, y);
}

/** Float64 results stored in the array of `type` (integers truncated exactly, bigint converted). */
export function fromF64(out: Float64Array, type: SqlType): Vec['values'] {
  switch (type.id) {
    case 'double': case 'decimal': case 'timestamp': return out;
    case 'bigint': return BigInt64Array.from(out, (v) => BigInt(Number.isFinite(v) ? v : 0));
    default: {
      const a = allocValues(type, out.length) as Exclude<Vec['values'], BigInt64Array>;
      a.set(out);
      return a;
    }
  }
}
