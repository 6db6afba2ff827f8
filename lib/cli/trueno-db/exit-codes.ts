/**
 * Exit codes of the `trueno-db` CLI (the numbers shared by every program: ../shared/exit-codes), documented in
 * `trueno-db --help`. Imports read files through alimentar, so its file errors keep their meaning here; an error in
 * a SQL statement (syntax, an unknown name, an unsupported construct) or in the data it meets is a data error.
 */
import { EXIT, exitCodesFrom, exitHelp, FILE_EXIT_CODES, FS_EXIT_CODES } from '../shared/exit-codes';
import { CLI_CODES } from './errors';

export { EXIT };

/** alimentar's storage (a database on s3://, a local folder) to exit codes. */
const STORAGE_EXIT_CODES: Readonly<Record<string, number>> = {
  ERR_ALIMENTAR_IO: EXIT.STORAGE,
  ERR_ALIMENTAR_NO_SUCH_BUCKET: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_AUTH: EXIT.STORAGE,
  ERR_ALIMENTAR_NETWORK: EXIT.STORAGE,
  ERR_ALIMENTAR_HTTP: EXIT.STORAGE,
  ERR_ALIMENTAR_STORAGE: EXIT.STORAGE,
  ERR_ALIMENTAR_READ_ONLY: EXIT.STORAGE,
  ERR_ALIMENTAR_PRECONDITION: EXIT.CONFLICT,
};

/** The `.code`s trueno-db's errors carry, to exit codes. */
export const TRUENO_DB_EXIT_CODES: Readonly<Record<string, number>> = {
  [CLI_CODES.NOT_FOUND]: EXIT.NOT_FOUND,
  [CLI_CODES.NOT_A_DATABASE]: EXIT.NOT_FOUND,
  [CLI_CODES.FOLDER_NOT_EMPTY]: EXIT.CONFLICT,
  [CLI_CODES.OUT_FORMAT]: EXIT.USAGE,
  [CLI_CODES.NO_ROWS]: EXIT.USAGE,
  // arguments the database refuses: the command line passed them through (a table name, a parameter)
  ERR_TRUENO_DB_TYPE: EXIT.USAGE,
  ERR_TRUENO_DB_RANGE: EXIT.USAGE,
  ERR_TRUENO_DB_NO_TABLE: EXIT.NOT_FOUND,
  ERR_TRUENO_DB_TABLE_EXISTS: EXIT.CONFLICT,
  // another writer committed a change this one cannot go on from
  ERR_TRUENO_DB_CONFLICT: EXIT.CONFLICT,
  // data that does not fit, or a table that cannot be read
  ERR_TRUENO_DB_SCHEMA: EXIT.DATA,
  ERR_TRUENO_DB_SCHEMA_MISMATCH: EXIT.DATA,
  ERR_TRUENO_DB_CONSTRAINT: EXIT.DATA,
  ERR_TRUENO_DB_CONVERT: EXIT.DATA,
  ERR_TRUENO_DB_TOO_LARGE: EXIT.DATA,
  ERR_TRUENO_DB_CORRUPT: EXIT.DATA,
  ERR_TRUENO_DB_UNSUPPORTED_TABLE: EXIT.DATA,
  // the statement: syntax, names and types, unsupported constructs, and what fails while it runs
  ERR_TRUENO_DB_SYNTAX: EXIT.DATA,
  ERR_TRUENO_DB_BIND: EXIT.DATA,
  ERR_TRUENO_DB_UNSUPPORTED: EXIT.DATA,
  ERR_TRUENO_DB_EXEC: EXIT.DATA,
  ERR_TRUENO_DB_QUERY: EXIT.DATA,
};

/**
 * The exit code for an error: by its `.code`, else internal.
 * @param err - what was thrown
 * @returns the process exit code
 */
export const exitCodeOf = exitCodesFrom({ ...FILE_EXIT_CODES, ...FS_EXIT_CODES, ...STORAGE_EXIT_CODES, ...TRUENO_DB_EXIT_CODES });

/** The table for `--help`. */
export const EXIT_HELP = exitHelp([
  [EXIT.OK, 'success'],
  [EXIT.USAGE, 'usage: bad command line or argument value, unknown command, bad --param, unknown --out format'],
  [EXIT.NOT_FOUND, 'not found: the database folder or bucket, a table or the file to import does not exist'],
  [EXIT.DATA, 'data or SQL error: a statement that does not parse, names nothing or is unsupported; a data file or table that cannot be read or does not match'],
  [EXIT.STORAGE, 'I/O error: the database or the output file could not be read or written (disk, network, S3 credentials)'],
  [EXIT.CONFLICT, 'conflict: create on a folder holding other files, a table that already exists, another writer committed first'],
  [EXIT.INTERNAL, 'internal error (a bug)'],
]);
