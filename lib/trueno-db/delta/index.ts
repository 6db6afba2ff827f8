/**
 * Delta Lake tables: the storage of trueno-db's on-disk databases (see ./table.ts), over alimentar's Storage (a
 * folder, S3 with conditional PUT).
 *
 * - `DeltaTable.open(location, { create? })`, then `snapshot({ version? | timestamp? })` gives a `DeltaSnapshot`
 *   (version, Arrow schema, partition columns, live files, metadata, protocol; one object per version read).
 * - `readFile(snapshot, file, columns?)` / `read(snapshot, columns?)`: Arrow Tables in the schema's types, partition
 *   values as columns; a file's `path` is a safe cache key (data files are immutable).
 * - `append(table)` (a blind append, one commit), `rewrite(snapshot, [{ remove, keep? }])` (DELETE: files replaced by
 *   their kept rows; a conflict if anything was committed since the snapshot), `optimize()`, `vacuum()`.
 * - Errors (lib/trueno-db/errors): CorruptTableError (`ERR_TRUENO_DB_CORRUPT`, `.file`), UnsupportedTableError
 *   (`ERR_TRUENO_DB_UNSUPPORTED_TABLE`, `.features`), CommitConflictError (`ERR_TRUENO_DB_CONFLICT`),
 *   SchemaMismatchError (`ERR_TRUENO_DB_SCHEMA_MISMATCH`, `.column`), TableNotFoundError (`ERR_TRUENO_DB_NO_TABLE`).
 */
export { DeltaSnapshot, DeltaTable, CHECKPOINT_INTERVAL, type OpenOptions, type OptimizeOptions, type OptimizeResult, type RewriteChange, type VacuumOptions } from './table';
export type { AddFile, Metadata, Protocol, RemoveFile } from './actions';
export { arrowSchema, deltaSchema, type DeltaStruct, type DeltaType } from './schema';
