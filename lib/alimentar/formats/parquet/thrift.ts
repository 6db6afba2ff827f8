/**
 * The Thrift compact protocol, as far as Parquet footers need it: a cursor that walks (and skips) values, and a
 * field-level reader and writer that keep every value's encoded bytes as they are. Rewriting a footer (the parallel
 * writer's splice, splice.ts) then only re-encodes the few integers it changes; everything else (statistics, the
 * Arrow schema, fields this code does not know) is copied byte for byte.
 */
import { ParquetError } from '../../errors';

export const STOP = 0;
export const TRUE = 1;
export const FALSE = 2;
export const I32 = 5;
export const I64 = 6;
export const BINARY = 8;
export const LIST = 9;
const SET = 10;
const MAP = 11;
export const STRUCT = 12;

/** Reads compact-protocol values out of a byte range; a value running past its end is a ParquetError. */
export class Cursor {
  pos = 0;
  constructor(private readonly b: Uint8Array, private readonly source: string) {}
  byte(): number {
    if (this.pos >= this.b.length) throw this.corrupt('it ends early');
    return this.b[this.pos++];
  }
  corrupt(why: string): ParquetError {
    return new ParquetError(`Expected a valid Parquet footer for ${this.source} but ${why}`);
  }
  /** An unsigned varint (exact up to 2^53). */
  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const x = this.byte();
      v += (x & 0x7f) * mul;
      if (x < 0x80) return v;
      mul *= 128;
      if (mul > 2 ** 63) throw this.corrupt('a varint is longer than 10 bytes');
    }
  }
  private advance(n: number): void {
    if (n > this.b.length - this.pos) throw this.corrupt('it ends early');
    this.pos += n;
  }
  skip(type: number): void {
    switch (type) {
      case TRUE:
      case FALSE:
        return;
      case 3:
        this.advance(1);
        return;
      case 4:
      case I32:
      case I64:
        this.varint();
        return;
      case 7:
        this.advance(8);
        return;
      case BINARY:
        this.advance(this.varint());
        return;
      case LIST:
      case SET: {
        const [size, elem] = this.listHeader();
        for (let i = 0; i < size; i++) {
          if (elem === TRUE || elem === FALSE) this.advance(1);
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
        throw this.corrupt(`it holds Thrift type ${type}`);
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
    return { id: unzigzag(this.varint()), type };
  }
}

function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** One field of a struct: its id, its compact type (TRUE/FALSE carry a bool's value) and its value's encoded bytes. */
export interface Field {
  id: number;
  type: number;
  value: Uint8Array;
}

/**
 * Reads the fields of the struct that starts a byte range.
 * @param bytes - the encoded struct (and possibly more after it)
 * @param source - names the file in errors
 * @returns its fields, in order, each value a view on `bytes`
 * @throws ParquetError when the struct is truncated or malformed
 */
export function readStruct(bytes: Uint8Array, source: string): Field[] {
  const c = new Cursor(bytes, source);
  const fields: Field[] = [];
  for (let h = c.fieldHeader(0); h.type !== STOP; h = c.fieldHeader(h.id)) {
    const start = c.pos;
    c.skip(h.type);
    fields.push({ id: h.id, type: h.type, value: bytes.subarray(start, c.pos) });
  }
  return fields;
}

/**
 * The elements of an encoded list (each a view on `value`).
 * @param value - a list field's value
 * @param source - names the file in errors
 * @returns the element type and the elements' encoded bytes
 */
export function readList(value: Uint8Array, source: string): { type: number; items: Uint8Array[] } {
  const c = new Cursor(value, source);
  const [size, type] = c.listHeader();
  const items: Uint8Array[] = [];
  for (let i = 0; i < size; i++) {
    const start = c.pos;
    if (type === TRUE || type === FALSE) c.byte();
    else c.skip(type);
    items.push(value.subarray(start, c.pos));
  }
  return { type, items };
}

/** Collects encoded bytes. */
class Out {
  private parts: Uint8Array[] = [];
  private length = 0;
  bytes(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  byte(x: number): void {
    this.bytes(Uint8Array.of(x));
  }
  varint(v: number): void {
    const out: number[] = [];
    while (v >= 0x80) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    this.bytes(Uint8Array.from(out));
  }
  done(): Uint8Array {
    const all = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }
}

/**
 * Encodes a struct from its fields (in the order given, which must be by increasing id, as Thrift writers emit).
 * @param fields - the fields
 * @returns the struct's bytes, stop byte included
 */
export function writeStruct(fields: Field[]): Uint8Array {
  const out = new Out();
  let last = 0;
  for (const f of fields) {
    const delta = f.id - last;
    if (delta > 0 && delta <= 15) {
      out.byte((delta << 4) | f.type);
    } else {
      out.byte(f.type);
      out.varint(f.id >= 0 ? 2 * f.id : -2 * f.id - 1);
    }
    out.bytes(f.value);
    last = f.id;
  }
  out.byte(STOP);
  return out.done();
}

/**
 * Encodes a list from its elements' encoded bytes.
 * @param type - the element type
 * @param items - the elements
 * @returns the list's bytes
 */
export function writeList(type: number, items: Uint8Array[]): Uint8Array {
  const out = new Out();
  if (items.length < 15) {
    out.byte((items.length << 4) | type);
  } else {
    out.byte(0xf0 | type);
    out.varint(items.length);
  }
  for (const item of items) out.bytes(item);
  return out.done();
}

/**
 * Decodes an i32 or i64 value (zigzag varint; exact up to 2^53, which every offset and size in a file is).
 * @param value - the encoded value
 * @param source - names the file in errors
 * @returns the integer
 */
export function readInt(value: Uint8Array, source: string): number {
  return unzigzag(new Cursor(value, source).varint());
}

/**
 * Encodes an i32 or i64 value.
 * @param n - a safe integer
 * @returns its zigzag varint
 */
export function writeInt(n: number): Uint8Array {
  const out = new Out();
  out.varint(n >= 0 ? 2 * n : -2 * n - 1);
  return out.done();
}
