/**
 * Opening the database a command names, and the {@link Session} the commands and the shell use over it. A local
 * folder is checked first, so a typo gives "./lcoal-db does not exist" instead of a new empty database, and `create`
 * never turns a folder of other files into one: a database folder holds only tables (Delta tables: folders with a
 * `_delta_log/`) and hidden files (the shell's history). `s3://` locations go to the database as they are.
 */
import { Database } from '../../trueno-db/disk-database';
import { CLI_CODES, CliError } from './errors';
import { folderState, isLocal, localFolder } from './folder';
import type { ParamValues } from './params';
import type { Outcome, Session, TableSchema } from './session';
import { isExplain, statementKind } from './statements';

/**
 * Creates a database (or opens the one already there).
 * @param location - a local folder or s3:// prefix
 * @returns whether it already existed, and its tables
 * @throws CliError ERR_TRUENO_DB_CLI_FOLDER_NOT_EMPTY for a file, or a folder holding anything but tables
 */
export async function createDatabase(location: string): Promise<{ existed: boolean; tables: string[] }> {
  let existed = false;
  if (isLocal(location)) {
    const state = await folderState(localFolder(location));
    if (state === 'file' || state === 'other') {
      throw new CliError(`Expected an empty or missing folder (or an existing database) for create but '${location}' ${state === 'file' ? 'is a file' : 'holds other files'}`, CLI_CODES.FOLDER_NOT_EMPTY);
    }
    existed = state === 'database';
  }
  const db = await Database.open(location, { create: true });
  try {
    return { existed, tables: [...(await db.tables())].sort() };
  } finally {
    await db.close();
  }
}

/**
 * Opens an existing database.
 * @param location - a local folder or s3:// prefix
 * @returns the database
 * @throws CliError ERR_TRUENO_DB_CLI_NOT_FOUND when the folder does not exist, ERR_TRUENO_DB_CLI_NOT_A_DATABASE when
 *   it is a file or holds other files
 */
export async function openDatabase(location: string): Promise<Database> {
  if (isLocal(location)) {
    const state = await folderState(localFolder(location));
    if (state === 'missing') throw new CliError(`Expected a database folder but '${location}' does not exist (trueno-db create ${location} makes one)`, CLI_CODES.NOT_FOUND);
    if (state === 'file' || state === 'other') {
      throw new CliError(`Expected a trueno-db database but '${location}' ${state === 'file' ? 'is a file' : 'holds files that are not tables'}`, CLI_CODES.NOT_A_DATABASE);
    }
  }
  return Database.open(location);
}

/**
 * The session the commands use over an open database.
 * @param db - the database
 * @returns the session
 */
export function sessionOf(db: Database): Session {
  return {
    async run(sql: string, params?: ParamValues): Promise<Outcome> {
      const result = await db.query(sql, params);
      if (statementKind(sql) === 'exec' || result.columnNames.length === 0) {
        // DDL gives no columns; DML one row with the rows it changed, in a column named Count (see Database.query)
        const changed = result.columnNames.length === 1 && result.columnNames[0] === 'Count' && result.numRows === 1 ? Number(result.column(0).values[0]) : undefined;
        return changed === undefined ? { kind: 'done' } : { kind: 'done', changed };
      }
      const explain = isExplain(sql) && result.numRows === 1 && result.columnNames.length === 1 ? { text: String(result.rows()[0][0]) } : {};
      return {
        kind: 'rows',
        ...explain,
        numRows: result.numRows,
        batch: () => ({ names: result.columnNames, columns: result.columnNames.map((_, j) => result.column(j)), length: result.numRows }),
        toTable: () => result.toTable({ dictionary: false }),
      };
    },
    async tables(): Promise<string[]> {
      return [...(await db.tables())].sort();
    },
    async schema(table: string): Promise<TableSchema> {
      const schema = await db.schema(table);
      return { names: schema.names, types: schema.types };
    },
  };
}
