/**
 * A Delta Lake table over alimentar's Storage (a folder or S3): snapshots at a version or a time, reads, appends,
 * deletes by file rewrite, OPTIMIZE and VACUUM.
 *
 * A write puts its data files (unique names) first, then creates the commit `_delta_log/<version>.json` with
 * put-if-absent (exclusive create on a folder, a conditional PUT on S3): a writer killed at any moment leaves the
 * last committed version, plus at most some unreferenced data files that VACUUM removes. A writer that loses the race
 * for a version retries an append at the next one; a delete whose files another writer changed fails with a
 * CommitConflictError. Every 10th version gets a checkpoint.
 */
import { randomUUID } from 'node:crypto';
import { Schema, Table, type Field } from 'apache-arrow';
import { batchFromChildren } from '../../alimentar/columns';
import { adoptTable } from '../../alimentar/formats/foreign-arrow';
import { writeParquet } from '../../alimentar/formats/parquet';
import { PreconditionFailedError } from '../../alimentar/storage/errors';
import { openStorage } from '../../alimentar/storage/open';
import type { ObjectInfo, Storage } from '../../alimentar/storage/types';
import {
  CommitConflictError, CorruptTableError, describe, rangeError, SchemaMismatchError, TableNotFoundError, typeError, UnsupportedTableError,
} from '../errors';
import { commitKey, type Action, type AddFile, type CommitInfo, type Metadata, type Protocol, type RemoveFile } from './actions';
import { CRC_TAG, crc32, decodeDataFile, fileStats, splitForWrite, verifyFile } from './data';
import { CHECKSUM_FIELD, commitChecksum, fileKey, listLog, LogState, parseCommit, readCheckpoint, writeCheckpoint, type LogListing } from './log';
import { readObject } from './io';
import { partitionSegment } from './partition';
import { arrowSchema, checkSchemaFits, deltaSchema, parseSchemaString, type DeltaStruct } from './schema';

/** Reader features this reader implements (reader version 3). */
const READER_FEATURES = new Set(['timestampNtz']);
/** Writer features this writer honours (writer version 7). */
const WRITER_FEATURES = new Set(['appendOnly']);
/** Versions between checkpoints. */
export const CHECKPOINT_INTERVAL = 10;
/** Default retention of removed files, as Delta's `delta.deletedFileRetentionDuration` (7 days). */
const DEFAULT_RETENTION_HOURS = 168;
/** Attempts of an append that keeps losing the race for the next version. */
const MAX_COMMIT_ATTEMPTS = 1000;
/** Commits probed one by one after the cached state before listing the log instead. */
const MAX_PROBES = 32;
/** Data files read at once by {@link DeltaTable.read}. */
const READ_CONCURRENCY = 4;

/** One version of a table, as read. */
export class DeltaSnapshot {
  /** The version. */
  readonly version: number;
  /** The version's commit time. */
  readonly timestamp: Date;
  /** The table's columns in the schema's order, partition columns included, as Arrow types. */
  readonly schema: Schema;
  /** The partition columns. */
  readonly partitionColumns: string[];
  /** The live data files, in log order: files added by later commits come after the earlier ones (snapshots read by
   * one DeltaTable extend each other's list; one replayed from a checkpoint may order the older files otherwise).
   * Data files are immutable, so a file's `path` is a safe cache key for its decoded contents. */
  readonly files: AddFile[];
  /** The metaData action. */
  readonly metadata: Metadata;
  /** The protocol action. */
  readonly protocol: Protocol;
  /** @internal the replayed log state */
  readonly state: LogState;
  /** @internal the Delta schema */
  readonly deltaSchema: DeltaStruct;

  /** @internal */
  constructor(state: LogState) {
    this.state = state;
    this.version = state.version;
    this.timestamp = new Date(state.timestamp);
    this.metadata = state.metadata!;
    this.protocol = state.protocol!;
    this.deltaSchema = parseSchemaString(this.metadata.schemaString, state.metadataFile);
    this.schema = arrowSchema(this.deltaSchema, state.metadataFile);
    this.partitionColumns = [...this.metadata.partitionColumns];
    this.files = [...state.files.values()];
  }

  /** The row count when every file's stats give it, else undefined. */
  get numRows(): number | undefined {
    let n = 0;
    for (const f of this.files) {
      const r = statsRows(f);
      if (r === undefined) return undefined;
      n += r;
    }
    return n;
  }
}

