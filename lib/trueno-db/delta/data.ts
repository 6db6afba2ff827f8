/**
 * Data files: decoding one into the table's Arrow types (partition values put back as columns), and preparing Arrow
 * data for writing (columns in the schema's order, timestamps as UTC microseconds, rows split by partition).
 */
import { crc32 as zlibCrc32 } from 'node:zlib';
import { Data, DataType, Field, FixedSizeList, List, makeData, makeVector, RecordBatch, Schema, Table, Type, Utf8, vectorFromArray, type TimestampMicrosecond } from 'apache-arrow';
import { batchFromChildren, dataFromValues, dictionaryValueType, gatherTable } from '../../alimentar/columns';
import { ParquetRowGroupReader, readParquet } from '../../alimentar/formats/parquet';
import { CorruptTableError } from '../errors';
import type { AddFile } from './actions';
import { constantColumn, formatPartitionValue, parsePartitionValue, rawValue, timestampMicros } from './partition';
import { deltaType } from './schema';

/** The CRC-32 of a file's bytes (zlib's, where this Node has it), or undefined. */
export function crc32(bytes: Uint8Array): string | undefined {
  return typeof zlibCrc32 === 'function' ? (zlibCrc32(bytes) >>> 0).toString(16).padStart(8, '0') : undefined;
}

/** The tag of `add` actions holding {@link crc32} of the file (ours only; other writers' files have none). */
export const CRC_TAG = 'trueno.crc32';

/**
 * Checks a data file's bytes against its add action: the size, and the CRC-32 where we wrote one.
 * @throws CorruptTableError naming the file
 */
export function verifyFile(bytes: Uint8Array, file: AddFile, key: string): void {
  if (bytes.length !== file.size) {
    throw new CorruptTableError(key, `Expected ${file.size} bytes in the data file ${key} (its add action) but it has ${bytes.length} (truncated or replaced)`);
  }
  const want = file.tags?.[CRC_TAG];
  if (typeof want === 'string') {
    const got = crc32(bytes);
    if (got !== undefined && got !== want) throw new CorruptTableError(key, `Expected the CRC-32 ${want} of the data file ${key} but its bytes give ${got} (corrupt)`);
  }
}

function sameStoredType(a: DataType, b: DataType): boolean {
  if (a.typeId !== b.typeId) return false;
  if (a.typeId === Type.Timestamp) return (a as TimestampMicrosecond).unit === (b as TimestampMicrosecond).unit;
  if (a.typeId === Type.FixedSizeList && (a as unknown as { listSize: number }).listSize !== (b as unknown as { listSize: number }).listSize) return false;
  try {
    return JSON.stringify(deltaType(a, '')) === JSON.stringify(deltaType(b, '')) || String(a) === String(b);
  } catch {
    return String(a) === String(b);
  }
}

/**
 * A column of a data file in the table's type: as is when it matches, else converted (timestamp units, dictionaries,
 * narrower integers).
 * @throws CorruptTableError when the file's type cannot be read as the table's
 */
export function conformColumn(data: Data, type: DataType, column: string, key: string): Data {
  if (data.type.typeId === Type.List && type.typeId === Type.FixedSizeList) {
    const fixed = listToFixed(data, type as FixedSizeList, column, key);
    if (fixed) return fixed;
  }
  if (data.type.typeId === Type.Dictionary && type.typeId === Type.Utf8 && dictionaryValueType(data.type).typeId === Type.Utf8) return dictionaryToUtf8(data);
  if (sameStoredType(data.type, type)) return data.type === type ? data : data.clone(type);
  if (data.type.typeId === Type.Timestamp && type.typeId === Type.Timestamp) {
    const unit = (data.type as TimestampMicrosecond).unit;
    const src = data.values as unknown as BigInt64Array;
    const out = new BigInt64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = timestampMicros(src[i], unit);
    return makeData({ type, length: data.length, nullCount: data.nullCount, nullBitmap: data.nullBitmap, data: out } as never);
  }
  const vector = makeVector(data);
  try {
    const values = new Array<unknown>(data.length);
    for (let i = 0; i < data.length; i++) values[i] = vector.get(i);
    return dataFromValues(values, type);
  } catch (e) {
    throw new CorruptTableError(key, `Expected column '${column}' of ${key} to hold ${String(type)} but it holds ${String(data.type)}`, { cause: e });
  }
}

