/**
 * ArrowDataset: an in-memory dataset over an apache-arrow Table with chainable transforms. Each transform returns a
 * new dataset. Row selections (filter, sort, take, skip, shuffle, sample, unique, splits) are lazy: they compose an
 * index vector over the same columns and rows are gathered once, when columns are next needed, instead of once per
 * step. Column operations (select, drop, rename) never copy data.
 */
import { DataType, Field, RecordBatch, Schema, Table, Vector, util, vectorFromArray } from 'apache-arrow';
import { gatherTable, inferType } from './columns';
import { AlimentarError, ColumnError, SchemaMismatchError, describe, rangeError, typeError } from './errors';
import { detectFormat, formatFromExtension, FORMATS, type Format } from './formats/detect';
import { decode, encode, type DecodeOptions, type EncodeOptions } from './formats/index';
import { codecOf } from './formats/codecs';
import { atomicWrite, ioError, localPath, readBytes } from './io';
import { Random } from '../common/random';
import { keepBigInt, plainValue, type Int64Options } from '../common/int64';
import { castVector, fillNullVector, normalizeVector, type NormalizeMethod, type NormalizeStats } from './transforms/columnwise';
import { evaluate } from './transforms/expression';
import { sortIndices, splitIndices, uniqueIndices, type SortKey } from './transforms/rows';
import { toMatrix, toVector, type TensorDType } from './tensor';
import type { Tensor } from '../trueno/tensor';
import { isNumeric, toArrowType, type ColumnType } from './types';
import { expectCount, expectFraction, expectOneOf, expectOptions, expectRecord, expectString, expectStrings } from './validate';
import { DECODE_OPTIONS, ENCODE_OPTIONS, expectReadOptions, expectWriteOptions } from './option-keys';
import { adoptTable } from './formats/foreign-arrow';
import { describeTable, PRINTED_ROWS, renderDatasetText } from './summary';
import { loadIpcCodecs } from './formats/ipc/compression';

/** Options for {@link ArrowDataset.open}. */
export interface OpenOptions extends DecodeOptions {
  /** The format, when neither the extension nor the content says. */
  format?: Format;
}

/** Options for {@link ArrowDataset.write}. */
export interface WriteOptions extends EncodeOptions {
  /** The format (default: from the extension). */
  format?: Format;
}

/** A row as a plain object (int64 values as numbers, or bigint with `{ bigint: true }`; see {@link ArrowDataset.toRows}). */
export type Row = Record<string, unknown>;

/** Options of {@link ArrowDataset.toRows}: `bigint: true` keeps int64 values as exact BigInt. */
export type RowOptions = Int64Options;

const OPEN_OPTIONS = { ...DECODE_OPTIONS, format: true } as const;

function checkFormat(format: unknown): Format | undefined {
  return format === undefined ? undefined : expectOneOf(format, FORMATS, 'format');
}

/**
 * An in-memory columnar dataset; see the module comment.
 * @example const iris = await ArrowDataset.open(samplePath('iris.parquet')); iris.shape; // [150, 5]
 */
export class ArrowDataset {
  private materialized: Table | undefined;

  private constructor(private readonly base: Table, private readonly rows: Int32Array | undefined) {
    if (rows === undefined) this.materialized = base;
  }

