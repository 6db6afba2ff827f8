/**
 * Parquet through parquet-wasm (the Rust `parquet` crate compiled to WebAssembly): it decodes every codec (snappy, zstd,
 * gzip, lz4, brotli) and writes them all, and measured 3-8x faster than the pure-JS hyparquet here (docs/decisions.md).
 * Decoded columns are copied once out of WebAssembly memory through the Arrow C data interface (arrow-js-ffi), which is
 * cheaper than the IPC round trip parquet-wasm documents, and leaves no view on memory that a later call may move.
 */
import { makeData, RecordBatch, Schema, Table, Type, tableFromIPC, tableToIPC } from 'apache-arrow';
import type * as pw from 'parquet-wasm/node';
import { ColumnError, ParquetError } from '../../errors';
import { expectOptions } from '../../validate';
import { PARQUET_READ_OPTIONS, PARQUET_WRITE_OPTIONS } from '../../option-keys';
import { countRowGroups } from './footer';
import { openLocalRanges } from './local-ranges';
import { parseRecordBatch, parseTable } from './arrow-ffi';
import { guarded, isTrap, parquetWasm, type ParquetWasm } from './wasm';
import { batchFromChildren } from '../../columns';
import { adoptBatch, adoptTable } from '../foreign-arrow';
import { plainColumns } from './dictionary-choice';
import { writerPropertiesFrom, type WriterSpec } from './writer-spec';
import { writeColumnGroups } from './parallel-write';

/** Compression codecs for writing Parquet. */
export type ParquetCompression = 'uncompressed' | 'snappy' | 'gzip' | 'zstd' | 'lz4' | 'brotli';

/** Every codec accepted by {@link writeParquet}. */
export const PARQUET_COMPRESSIONS: readonly ParquetCompression[] = ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4', 'brotli'];

/** Options for reading Parquet. */
export interface ParquetReadOptions {
  /** Read only these columns (projection). */
  columns?: string[];
  /** Read only these row groups (0-based). */
  rowGroups?: number[];
}

/** Options for writing Parquet. */
export interface ParquetWriteOptions {
  /**
   * Codec for every column (default 'snappy', as pyarrow). For Arrow IPC ('arrow', 'arrows'), the record batch body
   * compression: 'uncompressed' (default), 'lz4' (LZ4_FRAME) or 'zstd'; other values are an IpcError there.
   */
  compression?: ParquetCompression;
  /** Most rows in one row group (default 1,048,576, as pyarrow). */
  rowGroupSize?: number;
  /**
   * Dictionary-encode columns (default true, as pyarrow). A numeric column whose values are nearly all distinct, so
   * that its dictionary would pass the 1 MB dictionary page limit where the writer falls back to plain anyway, is
   * written plain from the start by {@link writeParquet}.
   */
  dictionary?: boolean;
}

const CODECS: Record<ParquetCompression, keyof typeof pw.Compression> = {
  uncompressed: 'UNCOMPRESSED',
  snappy: 'SNAPPY',
  gzip: 'GZIP',
  zstd: 'ZSTD',
  lz4: 'LZ4_RAW',
  brotli: 'BROTLI',
};

/** Rows per decoded batch: large batches keep the per-batch overhead of the FFI copy negligible. */
export const READ_BATCH_ROWS = 1 << 20;
/** Rows per batch when streaming: small enough that one decoded batch is a few MB even for wide tables. */
const STREAM_BATCH_ROWS = 1 << 16;

function message(e: unknown): string {
  if (isTrap(e)) return `parquet-wasm trapped (${(e as Error).message}), the sign of corrupt data`;
  return e instanceof Error ? e.message : String(e);
}

/** Copies a WebAssembly table into JS memory and frees the WebAssembly side. */
export function fromWasm(wasm: ParquetWasm, wasmTable: pw.Table): Table {
  return guarded(wasm, (api) => {
    const ffi = wasmTable.intoFFI();
    try {
      return parseTable(api.wasmMemory().buffer, ffi.arrayAddrs(), ffi.schemaAddr(), true);
    } finally {
      ffi.free();
    }
  });
}

/** Waits for a promise of a parquet-wasm call, or rejects with the trap when the instance traps meanwhile. */
function untilTrap<T>(wasm: ParquetWasm, pending: Promise<T>): Promise<T> {
  return Promise.race([pending, wasm.trapped]);
}

/**
 * Decodes a whole Parquet file held in memory.
 * @param bytes - the file's bytes
 * @param options - column projection and row-group selection
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws ParquetError for a truncated or corrupt file, an unknown column or row group
 * @example readParquet(fs.readFileSync('iris.parquet'), { columns: ['target'] }).numCols // 1
 */
