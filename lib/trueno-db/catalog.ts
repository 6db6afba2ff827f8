/**
 * The tables of a database (the StoredTable contract; in-memory tables here, on-disk ones in ./disk.ts) and the checks
 * that make data fit a table. An in-memory table's columns are ColumnAppenders backed by SharedArrayBuffers (query
 * workers read them in place); a snapshot is a set of Column views of the rows held at that moment, unaffected by
 * later inserts. Deleting rows builds new columns (the old ones stay intact for queries still reading them).
 */
import { Table, RecordBatch, Schema as ArrowSchema } from 'apache-arrow';
import { ArrowDataset } from '../alimentar/dataset';
import { columnFromData, sqlTypeOf } from './convert';
import { ColumnAppender, sliceColumn } from './column/appender';
import { MAX_ROWS, nullColumn, typeName, widenColumn, widensTo } from './column/sql-types';
import type { Expr, Plan, ScanNode } from './plan/ir';
import type { QueryJob } from './worker';
import { ConstraintError, SchemaMismatchError, TooLargeError, describe, typeError } from './errors';
import type { Column, ColumnBatch, Schema, SqlType } from './types';

/** What insertBatch takes: Arrow data or an alimentar dataset. */
export type BatchInput = Table | RecordBatch | ArrowDataset;

/** Runs a plan over the given sources (on a worker or here) and gives its rows. */
export type PlanRunner = (plan: Plan, sources: QueryJob['sources']) => Promise<ColumnBatch>;

/** A table of a database, in memory ({@link MemTable}) or on disk (DiskTable in ./disk.ts). */
export interface StoredTable {
  /** The name it was created with. */
  readonly name: string;
  /** Its columns. */
  readonly schema: Schema;
  /** Per column, whether it refuses NULLs (CREATE TABLE ... NOT NULL); absent: every column takes NULLs. */
  readonly notNull?: boolean[];
  /** Rows held (as last read, for a table on disk). */
  readonly numRows: number;
  /** Bytes held in memory. */
  readonly bytes: number;
  /**
   * The rows as of now, at these column positions (the others undefined).
   * @param which - column positions
   */
  columns(which: number[]): Promise<(Column | undefined)[]>;
  /** As columns(), synchronously (a table on disk: from what its last read left in memory). */
  columnsSync(which: number[]): (Column | undefined)[];
  /**
   * Appends rows, as one commit on disk.
   * @param chunks - column lists in the table's order and types
   */
  append(chunks: Column[][]): Promise<void>;
  /**
   * Deletes the rows where `predicate` is TRUE (all rows without one).
   * @param predicate - over the table's columns
   * @param run - runs the plan that computes the rows kept
   * @returns rows deleted
   */
  deleteWhere(predicate: Expr | undefined, run: PlanRunner): Promise<number>;
  /** Removes the table's data (on disk: its folder). */
  destroy(): Promise<void>;
}

/**
 * The plan of the rows DELETE keeps, over a scan of every column: those where the predicate is not TRUE (FALSE or
 * NULL).
 * @param name - the table
 * @param schema - its columns
 * @param predicate - the DELETE's WHERE
 * @returns the plan (its scan's id is `table:<name>`)
 */
export function keepPlan(name: string, schema: Schema, predicate: Expr): Plan {
  const scan: ScanNode = { op: 'scan', source: { kind: 'table', name }, id: `table:${name}`, columns: schema.types.map((_, i) => i), schema };
  const keep: Expr = { kind: 'call', fn: 'is_distinct', args: [predicate, { kind: 'literal', value: true, type: { id: 'boolean' } }], type: { id: 'boolean' } };
  return { op: 'filter', input: scan, predicate: keep, schema };
}

/** An in-memory table: its schema and growable shared columns. */
export class MemTable implements StoredTable {
  private cols: ColumnAppender[];
  /** Bumped by every change, so caches of derived data know when they are stale. */
  version = 0;
  /** Bumped when the rows are replaced (DELETE), not when rows are appended. */
  generation = 0;

  /**
   * @param name - the table's name
   * @param schema - its columns
   */
  constructor(readonly name: string, readonly schema: Schema, readonly notNull?: boolean[]) {
    this.cols = schema.types.map((t) => new ColumnAppender(t, true));
  }

