/**
 * The Database: a catalog of tables, SQL over them, and the ways data goes in and out.
 *
 * SQL runs in three steps: the front end binds the text against the catalog (table schemas, and file schemas read
 * first for files named in FROM) on the calling thread; the database then gathers the columns the plan's scans read
 * (only those); the executor runs the plan on a query worker (`query`) or on the calling thread (`querySync`). Binding
 * stays on the calling thread because it needs the catalog and is cheap; execution is what takes time.
 *
 * In memory (`new Database()`) a table's columns are SharedArrayBuffer-backed arrays that grow as batches are
 * inserted; a query works on a snapshot of the rows present when it starts, so inserts and queries interleave freely.
 * On disk (`Database.open(dir)`) every table is a Delta Lake table in a subfolder (see ./disk.ts).
 * DDL and DML (`exec`, or `query` with such a statement) run through the async path only; `querySync` runs SELECT and
 * EXPLAIN (on disk: over columns an earlier query left in memory).
 */
import fs from 'node:fs';
import type { RecordBatch, Table } from 'apache-arrow';
import { Schema as ArrowSchema } from 'apache-arrow';
import { bind, sourcesOf, explain } from './sql';
import type { Catalog, Plan, SourceRef, Statement } from './plan/ir';
import type { ArrowDataset } from '../alimentar/dataset';
import { arrowBatches, checkNotNull, conformBatches, conformColumns, schemaFromArrow, MemTable, type BatchInput, type StoredTable } from './catalog';
import { DiskTable, UnreadableTable } from './disk';
import { openStorage, type OpenStorageOptions } from '../alimentar/storage/open';
import type { Storage } from '../alimentar/storage/types';
import { nullColumn, MAX_ROWS } from './column/sql-types';
import { encodeStrings } from './column/strings';
import {
  DatabaseClosedError, SchemaMismatchError, TableExistsError, TableNotFoundError, TooLargeError, TruenoDbError, describe, noSuchTable,
  rangeError, typeError,
} from './errors';
import { expectOptions } from './validate';
import { Result } from './result';
import { FileSources } from './query/files';
import { ByteCache } from './query/cache';
import { sourceNeeds } from './query/walk';
import { splitStatements } from './query/split';
import { runHere, runOffThread, type QueryJob } from './worker';
import type { ColumnBatch, Schema, SqlType } from './types';

/** Options of an in-memory database. */
export interface DatabaseOptions {
  /** Run queries on worker threads (default true); false runs them on the calling thread after one event-loop turn. */
  workers?: boolean;
  /** Bytes of decoded files (and on disk, table columns) kept between queries (default 1 GiB). */
  cacheBytes?: number;
}

/** Query parameters: positional (`$1`, `?`) or named (`$name`). */
export type Params = unknown[] | Record<string, unknown>;

const DEFAULT_CACHE = 1 << 30;
/** Where Database.open hands the constructor its location (not an option users can pass). */
const LOCATION = Symbol('location');
const NAME_MAX = 255;

function checkSql(sql: unknown): string {
  if (typeof sql !== 'string') throw typeError(`Expected a SQL string for sql but received ${describe(sql)}`);
  if (sql.trim().length === 0) throw rangeError('Expected a SQL statement for sql but received an empty string');
  return sql;
}

function checkParams(params: unknown): Params | undefined {
  if (params === undefined || Array.isArray(params)) return params as Params | undefined;
  if (typeof params === 'object' && params !== null && Object.getPrototypeOf(params) === Object.prototype) return params as Params;
  throw typeError(`Expected an array or a plain object of parameters for params but received ${describe(params)}`);
}

/**
 * Checks a table name: a non-empty string that can also name a folder (no path separators, NUL, `.` or `..`).
 * @param name - the name
 * @param what - the argument's name, for the message
 * @returns the name
 */
