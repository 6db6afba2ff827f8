/**
 * Implicit casts: the common type of a set of operands by DuckDB's rules, and the operands cast to it. String
 * literals take the type of the other operands (`date_col = '2024-01-02'`), integer literals take the integer type of
 * the other operands when they fit (`tinyint_col + 1` is TINYINT), NULL takes any type. In comparisons a VARCHAR
 * column compared with a number or date is cast to it (DuckDB); elsewhere (CASE, COALESCE, UNION) mixing VARCHAR
 * with other types gives VARCHAR.
 */
import type { Expr } from '../plan/ir';
import type { SqlType } from '../types';
import { SqlBindError, type SqlPosition } from '../errors';
import { castTo, typedLiterals } from './literal';
import { T, commonNumeric, fitsInteger, isInteger, isNumeric, isTemporal, sameType, typeName } from './typing';

/** 'compare': =, <, IN, BETWEEN; 'value': CASE, COALESCE, GREATEST/LEAST, UNION. */
export type UnifyMode = 'compare' | 'value';

function isStringLiteral(e: Expr): boolean {
  return e.kind === 'literal' && e.type.id === 'varchar' && e.value !== null && !typedLiterals.has(e);
}

function isIntegerLiteral(e: Expr): boolean {
  return e.kind === 'literal' && isInteger(e.type) && e.value !== null && !typedLiterals.has(e);
}

/** The common type of two non-literal types, or undefined when they do not mix. */
function pair(a: SqlType, b: SqlType, mode: UnifyMode): SqlType | undefined {
  if (a.id === 'null') return b;
  if (b.id === 'null') return a;
  if (sameType(a, b)) return a;
  if (isNumeric(a) && isNumeric(b)) return commonNumeric(a, b);
  if (isTemporal(a) && isTemporal(b)) return T.timestamp;
  if (a.id === 'varchar' || b.id === 'varchar') {
    const other = a.id === 'varchar' ? b : a;
    if (mode === 'value') return T.varchar;
    if (isNumeric(other) || isTemporal(other) || other.id === 'boolean') return other;
  }
  if (a.id === 'boolean' && isNumeric(b) && mode === 'compare') return a;
  if (b.id === 'boolean' && isNumeric(a) && mode === 'compare') return b;
  return undefined;
}

/**
 * The common type of some operands.
 * @param exprs - the bound operands
 * @param mode - comparison or value context
 * @param what - the construct, for the error ('comparison', 'CASE', ...)
 * @param position - where
 * @throws SqlBindError when the types do not mix
 */
export function commonType(exprs: Expr[], mode: UnifyMode, what: string, position?: SqlPosition): SqlType {
  const fixed = exprs.filter((e) => e.type.id !== 'null' && !isStringLiteral(e) && !isIntegerLiteral(e));
  const intLits = exprs.filter(isIntegerLiteral);
  const strLits = exprs.filter(isStringLiteral);
  let target: SqlType | undefined;
  if (fixed.length === 0) {
    if (intLits.length > 0) target = intLits.map((e) => e.type).reduce((a, b) => commonNumeric(a, b));
    else if (strLits.length > 0) target = T.varchar;
    else return exprs.length > 0 ? T.integer : T.null;
    if (strLits.length > 0 && intLits.length > 0 && mode === 'value') target = T.varchar;
  } else {
    target = fixed[0].type;
    for (const e of fixed.slice(1)) {
      const next = pair(target, e.type, mode);
      if (next === undefined) throw mismatch(exprs, what, position);
      target = next;
    }
    for (const e of intLits) {
      if (isInteger(target)) {
        if (!fitsInteger((e as { value: number | bigint }).value, target)) target = commonNumeric(target, e.type);
      } else if (target.id === 'decimal') {
        target = commonNumeric(target, e.type);
      } else if (isNumeric(target) || target.id === 'boolean') {
        // the literal converts to the target (decimal, float, double, boolean)
      } else if (target.id === 'varchar') {
        if (mode === 'compare') target = commonNumeric(e.type, e.type);
      } else {
        throw mismatch(exprs, what, position);
      }
    }
  }
  return target;
}

function mismatch(exprs: Expr[], what: string, position?: SqlPosition): SqlBindError {
  const names = [...new Set(exprs.map((e) => typeName(e.type)))];
  return new SqlBindError(`cannot mix ${names.join(' and ')} in ${what}; add an explicit CAST`, position);
}

/**
 * Casts operands to their common type.
 * @returns the cast operands and the type
 */
export function unify(exprs: Expr[], mode: UnifyMode, what: string, position?: SqlPosition): { exprs: Expr[]; type: SqlType } {
  const type = commonType(exprs, mode, what, position);
  const t = type.id === 'null' ? T.integer : type;
  return { exprs: exprs.map((e) => castTo(e, t, position)), type: t };
}
