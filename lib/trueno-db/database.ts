/**
 * The Database: a catalog of tables, SQL over them, and the ways data goes in and out.
 *
 * SQL runs in three steps: the front end binds the text against the catalog (table schemas, and file schemas read
 * first for files named in FROM) on the calling thread; the database then gathers the columns the plan's scans read
 * (only those); the executor runs the plan on a query worker (`query`) or on the calling thread (`querySync`). Binding
 * stays on the calling thread because it needs the catalog and is cheap; execution is what takes time.
 *
 * In memory (`new Database()`) a table's columns are SharedArrayBuffer-backed arrays (in a page, ArrayBuffers:
 * column/shared-memory.browser.ts) that grow as batches are inserted; a query works on a snapshot of the rows present
 * when it starts, so inserts and queries interleave freely.
 * On disk (`Database.open(dir)`, Node only: ./disk-database.ts extends this class) every table is a Delta Lake table
 * in a subfolder (see ./disk.ts); this file holds what runs in a web page too.
 * DDL and DML (`exec`, or `query` with such a statement) run through the async path only; `querySync` runs SELECT and
 * EXPLAIN (on disk: over columns an earlier query left in memory).
 */
import type { RecordBatch, Table } from 'apache-arrow';
import { Schema as ArrowSchema } from 'apache-arrow';
import { bind, sourcesOf, explain } from './sql';
import type { Catalog, Plan, SourceRef, Statement } from './plan/ir';
import type { ArrowDataset } from '../alimentar/dataset';
import { arrowBatches, checkNotNull, conformBatches, conformColumns, schemaFromArrow, MemTable, type BatchInput, type StoredTable } from './catalog';
import { nullColumn, MAX_ROWS } from './column/sql-types';
import { encodeStrings } from './column/strings';
import {
  DatabaseClosedError, SchemaMismatchError, TableExistsError, TooLargeError, TruenoDbError, describe, noSuchTable,
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
/** Where Database.open (./disk-database.ts) hands the constructor its location (not an option users can pass). */
export const LOCATION = Symbol('location');
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

/**
 * An embedded columnar SQL database held in memory; see the module comment. In Node, `sovereign-ai/trueno-db` exports
 * its subclass with the tables on disk too (`Database.open`, optimize, vacuum).
 */
export class Database {
  /** The tables, by lower-case name. */
  protected readonly tablesByName = new Map<string, StoredTable>();
  private closed = false;
  private readonly useWorkers: boolean;
  /** Decoded files and kept table columns, within the budget. */
  protected readonly cache: ByteCache;
  private readonly files: FileSources;
  private readonly fileSchemas = new Map<string, Schema>();
  /** The folder or s3:// prefix of an on-disk database; undefined in memory. */
  readonly location: string | undefined;

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

  /** Refuses an operation on a closed database. */
  protected check(operation: string): void {
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

  /** Registers an operation close() waits for. */
  protected track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    const done = () => this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  /** The table of that name (case-insensitive), if there is one. */
  protected lookup(name: string): StoredTable | undefined {
    return this.tablesByName.get(name.toLowerCase());
  }

  /** The table of that name, or TableNotFoundError. */
  protected table(name: string): StoredTable {
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
    const t = await this.newTable(name, schema, notNull?.some((f) => f) ? notNull : undefined);
    if (this.lookup(name) !== undefined) throw new TableExistsError(name);
    this.tablesByName.set(name.toLowerCase(), t);
    return t;
  }

  /**
   * A new table's storage: columns in memory (on disk: a Delta table, in the subclass).
   * @param name - the table
   * @param schema - its columns
   * @param notNull - per column, whether it refuses NULLs
   * @returns the table
   */
  protected async newTable(name: string, schema: Schema, notNull: boolean[] | undefined): Promise<StoredTable> {
    return new MemTable(name, schema, notNull);
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

  /**
   * Registers a table another process created in the database's location since it was opened, if there is one (in
   * memory there is no location, so this is never called).
   * @param _name - the table named in a query
   */
  protected async discover(_name: string): Promise<void> {}

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

