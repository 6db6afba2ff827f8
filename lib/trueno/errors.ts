/**
 * Errors of the tensor core. Validation errors are the built-in TypeError / RangeError with a `.code`, so that
 * `instanceof TypeError` keeps working; failures reported by a backend are {@link TruenoError}s.
 */
import { argumentErrors, SovereignError, type ErrorOptions } from '../common/errors';

/** An error reported by a compute backend or the loader; `.code` names the cause. */
export class TruenoError extends SovereignError {
  /**
   * @param message - what went wrong
   * @param code - the stable cause, e.g. `ERR_TRUENO_NO_BACKEND`
   * @param options - `cause`: the underlying error
   */
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
  }
}

/** The tensor core's argument errors: `.code` `ERR_TRUENO_TYPE` / `ERR_TRUENO_RANGE`. */
export const argumentError = argumentErrors('TRUENO');

/** A TypeError with `.code` `ERR_TRUENO_TYPE`. */
export const typeError = argumentError.typeError;

/** A RangeError with `.code` `ERR_TRUENO_RANGE`. */
export const rangeError = argumentError.rangeError;

export { describe } from '../common/describe';
