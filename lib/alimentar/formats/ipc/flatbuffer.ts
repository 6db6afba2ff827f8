/** A bounds-checked reader of one flatbuffer (an Arrow IPC footer or message metadata). */
import { IpcError } from '../../errors';

/** Bytes of a vector offset or table offset. */
export const OFFSET_BYTES = 4;

/** A bounds-checked reader of one flatbuffer; any read outside it is an IpcError about `what`. */
export class FlatBuffer {
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly what: () => string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(problem: string): never {
    throw new IpcError(`Expected a valid ${this.what()} but ${problem}`);
  }

  private check(at: number, size: number): void {
    if (!(at >= 0 && at + size <= this.bytes.length)) this.fail(`a field at byte ${at} lies outside its ${this.bytes.length} bytes`);
  }

  u8(at: number): number {
    this.check(at, 1);
    return this.view.getUint8(at);
  }

  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }

  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }

  i32(at: number): number {
    this.check(at, 4);
    return this.view.getInt32(at, true);
  }

  i64(at: number): bigint {
    this.check(at, 8);
    return this.view.getBigInt64(at, true);
  }

  /** A non-negative int64 that fits a JS number. */
  size(at: number, name: string): number {
    const v = this.i64(at);
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`its ${name} is ${v}`);
    return Number(v);
  }

  /** The root table's position. */
  root(): number {
    return this.u32(0);
  }

  /** The position of field `index` of the table at `table`, or undefined when absent. */
  field(table: number, index: number): number | undefined {
    this.check(table, 4);
    const vtable = table - this.view.getInt32(table, true);
    const vtableBytes = this.u16(vtable);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtableBytes) return undefined;
    const at = this.u16(vtable + slot);
    return at === 0 ? undefined : table + at;
  }

  /** The table or vector an offset field points to. */
  deref(at: number): number {
    return at + this.u32(at);
  }

  /** A vector of `elementBytes`-byte structs: its first element's position and its length, both checked. */
  vector(at: number, elementBytes: number, name: string): { start: number; count: number } {
    const vec = this.deref(at);
    const count = this.u32(vec);
    const start = vec + 4;
    if (start + count * elementBytes > this.bytes.length) this.fail(`its ${name} count ${count} needs more bytes than it has`);
    return { start, count };
  }

  /** A string field's text (checked inside the buffer), or '' when absent. */
  text(at: number | undefined, name: string): string {
    if (at === undefined) return '';
    const { start, count } = this.vector(at, 1, `${name} length`);
    return new TextDecoder().decode(this.bytes.subarray(start, start + count));
  }
}
