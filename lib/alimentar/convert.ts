/**
 * File to file conversion that streams: the input is read piece by piece (StreamingDataset) and each record batch is
 * encoded and written as it comes, so a file larger than memory converts in bounded memory. The output appears
 * atomically (temporary file, then rename) or not at all.
 */
import { RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter, Table, tableToIPC, type Schema } from 'apache-arrow';
import { withoutDictionaries } from './columns';
import { Readable } from 'node:stream';
import { typeError } from './errors';
import { writeCsv } from './formats/csv';
import { detectFormat, formatFromExtension, type Format } from './formats/detect';
import type { EncodeOptions } from './formats/index';
import { writeJson } from './formats/json';
import { writeParquetBatches } from './formats/parquet';
import { atomicWrite, localPath } from './io';
import { StreamingDataset, type StreamingOptions } from './streaming';
import { expectOptions } from './validate';

/** Options for {@link convertFile}. */
export interface ConvertOptions extends EncodeOptions {
  /** The output format (default: from the output's extension). */
  format?: Format;
  /** How to read the input: its format when the extension does not say, CSV / JSON options, chunk size. */
  read?: Omit<StreamingOptions, 'columns'>;
  /** Keep only these columns, in this order. */
  columns?: string[];
  /** Called after each batch with the rows written so far and the input's row count when known (Parquet). */
  onProgress?: (rows: number, totalRows: number | undefined) => void;
}

/**
 * Converts a data file to another format, streaming.
 * @param input - a local path or file:// URL
 * @param output - a local path or file:// URL
 * @param options - output format and codec, input options, progress
 * @returns the rows written and the output format
 * @throws NotFoundError, UnknownFormatError, the input format's parse error, ParquetError, WriteError; on any error
 *   the output is left as it was
 */
export async function convertFile(input: string, output: string, options?: ConvertOptions): Promise<{ rows: number; format: Format }> {
  const opts = expectOptions<ConvertOptions>(options, 'options');
  const target = localPath(output);
  if (target === undefined) throw typeError(`Expected a local path or file:// URL for output but received '${output}'`);
  const format = detectFormat(output, new Uint8Array(0), opts.format ?? formatFromExtension(output));
  const sd = await StreamingDataset.open(input, { ...expectOptions(opts.read, 'options.read'), columns: opts.columns });
  let rows = 0;
  const counted = async function* (): AsyncGenerator<RecordBatch> {
    for await (const batch of sd.batches()) {
      rows += batch.numRows;
      yield batch;
      opts.onProgress?.(rows, sd.numRows);
    }
  };
  try {
    await atomicWrite(target, encodeBatches(counted(), sd.schema, format, opts));
  } finally {
    sd.close();
  }
  return { rows, format };
}

/** The bytes of a file of `format` holding the batches, produced batch by batch. */
async function* encodeBatches(batches: AsyncIterable<RecordBatch>, schema: Schema, format: Format, options: EncodeOptions): AsyncGenerator<Uint8Array> {
  switch (format) {
    case 'parquet':
      yield* writeParquetBatches(batches, options);
      return;
    case 'ipc':
    case 'arrows':
      yield* encodeIpc(batches, schema, format === 'ipc' ? 'file' : 'stream');
      return;
    case 'csv':
    case 'tsv': {
      const csv = { ...(format === 'tsv' ? { delimiter: '\t' } : {}), ...options.csv };
      let first = true;
      for await (const b of batches) {
        yield writeCsv(new Table([b]), { ...csv, header: first && csv.header !== false });
        first = false;
      }
      if (first) yield writeCsv(new Table(schema), csv);
      return;
    }
    case 'jsonl':
      for await (const b of batches) yield writeJson(new Table([b]), true);
      return;
    case 'json': {
      // one array: the rows of every batch between one pair of brackets
      const encoder = new TextEncoder();
      let first = true;
      yield encoder.encode('[');
      for await (const b of batches) {
        const text = writeJson(new Table([b]), false);
        const inner = text.subarray(1, text.length - 2);
        if (inner.length === 0) continue;
        if (!first) yield encoder.encode(',');
        yield inner;
        first = false;
      }
      yield encoder.encode(']\n');
    }
  }
}

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
