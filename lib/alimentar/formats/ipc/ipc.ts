/**
 * Arrow IPC, file ("ARROW1", random access) and stream formats, through apache-arrow (zero-copy over the bytes). The
 * structure is checked first (ipc-validate.ts), and the rows decoded must be the rows the headers announce, so damaged
 * data is an IpcError, never a hang, a heap blow-up or a silently shorter table.
 */
import { RecordBatch, RecordBatchReader, Table, tableFromIPC } from 'apache-arrow';
import { promises as fsp, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { IpcError } from '../../errors';
import { readInMemory, validateIpcFile, validateIpcStream, type IpcLayout, type ReadAt } from './validate';
import { adoptTable } from '../foreign-arrow';
import { ipcCompressionType } from './compression';
import { IpcFileWriter, IpcStreamWriter } from './writer';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function decodeFailed(source: string, e: unknown): IpcError {
  return new IpcError(`Expected valid Arrow IPC data for ${source} but it failed to decode: ${message(e)}`, { cause: e });
}

/** Whether bytes start with an Arrow IPC file's magic ("ARROW1"). */
export function isFile(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
}

/** Checks file or stream structure, whichever the first bytes say. */
function validate(read: ReadAt, size: number, source: string): IpcLayout {
  return isFile(read(0, 6)) ? validateIpcFile(read, size, source) : validateIpcStream(read, size, source);
}

function rowsDiffer(source: string, decoded: number, layout: IpcLayout): IpcError {
  return new IpcError(`Expected ${layout.rows} rows in ${layout.batches} record batches of ${source} (from their headers) but ${decoded} rows decoded`);
}

/**
 * Decodes an Arrow IPC file or stream held in memory; the columns are views over `bytes` (no copy).
 * @param bytes - the IPC bytes
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws IpcError for empty, truncated or corrupt data
 * @example readIpc(fs.readFileSync('iris.arrow')).numRows // 150
  */
export function readIpc(bytes: Uint8Array, source = 'Arrow IPC data'): Table {
  const layout = validate(readInMemory(bytes), bytes.length, source);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw decodeFailed(source, e);
  }
  if (table.numRows !== layout.rows) throw rowsDiffer(source, table.numRows, layout);
  return table;
}

/**
 * Encodes a table as Arrow IPC.
 * @param input - the data (a Table of this or another apache-arrow build)
 * @param kind - 'file' (with footer, random access) or 'stream'
 * @param compression - body compression: 'uncompressed' (default), 'lz4' (LZ4_FRAME) or 'zstd' (after
 *   {@link loadIpcCodecs})
 * @returns the bytes
 * @throws IpcError for another compression
 * @example fs.writeFileSync('iris.arrow', writeIpc(table, 'file', 'zstd'))
  */
export function writeIpc(input: Table, kind: 'file' | 'stream', compression?: unknown): Uint8Array {
  const table = adoptTable(input);
  const compressionType = ipcCompressionType(compression);
  // tableToIPC, with the writer options it does not pass on
  const writer = kind === 'file' ? new IpcFileWriter({ compressionType }) : new IpcStreamWriter({ compressionType });
  return writer.writeAll(table).toUint8Array(true);
}

/** A {@link ReadAt} over an open file descriptor (positioned reads of headers only, a few bytes each). */
function readFromFile(fd: number): ReadAt {
  return (offset, length) => {
    const bytes = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, bytes, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return bytes.subarray(0, done);
  };
}

/** Decodes batches, requiring the rows the headers announced when they were checked. */
async function* decodeBatches(input: Readable | fsp.FileHandle, source: string, layout?: IpcLayout): AsyncGenerator<RecordBatch> {
  let reader: AsyncIterable<RecordBatch>;
  try {
    reader = await RecordBatchReader.from(input as unknown as AsyncIterable<Uint8Array>);
  } catch (e) {
    throw decodeFailed(source, e);
  }
  const batches = reader[Symbol.asyncIterator]();
  let rows = 0;
  try {
    for (;;) {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await batches.next();
      } catch (e) {
        throw decodeFailed(source, e);
      }
      if (next.done) break;
      rows += next.value.numRows;
      if (layout !== undefined && rows > layout.rows) throw rowsDiffer(source, rows, layout);
      yield next.value;
    }
  } finally {
    // a consumer that stops early, or an error, leaves no read pending on the file
    if (input instanceof Readable) input.destroy();
  }
  if (layout !== undefined && rows !== layout.rows) throw rowsDiffer(source, rows, layout);
}

/**
 * Reads record batches one at a time from an IPC stream or file on disk, so memory stays bounded by one batch. Given
 * an open file handle, the file's structure is checked first from its message headers alone (see ipc-validate.ts); a
 * byte stream can only be decoded as it comes.
 * @param input - a readable byte stream (IPC stream) or an open file handle (IPC file or stream)
 * @param source - the file's name, for error messages
 * @param chunkBytes - bytes read at a time from an IPC stream on a file handle (default 8 MiB)
 * @returns the batches, in order
 * @throws IpcError for empty, truncated or corrupt data
 * @example for await (const b of readIpcBatches(fs.createReadStream('big.arrows'), 'big.arrows')) rows += b.numRows
  */
export async function* readIpcBatches(input: Readable | fsp.FileHandle, source: string, chunkBytes = 8 << 20): AsyncGenerator<RecordBatch> {
  if (input instanceof Readable) {
    yield* decodeBatches(input, source);
    return;
  }
  const read = readFromFile(input.fd);
  const layout = validate(read, (await input.stat()).size, source);
  // apache-arrow reads an IPC file from the handle by position; a stream is read from the start, as bytes
  const bytes = isFile(read(0, 6)) ? input : input.createReadStream({ start: 0, autoClose: false, highWaterMark: chunkBytes });
  yield* decodeBatches(bytes, source, layout);
}

/**
 * Reads the record batches of an Arrow IPC file or stream on disk (see {@link readIpcBatches}).
 * @param path - the local file
 * @param source - the file's name, for error messages
 * @param chunkBytes - bytes read at a time from an IPC stream
 * @returns the batches, in order
 * @throws IpcError for empty, truncated or corrupt data
 */
export async function* readIpcFileBatches(path: string, source: string, chunkBytes?: number): AsyncGenerator<RecordBatch> {
  const fh = await fsp.open(path, 'r');
  try {
    yield* readIpcBatches(fh, source, chunkBytes);
  } finally {
    await fh.close();
  }
}
