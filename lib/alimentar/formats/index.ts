/** One entry point per direction for every format: bytes to a Table and a Table to bytes, through the format's codec. */
import type { Table } from 'apache-arrow';
import type { DecodeOptions, EncodeOptions } from './codec';
import { codecOf, type Format } from './codecs';
import { DECODE_OPTIONS, ENCODE_OPTIONS, expectReadOptions, expectWriteOptions } from '../option-keys';

export type { DecodeOptions, EncodeOptions } from './codec';

/**
 * Decodes bytes of a known format.
 * @param bytes - the file's bytes
 * @param format - the format
 * @param options - projection, row groups, CSV and JSON options
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws TypeError for an unknown option; the format's error (ParquetError, IpcError, CsvParseError, JsonParseError)
 * @example decode(fs.readFileSync('iris.csv'), 'csv').numRows // 150
 */
export function decode(bytes: Uint8Array, format: Format, options?: DecodeOptions, source?: string): Table {
  const opts = expectReadOptions<DecodeOptions>(options, 'decode options', DECODE_OPTIONS);
  return codecOf(format).read(bytes, opts, source);
}

/**
 * Encodes a table in a format.
 * @param table - the data
 * @param format - the format
 * @param options - Parquet codec and row groups, CSV dialect
 * @returns the bytes
 * @throws TypeError for an unknown option
 * @example fs.writeFileSync('iris.arrow', encode(table, 'arrow'))
 */
export function encode(table: Table, format: Format, options?: EncodeOptions): Uint8Array {
  const opts = expectWriteOptions<EncodeOptions>(options, 'encode options', ENCODE_OPTIONS);
  return codecOf(format).write(table, opts);
}
