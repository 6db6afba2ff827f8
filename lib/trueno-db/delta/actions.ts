/**
 * The actions of the Delta Lake transaction log (PROTOCOL.md of delta-io/delta), as they appear in the JSON commits
 * and the checkpoints. Only the fields this implementation reads or writes are typed; unknown fields are kept as read.
 */

/** `protocol`: the versions (and, at reader 3 / writer 7, the named features) a client needs. */
export interface Protocol {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
}

/** `metaData`: the table's identity, schema, partition columns and configuration. */
export interface Metadata {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options?: Record<string, string> };
  /** The schema as Delta's JSON schema (a struct type), serialised. */
  schemaString: string;
  partitionColumns: string[];
  configuration?: Record<string, string | null>;
  createdTime?: number | null;
}

/** `add`: a data file that is part of the table from this version on. */
export interface AddFile {
  /** A relative URI from the table's root (percent-encoded), or an absolute URI. */
  path: string;
  /** Partition column -> value as a string (null for NULL). */
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  /** JSON statistics (numRecords, minValues, maxValues, nullCount). */
  stats?: string | null;
  tags?: Record<string, string | null> | null;
  deletionVector?: unknown;
}

/** `remove`: a data file that leaves the table at this version (a tombstone until vacuumed). */
export interface RemoveFile {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean;
  partitionValues?: Record<string, string | null> | null;
  size?: number | null;
  tags?: Record<string, string | null> | null;
  deletionVector?: unknown;
}

/** `txn`: the last version of an application's idempotent writes. */
export interface Txn {
  appId: string;
  version: number;
  lastUpdated?: number | null;
}

/** `commitInfo`: free-form provenance; `timestamp` (ms) is the commit's time. */
export interface CommitInfo {
  timestamp?: number;
  operation?: string;
  [key: string]: unknown;
}

/** One line of a commit file, or one row of a checkpoint: exactly one of these is set. */
export interface Action {
  protocol?: Protocol;
  metaData?: Metadata;
  add?: AddFile;
  remove?: RemoveFile;
  txn?: Txn;
  commitInfo?: CommitInfo;
  cdc?: unknown;
  domainMetadata?: unknown;
  checkpointMetadata?: unknown;
  sidecar?: unknown;
}

/** The log file name of a commit: the version in 20 digits. */
export function commitKey(version: number): string {
  return `_delta_log/${String(version).padStart(20, '0')}.json`;
}

/** The key of a single-file checkpoint. */
export function checkpointKey(version: number): string {
  return `_delta_log/${String(version).padStart(20, '0')}.checkpoint.parquet`;
}

/** The key of `_last_checkpoint`. */
export const LAST_CHECKPOINT_KEY = '_delta_log/_last_checkpoint';