/**
 * The part of the Blob interface parquet-wasm's ParquetFile uses (`size`, `slice(start, end).arrayBuffer()`) over bytes
 * in memory: each range is copied when asked for, where a real Blob would copy the whole file up front.
 */
function bytesAsBlob(bytes: Uint8Array): Blob {
  const ranges = {
    size: bytes.length,
    slice: (start: number, end: number) => ({ arrayBuffer: async () => bytes.slice(start, Math.min(end, bytes.length)).buffer }),
  };
  return ranges as unknown as Blob;
}

/**
 * Decodes the columns of a data file: all of them in one call (the fastest per byte), or, when at most a quarter of
 * them are wanted, only those, row group by row group (Parquet stores columns apart, so the others are never decoded;
 * the streaming reader's 65,536-row batches cost more per byte, measured slower than a whole decode for 1 of 3
 * columns of the 10M-row benchmark table).
 * @param bytes - the file
 * @param key - its key, for errors
 * @param wanted - the data columns wanted (names as the table's schema has them)
 * @returns the decoded columns (every column, or the wanted ones present in the file) and the row count
 */
async function decodeColumns(bytes: Uint8Array, key: string, wanted: string[]): Promise<Table> {
  const failed = (e: unknown) => new CorruptTableError(key, `Expected a Parquet data file in ${key} but it does not decode: ${(e as Error).message}`, { cause: e });
  let reader: ParquetRowGroupReader | undefined;
  try {
    reader = await ParquetRowGroupReader.open(bytesAsBlob(bytes), key);
    const fileSchema = reader.schema();
    const names = fileSchema.fields.map((f) => f.name);
    const present = names.filter((n) => wanted.includes(n) || wanted.some((w) => w.toLowerCase() === n.toLowerCase()));
    if (present.length * 4 > names.length) {
      reader.close();
      reader = undefined;
      return readParquet(bytes, {}, key);
    }
    const schema = fileSchema.select(present);
    if (present.length === 0) {
      // only partition values wanted: the footer's row count is all it takes
      const n = reader.layout.numRows;
      return new Table(schema, [batchFromChildren(schema, [], n)]);
    }
    const batches: RecordBatch[] = [];
    for (let g = 0; g < reader.layout.rowGroupRows.length; g++) {
      for await (const b of reader.readRowGroup(g, present)) batches.push(batchFromChildren(schema, b.data.children, b.numRows));
    }
    return new Table(schema, batches);
  } catch (e) {
    throw e instanceof CorruptTableError ? e : failed(e);
  } finally {
    reader?.close();
  }
}

/**
 * Decodes a data file and builds the requested columns in the table's types.
 * @param bytes - the file (already verified)
 * @param file - its add action
 * @param key - its key, for errors
 * @param schema - the table's Arrow schema
 * @param partitionColumns - the table's partition columns
 * @param columns - the columns wanted, in order
 * @param logFile - the log file of the metadata, for errors about partition values
 */
