/** The browser build's stand-in for chunked.ts: reading a text file from disk in chunks needs Node. */
import type { RecordBatch } from 'apache-arrow';
import { notInBrowser } from '../not-in-browser';
import type { ChunkReader } from './chunked';

export type { ChunkReader } from './chunked';

/**
 * Refuses: a page has no local files (decode fetched bytes with readCsv / readJson or ArrowDataset.fromBytes).
 * @throws AlimentarError ERR_ALIMENTAR_UNSUPPORTED
 */
// eslint-disable-next-line require-yield
export async function* readChunked(_path: string, _chunkBytes: number, _reader: ChunkReader): AsyncGenerator<RecordBatch> {
  throw notInBrowser('reading a local text file in chunks', 'fetch the bytes and decode them with readCsv, readJson or ArrowDataset.fromBytes');
}
