/**
 * Just enough of the Parquet footer (Thrift compact protocol) to count row groups, so the parallel reader can split a
 * file's row groups between workers without decoding the footer in WebAssembly on the main thread.
 */
import { ParquetError } from '../../errors';

const STOP = 0;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;
/** FileMetaData field 4: list<RowGroup>. */
const ROW_GROUPS_FIELD = 4;

class Cursor {
  pos = 0;
  constructor(private readonly b: Uint8Array, private readonly source: string) {}
  byte(): number {
    if (this.pos >= this.b.length) throw new ParquetError(`Expected a valid Parquet footer for ${this.source} but it ends early`);
    return this.b[this.pos++];
  }
  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const x = this.byte();
      v += (x & 0x7f) * mul;
      if (x < 0x80) return v;
      mul *= 128;
    }
  }
  skip(type: number): void {
    switch (type) {
      case 1:
      case 2:
        return;
      case 3:
        this.pos++;
        return;
      case 4:
      case 5:
      case 6:
        this.varint();
        return;
      case 7:
        this.pos += 8;
        return;
      case 8: {
        const length = this.varint();
        this.pos += length;
        return;
      }
      case LIST:
      case SET: {
        const [size, elem] = this.listHeader();
        for (let i = 0; i < size; i++) {
          if (elem === 1 || elem === 2) this.pos++;
          else this.skip(elem);
        }
        return;
      }
      case MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kv = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kv >> 4);
          this.skip(kv & 15);
        }
        return;
      }
      case STRUCT:
        for (let field = this.fieldHeader(0); field.type !== STOP; field = this.fieldHeader(field.id)) this.skip(field.type);
        return;
      default:
        throw new ParquetError(`Expected a valid Parquet footer for ${this.source} but it holds Thrift type ${type}`);
    }
  }
  listHeader(): [number, number] {
    const h = this.byte();
    return [h >> 4 === 15 ? this.varint() : h >> 4, h & 15];
  }
  fieldHeader(last: number): { id: number; type: number } {
    const h = this.byte();
    const type = h & 15;
    if (type === STOP) return { id: 0, type };
    const delta = h >> 4;
    if (delta !== 0) return { id: last + delta, type };
    const z = this.varint();
    return { id: (z >>> 1) ^ -(z & 1), type };
  }
}

/**
 * Counts the row groups of a whole Parquet file held in memory.
 * @param bytes - the file's bytes
 * @param source - the file's name, for error messages
 * @returns the number of row groups
 * @throws ParquetError when the file has no valid footer
 */
export function countRowGroups(bytes: Uint8Array, source: string): number {
  const n = bytes.length;
  const magic = n >= 12 && bytes[n - 4] === 0x50 && bytes[n - 3] === 0x41 && bytes[n - 2] === 0x52 && bytes[n - 1] === 0x31;
  const length = magic ? bytes[n - 8] | (bytes[n - 7] << 8) | (bytes[n - 6] << 16) | (bytes[n - 5] << 24) : -1;
  if (!magic || length <= 0 || length > n - 12) throw new ParquetError(`Expected a valid Parquet file for ${source} but its footer is missing or truncated`);
  const c = new Cursor(bytes.subarray(n - 8 - length, n - 8), source);
  for (let field = c.fieldHeader(0); field.type !== STOP; field = c.fieldHeader(field.id)) {
    if (field.id === ROW_GROUPS_FIELD && field.type === LIST) return c.listHeader()[0];
    c.skip(field.type);
  }
  throw new ParquetError(`Expected a valid Parquet file for ${source} but its footer lists no row groups`);
}
