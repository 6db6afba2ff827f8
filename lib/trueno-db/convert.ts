/**
 * Arrow (apache-arrow Tables, RecordBatches, Vectors) to trueno-db Columns and back.
 *
 * Arrow to Column (see Column in ./types for the layouts):
 * - bool -> boolean; int8/16/32/64 -> tinyint/smallint/integer/bigint (int64 as BigInt64Array); unsigned integers
 *   widen to the next signed type (uint8 -> smallint, uint16 -> integer, uint32 -> bigint; uint64 -> bigint, a value
 *   above 2^63 - 1 is a ConversionError); float16 -> float, float32 -> float, float64 -> double;
 * - decimal(p, s) -> decimal with the values as doubles; date32/date64 -> date (days); timestamp of any unit, with or
 *   without a time zone -> timestamp (µs since the epoch, UTC: the zone only says how to display it);
 * - utf8, large utf8, Dictionary<utf8> -> varchar (codes into a dictionary of distinct strings);
 * - FixedSizeList<T> -> list with `size`, List<T> / LargeList<T> -> list with `offsets`; null -> the null type.
 * - Anything else (binary, struct, map, time, interval, duration, union) is a ConversionError naming the column.
 * Columns of a numeric type that needs no conversion share the Arrow buffer (no copy).
 *
 * Column to Arrow: the inverse, with varchar as Dictionary<Utf8, Int32> (the codes are shared with the result, no
 * string is encoded: the fast form for SELECT * and what Parquet writes as a dictionary page), or as plain Utf8 when
 * asked (`{ dictionary: false }`, for consumers that do not take dictionaries); decimal as Decimal128 of its precision
 * and scale; date as Date32<DAY>; timestamp as Timestamp<MICROSECOND> without a zone.
 */
import {
  Bool, Data, DataType, DateDay, Decimal, Dictionary, Field, FixedSizeList, Float32, Float64, Int16, Int32, Int64, Int8,
  List, Null, RecordBatch, Schema, Struct, Table, TimestampMicrosecond, Type, Utf8, Vector, makeData,
} from 'apache-arrow';
import { ConversionError, TooLargeError } from './errors';
import { expectOptions } from './validate';
import type { Column, ColumnBatch, ColumnValues, SqlType } from './types';
import { MAX_ROWS, typeName } from './column/sql-types';
import { encodeUtf8, utf8Buffers } from './column/strings';
import { ColumnAppender } from './column/appender';

/* eslint-disable @typescript-eslint/no-explicit-any -- Arrow Data is read through its documented fields */
/** Any Arrow Data (the element type erased), as the column converters take it. */
export type AnyData = Data<any>;

/** The value type of a dictionary type (arrow-js-ffi puts a Field there, apache-arrow's readers a DataType). */
function dictionaryValues(type: DataType): DataType {
  const v = (type as unknown as { dictionary: DataType | Field }).dictionary;
  return v instanceof Field ? v.type : v;
}

/**
 * The SQL type an Arrow type converts to.
 * @param type - the Arrow type
 * @param column - the column's name, for the error
 * @returns the SqlType
 * @throws ConversionError naming the column for a type trueno-db does not hold
 */
export function sqlTypeOf(type: DataType, column: string): SqlType {
  const t = type as any;
  switch (type.typeId) {
    case Type.Null: return { id: 'null' };
    case Type.Bool: return { id: 'boolean' };
    case Type.Int:
      if (t.isSigned) return { id: ({ 8: 'tinyint', 16: 'smallint', 32: 'integer', 64: 'bigint' } as const)[t.bitWidth as 8] };
      return { id: ({ 8: 'smallint', 16: 'integer', 32: 'bigint', 64: 'bigint' } as const)[t.bitWidth as 8] };
    case Type.Float: return { id: t.precision === 2 ? 'double' : 'float' };
    case Type.Decimal: return { id: 'decimal', precision: t.precision, scale: t.scale };
    case Type.Date: return { id: 'date' };
    case Type.Timestamp: return { id: 'timestamp' };
    case Type.Utf8: case Type.LargeUtf8: return { id: 'varchar' };
    case Type.Dictionary: {
      const v = dictionaryValues(type);
      if (v.typeId === Type.Utf8 || v.typeId === Type.LargeUtf8) return { id: 'varchar' };
      throw new ConversionError(`Expected a dictionary of strings for column '${column}' but received ${String(type)}`, column);
    }
    case Type.FixedSizeList: return { id: 'list', child: sqlTypeOf(t.children[0].type, `${column}.item`), size: t.listSize };
    case Type.List: case Type.LargeList: return { id: 'list', child: sqlTypeOf(t.children[0].type, `${column}.item`) };
    default:
      throw new ConversionError(`Expected a column type trueno-db holds (bool, integers, floats, decimal, utf8, date, timestamp, dictionary, list) for column '${column}' but received ${String(type)}`, column);
  }
}

