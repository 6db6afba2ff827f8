/**
 * Errors of trueno-db. Every failure the caller can act on is a {@link TruenoDbError} subclass with a stable `.code`
 * (`ERR_TRUENO_DB_*`), so scripts and the CLI branch on the cause without parsing messages. Each part of trueno-db
 * (SQL front end, executor, storage, database) appends its classes at the end of this file.
 */
import { SovereignError, type ErrorOptions } from '../common/errors';

/** Base class of trueno-db's errors; `.code` names the cause, e.g. `ERR_TRUENO_DB_EXEC`. */
export class TruenoDbError extends SovereignError {
  /**
   * @param message - what went wrong, with the value received where it helps
   * @param code - the stable cause, `ERR_TRUENO_DB_*`
   * @param options - `cause`: the underlying error, kept for debugging
   */
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
  }
}

/**
 * A runtime error while executing a query (`ERR_TRUENO_DB_EXEC`): integer overflow, a value that does not convert in
 * a CAST, a scalar subquery returning several rows, a malformed plan. The message names the operation and the value.
 */
export class ExecError extends TruenoDbError {
  /**
   * @param message - the operation and the offending value, e.g. "Overflow in addition of INTEGER (2147483647 + 1)"
   * @param options - `cause`: the underlying error
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'ERR_TRUENO_DB_EXEC', options);
  }
}
