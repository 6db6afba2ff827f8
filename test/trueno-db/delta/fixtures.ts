/**
 * Test helpers for Delta tables: where the real tables written by Spark and delta-rs live (../shared/delta beside the
 * repository, or SOVEREIGN_SHARED_DELTA), and rows of an Arrow table as plain JSON values for comparisons.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Table } from 'apache-arrow';

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
export function rowsOf(table: Table): unknown[][] {
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
