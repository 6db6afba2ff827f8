/** CSV and TSV in and out as Arrow record batches. Reading goes chunk by chunk, so files larger than memory stream. */
import { DataType, Field, RecordBatch, Schema, Table, Type, makeData, type Vector } from 'apache-arrow';
import { CsvParseError, describe, rangeError, typeError } from '../../errors';
import { expectOptions } from '../../validate';
import { CSV_READ_OPTIONS, CSV_WRITE_OPTIONS } from '../../option-keys';
import { toArrowType, typeNameOf, type ColumnType } from '../../types';
import { CsvTypeMismatchError, INFER_ROWS, buildColumn, inferColumnType, uniqueColumnNames, type ColumnSource } from './columns';
import { parseNumericRows, type FusedBatch, type FusedType } from './fused';
import { tokenize, type Tokens } from './tokenize';
import { batchFromChildren } from '../../columns';
import { adoptTable } from '../foreign-arrow';
import { ByteWriter } from '../byte-writer';
import { writeNumericBatch } from './write-numeric';

/** Options for reading CSV. */
export interface CsvReadOptions {
  /** Field separator, one ASCII character (default ',', or tab for .tsv). */
  delimiter?: string;
  /** Quote character, one ASCII character (default '"'). */
  quote?: string;
  /** Whether the first row holds the column names (default true). */
  header?: boolean;
  /** Column names; required with `header: false` unless the defaults f0, f1, ... will do; overrides the header's. */
  columnNames?: string[];
  /** Explicit types for some or all columns, by name; the others are inferred from the first batch of rows. */
  columnTypes?: Record<string, ColumnType | DataType>;
  /** Unquoted values read as null (default '', 'NA', 'N/A', 'NULL', 'null'). A quoted value is never null. */
  nullValues?: string[];
  /** Rows per record batch (default: about 8M fields per batch, at most 1,048,576 rows). */
  batchRows?: number;
}

/** Options for writing CSV. */
export interface CsvWriteOptions {
  /** Field separator (default ','). */
  delimiter?: string;
  /** Write a header row (default true). */
  header?: boolean;
  /** Text written for a null (default empty). */
  nullValue?: string;
}

const DEFAULT_NULLS = ['', 'NA', 'N/A', 'NULL', 'null'];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function asciiChar(value: unknown, name: string, fallback: string): number {
  const v = value ?? fallback;
  if (typeof v !== 'string' || v.length !== 1 || v.charCodeAt(0) > 127 || v === '\n' || v === '\r') {
    throw typeError(`Expected one ASCII character (not a line end) for ${name} but received ${describe(v)}`);
  }
  return v.charCodeAt(0);
}

/**
 * Parses CSV fed in chunks of bytes into record batches with one schema. The first row is the header (unless
 * `header: false`); repeated header names are made unique as pandas does (`a,a,b` gives `a`, `a.1`, `b`). Types are
 * inferred from the first batch of rows, so a later value that does not fit throws a CsvParseError with its line (pass
 * `columnTypes` to fix such a column's type; {@link readCsv}, which has the whole file, widens the column itself).
 * @example const reader = new CsvBatchReader({ delimiter: ';' }); const batches = [...reader.push(chunk, false), ...reader.push(new Uint8Array(0), true)];
 */
export class CsvBatchReader {
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly nulls: Uint8Array[];
  private readonly options: CsvReadOptions;
  private pending: Uint8Array = new Uint8Array(0);
  private line = 1;
  private started = false;
  private names: string[] | undefined;
  private types: ColumnType[] | undefined;
  /** Column types for the fused numeric pass (null: not applicable), decided once the types are known. */
  private fused: FusedType[] | null | undefined;
  /** Set when the fused pass gave up once: the rest of the file goes through the general path. */
  private fusedOff = false;
  /** The schema, known once the first batch is parsed. */
  schema: Schema | undefined;

