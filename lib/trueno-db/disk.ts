/**
 * Tables on disk: every table is a Delta Lake table in a subfolder of the database's location (./delta), so other
 * engines (Spark, DuckDB, polars, delta-rs) read and write the same folders.
 *
 * Reading: a query asks the table's newest snapshot (a listing of its log) and reads the columns it needs. Delta data
 * files never change once written, so decoded columns are kept per table column together with the list of files they
 * hold: a snapshot that only added files (appends, by us or another writer) decodes just the new files and appends
 * them; one that removed files (DELETE, OPTIMIZE) rebuilds the column. Columns kept count against the database's cache
 * budget (least recently used dropped first) and are SharedArrayBuffer-backed, so query workers share them.
 *
 * Writing: an insert is one Delta commit (data files first, then the log entry created with put-if-absent); the rows
 * we just wrote go straight into the kept columns when nothing else was committed in between. A DELETE evaluates its
 * predicate file by file and rewrites only the files that lose rows, as one commit.
 */
import fs from 'node:fs';
import { Schema as ArrowSchema, Field, type Table } from 'apache-arrow';
import { DeltaTable, type DeltaSnapshot, type AddFile, type RewriteChange, type OptimizeOptions, type OptimizeResult, type VacuumOptions } from './delta';
import { openStorage, type OpenStorageOptions } from '../alimentar/storage/open';
import { arrowTypeOf, batchFromArrow, columnFromData, tableFromBatch } from './convert';
import { ColumnAppender } from './column/appender';
import { MAX_ROWS, widenColumn } from './column/sql-types';
import { schemaFromArrow, keepPlan, type PlanRunner, type StoredTable } from './catalog';
import { ByteCache } from './query/cache';
import { TruenoDbError, TooLargeError } from './errors';
import type { Expr } from './plan/ir';
import type { Column, Schema } from './types';

/**
 * The Arrow schema a table is written with: varchar as plain Utf8, lists as Delta arrays.
 * @param schema - the table's columns
 * @returns the Arrow schema
 */
export function arrowSchemaOf(schema: Schema, notNull?: boolean[]): ArrowSchema {
  return new ArrowSchema(schema.names.map((n, i) => new Field(n, arrowTypeOf(schema.types[i], false), notNull?.[i] !== true)));
}

/** A column kept in memory: the files it holds, in the order they were appended. */
interface Kept {
  appender: ColumnAppender;
  files: number;
}

/** A Delta table of an on-disk database; see the module comment. */
export class DiskTable implements StoredTable {
  private snap: DeltaSnapshot;
  /** Paths of the files whose rows the kept columns hold (each column may hold a prefix of them). */
  private paths: string[] = [];
  private kept = new Map<number, Kept>();
  /** Serializes this process's writes to the table. */
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(readonly name: string, private readonly location: string, readonly delta: DeltaTable, snap: DeltaSnapshot, readonly schema: Schema, private readonly cache: ByteCache, readonly notNull?: boolean[]) {
    this.snap = snap;
  }

  /**
   * Opens (or creates) the table in a folder.
   * @param name - the table's name
   * @param location - its folder (path or s3:// URL)
   * @param cache - the database's cache budget
   * @param create - the schema of a new table (absent: it must exist)
   * @param storage - options of the storage backend (S3 endpoint and credentials)
   * @param notNull - per column of a new table, whether it refuses NULLs
   * @returns the table
   */
  static async open(name: string, location: string, cache: ByteCache, create?: Schema, storage?: OpenStorageOptions, notNull?: boolean[]): Promise<DiskTable> {
    const delta = await DeltaTable.open(openStorage(location, storage), create === undefined ? {} : { create: { schema: arrowSchemaOf(create, notNull) } });
    const snap = await delta.snapshot();
    const flags = snap.schema.fields.map((f) => !f.nullable);
    return new DiskTable(name, location, delta, snap, schemaFromArrow(snap.schema), cache, flags.some((f) => f) ? flags : undefined);
  }

  /** Rows in the last snapshot read (from the files' statistics, else the rows decoded). */
  get numRows(): number {
    return this.snap.numRows ?? this.kept.values().next().value?.appender.length ?? 0;
  }

  /** The last snapshot read. */
  get snapshot(): DeltaSnapshot {
    return this.snap;
  }

  /** Bytes of the columns kept in memory. */
  get bytes(): number {
    let b = 0;
    for (const k of this.kept.values()) b += k.appender.bytes;
    return b;
  }

  private cacheKey(i: number): string {
    return `table:${this.name}:${i}`;
  }

  /** Reads the newest snapshot; drops kept columns when files were removed. */
  async refresh(): Promise<DeltaSnapshot> {
    const snap = await this.delta.snapshot();
    this.adopt(snap);
    return snap;
  }