/** Byte validity of `n` rows from an Arrow bitmap at a bit offset, or undefined when no row is NULL. */
function validityOf(data: AnyData): Uint8Array | undefined {
  if (data.typeId === Type.Null) return new Uint8Array(data.length);
  if (data.nullCount === 0 || data.nullBitmap === undefined || data.nullBitmap.length === 0) return undefined;
  return unpackBits(data.nullBitmap, data.offset, data.length);
}

function unpackBits(bits: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let i = 0;
  if ((offset & 7) === 0) {
    const base = offset >> 3;
    for (; i + 8 <= n; i += 8) {
      const b = bits[base + (i >> 3)];
      out[i] = b & 1; out[i + 1] = (b >> 1) & 1; out[i + 2] = (b >> 2) & 1; out[i + 3] = (b >> 3) & 1;
      out[i + 4] = (b >> 4) & 1; out[i + 5] = (b >> 5) & 1; out[i + 6] = (b >> 6) & 1; out[i + 7] = b >> 7;
    }
  }
  for (; i < n; i++) {
    const k = offset + i;
    out[i] = (bits[k >> 3] >> (k & 7)) & 1;
  }
  return out;
}

function packBits(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const out = new Uint8Array(((n + 63) & ~63) >> 3);
  for (let i = 0; i < n; i++) if (bytes[i] !== 0) out[i >> 3] |= 1 << (i & 7);
  return out;
}

function halfToFloat(h: number): number {
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  const s = h & 0x8000 ? -1 : 1;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m === 0 ? s * Infinity : NaN;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** A two's complement integer of `words` 32-bit little-endian words, as a double (exact below 2^53). */
function wordsToNumber(w: Uint32Array, at: number, words: number): number {
  const neg = (w[at + words - 1] & 0x80000000) !== 0;
  let acc = 0;
  for (let k = words - 1; k >= 0; k--) acc = acc * 4294967296 + (neg ? ~w[at + k] >>> 0 : w[at + k]);
  return neg ? -(acc + 1) : acc;
}

/**
 * One Arrow chunk as a Column.
 * @param data - the chunk
 * @param column - the column's name, for errors
 * @returns the column (numeric values shared with Arrow where no conversion is needed)
 * @throws ConversionError naming the column for an unsupported type or a value it cannot hold
 */
export function columnFromData(data: AnyData, column: string): Column {
  const type = sqlTypeOf(data.type, column);
  const n = data.length;
  if (n > MAX_ROWS) throw new TooLargeError(`Expected at most ${MAX_ROWS} rows in column '${column}' but received ${n}`);
  const valid = validityOf(data);
  const t = data.type as any;
  const v = data.values;
  const col = (values: ColumnValues): Column => (valid === undefined ? { type, length: n, values } : { type, length: n, values, valid });
  switch (data.typeId) {
    case Type.Null: return col(new Uint8Array(n));
    case Type.Bool: return col(unpackBits(v, data.offset, n));
    case Type.Int: {
      if (t.isSigned) return col(v.length === n ? v : v.subarray(0, n));
      if (t.bitWidth === 8) return col(Int16Array.from(v.subarray(0, n) as Uint8Array));
      if (t.bitWidth === 16) return col(Int32Array.from(v.subarray(0, n) as Uint16Array));
      if (t.bitWidth === 32) return col(BigInt64Array.from(v.subarray(0, n) as Uint32Array, (x) => BigInt(x)));
      const u = v as BigUint64Array;
      for (let i = 0; i < n; i++) {
        if (u[i] > 0x7fffffffffffffffn && (valid === undefined || valid[i] === 1)) {
          throw new ConversionError(`Expected uint64 values up to 2^63 - 1 (BIGINT) for column '${column}' but received ${u[i]} at row ${i}`, column);
        }
      }
      // below 2^63 a uint64 has the same bits as an int64
      return col(new BigInt64Array(u.buffer, u.byteOffset, n));
    }
    case Type.Float:
      if (t.precision === 0) return col(Float32Array.from(v.subarray(0, n) as Uint16Array, halfToFloat));
      return col(v.length === n ? v : v.subarray(0, n));
    case Type.Decimal: {
      const words = t.bitWidth / 32;
      const scale = 10 ** t.scale;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = wordsToNumber(v, i * words, words) / scale;
      return col(out);
    }
    case Type.Date: {
      if (t.unit === 0) return col(v.length === n ? v : v.subarray(0, n));
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(Number(v[i]) / 86400000);
      return col(out);
    }
    case Type.Timestamp: {
      const out = new Float64Array(n);
      const unit = t.unit as number; // SECOND, MILLISECOND, MICROSECOND, NANOSECOND
      const big = v as BigInt64Array;
      if (unit === 2) for (let i = 0; i < n; i++) out[i] = Number(big[i]);
      else if (unit === 3) for (let i = 0; i < n; i++) out[i] = Number(big[i] / 1000n) - (big[i] % 1000n < 0n ? 1 : 0);
      else {
        const f = unit === 0 ? 1e6 : 1e3;
        for (let i = 0; i < n; i++) out[i] = Number(big[i]) * f;
      }
      return col(out);
    }
    case Type.Utf8: case Type.LargeUtf8: {
      const e = encodeUtf8(n, v, data.valueOffsets, valid);
      return { ...col(e.codes), dict: e.dict };
    }
    case Type.Dictionary: return dictionaryColumn(data, type, valid, column);
    case Type.FixedSizeList: {
      const size = t.listSize as number;
      let child = data.children[0] as AnyData;
      if (child.length !== n * size) child = child.slice(0, n * size);
      return { ...col(new Uint8Array(0)), child: columnFromData(child, `${column}.item`) };
    }
    case Type.List: case Type.LargeList: {
      const raw = data.valueOffsets as Int32Array | BigInt64Array;
      const start = Number(raw[0]);
      const end = Number(raw[n]);
      if (end - start > MAX_ROWS) throw new TooLargeError(`Expected at most ${MAX_ROWS} list elements in column '${column}' but received ${end - start}`);
      const offsets = new Int32Array(n + 1);
      for (let i = 0; i <= n; i++) offsets[i] = Number(raw[i]) - start;
      const child = columnFromData((data.children[0] as AnyData).slice(start, end - start), `${column}.item`);
      return { ...col(new Uint8Array(0)), child, offsets };
    }
    default: throw new ConversionError(`Expected a supported type for column '${column}' but received ${String(data.type)}`, column);
  }
}

/** Dictionary<utf8>: the dictionary re-deduplicated (Arrow allows repeats), the indices mapped to its codes. */
function dictionaryColumn(data: AnyData, type: SqlType, valid: Uint8Array | undefined, column: string): Column {
  const n = data.length;
  const dictVector = data.dictionary as Vector;
  const entries = new ColumnAppender({ id: 'varchar' }, false);
  for (const d of dictVector?.data ?? []) entries.append(columnFromData(d, column));
  const e = entries.view();
  const remap = e.values as Int32Array;
  const size = e.length;
  const idx = data.values as ArrayLike<number | bigint>;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    const k = Number(idx[i]);
    if (!(k >= 0 && k < size) || (e.valid !== undefined && e.valid[k] === 0)) {
      throw new ConversionError(`Expected dictionary indices in [0, ${size}) naming a value for column '${column}' but received ${k} at row ${i}`, column);
    }
    codes[i] = remap[k];
  }
  const dict = e.dict!.length > 0 ? e.dict! : [''];
  return valid === undefined ? { type, length: n, values: codes, dict } : { type, length: n, values: codes, valid, dict };
}