  /**
   * @param options - dialect, header, types and nulls
   * @param source - the file's name, for error messages
   * @throws TypeError / RangeError for bad options
   */
  constructor(options?: CsvReadOptions, readonly source = 'CSV data') {
    this.options = options = expectOptions<CsvReadOptions>(options, 'CsvBatchReader options', CSV_READ_OPTIONS);
    this.delimiter = asciiChar(options.delimiter, 'delimiter', ',');
    this.quote = asciiChar(options.quote, 'quote', '"');
    if (this.delimiter === this.quote) throw rangeError(`Expected a quote different from the delimiter for quote but received '${options.quote}'`);
    const nullValues = options.nullValues ?? DEFAULT_NULLS;
    if (!Array.isArray(nullValues) || nullValues.some((v) => typeof v !== 'string')) {
      throw typeError(`Expected an array of strings for nullValues but received ${describe(nullValues)}`);
    }
    this.nulls = nullValues.map((v) => encoder.encode(v));
    if (options.columnNames !== undefined && (!Array.isArray(options.columnNames) || options.columnNames.some((v) => typeof v !== 'string'))) {
      throw typeError(`Expected an array of strings for columnNames but received ${describe(options.columnNames)}`);
    }
    if (options.batchRows !== undefined && (!Number.isInteger(options.batchRows) || options.batchRows < 1)) {
      throw rangeError(`Expected an integer >= 1 for batchRows but received ${describe(options.batchRows)}`);
    }
  }

  /**
   * Feeds the next chunk of the file.
   * @param chunk - the bytes that follow the previous chunk
   * @param final - true for the last chunk (a last row without a line end then counts)
   * @returns the record batches completed by this chunk
   * @throws CsvParseError for ragged rows, bad quotes or values that do not fit their column's type
   * @example for (const batch of reader.push(chunk, last)) write(batch)
    */
  push(chunk: Uint8Array, final: boolean): RecordBatch[] {
    let bytes = chunk;
    if (this.pending.length > 0) {
      bytes = new Uint8Array(this.pending.length + chunk.length);
      bytes.set(this.pending);
      bytes.set(chunk, this.pending.length);
    }
    let at = 0;
    if (!this.started) {
      if (bytes.length < 3 && !final) {
        this.pending = bytes;
        return [];
      }
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
    }
    const out: RecordBatch[] = [];
    if (this.names === undefined) {
      const head = this.tokens(bytes, at, -1, 1, final);
      if (head.rows === 0) {
        this.pending = bytes.subarray(at);
        if (final) throw new CsvParseError('Expected a header or data row but the file is empty', this.line);
        return out;
      }
      this.names = this.columnNames(bytes, head);
      if (this.options.header !== false) {
        at = head.consumed;
        this.line = head.nextLine;
      }
    }
    for (;;) {
      const width = this.names.length;
      const maxRows = this.batchRows(width);
      if (this.types === undefined) {
        // The rows the general path would infer from: the first batch's, at most INFER_ROWS.
        const head = this.tokens(bytes, at, width, Math.min(maxRows, INFER_ROWS), final);
        if (head.rows === 0) break;
        this.setTypes(bytes, head);
      }
      const fused = this.fusedTypes() && parseNumericRows(bytes, at, bytes.length, final, this.fusedTypes()!, maxRows, this.delimiter);
      if (fused) {
        if (fused.rows === 0) break;
        out.push(this.fusedBatch(fused));
        at = fused.consumed;
        this.line += fused.rows;
        continue;
      }
      this.fusedOff = true;
      const tokens = this.tokens(bytes, at, width, maxRows, final);
      if (tokens.rows === 0) break;
      out.push(this.batch(bytes, tokens));
      at = tokens.consumed;
      this.line = tokens.nextLine;
    }
    this.pending = final ? new Uint8Array(0) : bytes.slice(at);
    if (final && this.schema === undefined) this.schema = this.emptySchema();
    return out;
  }

  private batchRows(width: number): number {
    return this.options.batchRows ?? Math.max(1024, Math.min(1 << 20, Math.floor((1 << 23) / Math.max(width, 1))));
  }

  private tokens(bytes: Uint8Array, from: number, width: number, maxRows: number, final: boolean): Tokens {
    return tokenize({ bytes, from, to: bytes.length, delimiter: this.delimiter, quote: this.quote, width, maxRows, final, line: this.line });
  }

  private columnNames(bytes: Uint8Array, head: Tokens): string[] {
    const given = this.options.columnNames;
    if (given !== undefined) {
      if (given.length !== head.width) {
        throw new CsvParseError(`Expected ${given.length} fields (one per name in columnNames) but received ${head.width}`, head.rowLines[0]);
      }
      return given;
    }
    if (this.options.header === false) return Array.from({ length: head.width }, (_, i) => `f${i}`);
    const q = String.fromCharCode(this.quote);
    return uniqueColumnNames(Array.from({ length: head.width }, (_, i) => {
      const text = decoder.decode(bytes.subarray(head.starts[i], head.ends[i]));
      return head.quoting[i] === 2 ? text.split(q + q).join(q) : text;
    }));
  }