export async function decodeDataFile(bytes: Uint8Array, file: AddFile, key: string, schema: Schema, partitionColumns: string[], columns: string[], logFile: string): Promise<Table> {
  const table = await decodeColumns(bytes, key, columns.filter((c) => !partitionColumns.includes(c)));
  const fields = columns.map((c) => schema.fields.find((f) => f.name === c)!);
  const outSchema = new Schema(fields);
  const fileNames = table.schema.fields.map((f) => f.name);
  const positions = fields.map((f) => {
    if (partitionColumns.includes(f.name)) return -1;
    const at = fileNames.indexOf(f.name);
    return at >= 0 ? at : fileNames.findIndex((n) => n.toLowerCase() === f.name.toLowerCase());
  });
  const constants = fields.map((f) =>
    partitionColumns.includes(f.name) ? parsePartitionValue(file.partitionValues?.[f.name] ?? null, f.type, f.name, logFile) : null);
  const batches = table.batches.length > 0 ? table.batches : [undefined];
  const out: RecordBatch[] = batches.map((batch) => {
    const n = batch?.numRows ?? 0;
    const children = fields.map((f, c) => {
      const at = positions[c];
      if (at < 0 || batch === undefined) return constantColumn(f.type, constants[c], n);
      return conformColumn(batch.data.children[at], f.type, f.name, key);
    });
    return batchFromChildren(outSchema, children, n);
  });
  return new Table(outSchema, out);
}

/** Data to write, per partition: the rows without the partition columns, and the partition values' log text. */
export interface PartitionPiece {
  values: Record<string, string | null>;
  table: Table;
}

/**
 * A column as it is stored: timestamps as UTC microseconds (the Delta type); a FixedSizeList as a List (what a Delta
 * array is: pyarrow cannot read a Parquet fixed-size list with NULL rows back, and other engines see an array anyway);
 * other columns as they are.
 */
function forWrite(data: Data, field: Field): Data {
  if (data.type.typeId === Type.Dictionary && dictionaryValueType(data.type).typeId === Type.Utf8) return dictionaryToUtf8(data);
  if (data.type.typeId === Type.FixedSizeList) {
    const size = (data.type as FixedSizeList).listSize;
    const valueOffsets = new Int32Array(data.length + 1);
    for (let i = 0; i <= data.length; i++) valueOffsets[i] = (data.offset + i) * size;
    return makeData({ type: field.type as List, length: data.length, nullCount: data.nullCount, nullBitmap: data.nullCount ? bitmapOf(data) : undefined,
      valueOffsets, child: data.children[0] });
  }
  if (data.type.typeId !== Type.Timestamp) return data;
  const t = data.type as TimestampMicrosecond;
  if (t.unit === 2 && t.timezone === 'UTC') return data;
  return conformColumn(data, field.type, field.name, '');
}

/**
 * A dictionary-encoded string column as plain UTF-8 (one byte copy per row), so every file of a table stores a string
 * column alike and reads back as the schema's utf8 without a per-value conversion.
 */
export function dictionaryToUtf8(data: Data): Data {
  const dict = data.dictionary!.data[0];
  if (data.dictionary!.data.length !== 1 || dict.type.typeId !== Type.Utf8) return dataFromValues(Array.from(makeVector(data)), new Utf8());
  const dictOffsets = dict.valueOffsets as Int32Array;
  const dictBytes = dict.values as Uint8Array;
  const indices = data.values as Int32Array;
  const n = data.length;
  const valueOffsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (data.getValid(i)) {
      const k = dict.offset + Number(indices[data.offset + i]);
      total += dictOffsets[k + 1] - dictOffsets[k];
    }
    valueOffsets[i + 1] = total;
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < n; i++) {
    if (valueOffsets[i + 1] === valueOffsets[i]) continue;
    const k = dict.offset + Number(indices[data.offset + i]);
    bytes.set(dictBytes.subarray(dictOffsets[k], dictOffsets[k + 1]), valueOffsets[i]);
  }
  return makeData({ type: new Utf8(), length: n, nullCount: data.nullCount, nullBitmap: data.nullCount ? bitmapOf(data) : undefined, valueOffsets, data: bytes });
}

/** A validity bitmap of `data` starting at bit 0 (the Data may start at an offset). */
function bitmapOf(data: Data): Uint8Array {
  const out = new Uint8Array((data.length + 7) >> 3);
  for (let i = 0; i < data.length; i++) if (data.getValid(i)) out[i >> 3] |= 1 << (i & 7);
  return out;
}