export function checkTableName(name: unknown, what = 'table'): string {
  if (typeof name !== 'string' || name.length === 0) throw typeError(`Expected a non-empty table name string for ${what} but received ${describe(name)}`);
  if (name.length > NAME_MAX || /[/\\\0]/.test(name) || name === '.' || name === '..' || name.startsWith('_')) {
    throw rangeError(`Expected a table name of at most ${NAME_MAX} characters without '/', '\\', NUL or a leading '_' for ${what} but received ${describe(name)}`);
  }
  return name;
}

const SQL_TYPES: Record<string, SqlType> = {
  boolean: { id: 'boolean' }, bool: { id: 'boolean' }, tinyint: { id: 'tinyint' }, smallint: { id: 'smallint' },
  integer: { id: 'integer' }, int: { id: 'integer' }, bigint: { id: 'bigint' }, float: { id: 'float' }, real: { id: 'float' },
  double: { id: 'double' }, varchar: { id: 'varchar' }, text: { id: 'varchar' }, string: { id: 'varchar' }, date: { id: 'date' },
  timestamp: { id: 'timestamp' },
};

/** A SqlType from a type object or a simple name ('INTEGER', 'DOUBLE', 'VARCHAR', 'FLOAT[4]', 'DECIMAL(18,3)'). */
function parseType(t: unknown, where: string): SqlType {
  if (typeof t === 'object' && t !== null && typeof (t as SqlType).id === 'string') {
    const s = t as SqlType;
    if (s.id === 'list') return { id: 'list', child: parseType(s.child, `${where}.child`), ...(s.size === undefined ? {} : { size: s.size }) };
    if (s.id === 'decimal') {
      if (!Number.isInteger(s.precision) || !Number.isInteger(s.scale) || s.precision < 1 || s.precision > 38 || s.scale < 0 || s.scale > s.precision) {
        throw rangeError(`Expected a decimal precision in [1, 38] and scale in [0, precision] for ${where} but received (${s.precision}, ${s.scale})`);
      }
      return { id: 'decimal', precision: s.precision, scale: s.scale };
    }
    if (s.id in SQL_TYPES || s.id === 'null') return { id: s.id } as SqlType;
  }
  if (typeof t === 'string') {
    const text = t.trim().toLowerCase();
    const list = /^(.*)\[(\d*)\]$/.exec(text);
    if (list) return { id: 'list', child: parseType(list[1], where), ...(list[2] === '' ? {} : { size: Number(list[2]) }) };
    const dec = /^(?:decimal|numeric)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(text);
    if (dec) return parseType({ id: 'decimal', precision: Number(dec[1]), scale: Number(dec[2]) }, where);
    if (Object.hasOwn(SQL_TYPES, text)) return SQL_TYPES[text];
  }
  throw typeError(`Expected a SQL type (e.g. 'INTEGER', 'DOUBLE', 'VARCHAR', 'FLOAT[4]', or { id: 'integer' }) for ${where} but received ${describe(t)}`);
}

/**
 * A schema argument: a trueno-db Schema ({ names, types }), an apache-arrow Schema, or { column: type }.
 * @param schema - the argument
 * @returns the Schema
 */
function parseSchema(schema: unknown): Schema {
  if (schema instanceof ArrowSchema) return schemaFromArrow(schema);
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw typeError(`Expected a schema ({ names, types }, an apache-arrow Schema, or { column: type }) for schema but received ${describe(schema)}`);
  }
  const s = schema as Partial<Schema>;
  const entries: [string, unknown][] = Array.isArray(s.names) && Array.isArray(s.types)
    ? s.names.map((n, i) => [n, s.types![i]])
    : Object.entries(schema);
  if (Array.isArray(s.names) && s.names.length !== s.types?.length) throw rangeError(`Expected as many types as names for schema but received ${s.names.length} names and ${s.types?.length} types`);
  if (entries.length === 0) throw rangeError('Expected at least one column for schema but received none');
  const seen = new Set<string>();
  const names = entries.map(([n]) => {
    if (typeof n !== 'string' || n.length === 0) throw typeError(`Expected non-empty column names for schema but received ${describe(n)}`);
    if (seen.has(n.toLowerCase())) throw new SchemaMismatchError(`Expected distinct column names but column '${n}' appears twice`, n);
    seen.add(n.toLowerCase());
    return n;
  });
  return { names, types: entries.map(([n, t]) => parseType(t, `schema.${n}`)) };
}

