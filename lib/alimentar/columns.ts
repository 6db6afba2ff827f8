/** Column-level helpers over apache-arrow: gathering rows by index, reading values, building columns from values. */
import { Bool, Data, DataType, Field, Float64, Int64, makeData, makeVector, Precision, Utf8, RecordBatch, Schema, Struct, Table, Type, vectorFromArray, type Vector } from 'apache-arrow';

const utf8Encoder = new TextEncoder();

/** True for fixed-width numeric types whose values live in one typed array (no bit packing, no offsets). */
function isFlat(type: DataType): boolean {
  return type.typeId === Type.Int || type.typeId === Type.Float;
}

/** Gather loops for one typed-array class: from one array, or from chunks through a row map. */
interface GatherLoops {
  one(src: ArrayLike<unknown>, rows: Int32Array, out: unknown): void;
  many(chunks: ArrayLike<unknown>[], chunk: Int32Array, local: Int32Array, out: unknown): void;
}

const gatherLoopsByClass = new Map<unknown, GatherLoops>();

/**
 * The gather loops for a typed-array class, compiled once per class. V8 specializes an element loop for the array
 * classes it has seen; one loop shared by Float64Array, Int32Array, BigInt64Array... runs 8-12x slower than a loop
 * that only ever sees one (measured), and closures of one function literal share what V8 learned, so each class
 * gets loops of its own source.
 */
function gatherLoops(arrayClass: unknown): GatherLoops {
  let loops = gatherLoopsByClass.get(arrayClass);
  if (loops === undefined) {
    loops = {
      one: new Function('src', 'rows', 'out', 'for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];') as GatherLoops['one'],
      many: new Function('chunks', 'chunk', 'local', 'out', 'for (let i = 0; i < chunk.length; i++) out[i] = chunks[chunk[i]][local[i]];') as GatherLoops['many'],
    };
    gatherLoopsByClass.set(arrayClass, loops);
  }
  return loops;
}

/** Which chunk (record batch) each gathered row lies in, and its position there. */
interface RowChunks {
  chunk: Int32Array;
  local: Int32Array;
}

/** Finds each row's chunk once for all columns (a binary search over the chunks' starts). */
function locateRows(lengths: number[], rows: Int32Array): RowChunks {
  const starts = new Int32Array(lengths.length + 1);
  for (let c = 0; c < lengths.length; c++) starts[c + 1] = starts[c] + lengths[c];
  const chunk = new Int32Array(rows.length);
  const local = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let lo = 0;
    let hi = lengths.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    chunk[i] = lo;
    local[i] = r - starts[lo];
  }
  return { chunk, local };
}

/**
 * The rows of a vector at the given positions, as one new Data. Numeric columns are gathered typed-array to
 * typed-array; dictionary columns gather their indices and keep the dictionary; other types go through values.
 */
function gatherVector(vector: Vector, rows: Int32Array, at?: RowChunks): Data {
  const type = vector.type as DataType;
  const n = rows.length;
  if (isFlat(type) && vector.nullCount === 0 && (vector.data.length === 1 || at !== undefined)) {
    const chunks = vector.data.map((d) => d.values as Float64Array);
    const loops = gatherLoops(chunks[0].constructor);
    const out = new (chunks[0].constructor as new (k: number) => Float64Array)(n);
    if (chunks.length === 1) loops.one(chunks[0], rows, out);
    else loops.many(chunks, at!.chunk, at!.local, out);
    return makeData({ type, length: n, nullCount: 0, data: out } as never);
  }
  if (type.typeId === Type.Dictionary && vector.data.length === 1) {
    const d = vector.data[0];
    const indices = makeData({ type: (type as unknown as { indices: DataType }).indices, length: d.length, nullCount: d.nullCount, nullBitmap: d.nullBitmap, data: d.values } as never);
    const taken = gatherVector(makeVector(indices), rows);
    return makeData({ type, length: n, nullCount: taken.nullCount, nullBitmap: taken.nullBitmap, data: taken.values, dictionary: d.dictionary } as never);
  }
  const values = new Array<unknown>(n);
  for (let i = 0; i < n; i++) values[i] = vector.get(rows[i]);
  return dataFromValues(values, type);
}