export function readParquet(bytes: Uint8Array, options?: ParquetReadOptions, source = 'Parquet data'): Table {
  options = expectOptions<ParquetReadOptions>(options, 'readParquet options', PARQUET_READ_OPTIONS);
  const wasm = parquetWasm();
  let table: Table;
  try {
    table = fromWasm(wasm, guarded(wasm, (api) => api.readParquet(bytes, { batchSize: READ_BATCH_ROWS, rowGroups: options.rowGroups })));
  } catch (e) {
    throw decodeFailed(source, message(e), e);
  }
  return project(table, options.columns, source);
}

/** The one error for a file that does not decode, whichever thread decoded it. */
export function decodeFailed(source: string, reason: string, cause?: unknown): ParquetError {
  return new ParquetError(`Expected a valid Parquet file for ${source} but it failed to decode: ${reason}`, cause === undefined ? undefined : { cause });
}

// parquet-wasm 0.8's synchronous reader ignores `columns` (its async ParquetFile.read honours it, and the streaming
// reader uses that), so the projection is applied after decoding.
export function project(table: Table, columns: string[] | undefined, source: string): Table {
  if (columns === undefined) return table;
  const names = table.schema.fields.map((f) => f.name);
  for (const c of columns) {
    if (!names.includes(c)) throw new ColumnError(`Expected a column of ${source} (${names.join(', ')}) but received '${c}'`, c);
  }
  return table.select(columns);
}

/**
 * Encodes a table as a Parquet file in memory.
 * @param input - the data (a Table of this or another apache-arrow build)
 * @param options - codec, row-group size, dictionary encoding
 * @returns the file's bytes
 * @throws ParquetError when the table holds a type Parquet cannot store
 * @example fs.writeFileSync('iris.parquet', writeParquet(table, { compression: 'zstd', rowGroupSize: 65536 }))
 */
export function writeParquet(input: Table, options?: ParquetWriteOptions): Uint8Array {
  options = expectOptions<ParquetWriteOptions>(options, 'writeParquet options', PARQUET_WRITE_OPTIONS);
  const table = adoptTable(input);
  const spec = writerSpec(options, options.dictionary === false ? [] : plainColumns(table, options.rowGroupSize ?? READ_BATCH_ROWS));
  // the instance is looked up per call: one that trapped on a column group is replaced for the retry
  const encode = (t: Table): Uint8Array => guarded(parquetWasm(), (api) => api.writeParquet(api.Table.fromIPCStream(tableToIPC(t, 'stream')), writerPropertiesFrom(api, spec)));
  try {
    // a large table's column groups are encoded on the worker pool; any failure there is retried here, on one thread,
    // so that a table Parquet cannot store gets the same error either way
    return writeColumnGroups(table, spec, encode) ?? encode(table);
  } catch (e) {
    throw new ParquetError(`Expected a table Parquet can store but encoding failed: ${message(e)}`, { cause: e });
  }
}

/**
 * Encodes record batches as one Parquet file without holding them all: each batch is handed to the writer as it comes
 * and the encoded bytes come out as a stream, so a file larger than memory can be written (see `atomicWrite`).
 * @param batches - the batches, all with one schema
 * @param options - codec, row-group size, dictionary encoding
 * @returns the file's bytes, in order
 * @throws TypeError (at the call) for an unknown option; ParquetError when a batch cannot be encoded
 * @example for await (const chunk of writeParquetBatches(batches, { compression: 'snappy' })) out.write(chunk)
 */
export function writeParquetBatches(batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, options?: ParquetWriteOptions): AsyncGenerator<Uint8Array> {
  // checked here, not in the generator, whose body runs only at the first next()
  return encodeBatches(batches, expectOptions<ParquetWriteOptions>(options, 'writeParquetBatches options', PARQUET_WRITE_OPTIONS));
}

async function* encodeBatches(batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, options: ParquetWriteOptions): AsyncGenerator<Uint8Array> {
  const source = (async function* () {
    for await (const batch of batches) yield batch;
  })();
  // A source that fails (a streamed CSV with a bad line) ends the input cleanly and its error is thrown once the
  // writer has stopped: an errored input stream can leave parquet-wasm's output waiting forever.
  let failed: { error: unknown } | undefined;
  const wasm = parquetWasm();
  const api = wasm.api;
  const input = new ReadableStream<pw.RecordBatch>({
    async pull(controller) {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await source.next();
      } catch (error) {
        failed = { error };
        controller.close();
        return;
      }
      if (next.done) {
        controller.close();
        return;
      }
      const ipc = tableToIPC(new Table([adoptBatch(next.value)]), 'stream');
      guarded(wasm, () => {
        const table = api.Table.fromIPCStream(ipc);
        controller.enqueue(table.recordBatch(0)!);
        table.free();
      });
    },
  });
  try {
    const output = (await untilTrap(wasm, guarded(wasm, () => api.transformParquetStream(input, writerPropertiesFrom(api, writerSpec(options)))))).getReader();
    for (;;) {
      const next = await untilTrap(wasm, output.read());
      if (next.done || failed) break;
      yield next.value;
    }
  } catch (e) {
    if (!failed) throw new ParquetError(`Expected batches Parquet can store but encoding failed: ${message(e)}`, { cause: e });
  }
  if (failed) throw failed.error;
}