/** Options of {@link Database.open}. */
export interface OpenOptions extends DatabaseOptions {
  /** Create the folder when it does not exist (default false: it must exist). */
  create?: boolean;
  /** Options of the storage backend: `s3` (endpoint, region, credentials; default from the AWS_* environment). */
  storage?: OpenStorageOptions;
}

/** An embedded columnar SQL database; see the module comment. */
export class Database {
  private readonly tablesByName = new Map<string, StoredTable>();
  private closed = false;
  private readonly useWorkers: boolean;
  /** Decoded files and kept table columns, within the budget. */
  private readonly cache: ByteCache;
  private readonly files: FileSources;
  private readonly fileSchemas = new Map<string, Schema>();
  /** The folder or s3:// prefix of an on-disk database; undefined in memory. */
  readonly location: string | undefined;
  private storageOptions: OpenStorageOptions | undefined;

  /**
   * An in-memory database.
   * @param options - workers (default true), cacheBytes (default 1 GiB)
   * @throws TypeError for bad options
   * @example
   * const db = new Database();
   * await db.insertBatch('training', batch);
   * const X = (await db.query('SELECT features FROM training')).toMatrix();
   */
  constructor(options: DatabaseOptions = {}) {
    expectOptions<DatabaseOptions>(options, 'Database options', { workers: true, cacheBytes: true });
    if (options.workers !== undefined && typeof options.workers !== 'boolean') throw typeError(`Expected a boolean for options.workers but received ${describe(options.workers)}`);
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE;
    if (typeof cacheBytes !== 'number' || !(cacheBytes >= 0)) throw typeError(`Expected a non-negative number of bytes for options.cacheBytes but received ${describe(options.cacheBytes)}`);
    this.useWorkers = options.workers !== false;
    this.cache = new ByteCache(cacheBytes);
    this.files = new FileSources(this.cache);
    this.location = (options as { [LOCATION]?: string })[LOCATION];
  }

  /**
   * Opens a database on disk: a folder (or an `s3://bucket/prefix`) whose subfolders are Delta Lake tables. Tables
   * written by other engines in the folder are tables of the database.
   * @param location - a folder path, file:// URL or s3://bucket/prefix
   * @param options - create (make the folder when missing), workers, cacheBytes (memory for decoded columns)
   * @returns the database
   * @throws TableNotFoundError (ERR_TRUENO_DB_NO_TABLE) when the folder does not exist and create is not set;
   *   the Delta reader's errors for a table it cannot read (CorruptTableError, UnsupportedTableError naming features)
   * @example const db = await Database.open('./local-db', { create: true });
   */
  static async open(location: string, options: OpenOptions = {}): Promise<Database> {
    expectOptions<OpenOptions>(options, 'Database.open options', { create: true, storage: true, workers: true, cacheBytes: true });
    if (typeof location !== 'string' || location.length === 0) throw typeError(`Expected a folder path or s3:// URL for location but received ${describe(location)}`);
    const root = location.replace(/\/+$/, '') || location;
    const storage = openStorage(root, options.storage);
    let dir: string | undefined;
    if (!root.startsWith('s3://')) {
      dir = root.startsWith('file://') ? new URL(root).pathname : root;
      const st = await fs.promises.stat(dir).catch(() => undefined);
      if (st === undefined) {
        if (options.create !== true) throw new TableNotFoundError(`Expected a database folder at ${root} but there is none (pass { create: true } to make one)`);
        await fs.promises.mkdir(dir, { recursive: true });
      } else if (!st.isDirectory()) {
        throw new TableNotFoundError(`Expected a database folder at ${root} but it is a file`);
      }
    }
    const db = new Database({ workers: options.workers, cacheBytes: options.cacheBytes, [LOCATION]: root } as DatabaseOptions);
    db.storageOptions = options.storage;
    for (const name of await tableFolders(storage, dir)) {
      let t: StoredTable;
      try {
        t = await DiskTable.open(name, `${root}/${name}`, db.cache, undefined, options.storage);
      } catch (e) {
        // a folder whose log has no commit yet (a creator killed before its first one) holds no table
        if (e instanceof TableNotFoundError) continue;
        if (!(e instanceof TruenoDbError)) throw e;
        t = new UnreadableTable(name, e);
      }
      db.tablesByName.set(name.toLowerCase(), t);
    }
    return db;
  }

