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

/** Why a model file was refused: the `.code` of a {@link ModelFileError}. */
export type ModelFileErrorCode =
  /** Not a model file at all (another format: the magic bytes differ). */
  | 'ERR_APRENDER_MODEL_FORMAT'
  /** Fewer bytes than the header states (a cut download or copy). */
  | 'ERR_APRENDER_MODEL_TRUNCATED'
  /** The CRC-32C over the file does not match (bytes changed in storage or transit). */
  | 'ERR_APRENDER_MODEL_CHECKSUM'
  /** A newer major format version than this reader (or an older one it never wrote). */
  | 'ERR_APRENDER_MODEL_VERSION'
  /** A structure that no writer produces: inconsistent lengths, bad JSON, a bad array table, trailing bytes. */
  | 'ERR_APRENDER_MODEL_CORRUPT'
  /** A stated size beyond the reader's limits or beyond what the codec can expand to (a decompression bomb). */
  | 'ERR_APRENDER_MODEL_TOO_LARGE'
  /** The file names an estimator class that is not registered in this process. */
  | 'ERR_APRENDER_MODEL_UNKNOWN_CLASS'
  /** The file holds another class than the one asked for (`expect`, or `SomeClass.load`). */
  | 'ERR_APRENDER_MODEL_CLASS'
  /** The estimator refused the stored parameters or state. */
  | 'ERR_APRENDER_MODEL_STATE'
  /** A public key was given and the file is unsigned or its signature does not verify. */
  | 'ERR_APRENDER_MODEL_SIGNATURE'
  /** The file is encrypted and no key or passphrase was given, or a key is unusable (wrong size, not Ed25519). */
  | 'ERR_APRENDER_MODEL_KEY'
  /** Decryption failed: a wrong key or passphrase, or a changed ciphertext. */
  | 'ERR_APRENDER_MODEL_DECRYPT'
  /** Signing or encryption was asked for where no crypto implementation is available (sync load in a browser). */
  | 'ERR_APRENDER_MODEL_CRYPTO';

/**
 * A model file (`.apr`) that cannot be written or loaded; `.code` says why ({@link ModelFileErrorCode}).
 * @example
 * try { load(bytes); } catch (e) { if (e.code === 'ERR_APRENDER_MODEL_CHECKSUM') console.error('damaged file'); }
 */
export class ModelFileError extends AprenderError {
  declare readonly code: ModelFileErrorCode;

  /**
   * @param message - what is wrong, with the values found
   * @param code - the cause
   * @param options - the underlying error
   */
  constructor(message: string, code: ModelFileErrorCode, options?: ErrorOptions) {
    super(message, code, options);
  }
}

export const argumentError = argumentErrors('APRENDER');
/** A TypeError with code ERR_APRENDER_TYPE. */
export const typeError = argumentError.typeError;
/** A RangeError with code ERR_APRENDER_RANGE. */
export const rangeError = argumentError.rangeError;
export const validate = validators(argumentError);
export { describe } from '../common/describe';