/** The writer's properties as data; `plainColumns` are written without a dictionary (see dictionary-choice.ts). */
function writerSpec(options: ParquetWriteOptions, plainColumns: string[] = []): WriterSpec {
  return {
    codec: CODECS[options.compression ?? 'snappy'],
    rowGroupSize: options.rowGroupSize ?? READ_BATCH_ROWS,
    dictionary: options.dictionary ?? true,
    plain: plainColumns,
  };
}

/** Column buffers reused from batch to batch by {@link ParquetRowGroupReader.readRowGroup}. */
export type ScratchBuffers = Float64Array[];

/**
 * Copies a batch whose columns are views on WebAssembly memory into reused buffers, or returns undefined when a column
 * is not numeric or holds nulls (the caller then takes a fresh copy).
 */
function intoScratch(scratch: ScratchBuffers, view: RecordBatch): RecordBatch | undefined {
  const cols = view.data.children;
  if (!cols.every((d) => (d.typeId === Type.Int || d.typeId === Type.Float) && d.nullCount === 0 && d.offset === 0)) return undefined;
  const children = cols.map((d, c) => {
    const src = d.values as Float64Array;
    const Ctor = src.constructor as new (n: number) => Float64Array;
    let buf = scratch[c];
    if (!buf || buf.constructor !== Ctor || buf.length < d.length) buf = scratch[c] = new Ctor(Math.max(d.length, STREAM_BATCH_ROWS));
    buf.set(src.subarray(0, d.length));
    return makeData({ type: d.type, length: d.length, nullCount: 0, data: buf.subarray(0, d.length) } as never);
  });
  return batchFromChildren(view.schema, children, view.numRows);
}

/** Shape of a Parquet file, from its footer only. */
export interface ParquetLayout {
  /** Total rows. */
  numRows: number;
  /** Rows in each row group, in file order. */
  rowGroupRows: number[];
}

/** A footer opened on one parquet-wasm instance. */
interface OpenFooter {
  wasm: ParquetWasm;
  file: pw.ParquetFile;
}

/** Opens a footer on the current instance; a trap or error while reading it is a ParquetError. */
async function openFooter(blob: Blob, source: string): Promise<OpenFooter> {
  const wasm = parquetWasm();
  try {
    return { wasm, file: await untilTrap(wasm, guarded(wasm, (api) => api.ParquetFile.fromFile(blob))) };
  } catch (e) {
    throw new ParquetError(`Expected a valid Parquet file for ${source} but its footer failed to decode: ${message(e)}`, { cause: e });
  }
}

/** The row counts in a footer; every metadata object taken is freed (each holds WebAssembly memory until then). */
function layoutOf(footer: OpenFooter): ParquetLayout {
  return guarded(footer.wasm, () => {
    const meta = footer.file.metadata();
    const fileMeta = meta.fileMetadata();
    const groups = meta.rowGroups();
    const layout = { numRows: fileMeta.numRows(), rowGroupRows: groups.map((rg) => rg.numRows()) };
    for (const g of groups) g.free();
    fileMeta.free();
    meta.free();
    return layout;
  });
}

/**
 * Opens a Parquet file for reading row group by row group, reading only the footer now; the data pages of a row group
 * are read (by range) when that row group is asked for, so memory stays bounded by one row group. A row group that
 * makes parquet-wasm trap is a ParquetError naming it; the trapped instance is dropped, and this reader (and any other)
 * reopens its footer on a fresh one for the next row group.
 * @example const r = await ParquetRowGroupReader.open('big.parquet'); for await (const b of r.readRowGroup(0)) rows += b.numRows; r.close();
 */
export class ParquetRowGroupReader {
  private constructor(
    private footer: OpenFooter,
    private readonly blob: Blob,
    readonly layout: ParquetLayout,
    private readonly source: string,
    private readonly closeFile?: () => Promise<void>,
  ) {}