  private check(operation: string): void {
    if (this.closed) throw new DatabaseClosedError(operation);
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Closes the database: later calls fail with DatabaseClosedError; inserts, DDL and queries already started finish
   * first.
   * @returns once closed
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // what was started before close finishes (an insert's commit, a query's rows); nothing new starts
    await Promise.allSettled([...this.inflight]);
    this.cache.clear();
    this.tablesByName.clear();
  }

  /** Operations started and not yet settled, which close() waits for. */
  private readonly inflight = new Set<Promise<unknown>>();

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    const done = () => this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  private lookup(name: string): StoredTable | undefined {
    return this.tablesByName.get(name.toLowerCase());
  }

  private table(name: string): StoredTable {
    const t = this.lookup(name);
    if (t === undefined) throw noSuchTable(name, this.tableNames());
    return t;
  }

  private tableNames(): string[] {
    return [...this.tablesByName.values()].map((t) => t.name);
  }

  /**
   * The tables, in creation order (on disk: the order the folder lists them, then creation order).
   * @returns their names
   */
  tables(): string[] {
    this.check('tables');
    return this.tableNames();
  }

  /**
   * A table's columns.
   * @param name - the table
   * @returns names and SQL types
   * @throws TableNotFoundError for an unknown table
   */
  schema(name: string): Schema {
    this.check('schema');
    const t = this.table(checkTableName(name, 'name'));
    return { names: t.schema.names.slice(), types: t.schema.types.slice() };
  }

  /**
   * Rows in a table (on disk: as of the last read or write of it by this database).
   * @param name - the table
   * @returns the count
   * @throws TableNotFoundError for an unknown table
   */
  numRows(name: string): number {
    this.check('numRows');
    return this.table(checkTableName(name, 'name')).numRows;
  }

  /**
   * Creates an empty table (on disk: a Delta table at version 0 in the subfolder `name`).
   * @param name - the table's name (case-insensitive for lookups, as SQL)
   * @param schema - { names, types } (types as SqlType objects or names such as 'INTEGER', 'FLOAT[4]'), an
   *   apache-arrow Schema, or { column: type }
   * @param options - ifNotExists: do nothing when the table exists
   * @returns once created
   * @throws TableExistsError; TypeError / RangeError for a bad name or schema
   * @example await db.createTable('points', { id: 'BIGINT', xy: 'DOUBLE[2]' });
   */
  async createTable(name: string, schema: Schema | ArrowSchema | Record<string, unknown>, options: { ifNotExists?: boolean } = {}): Promise<void> {
    expectOptions<{ ifNotExists?: boolean }>(options ?? undefined, 'createTable options', { ifNotExists: true });
    this.check('createTable');
    await this.track(this.createTableNow(checkTableName(name, 'name'), parseSchema(schema), options?.ifNotExists === true));
  }

  private async createTableNow(name: string, schema: Schema, ifNotExists: boolean, notNull?: boolean[]): Promise<StoredTable> {
    const found = this.lookup(name);
    if (found !== undefined) {
      if (ifNotExists) return found;
      throw new TableExistsError(found.name);
    }
    if (schema.types.some((t) => t.id === 'null')) {
      const i = schema.types.findIndex((t) => t.id === 'null');
      throw new SchemaMismatchError(`Expected a column type for '${schema.names[i]}' but received NULL (a column of only NULLs needs a type: CAST it)`, schema.names[i]);
    }
    let t: StoredTable;
    const flags = notNull?.some((f) => f) ? notNull : undefined;
    if (this.location === undefined) t = new MemTable(name, schema, flags);
    else {
      t = await DiskTable.open(name, `${this.location}/${name}`, this.cache, schema, this.storageOptions, flags);
      if (this.lookup(name) !== undefined) throw new TableExistsError(name);
    }
    this.tablesByName.set(name.toLowerCase(), t);
    return t;
  }

