/**
 * The Database of the Node entry: the in-memory database of ./database.ts plus tables on disk - `Database.open(dir)`
 * (every table a Delta Lake table in a subfolder, see ./disk.ts), tables other processes create there, OPTIMIZE and
 * VACUUM. Kept apart so the web page's entry (index.browser.ts) has none of it: no file system, no storage backends.
 */
import fs from 'node:fs';
import { Database as InMemoryDatabase, LOCATION, checkTableName, type DatabaseOptions } from './database';
import type { StoredTable } from './catalog';
import { DiskTable, UnreadableTable } from './disk';
import { openStorage, type OpenStorageOptions } from '../alimentar/storage/open';
import type { Storage } from '../alimentar/storage/types';
import { expectStorageOptions, OPEN_STORAGE_OPTIONS } from '../alimentar/option-keys';
import { TableNotFoundError, TruenoDbError, describe, typeError } from './errors';
import { expectOptions } from './validate';
import type { Schema } from './types';

/** Options of {@link Database.open}. */
export interface OpenOptions extends DatabaseOptions {
  /** Create the folder when it does not exist (default false: it must exist). */
  create?: boolean;
  /** Options of the storage backend: `s3` (endpoint, region, credentials; default from the AWS_* environment). */
  storage?: OpenStorageOptions;
}

/** An embedded columnar SQL database, in memory (`new Database()`) or on disk (`Database.open`); see ./database.ts. */
export class Database extends InMemoryDatabase {
  private storageOptions: OpenStorageOptions | undefined;

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
    expectStorageOptions<OpenStorageOptions>(options.storage, 'Database.open options.storage', OPEN_STORAGE_OPTIONS, expectOptions);
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

  protected override async newTable(name: string, schema: Schema, notNull: boolean[] | undefined): Promise<StoredTable> {
    if (this.location === undefined) return super.newTable(name, schema, notNull);
    return DiskTable.open(name, `${this.location}/${name}`, this.cache, schema, this.storageOptions, notNull);
  }

  protected override async discover(name: string): Promise<void> {
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
