/**
 * JSON rows to Arrow: parsing JSON Lines text into row objects (with each row's line), the schema those rows imply,
 * and record batches of rows under a schema. Shared by the whole-file reader and the streaming JSON Lines reader.
 */
import { Bool, DataType, Field, Float64, Int64, RecordBatch, Schema, Type, Utf8, type Int } from 'apache-arrow';
import { batchFromChildren, dataFromValues } from '../../columns';
import { JsonParseError, describe, rangeError, typeError } from '../../errors';
import { toArrowType, type ColumnType } from '../../types';
import { scanFlatLines } from './scan';
import { expectOptions } from '../../validate';
import { JSON_READ_OPTIONS } from '../../option-keys';

/** Options for reading JSON and JSON Lines. */
export interface JsonReadOptions {
  /**
   * Explicit types for some or all columns, by name; the others are inferred: over the whole file by
   * `ArrowDataset.open`, over the first batch when streaming JSON Lines. A name no row has becomes an all-null column.
   */
  columnTypes?: Record<string, ColumnType | DataType>;
  /** Rows per record batch when streaming JSON Lines (default 65,536). */
  batchRows?: number;
}

/** One parsed row. */
export type Row = Record<string, unknown>;

/**
 * Rows held as columns: each key's values by row (a row without the key has none), the keys in order of first
 * appearance, and each row's 1-based line (JSON Lines). Both the fast scanner (scan.ts) and JSON.parse fill it, so
 * schema inference and batch building read one representation.
 */
export class ColumnRows {
  /** Rows held. */
  length = 0;
  /** Keys in order of first appearance. */
  readonly names: string[] = [];
  /** Each row's line. */
  readonly lines: number[] = [];
  private readonly columns = new Map<string, unknown[]>();
  private readonly firstRow = new Map<string, number>();

  /** Starts a row; returns its index. */
  beginRow(line: number): number {
    this.lines.push(line);
    return this.length++;
  }

  /** A key's values, created with `row` as the first row that has the key when the key is new. */
  columnOf(key: string, row: number): unknown[] {
    let column = this.columns.get(key);
    if (column === undefined) {
      column = [];
      this.columns.set(key, column);
      this.firstRow.set(key, row);
      this.names.push(key);
    }
    return column;
  }

  /** Sets a key of a row (rows are filled in order); false when the row already has it. */
  set(key: string, row: number, value: unknown): boolean {
    const column = this.columnOf(key, row);
    if (column.length > row) return false;
    column[row] = value;
    return true;
  }

  /** Adds a parsed object as a row (its keys in the order a for-in loop gives them). */
  addObject(object: Row, line: number): void {
    const row = this.beginRow(line);
    for (const key in object) this.set(key, row, object[key]);
  }

  /** A key's values by row (shorter than `length` when the last rows lack the key), or undefined for no row. */
  column(name: string): readonly unknown[] | undefined {
    return this.columns.get(name);
  }

  /** The first row that has the key. */
  firstRowOf(name: string): number {
    return this.firstRow.get(name) ?? -1;
  }

  /** A point to go back to with reset. */
  mark(): { rows: number; names: number } {
    return { rows: this.length, names: this.names.length };
  }

  /** Drops the rows and keys added since the mark. */
  reset(mark: { rows: number; names: number }): void {
    for (const name of this.names.splice(mark.names)) {
      this.columns.delete(name);
      this.firstRow.delete(name);
    }
    for (const column of this.columns.values()) if (column.length > mark.rows) column.length = mark.rows;
    this.length = mark.rows;
    this.lines.length = mark.rows;
  }
}

/**
 * Checks the JSON read options.
 * @param options - what the caller passed
 * @param name - the options' owner, for the message ('readJson options')
 * @returns the explicit column types as Arrow types, and the batch size
 * @throws TypeError / RangeError naming the bad option; TypeError for an unknown key
 */