  /**
   * Drops a table (on disk: deletes its folder, the log first).
   * @param name - the table
   * @param options - ifExists: do nothing when there is no such table
   * @returns once dropped
   * @throws TableNotFoundError
   */
  async dropTable(name: string, options: { ifExists?: boolean } = {}): Promise<void> {
    expectOptions<{ ifExists?: boolean }>(options ?? undefined, 'dropTable options', { ifExists: true });
    this.check('dropTable');
    await this.track(this.dropTableNow(checkTableName(name, 'name'), options?.ifExists === true));
  }

  private async dropTableNow(name: string, ifExists: boolean): Promise<void> {
    const t = this.lookup(name);
    if (t === undefined) {
      if (ifExists) return;
      throw noSuchTable(name, this.tableNames());
    }
    this.tablesByName.delete(name.toLowerCase());
    await t.destroy();
  }

  /**
   * Appends Arrow data to a table, creating the table (with the data's schema) on the first insert. Columns are
   * matched by name; a batch with a missing or extra column, or a column whose type does not widen exactly to the
   * table's, is refused whole with an error naming the column. On disk the rows are one Delta commit.
   * @param table - the table's name
   * @param batch - an apache-arrow RecordBatch or Table, or an alimentar ArrowDataset
   * @returns the number of rows inserted
   * @throws SchemaMismatchError naming the column; ConversionError for a type trueno-db does not hold; TooLargeError
   *   past 2^31 - 1 rows; TypeError for anything other than Arrow data
   * @example await db.insertBatch('training', ArrowDataset.fromTable(table));
   */
  async insertBatch(table: string, batch: RecordBatch | Table | ArrowDataset): Promise<number> {
    this.check('insertBatch');
    const name = checkTableName(table);
    return this.track(this.insertNow(name, batch));
  }

  private async insertNow(name: string, batch: RecordBatch | Table | ArrowDataset): Promise<number> {
    const { schema, batches } = arrowBatches(batch as BatchInput);
    const total = batches.reduce((n, b) => n + b.numRows, 0);
    const existing = this.lookup(name);
    const target = existing?.schema ?? schemaFromArrow(schema);
    if ((existing?.numRows ?? 0) + total > MAX_ROWS) throw new TooLargeError(`Expected at most ${MAX_ROWS} rows in table '${name}' but inserting ${total} rows would make ${(existing?.numRows ?? 0) + total}`);
    // convert everything before touching the table: a failing chunk leaves the table as it was
    const chunks = conformBatches(existing?.name ?? name, target, schema, batches);
    let t = existing ?? this.lookup(name);
    if (t === undefined) {
      try {
        t = await this.createTableNow(name, target, false);
      } catch (e) {
        // another insert created the table first (on disk creating takes a commit): insert into that one
        if (!(e instanceof TableExistsError)) throw e;
        return this.insertNow(name, batch);
      }
    }
    checkNotNull(t, chunks);
    await t.append(chunks);
    return total;
  }

  /** The on-disk tables named (all when none is), for OPTIMIZE and VACUUM. */
  private diskTables(table: string | undefined, operation: string): DiskTable[] {
    this.check(operation);
    const all = table === undefined ? [...this.tablesByName.values()] : [this.table(checkTableName(table))];
    return all.filter((t): t is DiskTable => t instanceof DiskTable);
  }