/**
 * A whole Arrow column (every chunk) as one Column.
 * @param vector - the column
 * @param column - its name, for errors
 * @returns the column (a single chunk shares numeric buffers; several are concatenated)
 * @throws ConversionError naming the column
 */
export function columnFromVector(vector: Vector, column: string): Column {
  if (vector.data.length === 1) return columnFromData(vector.data[0], column);
  const out = new ColumnAppender(sqlTypeOf(vector.type, column), false);
  for (const d of vector.data) out.append(columnFromData(d, column));
  return out.view();
}

/**
 * An Arrow Table or RecordBatch as a ColumnBatch.
 * @param source - the table or batch
 * @returns named columns
 * @throws ConversionError naming the first column that does not convert
 */
export function batchFromArrow(source: Table | RecordBatch): ColumnBatch {
  const names = source.schema.fields.map((f) => f.name);
  const columns = names.map((name, i) => columnFromVector(source.getChildAt(i)!, name));
  return { names, columns, length: source.numRows };
}

// ---- Column to Arrow ----

/**
 * The Arrow type a SQL type converts to (see the module comment).
 * @param type - the SQL type
 * @param dictionary - varchar as Dictionary<Utf8, Int32> (true) or Utf8
 * @returns the Arrow type
 */
export function arrowTypeOf(type: SqlType, dictionary = true): DataType {
  switch (type.id) {
    case 'null': return new Null();
    case 'boolean': return new Bool();
    case 'tinyint': return new Int8();
    case 'smallint': return new Int16();
    case 'integer': return new Int32();
    case 'bigint': return new Int64();
    case 'float': return new Float32();
    case 'double': return new Float64();
    case 'decimal': return new Decimal(type.scale, type.precision, 128);
    case 'date': return new DateDay();
    case 'timestamp': return new TimestampMicrosecond();
    case 'varchar': return dictionary ? new Dictionary(new Utf8(), new Int32()) : new Utf8();
    case 'list': {
      const child = new Field('item', arrowTypeOf(type.child, dictionary), true);
      return type.size === undefined ? new List(child) : new FixedSizeList(type.size, child);
    }
  }
}

