/**
 * Errors of the storage backends. Each names one cause a caller can act on (retry, fix credentials, create the
 * bucket), so the CLI maps them to exit codes and scripts branch on `.code` rather than on messages.
 */
import { AlimentarError } from '../errors';

/** A backend failure with no more specific cause, e.g. an unexpected S3 status (`ERR_ALIMENTAR_STORAGE`). */
export class StorageError extends AlimentarError {
  /** The HTTP status of the failed request, when there was one. */
  readonly status: number | undefined;

  /**
   * @param message - the operation, the location and the cause
   * @param status - the HTTP status, when the backend speaks HTTP
   * @param code - a more specific `ERR_ALIMENTAR_*` code, set by subclasses
   */
  constructor(message: string, status?: number, code = 'ERR_ALIMENTAR_STORAGE', options?: { cause?: unknown }) {
    super(message, code, options);
    this.status = status;
  }
}

/** The server could not be reached: refused connection, DNS failure, reset, timeout (`ERR_ALIMENTAR_NETWORK`). */
export class NetworkError extends StorageError {
  /** @param message - the URL and the system error */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, undefined, 'ERR_ALIMENTAR_NETWORK', options);
  }
}

/** The server refused the credentials or the token: HTTP 401/403, `InvalidAccessKeyId`, `SignatureDoesNotMatch`,
 * `AccessDenied` (`ERR_ALIMENTAR_AUTH`). */
export class AuthError extends StorageError {
  /** @param message - the location, the server's reason and where credentials come from */
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, status, 'ERR_ALIMENTAR_AUTH', options);
  }
}

/** The S3 bucket does not exist (`ERR_ALIMENTAR_NO_SUCH_BUCKET`). */
export class NoSuchBucketError extends StorageError {
  /** The bucket's name. */
  readonly bucket: string;

  /**
   * @param bucket - the bucket that is missing
   * @param endpoint - the endpoint that was asked
   */
  constructor(bucket: string, endpoint: string, options?: { cause?: unknown }) {
    super(`Expected an existing bucket but received '${bucket}', which does not exist at ${endpoint}`, 404,
      'ERR_ALIMENTAR_NO_SUCH_BUCKET', options);
    this.bucket = bucket;
  }
}

/** A conditional write lost: the object changed (If-Match) or already exists (If-None-Match)
 * (`ERR_ALIMENTAR_PRECONDITION`). Callers re-read and retry. */
export class PreconditionFailedError extends StorageError {
  /** @param message - the key and the condition that failed */
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, status, 'ERR_ALIMENTAR_PRECONDITION', options);
  }
}

/** A write or delete on a read-only backend, e.g. plain HTTP(S) (`ERR_ALIMENTAR_READ_ONLY`). */
export class ReadOnlyStorageError extends StorageError {
  /** @param message - the operation and the backend */
  constructor(message: string) {
    super(message, undefined, 'ERR_ALIMENTAR_READ_ONLY');
  }
}

/** An HTTP(S) server answered with an error status (`ERR_ALIMENTAR_HTTP`). */
export class HttpError extends StorageError {
  /** @param message - the URL and the status */
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, status, 'ERR_ALIMENTAR_HTTP', options);
  }
}