  /**
   * Compacts small data files of on-disk tables (Delta OPTIMIZE; the rows do not change). In memory: nothing to do.
   * @param table - one table (default: every table)
   * @param options - minFileSize in bytes (default 64 MiB): files under it are compacted
   * @returns per table: the version committed (undefined when nothing was compacted), files removed and added
   * @throws TableNotFoundError; CommitConflictError when another writer removed a file being compacted
   * @example await db.optimize('events');
   */
  async optimize(table?: string, options: { minFileSize?: number } = {}): Promise<{ table: string; version: number | undefined; filesRemoved: number; filesAdded: number }[]> {
    expectOptions<{ minFileSize?: number }>(options, 'optimize options', { minFileSize: true });
    const tables = this.diskTables(table, 'optimize');
    return this.track((async () => {
      const out = [];
      for (const t of tables) out.push({ table: t.name, ...(await t.optimize(options)) });
      return out;
    })());
  }

  /**
   * Deletes data files no version of an on-disk table needs any more (Delta VACUUM). In memory: nothing to do.
   * @param table - one table (default: every table)
   * @param options - retentionHours: keep files removed less than this long ago (default 168, Delta's); dryRun
   * @returns per table: the files deleted (or that would be, with dryRun)
   * @throws TableNotFoundError
   * @example await db.vacuum(undefined, { retentionHours: 0 });
   */
  async vacuum(table?: string, options: { retentionHours?: number; dryRun?: boolean } = {}): Promise<{ table: string; files: string[] }[]> {
    expectOptions<{ retentionHours?: number; dryRun?: boolean }>(options, 'vacuum options', { retentionHours: true, dryRun: true });
    const tables = this.diskTables(table, 'vacuum');
    return this.track((async () => {
      const out = [];
      for (const t of tables) out.push({ table: t.name, files: await t.vacuum(options) });
      return out;
    })());
  }

  private catalog(): Catalog {
    return {
      resolve: (source: SourceRef): Schema | undefined => {
        if (source.kind === 'table') return this.lookup(source.name)?.schema;
        return this.fileSchemas.get(fileKey(source));
      },
    };
  }

  /** Whether the SQL can name a file: a file source is always a string literal (`'x.parquet'`, read_csv('...')). */
  private static mayNameFiles(sql: string): boolean {
    return sql.includes("'");
  }

  private async loadSchemas(sql: string): Promise<void> {
    // on disk another process may have created a table since open(): a name not known yet is looked for
    if (!Database.mayNameFiles(sql) && this.location === undefined) return;
    for (const s of sourcesOf(sql)) {
      if (s.kind === 'file') this.fileSchemas.set(fileKey(s), await this.files.schema(s));
      else if (this.location !== undefined && this.lookup(s.name) === undefined) await this.discover(s.name);
    }
  }

  /** Registers a table another process created in the database's folder since it was opened, if there is one. */
  private async discover(name: string): Promise<void> {
    if (!/^[^/\\\0]+$/.test(name) || name.startsWith('_') || name.startsWith('.')) return;
    let t: DiskTable;
    try {
      t = await DiskTable.open(name, `${this.location}/${name}`, this.cache, undefined, this.storageOptions);
    } catch (e) {
      if (e instanceof TableNotFoundError) return;
      throw e;
    }
    if (this.lookup(name) === undefined) this.tablesByName.set(name.toLowerCase(), t);
  }

  private loadSchemasSync(sql: string): void {
    if (!Database.mayNameFiles(sql)) return;
    for (const s of sourcesOf(sql)) {
      if (s.kind === 'file') this.fileSchemas.set(fileKey(s), this.files.schemaSync(s));
    }
  }

  /** The job for a plan: the columns each scan reads, from tables and files. */
  private async job(plan: Plan): Promise<QueryJob> {
    const sources: QueryJob['sources'] = [];
    for (const [id, need] of sourceNeeds(plan)) {
      const src = need.scan.source;
      sources.push([id, src.kind === 'table' ? await this.table(src.name).columns(need.columns) : await this.files.columns(src, need.columns)]);
    }
    return { plan, sources };
  }

  private jobSync(plan: Plan): QueryJob {
    const sources: QueryJob['sources'] = [];
    for (const [id, need] of sourceNeeds(plan)) {
      const src = need.scan.source;
      sources.push([id, src.kind === 'table' ? this.table(src.name).columnsSync(need.columns) : this.files.columnsSync(src, need.columns)]);
    }
    return { plan, sources };
  }