/**
 * A table holding the given rows of `table`, in that order.
 * @param table - the source
 * @param rows - 0-based row positions (may repeat)
 * @returns a one-batch table
 */
export function gatherTable(table: Table, rows: Int32Array): Table {
  // Numeric columns of a table in several batches (a shuffle buffer and the next piece) read through one row map.
  const at = table.batches.length > 1 ? locateRows(table.batches.map((b) => b.numRows), rows) : undefined;
  const children = table.schema.fields.map((_, c) => gatherVector(table.getChildAt(c)!, rows, at));
  return tableFromChildren(table.schema, children, rows.length);
}

/**
 * The table as one batch: numeric columns without nulls are copied chunk by chunk into one typed array, other columns
 * gathered row by row.
 * @param table - the source
 * @returns a one-batch table (the same table when it already has one batch)
 */
export function concatTable(table: Table): Table {
  if (table.batches.length === 1) return table;
  const n = table.numRows;
  let identity: Int32Array | undefined;
  const children = table.schema.fields.map((_, c) => {
    const vector = table.getChildAt(c)!;
    if (!isFlat(vector.type as DataType) || vector.nullCount !== 0) return gatherVector(vector, (identity ??= Int32Array.from({ length: n }, (_, i) => i)));
    const out = new ((vector.data[0].values as Float64Array).constructor as new (k: number) => Float64Array)(n);
    let at = 0;
    for (const d of vector.data) {
      out.set(d.values as Float64Array, at);
      at += d.length;
    }
    return makeData({ type: vector.type, length: n, nullCount: 0, data: out } as never);
  });
  return tableFromChildren(table.schema, children, n);
}

/**
 * The value type of a dictionary type. arrow-js-ffi (parquet-wasm's batches) builds the dictionary type around a Field
 * of the values, where apache-arrow's own readers put a DataType; both are accepted.
 */
export function dictionaryValueType(type: DataType): DataType {
  const values = (type as unknown as { dictionary: DataType | Field }).dictionary;
  return values instanceof Field ? values.type : values;
}

/**
 * The batch with each dictionary-encoded column replaced by its plain values (utf8 for string dictionaries). For
 * writers that need one dictionary for a whole stream of batches that each bring their own (Parquet row groups).
 * @param batch - the batch
 * @returns the same batch when it has no dictionary column
 */
export function withoutDictionaries(batch: RecordBatch): RecordBatch {
  const fields = batch.schema.fields;
  if (!fields.some((f) => f.type.typeId === Type.Dictionary)) return batch;
  const children: Data[] = [];
  const plain = fields.map((f, c) => {
    const vector = batch.getChildAt(c)!;
    if (f.type.typeId !== Type.Dictionary) {
      children.push(batch.data.children[c]);
      return f;
    }
    const valueType = dictionaryValueType(f.type);
    children.push(dataFromValues(Array.from({ length: vector.length }, (_, i) => vector.get(i)), valueType));
    return new Field(f.name, valueType, f.nullable, f.metadata);
  });
  return batchFromChildren(new Schema(plain, batch.schema.metadata), children, batch.numRows);
}

/** A record batch from its columns' Data. */
export function batchFromChildren(schema: Schema, children: Data[], length: number): RecordBatch {
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
}

/** A one-batch table from column Data. */
export function tableFromChildren(schema: Schema, children: Data[], length: number): Table {
  return new Table([batchFromChildren(schema, children, length)]);
}

/**
 * A column's values as JS values: a Float64Array for numeric columns without nulls (int64 converted to numbers),
 * else an array with null for nulls (int64 as numbers, other types as apache-arrow returns them).
 * @param vector - the column
 * @returns the values
 */
export function columnValues(vector: Vector): Float64Array | unknown[] {
  const type = vector.type as DataType;
  if (isFlat(type) && vector.nullCount === 0) {
    const out = new Float64Array(vector.length);
    let at = 0;
    for (const d of vector.data) {
      const src = d.values as ArrayLike<number | bigint>;
      if (typeof src[0] === 'bigint') for (let i = 0; i < d.length; i++) out[at + i] = Number(src[i]);
      else out.set(src as ArrayLike<number>, at);
      at += d.length;
    }
    return out;
  }
  const out = new Array<unknown>(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i);
    out[i] = typeof v === 'bigint' ? Number(v) : v ?? null;
  }
  return out;
}

