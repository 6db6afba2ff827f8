/** One entry point per direction for every format: bytes to a Table and a Table to bytes, through the format's codec. */
import type { Table } from 'apache-arrow';
import type { DecodeOptions, EncodeOptions } from './codec';
import { codecOf, type Format } from './codecs';

export type { DecodeOptions, EncodeOptions } from './codec';

/**
 * Decodes bytes of a known format.
 * @param bytes - the file's bytes
 * @param format - the format
 * @param options - projection, row groups, CSV and JSON options
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws the format's error (ParquetError, IpcError, CsvParseError, JsonParseError)
 * @example decode(fs.readFileSync('iris.csv'), 'csv').numRows // 150
 */
export function decode(bytes: Uint8Array, format: Format, options: DecodeOptions = {}, source?: string): Table {
  return codecOf(format).read(bytes, options, source);
}

/**
 * Encodes a table in a format.
 * @param table - the data
 * @param format - the format
 * @param options - Parquet codec and row groups, CSV dialect
 * @returns the bytes
 * @example fs.writeFileSync('iris.arrow', encode(table, 'arrow'))
 */
export function encode(table: Table, format: Format, options: EncodeOptions = {}): Uint8Array {
  return codecOf(format).write(table, options);
}