  private run(plan: Plan): Promise<ColumnBatch> {
    return this.job(plan).then((job) => runOffThread(job, this.useWorkers));
  }

  /**
   * Runs SQL off the event loop and returns its result. SELECT (and WITH, UNION ...) gives its rows; EXPLAIN gives
   * the plan as text (one row, column `explain`); DDL and DML run as {@link Database.exec} does and give one row
   * with the number of rows changed (column `Count`, BIGINT), or no rows for CREATE / DROP.
   * @param sql - one SQL statement
   * @param params - values for `$1`/`?` (array) or `$name` (object)
   * @returns the result
   * @throws SqlSyntaxError / SqlBindError / UnsupportedSqlError from the front end (naming the construct and
   *   position); TableNotFoundError; the executor's errors; DatabaseClosedError
   * @example const r = await db.query('SELECT name, avg(x) FROM t WHERE y > $1 GROUP BY name', [10]);
   */
  async query(sql: string, params?: Params): Promise<Result> {
    this.check('query');
    checkSql(sql);
    const p = checkParams(params);
    return this.track((async () => {
      await this.loadSchemas(sql);
      const stmt = bind(sql, this.catalog(), p);
      return this.runStatement(stmt);
    })());
  }

  /**
   * As {@link Database.query} for SELECT and EXPLAIN, on the calling thread (for scripts and the REPL: it blocks the
   * event loop). On disk it reads the columns earlier queries left in memory.
   * @param sql - one SELECT or EXPLAIN statement
   * @param params - parameters
   * @returns the result
   * @throws as {@link Database.query}; TruenoDbError ERR_TRUENO_DB_SYNC for DDL/DML (use exec) or ERR_TRUENO_DB_NOT_CACHED
   *   for a table on disk whose columns are not in memory
   */
  querySync(sql: string, params?: Params): Result {
    this.check('querySync');
    checkSql(sql);
    const p = checkParams(params);
    this.loadSchemasSync(sql);
    const stmt = bind(sql, this.catalog(), p);
    if (stmt.kind === 'explain') return textResult('explain', explain(stmt.plan));
    if (stmt.kind !== 'select') throw new TruenoDbError(`Expected a SELECT or EXPLAIN for querySync but received a ${stmt.kind.replace(/_/g, ' ')} statement: use exec() or query()`, 'ERR_TRUENO_DB_SYNC');
    return new Result(runHere(this.jobSync(stmt.plan)));
  }

  /**
   * Runs statements for their effect: CREATE TABLE [IF NOT EXISTS] / CREATE TABLE ... AS SELECT, INSERT INTO ...
   * VALUES / SELECT, DELETE FROM ... [WHERE], DROP TABLE [IF EXISTS] (a SELECT runs too). On disk each INSERT and
   * DELETE is one Delta commit. A script of several statements separated by ';' runs them in order, stopping at the
   * first that fails.
   * @param sql - one statement, or several separated by ';'
   * @param params - parameters (one statement only)
   * @returns rows inserted or deleted, summed over the statements (0 for CREATE / DROP; the row count for a SELECT)
   * @throws as {@link Database.query}; SchemaMismatchError naming a column whose values do not fit the table
   * @example await db.exec("INSERT INTO t VALUES (1, 'a'), (2, NULL)");
   */
  async exec(sql: string, params?: Params): Promise<number> {
    this.check('exec');
    checkSql(sql);
    const statements = splitStatements(sql);
    if (statements.length > 1 && params !== undefined) {
      throw rangeError(`Expected one statement when params are given but received ${statements.length}; run them one by one`);
    }
    let total = 0;
    // a script: each statement in order, stopping at the first that fails (those before it stay done)
    for (const s of statements.length === 0 ? [{ text: sql }] : statements) {
      const r = await this.query(s.text, params);
      total += r.columnNames.length === 1 && r.columnNames[0] === 'Count' ? Number(r.column(0).values[0]) : r.numRows;
    }
    return total;
  }

