/**
 * Errors of trueno-db. Failures a caller can act on are {@link TruenoDbError} subclasses with a stable `.code`
 * (`ERR_TRUENO_DB_*`); argument errors are the built-in TypeError / RangeError with `.code` `ERR_TRUENO_DB_TYPE` /
 * `ERR_TRUENO_DB_RANGE`, as in the rest of the stack (lib/common/errors). Each part appends its classes at the end.
 */
import { argumentErrors, SovereignError, type ErrorOptions } from '../common/errors';

/** Base class of trueno-db's errors; `.code` names the cause, e.g. `ERR_TRUENO_DB_CORRUPT`. */
export class TruenoDbError extends SovereignError {
  /**
   * @param message - what went wrong, with the value received where it helps
   * @param code - the stable cause, `ERR_TRUENO_DB_*`
   * @param options - `cause`: the underlying error
   */
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
  }
}

/** The TypeError / RangeError factories of trueno-db (`ERR_TRUENO_DB_TYPE` / `ERR_TRUENO_DB_RANGE`). */
export const argumentError = argumentErrors('TRUENO_DB');
/** A TypeError with `.code` `ERR_TRUENO_DB_TYPE`. */
export const typeError = argumentError.typeError;
/** A RangeError with `.code` `ERR_TRUENO_DB_RANGE`. */
export const rangeError = argumentError.rangeError;
export { describe } from '../common/describe';

// ---- storage (Delta Lake tables, lib/trueno-db/delta) ----

/** A table file that is missing, truncated or corrupt: a data file, a log entry, a checkpoint
 * (`ERR_TRUENO_DB_CORRUPT`). `file` names it, relative to the table's root. */
export class CorruptTableError extends TruenoDbError {
  /** The file, relative to the table's root (e.g. `_delta_log/00000000000000000003.json`). */
  readonly file: string;

  /**
   * @param file - the file at fault
   * @param message - what is wrong with it (the file is named in the message too)
   */
  constructor(file: string, message: string, options?: ErrorOptions) {
    super(message, 'ERR_TRUENO_DB_CORRUPT', options);
    this.file = file;
  }
}

/** A table that needs a protocol version or feature this reader/writer does not implement, e.g. deletion vectors
 * (`ERR_TRUENO_DB_UNSUPPORTED_TABLE`). `features` names them. */
export class UnsupportedTableError extends TruenoDbError {
  /** What is missing, e.g. `['deletionVectors']` or `['reader version 4']`. */
  readonly features: string[];

  /**
   * @param message - the table and what it needs
   * @param features - the unsupported features
   */
  constructor(message: string, features: string[]) {
    super(message, 'ERR_TRUENO_DB_UNSUPPORTED_TABLE');
    this.features = features;
  }
}

/** A commit lost to a concurrent writer whose changes conflict with it (`ERR_TRUENO_DB_CONFLICT`); re-read, retry. */
export class CommitConflictError extends TruenoDbError {
  /** The version the other writer committed. */
  readonly version: number;

  /**
   * @param message - what conflicted
   * @param version - the version taken by the other writer
   */
  constructor(message: string, version: number) {
    super(message, 'ERR_TRUENO_DB_CONFLICT');
    this.version = version;
  }
}

/** Data whose schema does not match the table's (`ERR_TRUENO_DB_SCHEMA_MISMATCH`); `column` names the column. */
export class SchemaMismatchError extends TruenoDbError {
  /** The first column that does not match. */
  readonly column: string;

  /**
   * @param message - the column, the table's type and the type received
   * @param column - the column
   */
  constructor(message: string, column: string) {
    super(message, 'ERR_TRUENO_DB_SCHEMA_MISMATCH');
    this.column = column;
  }
}

/** No table at a location (`ERR_TRUENO_DB_NO_TABLE`). */
export class TableNotFoundError extends TruenoDbError {
  /** @param message - the location */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'ERR_TRUENO_DB_NO_TABLE', options);
  }
}

