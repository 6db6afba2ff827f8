/** Arrow IPC, file (random access, with footer) and stream formats: the two codecs and the folder's public API. */
import { RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter, Table, tableToIPC, type Schema } from 'apache-arrow';
import { Readable } from 'node:stream';
import { withoutDictionaries } from '../../columns';
import { sequentialSource, type FormatCodec } from '../codec';
import { isFile, readIpc, readIpcFileBatches, writeIpc } from './ipc';

export { readIpc, readIpcBatches, writeIpc } from './ipc';

/** An Arrow IPC file or stream written batch by batch through apache-arrow's writer, with backpressure. */
async function* encodeIpc(batches: AsyncIterable<RecordBatch>, schema: Schema, kind: 'file' | 'stream'): AsyncGenerator<Uint8Array> {
  let any = false;
  // Each Parquet row group brings its own dictionaries, which an IPC file cannot replace mid-file (and apache-arrow's
  // reader does not take as replacements in a stream): dictionary columns are written as their values.
  const seen = (async function* () {
    for await (const b of batches) {
      any = true;
      yield withoutDictionaries(b);
    }
  })();
  const writer = (kind === 'file' ? RecordBatchFileWriter : RecordBatchStreamWriter).throughNode();
  for await (const chunk of Readable.from(seen).pipe(writer)) yield chunk as Uint8Array;
  // apache-arrow writes nothing for no batches; an empty table still has a schema
  if (!any) yield tableToIPC(new Table(withoutDictionaries(new RecordBatch(schema, undefined as never)).schema), kind);
}

function ipcCodec(kind: 'file' | 'stream', extensions: string[], detect: (head: Uint8Array) => boolean): FormatCodec {
  return {
    extensions,
    detect,
    read: (bytes, _options, source) => readIpc(bytes, source),
    write: (table) => writeIpc(table, kind),
    openBatches: async (path, options, source) => sequentialSource(() => readIpcFileBatches(path, source, options.chunkBytes), options.columns, source),
    writeBatches: (batches, schema) => encodeIpc(batches, schema, kind),
  };
}

/** The Arrow IPC file format ("ARROW1" at both ends). */
export const IPC_FILE_CODEC = ipcCodec('file', ['arrow', 'feather', 'ipc'], isFile);

/** The Arrow IPC stream format (messages after a continuation marker 0xFFFFFFFF). */
export const IPC_STREAM_CODEC = ipcCodec('stream', ['arrows'], (head) => head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff);
