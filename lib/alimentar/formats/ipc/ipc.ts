/**
 * Arrow IPC, file ("ARROW1", random access) and stream formats, through apache-arrow (zero-copy over the bytes). The
 * structure is checked first (ipc-validate.ts), and the rows decoded must be the rows the headers announce, so damaged
 * data is an IpcError, never a hang, a heap blow-up or a silently shorter table.
 */
import { Table, tableFromIPC } from 'apache-arrow';
import { IpcError } from '../../errors';
import { readInMemory, validateIpcFile, validateIpcStream, type IpcLayout, type ReadAt } from './validate';
import { adoptTable } from '../foreign-arrow';
import { ipcCompressionType } from './compression';
import { IpcFileWriter, IpcStreamWriter } from './writer';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function decodeFailed(source: string, e: unknown): IpcError {
  return new IpcError(`Expected valid Arrow IPC data for ${source} but it failed to decode: ${message(e)}`, { cause: e });
}

/** Whether bytes start with an Arrow IPC file's magic ("ARROW1"). */
export function isFile(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
}

/** Checks file or stream structure, whichever the first bytes say. */
export function validate(read: ReadAt, size: number, source: string): IpcLayout {
  return isFile(read(0, 6)) ? validateIpcFile(read, size, source) : validateIpcStream(read, size, source);
}

export function rowsDiffer(source: string, decoded: number, layout: IpcLayout): IpcError {
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