  /**
   * Reads a dataset from a file or URL; the format comes from `options.format`, the extension, or the first bytes.
   * @param pathOrUrl - a local path, file:// URL or http(s):// URL
   * @param options - format, column projection, Parquet row groups, CSV options
   * @returns the dataset
   * @throws NotFoundError, UnknownFormatError, ParquetError, IpcError, CsvParseError, JsonParseError
   * @example const ds = await ArrowDataset.open('../shared/data/iris.parquet', { columns: ['target'] });
   */
  static async open(pathOrUrl: string, options?: OpenOptions): Promise<ArrowDataset> {
    const opts = expectReadOptions<OpenOptions>(options, 'ArrowDataset.open options', OPEN_OPTIONS);
    const local = localPath(pathOrUrl);
    const named = checkFormat(opts.format) ?? formatFromExtension(pathOrUrl);
    const readFile = named === undefined ? undefined : codecOf(named).readFile;
    if (local !== undefined && readFile !== undefined) {
      if (opts.columns !== undefined) expectStrings(opts.columns, 'options.columns');
      let table: Table;
      try {
        table = await readFile(local, opts, pathOrUrl);
      } catch (e) {
        throw e instanceof AlimentarError ? e : ioError(e, pathOrUrl);
      }
      return new ArrowDataset(table, undefined);
    }
    const bytes = await readBytes(pathOrUrl);
    return ArrowDataset.fromBytes(bytes, { ...opts, format: detectFormat(pathOrUrl, bytes.subarray(0, 64), named) }, pathOrUrl);
  }

  /**
   * Decodes a dataset from bytes (for data fetched by other means, e.g. a storage backend).
   * @param bytes - the file's bytes
   * @param options - format (required unless recognisable from the content), projection, CSV options
   * @param source - a name for error messages
   * @returns the dataset
   * @throws as {@link ArrowDataset.open}
   * @example ArrowDataset.fromBytes(fs.readFileSync('iris.csv'), { format: 'csv' })
    */
  static fromBytes(bytes: Uint8Array, options: OpenOptions = {}, source = 'data'): ArrowDataset {
    const { format: named, ...opts } = expectReadOptions<OpenOptions>(options, 'ArrowDataset.fromBytes options', OPEN_OPTIONS);
    if (!(bytes instanceof Uint8Array)) throw typeError(`Expected a Uint8Array for bytes but received ${describe(bytes)}`);
    if (opts.columns !== undefined) expectStrings(opts.columns, 'options.columns');
    const format = detectFormat(source, bytes.subarray(0, 64), checkFormat(named));
    let table = decode(bytes, format, opts, source);
    // a format that reads only the requested columns has already selected them; selecting again costs nothing
    if (opts.columns !== undefined) table = selectColumns(table, opts.columns);
    return new ArrowDataset(table, undefined);
  }

  /**
   * Decodes a dataset from a Blob or File (a file the user picked in a page, a Blob from `fetch`, or Node's
   * `fs.openAsBlob`); the format comes from `options.format`, the File's name, or the content.
   * @param blob - the data
   * @param options - as {@link ArrowDataset.fromBytes}
   * @returns the dataset
   * @throws TypeError when blob is not a Blob; as {@link ArrowDataset.open} for its content
   * @example
   * input.onchange = async () => { const ds = await ArrowDataset.fromBlob(input.files[0]); };
   */
  static async fromBlob(blob: Blob, options: OpenOptions = {}): Promise<ArrowDataset> {
    expectReadOptions<OpenOptions>(options, 'ArrowDataset.fromBlob options', OPEN_OPTIONS);
    if (typeof Blob !== 'function' || !(blob instanceof Blob)) throw typeError(`Expected a Blob or File for blob but received ${describe(blob)}`);
    const name = (blob as { name?: unknown }).name;
    return ArrowDataset.fromBytes(new Uint8Array(await blob.arrayBuffer()), options, typeof name === 'string' && name !== '' ? name : 'blob');
  }

  /**
   * Wraps a table (no copy).
   * @param table - an apache-arrow Table
   * @returns the dataset
   * @throws TypeError for anything else
   * @example ArrowDataset.fromTable(tableFromArrays({ x: Float64Array.of(1, 2), y: Int32Array.of(0, 1) }))
    */
  static fromTable(table: Table): ArrowDataset {
    if (!(table instanceof Table)) throw typeError(`Expected an apache-arrow Table for table but received ${describe(table)}`);
    return new ArrowDataset(adoptTable(table), undefined);
  }

