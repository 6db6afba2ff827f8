/**
 * Parameters: `$1` / `?` (by position) and `$name` (by name) substituted as typed literals: a number INTEGER when
 * integral and within 32 bits else DOUBLE, a bigint BIGINT, a string VARCHAR, a boolean BOOLEAN, null NULL, a Date
 * TIMESTAMP. A missing parameter, one of another type, or one given but never used is a SqlBindError.
 */
import type { Literal } from '../plan/ir';
import { SqlBindError, type SqlPosition } from '../errors';
import type { BindContext, Params } from './context';
import { lit } from './literal';
import { T, fitsInteger } from './typing';

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? `an object (${(v as object).constructor?.name ?? 'Object'})` : typeof v;
}

/**
 * The literal of parameter `name` ('1'-based position or a name).
 * @throws SqlBindError when absent or of a type SQL has no literal for
 */
export function paramLiteral(ctx: BindContext, name: string, position?: SqlPosition): Literal {
  const params = ctx.params;
  const label = `$${name}`;
  let value: unknown;
  let present: boolean;
  if (params === undefined) {
    present = false;
  } else if (Array.isArray(params)) {
    const i = Number(name) - 1;
    present = /^\d+$/.test(name) && i >= 0 && i < params.length;
    value = present ? params[i] : undefined;
  } else {
    present = Object.prototype.hasOwnProperty.call(params, name);
    value = present ? (params as Record<string, unknown>)[name] : undefined;
  }
  if (!present) {
    const given = params === undefined ? 'none were given' : Array.isArray(params) ? `${params.length} given` : `given: ${Object.keys(params).join(', ') || 'none'}`;
    throw new SqlBindError(`missing parameter ${label} (${given})`, position);
  }
  ctx.usedParams.add(name);
  return valueLiteral(value, label, position);
}

/** The literal of a JS value (a parameter or an inserted value). */
export function valueLiteral(value: unknown, label: string, position?: SqlPosition): Literal {
  if (value === null || value === undefined) return lit(null, T.null);
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value) && fitsInteger(value, T.integer)) return lit(value, T.integer);
      return lit(value, T.double);
    case 'bigint':
      if (!fitsInteger(value, T.bigint)) throw new SqlBindError(`parameter ${label} is out of the BIGINT range: ${value}`, position);
      return lit(value, T.bigint);
    case 'string': return lit(value, T.varchar);
    case 'boolean': return lit(value, T.boolean);
    default:
      if (value instanceof Date) {
        const ms = value.getTime();
        if (!Number.isFinite(ms)) throw new SqlBindError(`parameter ${label} is an invalid Date`, position);
        return lit(ms * 1000, T.timestamp);
      }
      throw new SqlBindError(`Expected a number, bigint, string, boolean, Date or null for parameter ${label} but received ${describeValue(value)}`, position);
  }
}

/**
 * Checks that every parameter given was used (an extra one is most likely a mistake in the SQL).
 * @throws SqlBindError naming the unused parameters
 */
export function checkAllParamsUsed(ctx: BindContext): void {
  const params: Params | undefined = ctx.params;
  if (params === undefined) return;
  const names = Array.isArray(params) ? params.map((_, i) => String(i + 1)) : Object.keys(params);
  const unused = names.filter((n) => !ctx.usedParams.has(n));
  if (unused.length > 0) {
    throw new SqlBindError(`${unused.length} parameter${unused.length > 1 ? 's' : ''} given but not used in the SQL: ${unused.map((n) => `$${n}`).join(', ')}`);
  }
}
