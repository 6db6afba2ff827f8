/**
 * A growable column: what an in-memory table holds and what concatenating chunks builds. Values, validity, list
 * offsets and children live in arrays with room to grow (doubling, so n appends copy O(n) values in all); with
 * `shared` they are SharedArrayBuffer-backed, so a query worker reads them without a copy.
 *
 * Appends only ever write past the current length, and growing moves to a new buffer while the old one stays valid:
 * a snapshot (`view()`) taken before an append keeps reading exactly the rows it had, which is what lets a query run
 * in a worker while inserts go on. Strings keep one dictionary for the whole column (append-only: codes never change),
 * so appending a chunk maps its few distinct strings, not its rows.
 */
import { TooLargeError } from '../errors';
import type { Column, ColumnValues, SqlType } from '../types';
import { MAX_ROWS, typeName, valuesCtor, type ValuesCtor } from './sql-types';
import { SharedDict } from './shared-dict';
import { storedBuffer } from './shared-memory';

function allocate<C extends ValuesCtor>(ctor: C, n: number, shared: boolean): InstanceType<C> {
  const make = ctor as unknown as new (x: number | ArrayBufferLike) => InstanceType<C>;
  return shared ? new make(storedBuffer(n * ctor.BYTES_PER_ELEMENT)) : new make(n);
}

/** Room for `need` elements: at least double, at least 1024 (the first batch gets exactly what it needs). */
function grownCapacity(capacity: number, need: number): number {
  return capacity === 0 ? need : Math.max(need, Math.min(capacity * 2, MAX_ROWS), 1024);
}

/** A column that grows by appends; see the module comment. */
export class ColumnAppender {
  private values: ColumnValues;
  private valid: Uint8Array | undefined;
  private offsets: Int32Array | undefined;
  private readonly child: ColumnAppender | undefined;
  private readonly dict: SharedDict | undefined;
  private readonly ctor: ValuesCtor;
  /** Rows held. */
  length = 0;

  /**
   * @param type - the column's type
   * @param shared - SharedArrayBuffer-backed arrays (for columns a worker reads)
   */
  constructor(readonly type: SqlType, private readonly shared: boolean) {
    this.ctor = valuesCtor(type);
    this.values = allocate(this.ctor, 0, shared);
    if (type.id === 'varchar') this.dict = new SharedDict();
    if (type.id === 'list') {
      this.child = new ColumnAppender(type.child, shared);
      if (type.size === undefined) this.offsets = allocate(Int32Array, 1, shared);
    }
  }

  /**
   * Makes room for `extra` more rows at once (appends then copy nothing to grow).
   * @param extra - rows about to be appended
   * @throws TooLargeError past MAX_ROWS rows
   */
  reserve(extra: number): void {
    if (this.type.id === 'list' && this.type.size !== undefined) this.child!.reserve(extra * this.type.size);
    const need = this.length + extra;
    if (need > MAX_ROWS) throw new TooLargeError(`Expected at most ${MAX_ROWS} rows in a ${typeName(this.type)} column but this append would make ${need}`);
    if (this.type.id === 'list') {
      if (this.offsets !== undefined && this.offsets.length < need + 1) this.offsets = this.regrow(this.offsets, need + 1, Int32Array);
    } else if (this.values.length < need) {
      this.values = this.regrow(this.values, need, this.ctor);
    }
    if (this.valid !== undefined && this.valid.length < need) this.valid = this.regrow(this.valid, need, Uint8Array);
  }

  private regrow<A extends ColumnValues>(old: A, need: number, ctor: ValuesCtor): A {
    const next = allocate(ctor, grownCapacity(old.length, need), this.shared) as A;
    (next as Float64Array).set(old.subarray(0, Math.min(old.length, this.length + 1)) as Float64Array);
    return next;
  }