  /** Rows held. */
  get numRows(): number {
    return this.cols.length === 0 ? 0 : this.cols[0].length;
  }

  /** Memory held by the columns (capacity included). */
  get bytes(): number {
    return this.cols.reduce((b, c) => b + c.bytes, 0);
  }

  /** @inheritdoc */
  async columns(which: number[]): Promise<(Column | undefined)[]> {
    return this.snapshot(which);
  }

  /** @inheritdoc */
  columnsSync(which: number[]): (Column | undefined)[] {
    return this.snapshot(which);
  }

  /** @inheritdoc */
  async append(chunks: Column[][]): Promise<void> {
    const n = chunks.reduce((k, c) => k + (c[0]?.length ?? 0), 0);
    if (this.numRows + n > MAX_ROWS) throw new TooLargeError(`Expected at most ${MAX_ROWS} rows in table '${this.name}' but inserting ${n} rows would make ${this.numRows + n}`);
    if (chunks.length > 1) for (const c of this.cols) c.reserve(n);
    for (const c of chunks) this.appendNow(c);
  }

  /** @inheritdoc */
  async deleteWhere(predicate: Expr | undefined, run: PlanRunner): Promise<number> {
    for (;;) {
      const before = this.numRows;
      const generation = this.generation;
      const kept = predicate === undefined ? undefined : await run(keepPlan(this.name, this.schema, predicate), [[`table:${this.name}`, this.snapshot()]]);
      // another DELETE replaced the rows meanwhile: compute again over its result
      if (this.generation !== generation) continue;
      // rows inserted while the predicate ran came after the DELETE: they stay
      const later = this.numRows - before;
      const tail = this.snapshot();
      this.replace(kept === undefined ? this.schema.types.map((t) => nullColumn(t, 0)) : kept.columns);
      if (later > 0) this.appendNow(tail.map((c) => sliceColumn(c!, before, later)));
      return before - (kept?.length ?? 0);
    }
  }

  /** @inheritdoc */
  async destroy(): Promise<void> {
    this.replace(this.schema.types.map((t) => nullColumn(t, 0)));
  }

  /**
   * Appends rows: columns in the table's order, already of its types (see {@link conformBatches}).
   * @param columns - one Column per table column, of equal length
   * @throws TooLargeError past MAX_ROWS rows (nothing is appended then)
   */
  appendNow(columns: Column[]): void {
    const n = columns.length === 0 ? 0 : columns[0].length;
    if (this.numRows + n > MAX_ROWS) throw new TooLargeError(`Expected at most ${MAX_ROWS} rows in table '${this.name}' but inserting ${n} rows would make ${this.numRows + n}`);
    columns.forEach((c, i) => this.cols[i].append(c));
    this.version++;
  }

  /**
   * Replaces every row (DELETE keeps the rows it does not delete this way).
   * @param columns - the new rows, in the table's column order and types
   */
  replace(columns: Column[]): void {
    this.cols = this.schema.types.map((t) => new ColumnAppender(t, true));
    this.generation++;
    this.appendNow(columns);
  }

  /**
   * The rows held now.
   * @param which - column positions wanted (default all); the others are undefined in the result
   * @returns Column views, by column position
   */
  snapshot(which?: number[]): (Column | undefined)[] {
    if (which === undefined) return this.cols.map((c) => c.view());
    const out: (Column | undefined)[] = new Array(this.cols.length).fill(undefined);
    for (const i of which) out[i] = this.cols[i].view();
    return out;
  }
}

/**
 * The Arrow schema and record batches of what insertBatch was given.
 * @param input - Arrow Table, RecordBatch or alimentar ArrowDataset
 * @returns the Arrow schema and the record batches
 * @throws TypeError for anything else
 */
export function arrowBatches(input: unknown): { schema: ArrowSchema; batches: RecordBatch[] } {
  if (input instanceof ArrowDataset) input = input.toTable();
  if (input instanceof Table) return { schema: input.schema, batches: input.batches };
  if (input instanceof RecordBatch) return { schema: input.schema, batches: [input] };
  throw typeError(`Expected an apache-arrow Table or RecordBatch, or an alimentar ArrowDataset, for batch but received ${describe(input)}`);
}

