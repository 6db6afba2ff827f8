/**
 * Files queried directly (`FROM 'x.parquet'`, read_parquet / read_csv ...) in a web page: there is no file system to
 * read them from, so a query naming one is refused with the way in (fetch the file, read it with alimentar, and
 * insertBatch it into a table). Same surface as ./files.ts, which the Node build uses.
 */
import type { SourceRef } from '../plan/ir';
import type { Column, Schema } from '../types';
import type { ByteCache } from './cache';
import { UnsupportedSqlError } from '../errors';

type FileRef = Extract<SourceRef, { kind: 'file' }>;

function refuse(ref: FileRef): never {
  throw new UnsupportedSqlError(`file sources in a web page ('${ref.path}')`, undefined,
    "fetch the file (alimentar's ArrowDataset.open(url)) and insertBatch it into a table, then query the table");
}

/** The file sources of one database in a page: none (see the module comment). */
export class FileSources {
  /** @param _cache - the database's byte budget (unused: nothing is read) */
  constructor(_cache: ByteCache) {}

  /**
   * @param ref - the file source
   * @returns never
   * @throws UnsupportedSqlError (ERR_TRUENO_DB_UNSUPPORTED)
   */
  async schema(ref: FileRef): Promise<Schema> {
    return refuse(ref);
  }

  /**
   * @param ref - the file source
   * @returns never
   * @throws UnsupportedSqlError (ERR_TRUENO_DB_UNSUPPORTED)
   */
  schemaSync(ref: FileRef): Schema {
    return refuse(ref);
  }

  /**
   * @param ref - the file source
   * @param _which - the columns a query reads
   * @returns never
   * @throws UnsupportedSqlError (ERR_TRUENO_DB_UNSUPPORTED)
   */
  async columns(ref: FileRef, _which: number[]): Promise<(Column | undefined)[]> {
    return refuse(ref);
  }

  /**
   * @param ref - the file source
   * @param _which - the columns a query reads
   * @returns never
   * @throws UnsupportedSqlError (ERR_TRUENO_DB_UNSUPPORTED)
   */
  columnsSync(ref: FileRef, _which: number[]): (Column | undefined)[] {
    return refuse(ref);
  }
}
