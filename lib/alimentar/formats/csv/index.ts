/** CSV and TSV: the two codecs (one dialect apart) and the folder's public API. */
import { Table } from 'apache-arrow';
import { readChunked } from '../chunked';
import { sequentialSource, type FormatCodec } from '../codec';
import { CsvBatchReader, readCsv, writeCsv, type CsvReadOptions, type CsvWriteOptions } from './csv';

export { CsvBatchReader, concatBytes, readCsv, writeCsv, type CsvReadOptions, type CsvWriteOptions } from './csv';

function csvCodec(extensions: string[], dialect: { delimiter?: string }): FormatCodec {
  const reading = (options: CsvReadOptions | undefined): CsvReadOptions => ({ ...dialect, ...options });
  const writing = (options: CsvWriteOptions | undefined): CsvWriteOptions => ({ ...dialect, ...options });
  return {
    extensions,
    read: (bytes, options, source) => readCsv(bytes, reading(options.csv), source),
    write: (table, options) => writeCsv(table, writing(options.csv)),
    openBatches: async (path, options, source) =>
      sequentialSource(() => readChunked(path, options.chunkBytes, new CsvBatchReader(reading(options.csv), source)), options.columns, source),
    async *writeBatches(batches, schema, options) {
      const csv = writing(options.csv);
      let first = true;
      for await (const b of batches) {
        yield writeCsv(new Table([b]), { ...csv, header: first && csv.header !== false });
        first = false;
      }
      if (first) yield writeCsv(new Table(schema), csv);
    },
  };
}

/** Comma-separated values. */
export const CSV_CODEC = csvCodec(['csv'], {});

/** Tab-separated values. */
export const TSV_CODEC = csvCodec(['tsv', 'tab'], { delimiter: '\t' });
