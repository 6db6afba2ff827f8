/**
 * The errors of the `trueno-db` command line itself (the database's own are in lib/trueno-db/errors.ts): a database
 * folder that is missing or is something else, and a file to import that holds nothing to import.
 */
import { TruenoDbError } from '../../trueno-db/errors';

/** The codes of {@link CliError}. */
export const CLI_CODES = {
  /** The database folder does not exist. */
  NOT_FOUND: 'ERR_TRUENO_DB_CLI_NOT_FOUND',
  /** A folder that is not a trueno-db database (opening it). */
  NOT_A_DATABASE: 'ERR_TRUENO_DB_CLI_NOT_A_DATABASE',
  /** `create` on a folder that already holds other files. */
  FOLDER_NOT_EMPTY: 'ERR_TRUENO_DB_CLI_FOLDER_NOT_EMPTY',
  /** `--out` to a file whose extension names no format alimentar writes. */
  OUT_FORMAT: 'ERR_TRUENO_DB_CLI_OUT_FORMAT',
  /** `--out` of a statement that returns no rows. */
  NO_ROWS: 'ERR_TRUENO_DB_CLI_NO_ROWS',
} as const;

/** An error of the command line, with a `.code` from {@link CLI_CODES}. */
export class CliError extends TruenoDbError {
  /**
   * @param message - what went wrong, naming the path or value
   * @param code - one of {@link CLI_CODES}
   */
  constructor(message: string, code: (typeof CLI_CODES)[keyof typeof CLI_CODES]) {
    super(message, code);
  }
}