/**
 * Column Data from JS values that already fit `type` (null or undefined for a null), written straight into Arrow's
 * buffers for the common types: numbers into the type's typed array (bigint or integral numbers for 64-bit integers),
 * booleans into bits, strings encoded once into one UTF-8 buffer. apache-arrow's per-value builder, used for the other
 * types, is 5-40x slower on these.
 * @param values - the values
 * @param type - their Arrow type
 * @returns the column's Data
 * @throws RangeError when the strings of one column exceed 2 GiB of UTF-8 (32-bit offsets)
 */
export function dataFromValues(values: ArrayLike<unknown>, type: DataType): Data {
  const n = values.length;
  let nullCount = 0;
  for (let i = 0; i < n; i++) if (values[i] === null || values[i] === undefined) nullCount++;
  let nullBitmap: Uint8Array | undefined;
  if (nullCount > 0) {
    nullBitmap = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) if (values[i] !== null && values[i] !== undefined) nullBitmap[i >> 3] |= 1 << (i & 7);
  }
  const base = { type, length: n, nullCount, nullBitmap };
  const typeId = type.typeId;
  if ((typeId === Type.Float && (type as Float64).precision !== Precision.HALF) || typeId === Type.Int) {
    const data = new (type as unknown as { ArrayType: new (k: number) => Float64Array }).ArrayType(n) as Float64Array | BigInt64Array;
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      // a safe integer goes in as its two 32-bit words (two's complement): no BigInt per value
      const words = new Uint32Array(data.buffer, data.byteOffset, 2 * n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) continue;
        if (typeof v === 'number' && Number.isSafeInteger(v)) {
          const high = Math.floor(v / 4294967296);
          words[2 * i] = (v - high * 4294967296) >>> 0;
          words[2 * i + 1] = high >>> 0;
        } else {
          data[i] = typeof v === 'bigint' ? v : BigInt(v as number);
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) data[i] = v as number;
      }
    }
    return makeData({ ...base, data } as never);
  }
  if (typeId === Type.Bool) {
    const data = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) if (values[i] === true) data[i >> 3] |= 1 << (i & 7);
    return makeData({ ...base, data } as never);
  }
  if (typeId === Type.Utf8) {
    const strings = new Array<string>(n);
    for (let i = 0; i < n; i++) strings[i] = (values[i] as string | null | undefined) ?? '';
    const joined = strings.join('');
    const valueOffsets = new Int32Array(n + 1);
    // ASCII (the usual case) has one byte per UTF-16 unit, so the offsets are the strings' lengths.
    const ascii = !/[^\x00-\x7f]/.test(joined);
    let at = 0;
    for (let i = 0; i < n; i++) {
      at += ascii ? strings[i].length : Buffer.byteLength(strings[i], 'utf8');
      if (at > 0x7fffffff) throw new RangeError(`Expected at most 2 GiB of UTF-8 text in one column batch but received more (${n} values)`);
      valueOffsets[i + 1] = at;
    }
    // a buffer of its own (Buffer.from may hand out a slice of a shared pool, which a transfer would detach)
    return makeData({ ...base, valueOffsets, data: utf8Encoder.encode(joined) } as never);
  }
  return vectorFromArray(Array.from(values, (v) => v ?? null), type).data[0];
}

/**
 * A column built from JS values: numbers become float64 (or `type`), booleans bool, strings utf8.
 * @param values - the values, null for a null
 * @param type - the Arrow type, or undefined to infer it from the first non-null value
 * @returns the vector
 */
export function vectorOf(values: ArrayLike<unknown>, type?: DataType): Vector {
  if (type === undefined && values instanceof Float64Array) return vectorFromArray(values);
  return vectorFromArray(Array.from(values), type ?? inferType(values));
}

/** The Arrow type for JS values, from the first non-null one (strings become plain utf8, not dictionaries). */
export function inferType(values: ArrayLike<unknown>): DataType {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'boolean') return new Bool();
    if (typeof v === 'bigint') return new Int64();
    if (typeof v === 'number') return new Float64();
    return new Utf8();
  }
  return new Utf8();
}

/** A field with the same name and nullability but a new type. */
export function retype(field: Field, type: DataType): Field {
  return new Field(field.name, type, true, field.metadata);
}
