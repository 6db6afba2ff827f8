/**
 * Literals: the typed constant of a number / string written in SQL or passed as a parameter, and constant folding
 * of casts of literals (`DATE '2024-01-02'`, `'3' = int_column`), so the executor gets ready values. A string that
 * does not convert is a bind error, as DuckDB's conversion error at bind time.
 */
import type { Expr, Literal, LiteralValue } from '../plan/ir';
import type { SqlType } from '../types';
import { SqlBindError, type SqlPosition } from '../errors';
import { T, decimal, fitsInteger, isInteger, typeName } from './typing';

/**
 * Literals whose type was written (CAST / `::` of a constant): unlike a bare `1` or `'x'`, they do not adapt to the
 * other operand's type (DuckDB: `127::TINYINT + 1` is TINYINT arithmetic and overflows).
 */
export const typedLiterals = new WeakSet<Expr>();

/** A literal expression. */
export function lit(value: LiteralValue, type: SqlType): Literal {
  return { kind: 'literal', value, type };
}

/** The literal of an integer written in SQL: INTEGER when it fits 32 bits, else BIGINT, else DOUBLE. */
export function integerLiteral(value: number | bigint): Literal {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) return lit(value, T.double);
  if (fitsInteger(value, T.integer)) return lit(Number(value), T.integer);
  if (fitsInteger(value, T.bigint)) return lit(BigInt(value), T.bigint);
  return lit(Number(value), T.double);
}

/**
 * The literal of a number as written: `12` INTEGER/BIGINT, `1.5` DECIMAL(2,1) (precision = digits written),
 * `1e3` DOUBLE.
 */
export function numberLiteral(raw: string): Literal {
  const text = raw.trim();
  if (/[eE]/.test(text)) return lit(Number(text), T.double);
  const dot = text.indexOf('.');
  if (dot < 0) return integerLiteral(BigInt(text));
  const digits = text.replace(/[-+.]/g, '');
  const scale = text.length - dot - 1;
  const precision = Math.max(digits.length, scale, 1);
  if (precision > 38) return lit(Number(text), T.double);
  return lit(Number(text), decimal(precision, scale));
}

const DAY_US = 86400e6;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' string, or undefined. */
export function parseDate(s: string): number | undefined {
  const m = /^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})\s*$/.exec(s);
  if (m === null) return undefined;
  return civilDays(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Microseconds since 1970-01-01 UTC of 'YYYY-MM-DD[ |T]HH:MM[:SS[.ffffff]]' (or a date alone), or undefined. */
export function parseTimestamp(s: string): number | undefined {
  const m = /^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(?:Z|\+00(?::?00)?)?\s*$/.exec(s);
  if (m === null) return undefined;
  const days = civilDays(Number(m[1]), Number(m[2]), Number(m[3]));
  const h = Number(m[4] ?? 0);
  const min = Number(m[5] ?? 0);
  const sec = Number(m[6] ?? 0);
  if (days === undefined || h > 23 || min > 59 || sec > 59) return undefined;
  const micros = m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0'));
  return days * DAY_US + ((h * 60 + min) * 60 + sec) * 1e6 + micros;
}

function civilDays(y: number, mo: number, d: number): number | undefined {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return Math.round(t.getTime() / 86400000);
}

/** The value of a literal as SQL text (for names and EXPLAIN). */
export function literalText(value: LiteralValue, type: SqlType): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (type.id === 'date' && typeof value === 'number') return `DATE '${new Date(value * 86400000).toISOString().slice(0, 10)}'`;
  if (type.id === 'timestamp' && typeof value === 'number') {
    return `TIMESTAMP '${new Date(Math.floor(value / 1000)).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '')}'`;
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** Rounds half away from zero, as DuckDB's casts to integers do. */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * Casts an expression to a type: a literal is converted now (a string that does not convert is a SqlBindError),
 * anything else is wrapped in a Cast node; an expression of the type already is returned as is.
 * @param e - the expression
 * @param to - the target type
 * @param position - where, for the error
 */
export function castTo(e: Expr, to: SqlType, position?: SqlPosition): Expr {
  if (typeName(e.type) === typeName(to)) return e;
  if (e.kind !== 'literal') return { kind: 'cast', expr: e, type: to };
  const folded = foldLiteralCast(e.value, e.type, to);
  if (folded === undefined) return { kind: 'cast', expr: e, type: to };
  if (folded === FAILED) {
    throw new SqlBindError(`could not convert ${literalText(e.value, e.type)} to ${typeName(to)}`, position);
  }
  return lit(folded, to);
}

const FAILED = Symbol('failed');

/** The converted value, FAILED when it does not convert, undefined when not folded here (left to the executor). */
function foldLiteralCast(v: LiteralValue, from: SqlType, to: SqlType): LiteralValue | typeof FAILED | undefined {
  if (v === null) return null;
  if (to.id === 'varchar') {
    if (typeof v === 'string') return v;
    if (from.id === 'date' || from.id === 'timestamp') return literalText(v, from).replace(/^\w+ '|'$/g, '');
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (from.id === 'double' || from.id === 'float') return Number.isInteger(v) ? `${v}.0` : String(v);
    if (from.id === 'decimal' && typeof v === 'number' && from.scale > 0) return v.toFixed(from.scale);
    return String(v);
  }
  if (typeof v === 'string') {
    const s = v.trim();
    switch (to.id) {
      case 'date': return parseDate(s) ?? FAILED;
      case 'timestamp': return parseTimestamp(s) ?? FAILED;
      case 'boolean': {
        const l = s.toLowerCase();
        if (l === 'true' || l === 't' || l === '1') return true;
        if (l === 'false' || l === 'f' || l === '0') return false;
        return FAILED;
      }
      default: {
        if (s === '' || !Number.isFinite(Number(s)) && !/^[-+]?(inf|infinity|nan)$/i.test(s)) return FAILED;
        return foldLiteralCast(/^[-+]?\d+$/.test(s) ? BigInt(s) : Number(s), /^[-+]?\d+$/.test(s) ? T.bigint : T.double, to);
      }
    }
  }
  if (typeof v === 'boolean') {
    if (isInteger(to)) return to.id === 'bigint' ? BigInt(v ? 1 : 0) : v ? 1 : 0;
    if (to.id === 'double' || to.id === 'float' || to.id === 'decimal') return v ? 1 : 0;
    return undefined;
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (to.id === 'boolean') return Number(v) !== 0;
    if (isInteger(to)) {
      const n = typeof v === 'bigint' ? v : BigInt(roundHalfAway(v));
      if (typeof v === 'number' && !Number.isFinite(v)) return FAILED;
      if (!fitsInteger(n, to)) return FAILED;
      return to.id === 'bigint' ? n : Number(n);
    }
    if (to.id === 'double' || to.id === 'float') return to.id === 'float' ? Math.fround(Number(v)) : Number(v);
    if (to.id === 'decimal') {
      const x = Number(v);
      const scaled = Math.round(x * 10 ** to.scale) / 10 ** to.scale;
      if (Math.abs(scaled) >= 10 ** (to.precision - to.scale)) return FAILED;
      return scaled;
    }
    if (from.id === 'date' && to.id === 'timestamp') return Number(v) * DAY_US;
  }
  return undefined;
}