  /**
   * Stacks datasets with the same schema (names and types, in order).
   * @param datasets - one or more datasets
   * @returns the rows of all, in order
   * @throws SchemaMismatchError naming the first field that differs
   * @example ArrowDataset.concat([train, test]).numRows // train.numRows + test.numRows
    */
  static concat(datasets: ArrowDataset[]): ArrowDataset {
    if (!Array.isArray(datasets) || datasets.length === 0 || datasets.some((d) => !(d instanceof ArrowDataset))) {
      throw typeError(`Expected a non-empty array of ArrowDatasets for datasets but received ${describe(datasets)}`);
    }
    const first = datasets[0].schema;
    const batches: RecordBatch[] = [];
    datasets.forEach((d, k) => {
      const s = d.schema;
      const names = (x: Schema) => x.fields.map((f) => `${f.name}: ${String(f.type)}`).join(', ');
      const same = s.fields.length === first.fields.length && s.fields.every((f, i) => f.name === first.fields[i].name && util.compareTypes(f.type, first.fields[i].type));
      if (!same) throw new SchemaMismatchError(`Expected the schema (${names(first)}) for datasets[${k}] but received (${names(s)})`);
      for (const b of d.toTable().batches) batches.push(new RecordBatch(first, b.data));
    });
    return new ArrowDataset(new Table(first, batches), undefined);
  }

  /** The columns' names and types. */
  get schema(): Schema {
    return this.base.schema;
  }

  /** Number of rows. */
  get numRows(): number {
    return this.rows === undefined ? this.base.numRows : this.rows.length;
  }

  /**
   * Number of rows (the same as {@link ArrowDataset.numRows}, under the name arrays use).
   * @example (await ArrowDataset.open('iris.parquet')).length // 150
   */
  get length(): number {
    return this.numRows;
  }

  /**
   * [rows, columns], as pandas' `DataFrame.shape`.
   * @example (await ArrowDataset.open('iris.parquet')).shape // [150, 5]
   */
  get shape(): [number, number] {
    return [this.numRows, this.base.schema.fields.length];
  }

  /**
   * Summary statistics of the numeric (integer and float) columns, as pandas' `DataFrame.describe()`, returned as a
   * dataset (so it prints as a table and converts like any other): a utf8 `statistic` column holding count, mean,
   * std, min, 25%, 50%, 75%, max and nulls, and one float64 column per numeric column. count is the non-missing
   * values; nulls and NaN are missing (pandas' skipna) and counted in `nulls`; std is the sample standard deviation
   * (ddof 1, NaN for fewer than 2 values); quartiles interpolate linearly (pandas' and numpy's default); a column with
   * no values has NaN statistics. When a column is itself named `statistic` the label column is `_statistic`.
   * @returns the statistics, one row per statistic
   * @example
   * const stats = ds.describe();
   * stats.toRows()[1]; // { statistic: 'mean', sepal_length: 5.843..., ... }
   */
  describe(): ArrowDataset {
    return new ArrowDataset(describeTable(this.toTable()), undefined);
  }

  /**
   * The shape, schema and first rows as an aligned table, e.g.
   * `'ArrowDataset: 150 rows × 5 columns\nschema: sepal_length: Float64, ...\nsepal_length  ...\n...'`;
   * `console.log(ds)` in Node prints the same (see the `util.inspect.custom` method).
   * @returns the text
   * @example String(iris.head(2)) // shape, schema and the rows as an aligned table
    */
  toString(): string {
    return renderDatasetText(this.base.schema, this.numRows, this.head(PRINTED_ROWS).toRows({ bigint: true }));
  }

  /**
   * What Node's `util.inspect` (and so `console.log`) shows: {@link ArrowDataset.toString}. Keyed by the registered
   * symbol, so nothing imports node:util.
   * @returns the text
   * @example console.log(iris) // what String(iris) gives
    */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** The column names, in order. */
  get columnNames(): string[] {
    return this.base.schema.fields.map((f) => f.name);
  }

