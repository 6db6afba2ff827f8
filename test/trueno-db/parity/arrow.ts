/**
 * The parity tables as Arrow Tables (what trueno-db's insertBatch takes), built from the exact values of data.ts:
 * fixed-width columns straight from typed arrays with a validity bitmap (so NaN, -0 and int64 beyond 2^53 arrive
 * bit for bit), decimals as Decimal128 of the column's precision and scale, dates as Date32<DAY>, timestamps as
 * Timestamp<MICROSECOND>, `dict` columns as Dictionary<Utf8, Int32>, the others as Utf8.
 */
import {
  Bool, DataType, DateDay, Decimal, Dictionary, Float32, Float64, Int16, Int32, Int64, Int8, Table, TimestampMicrosecond,
  Utf8, Vector, makeData, makeVector, vectorFromArray,
} from 'apache-arrow';
import type { DataColumn, DataTable } from './data';

/** A validity bitmap (bit i set when row i is not NULL) and the NULL count. */
function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.max(1, Math.ceil(values.length / 8)));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3] |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

type FixedArray = Int8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array | Uint32Array;

function fixed(type: DataType, c: DataColumn, data: FixedArray): Vector {
  const { nullBitmap, nullCount } = validity(c.values);
  return makeVector(makeData({ type, length: c.values.length, nullCount, nullBitmap, data } as never));
}

/** 128-bit two's complement little-endian words of an unscaled decimal value. */
function decimalWords(values: readonly (bigint | null)[]): Uint32Array {
  const words = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    let x = BigInt.asUintN(128, v ?? 0n);
    for (let k = 0; k < 4; k++) {
      words[i * 4 + k] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  });
  return words;
}

/** One parity column as an Arrow Vector. */
export function vectorOf(c: DataColumn): Vector {
  const num = (v: unknown) => (v === null ? 0 : v as number);
  const big = (v: unknown) => (v === null ? 0n : v as bigint);
  switch (c.kind.id) {
    case 'boolean': return vectorFromArray(c.values as (boolean | null)[], new Bool());
    case 'tinyint': return fixed(new Int8(), c, Int8Array.from(c.values, num));
    case 'smallint': return fixed(new Int16(), c, Int16Array.from(c.values, num));
    case 'integer': return fixed(new Int32(), c, Int32Array.from(c.values, num));
    case 'bigint': return fixed(new Int64(), c, BigInt64Array.from(c.values, big));
    case 'float': return fixed(new Float32(), c, Float32Array.from(c.values, num));
    case 'double': return fixed(new Float64(), c, Float64Array.from(c.values, num));
    case 'decimal':
      return fixed(new Decimal(c.kind.scale, c.kind.precision, 128), c, decimalWords(c.values as (bigint | null)[]));
    case 'date': return fixed(new DateDay(), c, Int32Array.from(c.values, num));
    case 'timestamp': return fixed(new TimestampMicrosecond(), c, BigInt64Array.from(c.values, big));
    case 'varchar': return vectorFromArray(c.values as (string | null)[], new Utf8());
    case 'dict': return vectorFromArray(c.values as (string | null)[], new Dictionary(new Utf8(), new Int32()));
  }
}

/** A parity table as an Arrow Table (columns in the table's order). */
export function arrowTableOf(t: DataTable): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of t.columns) vectors[c.name] = vectorOf(c);
  return new Table(vectors);
}