export function checkJsonOptions(options: unknown, name: string): { types: Map<string, DataType>; batchRows: number } {
  const { columnTypes, batchRows } = expectOptions<JsonReadOptions>(options, name, JSON_READ_OPTIONS);
  if (batchRows !== undefined && (!Number.isInteger(batchRows) || batchRows < 1)) {
    throw rangeError(`Expected an integer >= 1 for json.batchRows but received ${describe(batchRows)}`);
  }
  if (columnTypes !== undefined && (typeof columnTypes !== 'object' || columnTypes === null || Array.isArray(columnTypes))) {
    throw typeError(`Expected an object of column name to type for json.columnTypes but received ${describe(columnTypes)}`);
  }
  const types = new Map<string, DataType>();
  for (const [name, type] of Object.entries(columnTypes ?? {})) types.set(name, toArrowType(type, `json.columnTypes.${name}`));
  return { types, batchRows: batchRows ?? 65536 };
}

function isRow(value: unknown): value is Row {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseOneLine(line: string, lineNo: number, source: string): Row {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    throw new JsonParseError(`Expected a JSON object in ${source} but it failed to parse: ${(e as Error).message}`, lineNo, { cause: e });
  }
  if (!isRow(value)) {
    throw new JsonParseError(`Expected a JSON object in ${source} but received ${Array.isArray(value) ? 'an array' : describe(value)}`, lineNo);
  }
  return value;
}

/**
 * Parses complete lines of JSON Lines text (blank lines skipped) into `into`. Lines of flat objects go through the
 * scanner of scan.ts (no object per row); otherwise the lines are parsed as one JSON array, which is about 1.5x
 * faster than a parse per line, and when that fails, or yields other than one object per line, one by one to name
 * the line at fault.
 * @param text - whole lines (the last may lack its line end)
 * @param firstLine - the 1-based number of the text's first line
 * @param source - the file's name, for error messages
 * @param into - rows and their lines are appended here
 * @returns the number of lines in `text`
 * @throws JsonParseError with the line of malformed JSON or of a line that holds no object
 */
export function parseLines(text: string, firstLine: number, source: string, into: ColumnRows): number {
  if (scanFlatLines(text, firstLine, into)) return countLines(text);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const kept: string[] = [];
  const keptLines: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) continue;
    kept.push(line);
    keptLines.push(firstLine + i);
  }
  let rows: unknown;
  try {
    rows = JSON.parse('[' + kept.join(',') + ']');
  } catch {
    rows = undefined;
  }
  if (!Array.isArray(rows) || rows.length !== kept.length || !rows.every(isRow)) {
    rows = kept.map((line, i) => parseOneLine(line, keptLines[i], source));
  }
  for (let i = 0; i < kept.length; i++) into.addObject((rows as Row[])[i], keptLines[i]);
  return lines.length;
}

/** The lines of a text: one per line end, plus a last line without one. */
function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? n + 1 : n;
}

/**
 * Parses a JSON document that must be an array of row objects.
 * @throws JsonParseError for malformed JSON or an item that is not an object
 */
export function parseArray(text: string, source: string): Row[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new JsonParseError(`Expected valid JSON for ${source} but it failed to parse: ${(e as Error).message}`, undefined, { cause: e });
  }
  if (!Array.isArray(value) || !value.every(isRow)) {
    throw new JsonParseError(`Expected a JSON array of row objects for ${source} but received ${Array.isArray(value) ? 'an array with a non-object item' : typeof value}`);
  }
  return value;
}

/** The Arrow type JSON values imply: bool, int64 (all integers, as pyarrow.json), float64, else utf8. */
function inferType(values: readonly unknown[] | undefined): DataType {
  let kind: 'none' | 'bool' | 'int' | 'float' | 'text' = 'none';
  for (const v of values ?? []) {
    if (v === null || v === undefined) continue;
    const k = typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'text';
    if (kind === 'none' || kind === k) kind = k;
    else if ((kind === 'int' && k === 'float') || (kind === 'float' && k === 'int')) kind = 'float';
    else kind = 'text';
    if (kind === 'text') break;
  }
  if (kind === 'bool') return new Bool();
  if (kind === 'int') return new Int64();
  if (kind === 'float') return new Float64();
  return new Utf8();
}

/**
 * The schema of rows: the rows' keys in order of first appearance, then any further names of `types`; each column of
 * the type `types` gives, else the one its values imply.
 */
