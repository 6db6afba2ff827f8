/**
 * Errors shared by every part of the stack. Failures a caller can act on are {@link SovereignError} subclasses with a
 * stable `.code` (and the underlying `cause`); argument errors are the built-in TypeError / RangeError with a `.code`,
 * so `instanceof TypeError` keeps working. Each part (trueno, alimentar, ...) names its codes with its own prefix.
 */

/** Options of an error: `cause`, the underlying error, kept for debugging. */
export interface ErrorOptions {
  /** The underlying error. */
  cause?: unknown;
}

/** A TypeError or RangeError that carries a stable `.code`. */
export type CodedError<E extends Error> = E & { code: string };

/**
 * Base class of the stack's errors; `.code` names the cause, e.g. `ERR_ALIMENTAR_CSV_PARSE`, `ERR_TRUENO_NO_BACKEND`.
 * @example
 * class MyError extends SovereignError {
 *   constructor(message: string) { super(message, 'ERR_MINE'); }
 * }
 */
export class SovereignError extends Error {
  /** A stable machine-readable cause. */
  readonly code: string;

  /**
   * @param message - what went wrong, with the value received where it helps
   * @param code - the stable cause, `ERR_<PART>_*`
   * @param options - `cause`: the underlying error
   */
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** The argument-error factories of one part of the stack. */
export interface ArgumentErrors {
  /** The `.code` of its TypeErrors, e.g. `ERR_TRUENO_TYPE`. */
  readonly typeCode: string;
  /** The `.code` of its RangeErrors, e.g. `ERR_TRUENO_RANGE`. */
  readonly rangeCode: string;
  /** A TypeError with `.code` {@link ArgumentErrors.typeCode}, for an argument of the wrong type. */
  typeError(message: string): CodedError<TypeError>;
  /** A RangeError with `.code` {@link ArgumentErrors.rangeCode}, for an argument with a wrong value. */
  rangeError(message: string): CodedError<RangeError>;
}

/**
 * The TypeError / RangeError factories of a part, whose codes are `ERR_<PREFIX>_TYPE` and `ERR_<PREFIX>_RANGE`.
 * @param prefix - the part's code prefix in capitals, e.g. `TRUENO`
 * @returns the factories
 * @example
 * const { typeError } = argumentErrors('TRUENO');
 * throw typeError('Expected a Tensor for a but received null'); // .code === 'ERR_TRUENO_TYPE'
 */
export function argumentErrors(prefix: string): ArgumentErrors {
  const typeCode = `ERR_${prefix}_TYPE`;
  const rangeCode = `ERR_${prefix}_RANGE`;
  return {
    typeCode,
    rangeCode,
    typeError: (message) => Object.assign(new TypeError(message), { code: typeCode }),
    rangeError: (message) => Object.assign(new RangeError(message), { code: rangeCode }),
  };
}

export { describe } from './describe';
