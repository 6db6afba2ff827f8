/**
 * StreamingDataset: a dataset over a file read piece by piece, for files larger than memory. Parquet is read one row
 * group at a time (the footer says where each lies, and only that row group's pages are read from disk), decoded in
 * batches of 65,536 rows; CSV and JSON Lines in 8 MB chunks; Arrow IPC one record batch at a time. Memory stays bounded
 * by one piece, whatever the file's size. A JSON document (one array) is read whole and then handed out batch by batch.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { RecordBatch, Schema } from 'apache-arrow';
import { detectFormat, type Format } from './formats/detect';
import { CsvBatchReader, type CsvReadOptions } from './formats/csv';
import { readIpcFileBatches } from './formats/ipc';
import { decode } from './formats/index';
import type { JsonReadOptions } from './formats/json';
import { JsonLinesReader } from './formats/json-lines';
import { ParquetRowGroupReader } from './formats/parquet';
import { ioError, localPath } from './io';
import { ColumnError, typeError } from './errors';
import { Random } from './random';
import { expectOptions, expectStrings } from './validate';

/** Options for {@link StreamingDataset.open}. */
export interface StreamingOptions {
  /** The format, when neither extension nor content says. */
  format?: Format;
  /** Keep only these columns (Parquet reads only them from disk). */
  columns?: string[];
  /** CSV options. */
  csv?: CsvReadOptions;
  /** JSON and JSON Lines options (column types, rows per batch). */
  json?: JsonReadOptions;
  /** Bytes read at a time from CSV, JSON Lines and IPC files (default 8 MiB). */
  chunkBytes?: number;
}

const CHUNK = 8 << 20;

/** A text-format reader fed the file chunk by chunk (CsvBatchReader, JsonLinesReader). */
interface ChunkReader {
  push(chunk: Uint8Array, final: boolean): RecordBatch[];
  readonly schema: Schema | undefined;
}

/**
 * Feeds a file to a chunk reader and hands out its batches. An input that ends without rows but with known columns (a
 * CSV header) gives one empty batch, so the columns are not lost (readCsv gives them too).
 */
async function* readChunked(path: string, chunkBytes: number, reader: ChunkReader): AsyncGenerator<RecordBatch> {
  let any = false;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
    for (const b of reader.push(chunk as Uint8Array, false)) {
      any = true;
      yield b;
    }
  }
  for (const b of reader.push(new Uint8Array(0), true)) {
    any = true;
    yield b;
  }
  if (!any && reader.schema && reader.schema.fields.length > 0) yield new RecordBatch(reader.schema, undefined as never);
}

/** A file dataset read piece by piece; see the module comment. */
export class StreamingDataset {
  private constructor(
    private readonly path: string,
    readonly format: Format,
    /** Columns and types (for CSV: those inferred from the first batch). */
    readonly schema: Schema,
    /** Rows in the file when the format records it (Parquet), else undefined. */
    readonly numRows: number | undefined,
    private readonly options: StreamingOptions,
    private readonly parquet: ParquetRowGroupReader | undefined,
  ) {}

  /**
   * Opens a file for streaming, reading only enough to know its schema (the Parquet footer, the first CSV or IPC batch).
   * @param path - a local path or file:// URL
   * @param options - format, projection, CSV options, chunk size
   * @returns the dataset
   * @throws NotFoundError, UnknownFormatError, ParquetError, IpcError, CsvParseError
   * @example for await (const batch of (await StreamingDataset.open('big.parquet')).batches()) use(batch);
   */
  static async open(path: string, options?: StreamingOptions): Promise<StreamingDataset> {
    const local = localPath(path);
    if (local === undefined) throw typeError(`Expected a local path or file:// URL for path but received '${path}'`);
    const opts = expectOptions<StreamingOptions>(options, 'options');
    if (opts.columns !== undefined) expectStrings(opts.columns, 'options.columns');
    const head = new Uint8Array(64);
    try {
      const fh = await fsp.open(local, 'r');
      await fh.read(head, 0, 64, 0).finally(() => fh.close());
    } catch (e) {
      throw ioError(e, path);
    }
    const format = detectFormat(path, head, opts.format);
    if (format === 'parquet') {
      const reader = await ParquetRowGroupReader.open(local, path);
      return new StreamingDataset(local, format, reader.schema(opts.columns), reader.layout.numRows, opts, reader);
    }
    const probe = new StreamingDataset(local, format, new Schema([]), undefined, opts, undefined);
    for await (const batch of probe.batches()) return new StreamingDataset(local, format, batch.schema, undefined, opts, undefined);
    return probe;
  }

  /** Number of pieces the file is read in when known up front (Parquet row groups), else undefined. */
  get numPieces(): number | undefined {
    return this.parquet?.layout.rowGroupRows.length;
  }

  /**
   * The record batches, in file order, or with Parquet row groups in a seeded random order.
   * @param options - shuffleSeed: read Parquet row groups in a random order drawn from this seed; reuseBuffers: let
   *   Parquet batches of numeric columns share buffers that the next batch overwrites (see
   *   {@link ParquetRowGroupReader.readRowGroup}), for a consumer done with each batch before asking for the next
   * @returns an async iterator of batches; each call starts again from the beginning
   */
  async *batches(options: { shuffleSeed?: number; reuseBuffers?: boolean } = {}): AsyncGenerator<RecordBatch> {
    const { columns } = this.options;
    if (this.parquet) {
      const n = this.parquet.layout.rowGroupRows.length;
      const order = options.shuffleSeed === undefined ? Int32Array.from({ length: n }, (_, i) => i) : new Random(options.shuffleSeed).permutation(n);
      const scratch = options.reuseBuffers ? [] : undefined;
      for (const i of order) yield* this.parquet.readRowGroup(i, columns, scratch);
      return;
    }
    const project = (b: RecordBatch): RecordBatch => {
      if (!columns) return b;
      const at = columns.map((c) => {
        const i = b.schema.fields.findIndex((f) => f.name === c);
        if (i < 0) throw new ColumnError(`Expected a column of ${this.path} for '${c}'`, c);
        return i;
      });
      // selectAt, not select: apache-arrow's RecordBatch.select leaves its children at their old positions (holes)
      // and in schema order, which IPC and Parquet writers then misread
      return b.selectAt(at);
    };
    const chunkBytes = this.options.chunkBytes ?? CHUNK;
    if (this.format === 'csv' || this.format === 'tsv') {
      const reader = new CsvBatchReader({ ...(this.format === 'tsv' ? { delimiter: '\t' } : {}), ...this.options.csv }, this.path);
      for await (const b of readChunked(this.path, chunkBytes, reader)) yield project(b);
      return;
    }
    if (this.format === 'ipc' || this.format === 'arrows') {
      for await (const b of readIpcFileBatches(this.path, this.path, chunkBytes)) yield project(b);
      return;
    }
    if (this.format === 'jsonl') {
      for await (const b of readChunked(this.path, chunkBytes, new JsonLinesReader(this.options.json, this.path))) yield project(b);
      return;
    }
    for (const b of decode(await fsp.readFile(this.path), this.format, { json: this.options.json }, this.path).batches) yield project(b);
  }

  /** Releases the Parquet reader's WebAssembly memory. */
  close(): void {
    this.parquet?.close();
  }
}