  private adopt(snap: DeltaSnapshot): void {
    const live = snap.files.map((f) => f.path);
    const extends_ = this.paths.length <= live.length && this.paths.every((p, i) => live[i] === p);
    if (!extends_) {
      for (const i of this.kept.keys()) this.cache.remove(this.cacheKey(i));
      this.kept.clear();
    }
    this.paths = live;
    this.snap = snap;
  }

  /**
   * Brings kept columns `which` up to the snapshot's files, decoding only files they lack. Returns the columns it
   * brought up to date: the cache may drop them meanwhile (budget), this query still reads them.
   */
  private async fill(which: number[]): Promise<Map<number, Kept>> {
    const snap = this.snap;
    const files = snap.files;
    const got = new Map(which.map((i) => [i, this.keptColumn(i)]));
    const behind = which.filter((i) => got.get(i)!.files < files.length);
    if (behind.length === 0) return got;
    const from = Math.min(...behind.map((i) => got.get(i)!.files));
    const names = behind.map((i) => this.schema.names[i]);
    // room for every row to come at once (the files' statistics count them), instead of growing batch by batch
    let rows = 0;
    for (let f = from; f < files.length; f++) rows += statsRows(files[f]) ?? 0;
    for (const i of behind) got.get(i)!.appender.reserve(rows);
    for (let f = from; f < files.length; f++) {
      const table = await this.delta.readFile(snap, files[f], names);
      if (this.snap !== snap) return this.fill(which);
      behind.forEach((i, j) => {
        const k = got.get(i)!;
        if (k.files !== f) return;
        // chunk by chunk straight into the kept column: no concatenated copy in between
        for (const b of table.batches) k.appender.append(widenColumn(columnFromData(b.data.children[j], names[j]), this.schema.types[i]));
        k.files = f + 1;
      });
    }
    for (const i of behind) this.cache.resize(this.cacheKey(i), got.get(i)!.appender.bytes);
    return got;
  }

  private keptColumn(i: number): Kept {
    let k = this.kept.get(i);
    if (k === undefined) {
      k = { appender: new ColumnAppender(this.schema.types[i], true), files: 0 };
      this.kept.set(i, k);
      this.cache.set(this.cacheKey(i), 0, () => this.kept.delete(i));
    }
    return k;
  }

  /** @inheritdoc */
  async columns(which: number[]): Promise<(Column | undefined)[]> {
    await this.refresh();
    const got = await this.fill(which);
    const out: (Column | undefined)[] = new Array(this.schema.names.length).fill(undefined);
    for (const i of which) out[i] = got.get(i)!.appender.view();
    return out;
  }

  /**
   * The kept columns as of the last snapshot read.
   * @param which - column positions
   * @returns columns by position
   * @throws TruenoDbError (ERR_TRUENO_DB_NOT_CACHED) when a column is not in memory: query() reads it from disk
   */
  columnsSync(which: number[]): (Column | undefined)[] {
    const out: (Column | undefined)[] = new Array(this.schema.names.length).fill(undefined);
    for (const i of which) {
      const k = this.kept.get(i);
      if (k === undefined || k.files !== this.snap.files.length) {
        throw new TruenoDbError(`Expected column '${this.schema.names[i]}' of table '${this.name}' in memory for querySync but it must be read from disk first: use query()`, 'ERR_TRUENO_DB_NOT_CACHED');
      }
      this.cache.touch(this.cacheKey(i));
      out[i] = k.appender.view();
    }
    return out;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writing.then(work, work);
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** @inheritdoc */
  append(chunks: Column[][]): Promise<void> {
    return this.serial(async () => {
      const n = chunks.reduce((k, c) => k + (c[0]?.length ?? 0), 0);
      if (n === 0) return;
      if (this.numRows + n > MAX_ROWS) throw new TooLargeError(`Expected at most ${MAX_ROWS} rows in table '${this.name}' but inserting ${n} rows would make ${this.numRows + n}`);
      const before = this.snap;
      const table = tablesOf(this.schema, chunks);
      const version = await this.delta.append(table);
      const snap = await this.delta.snapshot({ version });
      const had = new Set(before.files.map((f) => f.path));
      const added = snap.files.filter((f) => !had.has(f.path));
      const mine = version === before.version + 1 && added.length > 0;
      this.adopt(snap);
      if (!mine) return;
      // our own commit right after the snapshot we held: its files hold exactly our rows, in order
      const first = snap.files.length - added.length;
      for (const [i, k] of this.kept) {
        if (k.files !== first) continue;
        for (const c of chunks) k.appender.append(c[i]);
        k.files = snap.files.length;
        this.cache.resize(this.cacheKey(i), k.appender.bytes);
      }
    });
  }

  /** @inheritdoc */
  deleteWhere(predicate: Expr | undefined, run: PlanRunner): Promise<number> {
    return this.serial(async () => {
      const snap = await this.refresh();
      const changes: RewriteChange[] = [];
      let deleted = 0;
      for (const file of snap.files) {
        const table = await this.delta.readFile(snap, file, this.schema.names);
        const rows = table.numRows;
        if (predicate === undefined) {
          changes.push({ remove: file });
          deleted += rows;
          continue;
        }
        const cols = batchFromArrow(table).columns.map((c, i) => widenColumn(c, this.schema.types[i]));
        const kept = await run(keepPlan(this.name, this.schema, predicate), [[`table:${this.name}`, cols]]);
        if (kept.length === rows) continue;
        deleted += rows - kept.length;
        changes.push(kept.length === 0 ? { remove: file } : { remove: file, keep: tableFromBatch({ names: this.schema.names, columns: kept.columns, length: kept.length }, { dictionary: false }) });
      }
      if (changes.length > 0) {
        await this.delta.rewrite(snap, changes);
        await this.refresh();
      }
      return deleted;
    });
  }

  /** @inheritdoc */
  async destroy(): Promise<void> {
    await this.serial(async () => {
      const storage = this.delta.storage;
      const objects = await storage.list('');
      // the log first: a table folder without a log is no table, whatever data files a crash leaves behind
      const log = objects.filter((o) => o.key.startsWith('_delta_log/')).sort((a, b) => b.key.localeCompare(a.key));
      for (const o of log) await storage.delete(o.key);
      for (const o of objects) if (!o.key.startsWith('_delta_log/')) await storage.delete(o.key);
      // a local table's folder itself (object stores have no folders to remove)
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(this.location) || this.location.startsWith('file://')) {
        await fs.promises.rm(this.location.startsWith('file://') ? new URL(this.location) : this.location, { recursive: true, force: true });
      }
      for (const i of this.kept.keys()) this.cache.remove(this.cacheKey(i));
      this.kept.clear();
    });
  }

