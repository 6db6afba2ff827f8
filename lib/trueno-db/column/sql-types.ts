/** Small facts about SqlTypes the database needs: their DuckDB names, equality, exact widening, value arrays. */
import type { Column, ColumnValues, SqlType } from '../types';

/** The most rows a table, batch or result holds: row positions are Int32 in the executor and its kernels. */
export const MAX_ROWS = 2 ** 31 - 1;

/**
 * The type as DuckDB prints it: BOOLEAN, INTEGER, DECIMAL(18,3), VARCHAR, FLOAT[4] (fixed-size list), DOUBLE[] (list).
 * @param type - the type
 * @returns its name
 */
export function typeName(type: SqlType): string {
  switch (type.id) {
    case 'decimal': return `DECIMAL(${type.precision},${type.scale})`;
    case 'list': return `${typeName(type.child)}[${type.size ?? ''}]`;
    case 'null': return 'NULL';
    default: return type.id.toUpperCase();
  }
}

/**
 * Whether two types are the same type.
 * @param a - one type
 * @param b - the other
 * @returns true when equal (decimals: same precision and scale; lists: same child and size)
 */
export function typesEqual(a: SqlType, b: SqlType): boolean {
  if (a.id !== b.id) return false;
  if (a.id === 'decimal') return a.precision === (b as typeof a).precision && a.scale === (b as typeof a).scale;
  if (a.id === 'list') return a.size === (b as typeof a).size && typesEqual(a.child, (b as typeof a).child);
  return true;
}

const INT_RANK: Partial<Record<SqlType['id'], number>> = { tinyint: 1, smallint: 2, integer: 3, bigint: 4 };

/**
 * Whether every value of `from` converts to `to` exactly (so a batch of `from` may fill a column of `to`): equal types,
 * the NULL type into anything, a narrower integer into a wider one, float into double, an integer of at most 32 bits
 * into double (and of at most 16 bits into float).
 * @param from - the batch's type
 * @param to - the table's type
 * @returns true when the values widen exactly
 */
export function widensTo(from: SqlType, to: SqlType): boolean {
  if (typesEqual(from, to) || from.id === 'null') return true;
  const f = INT_RANK[from.id];
  const t = INT_RANK[to.id];
  if (f !== undefined && t !== undefined) return f < t;
  if (from.id === 'float' && to.id === 'double') return true;
  if (f !== undefined && to.id === 'double') return f <= 3;
  if (f !== undefined && to.id === 'float') return f <= 2;
  return false;
}

/** A TypedArray constructor of a column's value array. */
export type ValuesCtor =
  | Uint8ArrayConstructor | Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor
  | BigInt64ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

/**
 * The array type of a column's `values` (see Column in ../types).
 * @param type - the column's type
 * @returns the TypedArray constructor
 */
export function valuesCtor(type: SqlType): ValuesCtor {
  switch (type.id) {
    case 'boolean': case 'null': case 'list': return Uint8Array;
    case 'tinyint': return Int8Array;
    case 'smallint': return Int16Array;
    case 'integer': case 'date': case 'varchar': return Int32Array;
    case 'bigint': return BigInt64Array;
    case 'float': return Float32Array;
    case 'double': case 'decimal': case 'timestamp': return Float64Array;
  }
}

/**
 * A column of `length` NULLs of a type.
 * @param type - the type
 * @param length - rows
 * @returns the column (every `valid` byte 0)
 */
export function nullColumn(type: SqlType, length: number): Column {
  const col: Column = { type, length, values: type.id === 'list' ? new Uint8Array(0) : new (valuesCtor(type))(length), valid: new Uint8Array(length) };
  if (type.id === 'varchar') col.dict = [''];
  if (type.id === 'list') {
    col.child = nullColumn(type.child, 0);
    if (type.size === undefined) col.offsets = new Int32Array(length + 1);
    else col.child = nullColumn(type.child, length * type.size);
  }
  return col;
}

/**
 * Converts values exactly to a wider type (see {@link widensTo}).
 * @param col - the column
 * @param to - the wider type
 * @returns a column of type `to` (the same column when the types are equal)
 */
export function widenColumn(col: Column, to: SqlType): Column {
  if (typesEqual(col.type, to)) return col;
  if (col.type.id === 'null') return nullColumn(to, col.length);
  const n = col.length;
  const out = new (valuesCtor(to))(n) as ColumnValues;
  const src = col.values;
  if (out instanceof BigInt64Array) for (let i = 0; i < n; i++) out[i] = BigInt(src[i] as number);
  else (out as Float64Array).set(src as Float64Array);
  return { type: to, length: n, values: out, valid: col.valid };
}

/**
 * The bytes a column's buffers take (values, validity, list children and offsets; strings counted at 2 bytes a char).
 * @param col - the column
 * @returns bytes
 */
export function columnBytes(col: Column): number {
  let bytes = col.values.byteLength + (col.valid?.byteLength ?? 0) + (col.offsets?.byteLength ?? 0);
  if (col.child) bytes += columnBytes(col.child);
  if (col.dict) for (const s of col.dict) bytes += 16 + 2 * s.length;
  return bytes;
}
