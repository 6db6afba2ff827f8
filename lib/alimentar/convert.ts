/**
 * File to file conversion that streams: the input is read piece by piece (StreamingDataset) and each record batch is
 * encoded and written as it comes, so a file larger than memory converts in bounded memory. The output appears
 * atomically (temporary file, then rename) or not at all.
 */
import type { RecordBatch } from 'apache-arrow';
import { typeError } from './errors';
import type { EncodeOptions } from './formats/codec';
import { codecOf } from './formats/codecs';
import { detectFormat, formatFromExtension, type Format } from './formats/detect';
import { atomicWrite, localPath } from './io';
import { StreamingDataset, type StreamingOptions } from './streaming';
import { ENCODE_OPTIONS, expectReadOptions, expectWriteOptions } from './option-keys';
import type { OptionKeys } from '../common/validate';

/** What convertFile's `read` holds. */
type ReadOptions = NonNullable<ConvertOptions['read']>;

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

const CONVERT_OPTIONS: OptionKeys<ConvertOptions> = { ...ENCODE_OPTIONS, format: true, read: true, columns: true, onProgress: true };
// the input's columns are convertFile's `columns`, not a key of `read`
const CONVERT_READ_OPTIONS: OptionKeys<ReadOptions> = { format: true, csv: true, json: true, chunkBytes: true };

/**
 * Converts a data file to another format, streaming.
 * @param input - a local path or file:// URL
 * @param output - a local path or file:// URL
 * @param options - output format and codec, input options, progress
 * @returns the rows written and the output format
 * @throws NotFoundError, UnknownFormatError, the input format's parse error, ParquetError, WriteError; on any error
 *   the output is left as it was
 * @example await convertFile('big.csv', 'big.parquet', { compression: 'zstd' }) // { rows, format: 'parquet' }
 */
export async function convertFile(input: string, output: string, options?: ConvertOptions): Promise<{ rows: number; format: Format }> {
  const { format: named, read, columns, onProgress, ...encodeOptions } = expectWriteOptions<ConvertOptions>(options, 'convertFile options', CONVERT_OPTIONS);
  const readOptions = expectReadOptions<ReadOptions>(read, 'convertFile options.read', CONVERT_READ_OPTIONS);
  const target = localPath(output);
  if (target === undefined) throw typeError(`Expected a local path or file:// URL for output but received '${output}'`);
  const format = detectFormat(output, new Uint8Array(0), named ?? formatFromExtension(output));
  const sd = await StreamingDataset.open(input, { ...readOptions, columns });
  let rows = 0;
  const counted = async function* (): AsyncGenerator<RecordBatch> {
    for await (const batch of sd.batches()) {
      rows += batch.numRows;
      yield batch;
      onProgress?.(rows, sd.numRows);
    }
  };
  try {
    await atomicWrite(target, codecOf(format).writeBatches(counted(), sd.schema, encodeOptions));
  } finally {
    sd.close();
  }
  return { rows, format };
}
