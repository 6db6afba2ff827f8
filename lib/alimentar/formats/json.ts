/**
 * JSON (an array of row objects) and JSON Lines (one row object per line) in and out, whole files. Column types are
 * inferred over all rows: bool, int64 (all integers, as pyarrow.json), float64, utf8; nested objects and arrays are
 * kept as their JSON text in a utf8 column. JSON Lines files larger than memory stream through JsonLinesReader.
 */
import { Schema, Table } from 'apache-arrow';
import { concatBytes } from './csv';
import { batchOfRows, checkJsonOptions, parseArray, parseLines, schemaOfRows, type JsonReadOptions, type ParsedLines } from './json-rows';

export type { JsonReadOptions } from './json-rows';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

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
 */
export function readJson(bytes: Uint8Array, lines: boolean, source = 'JSON data', options?: JsonReadOptions): Table {
  const { types } = checkJsonOptions(options);
  const text = decoder.decode(bytes);
  const parsed: ParsedLines = { rows: [], lines: [] };
  if (lines) parseLines(text, 1, source, parsed);
  else parsed.rows = parseArray(text, source);
  const schema = schemaOfRows(parsed.rows, types);
  if (schema.fields.length === 0) return new Table(new Schema([]));
  return new Table([batchOfRows(parsed.rows, schema, source, lines ? parsed.lines : undefined, 'ignore')]);
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
      const row: Record<string, unknown> = {};
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

