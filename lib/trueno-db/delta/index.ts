/** Delta Lake tables: the storage of trueno-db's on-disk databases (see ./table.ts). */
export { DeltaSnapshot, DeltaTable, CHECKPOINT_INTERVAL, type OpenOptions, type OptimizeOptions, type OptimizeResult, type RewriteChange, type VacuumOptions } from './table';
export type { AddFile, Metadata, Protocol, RemoveFile } from './actions';
export { arrowSchema, deltaSchema, type DeltaStruct, type DeltaType } from './schema';