/** The Arrow type a column is stored with (see {@link forWrite}). */
function storedType(field: Field): DataType {
  if (field.type.typeId !== Type.FixedSizeList) return field.type;
  return new List((field.type as FixedSizeList).children[0]);
}

/**
 * A List column read back as the FixedSizeList the table's schema says (rows of the list size; a NULL row's slots are
 * padding), copying the child values only when NULL rows left gaps.
 */
function listToFixed(data: Data, type: FixedSizeList, column: string, key: string): Data | undefined {
  const size = type.listSize;
  const offsets = data.valueOffsets as Int32Array;
  const child = data.children[0];
  const n = data.length;
  let contiguous = true;
  for (let i = 0; i < n; i++) {
    const len = offsets[data.offset + i + 1] - offsets[data.offset + i];
    const valid = data.getValid(i);
    if (valid && len !== size) throw new CorruptTableError(key, `Expected lists of ${size} values in column '${column}' of ${key} but row ${i} has ${len}`);
    if (len !== size || offsets[data.offset + i] !== offsets[data.offset] + i * size) contiguous = false;
  }
  const childType = type.children[0].type;
  const base = { type, length: n, nullCount: data.nullCount, nullBitmap: data.nullCount ? bitmapOf(data) : undefined };
  if (contiguous) return makeData({ ...base, child: conformColumn(child.slice(offsets[data.offset], n * size), childType, column, key) });
  if (child.type.typeId !== Type.Int && child.type.typeId !== Type.Float) return undefined;
  const src = child.values as Float64Array;
  const values = new (src.constructor as new (k: number) => Float64Array)(n * size);
  for (let i = 0; i < n; i++) {
    if (!data.getValid(i)) continue;
    const from = child.offset + offsets[data.offset + i];
    values.set(src.subarray(from, from + size), i * size);
  }
  const packed = makeData({ type: child.type, length: n * size, nullCount: 0, data: values } as never);
  return makeData({ ...base, child: conformColumn(packed, childType, column, key) });
}

/**
 * Splits data into one piece per partition value tuple, the columns in the table's order (partition columns left
 * out of the pieces), timestamps as UTC microseconds.
 * @param table - the data (schema already checked to fit)
 * @param schema - the table's Arrow schema
 * @param partitionColumns - the partition columns
 */
export function splitForWrite(table: Table, schema: Schema, partitionColumns: string[]): PartitionPiece[] {
  const dataFields = schema.fields.filter((f) => !partitionColumns.includes(f.name));
  const names = table.schema.fields.map((f) => f.name);
  const dataSchema = new Schema(dataFields.map((f) => {
    const incoming = table.schema.fields[names.indexOf(f.name)];
    const t = incoming.type.typeId;
    return t === Type.Timestamp || t === Type.FixedSizeList || t === Type.Dictionary ? new Field(f.name, storedType(f), f.nullable) : new Field(f.name, incoming.type, f.nullable, incoming.metadata);
  }));
  const stored = (t: Table) => new Table(dataSchema, t.batches.map((b) =>
    batchFromChildren(dataSchema, unshared(dataFields.map((f, c) => forWrite(b.data.children[names.indexOf(f.name)], dataSchema.fields[c]))), b.numRows)));
  if (partitionColumns.length === 0) return [{ values: {}, table: stored(table) }];
  const partVectors = partitionColumns.map((c) => table.getChild(c)!);
  const partTypes = partitionColumns.map((c) => schema.fields.find((f) => f.name === c)!.type);
  const groups = new Map<string, { values: Record<string, string | null>; rows: number[] }>();
  for (let i = 0; i < table.numRows; i++) {
    const values: Record<string, string | null> = {};
    partitionColumns.forEach((c, j) => (values[c] = formatPartitionValue(rawValue(partVectors[j], i), partTypes[j])));
    const k = JSON.stringify(partitionColumns.map((c) => values[c]));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { values, rows: [] }));
    g.rows.push(i);
  }
  return [...groups.values()].map((g) => ({ values: g.values, table: stored(groups.size === 1 ? table : gatherRows(table, Int32Array.from(g.rows))) }));
}

