/**
 * Errors of alimentar. Every failure the caller can act on is an {@link AlimentarError} subclass with a stable `.code`,
 * so scripts and the CLI can branch on the cause without parsing messages. Argument validation uses the built-in
 * TypeError / RangeError (with `.code` `ERR_ALIMENTAR_TYPE` / `ERR_ALIMENTAR_RANGE`) so `instanceof TypeError` keeps
 * working, as in the tensor core. The base class and the factories come from lib/common/errors.
 */
import { argumentErrors, SovereignError, type ErrorOptions } from '../common/errors';

/** Base class of alimentar's errors; `.code` names the cause, e.g. `ERR_ALIMENTAR_CSV_PARSE`. */
export class AlimentarError extends SovereignError {
  /**
   * @param message - what went wrong, with the value received where it helps
   * @param code - the stable cause, `ERR_ALIMENTAR_*`
   * @param options - `cause`: the underlying error, kept for debugging
   */
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
  }
}

/** A file or object that does not exist (`ERR_ALIMENTAR_NOT_FOUND`). */
export class NotFoundError extends AlimentarError {
  /** @param message - which path was missing */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_ALIMENTAR_NOT_FOUND', options);
  }
}

/** A format that cannot be recognised from the extension or content (`ERR_ALIMENTAR_UNKNOWN_FORMAT`). */
export class UnknownFormatError extends AlimentarError {
  /** @param message - the path and what was tried */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_ALIMENTAR_UNKNOWN_FORMAT', options);
  }
}

/** Malformed CSV: ragged rows, bad quotes, values that do not fit the schema (`ERR_ALIMENTAR_CSV_PARSE`). */
export class CsvParseError extends AlimentarError {
  /** 1-based line number in the file where the problem was found. */
  readonly line: number;

  /**
   * @param message - the problem (the line number is appended)
   * @param line - 1-based line number
   */
  constructor(message: string, line: number, options?: { cause?: unknown }) {
    super(`${message} at line ${line}`, 'ERR_ALIMENTAR_CSV_PARSE', options);
    this.line = line;
  }
}

/** Malformed JSON or JSON Lines (`ERR_ALIMENTAR_JSON_PARSE`); `line` is set for JSON Lines. */
export class JsonParseError extends AlimentarError {
  /** 1-based line number for JSON Lines, or undefined for a whole JSON document. */
  readonly line: number | undefined;

  /**
   * @param message - the problem
   * @param line - 1-based line number (JSON Lines only)
   */
  constructor(message: string, line?: number, options?: { cause?: unknown }) {
    super(line === undefined ? message : `${message} at line ${line}`, 'ERR_ALIMENTAR_JSON_PARSE', options);
    this.line = line;
  }
}

/** A truncated or corrupt Parquet file (`ERR_ALIMENTAR_PARQUET`). */
export class ParquetError extends AlimentarError {
  /** @param message - the path and what was wrong */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_ALIMENTAR_PARQUET', options);
  }
}

/** A truncated or corrupt Arrow IPC file or stream (`ERR_ALIMENTAR_IPC`). */
export class IpcError extends AlimentarError {
  /** @param message - the path and what was wrong */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_ALIMENTAR_IPC', options);
  }
}

/** Tables or batches whose schemas do not agree, e.g. on concat (`ERR_ALIMENTAR_SCHEMA_MISMATCH`). */
export class SchemaMismatchError extends AlimentarError {
  /** @param message - which fields differ */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_ALIMENTAR_SCHEMA_MISMATCH', options);
  }
}

/** A column that is missing, or whose type or nulls do not allow the operation (`ERR_ALIMENTAR_COLUMN`). */
export class ColumnError extends AlimentarError {
  /** The column's name. */
  readonly column: string;

  /**
   * @param message - the problem, naming the column
   * @param column - the column's name
   */
  constructor(message: string, column: string, options?: { cause?: unknown }) {
    super(message, 'ERR_ALIMENTAR_COLUMN', options);
    this.column = column;
  }
}

/** A failed write (the destination is left as it was) (`ERR_ALIMENTAR_WRITE`). */
export class WriteError extends AlimentarError {
  /** @param message - the destination and the cause */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_ALIMENTAR_WRITE', options);
  }
}

/** alimentar's argument errors: `.code` `ERR_ALIMENTAR_TYPE` / `ERR_ALIMENTAR_RANGE`. */
export const argumentError = argumentErrors('ALIMENTAR');

/** A TypeError with `.code` `ERR_ALIMENTAR_TYPE`, for an argument of the wrong type. */
export const typeError = argumentError.typeError;

/** A RangeError with `.code` `ERR_ALIMENTAR_RANGE`, for an argument with a wrong value. */
export const rangeError = argumentError.rangeError;

export { describe } from '../common/describe';
