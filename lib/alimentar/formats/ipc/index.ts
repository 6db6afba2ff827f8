/** Arrow IPC, file (random access, with footer) and stream formats: the two codecs and the folder's public API. */
import { RecordBatch, Table, type Schema } from 'apache-arrow';
import { IpcFileWriter, IpcStreamWriter } from './writer';
import { Readable } from 'node:stream';
import { withoutDictionaries } from '../../columns';
import { sequentialSource, type FormatCodec } from '../codec';
import { isFile, readIpc, readIpcFileBatches, writeIpc } from './ipc';
import { ipcCompressionType, loadIpcCodecs } from './compression';

export { readIpc, readIpcBatches, writeIpc } from './ipc';
export { loadIpcCodecs, IPC_COMPRESSIONS, type IpcCompression } from './compression';

/** An Arrow IPC file or stream written batch by batch through apache-arrow's writer, with backpressure. */
async function* encodeIpc(batches: AsyncIterable<RecordBatch>, schema: Schema, kind: 'file' | 'stream', compression: unknown): AsyncGenerator<Uint8Array> {
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

function ipcCodec(kind: 'file' | 'stream', extensions: string[], detect: (head: Uint8Array) => boolean): FormatCodec {
  return {
    extensions,
    detect,
    read: (bytes, _options, source) => readIpc(bytes, source),
    write: (table, options) => writeIpc(table, kind, options.compression),
    openBatches: async (path, options, source) => sequentialSource(() => readIpcFileBatches(path, source, options.chunkBytes), options.columns, source),
    writeBatches: (batches, schema, options) => encodeIpc(batches, schema, kind, options.compression),
  };
}

/** The Arrow IPC file format ("ARROW1" at both ends). */
export const IPC_FILE_CODEC = ipcCodec('file', ['arrow', 'feather', 'ipc'], isFile);

/** The Arrow IPC stream format (messages after a continuation marker 0xFFFFFFFF). */
export const IPC_STREAM_CODEC = ipcCodec('stream', ['arrows'], (head) => head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff);