/**
 * The schema of Arrow data as trueno-db types.
 * @param schema - the Arrow schema
 * @returns names and SqlTypes
 * @throws ConversionError naming a column of a type trueno-db does not hold; SchemaMismatchError for a repeated name
 */
export function schemaFromArrow(schema: ArrowSchema): Schema {
  const names = schema.fields.map((f) => f.name);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.toLowerCase())) throw new SchemaMismatchError(`Expected distinct column names but column '${n}' appears twice`, n);
    seen.add(n.toLowerCase());
  }
  return { names, types: schema.fields.map((f) => sqlTypeOf(f.type, f.name)) };
}

/**
 * Matches a batch's columns to a table's by name (in any order; names compare case-insensitively, as SQL does).
 * @param table - the table's name, for messages
 * @param target - the table's schema
 * @param source - the batch's schema
 * @returns for each table column, the position of the batch column that fills it
 * @throws SchemaMismatchError naming the first column missing, extra, or of a type that does not widen exactly
 */
export function matchSchema(table: string, target: Schema, source: Schema): number[] {
  const index = new Map(source.names.map((n, i) => [n.toLowerCase(), i]));
  const taken = new Set<number>();
  const map = target.names.map((name, j) => {
    const i = index.get(name.toLowerCase());
    if (i === undefined) throw new SchemaMismatchError(`Expected a column '${name}' (${typeName(target.types[j])}) in the batch for table '${table}' but the batch has (${source.names.join(', ')})`, name);
    const from: SqlType = source.types[i];
    if (!widensTo(from, target.types[j])) {
      throw new SchemaMismatchError(`Expected ${typeName(target.types[j])} values for column '${name}' of table '${table}' but the batch has ${typeName(from)}`, name);
    }
    taken.add(i);
    return i;
  });
  const extra = source.names.find((_, i) => !taken.has(i));
  if (extra !== undefined) throw new SchemaMismatchError(`Expected only the columns of table '${table}' (${target.names.join(', ')}) in the batch but it has column '${extra}'`, extra);
  return map;
}

/**
 * Converts Arrow record batches to column lists in a table's order and types.
 * @param table - the table's name, for messages
 * @param target - the table's schema
 * @param schema - the batches' Arrow schema
 * @param batches - the batches
 * @returns one list of Columns per non-empty batch
 * @throws SchemaMismatchError / ConversionError naming the column
 */
export function conformBatches(table: string, target: Schema, schema: ArrowSchema, batches: RecordBatch[]): Column[][] {
  const source = schemaFromArrow(schema);
  const map = matchSchema(table, target, source);
  return batches.filter((b) => b.numRows > 0).map((b) => map.map((i, j) => {
    const col = columnFromData(b.data.children[i], source.names[i]);
    return widenColumn(col, target.types[j]);
  }));
}

/**
 * A ColumnBatch's columns in a table's order and types (INSERT ... SELECT, CREATE TABLE AS).
 * @param table - the table's name, for messages
 * @param target - the table's schema
 * @param batch - the rows, positionally matching `target` (as the binder lines them up)
 * @returns the columns
 * @throws SchemaMismatchError naming a column whose type does not widen exactly
 */
export function conformColumns(table: string, target: Schema, batch: ColumnBatch): Column[] {
  return target.types.map((t, j) => {
    const col = batch.columns[j];
    if (!widensTo(col.type, t)) throw new SchemaMismatchError(`Expected ${typeName(t)} values for column '${target.names[j]}' of table '${table}' but received ${typeName(col.type)}`, target.names[j]);
    return widenColumn(col, t);
  });
}

/**
 * Refuses rows with a NULL in a NOT NULL column.
 * @param table - the table
 * @param chunks - the rows about to be appended, in the table's column order
 * @throws ConstraintError naming the table and column
 */
export function checkNotNull(table: StoredTable, chunks: Column[][]): void {
  const flags = table.notNull;
  if (flags === undefined) return;
  for (const cols of chunks) {
    cols.forEach((c, j) => {
      if (!flags[j]) return;
      const v = c.valid;
      if (c.type.id === 'null' && c.length > 0) throw new ConstraintError(table.name, table.schema.names[j]);
      if (v !== undefined) for (let i = 0; i < c.length; i++) if (v[i] === 0) throw new ConstraintError(table.name, table.schema.names[j]);
    });
  }
}
