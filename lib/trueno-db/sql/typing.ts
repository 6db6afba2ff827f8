/**
 * SQL types in the binder: names, parsing of type names, and DuckDB's implicit-cast rules (the common type of the
 * operands of an arithmetic operator, a comparison, IN, CASE, COALESCE and UNION). Checked against DuckDB's own
 * `typeof(...)`; the one deliberate difference is sum() of integers, BIGINT here where DuckDB says HUGEINT (trueno-db
 * has no 128-bit integers; a sum out of the int64 range is an overflow error).
 */
import type { SqlType } from '../types';

/** The types without parameters, by id. */
export const T = {
  boolean: { id: 'boolean' },
  tinyint: { id: 'tinyint' },
  smallint: { id: 'smallint' },
  integer: { id: 'integer' },
  bigint: { id: 'bigint' },
  float: { id: 'float' },
  double: { id: 'double' },
  varchar: { id: 'varchar' },
  date: { id: 'date' },
  timestamp: { id: 'timestamp' },
  null: { id: 'null' },
} as const satisfies Record<string, SqlType>;

/** A DECIMAL(precision, scale), the precision capped at 38 as in DuckDB. */
export function decimal(precision: number, scale: number): SqlType {
  return { id: 'decimal', precision: Math.min(38, precision), scale };
}

const INTEGER_RANK: Record<string, number> = { tinyint: 1, smallint: 2, integer: 3, bigint: 4 };
/** Decimal digits an integer type needs (its DECIMAL(w, 0) width in DuckDB's casts). */
const INTEGER_DIGITS: Record<string, number> = { tinyint: 3, smallint: 5, integer: 10, bigint: 19 };
const INTEGER_RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127], smallint: [-32768, 32767], integer: [-2147483648, 2147483647],
};

/** True for tinyint..bigint. */
export function isInteger(t: SqlType): boolean {
  return t.id in INTEGER_RANK;
}

/** True for the integer, decimal and floating types. */
export function isNumeric(t: SqlType): boolean {
  return isInteger(t) || t.id === 'decimal' || t.id === 'float' || t.id === 'double';
}

/** True for date and timestamp. */
export function isTemporal(t: SqlType): boolean {
  return t.id === 'date' || t.id === 'timestamp';
}

/** Type equality (decimal precision/scale and list children included). */
export function sameType(a: SqlType, b: SqlType): boolean {
  return typeName(a) === typeName(b);
}

/** The type as DuckDB prints it, e.g. INTEGER, DECIMAL(12,1), DOUBLE[3]. */
export function typeName(t: SqlType): string {
  switch (t.id) {
    case 'decimal': return `DECIMAL(${t.precision},${t.scale})`;
    case 'list': return `${typeName(t.child)}[${t.size ?? ''}]`;
    case 'null': return 'NULL';
    default: return t.id.toUpperCase();
  }
}

/** True when an integer value fits the integer type `t`. */
export function fitsInteger(value: number | bigint, t: SqlType): boolean {
  if (t.id === 'bigint') return BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n;
  const r = INTEGER_RANGE[t.id];
  return r !== undefined && Number(value) >= r[0] && Number(value) <= r[1];
}

/** The decimal type an integer or decimal type widens to (DuckDB: INTEGER -> DECIMAL(10,0)). */
function asDecimal(t: SqlType): { precision: number; scale: number } {
  if (t.id === 'decimal') return { precision: t.precision, scale: t.scale };
  return { precision: INTEGER_DIGITS[t.id], scale: 0 };
}

/**
 * The common type of two numeric types (DuckDB's max logical type): the wider integer; integer with decimal a decimal
 * holding both; anything with float FLOAT, with double DOUBLE.
 */
export function commonNumeric(a: SqlType, b: SqlType): SqlType {
  if (a.id === 'double' || b.id === 'double') return T.double;
  if (a.id === 'float' || b.id === 'float') return T.float;
  if (a.id === 'decimal' || b.id === 'decimal') {
    const x = asDecimal(a);
    const y = asDecimal(b);
    const scale = Math.max(x.scale, y.scale);
    return decimal(Math.max(x.precision - x.scale, y.precision - y.scale) + scale, scale);
  }
  return INTEGER_RANK[a.id] >= INTEGER_RANK[b.id] ? a : b;
}

/**
 * The result type of a decimal `+ - * %` whose operands were cast to the common decimal type (DuckDB adds a digit
 * for + and -, adds precisions and scales for *, capped at 18 digits when both fit in 64 bits).
 */
export function decimalArithmetic(op: string, a: SqlType, b: SqlType): SqlType {
  const x = asDecimal(a);
  const y = asDecimal(b);
  if (op === '*') {
    const p = x.precision + y.precision;
    return decimal(x.precision <= 18 && y.precision <= 18 ? Math.min(p, 18) : p, x.scale + y.scale);
  }
  const scale = Math.max(x.scale, y.scale);
  const digits = Math.max(x.precision - x.scale, y.precision - y.scale) + scale;
  return decimal(op === '%' ? digits : digits + 1, scale);
}

/**
 * The SqlType of a type name in CAST / `::` / CREATE TABLE, or undefined when trueno-db has no such type.
 * @param name - the type name as written (any case), e.g. 'INT', 'DOUBLE PRECISION', 'DECIMAL'
 * @param params - the numbers in parentheses, e.g. [10, 2] for DECIMAL(10,2)
 */
export function parseTypeName(name: string, params: number[] = []): SqlType | undefined {
  switch (name.toLowerCase().replace(/\s+/g, ' ')) {
    case 'boolean': case 'bool': case 'logical': return T.boolean;
    case 'tinyint': case 'int1': return T.tinyint;
    case 'smallint': case 'int2': case 'short': return T.smallint;
    case 'integer': case 'int': case 'int4': case 'signed': return T.integer;
    case 'bigint': case 'int8': case 'long': return T.bigint;
    case 'real': case 'float4': case 'float': return T.float;
    case 'double': case 'float8': case 'double precision': return T.double;
    case 'decimal': case 'numeric': {
      const precision = params[0] ?? 18;
      const scale = params[1] ?? (params.length === 0 ? 3 : 0);
      if (!(precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision)) return undefined;
      return decimal(precision, scale);
    }
    case 'varchar': case 'text': case 'string': case 'char': case 'bpchar': case 'character varying': case 'character':
      return T.varchar;
    case 'date': return T.date;
    case 'timestamp': case 'datetime': case 'timestamp without time zone': return T.timestamp;
    default: return undefined;
  }
}
