/**
 * Test helpers for Delta tables: where the real tables written by Spark and delta-rs live (../shared/delta beside the
 * repository, or SOVEREIGN_SHARED_DELTA), and rows of an Arrow table as plain JSON values for comparisons.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  Bool, Data, DateDay, Decimal, Field, FixedSizeList, Float32, Float64, Int32, Int64, List, makeData, makeVector, Schema, Table as ArrowTable,
  TimestampMicrosecond, Type, Utf8, vectorFromArray, type DataType,
} from 'apache-arrow';
import { batchFromChildren, dataFromValues } from '../../../lib/alimentar/columns';
import { formatPartitionValue, timestampMicros } from '../../../lib/trueno-db/delta/partition';

export const SHARED_DELTA = path.resolve(process.env.SOVEREIGN_SHARED_DELTA ?? path.join(__dirname, '../../../../shared/delta'));

if (!existsSync(path.join(SHARED_DELTA, 'expected.json'))) {
  throw new Error(`Expected the shared Delta tables (expected.json, ...) in ${SHARED_DELTA}: clone the repository beside ../shared, or set SOVEREIGN_SHARED_DELTA`);
}

/** A value as JSON gives it: int64 as numbers, lists as arrays, bytes as arrays. */
export function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => plainValue(x));
  if (typeof v === 'object' && typeof (v as { toArray?: unknown }).toArray === 'function') return Array.from((v as { toArray(): ArrayLike<unknown> }).toArray(), plainValue);
  if (typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return plainValue((v as { toJSON(): unknown }).toJSON());
  if (Array.isArray(v)) return v.map(plainValue);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, plainValue(x)]));
  return v;
}

/** The table's rows as arrays of plain values. */
export function rowsOf(table: ArrowTable): unknown[][] {
  const cols = table.schema.fields.map((f) => table.getChild(f.name)!);
  return Array.from({ length: table.numRows }, (_, i) => cols.map((c) => plainValue(c.get(i))));
}

/** Orders rows as Python orders tuples, with None after every value (as the fixtures' expected rows). */
export function compareRows(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const sx = JSON.stringify(x);
    const sy = JSON.stringify(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return a.length - b.length;
}

/** The schema of {@link sampleTable}: every type the Delta mapping covers, `region` meant as the partition column. */
export const SAMPLE_SCHEMA = new Schema([
  new Field('id', new Int64(), false),
  new Field('i32', new Int32(), true),
  new Field('f64', new Float64(), true),
  new Field('s', new Utf8(), true),
  new Field('flag', new Bool(), true),
  new Field('day', new DateDay(), true),
  new Field('ts', new TimestampMicrosecond('UTC'), true),
  new Field('amount', new Decimal(2, 12, 128), true),
  new Field('vec', new FixedSizeList(3, new Field('element', new Float32(), true)), true),
  new Field('tags', new List(new Field('element', new Utf8(), true)), true),
  new Field('region', new Utf8(), true),
]);

const REGIONS = ['north', 'south', 'we st/x%'];

/** The canonical row (as read_delta.py prints rows) of sample row `id`. */
export function sampleRow(id: number): unknown[] {
  const i = id;
  return [
    id,
    i % 7 === 0 ? null : ((i * 31) % 1000) - 500,
    i % 5 === 0 ? null : i * 0.25,
    i % 6 === 0 ? null : `s${i % 13}-é`,
    i % 11 === 0 ? null : i % 2 === 0,
    new Date((18000 + (i % 400)) * 86_400_000).toISOString().slice(0, 10),
    1.7e15 + i * 1000003,
    formatPartitionValue(decimalWords(BigInt(i * 137 - 5000)), new Decimal(2, 12, 128)),
    i % 8 === 0 ? null : [i, i + 0.5, -i],
    i % 4 === 0 ? null : ['a', `t${i % 3}`],
    i % 9 === 0 ? null : REGIONS[i % 3],
  ];
}

function decimalWords(v: bigint): Uint32Array {
  const u = BigInt.asUintN(128, v);
  return Uint32Array.from([0, 1, 2, 3], (w) => Number((u >> BigInt(32 * w)) & 0xffffffffn));
}

/** Sample rows with ids `start` .. `start + n - 1` as an Arrow table of {@link SAMPLE_SCHEMA}. */
export function sampleTable(start: number, n: number): ArrowTable {
  return sampleTableOf(Array.from({ length: n }, (_, k) => start + k));
}

/** The sample rows of the given ids as an Arrow table of {@link SAMPLE_SCHEMA}. */
export function sampleTableOf(ids: number[]): ArrowTable {
  const n = ids.length;
  const rows = ids.map(sampleRow);
  const col = (c: number) => rows.map((r) => r[c]);
  const f = SAMPLE_SCHEMA.fields;
  const valid = (c: number) => {
    const nulls = col(c).filter((v) => v === null).length;
    const bitmap = new Uint8Array((n + 7) >> 3);
    col(c).forEach((v, i) => v !== null && (bitmap[i >> 3] |= 1 << (i & 7)));
    return { nullCount: nulls, nullBitmap: nulls ? bitmap : undefined };
  };
  const children: Data[] = [
    dataFromValues(col(0).map((v) => BigInt(v as number)), f[0].type),
    dataFromValues(col(1), f[1].type),
    dataFromValues(col(2), f[2].type),
    dataFromValues(col(3), f[3].type),
    dataFromValues(col(4), f[4].type),
    makeData({ type: f[5].type as DateDay, length: n, ...valid(5), data: Int32Array.from(col(5), (d) => Date.parse(d as string) / 86_400_000) }),
    makeData({ type: f[6].type as TimestampMicrosecond, length: n, ...valid(6), data: BigInt64Array.from(col(6), (v) => BigInt(v as number)) } as never),
    makeData({ type: f[7].type as Decimal, length: n, ...valid(7), data: concatWords(ids.map((id) => decimalWords(BigInt(id * 137 - 5000)))) }),
    vectorFromArray(col(8), f[8].type).data[0],
    vectorFromArray(col(9), f[9].type).data[0],
    dataFromValues(col(10), f[10].type),
  ];
  return new ArrowTable([batchFromChildren(SAMPLE_SCHEMA, children, n)]);
}

function concatWords(words: Uint32Array[]): Uint32Array {
  const out = new Uint32Array(words.length * 4);
  words.forEach((w, i) => out.set(w, 4 * i));
  return out;
}

/** One value of a column in the canonical form of read_delta.py. */
function canonicalValue(d: Data, i: number, type: DataType): unknown {
  if (!d.getValid(i)) return null;
  const at = d.offset + i;
  switch (type.typeId) {
    case Type.Int: return Number(d.values[at]);
    case Type.Date: return new Date((d.values[at] as number) * 86_400_000).toISOString().slice(0, 10);
    case Type.Timestamp: return Number(timestampMicros(d.values[at] as bigint, (type as TimestampMicrosecond).unit));
    case Type.Decimal: return formatPartitionValue((d.values as Uint32Array).subarray(4 * at, 4 * at + 4), type);
  }
  return plainValue(makeVector(d).get(i));
}

/** The rows of a table in read_delta.py's canonical form. */
export function canonicalRows(table: ArrowTable): unknown[][] {
  const out: unknown[][] = [];
  for (const batch of table.batches) {
    const cols = batch.data.children;
    for (let i = 0; i < batch.numRows; i++) out.push(cols.map((d, c) => canonicalValue(d, i, table.schema.fields[c].type)));
  }
  return out;
}

/** Rows sorted by their first column (a unique id). */
export function byId(rows: unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => (a[0] as number) - (b[0] as number));
}
