/**
 * trueno-db: an embedded columnar SQL database over Arrow. Tables live in memory (SharedArrayBuffer-backed columns)
 * or on disk as Delta Lake tables; SQL runs vectorized over the columns, off the event loop; results come out as
 * Arrow Tables, JS rows or trueno Tensors.
 * @example
 * const db = new Database();
 * await db.insertBatch('training', batch);
 * const X = (await db.query('SELECT features FROM training')).toMatrix();
 * @packageDocumentation
 */
export { Database, type DatabaseOptions, type OpenOptions, type Params } from './database';
export { Result, type ResultDType, type RowOptions } from './result';
export type { Int64Options } from '../common/int64';
export {
  arrowTypeOf, batchFromArrow, columnFromData, columnFromVector, dataFromColumn, sqlTypeOf, tableFromBatch, type AnyData,
} from './convert';
export { typeName, typesEqual } from './column/sql-types';
export * from './errors';
export type { Column, ColumnBatch, ColumnValues, Schema, SqlType, SqlTypeId } from './types';