  private source_(bytes: Uint8Array, tokens: Tokens, col: number): ColumnSource {
    return { bytes, tokens, col, name: this.names![col], nulls: this.nulls, quote: this.quote };
  }

  /**
   * The column types when every column is one the fused numeric pass fills and nothing can make it disagree with the
   * general path (a null marker that looks like a number, a delimiter that can occur inside one); else undefined.
   */
  private fusedTypes(): FusedType[] | undefined {
    if (this.fusedOff) return undefined;
    if (this.fused === undefined) {
      const numeric = this.types!.every((t) => t === 'int64' || t === 'int32' || t === 'float64' || t === 'float32');
      const plainDelimiter = !/[0-9.eE+-]/.test(String.fromCharCode(this.delimiter));
      const plainNulls = this.nulls.every((m) => !m.some((c) => c >= 48 && c <= 57));
      this.fused = numeric && plainDelimiter && plainNulls ? (this.types as FusedType[]) : null;
    }
    return this.fused ?? undefined;
  }

  private fusedBatch(fused: FusedBatch): RecordBatch {
    const fields = this.schema!.fields;
    const children = fused.columns.map((data, col) => makeData({ type: fields[col].type, length: fused.rows, nullCount: 0, data } as never));
    return batchFromChildren(this.schema!, children, fused.rows);
  }

  private setTypes(bytes: Uint8Array, tokens: Tokens): void {
    const names = this.names!;
    const given = this.options.columnTypes ?? {};
    for (const key of Object.keys(given)) {
      if (!names.includes(key)) throw typeError(`Expected a column of the file for columnTypes.${key} but the columns are ${names.join(', ')}`);
    }
    this.types = names.map((name, col) => {
      const t = given[name];
      if (t === undefined) return inferColumnType(this.source_(bytes, tokens, col));
      const arrowType = toArrowType(t, `columnTypes.${name}`);
      const known = typeNameOf(arrowType);
      if (known === undefined) throw typeError(`Expected a column type CSV can hold for columnTypes.${name} but received ${String(arrowType)}`);
      return known;
    });
    this.schema = new Schema(names.map((name, col) => new Field(name, toArrowType(this.types![col], name), true)));
  }

  private batch(bytes: Uint8Array, tokens: Tokens): RecordBatch {
    const names = this.names!;
    if (this.types === undefined) this.setTypes(bytes, tokens);
    const children = names.map((_, col) => buildColumn(this.source_(bytes, tokens, col), this.types![col]));
    return batchFromChildren(this.schema!, children, tokens.rows);
  }

  private emptySchema(): Schema {
    return new Schema((this.names ?? []).map((name) => new Field(name, toArrowType(this.options.columnTypes?.[name] ?? 'utf8', name), true)));
  }
}

/**
 * Parses a whole CSV file held in memory. A column inferred as integers (from the first rows) that holds a decimal
 * later is read again as float64, one that holds text later as utf8, so a whole file always reads.
 * @param bytes - the file's bytes (UTF-8)
 * @param options - dialect, header, types and nulls
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws CsvParseError (with `.line`) for ragged rows, bad quotes or values that do not fit their column's type
 * @example readCsv(fs.readFileSync('iris.csv'), { columnTypes: { target: 'int32' } })
 */
export function readCsv(bytes: Uint8Array, options?: CsvReadOptions, source = 'CSV data'): Table {
  options = expectOptions<CsvReadOptions>(options, 'readCsv options', CSV_READ_OPTIONS);
  let widened = options;
  // each pass widens one inferred column (an integer to float64 or utf8, anything else to utf8), so this ends
  for (;;) {
    const reader = new CsvBatchReader(widened, source);
    try {
      const batches = reader.push(bytes, true);
      return new Table(reader.schema!, batches);
    } catch (e) {
      if (!(e instanceof CsvTypeMismatchError) || options.columnTypes?.[e.column] !== undefined) throw e;
      const wider: ColumnType = e.numeric && /^u?int/.test(e.type) ? 'float64' : 'utf8';
      if (wider === e.type) throw e;
      widened = { ...widened, columnTypes: { ...widened.columnTypes, [e.column]: wider } };
    }
  }
}

function needsQuotes(text: string, delimiter: string): boolean {
  return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || text.length === 0;
}

