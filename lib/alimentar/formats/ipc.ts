/** Arrow IPC, file ("ARROW1", random access) and stream formats, through apache-arrow (zero-copy over the bytes). */
import { RecordBatch, RecordBatchReader, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { IpcError } from '../errors';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Decodes an Arrow IPC file or stream held in memory; the columns are views over `bytes` (no copy).
 * @param bytes - the IPC bytes
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws IpcError for truncated or corrupt data
 */
export function readIpc(bytes: Uint8Array, source = 'Arrow IPC data'): Table {
  if (bytes.length === 0) throw new IpcError(`Expected Arrow IPC data for ${source} but received an empty file`);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw new IpcError(`Expected valid Arrow IPC data for ${source} but it failed to decode: ${message(e)}`, { cause: e });
  }
  // A stream cut short exactly between two messages decodes as a shorter table, so require its end-of-stream marker.
  if (!isFile(bytes) && !endsWithEos(bytes)) {
    throw new IpcError(`Expected an Arrow IPC stream ending with its end-of-stream marker for ${source} but it was truncated`);
  }
  return table;
}

function isFile(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
}

function endsWithEos(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 8) return false;
  const tail = bytes.subarray(n - 8);
  return tail[0] === 0xff && tail[1] === 0xff && tail[2] === 0xff && tail[3] === 0xff && tail[4] === 0 && tail[5] === 0 && tail[6] === 0 && tail[7] === 0;
}

/**
 * Encodes a table as Arrow IPC.
 * @param table - the data
 * @param kind - 'file' (with footer, random access) or 'stream'
 * @returns the bytes
 */
export function writeIpc(table: Table, kind: 'file' | 'stream'): Uint8Array {
  return tableToIPC(table, kind);
}

/**
 * Reads record batches one at a time from an IPC stream or file on disk, so memory stays bounded by one batch.
 * @param input - a readable byte stream (IPC stream) or an open file handle (IPC file)
 * @param source - the file's name, for error messages
 * @returns the batches, in order
 * @throws IpcError for truncated or corrupt data
 */
export async function* readIpcBatches(input: Readable | FileHandle, source: string): AsyncGenerator<RecordBatch> {
  try {
    const reader = await RecordBatchReader.from(input as unknown as AsyncIterable<Uint8Array>);
    for await (const batch of reader) yield batch;
  } catch (e) {
    if (e instanceof IpcError) throw e;
    throw new IpcError(`Expected valid Arrow IPC data for ${source} but it failed to decode: ${message(e)}`, { cause: e });
  }
}
