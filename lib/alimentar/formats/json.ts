/**
 * JSON (an array of row objects) and JSON Lines (one row object per line) in and out. Column types are inferred over
 * all rows: bool, int64 (all integers, as pyarrow.json), float64, utf8; nested objects and arrays are kept as their
 * JSON text in a utf8 column.
 */
import { Bool, DataType, Field, Float64, Int64, Schema, Table, Type, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { JsonParseError } from '../errors';
import { concatBytes } from './csv';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

type Row = Record<string, unknown>;

function parseRows(bytes: Uint8Array, lines: boolean, source: string): Row[] {
  const text = decoder.decode(bytes);
  if (!lines) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new JsonParseError(`Expected valid JSON for ${source} but it failed to parse: ${(e as Error).message}`, undefined, { cause: e });
    }
    if (!Array.isArray(value) || value.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw new JsonParseError(`Expected a JSON array of row objects for ${source} but received ${Array.isArray(value) ? 'an array with a non-object item' : typeof value}`);
    }
    return value as Row[];
  }
  const rows: Row[] = [];
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i].trim();
    if (line.length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new JsonParseError(`Expected a JSON object for ${source} but it failed to parse: ${(e as Error).message}`, i + 1, { cause: e });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new JsonParseError(`Expected a JSON object for ${source} but received ${Array.isArray(value) ? 'an array' : String(value)}`, i + 1);
    }
    rows.push(value as Row);
  }
  return rows;
}

function inferType(values: unknown[]): DataType {
  let kind: 'none' | 'bool' | 'int' | 'float' | 'text' = 'none';
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const k = typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'text';
    if (kind === 'none' || kind === k) kind = k;
    else if ((kind === 'int' && k === 'float') || (kind === 'float' && k === 'int')) kind = 'float';
    else kind = 'text';
  }
  if (kind === 'bool') return new Bool();
  if (kind === 'int') return new Int64();
  if (kind === 'float') return new Float64();
  return new Utf8();
}

function column(values: unknown[], type: DataType): Vector {
  if (type.typeId === Type.Int) {
    return vectorFromArray(values.map((v) => (v === null || v === undefined ? null : BigInt(v as number))), type);
  }
  if (type.typeId === Type.Utf8) {
    return vectorFromArray(values.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v))), type);
  }
  return vectorFromArray(values.map((v) => (v === undefined ? null : v)), type);
}

/**
 * Parses JSON (an array of objects) or JSON Lines into a table; the columns are the union of the rows' keys in order
 * of first appearance, and a missing key is a null.
 * @param bytes - the file's bytes (UTF-8)
 * @param lines - true for JSON Lines
 * @param source - the file's name, for error messages
 * @returns the table
 * @throws JsonParseError for malformed JSON (with `.line` for JSON Lines) or items that are not objects
 */
export function readJson(bytes: Uint8Array, lines: boolean, source = 'JSON data'): Table {
  const rows = parseRows(bytes, lines, source);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const vectors: Record<string, Vector> = {};
  const fields = names.map((name) => {
    const values = rows.map((r) => r[name]);
    const type = inferType(values);
    vectors[name] = column(values, type);
    return new Field(name, type, true);
  });
  if (names.length === 0) return new Table(new Schema([]));
  return new Table(vectors).select(fields.map((f) => f.name));
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

/**
 * Encodes a table as JSON or JSON Lines. int64 values within ±2^53 are numbers, larger ones strings; NaN and ±Infinity
 * (which JSON cannot hold) become null.
 * @param table - the data
 * @param lines - true for JSON Lines
 * @returns the bytes
 */
export function writeJson(table: Table, lines: boolean): Uint8Array {
  const names = table.schema.fields.map((f) => f.name);
  const parts: Uint8Array[] = [];
  let first = true;
  if (!lines) parts.push(encoder.encode('['));
  for (const batch of table.batches) {
    const cols = names.map((_, c) => batch.getChildAt(c)!);
    const out: string[] = [];
    for (let r = 0; r < batch.numRows; r++) {
      const row: Row = {};
      for (let c = 0; c < names.length; c++) row[names[c]] = jsonValue(cols[c].get(r));
      out.push(JSON.stringify(row));
    }
    if (out.length === 0) continue;
    parts.push(encoder.encode(lines ? out.join('\n') + '\n' : (first ? '' : ',') + out.join(',')));
    first = false;
  }
  if (!lines) parts.push(encoder.encode(']\n'));
  return concatBytes(parts);
}