function nullProps(col: Column): { nullCount: number; nullBitmap?: Uint8Array } {
  if (col.valid === undefined) return { nullCount: 0 };
  let nulls = 0;
  for (let i = 0; i < col.length; i++) nulls += col.valid[i] === 0 ? 1 : 0;
  return nulls === 0 ? { nullCount: 0 } : { nullCount: nulls, nullBitmap: packBits(col.valid) };
}

function decimalWords(values: ArrayLike<number>, scale: number): Uint32Array {
  const n = values.length;
  const out = new Uint32Array(n * 4);
  const f = 10 ** scale;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    let big = BigInt(Math.round(x * f));
    if (big < 0n) big += 1n << 128n;
    for (let k = 0; k < 4; k++) {
      out[i * 4 + k] = Number(big & 0xffffffffn);
      big >>= 32n;
    }
  }
  return out;
}

/** Codes renumbered over the dictionary entries the rows use (NULL rows get code 0). */
function compactCodes(codes: Int32Array, dict: string[], valid: Uint8Array | undefined): { codes: Int32Array; used: string[] } {
  const remap = new Map<number, number>();
  const used: string[] = [];
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    let k = remap.get(codes[i]);
    if (k === undefined) {
      k = used.length;
      remap.set(codes[i], k);
      used.push(dict[codes[i]]);
    }
    out[i] = k;
  }
  if (used.length === 0) used.push('');
  return { codes: out, used };
}

/**
 * One Column as Arrow Data.
 * @param col - the column
 * @param dictionary - varchar as a dictionary (default) or plain Utf8
 * @returns the Data (numeric, date and dictionary-code buffers shared with the column)
 */
export function dataFromColumn(col: Column, dictionary = true): AnyData {
  const type = arrowTypeOf(col.type, dictionary) as any;
  const length = col.length;
  const nulls = nullProps(col);
  const base = { type, length, ...nulls };
  const v = col.values;
  switch (col.type.id) {
    case 'null': return makeData({ type, length, nullCount: length });
    case 'boolean': return makeData({ ...base, data: packBits(v as Uint8Array) });
    case 'decimal': return makeData({ ...base, data: decimalWords(v as Float64Array, col.type.scale) });
    case 'timestamp': {
      const out = new BigInt64Array(length);
      for (let i = 0; i < length; i++) {
        const x = (v as Float64Array)[i];
        out[i] = Number.isFinite(x) ? BigInt(Math.round(x)) : 0n;
      }
      return makeData({ ...base, data: out });
    }
    case 'varchar': {
      const dict = col.dict ?? [''];
      if (dictionary) {
        // a few rows over a large stored dictionary (LIMIT, a filter): only the strings the rows use are encoded
        const { codes, used } = dict.length > 2 * length + 16 ? compactCodes(v as Int32Array, dict, col.valid) : { codes: v as Int32Array, used: dict };
        const values = dataFromColumn({ type: { id: 'varchar' }, length: used.length, values: Int32Array.from(used, (_, i) => i), dict: used }, false);
        return makeData({ ...base, data: codes, dictionary: new Vector([values]) });
      }
      const { offsets, bytes } = utf8Buffers(v as Int32Array, dict, col.valid);
      return makeData({ ...base, valueOffsets: offsets, data: bytes });
    }
    case 'list': {
      const child = dataFromColumn(col.child!, dictionary);
      if (col.type.size === undefined) return makeData({ ...base, valueOffsets: col.offsets!, child });
      return makeData({ ...base, child });
    }
    default: return makeData({ ...base, data: v });
  }
}

/**
 * A ColumnBatch as a one-batch Arrow Table.
 * @param batch - the columns
 * @param options - dictionary: varchar as Dictionary<Utf8, Int32> (default true) or plain Utf8
 * @returns the table
 * @throws TypeError (ERR_TRUENO_DB_TYPE) for an unknown option
 * @example const table = tableFromBatch({ names: ['x'], columns: [column], length: column.length });
 */
export function tableFromBatch(batch: ColumnBatch, options?: { dictionary?: boolean }): Table {
  const dictionary = expectOptions<{ dictionary?: boolean }>(options, 'tableFromBatch options', { dictionary: true }).dictionary !== false;
  const children = batch.columns.map((c) => dataFromColumn(c, dictionary));
  const fields = batch.names.map((name, i) => new Field(name, children[i].type, true));
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: batch.length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** The display name of a column's type, for messages. */
export { typeName };