  private async runStatement(stmt: Statement): Promise<Result> {
    switch (stmt.kind) {
      case 'select': return new Result(await this.run(stmt.plan));
      case 'explain': return textResult('explain', explain(stmt.plan));
      case 'create_table':
        await this.createTableNow(checkTableName(stmt.name), { names: stmt.columns.map((c) => c.name), types: stmt.columns.map((c) => c.type) }, stmt.ifNotExists, stmt.columns.map((c) => c.notNull));
        return emptyResult();
      case 'create_table_as': {
        const name = checkTableName(stmt.name);
        if (this.lookup(name) !== undefined) {
          if (stmt.ifNotExists) return emptyResult();
          throw new TableExistsError(this.lookup(name)!.name);
        }
        const b = await this.run(stmt.plan);
        // a column of only NULLs gets INTEGER, as DuckDB gives it
        const schema = { names: b.names, types: b.columns.map((c) => (c.type.id === 'null' ? { id: 'integer' } as SqlType : c.type)) };
        const t = await this.createTableNow(name, schema, false);
        await t.append([conformColumns(t.name, schema, b)]);
        return countResult(b.length);
      }
      case 'insert': {
        this.table(stmt.table);
        const b = await this.run(stmt.plan);
        const t = this.table(stmt.table);
        const positions = stmt.columns ?? t.schema.types.map((_, i) => i);
        if (positions.length !== b.columns.length) {
          const col = t.schema.names[positions[Math.max(0, Math.min(positions.length, b.columns.length) - 1)] ?? 0];
          throw new SchemaMismatchError(`Expected ${positions.length} values per row for table '${t.name}' but received ${b.columns.length}`, col);
        }
        const full: ColumnBatch = { names: t.schema.names, length: b.length, columns: t.schema.types.map((type) => nullColumn(type, b.length)) };
        positions.forEach((pos, k) => { full.columns[pos] = b.columns[k]; });
        const cols = [conformColumns(t.name, t.schema, full)];
        checkNotNull(t, cols);
        await t.append(cols);
        return countResult(b.length);
      }
      case 'delete': {
        const t = this.table(stmt.table);
        const deleted = await t.deleteWhere(stmt.predicate, (plan, sources) => runOffThread({ plan, sources }, this.useWorkers));
        return countResult(deleted);
      }
      case 'drop_table':
        await this.dropTableNow(stmt.name, stmt.ifExists);
        return emptyResult();
    }
  }
}

/** The subfolders of a database's location that hold a Delta table (a `_delta_log` folder). */
async function tableFolders(storage: Storage, localDir: string | undefined): Promise<string[]> {
  const names = new Set<string>();
  if (localDir !== undefined) {
    // a local folder: one listing of the top level, not a walk over every data file
    for (const e of await fs.promises.readdir(localDir, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name.startsWith('_') || e.name.startsWith('.')) continue;
      if (fs.existsSync(`${localDir}/${e.name}/_delta_log`)) names.add(e.name);
    }
    return [...names].sort();
  }
  for (const o of await storage.list('')) {
    const m = /^([^/]+)\/_delta_log\//.exec(o.key);
    if (m && !m[1].startsWith('_') && !m[1].startsWith('.')) names.add(m[1]);
  }
  return [...names].sort();
}

function fileKey(s: Extract<SourceRef, { kind: 'file' }>): string {
  return `${s.format}:${s.path}`;
}

function emptyResult(): Result {
  return new Result({ names: [], columns: [], length: 0 });
}

function textResult(name: string, text: string): Result {
  const e = encodeStrings([text]);
  return new Result({ names: [name], columns: [{ type: { id: 'varchar' }, length: 1, values: e.codes, dict: e.dict }], length: 1 });
}

function countResult(n: number): Result {
  return new Result({ names: ['Count'], columns: [{ type: { id: 'bigint' }, length: 1, values: BigInt64Array.of(BigInt(n)) }], length: 1 });
}

