/**
 * Files queried directly (`FROM 'x.parquet'`, read_parquet / read_csv / read_json / read_arrow), read through
 * alimentar. Parquet gives its schema without decoding data (no row group read) and then only the columns a query
 * needs; text and Arrow IPC files are decoded once. Converted columns are kept (SharedArrayBuffer-backed, so query
 * workers share them) while the file's size and modification time stay the same, within the database's cache budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { decode } from '../../alimentar/formats/index';
import type { Format } from '../../alimentar/formats/codecs';
import { codecOf } from '../../alimentar/formats/codecs';
import { formatFromContent, formatFromExtension } from '../../alimentar/formats/detect';
import { ioError } from '../../alimentar/io';
import { AlimentarError } from '../../alimentar/errors';
import { columnFromVector } from '../convert';
import { concatColumns } from '../column/appender';
import { columnBytes } from '../column/sql-types';
import { schemaFromArrow } from '../catalog';
import type { SourceRef } from '../plan/ir';
import type { Column, Schema } from '../types';
import { ByteCache } from './cache';
import { DeltaTable, type DeltaSnapshot } from '../delta';
import { TruenoDbError } from '../errors';

type FileRef = Extract<SourceRef, { kind: 'file' }>;

interface FileEntry {
  stamp: string;
  format: Format | 'delta';
  /** A Delta table's snapshot, read when the schema was. */
  delta?: { table: DeltaTable; snap: DeltaSnapshot };
  schema: Schema;
  /** The whole decoded file, for formats read in one piece. */
  table?: Table;
  columns: Map<number, Column>;
}

/** The alimentar format of a file source: the SQL function's family, refined by extension and content. */
function alimentarFormat(ref: FileRef, head: Uint8Array): Format {
  const ext = formatFromExtension(ref.path);
  switch (ref.format) {
    case 'parquet': return 'parquet';
    case 'csv': return ext === 'tsv' ? 'tsv' : 'csv';
    case 'json': return ext === 'jsonl' ? 'jsonl' : formatFromContent(head) === 'jsonl' ? 'jsonl' : 'json';
    case 'arrow': return formatFromContent(head) === 'arrows' ? 'arrows' : 'ipc';
    default: throw new AlimentarError(`Expected a file format (parquet, csv, json, arrow) for ${ref.path} but received ${ref.format}`, 'ERR_ALIMENTAR_FORMAT');
  }
}

function stampOf(st: fs.Stats): string {
  return `${st.size}:${st.mtimeMs}`;
}

/** The file sources of one database; see the module comment. */
export class FileSources {
  private readonly entries = new Map<string, FileEntry>();
  private readonly deltaTables = new Map<string, DeltaTable>();

  /** @param cache - the database's byte budget, shared with its tables */
  constructor(private readonly cache: ByteCache) {}

  private key(ref: FileRef): string {
    return `${ref.format}:${path.resolve(ref.path)}`;
  }

  private fresh(ref: FileRef, stamp: string): FileEntry | undefined {
    const e = this.entries.get(this.key(ref));
    if (e !== undefined && e.stamp === stamp) {
      this.cache.touch(this.key(ref));
      return e;
    }
    return undefined;
  }

  private add(ref: FileRef, entry: FileEntry): FileEntry {
    const key = this.key(ref);
    this.entries.set(key, entry);
    // a text or IPC file is held decoded until its columns are converted; count its buffers from the start
    const bytes = entry.table === undefined ? 0 : entry.table.batches.reduce((b, r) => b + r.data.byteLength, 0);
    this.cache.set(key, bytes, () => this.entries.delete(key));
    return entry;
  }

  /** A new entry from the decoded file (Parquet: only its schema, from a read of no row group). */
  private build(stamp: string, format: Format, table: Table): FileEntry {
    return { stamp, format, schema: schemaFromArrow(table.schema), table: format === 'parquet' ? undefined : table, columns: new Map() };
  }

