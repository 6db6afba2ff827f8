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
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
export * from './in-memory';
// the Node entry's Database: the in-memory one plus tables on disk (Database.open, optimize, vacuum)
export { Database, type OpenOptions } from './disk-database';
