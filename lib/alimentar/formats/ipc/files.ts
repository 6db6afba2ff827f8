/**
 * Arrow IPC from local files and Node streams, one record batch at a time (Node only: the browser build takes
 * files.browser.ts, which refuses; a page reads whole IPC bytes with readIpc).
 */
import { RecordBatch, RecordBatchReader, Table, type Schema } from 'apache-arrow';
import { promises as fsp, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { withoutDictionaries } from '../../columns';
import { loadIpcCodecs, ipcCompressionType } from './compression';
import { decodeFailed, isFile, rowsDiffer, validate, writeIpc } from './ipc';
import type { IpcLayout, ReadAt } from './validate';
import { IpcFileWriter, IpcStreamWriter } from './writer';

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

/** An Arrow IPC file or stream written batch by batch through apache-arrow's writer, with backpressure. */
export async function* encodeIpc(batches: AsyncIterable<RecordBatch>, schema: Schema, kind: 'file' | 'stream', compression: unknown): AsyncGenerator<Uint8Array> {
  if (compression === 'zstd') await loadIpcCodecs();
  const compressionType = ipcCompressionType(compression);
  let any = false;
  // Each Parquet row group brings its own dictionaries, which an IPC file cannot replace mid-file (and apache-arrow's
  // reader does not take as replacements in a stream): dictionary columns are written as their values.
  const seen = (async function* () {
    for await (const b of batches) {
      any = true;
      yield withoutDictionaries(b);
    }
  })();
  // throughNode hands its options to the writer's constructor; its type just does not list compressionType
  const options = { autoDestroy: true, compressionType } as Parameters<typeof IpcFileWriter.throughNode>[0];
  const writer = (kind === 'file' ? IpcFileWriter : IpcStreamWriter).throughNode(options);
  for await (const chunk of Readable.from(seen).pipe(writer)) yield chunk as Uint8Array;
  // apache-arrow writes nothing for no batches; an empty table still has a schema
  if (!any) yield writeIpc(new Table(withoutDictionaries(new RecordBatch(schema, undefined as never)).schema), kind, compression);
}