// ---- db: the database, its catalog and the Arrow conversion ----

/**
 * A TableNotFoundError for a name looked up in a database (`.table` names it, the message lists the tables).
 * @param table - the name asked for
 * @param known - the tables there are
 * @returns the error
 */
export function noSuchTable(table: string, known: string[]): TableNotFoundError & { table: string } {
  const e = new TableNotFoundError(`Expected a table of the database (${known.length === 0 ? 'none' : known.join(', ')}) but received '${table}'`);
  return Object.assign(e, { table });
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

/** A NULL inserted into a NOT NULL column (code ERR_TRUENO_DB_CONSTRAINT); `.column` names the column. */
export class ConstraintError extends TruenoDbError {
  /** The column. */
  readonly column: string;
  /**
   * @param table - the table
   * @param column - the NOT NULL column
   */
  constructor(table: string, column: string) {
    super(`NOT NULL constraint failed: ${table}.${column} (Expected a value for column '${column}' but received NULL)`, 'ERR_TRUENO_DB_CONSTRAINT');
    this.column = column;
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

// ---- front: the SQL parser and binder (lib/trueno-db/sql) ----

/** A place in the SQL text: 1-based `line` and `column`, 0-based `offset`. */
export interface SqlPosition {
  line: number;
  column: number;
  offset: number;
}

/** Base class of the SQL front end's errors; `.position` is where in the SQL text, when known. */
export class SqlError extends TruenoDbError {
  /** Where in the SQL text the problem is (undefined when not known). */
  readonly position: SqlPosition | undefined;
  /**
   * @param message - what is wrong (the position is appended as `at line:column`)
   * @param code - the stable cause
   * @param position - where, when known
   * @param options - `cause`
   */
  constructor(message: string, code: string, position?: SqlPosition, options?: ErrorOptions) {
    super(position === undefined ? message : `${message} (at ${position.line}:${position.column})`, code, options);
    this.position = position;
  }
}

/** SQL that does not parse (code ERR_TRUENO_DB_SYNTAX). */
export class SqlSyntaxError extends SqlError {
  /**
   * @param message - what the parser did not expect
   * @param position - where
   * @param options - `cause`: the parser's own error
   */
  constructor(message: string, position?: SqlPosition, options?: ErrorOptions) {
    super(message, 'ERR_TRUENO_DB_SYNTAX', position, options);
  }
}

/**
 * SQL that parses but does not bind (code ERR_TRUENO_DB_BIND): an unknown table or column, an ambiguous name, types
 * that do not go together, wrong parameters.
 */
export class SqlBindError extends SqlError {
  /**
   * @param message - what is wrong, naming the table / column / types
   * @param position - where, when known
   */
  constructor(message: string, position?: SqlPosition) {
    super(message, 'ERR_TRUENO_DB_BIND', position);
  }
}

/** True when a construct's head noun is plural ('window functions (OVER)', not 'arithmetic on dates'). */
function isPlural(construct: string): boolean {
  const head = construct.replace(/\([^)]*\)+/g, '').split(/ (?:on|of|in|with|inside|after) /)[0].trim();
  return /[^s]s$/.test(head);
}

/** Valid SQL that trueno-db does not run (code ERR_TRUENO_DB_UNSUPPORTED); the message names the construct. */
export class UnsupportedSqlError extends SqlError {
  /** The construct, e.g. 'window functions (OVER)'. */
  readonly construct: string;
  /**
   * @param construct - the construct, e.g. 'window functions (OVER)' (a plural takes 'are')
   * @param position - where, when known
   * @param hint - what to do instead, appended to the message
   */
  constructor(construct: string, position?: SqlPosition, hint?: string) {
    super(`${construct} ${isPlural(construct) ? 'are' : 'is'} not supported${hint ? `; ${hint}` : ''}`, 'ERR_TRUENO_DB_UNSUPPORTED', position);
    this.construct = construct;
  }
}

// ---- exec: the executor ----

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
