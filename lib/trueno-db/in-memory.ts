/**
 * What trueno-db has in every host - the in-memory database, results, conversions, types and errors - re-exported by
 * the Node entry (./index.ts, which adds tables on disk) and the web page's (./index.browser.ts).
 */
export { Database, type DatabaseOptions, type Params } from './database';
export { Result, type ResultDType, type RowOptions } from './result';
export type { Int64Options } from '../common/int64';
export {
  arrowTypeOf, batchFromArrow, columnFromData, columnFromVector, dataFromColumn, sqlTypeOf, tableFromBatch, type AnyData,
} from './convert';
export { typeName, typesEqual } from './column/sql-types';
export * from './errors';
export type { Column, ColumnBatch, ColumnValues, Schema, SqlType, SqlTypeId } from './types';
