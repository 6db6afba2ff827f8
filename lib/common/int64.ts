/**
 * int64 values as a JavaScript user expects them. Arrow (and so alimentar's CSV / JSON integer columns, as in pyarrow)
 * and trueno-db's BIGINT hold 64-bit integers, which apache-arrow hands out as `bigint`: `0n`, which
 * `JSON.stringify` refuses and `+` will not mix with numbers. Rows give plain numbers instead whenever that is exact
 * (|v| <= 2^53 - 1), keep BigInt on request, and never round silently: a value a number cannot hold is an error naming
 * its column (rows) or, in the CLIs' JSON, its exact decimal text. Every part converts through these functions.
 */
import { describe } from './describe';
import { unknownKey, unknownKeyMessage } from './validate';

/** How rows hand out 64-bit integers. */
export interface Int64Options {
  /** true: keep them as exact `bigint`; false (default): plain numbers, an error for a value beyond ±(2^53 - 1). */
  bigint?: boolean;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = -MAX;

/** Whether a bigint converts to a number exactly. */
function isSafe(v: bigint): boolean {
  return v >= MIN && v <= MAX;
}

/**
 * Reads the `bigint` option of a rows call.
 * @param options - undefined or `{ bigint }`
 * @param name - the call, for the message
 * @param typeError - the part's TypeError factory
 * @returns whether to keep bigints
 * @throws TypeError for a non-object or a non-boolean `bigint`
 * @example keepBigInt({ bigint: true }, 'toRows options', typeError) // true
 */
export function keepBigInt(options: unknown, name: string, typeError: (message: string) => Error): boolean {
  if (options === undefined) return false;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(`Expected an options object for ${name} but received ${describe(options)}`);
  }
  const bad = unknownKey(options, ['bigint']);
  if (bad !== undefined) throw typeError(unknownKeyMessage(['bigint'], name, bad));
  const { bigint } = options as Int64Options;
  if (bigint === undefined) return false;
  if (typeof bigint !== 'boolean') throw typeError(`Expected a boolean for ${name}.bigint but received ${describe(bigint)}`);
  return bigint;
}

/**
 * A 64-bit integer as a number, exactly.
 * @param value - the integer
 * @param column - its column, for the message
 * @param fail - builds the part's error from the message and the column
 * @returns the same value as a number
 * @throws what `fail` builds when |value| > 2^53 - 1 (a number would round it)
 * @example exactNumber(42n, 'id', (m) => new RangeError(m)) // 42
 */
export function exactNumber(value: bigint, column: string, fail: (message: string, column: string) => Error): number {
  if (isSafe(value)) return Number(value);
  throw fail(
    `Expected int64 values within ±${Number.MAX_SAFE_INTEGER} (exact as numbers) in column '${column}' but received ${value}; ` +
      'pass { bigint: true } to get exact BigInt values',
    column,
  );
}

/**
 * A value of a row with every bigint in it (nested in arrays, typed arrays, Arrow vectors and structs too) as an
 * exact number, or kept when `keep` is set.
 * @param value - a JS value from apache-arrow or trueno-db
 * @param column - its column, for the message
 * @param keep - keep bigints as they are
 * @param fail - builds the part's error for a value beyond ±(2^53 - 1)
 * @returns the value with numbers for bigints
 * @example plainValue([1n, 2n], 'ids', false, (m) => new RangeError(m)) // [1, 2]
 */
export function plainValue(value: unknown, column: string, keep: boolean, fail: (message: string, column: string) => Error): unknown {
  if (keep) return value;
  if (typeof value === 'bigint') return exactNumber(value, column, fail);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, (v) => exactNumber(v, column, fail));
  if (Array.isArray(value)) return value.map((v) => plainValue(v, column, false, fail));
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  // an Arrow Vector (list column) or StructRow: its JSON form, then the same conversion
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return plainValue(json.call(value), column, false, fail);
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v, column, false, fail)]));
  }
  return value;
}

/**
 * A 64-bit integer for JSON output (the CLIs' `--json`): a number when exact, else its decimal text, so no value is
 * rounded and the line still parses.
 * @param value - the integer
 * @returns a number or a decimal string
 * @example jsonInt64(2n ** 60n) // '1152921504606846976'
 */
export function jsonInt64(value: bigint): number | string {
  return isSafe(value) ? Number(value) : value.toString();
}
