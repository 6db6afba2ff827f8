/**
 * `trueno-db import`: a data file into a table, streamed. alimentar reads the file piece by piece (Parquet row groups,
 * CSV and JSON Lines chunks, IPC batches), so a file larger than memory imports; the pieces are cut and gathered into
 * inserts of `batchRows` rows, each one commit of the table (a Delta data file), so a large file does not become
 * thousands of tiny files. The first insert creates the table; later ones, and imports into an existing table, must
 * match its schema. An import that fails part way keeps the inserts already committed and says how many rows they hold.
 */
import { Table } from 'apache-arrow';
import type { Format } from '../../alimentar/formats/detect';
import { StreamingDataset } from '../../alimentar/streaming';
import type { Database } from '../../trueno-db/disk-database';

/** Rows gathered into one insert (one commit, one data file) by default. */
export const DEFAULT_BATCH_ROWS = 1 << 20;

/** Options of {@link importFile}. */
export interface ImportOptions {
  /** The file's format when its extension does not say. */
  format?: Format;
  /** Rows per insert (default {@link DEFAULT_BATCH_ROWS}). */
  batchRows?: number;
  /** Called after each insert with the rows committed so far and the file's row count when known (Parquet). */
  onProgress?: (rows: number, total: number | undefined) => void;
}

/** What an import did. */
export interface ImportResult {
  /** The file's format. */
  format: Format;
  /** Rows inserted. */
  rows: number;
  /** Inserts (commits) made. */
  commits: number;
}

/** An import that failed after some inserts were committed: `.rowsCommitted` says how many rows they hold. */
export interface PartialImport {
  rowsCommitted: number;
}

/**
 * Imports a data file into a table.
 * @param db - the open database
 * @param table - the table (created by the first insert when new)
 * @param file - a Parquet, Arrow IPC, CSV/TSV, JSON or JSON Lines file
 * @param options - format, rows per insert, progress
 * @returns the format, rows and commits
 * @throws alimentar's read errors (NotFoundError, CsvParseError, ...) and the database's (a schema mismatch), with
 *   `rowsCommitted` set on the error when some inserts were already committed
 */
export async function importFile(db: Database, table: string, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  // CSV pieces of 65,536 rows: the rows its type inference reads anyway (as alimentar's own CLI does)
  const sd = await StreamingDataset.open(file, { format: options.format, csv: { batchRows: 65536 } });
  let rows = 0;
  let commits = 0;
  let pending = new Table(sd.schema);
  const insert = async (rowsOf: Table) => {
    await db.insertBatch(table, rowsOf);
    rows += rowsOf.numRows;
    commits++;
    options.onProgress?.(rows, sd.numRows);
  };
  try {
    for await (const batch of sd.batches()) {
      if (batch.numRows === 0) continue;
      pending = pending.numRows === 0 ? new Table([batch]) : pending.concat(new Table([batch]));
      // whole inserts of batchRows rows (slices share the batches' memory)
      while (pending.numRows >= batchRows) {
        await insert(pending.slice(0, batchRows));
        pending = pending.slice(batchRows);
      }
    }
    if (pending.numRows > 0) await insert(pending);
    // a file of no rows still creates its table, with the columns it names
    else if (commits === 0) {
      await db.insertBatch(table, pending);
      commits++;
    }
  } catch (err) {
    if (rows > 0 && err !== null && typeof err === 'object') (err as PartialImport).rowsCommitted = rows;
    throw err;
  } finally {
    sd.close();
  }
  return { format: sd.format, rows, commits };
}