  /**
   * The data as one apache-arrow Table (rows gathered now if a row selection is pending).
   * @returns the table
   * @example iris.toTable().getChild('target')?.length // 150
    */
  toTable(): Table {
    this.materialized ??= gatherTable(this.base, this.rows!);
    return this.materialized;
  }

  /**
   * One column.
   * @param name - the column
   * @returns its vector
   * @throws ColumnError for an unknown column
   * @example iris.column('sepal_length_cm').get(0) // 5.1
    */
  column(name: string): Vector {
    expectString(name, 'name');
    const v = this.toTable().getChild(name);
    if (!v) throw unknownColumn(name, this.columnNames);
    return v;
  }

  /**
   * The rows as plain objects (for display and small data; use columns for speed). int64 values (CSV and JSON
   * integer columns are int64, as in pyarrow) come as plain numbers, so rows add up and `JSON.stringify` them;
   * `{ bigint: true }` keeps them as exact BigInt, as apache-arrow hands them out.
   * @param options - `bigint`: keep int64 values as BigInt (default false)
   * @returns one object per row
   * @throws ColumnError naming the column for an int64 value beyond ±(2^53 - 1), which a number would round
   * @throws TypeError for options that are not `{ bigint?: boolean }`
   * @example
   * const ds = await ArrowDataset.open(samplePath('iris.csv'));
   * JSON.stringify(ds.toRows()[0]); // '{"sepal_length":5.1,...,"target":0}'
   * ds.toRows({ bigint: true })[0].target; // 0n
   */
  toRows(options?: RowOptions): Row[] {
    const keep = keepBigInt(options, 'toRows options', typeError);
    const names = this.columnNames;
    const fail = (message: string, column: string) => new ColumnError(message, column);
    return this.toTable().toArray().map((r) => {
      const row: Row = { ...r.toJSON() };
      if (!keep) for (const name of names) row[name] = plainValue(row[name], name, false, fail);
      return row;
    });
  }

  /**
   * The first rows.
   * @param n - how many (default 5)
   * @returns a dataset of at most n rows
   * @throws RangeError for a negative n
   * @example iris.head(3).numRows // 3
    */
  head(n = 5): ArrowDataset {
    return this.take(Math.min(expectCount(n, 'n'), this.numRows));
  }

  /**
   * Encodes the dataset in a format.
   * @param format - the format
   * @param options - Parquet codec and row groups, Arrow IPC compression ('lz4'; 'zstd' after loadIpcCodecs), CSV options
   * @returns the bytes
   * @example const csv = new TextDecoder().decode(iris.toBytes('csv'))
    */
  toBytes(format: Format, options?: EncodeOptions): Uint8Array {
    const opts = expectWriteOptions<EncodeOptions>(options, 'toBytes options', ENCODE_OPTIONS);
    return encode(this.toTable(), expectOneOf(format, FORMATS, 'format'), opts);
  }

  /**
   * Writes the dataset to a file, atomically (a temporary file in the same directory, then a rename).
   * @param path - the destination; the format comes from `options.format` or the extension
   * @param options - format; `compression`: Parquet codec ('snappy' default) or Arrow IPC body compression
   *   ('uncompressed' default, 'lz4', 'zstd'); Parquet row-group size; CSV options
   * @throws UnknownFormatError when the format cannot be told; WriteError when the file cannot be written; IpcError
   *   for a compression Arrow IPC has not
   * @example await ds.write('out/iris.parquet', { compression: 'zstd' });
   * @example await ds.write('out/iris.arrow', { compression: 'lz4' });
   */
  async write(path: string, options?: WriteOptions): Promise<void> {
    const { format: named, ...encodeOptions } = expectWriteOptions<WriteOptions>(options, 'write options', { ...ENCODE_OPTIONS, format: true });
    const target = localPath(path);
    if (target === undefined) throw typeError(`Expected a local path or file:// URL for path but received '${path}'`);
    const format = detectFormat(path, new Uint8Array(0), checkFormat(named) ?? formatFromExtension(path));
    // the ZSTD encoder for Arrow IPC is WebAssembly, loaded asynchronously (toBytes is synchronous)
    if (encodeOptions.compression === 'zstd' && (format === 'ipc' || format === 'arrows')) await loadIpcCodecs();
    await atomicWrite(target, [this.toBytes(format, encodeOptions)]);
  }