  /**
   * Appends a column of the same type (the caller checked it).
   * @param col - the rows to add
   * @throws TooLargeError past MAX_ROWS rows
   */
  append(col: Column): void {
    const n = col.length;
    if (n === 0) return;
    this.reserve(n);
    const at = this.length;
    if (col.valid !== undefined && this.valid === undefined) {
      this.valid = allocate(Uint8Array, Math.max(this.values.length, at + n), this.shared);
      this.valid.fill(1, 0, at);
    }
    if (this.valid !== undefined) {
      if (col.valid !== undefined) this.valid.set(col.valid.subarray(0, n), at);
      else this.valid.fill(1, at, at + n);
    }
    if (this.dict !== undefined) this.appendCodes(col, at);
    else if (this.type.id === 'list') this.appendList(col, at);
    else (this.values as Float64Array).set((col.values as Float64Array).subarray(0, n), at);
    this.length = at + n;
  }

  private appendCodes(col: Column, at: number): void {
    const map = this.dict!.merge(col.dict ?? []);
    const src = col.values as Int32Array;
    const out = this.values as Int32Array;
    const valid = col.valid;
    for (let i = 0; i < col.length; i++) out[at + i] = valid !== undefined && valid[i] === 0 ? 0 : map[src[i]];
  }

  private appendList(col: Column, at: number): void {
    const child = col.child!;
    if (this.offsets === undefined) {
      this.child!.append(child);
      return;
    }
    const base = this.offsets[at];
    const src = col.offsets!;
    const first = src[0];
    for (let i = 1; i <= col.length; i++) this.offsets[at + i] = base + src[i] - first;
    const used = src[col.length] - first;
    this.child!.append(first === 0 && child.length === used ? child : sliceColumn(child, first, used));
  }

  /**
   * The rows held now, as a Column over the same memory (later appends do not change what it shows).
   * @returns the column
   */
  view(): Column {
    const n = this.length;
    const col: Column = { type: this.type, length: n, values: this.type.id === 'list' ? new Uint8Array(0) : this.values.subarray(0, n) };
    if (this.valid !== undefined) col.valid = this.valid.subarray(0, n);
    if (this.dict !== undefined) {
      if (this.dict.strings.length === 0) this.dict.merge(['']);
      col.dict = this.dict.strings;
    }
    if (this.child !== undefined) col.child = this.child.view();
    if (this.offsets !== undefined) col.offsets = this.offsets.subarray(0, n + 1);
    return col;
  }

  /** Bytes of memory held (capacity, not just rows), strings at 2 bytes a char. */
  get bytes(): number {
    let b = this.values.byteLength + (this.valid?.byteLength ?? 0) + (this.offsets?.byteLength ?? 0) + (this.child?.bytes ?? 0);
    if (this.dict !== undefined) for (const s of this.dict.strings) b += 16 + 2 * s.length;
    return b;
  }
}

/**
 * Rows [start, start + count) of a column, sharing memory where the layout allows.
 * @param col - the column
 * @param start - first row
 * @param count - rows
 * @returns the slice
 */
export function sliceColumn(col: Column, start: number, count: number): Column {
  const out: Column = { type: col.type, length: count, values: col.type.id === 'list' ? col.values : col.values.subarray(start, start + count) };
  if (col.valid !== undefined) out.valid = col.valid.subarray(start, start + count);
  if (col.dict !== undefined) out.dict = col.dict;
  if (col.type.id === 'list') {
    if (col.offsets !== undefined) {
      out.offsets = col.offsets.subarray(start, start + count + 1);
      out.child = col.child;
    } else {
      const size = col.type.size!;
      out.child = sliceColumn(col.child!, start * size, count * size);
    }
  }
  return out;
}

/**
 * Concatenates columns of one type.
 * @param type - their type
 * @param columns - the parts, in order
 * @param shared - SharedArrayBuffer-backed result
 * @returns one column (the only part itself when there is one and no sharing is asked)
 */
export function concatColumns(type: SqlType, columns: Column[], shared = false): Column {
  if (columns.length === 1 && !shared) return columns[0];
  const out = new ColumnAppender(type, shared);
  for (const c of columns) out.append(c);
  return out.view();
}