  /**
   * Compacts the table's small files (Delta OPTIMIZE: one commit, no row changes).
   * @param options - minFileSize in bytes (default 64 MiB)
   * @returns what was done
   */
  optimize(options: OptimizeOptions = {}): Promise<OptimizeResult> {
    return this.serial(async () => {
      const r = await this.delta.optimize(options);
      await this.refresh();
      return r;
    });
  }

  /**
   * Deletes files no version within the retention needs (Delta VACUUM).
   * @param options - retentionHours (default 168), dryRun
   * @returns the files deleted (or that would be)
   */
  vacuum(options: VacuumOptions = {}): Promise<string[]> {
    return this.serial(() => this.delta.vacuum(options));
  }

  /**
   * The live files of the last snapshot (for OPTIMIZE / VACUUM reports).
   * @returns the add actions
   */
  files(): AddFile[] {
    return this.snap.files;
  }
}

/** Column chunks as one Arrow Table of the table's written schema. */
function tablesOf(schema: Schema, chunks: Column[][]): Table {
  const parts = chunks.map((cols) => tableFromBatch({ names: schema.names, columns: cols, length: cols[0]?.length ?? 0 }, { dictionary: false }));
  return parts.length === 1 ? parts[0] : parts.slice(1).reduce((a, b) => a.concat(b), parts[0]);
}

/**
 * A table folder of the database that cannot be read (a reader feature this reader lacks, a corrupt log): listed by
 * tables(), and every use of it fails with the error opening it gave (UnsupportedTableError naming the features,
 * CorruptTableError naming the file), so one such folder does not stop the database from opening.
 */
export class UnreadableTable implements StoredTable {
  /**
   * @param name - the table
   * @param error - why it cannot be read
   */
  constructor(readonly name: string, readonly error: Error) {}

  /** Throws the error. */
  get schema(): Schema {
    throw this.error;
  }

  /** Throws the error. */
  get numRows(): number {
    throw this.error;
  }

  /** Nothing is held. */
  get bytes(): number {
    return 0;
  }

  /** @inheritdoc */
  async columns(): Promise<(Column | undefined)[]> {
    throw this.error;
  }

  /** @inheritdoc */
  columnsSync(): (Column | undefined)[] {
    throw this.error;
  }

  /** @inheritdoc */
  async append(): Promise<void> {
    throw this.error;
  }

  /** @inheritdoc */
  async deleteWhere(): Promise<number> {
    throw this.error;
  }

  /** Dropping the table only forgets it: its files are not ours to delete unread. */
  async destroy(): Promise<void> {}
}

/** A data file's row count from its statistics, if it has them. */
function statsRows(f: AddFile): number | undefined {
  if (typeof f.stats !== 'string') return undefined;
  try {
    const n = JSON.parse(f.stats).numRecords;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined;
  }
}
