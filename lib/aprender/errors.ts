/**
 * aprender's errors. Argument errors are TypeError / RangeError with `.code` ERR_APRENDER_TYPE / ERR_APRENDER_RANGE
 * ("Expected X for Y but received Z"); the failures an estimator user acts on have their own classes and codes.
 */
import { argumentErrors, SovereignError, type ErrorOptions } from '../common/errors';
import { validators } from '../common/validate';

/** Base class of aprender's errors; `.code` is `ERR_APRENDER_*`. */
export class AprenderError extends SovereignError {}

/**
 * An estimator used before `fit` (code `ERR_APRENDER_NOT_FITTED`), as scikit-learn's NotFittedError.
 * @example
 * try { new KMeans().predict(X); } catch (e) { e.code === 'ERR_APRENDER_NOT_FITTED'; }
 */
export class NotFittedError extends AprenderError {
  /** @param estimator - the class name of the unfitted estimator */
  constructor(estimator: string) {
    super(`This ${estimator} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`, 'ERR_APRENDER_NOT_FITTED');
  }
}

/**
 * A hyperparameter outside its allowed values (code `ERR_APRENDER_PARAM`), thrown by `fit` (and by the constructor
 * or `setParams` for a name the estimator does not have).
 */
export class ParamError extends AprenderError {
  /** The parameter's name. */
  readonly param: string;

  /**
   * @param message - names the parameter, what is allowed and what was given
   * @param param - the parameter's name
   */
  constructor(message: string, param: string) {
    super(message, 'ERR_APRENDER_PARAM');
    this.param = param;
  }
}

/**
 * X does not match what the estimator was fitted on: another number of features or other feature names
 * (code `ERR_APRENDER_FEATURES`).
 */
export class FeatureMismatchError extends AprenderError {
  /** @param message - the expected and the given features */
  constructor(message: string) {
    super(message, 'ERR_APRENDER_FEATURES');
  }
}

/** A fitAsync stopped by its AbortSignal (code `ERR_APRENDER_ABORTED`, name AbortError). */
export class FitAbortedError extends AprenderError {
  /**
   * @param estimator - the class name
   * @param options - the signal's reason as `cause`
   */
  constructor(estimator: string, options?: ErrorOptions) {
    super(`${estimator}.fitAsync was aborted`, 'ERR_APRENDER_ABORTED', options);
    this.name = 'AbortError';
  }
}

/** A numerical failure the data causes (a singular system that has no fallback, a diverging solver): `ERR_APRENDER_NUMERIC`. */
export class NumericError extends AprenderError {
  /**
   * @param message - what failed and on what
   * @param options - the underlying error
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'ERR_APRENDER_NUMERIC', options);
  }
}

export const argumentError = argumentErrors('APRENDER');
/** A TypeError with code ERR_APRENDER_TYPE. */
export const typeError = argumentError.typeError;
/** A RangeError with code ERR_APRENDER_RANGE. */
export const rangeError = argumentError.rangeError;
export const validate = validators(argumentError);
export { describe } from '../common/describe';
