/**
 * The types and the column layout every part of trueno-db shares: the binder types expressions with `SqlType`, the
 * executor computes over `Column`s, the storage layers hand `Column`s in and out. Columns are plain data (TypedArrays,
 * string arrays, numbers) so a plan and its inputs cross to a worker thread by structured clone or shared memory.
 */

/** A SQL type, as DuckDB names them (the parity reference). */
export type SqlType =
  | { id: 'boolean' }
  | { id: 'tinyint' }
  | { id: 'smallint' }
  | { id: 'integer' }
  | { id: 'bigint' }
  | { id: 'float' }
  | { id: 'double' }
  | { id: 'decimal'; precision: number; scale: number }
  | { id: 'varchar' }
  | { id: 'date' }
  | { id: 'timestamp' }
  | { id: 'null' }
  | { id: 'list'; child: SqlType; size?: number };

/** The id of a SQL type. */
export type SqlTypeId = SqlType['id'];

/** The value arrays of a column, by type (see `Column.values`). */
export type ColumnValues =
  | Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/**
 * One column of `length` rows.
 *
 * `values` by type:
 * - boolean: Uint8Array of 0/1; null type: Uint8Array of zeros (every row null)
 * - tinyint, smallint, integer, bigint: Int8Array, Int16Array, Int32Array, BigInt64Array
 * - float, double: Float32Array, Float64Array; decimal: Float64Array holding the value itself (not scaled)
 * - date: Int32Array, days since 1970-01-01; timestamp: Float64Array, microseconds since 1970-01-01 UTC
 * - varchar: Int32Array of codes into `dict`, whose strings are distinct (equal codes <=> equal strings, within
 *   one column only: compare across columns by string)
 * - list: `values` is unused (an empty Uint8Array); `child` holds the flat child values and either `size` rows per
 *   list (fixed size, e.g. a `features` vector) or `offsets` (length + 1 entries)
 *
 * `valid[i]` is 1 when row i is not NULL; an absent `valid` means no row is NULL. The value under a NULL is
 * unspecified but always a readable, finite-or-not number of the array's type (never read it as data).
 */
export interface Column {
  type: SqlType;
  length: number;
  values: ColumnValues;
  valid?: Uint8Array;
  dict?: string[];
  child?: Column;
  offsets?: Int32Array;
}

/** Named columns of equal length: a table, a query result or a batch of one. */
export interface ColumnBatch {
  names: string[];
  columns: Column[];
  length: number;
}

/** The names and types of a table, a source or a plan node's output. */
export interface Schema {
  names: string[];
  types: SqlType[];
}
