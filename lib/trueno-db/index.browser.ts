/**
 * trueno-db in a web page: the in-memory database - create tables, insert Arrow batches, tables or ArrowDatasets,
 * run SQL, read results as Arrow Tables, rows or trueno Tensors (toMatrix / toVector / toTable). Queries run on the
 * page's thread after one turn of the event loop. What needs a file system is absent rather than failing at import:
 * `Database.open` (tables on disk, Delta Lake), optimize / vacuum, and files named in SQL (`FROM 'x.parquet'` is
 * refused with ERR_TRUENO_DB_UNSUPPORTED: fetch the file with alimentar and insertBatch it). `await ready()` (trueno's)
 * once before the first query compiles the WASM core.
 * @packageDocumentation
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
export * from './in-memory';
export { ready, type ReadyOptions } from '../trueno/backend/loader.browser';