  /**
   * Columns as a row-major matrix tensor [numRows, columns.length] for the tensor core.
   * @param columns - the columns (default: all)
   * @param dtype - 'float64' (default), 'float32' or 'int32'
   * @returns the tensor (sharing memory for one column of that type without nulls)
   * @throws ColumnError naming the column for nulls or non-numeric data
   * @example const X = ds.toMatrix(['sepal_length_cm', 'sepal_width_cm'], 'float32');
   */
  toMatrix(columns?: string[], dtype?: TensorDType): Tensor {
    return toMatrix(this, columns, dtype);
  }

  /**
   * One column as a 1-d tensor; zero-copy when it is one chunk of that type without nulls.
   * @param column - the column
   * @param dtype - element type (default: the column's own when int32/float32, else float64)
   * @returns the tensor
   * @throws ColumnError naming the column for nulls or non-numeric data
   * @example iris.toVector('target', 'int32').shape // [150]
    */
  toVector(column: string, dtype?: TensorDType): Tensor {
    return toVector(this, column, dtype);
  }

  // ---- column transforms ----

  /**
   * Keeps only these columns, in this order (no copy).
   * @param columns - column names
   * @returns the new dataset
   * @throws ColumnError for an unknown column
   * @example iris.select(['petal_length_cm', 'target']).columnNames // ['petal_length_cm', 'target']
    */
  select(columns: string[]): ArrowDataset {
    return this.withBase(selectColumns(this.base, expectStrings(columns, 'columns')));
  }

  /**
   * Removes columns (no copy).
   * @param columns - column names
   * @returns the new dataset
   * @throws ColumnError for an unknown column
   * @example iris.drop(['target']).columnNames.length // 4
    */
  drop(columns: string[]): ArrowDataset {
    expectStrings(columns, 'columns').forEach((c) => this.checkColumn(c));
    return this.select(this.columnNames.filter((c) => !columns.includes(c)));
  }

  /**
   * Renames columns (no copy).
   * @param mapping - old name to new name
   * @returns the new dataset
   * @throws ColumnError for an unknown column; RangeError when two columns would share a name
   * @example iris.rename({ target: 'species' }).columnNames.at(-1) // 'species'
    */
  rename(mapping: Record<string, string>): ArrowDataset {
    const m = expectRecord<string>(mapping, 'mapping');
    Object.entries(m).forEach(([from, to]) => {
      this.checkColumn(from);
      expectString(to, `mapping.${from}`);
    });
    const names = this.columnNames.map((n) => m[n] ?? n);
    if (new Set(names).size !== names.length) throw rangeError(`Expected distinct column names after rename but received ${names.join(', ')}`);
    const fields = this.base.schema.fields.map((f, i) => new Field(names[i], f.type, f.nullable, f.metadata));
    const schema = new Schema(fields, this.base.schema.metadata);
    return this.withBase(new Table(schema, this.base.batches.map((b) => new RecordBatch(schema, b.data))));
  }

