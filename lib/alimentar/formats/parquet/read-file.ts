/**
 * Reading a whole Parquet file from disk (Node only; the browser build's read-file.browser.ts refuses): large files
 * with several row groups decode on a pool of worker threads.
 */
import { promises as fsp } from 'node:fs';
import { Table, type Schema } from 'apache-arrow';
import { ParquetError } from '../../errors';
import { countRowGroups } from './footer';
import { decodeOnPool } from './pool';
import { READ_BATCH_ROWS, decodeFailed, fromWasm, project, readParquet, type ParquetReadOptions } from './parquet';
import { guarded, parquetWasm } from './wasm';

/** Files at least this large with at least two row groups (to read) are decoded on the worker pool. */
export const PARALLEL_MIN_BYTES = 8 << 20;

/**
 * One file buffer kept between reads: reading into memory already mapped costs a fraction of faulting in fresh pages
 * (22 vs 150 ms for 160 MB here). Dropped after a few idle seconds so a one-off read does not pin its file's size.
 */
let spare: SharedArrayBuffer | undefined;
let spareTimer: NodeJS.Timeout | undefined;
const SPARE_IDLE_MS = 5000;

function takeBuffer(size: number): SharedArrayBuffer {
  const b = spare !== undefined && spare.byteLength >= size ? spare : new SharedArrayBuffer(size);
  if (b === spare) spare = undefined;
  return b;
}

function returnBuffer(b: SharedArrayBuffer): void {
  if (spare !== undefined && spare.byteLength >= b.byteLength) return;
  spare = b;
  clearTimeout(spareTimer);
  spareTimer = setTimeout(() => (spare = undefined), SPARE_IDLE_MS).unref();
}

/** Bytes per read call; READ_STREAMS of them run at once, so the copy out of the page cache uses more than one core. */
const READ_CHUNK = 16 << 20;
const READ_STREAMS = 2;

async function readFully(handle: fsp.FileHandle, bytes: Uint8Array, source: string): Promise<void> {
  let next = 0;
  const stream = async (): Promise<void> => {
    while (next < bytes.length) {
      const start = next;
      const end = Math.min(bytes.length, start + READ_CHUNK);
      next = end;
      for (let at = start; at < end; ) {
        const { bytesRead } = await handle.read(bytes, at, end - at, at);
        if (bytesRead === 0) throw new ParquetError(`Expected ${bytes.length} bytes in ${source} but it ended at ${at}`);
        at += bytesRead;
      }
    }
  };
  await Promise.all(Array.from({ length: READ_STREAMS }, stream));
}

/** The footer's row-group count, or undefined when the footer does not parse (readParquet then reports why). */
function rowGroupCount(bytes: Uint8Array, source: string): number | undefined {
  try {
    return countRowGroups(bytes, source);
  } catch {
    return undefined;
  }
}

/**
 * Reads and decodes a Parquet file from disk. A large file with several row groups is decoded on a pool of worker
 * threads (see parquet-pool.ts), a run of row groups each; the table equals what {@link readParquet} gives.
 * @param file - the local path
 * @param options - column projection and row-group selection
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws ParquetError for a truncated or corrupt file, an unknown column or row group; what `fs` throws for I/O
 */
export async function readParquetFile(file: string, options: ParquetReadOptions = {}, source = file): Promise<Table> {
  const handle = await fsp.open(file, 'r');
  let buffer: SharedArrayBuffer | undefined;
  try {
    const size = (await handle.stat()).size;
    if (size < PARALLEL_MIN_BYTES) return readParquet(await handle.readFile(), options, source);
    buffer = takeBuffer(size);
    const bytes = new Uint8Array(buffer, 0, size);
    await readFully(handle, bytes, source);
    const count = options.rowGroups === undefined ? rowGroupCount(bytes, source) : undefined;
    const rowGroups = options.rowGroups ?? Array.from({ length: count ?? 0 }, (_, i) => i);
    if (rowGroups.length < 2) return readParquet(bytes, options, source);
    const decoded = await decodeOnPool(buffer, size, rowGroups, READ_BATCH_ROWS, schemaFromIpc);
    if (decoded === undefined) return readParquet(bytes, options, source);
    if (!(decoded instanceof Table)) throw decodeFailed(source, decoded.error);
    return project(decoded, options.columns, source);
  } finally {
    if (buffer !== undefined) returnBuffer(buffer);
    await handle.close();
  }
}

/** A schema from its IPC stream bytes, built as {@link readParquet} builds it (through parquet-wasm and the FFI). */
function schemaFromIpc(ipc: Uint8Array): Schema {
  const wasm = parquetWasm();
  return fromWasm(wasm, guarded(wasm, (api) => api.Table.fromIPCStream(ipc))).schema;
}
