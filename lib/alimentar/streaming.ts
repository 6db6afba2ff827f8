/**
 * StreamingDataset: a dataset over a file read piece by piece, for files larger than memory. Parquet is read one row
 * group at a time (the footer says where each lies, and only that row group's pages are read from disk), decoded in
 * batches of 65,536 rows; CSV and JSON Lines in 8 MB chunks; Arrow IPC one record batch at a time. Memory stays bounded
 * by one piece, whatever the file's size. A JSON document (one array) is read whole and then handed out batch by batch.
 * How each format reads is its codec's business (formats/codecs.ts); this class only holds the open source.
 */
import { RecordBatch, Schema } from 'apache-arrow';
import { detectFormat, type Format } from './formats/detect';
import type { BatchSource } from './formats/codec';
import { codecOf } from './formats/codecs';
import type { CsvReadOptions } from './formats/csv/csv';
import type { JsonReadOptions } from './formats/json/json';
import { ioError, localPath, readHead } from './io';
import { typeError } from './errors';
import { expectOptions, expectStrings } from './validate';
import { BATCHES_OPTIONS, expectReadOptions } from './option-keys';
import type { OptionKeys } from '../common/validate';

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

/** The keys {@link StreamingOptions} allows. */
export const STREAMING_OPTIONS: OptionKeys<StreamingOptions> = { format: true, columns: true, csv: true, json: true, chunkBytes: true };

const CHUNK = 8 << 20;

/**
 * A file dataset read piece by piece; see the module comment.
 * @example const sd = await StreamingDataset.open('big.parquet'); for await (const b of sd.batches()) total += b.numRows; sd.close();
 */
export class StreamingDataset {
  private constructor(
    private readonly source: BatchSource,
    readonly format: Format,
    /** Columns and types (for CSV: those inferred from the first batch). */
    readonly schema: Schema,
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
    const opts = expectReadOptions<StreamingOptions>(options, 'StreamingDataset.open options', STREAMING_OPTIONS);
    const local = localPath(path);
    if (local === undefined) throw typeError(`Expected a local path or file:// URL for path but received '${path}'`);
    if (opts.columns !== undefined) expectStrings(opts.columns, 'options.columns');
    let head: Uint8Array;
    try {
      head = await readHead(local, 64);
    } catch (e) {
      throw ioError(e, path);
    }
    const format = detectFormat(path, head, opts.format);
    const source = await codecOf(format).openBatches(local, { columns: opts.columns, csv: opts.csv, json: opts.json, chunkBytes: opts.chunkBytes ?? CHUNK }, local);
    if (source.schema !== undefined) return new StreamingDataset(source, format, source.schema);
    try {
      for await (const batch of source.batches({})) return new StreamingDataset(source, format, batch.schema);
    } catch (e) {
      source.close();
      throw e;
    }
    return new StreamingDataset(source, format, new Schema([]));
  }

  /** Rows in the file when the format records it (Parquet), else undefined. */
  get numRows(): number | undefined {
    return this.source.numRows;
  }

  /** Number of pieces the file is read in when known up front (Parquet row groups), else undefined. */
  get numPieces(): number | undefined {
    return this.source.numPieces;
  }

  /**
   * The record batches, in file order, or with Parquet row groups in a seeded random order.
   * @param options - shuffleSeed: read Parquet row groups in a random order drawn from this seed; reuseBuffers: let
   *   Parquet batches of numeric columns share buffers that the next batch overwrites (see
   *   ParquetRowGroupReader.readRowGroup), for a consumer done with each batch before asking for the next
   * @returns an async iterator of batches; each call starts again from the beginning
   * @throws TypeError for an unknown option
   * @example for await (const batch of sd.batches({ shuffleSeed: 7 })) console.log(batch.numRows)
    */
  batches(options?: { shuffleSeed?: number; reuseBuffers?: boolean }): AsyncGenerator<RecordBatch> {
    const opts = expectOptions<{ shuffleSeed?: number; reuseBuffers?: boolean }>(options, 'batches options', BATCHES_OPTIONS);
    return this.source.batches(opts);
  }

  /**
 * Releases the Parquet reader's WebAssembly memory and the file handle, ending any unfinished `batches()` iteration.
 * @example sd.close(); // the file handle is released
 */
  close(): void {
    this.source.close();
  }
}