  /**
   * Adds (or replaces) a column computed from each row, or from an expression evaluated column-wise.
   * @param name - the new column's name
   * @param fn - an expression such as 'a * 2 + b', or a function of the row object and its position
   * @param type - the result type (default: float64 for numbers, bool, utf8, int64 for bigint)
   * @returns the new dataset
   * @throws TypeError for a bad expression; ColumnError for an unknown column in it
   * @example ds.map('ratio', 'petal_length_cm / petal_width_cm').map('big', (r) => (r.target as bigint) > 0n)
   */
  map(name: string, fn: string | ((row: Row, index: number) => unknown), type?: ColumnType | DataType): ArrowDataset {
    expectString(name, 'name');
    const table = this.toTable();
    let values: ArrayLike<unknown>;
    if (typeof fn === 'string') {
      const r = evaluate(fn, table);
      const out = new Array<unknown>(table.numRows);
      for (let i = 0; i < out.length; i++) out[i] = r.nulls?.[i] ? null : r.kind === 'bool' ? r.values[i] === 1 : r.values[i];
      values = out;
    } else if (typeof fn === 'function') {
      values = this.toRows({ bigint: true }).map((row, i) => fn(row, i) ?? null);
    } else {
      throw typeError(`Expected an expression string or a function for fn but received ${describe(fn)}`);
    }
    const arrowType = type === undefined ? inferType(values) : toArrowType(type, 'type');
    const vector = vectorFromArray(Array.from(values), arrowType);
    return ArrowDataset.fromTable(replaceColumn(table, name, vector));
  }

  /**
   * Converts columns to other types.
   * @param types - column name to type name ('float32', 'int32', 'utf8', ...) or apache-arrow DataType
   * @returns the new dataset
   * @throws ColumnError for an unknown column or a value that does not convert
   * @example iris.cast({ target: 'float64' })
    */
  cast(types: Record<string, ColumnType | DataType>): ArrowDataset {
    let table = this.toTable();
    for (const [name, t] of Object.entries(expectRecord<ColumnType>(types, 'types'))) {
      this.checkColumn(name);
      table = replaceColumn(table, name, castVector(table.getChild(name)!, toArrowType(t, `types.${name}`), name));
    }
    return ArrowDataset.fromTable(table);
  }

  /**
   * Replaces nulls.
   * @param values - column name to replacement value
   * @returns the new dataset
   * @throws ColumnError for an unknown column or a value that does not fit its type
   * @example ds.fillNull({ age: 0, name: 'unknown' })
    */
  fillNull(values: Record<string, unknown>): ArrowDataset {
    let table = this.toTable();
    for (const [name, v] of Object.entries(expectRecord<unknown>(values, 'values'))) {
      this.checkColumn(name);
      table = replaceColumn(table, name, fillNullVector(table.getChild(name)!, v, name));
    }
    return ArrowDataset.fromTable(table);
  }

  /**
   * Scales numeric columns to float64: 'standard' (zero mean, unit population variance) or 'minmax' ([0, 1]).
   * @param columns - the columns (default: every numeric column)
   * @param method - 'standard' (default) or 'minmax'
   * @param stats - per-column statistics to reuse (e.g. those of the training split, from {@link ArrowDataset.normalizeWithStats})
   * @returns the new dataset
   * @throws ColumnError for an unknown or non-numeric column
   * @example iris.normalize(['sepal_length_cm'], 'minmax').toVector('sepal_length_cm') // in [0, 1]
    */
  normalize(columns?: string[], method: NormalizeMethod = 'standard', stats?: Record<string, NormalizeStats>): ArrowDataset {
    return this.normalizeWithStats(columns, method, stats).dataset;
  }

  /**
   * As {@link ArrowDataset.normalize}, also returning the statistics used, to apply the same scaling elsewhere.
   * @returns the dataset and the statistics per column
   * @example const { dataset, stats } = train.normalizeWithStats(); test.normalize(undefined, 'standard', stats)
    */
  normalizeWithStats(columns?: string[], method: NormalizeMethod = 'standard', stats?: Record<string, NormalizeStats>): { dataset: ArrowDataset; stats: Record<string, NormalizeStats> } {
    expectOneOf(method, ['standard', 'minmax'] as const, 'method');
    const cols = columns === undefined
      ? this.base.schema.fields.filter((f) => isNumeric(f.type)).map((f) => f.name)
      : expectStrings(columns, 'columns');
    let table = this.toTable();
    const used: Record<string, NormalizeStats> = {};
    for (const name of cols) {
      this.checkColumn(name);
      const r = normalizeVector(table.getChild(name)!, method, name, stats?.[name]);
      used[name] = r.stats;
      table = replaceColumn(table, name, r.vector);
    }
    return { dataset: ArrowDataset.fromTable(table), stats: used };
  }

