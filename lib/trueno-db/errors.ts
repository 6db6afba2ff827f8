/**
 * trueno-db's errors. Failures a caller can act on are {@link TruenoDbError} subclasses with a stable `.code`
 * (`ERR_TRUENO_DB_*`); wrong arguments are TypeError / RangeError with `.code` ERR_TRUENO_DB_TYPE / ERR_TRUENO_DB_RANGE.
 * Each part of trueno-db (database, SQL front end, executor, Delta storage) appends its classes at the end.
 */
import { SovereignError, argumentErrors, describe, type ErrorOptions } from '../common/errors';

export { describe };

/** The TypeError / RangeError factories of trueno-db (codes ERR_TRUENO_DB_TYPE / ERR_TRUENO_DB_RANGE). */
export const { typeError, rangeError } = argumentErrors('TRUENO_DB');

/** Base class of trueno-db's errors. */
export class TruenoDbError extends SovereignError {
  /**
   * @param message - what went wrong
   * @param code - the stable cause, `ERR_TRUENO_DB_*`
   * @param options - `cause`
   */
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
  }
}

// ---- db: the database, its catalog and the Arrow conversion ----

/** A table that does not exist (code ERR_TRUENO_DB_NO_TABLE); `.table` names it. */
export class TableNotFoundError extends TruenoDbError {
  /** The table asked for. */
  readonly table: string;
  /**
   * @param table - the name asked for
   * @param known - the tables there are, listed in the message
   */
  constructor(table: string, known: string[]) {
    super(`Expected a table of the database (${known.length === 0 ? 'none' : known.join(', ')}) but received '${table}'`, 'ERR_TRUENO_DB_NO_TABLE');
    this.table = table;
  }
}

/** A table created twice (code ERR_TRUENO_DB_TABLE_EXISTS); `.table` names it. */
export class TableExistsError extends TruenoDbError {
  /** The table. */
  readonly table: string;
  /** @param table - the name that is taken */
  constructor(table: string) {
    super(`Expected a new table name but a table '${table}' already exists`, 'ERR_TRUENO_DB_TABLE_EXISTS');
    this.table = table;
  }
}

/**
 * Data whose schema does not match its table's (code ERR_TRUENO_DB_SCHEMA); `.column` names the first column that
 * differs (missing, extra, or of another type).
 */
export class SchemaMismatchError extends TruenoDbError {
  /** The column that differs. */
  readonly column: string;
  /**
   * @param message - what differs, naming the column
   * @param column - the column
   */
  constructor(message: string, column: string) {
    super(message, 'ERR_TRUENO_DB_SCHEMA');
    this.column = column;
  }
}

/** An Arrow type trueno-db cannot store, or a value it cannot hold (code ERR_TRUENO_DB_CONVERT); `.column` names it. */
export class ConversionError extends TruenoDbError {
  /** The column. */
  readonly column: string;
  /**
   * @param message - what cannot be converted
   * @param column - the column
   * @param options - `cause`
   */
  constructor(message: string, column: string, options?: ErrorOptions) {
    super(message, 'ERR_TRUENO_DB_CONVERT', options);
    this.column = column;
  }
}

/** An operation on a closed database (code ERR_TRUENO_DB_CLOSED). */
export class DatabaseClosedError extends TruenoDbError {
  /** @param operation - what was asked, e.g. 'query' */
  constructor(operation: string) {
    super(`Expected an open database for ${operation} but it was closed`, 'ERR_TRUENO_DB_CLOSED');
  }
}

/** A table, batch or result larger than trueno-db holds (code ERR_TRUENO_DB_TOO_LARGE). */
export class TooLargeError extends TruenoDbError {
  /** @param message - what is too large, with the limit */
  constructor(message: string) {
    super(message, 'ERR_TRUENO_DB_TOO_LARGE');
  }
}

/** A query that failed in the query worker, rebuilt on the calling thread with the original name and code. */
export class QueryError extends TruenoDbError {
  /**
   * @param message - the original message
   * @param code - the original code (ERR_TRUENO_DB_QUERY when it had none)
   */
  constructor(message: string, code: string) {
    super(message, code);
  }
}
