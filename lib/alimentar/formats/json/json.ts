/**
 * JSON (an array of row objects) and JSON Lines (one row object per line) in and out, whole files. Column types are
 * inferred over all rows: bool, int64 (all integers, as pyarrow.json), float64, utf8; nested objects and arrays are
 * kept as their JSON text in a utf8 column. JSON Lines files larger than memory stream through JsonLinesReader.
 */
import { type DataType, type Float, Precision, Schema, Table, Type, type Vector } from 'apache-arrow';
import { ColumnRows, batchOfRows, checkJsonOptions, parseArray, parseLines, schemaOfRows, type JsonReadOptions } from './rows';
import { adoptTable } from '../foreign-arrow';
import { ByteWriter } from '../byte-writer';

export type { JsonReadOptions } from './rows';

const decoder = new TextDecoder();

/**
 * UTF-8 text of a whole file as TextDecoder gives it (a leading byte order mark dropped, malformed bytes replaced).
 * Node's Buffer decodes several times faster than its TextDecoder; elsewhere (browsers) TextDecoder is used.
 */
function utf8Text(bytes: Uint8Array): string {
  const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
  if (NodeBuffer === undefined) return decoder.decode(bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return NodeBuffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.length - bom).toString('utf8');
}

/**
 * Parses JSON (an array of objects) or JSON Lines into a table; the columns are the union of the rows' keys in order
 * of first appearance, and a missing key is a null. Types are inferred over all rows unless `options.columnTypes`
 * sets them.
 * @param bytes - the file's bytes (UTF-8)
 * @param lines - true for JSON Lines
 * @param source - the file's name, for error messages
 * @param options - explicit column types
 * @returns the table
 * @throws JsonParseError for malformed JSON (with `.line` for JSON Lines), items that are not objects, or values that
 *   do not fit an explicit column type
 * @example readJson(new TextEncoder().encode('{"a":1}\n{"a":2}\n'), true).numRows // 2
 */
export function readJson(bytes: Uint8Array, lines: boolean, source = 'JSON data', options?: JsonReadOptions): Table {
  const { types } = checkJsonOptions(options, 'readJson options');
  const text = utf8Text(bytes);
  const rows = new ColumnRows();
  if (lines) parseLines(text, 1, source, rows);
  else parseArray(text, source).forEach((row, i) => rows.addObject(row, i + 1));
  const schema = schemaOfRows(rows, types);
  if (schema.fields.length === 0) return new Table(new Schema([]));
  return new Table([batchOfRows(rows, schema, source, lines ? rows.lines : undefined, 'ignore')]);
}

function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (v instanceof Uint8Array) return Array.from(v);
  if (v !== null && typeof v === 'object' && 'toJSON' in v && typeof (v as { toJSON: unknown }).toJSON === 'function') {
    return jsonValue((v as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  }
  return v;
}

/** Writes the JSON text of one column's value at a row of its batch ('null' for a null). */
type ValueWriter = (row: number) => string;

/** True when every byte is ASCII, so the bytes are also their own latin1 string. */
function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/**
 * The writer for one batch's column: numbers, int64, bool and utf8 are read from Arrow's buffers (utf8 decoded once
 * per batch when ASCII); other types go through their JS value. In a sliced Data (offset > 0) apache-arrow has already
 * cut the fixed-width values and the utf8 offsets to the slice; the validity and bool bitmaps and the utf8 bytes are
 * whole, indexed from `offset`.
 */
function valueWriter(vector: Vector): ValueWriter {
  const type = vector.type as DataType;
  const data = vector.data[0];
  const { offset, nullBitmap } = data;
  const valid = data.nullCount === 0 || !nullBitmap
    ? () => true
    : (r: number) => ((nullBitmap[(offset + r) >> 3] >> ((offset + r) & 7)) & 1) === 1;
  const values = data.values as Uint8Array;
  let write: ValueWriter;
  if ((type.typeId === Type.Int || type.typeId === Type.Float) && !(type.typeId === Type.Float && (type as Float).precision === Precision.HALF)) {
    const wide = data.values as unknown;
    write = wide instanceof BigInt64Array || wide instanceof BigUint64Array
      ? (r) => {
          const v = wide[r];
          const small = Number(v);
          return Number.isSafeInteger(small) ? String(small) : `"${v}"`;
        }
      : (r) => {
          const v = values[r];
          return Number.isFinite(v) ? String(v) : 'null';
        };
  } else if (type.typeId === Type.Bool) {
    write = (r) => (((values[(offset + r) >> 3] >> ((offset + r) & 7)) & 1) === 1 ? 'true' : 'false');
  } else if (type.typeId === Type.Utf8) {
    const offsets = data.valueOffsets as Int32Array;
    const base = offsets[0];
    const bytes = values.subarray(base, offsets[data.length]);
    if (isAscii(bytes)) {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
      write = (r) => JSON.stringify(text.slice(offsets[r] - base, offsets[r + 1] - base));
    } else write = (r) => JSON.stringify(vector.get(r));
  } else {
    write = (r) => JSON.stringify(jsonValue(vector.get(r))) ?? 'null';
  }
  return (r) => (valid(r) ? write(r) : 'null');
}

/**
 * Encodes a table as JSON or JSON Lines, keys in column order. int64 values within ±2^53 are numbers, larger ones
 * strings; NaN and ±Infinity (which JSON cannot hold) become null.
 * @param input - the data (a Table of this or another apache-arrow build)
 * @param lines - true for JSON Lines
 * @returns the bytes
 * @example new TextDecoder().decode(writeJson(table, true)) // one object per line
 */
export function writeJson(input: Table, lines: boolean): Uint8Array {
  const table = adoptTable(input);
  const keys = table.schema.fields.map((f, c) => (c === 0 ? '{' : ',') + JSON.stringify(f.name) + ':');
  const out = new ByteWriter();
  let first = true;
  if (!lines) out.char(0x5b); // [
  for (const batch of table.batches) {
    const writers = keys.map((_, c) => valueWriter(batch.getChildAt(c)!));
    for (let r = 0; r < batch.numRows; r++) {
      if (!lines && !first) out.char(0x2c); // ,
      first = false;
      if (keys.length === 0) out.char(0x7b); // {
      for (let c = 0; c < keys.length; c++) {
        out.text(keys[c]);
        out.text(writers[c](r));
      }
      out.char(0x7d); // }
      if (lines) out.char(0x0a);
    }
  }
  if (!lines) out.text(']\n');
  return out.result();
}