  // ---- row transforms (lazy) ----

  /**
   * Keeps the rows where the predicate holds.
   * @param predicate - an expression such as 'x > 0.5 && g == 3' (rows where it is null are dropped) or a function
   * @returns the new dataset
   * @throws TypeError for a bad expression; ColumnError for an unknown column
   * @example iris.filter('target == 2').numRows // 50
    */
  filter(predicate: string | ((row: Row, index: number) => boolean)): ArrowDataset {
    const keep: number[] = [];
    if (typeof predicate === 'string') {
      const r = evaluate(predicate, this.toTable());
      if (r.kind !== 'bool') throw typeError(`Expected a true/false expression for predicate but '${predicate}' gives ${r.kind} values`);
      for (let i = 0; i < this.numRows; i++) if (r.values[i] === 1 && !r.nulls?.[i]) keep.push(i);
    } else if (typeof predicate === 'function') {
      this.toRows({ bigint: true }).forEach((row, i) => {
        if (predicate(row, i)) keep.push(i);
      });
    } else {
      throw typeError(`Expected an expression string or a function for predicate but received ${describe(predicate)}`);
    }
    return this.pick(Int32Array.from(keep));
  }

  /**
   * Sorts rows (stable; nulls last).
   * @param by - a column name, or keys `{ column, descending }`, most significant first
   * @returns the new dataset
   * @throws ColumnError for an unknown column
   * @example iris.sort({ column: 'petal_length_cm', descending: true }).head(1)
    */
  sort(by: string | SortKey | (string | SortKey)[]): ArrowDataset {
    const keys = (Array.isArray(by) ? by : [by]).map((k) => (typeof k === 'string' ? { column: k } : k));
    keys.forEach((k, i) => this.checkColumn(expectString(k?.column, `by[${i}].column`)));
    return this.pick(sortIndices(this.toTable(), keys));
  }

  /**
   * Keeps the first row of each distinct value (or combination of values).
   * @param columns - the columns that make rows distinct (default: all)
   * @returns the new dataset
   * @example iris.unique(['target']).numRows // 3
    */
  unique(columns?: string[]): ArrowDataset {
    const cols = columns === undefined ? this.columnNames : expectStrings(columns, 'columns');
    cols.forEach((c) => this.checkColumn(c));
    return this.pick(uniqueIndices(this.toTable(), cols));
  }

  /**
   * The first n rows, or the rows at the given positions.
   * @param what - a count, or row positions (0-based, may repeat)
   * @returns the new dataset
   * @throws RangeError for a position out of range
   * @example iris.take([0, 50, 100]).toVector('target', 'int32').toArray() // [0, 1, 2]
    */
  take(what: number | number[] | Int32Array): ArrowDataset {
    if (typeof what === 'number') {
      const n = Math.min(expectCount(what, 'n'), this.numRows);
      return this.pick(Int32Array.from({ length: n }, (_, i) => i));
    }
    if (!(what instanceof Int32Array) && !Array.isArray(what)) throw typeError(`Expected a count or an array of row positions but received ${describe(what)}`);
    const rows = Int32Array.from(what as ArrayLike<number>);
    rows.forEach((r, i) => {
      if (!Number.isInteger(what[i]) || r < 0 || r >= this.numRows) throw rangeError(`Expected row positions in [0, ${this.numRows}) but received ${describe(what[i])}`);
    });
    return this.pick(rows);
  }

  /**
   * Drops the first n rows.
   * @param n - how many
   * @returns the new dataset
   * @example iris.skip(140).numRows // 10
    */
  skip(n: number): ArrowDataset {
    const k = Math.min(expectCount(n, 'n'), this.numRows);
    return this.pick(Int32Array.from({ length: this.numRows - k }, (_, i) => i + k));
  }