/** The snapshot of a replayed state (one object per state: states are never changed once replayed). */
const snapshots = new WeakMap<LogState, DeltaSnapshot>();
function snapshotOf(state: LogState, url: string): DeltaSnapshot {
  let snap = snapshots.get(state);
  if (!snap) {
    checkReadable(state, url);
    snap = new DeltaSnapshot(state);
    snapshots.set(state, snap);
  }
  return snap;
}

function statsRows(f: AddFile): number | undefined {
  if (typeof f.stats !== 'string') return undefined;
  try {
    const n = JSON.parse(f.stats).numRecords;
    return typeof n === 'number' ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link DeltaTable.open}. */
export interface OpenOptions {
  /** Create the table when there is none (version 0: protocol 1/2, the schema, the partition columns). */
  create?: { schema: Schema; partitionColumns?: string[] };
}

/** A change of {@link DeltaTable.rewrite}: a live file removed, replaced by the rows kept from it (if any). */
export interface RewriteChange {
  remove: AddFile;
  keep?: Table;
}

/** Options of {@link DeltaTable.optimize}. */
export interface OptimizeOptions {
  /** Files smaller than this many bytes are compacted (default 64 MiB). */
  minFileSize?: number;
}

/** What {@link DeltaTable.optimize} did. */
export interface OptimizeResult {
  /** The version committed, or undefined when there was nothing to compact. */
  version: number | undefined;
  filesRemoved: number;
  filesAdded: number;
}

/** Options of {@link DeltaTable.vacuum}. */
export interface VacuumOptions {
  /** Keep files removed (or written and never committed) less than this many hours ago (default 168, Delta's). */
  retentionHours?: number;
  /** Only report what would be removed. */
  dryRun?: boolean;
}

function checkSnapshotArg(snapshot: unknown): DeltaSnapshot {
  if (!(snapshot instanceof DeltaSnapshot)) throw typeError(`Expected a DeltaSnapshot for snapshot but received ${describe(snapshot)}`);
  return snapshot;
}

function checkColumns(columns: unknown, schema: Schema): string[] {
  if (columns === undefined) return schema.fields.map((f) => f.name);
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string')) throw typeError(`Expected an array of column names for columns but received ${describe(columns)}`);
  const names = schema.fields.map((f) => f.name);
  for (const c of columns) {
    if (!names.includes(c)) throw new SchemaMismatchError(`Expected a column of the table (${names.join(', ')}) but received '${c}'`, c);
  }
  return columns as string[];
}

function checkTable(table: unknown, what = 'table'): Table {
  if (table instanceof Table) return table;
  if (table !== null && typeof table === 'object' && Array.isArray((table as Table).batches) && (table as Table).schema) return adoptTable(table as Table);
  throw typeError(`Expected an Arrow Table for ${what} but received ${describe(table)}`);
}

/** Runs `fn` over `items` with at most `limit` in flight, results in order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The log's path of a storage key: each segment percent-encoded ('=' kept, as Spark writes). */
function logPath(key: string): string {
  return key.split('/').map((s) => encodeURIComponent(s).replace(/%3D/g, '=')).join('/');
}

/**
 * A Delta Lake table.
 * @example
 * const t = await DeltaTable.open('./db/training', { create: { schema } });
 * await t.append(batchTable);
 * const rows = await t.read(await t.snapshot());
 */
export class DeltaTable {
  /** The table's root. */
  readonly storage: Storage;
  /** The newest state replayed, reused by the next snapshot. */
  private cached: LogState | undefined;

  private constructor(storage: Storage) {
    this.storage = storage;
  }

  /**
   * Opens the table at a location, creating it when asked and absent.
   * @param location - a Storage, or a folder path / `s3://bucket/prefix` (opened with alimentar's openStorage)
   * @param options - `create`: the schema and partition columns of a new table
   * @returns the table
   * @throws TableNotFoundError when there is no table and `create` is absent; SchemaMismatchError when it exists with
   *   another schema than `create` gives; UnsupportedTableError when it needs features this reader lacks; TypeError
   *   for malformed arguments
   */
  static async open(location: Storage | string, options: OpenOptions = {}): Promise<DeltaTable> {
    if (location === '') throw typeError(`Expected a folder path, an s3:// URL or a Storage for location but received ''`);
    const storage = typeof location === 'string' ? openStorage(location) : location;
    if (storage === null || typeof storage !== 'object' || typeof (storage as Storage).putIfAbsent !== 'function') {
      throw typeError(`Expected a Storage or a location string for location but received ${describe(location)}`);
    }
    if (options === null || typeof options !== 'object') throw typeError(`Expected an options object for options but received ${describe(options)}`);
    const create = options.create;
    let schema: DeltaStruct | undefined;
    let partitionColumns: string[] = [];
    if (create !== undefined) {
      if (create === null || typeof create !== 'object' || !(create.schema instanceof Schema)) {
        throw typeError(`Expected { schema: arrow.Schema, partitionColumns?: string[] } for options.create but received ${describe(create)}`);
      }
      schema = deltaSchema(create.schema);
      partitionColumns = checkPartitionColumns(create.partitionColumns, create.schema);
    }
    const table = new DeltaTable(storage);
    const listing = await listLog(storage);
    if (listing.latest < 0) {
      if (!schema) throw new TableNotFoundError(`Expected a Delta table (a _delta_log folder) at ${storage.url} but there is none`);
      await table.createVersion0(schema, partitionColumns);
    }
    const snap = await table.snapshot();
    if (schema) {
      const existing = JSON.stringify(snap.deltaSchema.fields.map((f) => [f.name, f.type]));
      const wanted = JSON.stringify(schema.fields.map((f) => [f.name, f.type]));
      if (existing !== wanted || snap.partitionColumns.join() !== partitionColumns.join()) {
        const diff = schema.fields.find((f, i) => JSON.stringify(snap.deltaSchema.fields[i]) !== JSON.stringify(f)) ?? schema.fields[0];
        throw new SchemaMismatchError(`Expected the existing table at ${storage.url} to have the schema asked to create (${wanted}, partitioned by [${partitionColumns}]) but it has ${existing}, partitioned by [${snap.partitionColumns}]`, diff?.name ?? '');
      }
    }
    return table;
  }

  private async createVersion0(schema: DeltaStruct, partitionColumns: string[]): Promise<void> {
    const now = Date.now();
    const actions: Action[] = [
      { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
      { metaData: { id: randomUUID(), format: { provider: 'parquet', options: {} }, schemaString: JSON.stringify(schema), partitionColumns, configuration: {}, createdTime: now } },
    ];
    const info: CommitInfo = { timestamp: now, operation: 'CREATE TABLE', operationParameters: { partitionBy: JSON.stringify(partitionColumns) }, isBlindAppend: true };
    try {
      await this.storage.putIfAbsent(commitKey(0), serializeCommit(info, actions));
    } catch (e) {
      // another process created it first: open theirs (open() then compares the schemas)
      if (!(e instanceof PreconditionFailedError)) throw e;
    }
  }

  /**
   * A version of the table: the newest, or the one asked for.
   * @param at - `version`, or `timestamp` (the newest version committed at or before it)
   * @returns the snapshot
   * @throws RangeError for a version or time the log does not have; UnsupportedTableError naming the reader
   *   features (or versions) the table needs and this reader lacks; CorruptTableError naming a missing or corrupt log file
   */
  async snapshot(at: { version?: number; timestamp?: Date } = {}): Promise<DeltaSnapshot> {
    if (at === null || typeof at !== 'object') throw typeError(`Expected { version } or { timestamp } for at but received ${describe(at)}`);
    if (at.version !== undefined && (!Number.isInteger(at.version) || at.version < 0)) throw typeError(`Expected a non-negative integer for at.version but received ${describe(at.version)}`);
    if (at.timestamp !== undefined && !(at.timestamp instanceof Date && !Number.isNaN(at.timestamp.getTime()))) throw typeError(`Expected a valid Date for at.timestamp but received ${describe(at.timestamp)}`);
    if (at.version !== undefined && at.timestamp !== undefined) throw typeError('Expected one of at.version and at.timestamp but received both');
    const known = at.timestamp === undefined ? await this.knownState(at.version) : undefined;
    if (known) return snapshotOf(known, this.storage.url);
    const listing = await listLog(this.storage);
    if (listing.latest < 0) throw new TableNotFoundError(`Expected a Delta table (a _delta_log folder) at ${this.storage.url} but there is none`);
    let target = listing.latest;
    if (at.version !== undefined) {
      if (at.version > listing.latest) throw rangeError(`Expected a version of the table at ${this.storage.url} (0 to ${listing.latest}) for at.version but received ${at.version}`);
      target = at.version;
    } else if (at.timestamp !== undefined) {
      target = await this.versionAt(at.timestamp, listing);
    }
    return snapshotOf(await this.stateAt(target, listing), this.storage.url);
  }

  /**
   * The state of `version` (default: the newest) without listing the log, when the cached state gets there: probes
   * the commits after it one by one (a stat or a HEAD each), so a reader that keeps up costs one probe per snapshot
   * instead of a listing of the whole log. Undefined when the log must be listed (no cached state, a version before
   * it, or many commits behind).
   */
  private async knownState(version: number | undefined): Promise<LogState | undefined> {
    const cached = this.cached;
    if (!cached || (version !== undefined && version < cached.version)) return undefined;
    if (version === cached.version) return cached;
    const commits = new Map<number, ObjectInfo>();
    for (let v = cached.version + 1; version === undefined || v <= version; v++) {
      if (commits.size >= MAX_PROBES) return undefined;
      const info = await this.storage.head(commitKey(v));
      if (!info) break;
      commits.set(v, info);
    }
    const latest = cached.version + commits.size;
    if (version !== undefined && version > latest) return undefined; // not there: the listing path says so
    return this.stateAt(latest, { commits, checkpoints: new Map(), latest });
  }

  /** The replayed state of a version: from the cached state, else the newest checkpoint at or before it. */
  private async stateAt(target: number, listing: LogListing): Promise<LogState> {
    let state: LogState | undefined;
    if (this.cached && this.cached.version <= target) {
      if (this.cached.version === target) return this.cached;
      state = this.cached.clone();
    }
    if (!state) {
      const cps = [...listing.checkpoints.keys()].filter((v) => v <= target).sort((a, b) => b - a);
      state = new LogState();
      if (cps.length > 0) {
        const v = cps[0];
        state.apply(await readCheckpoint(this.storage, listing.checkpoints.get(v)!), v, listing.checkpoints.get(v)![0]);
        state.timestamp = listing.commits.get(v)?.lastModified.getTime() ?? 0;
      }
    }
    const versions: number[] = [];
    for (let v = state.version + 1; v <= target; v++) {
      if (!listing.commits.has(v)) throw new CorruptTableError(commitKey(v), `Expected the commit ${commitKey(v)} of the table at ${this.storage.url} but it is missing (the log has a gap)`);
      versions.push(v);
    }
    const commits = await mapLimit(versions, 8, async (v) => parseCommit(await readObject(this.storage, commitKey(v)), commitKey(v)));
    versions.forEach((v, i) => {
      state!.timestamp = listing.commits.get(v)!.lastModified.getTime();
      state!.apply(commits[i], v, commitKey(v));
    });
    if (!state.protocol || !state.metadata) {
      const where = versions.length > 0 ? commitKey(versions[0]) : commitKey(target);
      throw new CorruptTableError(where, `Expected protocol and metaData actions in the log of ${this.storage.url} up to version ${target} but ${!state.protocol ? 'protocol' : 'metaData'} is missing`);
    }
    if (target === listing.latest && (!this.cached || this.cached.version < target)) this.cached = state;
    return state;
  }

  /** The newest version committed at or before `time` (commitInfo timestamps, else file times). */
  private async versionAt(time: Date, listing: LogListing): Promise<number> {
    const versions = [...listing.commits.keys()].sort((a, b) => a - b);
    const t = time.getTime();
    const stamp = async (v: number) => {
      const key = commitKey(v);
      const actions = parseCommit(await readObject(this.storage, key), key);
      const info = actions.find((a) => a.commitInfo)?.commitInfo;
      return typeof info?.timestamp === 'number' ? info.timestamp : listing.commits.get(v)!.lastModified.getTime();
    };
    let lo = 0;
    let hi = versions.length - 1;
    if (versions.length === 0 || (await stamp(versions[0])) > t) {
      throw rangeError(`Expected a time at or after the first commit the log of ${this.storage.url} keeps for at.timestamp but received ${time.toISOString()}`);
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((await stamp(versions[mid])) <= t) lo = mid;
      else hi = mid - 1;
    }
    return versions[lo];
  }

  /**
   * Reads one live file of a snapshot, partition values filled in as columns of the schema's types. When at most a
   * quarter of the file's columns are asked for, only those are decoded (row group by row group, in batches of 65,536 rows);
   * otherwise the whole file is decoded in one call (batches of up to 1,048,576 rows).
   * @param snapshot - the snapshot
   * @param file - one of its files
   * @param columns - the columns wanted (default all), in that order
   * @returns the rows of the file
   * @throws CorruptTableError naming the file when it is missing, truncated or corrupt; SchemaMismatchError for an
   *   unknown column
   */
  async readFile(snapshot: DeltaSnapshot, file: AddFile, columns?: string[]): Promise<Table> {
    checkSnapshotArg(snapshot);
    if (file === null || typeof file !== 'object' || typeof file.path !== 'string') throw typeError(`Expected an AddFile of the snapshot for file but received ${describe(file)}`);
    const names = checkColumns(columns, snapshot.schema);
    const key = fileKey(file.path, snapshot.state.metadataFile);
    const bytes = await readObject(this.storage, key);
    verifyFile(bytes, file, key);
    return await decodeDataFile(bytes, file, key, snapshot.schema, snapshot.partitionColumns, names, snapshot.state.metadataFile);
  }

  /**
   * Reads every live file of a snapshot into one table.
   * @param snapshot - the snapshot
   * @param columns - the columns wanted (default all), in that order
   * @returns the rows (file by file, each file's rows in order)
   * @throws as {@link DeltaTable.readFile}
   */
  async read(snapshot: DeltaSnapshot, columns?: string[]): Promise<Table> {
    checkSnapshotArg(snapshot);
    const names = checkColumns(columns, snapshot.schema);
    const schema = new Schema(names.map((c) => snapshot.schema.fields.find((f) => f.name === c)!));
    const tables = await mapLimit(snapshot.files, READ_CONCURRENCY, (f) => this.readFile(snapshot, f, names));
    return new Table(schema, tables.flatMap((t) => t.batches).map((b) => batchFromChildren(schema, b.data.children, b.numRows)));
  }

  /**
   * Appends rows as one commit (a blind append: retried at the next version when another writer took this one).
   * @param data - an Arrow Table with the table's columns (any order) and types
   * @returns the version committed (the current version when `data` has no rows: nothing is committed)
   * @throws SchemaMismatchError naming a column that is missing, extra, of another type, or NULL where the schema
   *   says NOT NULL; UnsupportedTableError for a table whose writer features this writer lacks
   */
  async append(data: Table): Promise<number> {
    const table = checkTable(data, 'data');
    const snap = await this.snapshot();
    checkWritable(snap, this.storage.url);
    checkSchemaFits(snap.deltaSchema, table.schema);
    checkNotNull(snap.schema, table);
    if (table.numRows === 0) return snap.version;
    const adds = await this.writeFiles(snap, table, true);
    const info: CommitInfo = { operation: 'WRITE', operationParameters: { mode: 'Append', partitionBy: JSON.stringify(snap.partitionColumns) }, isBlindAppend: true,
      operationMetrics: { numFiles: String(adds.length), numOutputRows: String(table.numRows) } };
    return this.commit(snap, info, adds.map((add) => ({ add })), (latest) => {
      if (latest.metadata.schemaString !== snap.metadata.schemaString || latest.partitionColumns.join() !== snap.partitionColumns.join()) {
        return `the schema changed in version ${latest.version}`;
      }
      return undefined;
    });
  }

  /** Writes the data files of `table` (one per partition value) and returns their add actions. */
  private async writeFiles(snap: DeltaSnapshot, table: Table, dataChange: boolean): Promise<AddFile[]> {
    const pieces = splitForWrite(table, snap.schema, snap.partitionColumns);
    const adds: AddFile[] = [];
    for (const piece of pieces) {
      const bytes = writeParquet(piece.table);
      const dir = snap.partitionColumns.map((c) => partitionSegment(c, piece.values[c]) + '/').join('');
      const key = `${dir}part-00000-${randomUUID()}-c000.snappy.parquet`;
      await this.storage.put(key, bytes);
      const crc = crc32(bytes);
      adds.push({ path: logPath(key), partitionValues: piece.values, size: bytes.length, modificationTime: Date.now(), dataChange,
        stats: fileStats(piece.table), ...(crc ? { tags: { [CRC_TAG]: crc } } : {}) });
    }
    return adds;
  }

  /**
   * Commits actions at the version after `snap`; when another writer took it, asks `conflict` about the newer state
   * (a reason string fails the commit, undefined retries at the next version).
   */
  private async commit(snap: DeltaSnapshot, info: CommitInfo, actions: Action[], conflict: (latest: DeltaSnapshot) => string | undefined): Promise<number> {
    let base = snap;
    for (let attempt = 0; ; attempt++) {
      const version = base.version + 1;
      const stamped: CommitInfo = { timestamp: Math.max(Date.now(), base.state.timestamp + 1), ...info, readVersion: snap.version, engineInfo: 'sovereign-ai trueno-db' };
      try {
        await this.storage.putIfAbsent(commitKey(version), serializeCommit(stamped, actions));
      } catch (e) {
        if (!(e instanceof PreconditionFailedError)) throw e;
        const latest = await this.snapshot();
        checkWritable(latest, this.storage.url);
        const why = latest.protocol.minWriterVersion !== snap.protocol.minWriterVersion || latest.protocol.minReaderVersion !== snap.protocol.minReaderVersion
          ? `it changed the protocol` : conflict(latest);
        if (why !== undefined) throw new CommitConflictError(`Expected to commit version ${version} of ${this.storage.url} but another writer committed it and ${why}; re-read the table and retry`, version);
        if (attempt >= MAX_COMMIT_ATTEMPTS) throw new CommitConflictError(`Expected to commit to ${this.storage.url} but lost the race for ${MAX_COMMIT_ATTEMPTS} versions in a row`, version);
        base = latest;
        continue;
      }
      await this.afterCommit(base, version, stamped, actions);
      return version;
    }
  }

  /** Advances the cached state past our own commit and writes the checkpoint every 10 versions. */
  private async afterCommit(base: DeltaSnapshot, version: number, info: CommitInfo, actions: Action[]): Promise<void> {
    if (this.cached && this.cached.version === base.version) {
      const next = this.cached.clone();
      next.apply([{ commitInfo: info }, ...actions], version, commitKey(version));
      this.cached = next;
    }
    if (version % CHECKPOINT_INTERVAL !== 0) return;
    try {
      const state = this.cached?.version === version ? this.cached : await this.stateAt(version, await listLog(this.storage));
      await writeCheckpoint(this.storage, state, Date.now() - retentionMs(state));
    } catch {
      // A checkpoint only speeds up reading: the commit stands without it, and the next one retries at its interval.
    }
  }

  /**
   * Replaces live files by the rows kept from them (a DELETE), as one commit.
   * @param snapshot - the snapshot the changes were computed from
   * @param changes - each: a live file to remove and the rows of it to keep (a new file), if any
   * @returns the version committed
   * @throws CommitConflictError when another writer committed since `snapshot` (the rows to keep may be stale);
   *   RangeError for a file not live in the snapshot; SchemaMismatchError for kept rows of another schema;
   *   UnsupportedTableError for an append-only table
   */
  async rewrite(snapshot: DeltaSnapshot, changes: RewriteChange[]): Promise<number> {
    checkSnapshotArg(snapshot);
    if (!Array.isArray(changes)) throw typeError(`Expected an array of { remove, keep? } for changes but received ${describe(changes)}`);
    checkWritable(snapshot, this.storage.url);
    if (snapshot.metadata.configuration?.['delta.appendOnly'] === 'true') {
      throw new UnsupportedTableError(`Expected a table that allows deletes but ${this.storage.url} is append-only (delta.appendOnly)`, ['appendOnly']);
    }
    const removes: RemoveFile[] = [];
    const keeps: Table[] = [];
    for (const [i, c] of changes.entries()) {
      if (c === null || typeof c !== 'object' || c.remove === null || typeof c.remove !== 'object' || typeof c.remove.path !== 'string') {
        throw typeError(`Expected { remove: AddFile, keep?: Table } for changes[${i}] but received ${describe(c)}`);
      }
      if (!snapshot.state.files.has(fileKey(c.remove.path))) throw rangeError(`Expected a live file of version ${snapshot.version} for changes[${i}].remove but received '${c.remove.path}'`);
      if (c.keep !== undefined) {
        const keep = checkTable(c.keep, `changes[${i}].keep`);
        checkSchemaFits(snapshot.deltaSchema, keep.schema);
        checkNotNull(snapshot.schema, keep);
        if (keep.numRows > 0) keeps.push(keep);
      }
      const r = c.remove;
      removes.push({ path: r.path, deletionTimestamp: Date.now(), dataChange: true, extendedFileMetadata: true, partitionValues: r.partitionValues, size: r.size, ...(r.tags ? { tags: r.tags } : {}) });
    }
    if (removes.length === 0) return snapshot.version;
    const adds: AddFile[] = [];
    for (const keep of keeps) adds.push(...(await this.writeFiles(snapshot, keep, true)));
    const info: CommitInfo = { operation: 'DELETE', operationParameters: {}, isBlindAppend: false,
      operationMetrics: { numRemovedFiles: String(removes.length), numAddedFiles: String(adds.length) } };
    return this.commit(snapshot, info, [...removes.map((remove) => ({ remove })), ...adds.map((add) => ({ add }))],
      (latest) => `version ${latest.version} is newer than the snapshot (${snapshot.version}) the delete was computed from`);
  }

  /**
   * Compacts small files: per partition, the live files under `minFileSize` are rewritten as one (dataChange false,
   * so readers of changes see no new rows). Retried when other writers only appended meanwhile.
   * @param options - `minFileSize` in bytes (default 64 MiB)
   * @returns the version committed (undefined when no partition had two small files) and the files removed/added
   * @throws CommitConflictError when another writer removed a file being compacted
   */
  async optimize(options: OptimizeOptions = {}): Promise<OptimizeResult> {
    if (options === null || typeof options !== 'object') throw typeError(`Expected an options object for options but received ${describe(options)}`);
    const minFileSize = options.minFileSize ?? 64 << 20;
    if (typeof minFileSize !== 'number' || !(minFileSize > 0)) throw typeError(`Expected a positive number for options.minFileSize but received ${describe(minFileSize)}`);
    const snap = await this.snapshot();
    checkWritable(snap, this.storage.url);
    const groups = new Map<string, AddFile[]>();
    for (const f of snap.files) {
      if (f.size >= minFileSize) continue;
      const k = JSON.stringify(snap.partitionColumns.map((c) => f.partitionValues[c] ?? null));
      groups.set(k, [...(groups.get(k) ?? []), f]);
    }
    const removes: RemoveFile[] = [];
    const adds: AddFile[] = [];
    for (const files of groups.values()) {
      if (files.length < 2) continue;
      const tables = await mapLimit(files, READ_CONCURRENCY, (f) => this.readFile(snap, f));
      const merged = new Table(tables[0].schema, tables.flatMap((t) => t.batches));
      adds.push(...(await this.writeFiles(snap, merged, false)));
      for (const f of files) {
        removes.push({ path: f.path, deletionTimestamp: Date.now(), dataChange: false, extendedFileMetadata: true, partitionValues: f.partitionValues, size: f.size, ...(f.tags ? { tags: f.tags } : {}) });
      }
    }
    if (removes.length === 0) return { version: undefined, filesRemoved: 0, filesAdded: 0 };
    const info: CommitInfo = { operation: 'OPTIMIZE', operationParameters: {}, isBlindAppend: false,
      operationMetrics: { numRemovedFiles: String(removes.length), numAddedFiles: String(adds.length) } };
    const version = await this.commit(snap, info, [...removes.map((remove) => ({ remove })), ...adds.map((add) => ({ add }))], (latest) => {
      const gone = removes.find((r) => !latest.state.files.has(fileKey(r.path)));
      return gone ? `it removed ${gone.path}, which this OPTIMIZE compacts` : undefined;
    });
    return { version, filesRemoved: removes.length, filesAdded: adds.length };
  }

  /**
   * Removes data files that no retained version needs: files not live in the newest version that were removed (or
   * written and never committed) more than `retentionHours` ago. Time travel to versions older than the retention
   * then fails on their missing files. With retentionHours 0, run it only when no other writer is writing (as Delta).
   * @param options - `retentionHours` (default 168), `dryRun`
   * @returns the keys of the files removed (or that would be), sorted
   */
  async vacuum(options: VacuumOptions = {}): Promise<string[]> {
    if (options === null || typeof options !== 'object') throw typeError(`Expected an options object for options but received ${describe(options)}`);
    const hours = options.retentionHours ?? DEFAULT_RETENTION_HOURS;
    if (typeof hours !== 'number' || !(hours >= 0) || !Number.isFinite(hours)) throw typeError(`Expected a non-negative number for options.retentionHours but received ${describe(hours)}`);
    if (options.dryRun !== undefined && typeof options.dryRun !== 'boolean') throw typeError(`Expected a boolean for options.dryRun but received ${describe(options.dryRun)}`);
    const snap = await this.snapshot();
    checkWritable(snap, this.storage.url);
    const cutoff = Date.now() - hours * 3_600_000;
    const live = snap.state.files;
    const removed = new Map([...snap.state.tombstones].map(([k, r]) => [k, r.deletionTimestamp ?? 0]));
    const victims: string[] = [];
    for (const obj of await this.storage.list('')) {
      const top = obj.key.split('/')[0];
      if (top.startsWith('_') || top.startsWith('.') || live.has(obj.key)) continue;
      const name = obj.key.slice(obj.key.lastIndexOf('/') + 1);
      if (name.startsWith('.') || name.startsWith('_')) continue;
      const when = removed.get(obj.key) ?? obj.lastModified.getTime();
      if (when <= cutoff) victims.push(obj.key);
    }
    if (!options.dryRun) {
      await mapLimit(victims, 8, (k) => this.storage.delete(k));
      await this.storage.removeAbandoned?.();
    }
    return victims.sort();
  }
}

function retentionMs(state: LogState): number {
  const text = state.metadata?.configuration?.['delta.deletedFileRetentionDuration'];
  const m = typeof text === 'string' ? /^interval\s+(\d+)\s+(hour|hours|day|days|week|weeks)$/i.exec(text.trim()) : null;
  if (!m) return DEFAULT_RETENTION_HOURS * 3_600_000;
  const unit = m[2].toLowerCase().replace(/s$/, '');
  return Number(m[1]) * (unit === 'hour' ? 3_600_000 : unit === 'day' ? 86_400_000 : 604_800_000);
}

function checkPartitionColumns(columns: unknown, schema: Schema): string[] {
  if (columns === undefined) return [];
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string')) throw typeError(`Expected an array of column names for options.create.partitionColumns but received ${describe(columns)}`);
  for (const c of columns as string[]) {
    const f = schema.fields.find((x: Field) => x.name === c);
    if (!f) throw typeError(`Expected a column of the schema (${schema.fields.map((x) => x.name).join(', ')}) in options.create.partitionColumns but received '${c}'`);
    const t = deltaSchema(new Schema([f])).fields[0].type;
    if (typeof t !== 'string' || t === 'binary') throw typeError(`Expected a partition column of a primitive type but column '${c}' is ${String(f.type)}`);
  }
  if (new Set(columns).size !== columns.length) throw typeError(`Expected distinct partition columns but received ${describe(columns)}`);
  if (columns.length === schema.fields.length && columns.length > 0) throw typeError('Expected at least one column that is not a partition column but every column is one');
  return [...(columns as string[])];
}

/** One commit file: commitInfo first, carrying the checksum of the actions that follow. */
export function serializeCommit(info: CommitInfo, actions: Action[]): string {
  const rest = actions.map((a) => JSON.stringify(a) + '\n').join('');
  return JSON.stringify({ commitInfo: { ...info, [CHECKSUM_FIELD]: commitChecksum(rest) } }) + '\n' + rest;
}

function checkNotNull(schema: Schema, table: Table): void {
  for (const f of schema.fields) {
    if (f.nullable) continue;
    const col = table.getChild(f.name);
    if (col && col.nullCount > 0) throw new SchemaMismatchError(`Expected no NULL in the NOT NULL column '${f.name}' but received ${col.nullCount}`, f.name);
  }
}

/** Refuses a table this reader cannot read correctly, naming what it needs. */
function checkReadable(state: LogState, url: string): void {
  const p = state.protocol!;
  const m = state.metadata!;
  const missing: string[] = [];
  if (p.minReaderVersion > 3) missing.push(`reader version ${p.minReaderVersion}`);
  if (p.minReaderVersion === 3) for (const f of p.readerFeatures ?? []) if (!READER_FEATURES.has(f)) missing.push(f);
  const mode = m.configuration?.['delta.columnMapping.mode'];
  if (mode && mode !== 'none' && !missing.includes('columnMapping')) missing.push('columnMapping');
  if (missing.length === 0 && [...state.files.values()].some((f) => f.deletionVector)) missing.push('deletionVectors');
  if (m.format?.provider !== undefined && m.format.provider !== 'parquet') missing.push(`format ${m.format.provider}`);
  if (missing.length > 0) {
    throw new UnsupportedTableError(`Expected a Delta table this reader supports but ${url} (protocol reader ${p.minReaderVersion}, writer ${p.minWriterVersion}) needs reader features: ${missing.join(', ')}`, missing);
  }
}

/** Refuses to write a table whose writer features this writer does not honour. */
function checkWritable(snap: DeltaSnapshot, url: string): void {
  const p = snap.protocol;
  const missing: string[] = [];
  if (p.minWriterVersion > 2 && p.minWriterVersion !== 7) missing.push(`writer version ${p.minWriterVersion}`);
  if (p.minWriterVersion === 7) for (const f of p.writerFeatures ?? []) if (!WRITER_FEATURES.has(f)) missing.push(f);
  if (JSON.stringify(snap.deltaSchema).includes('delta.invariants')) missing.push('invariants');
  if (missing.length > 0) {
    throw new UnsupportedTableError(`Expected a Delta table this writer supports but ${url} (protocol writer ${p.minWriterVersion}) needs writer features: ${missing.join(', ')}`, missing);
  }
}
