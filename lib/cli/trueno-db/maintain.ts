/**
 * `trueno-db optimize` and `vacuum`: upkeep of one table's Delta Lake folder, done by the Delta layer itself
 * (lib/trueno-db/delta). The database is opened first, so an unknown table is the database's own "no such table"
 * error (listing the tables there are); the table's folder is `<database>/<table>`, as the database lays it out.
 */
import * as path from 'node:path';
import { DeltaTable, type OptimizeResult } from '../../trueno-db/delta';
import { isLocal, localFolder } from './folder';
import { openDatabase } from './open';

/** The location of a table of the database at `location`. */
function tableLocation(location: string, table: string): string {
  return isLocal(location) ? path.join(localFolder(location), table) : `${location.replace(/\/+$/, '')}/${table}`;
}

/** Opens the database (checking the table is one of it), closes it, and opens the table's Delta folder. */
async function deltaTable(location: string, table: string): Promise<DeltaTable> {
  const db = await openDatabase(location);
  let name: string;
  try {
    db.schema(table);
    // names match without regard to case (as in SQL); the folder has the name the table was created with
    name = db.tables().find((t) => t.toLowerCase() === table.toLowerCase()) ?? table;
  } finally {
    await db.close();
  }
  return DeltaTable.open(tableLocation(location, name));
}

/**
 * Compacts a table's small data files into larger ones, in one commit (the old files stay for time travel until vacuum).
 * @param location - the database
 * @param table - the table
 * @param minFileSize - files smaller than this many bytes are compacted (default: the Delta layer's, 64 MiB)
 * @returns the version committed (undefined when there was nothing to compact) and the files removed and added
 * @throws TableNotFoundError for an unknown table; the Delta layer's errors
 */
export async function optimizeTable(location: string, table: string, minFileSize?: number): Promise<OptimizeResult> {
  return (await deltaTable(location, table)).optimize(minFileSize === undefined ? {} : { minFileSize });
}

/**
 * Deletes the data files of a table that no version within the retention period needs.
 * @param location - the database
 * @param table - the table
 * @param options - retentionHours (Delta's default 168), dryRun
 * @returns the files deleted (or that would be), relative to the table's folder, sorted
 * @throws TableNotFoundError for an unknown table; the Delta layer's errors
 */
export async function vacuumTable(location: string, table: string, options: { retentionHours: number; dryRun: boolean }): Promise<string[]> {
  return (await deltaTable(location, table)).vacuum(options);
}
