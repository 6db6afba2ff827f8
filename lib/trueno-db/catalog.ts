/**
 * The database's tables in memory and the checks that make data fit a table. A table's columns are
 * ColumnAppenders backed by SharedArrayBuffers (query workers read them in place); a snapshot is a set of Column
 * views of the rows held at that moment, unaffected by later inserts. Deleting rows builds new columns (the old ones
 * stay intact for queries still reading them).
 */
import { Table, RecordBatch, Schema as ArrowSchema } from 'apache-arrow';
import { ArrowDataset } from '../alimentar/dataset';
import { columnFromData, sqlTypeOf } from './convert';
import { ColumnAppender } from './column/appender';
import { MAX_ROWS, typeName, widenColumn, widensTo } from './column/sql-types';
import { SchemaMismatchError, TooLargeError, describe, typeError } from './errors';
import type { Column, ColumnBatch, Schema, SqlType } from './types';

/** What insertBatch takes: Arrow data or an alimentar dataset. */
export type BatchInput = Table | RecordBatch | ArrowDataset;

/** An in-memory table: its schema and growable shared columns. */
export class MemTable {
  private columns: ColumnAppender[];
  /** Bumped by every change, so caches of derived data know when they are stale. */
  version = 0;
  /** Bumped when the rows are replaced (DELETE), not when rows are appended. */
  generation = 0;

  /**
   * @param name - the table's name
   * @param schema - its columns
   */
  constructor(readonly name: string, readonly schema: Schema) {
    this.columns = schema.types.map((t) => new ColumnAppender(t, true));
  }

  /** Rows held. */
  get numRows(): number {
    return this.columns.length === 0 ? 0 : this.columns[0].length;
  }

  /** Memory held by the columns (capacity included). */
  get bytes(): number {
    return this.columns.reduce((b, c) => b + c.bytes, 0);
  }

  /**
   * Appends rows: columns in the table's order, already of its types (see {@link conformBatch}).
   * @param columns - one Column per table column, of equal length
   * @throws TooLargeError past MAX_ROWS rows (nothing is appended then)
   */
  append(columns: Column[]): void {
    const n = columns.length === 0 ? 0 : columns[0].length;
    if (this.numRows + n > MAX_ROWS) throw new TooLargeError(`Expected at most ${MAX_ROWS} rows in table '${this.name}' but inserting ${n} rows would make ${this.numRows + n}`);
    columns.forEach((c, i) => this.columns[i].append(c));
    this.version++;
  }

  /**
   * Replaces every row (DELETE keeps the rows it does not delete this way).
   * @param columns - the new rows, in the table's column order and types
   */
  replace(columns: Column[]): void {
    this.columns = this.schema.types.map((t) => new ColumnAppender(t, true));
    this.generation++;
    this.append(columns);
  }

  /**
   * The rows held now.
   * @param which - column positions wanted (default all); the others are undefined in the result
   * @returns Column views, by column position
   */
  snapshot(which?: number[]): (Column | undefined)[] {
    if (which === undefined) return this.columns.map((c) => c.view());
    const out: (Column | undefined)[] = new Array(this.columns.length).fill(undefined);
    for (const i of which) out[i] = this.columns[i].view();
    return out;
  }
}

/**
 * The data of insertBatch as one Column list per Arrow chunk, checked against a schema.
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
