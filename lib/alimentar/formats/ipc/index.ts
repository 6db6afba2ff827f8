/** Arrow IPC, file (random access, with footer) and stream formats: the two codecs and the folder's public API. */
import { sequentialSource, type FormatCodec } from '../codec';
import { isFile, readIpc, writeIpc } from './ipc';
import { encodeIpc, readIpcFileBatches } from './files';

export { readIpc, writeIpc } from './ipc';
export { readIpcBatches } from './files';
export { loadIpcCodecs, IPC_COMPRESSIONS, type IpcCompression } from './compression';

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