  /**
   * A file's schema, reading no data where the format allows (Parquet), else decoding it once.
   * @param ref - the file
   * @returns names and types
   * @throws NotFoundError for a missing file; the format's error for a bad one
   */
  async schema(ref: FileRef): Promise<Schema> {
    if (ref.format === 'delta') return this.deltaSchema(ref);
    const local = path.resolve(ref.path);
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(local);
    } catch (e) {
      throw ioError(e, ref.path);
    }
    const stamp = stampOf(st);
    const found = this.fresh(ref, stamp);
    if (found !== undefined) return found.schema;
    const head = await readHead(local, ref.path);
    const format = alimentarFormat(ref, head);
    let table: Table;
    try {
      table = format === 'parquet'
        ? await codecOf('parquet').readFile!(local, { rowGroups: [] }, ref.path)
        : decode(await fs.promises.readFile(local), format, {}, ref.path);
    } catch (e) {
      throw e instanceof AlimentarError ? e : ioError(e, ref.path);
    }
    return this.add(ref, this.build(stamp, format, table)).schema;
  }

  /** A Delta table's newest snapshot (read_delta): its schema, the entry keyed by its version. */
  private async deltaSchema(ref: FileRef): Promise<Schema> {
    const key = this.key(ref);
    let table = this.deltaTables.get(key);
    if (table === undefined) {
      table = await DeltaTable.open(ref.path);
      this.deltaTables.set(key, table);
    }
    const snap = await table.snapshot();
    const stamp = `v${snap.version}`;
    const found = this.fresh(ref, stamp);
    if (found !== undefined) return found.schema;
    return this.add(ref, { stamp, format: 'delta', schema: schemaFromArrow(snap.schema), delta: { table, snap }, columns: new Map() }).schema;
  }

  /**
   * As {@link FileSources.schema}, reading synchronously (for querySync).
   * @param ref - the file
   * @returns names and types
   */
  schemaSync(ref: FileRef): Schema {
    if (ref.format === 'delta') {
      const e = this.entries.get(this.key(ref));
      if (e !== undefined) return e.schema;
      throw new TruenoDbError(`Expected the Delta table ${ref.path} read once by query() before querySync reads it`, 'ERR_TRUENO_DB_NOT_CACHED');
    }
    const local = path.resolve(ref.path);
    let st: fs.Stats;
    let bytes: Uint8Array;
    try {
      st = fs.statSync(local);
      const found = this.fresh(ref, stampOf(st));
      if (found !== undefined) return found.schema;
      bytes = fs.readFileSync(local);
    } catch (e) {
      throw ioError(e, ref.path);
    }
    const format = alimentarFormat(ref, bytes.subarray(0, 64));
    const table = decode(bytes, format, format === 'parquet' ? { rowGroups: [] } : {}, ref.path);
    return this.add(ref, this.build(stampOf(st), format, table)).schema;
  }

  private entry(ref: FileRef): FileEntry {
    const e = this.entries.get(this.key(ref));
    if (e === undefined) throw new AlimentarError(`Expected the schema of ${ref.path} to be read before its columns`, 'ERR_ALIMENTAR_IO');
    return e;
  }

  private fromTable(e: FileEntry, table: Table, which: number[], names: string[]): void {
    which.forEach((i) => {
      const v = table.getChild(names[i]);
      if (v === null) throw new AlimentarError(`Expected column '${names[i]}' in the file`, 'ERR_ALIMENTAR_COLUMN');
      const col = concatColumns(e.schema.types[i], [columnFromVector(v, names[i])], true);
      e.columns.set(i, col);
    });
  }

  private collect(ref: FileRef, e: FileEntry, which: number[]): (Column | undefined)[] {
    const out: (Column | undefined)[] = new Array(e.schema.names.length).fill(undefined);
    for (const i of which) out[i] = e.columns.get(i);
    let bytes = e.table === undefined ? 0 : e.table.batches.reduce((b, r) => b + r.data.byteLength, 0);
    for (const c of e.columns.values()) bytes += columnBytes(c);
    this.cache.resize(this.key(ref), bytes);
    return out;
  }

  /**
   * The columns of a file at these positions (schema read first), decoding only those not cached.
   * @param ref - the file
   * @param which - column positions
   * @returns columns by position (the others undefined)
   */
  async columns(ref: FileRef, which: number[]): Promise<(Column | undefined)[]> {
    // the cache may have dropped the entry since the schema was read (budget): read it again
    if (!this.entries.has(this.key(ref))) await this.schema(ref);
    const e = this.entry(ref);
    const missing = which.filter((i) => !e.columns.has(i));
    if (missing.length > 0) {
      const names = e.schema.names;
      const wanted = missing.map((i) => names[i]);
      const table = e.table ?? (e.delta !== undefined
        ? await e.delta.table.read(e.delta.snap, wanted)
        : await codecOf('parquet').readFile!(path.resolve(ref.path), { columns: wanted }, ref.path));
      this.fromTable(e, table, missing, names);
    }
    return this.collect(ref, e, which);
  }

  /**
   * As {@link FileSources.columns}, reading synchronously.
   * @param ref - the file
   * @param which - column positions
   * @returns columns by position
   */
  columnsSync(ref: FileRef, which: number[]): (Column | undefined)[] {
    if (!this.entries.has(this.key(ref))) this.schemaSync(ref);
    const e = this.entry(ref);
    const missing = which.filter((i) => !e.columns.has(i));
    if (missing.length > 0) {
      const names = e.schema.names;
      let table = e.table;
      if (e.delta !== undefined) throw new TruenoDbError(`Expected the columns of the Delta table ${ref.path} read once by query() before querySync reads them`, 'ERR_TRUENO_DB_NOT_CACHED');
      if (table === undefined) {
        let bytes: Uint8Array;
        try {
          bytes = fs.readFileSync(path.resolve(ref.path));
        } catch (err) {
          throw ioError(err, ref.path);
        }
        table = decode(bytes, 'parquet', { columns: missing.map((i) => names[i]) }, ref.path);
      }
      this.fromTable(e, table, missing, names);
    }
    return this.collect(ref, e, which);
  }
}

async function readHead(local: string, shown: string): Promise<Uint8Array> {
  let fh: fs.promises.FileHandle | undefined;
  try {
    fh = await fs.promises.open(local, 'r');
    const buf = new Uint8Array(64);
    const { bytesRead } = await fh.read(buf, 0, 64, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    throw ioError(e, shown);
  } finally {
    await fh?.close();
  }
}
