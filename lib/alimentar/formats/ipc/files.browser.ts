/**
 * The browser build's stand-in for files.ts: a page has no local files or Node streams, so reading IPC batch by batch
 * from a file refuses with ERR_ALIMENTAR_UNSUPPORTED; whole IPC bytes (fetched, or from a File) decode with readIpc.
 */
import type { RecordBatch, Schema } from 'apache-arrow';
import { notInBrowser } from '../../not-in-browser';

const INSTEAD = 'fetch the bytes (or read a File) and decode them with readIpc or ArrowDataset.fromBytes';

/**
 * Refuses: IPC batches from a local file need Node.
 * @throws AlimentarError ERR_ALIMENTAR_UNSUPPORTED
 */
// eslint-disable-next-line require-yield
export async function* readIpcBatches(_input: unknown, _source?: string, _chunkBytes?: number): AsyncGenerator<RecordBatch> {
  throw notInBrowser('reading Arrow IPC batches from a file handle or stream', INSTEAD);
}

/**
 * Refuses: IPC batches from a local file need Node.
 * @throws AlimentarError ERR_ALIMENTAR_UNSUPPORTED
 */
// eslint-disable-next-line require-yield
export async function* readIpcFileBatches(_path: string, _source: string, _chunkBytes?: number): AsyncGenerator<RecordBatch> {
  throw notInBrowser('reading a local Arrow IPC file', INSTEAD);
}

/**
 * Refuses: the streamed IPC writer runs on Node streams; a page encodes a whole table with writeIpc.
 * @throws AlimentarError ERR_ALIMENTAR_UNSUPPORTED
 */
// eslint-disable-next-line require-yield
export async function* encodeIpc(_batches: AsyncIterable<RecordBatch>, _schema: Schema, _kind: 'file' | 'stream', _compression: unknown): AsyncGenerator<Uint8Array> {
  throw notInBrowser('writing Arrow IPC batch by batch', 'encode the whole table with writeIpc or ArrowDataset.toBytes');
}
