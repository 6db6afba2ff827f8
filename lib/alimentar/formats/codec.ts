/**
 * What a file format provides to the rest of alimentar: one codec object per format (detect, read, write, stream read,
 * stream write), registered in formats/codecs.ts. ArrowDataset, StreamingDataset and convertFile only ever talk to a
 * codec, so adding a format is a folder with its codec and one line in that table.
 */
import type { RecordBatch, Schema, Table } from 'apache-arrow';
import { ColumnError } from '../errors';
import type { CsvReadOptions, CsvWriteOptions } from './csv/csv';
import type { JsonReadOptions } from './json/json';
import type { ParquetWriteOptions } from './parquet/parquet';

/** Options for decoding, whatever the format. */
export interface DecodeOptions {
  /** Keep only these columns (Parquet reads only them). */
  columns?: string[];
  /** Parquet: read only these row groups. */
  rowGroups?: number[];
  /** CSV / TSV: dialect, header, types, nulls. */
  csv?: CsvReadOptions;
  /** JSON / JSON Lines: explicit column types. */
  json?: JsonReadOptions;
}

/** Options for encoding, whatever the format. */
export interface EncodeOptions extends ParquetWriteOptions {
  /** CSV / TSV: delimiter, header, null text. */
  csv?: CsvWriteOptions;
}

/** Options for reading a file piece by piece. */
export interface BatchReadOptions {
  /** Keep only these columns, in this order. */
  columns?: string[];
  /** CSV / TSV options. */
  csv?: CsvReadOptions;
  /** JSON / JSON Lines options. */
  json?: JsonReadOptions;
  /** Bytes read at a time from text and IPC stream files. */
  chunkBytes: number;
}

/** A file opened for reading piece by piece; memory stays bounded by one piece. */
export interface BatchSource {
  /** Columns and types when known before any batch is read (Parquet: from the footer), else undefined. */
  readonly schema?: Schema;
  /** Rows in the file when the format records it (Parquet), else undefined. */
  readonly numRows?: number;
  /** Pieces the file is read in when known up front (Parquet row groups), else undefined. */
  readonly numPieces?: number;
  /**
   * The batches, projected to the requested columns; each call starts again from the beginning.
   * @param options - shuffleSeed: pieces in a seeded random order where the format has pieces; reuseBuffers: batches
   *   may share buffers that the next batch overwrites
   */
  batches(options: { shuffleSeed?: number; reuseBuffers?: boolean }): AsyncGenerator<RecordBatch>;
  /** Releases what the source holds (WebAssembly memory, file handles). */
  close(): void;
}

/** One file format; see the module comment. */
export interface FormatCodec {
  /** File extensions (lower case, no dot) that name this format. */
  readonly extensions: readonly string[];
  /** Whether the first bytes of a file (64 are plenty) carry this format's signature; absent for formats without one. */
  detect?(head: Uint8Array): boolean;
  /** Decodes a whole file held in memory; honours `columns` where the format can read less, callers select after. */
  read(bytes: Uint8Array, options: DecodeOptions, source?: string): Table;
  /** Reads a whole local file when the format does better than reading its bytes first (Parquet: a worker pool). */
  readFile?(path: string, options: DecodeOptions, source: string): Promise<Table>;
  /** Encodes a table. */
  write(table: Table, options: EncodeOptions): Uint8Array;
  /** Opens a local file for reading piece by piece. */
  openBatches(path: string, options: BatchReadOptions, source: string): Promise<BatchSource>;
  /** Encodes batches as they come (all of `schema`), producing the file's bytes in order. */
  writeBatches(batches: AsyncIterable<RecordBatch>, schema: Schema, options: EncodeOptions): AsyncGenerator<Uint8Array>;
}

/**
 * A batch with only the given columns, in that order.
 * @param batch - the batch
 * @param columns - the columns to keep, or undefined for all
 * @param source - the file's name, for the error
 * @returns the projected batch
 * @throws ColumnError for a column the batch does not have
 */
function projectBatch(batch: RecordBatch, columns: string[] | undefined, source: string): RecordBatch {
  if (columns === undefined) return batch;
  const at = columns.map((c) => {
    const i = batch.schema.fields.findIndex((f) => f.name === c);
    if (i < 0) throw new ColumnError(`Expected a column of ${source} for '${c}'`, c);
    return i;
  });
  // selectAt, not select: apache-arrow's RecordBatch.select leaves its children at their old positions (holes)
  // and in schema order, which IPC and Parquet writers then misread
  return batch.selectAt(at);
}

/**
 * A batch source for formats read front to back (no pieces known up front, no shuffling of pieces).
 * @param read - yields the file's batches from the start
 * @param columns - projection
 * @param source - the file's name
 * @returns the source
 */
export function sequentialSource(read: () => AsyncIterable<RecordBatch>, columns: string[] | undefined, source: string): BatchSource {
  // Iterations begun and not finished: each holds its file open (a FileHandle, a read stream) until it ends or is
  // returned, so close() returns them; a caller who stops calling next() without return() otherwise leaves the file
  // to the garbage collector.
  const live = new Set<AsyncGenerator<RecordBatch>>();
  return {
    batches() {
      const iterate = async function* (): AsyncGenerator<RecordBatch> {
        try {
          for await (const b of read()) yield projectBatch(b, columns, source);
        } finally {
          live.delete(it);
        }
      };
      const it = iterate();
      live.add(it);
      return it;
    },
    close() {
      for (const it of live) it.return(undefined).catch(() => undefined);
      live.clear();
    },
  };
}
