/**
 * Errors of realizar. An HTTP answer that is not a 2xx carries `{ error: { code, message } }` with a stable `code`
 * (`ERR_REALIZAR_*`) and a message that names the offending field, never a stack trace or an internal path. Errors
 * thrown to the caller of `serve` are the built-in TypeError / RangeError with `.code` `ERR_REALIZAR_TYPE` /
 * `ERR_REALIZAR_RANGE`, or a {@link RealizarError}.
 */
import { argumentErrors, SovereignError, type ErrorOptions } from '../common/errors';

/** The stable codes of realizar's HTTP errors and their statuses. */
export const HTTP_CODES = {
  ERR_REALIZAR_NOT_FOUND: 404,
  ERR_REALIZAR_MODEL_NOT_FOUND: 404,
  ERR_REALIZAR_METHOD_NOT_ALLOWED: 405,
  ERR_REALIZAR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_REALIZAR_BAD_REQUEST: 400,
  ERR_REALIZAR_UNAUTHORIZED: 401,
  ERR_REALIZAR_BODY_TOO_LARGE: 413,
  ERR_REALIZAR_INVALID_INPUT: 422,
  ERR_REALIZAR_TOO_MANY_ROWS: 422,
  ERR_REALIZAR_NOT_READY: 503,
  ERR_REALIZAR_BUSY: 503,
  ERR_REALIZAR_SHUTTING_DOWN: 503,
  ERR_REALIZAR_TIMEOUT: 504,
  ERR_REALIZAR_PREDICT: 500,
  ERR_REALIZAR_INTERNAL: 500,
} as const;

/** A code of {@link HTTP_CODES}. */
export type HttpErrorCode = keyof typeof HTTP_CODES;

/** Base class of realizar's errors; `.code` names the cause. */
export class RealizarError extends SovereignError {
  /**
   * @param message - what went wrong, with the value received where it helps
   * @param code - the stable cause, `ERR_REALIZAR_*`
   * @param options - `cause`: the underlying error
   */
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
  }
}

/** An error answered over HTTP: its status comes from its code; `field` names the offending input when there is one. */
export class HttpError extends RealizarError {
  declare readonly code: HttpErrorCode;
  /** The HTTP status. */
  readonly status: number;
  /** The offending field (`instances[3][1]`, `inputs[0].data`, a feature name ...), when one is at fault. */
  readonly field?: string;
  /** Seconds after which a retry may succeed (503), sent as Retry-After. */
  readonly retryAfter?: number;

  /**
   * @param code - the stable cause
   * @param message - what is wrong, naming the field
   * @param extra - field, retryAfter
   */
  constructor(code: HttpErrorCode, message: string, extra: { field?: string; retryAfter?: number } = {}) {
    super(message, code);
    this.status = HTTP_CODES[code];
    if (extra.field !== undefined) this.field = extra.field;
    if (extra.retryAfter !== undefined) this.retryAfter = extra.retryAfter;
  }
}

/** A 422 for a bad instance or value, naming the field. */
export function invalidInput(message: string, field?: string): HttpError {
  return new HttpError('ERR_REALIZAR_INVALID_INPUT', message, { field });
}

/** The TypeError / RangeError factories of realizar (`ERR_REALIZAR_TYPE` / `ERR_REALIZAR_RANGE`). */
export const argumentError = argumentErrors('REALIZAR');
/** A TypeError with `.code` `ERR_REALIZAR_TYPE`. */
export const typeError = argumentError.typeError;
/** A RangeError with `.code` `ERR_REALIZAR_RANGE`. */
export const rangeError = argumentError.rangeError;
export { describe } from '../common/describe';
