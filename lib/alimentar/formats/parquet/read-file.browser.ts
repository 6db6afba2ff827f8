/** The browser build's read-file.ts: a page has no local files (and no worker_threads pool). */
import type { Table } from 'apache-arrow';
import { notInBrowser } from '../../not-in-browser';
import type { ParquetReadOptions } from './parquet';

/** As in read-file.ts (no file here is ever large enough to matter: there are none). */
export const PARALLEL_MIN_BYTES = 8 << 20;

/**
 * Refuses: a page cannot read a local path.
 * @throws AlimentarError ERR_ALIMENTAR_UNSUPPORTED
 */
export async function readParquetFile(file: string, _options?: ParquetReadOptions, _source?: string): Promise<Table> {
  throw notInBrowser(`reading ${file}`, 'fetch the bytes (or read a File) and decode them with readParquet or ArrowDataset.fromBytes');
}
