/**
 * Errors of the tensor core. Validation errors are the built-in TypeError / RangeError with a `.code`, so that
 * `instanceof TypeError` keeps working; failures reported by a backend are {@link TruenoError}s.
 */

/** An error reported by a compute backend or the loader; `.code` names the cause. */
export class TruenoError extends Error {
  /** A stable machine-readable cause, e.g. `ERR_TRUENO_NO_BACKEND`. */
  readonly code: string;

  constructor(message: string, code: string) {
    super(message);
    this.name = 'TruenoError';
    this.code = code;
  }
}

/** A TypeError with `.code` `ERR_TRUENO_TYPE`. */
export function typeError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_TRUENO_TYPE' });
}

/** A RangeError with `.code` `ERR_TRUENO_RANGE`. */
export function rangeError(message: string): RangeError {
  return Object.assign(new RangeError(message), { code: 'ERR_TRUENO_RANGE' });
}

/** Describes a received value for an error message: its type and, for short values, the value itself. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `${value}`;
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '...' : value}'`;
  if (typeof value === 'bigint' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return value.length <= 8 ? `[${value.map(describe).join(', ')}]` : `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as { length: number }).length})`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}
