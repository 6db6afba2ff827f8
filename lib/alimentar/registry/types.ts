/** The registry's documents: `index.json` and one manifest per pushed version. */

/** One column of a dataset's schema, as recorded at push. */
export interface FieldInfo {
  /** Column name. */
  name: string;
  /** Arrow type, as Arrow prints it (`Float64`, `Utf8`, `Dictionary<Int32, Utf8>`). */
  type: string;
  /** Whether the column may hold nulls. */
  nullable: boolean;
}

/** One pushed version of a dataset. */
export interface VersionEntry {
  /** The version label. */
  version: string;
  /** Key of the data object in the registry's storage. */
  key: string;
  /** The file's original name, used by pull. */
  filename: string;
  /** The file format (`parquet`, `ipc`, `csv`, ...). */
  format: string;
  /** Size in bytes. */
  size: number;
  /** Lowercase hex SHA-256 of the bytes; pull verifies it. */
  sha256: string;
  /** Row count, when the file could be read as a table. */
  rows: number | null;
  /** Columns, when the file could be read as a table. */
  schema: FieldInfo[] | null;
  /** Free text. */
  description: string;
  /** ISO-8601 time of the push. */
  created: string;
}

/** A version's manifest (`manifests/<name>/<version>.json`): the entry plus its dataset name. */
export interface Manifest extends VersionEntry {
  /** The dataset's name. */
  name: string;
}

/** A dataset with every version, oldest first. */
export interface DatasetInfo {
  /** The dataset's name. */
  name: string;
  /** The description of the latest version that has one. */
  description: string;
  /** Versions, oldest first. */
  versions: VersionEntry[];
  /** The newest version. */
  latest: VersionEntry;
}

/** `index.json`. */
export interface RegistryIndex {
  /** Always `alimentar-registry`. */
  format: 'alimentar-registry';
  /** Layout version of this document. */
  formatVersion: 1;
  /** Registry-level description from `init`. */
  description: string;
  /** ISO-8601 time of the last write. */
  updated: string;
  /** Datasets by name, versions by label. */
  datasets: Record<string, Record<string, VersionEntry>>;
}

/** What {@link Registry.push} did: the version's entry, and how it came to be. */
export interface PushResult extends VersionEntry {
  /** `created`: this push made the version; `existing`: the dataset already held these bytes (a retried push), so
   * nothing was uploaded and this is that version. */
  outcome: 'created' | 'existing';
  /** True when index.json lists the version. False when the version is committed (its manifest exists: readers
   * that list see it, pull works) but the index update failed; the next write to the registry repairs it. */
  indexed: boolean;
  /** Why index.json was not updated, when `indexed` is false. */
  warning?: string;
}

/** Options of {@link Registry.gc}. */
export interface GcOptions {
  /** Only report what would be removed. */
  dryRun?: boolean;
  /** Unreferenced data younger than this (ms) is kept: it may belong to a push between its upload and its commit.
   * Default one hour. */
  minAgeMs?: number;
}

/** One object {@link Registry.gc} removed (or would remove). */
export interface GcItem {
  /** The key, relative to the registry's root. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** `orphan`: data that no version references (a push killed before its commit, a failed delete); `temp`: an
   * abandoned temporary or lock file of a killed write. */
  reason: 'orphan' | 'temp';
}

/** What {@link Registry.gc} found. */
export interface GcResult {
  /** Whether this was a dry run (nothing removed). */
  dryRun: boolean;
  /** The objects removed, or that a dry run would remove. */
  removed: GcItem[];
  /** Their total size in bytes. */
  bytes: number;
  /** Unreferenced objects kept because they are younger than `minAgeMs` (perhaps a push in progress). */
  kept: GcItem[];
}
