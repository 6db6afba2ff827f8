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

export { describe } from '../common/describe';