function formatter(type: DataType, delimiter: string): (v: unknown) => string {
  switch (type.typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Bool:
    case Type.Decimal:
      return (v) => String(v);
    case Type.Utf8:
    case Type.LargeUtf8:
      return (v) => (needsQuotes(v as string, delimiter) ? `"${(v as string).replace(/"/g, '""')}"` : (v as string));
    case Type.Dictionary:
      return formatter((type as unknown as { dictionary: DataType }).dictionary, delimiter);
    case Type.Date:
    case Type.Timestamp:
      return (v) => new Date(Number(v)).toISOString();
    default: {
      return (v) => {
        const text = typeof v === 'object' && v !== null ? JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) : String(v);
        return needsQuotes(text, delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
      };
    }
  }
}

/** Writes the CSV text of one column's value at a row of its batch. */
type CellWriter = (out: ByteWriter, row: number) => void;

/**
 * The writer for one batch's column: integers and floats are read from Arrow's buffers (integers written as digits,
 * no string); other types go through their JS value and `formatter`. In a sliced Data (offset > 0) apache-arrow has
 * already cut the fixed-width values to the slice; the validity bitmap is whole, indexed from `offset`.
 */
function cellWriter(vector: Vector, format: (v: unknown) => string, nullValue: string): CellWriter {
  const data = vector.data[0];
  const { offset, nullBitmap } = data;
  const valid = data.nullCount === 0 || !nullBitmap
    ? undefined
    : (r: number) => ((nullBitmap[(offset + r) >> 3] >> ((offset + r) & 7)) & 1) === 1;
  const type = vector.type as DataType;
  const values = data.values as unknown;
  let write: CellWriter;
  if (type.typeId === Type.Int && (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array
    || values instanceof Uint32Array || values instanceof Uint16Array || values instanceof Uint8Array)) {
    write = (out, r) => out.int(values[r]);
  } else if ((type.typeId === Type.Int || type.typeId === Type.Float) && (values instanceof Float64Array || values instanceof Float32Array
    || values instanceof BigInt64Array || values instanceof BigUint64Array)) {
    write = (out, r) => out.text(String(values[r]));
  } else {
    write = (out, r) => out.text(format(vector.get(r)));
  }
  if (valid === undefined && vector.nullCount === 0) return write;
  return (out, r) => {
    if (valid ? valid(r) : vector.get(r) !== null) write(out, r);
    else out.text(nullValue);
  };
}

/**
 * Encodes a table as CSV (UTF-8). Numbers are written in their shortest round-trip form, so they read back exactly.
 * @param input - the data (a Table of this or another apache-arrow build)
 * @param options - delimiter, header, null text
 * @returns the bytes
 * @throws TypeError for a bad delimiter
 * @example new TextDecoder().decode(writeCsv(table, { delimiter: ';' }))
 */
export function writeCsv(input: Table, options?: CsvWriteOptions): Uint8Array {
  options = expectOptions<CsvWriteOptions>(options, 'writeCsv options', CSV_WRITE_OPTIONS);
  const table = adoptTable(input);
  const delimiter = String.fromCharCode(asciiChar(options.delimiter, 'delimiter', ','));
  const nullValue = options.nullValue ?? '';
  if (typeof nullValue !== 'string') throw typeError(`Expected a string for nullValue but received ${describe(nullValue)}`);
  const fields = table.schema.fields;
  const out = new ByteWriter();
  if (options.header !== false) {
    const quoteName = formatter(toArrowType('utf8', 'utf8'), delimiter);
    out.text(fields.map((f) => quoteName(f.name)).join(delimiter) + '\n');
  }
  const formats = fields.map((f) => formatter(f.type, delimiter));
  const sep = delimiter.charCodeAt(0);
  const nullBytes = encoder.encode(nullValue);
  let rowsAfter = table.numRows;
  for (const batch of table.batches) {
    rowsAfter -= batch.numRows;
    if (writeNumericBatch(out, batch, sep, nullBytes, rowsAfter)) continue;
    const cells = fields.map((_, c) => cellWriter(batch.getChildAt(c)!, formats[c], nullValue));
    const width = cells.length;
    for (let r = 0; r < batch.numRows; r++) {
      for (let c = 0; c < width; c++) {
        if (c > 0) out.char(sep);
        cells[c](out, r);
      }
      out.char(10);
    }
  }
  return out.result();
}

/** Joins byte chunks into one array. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