/** The typed arrays of a column and its children (offsets, values, validity). */
function buffersOf(d: Data, out: ArrayBufferView[] = []): ArrayBufferView[] {
  for (const b of [d.valueOffsets, d.values, d.nullBitmap] as (ArrayBufferView | undefined)[]) if (b !== undefined && b.byteLength > 0) out.push(b);
  for (const c of d.children) buffersOf(c, out);
  return out;
}

/** A column with its own copy of every buffer. */
function deepCopy(d: Data): Data {
  const copy = <T extends ArrayBufferView | undefined>(b: T): T => (b === undefined ? b : ((b as unknown as Uint8Array).slice() as unknown as T));
  return d.clone(d.type, d.offset, d.length, d.nullCount, [copy(d.valueOffsets), copy(d.values), copy(d.nullBitmap), copy(d.typeIds)] as never,
    d.children.map(deepCopy), d.dictionary as never);
}

/**
 * The columns, each holding buffers of its own: apache-arrow's IPC writer (the way to parquet-wasm) writes a corrupt
 * stream when two columns share one typed array (`SELECT x AS a, x AS b`, a vector inserted twice), so a column whose
 * buffer an earlier one already has is copied.
 */
function unshared(columns: Data[]): Data[] {
  const seen = new Map<ArrayBufferLike, Set<string>>();
  return columns.map((d) => {
    const bufs = buffersOf(d);
    const clash = bufs.some((b) => seen.get(b.buffer)?.has(`${b.byteOffset}:${b.byteLength}`));
    const out = clash ? deepCopy(d) : d;
    for (const b of clash ? buffersOf(out) : bufs) {
      let set = seen.get(b.buffer);
      if (!set) seen.set(b.buffer, (set = new Set()));
      set.add(`${b.byteOffset}:${b.byteLength}`);
    }
    return out;
  });
}

/** A JS value of a nested Arrow value (list vectors as arrays, struct and map rows as objects), as builders take it. */
function plainNested(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && typeof (v as { toArray?: unknown }).toArray === 'function' && !ArrayBuffer.isView(v)) {
    return Array.from((v as { toArray(): ArrayLike<unknown> }).toArray(), plainNested);
  }
  if (typeof v === 'object' && !ArrayBuffer.isView(v) && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    const o = (v as { toJSON(): Record<string, unknown> }).toJSON();
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plainNested(x)]));
  }
  if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array)) return Array.from(v as unknown as ArrayLike<unknown>);
  return v;
}

/** The rows of a table at the given positions (alimentar's gather for flat columns; nested ones through JS values). */
export function gatherRows(table: Table, rows: Int32Array): Table {
  const nested = (t: DataType) => t.typeId === Type.List || t.typeId === Type.FixedSizeList || t.typeId === Type.Struct || t.typeId === Type.Map;
  const flat = gatherTable(table, rows);
  if (!table.schema.fields.some((f) => nested(f.type))) return flat;
  const children = table.schema.fields.map((f, c) => {
    if (!nested(f.type)) return flat.batches[0].data.children[c];
    const vector = table.getChildAt(c)!;
    return vectorFromArray(Array.from(rows, (i) => plainNested(vector.get(i))), f.type).data[0];
  });
  return new Table([batchFromChildren(table.schema, children, rows.length)]);
}

/** The `stats` of an add action: row and null counts (what readers use to plan without opening the file). */
export function fileStats(table: Table): string {
  const nullCount: Record<string, number> = {};
  for (const f of table.schema.fields) {
    const t = f.type.typeId;
    // primitive columns only: engines skip files by these, and nested columns' counts are defined per leaf
    if (t === Type.Struct || t === Type.Map || t === Type.List || t === Type.FixedSizeList) continue;
    nullCount[f.name] = table.getChild(f.name)!.nullCount;
  }
  return JSON.stringify({ numRecords: table.numRows, nullCount });
}