export function schemaOfRows(rows: ColumnRows, types: Map<string, DataType>): Schema {
  const names = [...rows.names];
  for (const name of types.keys()) if (rows.column(name) === undefined) names.push(name);
  return new Schema(names.map((name) => new Field(name, types.get(name) ?? inferType(rows.column(name)), true)));
}

/** A value's description for an error: its JSON text, cut short. */
function shown(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}

/**
 * The column's values made to fit its type, or an error naming the first that does not: numbers for numeric types
 * (integers within range for integer types), booleans for bool, and for utf8 strings as they are and other values as
 * their JSON text.
 */
function fitValues(rows: ColumnRows, name: string, type: DataType, at: RowPlace): unknown[] {
  const n = rows.length;
  const values = rows.column(name) ?? [];
  const out = new Array<unknown>(n);
  const fail = (i: number, v: unknown): never => {
    throw new JsonParseError(`Expected ${type} for column '${name}' of ${at.where(i)} but received ${shown(v)}`
      + ' (set the column\'s type with json.columnTypes)', at.line(i));
  };
  let accepts: (v: unknown) => boolean;
  if (type.typeId === Type.Int) {
    const { bitWidth, isSigned } = type as Int;
    const max = bitWidth === 64 ? Infinity : isSigned ? 2 ** (bitWidth - 1) - 1 : 2 ** bitWidth - 1;
    const min = !isSigned ? 0 : bitWidth === 64 ? -Infinity : -(2 ** (bitWidth - 1));
    accepts = (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  } else if (type.typeId === Type.Float) accepts = (v) => typeof v === 'number';
  else if (type.typeId === Type.Bool) accepts = (v) => typeof v === 'boolean';
  else if (type.typeId === Type.Utf8) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
    }
    return out;
  } else accepts = () => true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && !accepts(v)) fail(i, v);
  }
  // values that fit are stored as they are (a missing one reads as null): no copy unless the last rows lack the key
  if (values.length === n) return values as unknown[];
  for (let i = 0; i < n; i++) out[i] = values[i] ?? null;
  return out;
}

/** Where a row came from, for error messages: its line (JSON Lines) or its position in the array (JSON). */
class RowPlace {
  constructor(private readonly source: string, private readonly lines: number[] | undefined) {}

  line(row: number): number | undefined {
    return this.lines?.[row];
  }

  /** The row's place for a message; a line is added by JsonParseError itself. */
  where(row: number): string {
    return this.lines ? this.source : `row ${row + 1} of ${this.source}`;
  }
}

/**
 * A record batch of rows under a schema.
 * @param rows - the rows
 * @param schema - their schema
 * @param source - the file's name, for error messages
 * @param lines - each row's line (JSON Lines), for error messages
 * @param unknownKeys - what a key outside the schema is: 'error' when streaming (the schema came from earlier rows)
 * @throws JsonParseError for a value that does not fit its column's type, or an unknown key
 */
export function batchOfRows(rows: ColumnRows, schema: Schema, source: string, lines: number[] | undefined, unknownKeys: 'error' | 'ignore'): RecordBatch {
  const at = new RowPlace(source, lines);
  if (unknownKeys === 'error') {
    const known = new Set(schema.fields.map((f) => f.name));
    const unknown = rows.names.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      // the first row (then the first key in it) outside the schema, as a row-by-row check would find it
      const key = unknown.reduce((a, b) => (rows.firstRowOf(b) < rows.firstRowOf(a) ? b : a));
      const i = rows.firstRowOf(key);
      throw new JsonParseError(`Expected only the columns of the first batch in ${at.where(i)} but found the key '${key}'`
        + ' (name it in json.columnTypes to read it)', at.line(i));
    }
  }
  const children = schema.fields.map((f) => {
    const values = fitValues(rows, f.name, f.type, at);
    try {
      return dataFromValues(values, f.type);
    } catch (e) {
      throw new JsonParseError(`Expected values of ${f.type} for column '${f.name}' but they could not be stored: ${(e as Error).message}`, undefined, { cause: e });
    }
  });
  return batchFromChildren(schema, children, rows.length);
}
