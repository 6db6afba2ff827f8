/** One entry point per direction for every format: bytes to a Table and a Table to bytes. */
import type { Table } from 'apache-arrow';
import { readCsv, writeCsv, type CsvReadOptions, type CsvWriteOptions } from './csv';
import type { Format } from './detect';
import { readIpc, writeIpc } from './ipc';
import { readJson, writeJson, type JsonReadOptions } from './json';
import { readParquet, writeParquet, type ParquetWriteOptions } from './parquet';

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

/**
 * Decodes bytes of a known format.
 * @param bytes - the file's bytes
 * @param format - the format
 * @param options - projection, row groups, CSV and JSON options
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws the format's error (ParquetError, IpcError, CsvParseError, JsonParseError)
 */
export function decode(bytes: Uint8Array, format: Format, options: DecodeOptions = {}, source?: string): Table {
  switch (format) {
    case 'parquet':
      return readParquet(bytes, { columns: options.columns, rowGroups: options.rowGroups }, source);
    case 'ipc':
    case 'arrows':
      return readIpc(bytes, source);
    case 'csv':
      return readCsv(bytes, options.csv, source);
    case 'tsv':
      return readCsv(bytes, { delimiter: '\t', ...options.csv }, source);
    case 'json':
      return readJson(bytes, bytes.find((b) => b > 32) === 0x7b, source, options.json);
    case 'jsonl':
      return readJson(bytes, true, source, options.json);
  }
}

/**
 * Encodes a table in a format.
 * @param table - the data
 * @param format - the format
 * @param options - Parquet codec and row groups, CSV dialect
 * @returns the bytes
 */
export function encode(table: Table, format: Format, options: EncodeOptions = {}): Uint8Array {
  switch (format) {
    case 'parquet':
      return writeParquet(table, options);
    case 'ipc':
      return writeIpc(table, 'file');
    case 'arrows':
      return writeIpc(table, 'stream');
    case 'csv':
      return writeCsv(table, options.csv);
    case 'tsv':
      return writeCsv(table, { delimiter: '\t', ...options.csv });
    case 'json':
      return writeJson(table, false);
    case 'jsonl':
      return writeJson(table, true);
  }
}