  /**
   * Rows in a seeded random order.
   * @param seed - PRNG seed (default 0)
   * @returns the new dataset
   * @example iris.shuffle(42).head(3)
    */
  shuffle(seed = 0): ArrowDataset {
    return this.pick(new Random(seed).permutation(this.numRows));
  }

  /**
   * A seeded random sample of rows.
   * @param n - how many rows
   * @param options - seed (default 0); replace: draw with replacement (default false)
   * @returns the new dataset
   * @throws RangeError for n above numRows without replacement
   * @example iris.sample(10, { seed: 1, replace: true }).numRows // 10
    */
  sample(n: number, options?: { seed?: number; replace?: boolean }): ArrowDataset {
    const opts = expectOptions<{ seed: number; replace: boolean }>(options, 'sample options', { seed: true, replace: true });
    expectCount(n, 'n');
    const rng = new Random(opts.seed ?? 0);
    if (opts.replace) return this.pick(Int32Array.from({ length: n }, () => rng.int(this.numRows)));
    if (n > this.numRows) throw rangeError(`Expected n <= ${this.numRows} (the rows) for n without replacement but received ${n}`);
    return this.pick(rng.permutation(this.numRows).slice(0, n));
  }

  /**
   * Splits rows into train and test datasets, seeded, optionally keeping the class proportions of a column.
   * @param options - testSize: a fraction in (0, 1) or a row count (default 0.25); seed (default 0); stratify: column
   * @returns `{ train, test }`
   * @throws RangeError for a test size that leaves a split empty
   * @example const { train, test } = ds.trainTestSplit({ testSize: 0.2, seed: 42, stratify: 'target' });
   */
  trainTestSplit(options?: { testSize?: number; seed?: number; stratify?: string }): { train: ArrowDataset; test: ArrowDataset } {
    const opts = expectOptions<{ testSize: number; seed: number; stratify: string }>(options, 'trainTestSplit options', { testSize: true, seed: true, stratify: true });
    const size = opts.testSize ?? 0.25;
    const nTest = Number.isInteger(size) && size >= 1 ? size : Math.ceil(expectFraction(size, 'options.testSize') * this.numRows);
    if (nTest >= this.numRows) throw rangeError(`Expected a test size below ${this.numRows} rows for options.testSize but received ${size}`);
    if (opts.stratify !== undefined) this.checkColumn(expectString(opts.stratify, 'options.stratify'));
    const s = splitIndices(this.toTable(), nTest, expectCount(opts.seed ?? 0, 'options.seed'), opts.stratify);
    return { train: this.pick(s.train), test: this.pick(s.test) };
  }

  private pick(rows: Int32Array): ArrowDataset {
    return new ArrowDataset(this.base, this.rows === undefined ? rows : rows.map((r) => this.rows![r]));
  }

  private withBase(table: Table): ArrowDataset {
    return new ArrowDataset(table, this.rows);
  }

  private checkColumn(name: string): void {
    if (!this.columnNames.includes(name)) throw unknownColumn(name, this.columnNames);
  }
}

function unknownColumn(name: string, names: string[]): ColumnError {
  return new ColumnError(`Expected a column of the dataset (${names.join(', ')}) but received '${name}'`, name);
}

function selectColumns(table: Table, columns: string[]): Table {
  const names = table.schema.fields.map((f) => f.name);
  columns.forEach((c) => {
    if (!names.includes(c)) throw unknownColumn(c, names);
  });
  return table.select(columns);
}

function replaceColumn(table: Table, name: string, vector: Vector): Table {
  const vectors: Record<string, Vector> = {};
  for (const f of table.schema.fields) vectors[f.name] = f.name === name ? vector : table.getChild(f.name)!;
  if (!(name in vectors)) vectors[name] = vector;
  return new Table(vectors);
}