  /**
   * @param file - a local path (read by range through one file handle), or a Blob (one from `fs.openAsBlob` reads
   *   lazily from disk)
   * @param source - the file's name, for error messages (default: the path)
   * @returns the reader
   * @throws ParquetError for a truncated or corrupt footer; the `fs` error when the path cannot be opened
   * @example const reader = await ParquetRowGroupReader.open('big.parquet')
    */
  static async open(file: string | Blob, source = typeof file === 'string' ? file : 'Parquet data'): Promise<ParquetRowGroupReader> {
    let closeFile: (() => Promise<void>) | undefined;
    let blob: Blob;
    if (typeof file === 'string') {
      ({ blob, close: closeFile } = await openLocalRanges(file));
    } else {
      blob = file;
    }
    let footer: OpenFooter;
    let layout: ParquetLayout;
    try {
      footer = await openFooter(blob, source);
      try {
        layout = layoutOf(footer);
      } catch (e) {
        freeFooter(footer);
        throw new ParquetError(`Expected a valid Parquet footer for ${source} but its metadata failed to decode: ${message(e)}`, { cause: e });
      }
    } catch (e) {
      await closeFile?.();
      throw e;
    }
    return new ParquetRowGroupReader(footer, blob, layout, source, closeFile);
  }

  /** The footer on a usable instance: the one opened, or the same file reopened when that instance trapped since. */
  private async usableFooter(): Promise<OpenFooter> {
    if (this.footer.wasm.poisoned) this.footer = await openFooter(this.blob, this.source);
    return this.footer;
  }

  /**
   * The file's schema (from the footer), optionally projected.
   * @param columns - projection, or all columns
   * @returns the schema
   * @throws ColumnError for an unknown column
   * @example reader.schema(['target']).fields.map((f) => f.name) // ['target']
    */
  schema(columns?: string[]): Schema {
    let schema: Schema;
    try {
      schema = tableFromIPC(guarded(this.footer.wasm, () => this.footer.file.schema().intoIPCStream())).schema;
    } catch (e) {
      throw new ParquetError(`Expected a valid Parquet schema in ${this.source} but it failed to decode: ${message(e)}`, { cause: e });
    }
    if (columns === undefined) return schema;
    const names = schema.fields.map((f) => f.name);
    for (const c of columns) {
      if (!names.includes(c)) throw new ColumnError(`Expected a column of ${this.source} (${names.join(', ')}) but received '${c}'`, c);
    }
    return schema.select(columns);
  }

  /**
   * Decodes one row group as a sequence of batches of at most 65,536 rows, so that WebAssembly memory holds the row
   * group's compressed pages and one decoded batch, not the whole decoded row group.
   * @param index - the row group (0-based)
   * @param columns - projection, or all columns
   * @param scratch - when given, numeric columns without nulls are copied into the buffers this array holds (made on
   *   first use, one per column), which every call given the same array reuses, so each batch's columns are
   *   overwritten by the next one: for a consumer done with a batch before asking for the next (the shuffling
   *   DataLoader, which gathers every row out of it); saves allocating a batch-sized copy per batch
   * @returns its record batches
   * @throws ParquetError when its pages are corrupt (parquet-wasm trapping included)
   * @example for await (const batch of reader.readRowGroup(2, ['target'])) console.log(batch.numRows)
    */
  async *readRowGroup(index: number, columns?: string[], scratch?: ScratchBuffers): AsyncGenerator<RecordBatch> {
    const failed = (e: unknown): ParquetError =>
      new ParquetError(`Expected a valid row group ${index} in ${this.source} but it failed to decode: ${message(e)}`, { cause: e });
    const { wasm, file } = await this.usableFooter();
    let reader: ReadableStreamDefaultReader<pw.RecordBatch>;
    try {
      reader = (await untilTrap(wasm, guarded(wasm, () => file.stream({ rowGroups: [index], columns, batchSize: STREAM_BATCH_ROWS })))).getReader();
    } catch (e) {
      throw failed(e);
    }
    for (;;) {
      let next: ReadableStreamReadResult<pw.RecordBatch>;
      try {
        next = await untilTrap(wasm, reader.read());
      } catch (e) {
        throw failed(e);
      }
      if (next.done) return;
      let batch: RecordBatch | undefined;
      try {
        batch = guarded(wasm, (api) => {
          const ffi = next.value.intoFFI();
          try {
            const view = scratch && intoScratch(scratch, parseRecordBatch(api.wasmMemory().buffer, ffi.arrayAddr(), ffi.schemaAddr(), false));
            return view ?? parseRecordBatch(api.wasmMemory().buffer, ffi.arrayAddr(), ffi.schemaAddr(), true);
          } finally {
            ffi.free();
          }
        });
      } catch (e) {
        throw failed(e);
      }
      yield batch;
    }
  }

  /**
 * Releases the WebAssembly side and the file handle.
 * @example reader.close(); // the file handle is released
 */
  close(): void {
    try {
      freeFooter(this.footer);
    } finally {
      // close() is synchronous; a read-only handle's close can only fail if it is already closed, which is harmless.
      this.closeFile?.().catch(() => undefined);
    }
  }
}

/** Frees a footer's WebAssembly memory, unless its instance trapped (then the whole instance is dropped instead). */
function freeFooter(footer: OpenFooter): void {
  if (!footer.wasm.poisoned) guarded(footer.wasm, () => footer.file.free());
}
