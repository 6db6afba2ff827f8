/**
 * Finding the Parquet footer, and just enough of it (Thrift compact protocol) to count row groups, so the parallel reader can split a
 * file's row groups between workers without decoding the footer in WebAssembly on the main thread.
 */
import { ParquetError } from '../../errors';
import { Cursor, LIST, STOP } from './thrift';

/** FileMetaData field 4: list<RowGroup>. */
const ROW_GROUPS_FIELD = 4;

/**
 * Counts the row groups of a whole Parquet file held in memory.
 * @param bytes - the file's bytes
 * @param source - the file's name, for error messages
 * @returns the number of row groups
 * @throws ParquetError when the file has no valid footer
 */
export function countRowGroups(bytes: Uint8Array, source: string): number {
  const c = new Cursor(footerOf(bytes, source), source);
  for (let field = c.fieldHeader(0); field.type !== STOP; field = c.fieldHeader(field.id)) {
    if (field.id === ROW_GROUPS_FIELD && field.type === LIST) return c.listHeader()[0];
    c.skip(field.type);
  }
  throw new ParquetError(`Expected a valid Parquet file for ${source} but its footer lists no row groups`);
}

/**
 * The encoded FileMetaData of a whole Parquet file held in memory.
 * @param bytes - the file's bytes
 * @param source - the file's name, for error messages
 * @returns a view on the footer's bytes
 * @throws ParquetError when the file has no valid footer
 */
export function footerOf(bytes: Uint8Array, source: string): Uint8Array {
  const n = bytes.length;
  const magic = n >= 12 && bytes[n - 4] === 0x50 && bytes[n - 3] === 0x41 && bytes[n - 2] === 0x52 && bytes[n - 1] === 0x31;
  const length = magic ? bytes[n - 8] | (bytes[n - 7] << 8) | (bytes[n - 6] << 16) | (bytes[n - 5] << 24) : -1;
  if (!magic || length <= 0 || length > n - 12) throw new ParquetError(`Expected a valid Parquet file for ${source} but its footer is missing or truncated`);
  return bytes.subarray(n - 8 - length, n - 8);
}
