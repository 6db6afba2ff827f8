/** Row-selecting transforms as index computations: sort order, first occurrences, (stratified) splits. */
import type { Table } from 'apache-arrow';
import { columnValues } from '../columns';
import { ColumnError } from '../errors';
import { Random } from '../../common/random';

/** One sort key. */
export interface SortKey {
  column: string;
  /** Largest first (default false). */
  descending?: boolean;
}

function values(table: Table, name: string): Float64Array | unknown[] {
  const v = table.getChild(name);
  if (!v) throw new ColumnError(`Expected a column of the dataset for '${name}' but the columns are ${table.schema.fields.map((f) => f.name).join(', ')}`, name);
  return columnValues(v);
}

/**
 * The row order that sorts a table by the keys; stable (ties keep their order); nulls (and NaN) last.
 * @param table - the rows
 * @param keys - columns, most significant first
 * @returns row positions in sorted order
 * @throws ColumnError for an unknown column
 */
export function sortIndices(table: Table, keys: SortKey[]): Int32Array {
  const cols = keys.map((k) => ({ v: values(table, k.column), dir: k.descending ? -1 : 1 }));
  const order = Array.from({ length: table.numRows }, (_, i) => i);
  order.sort((i, j) => {
    for (const { v, dir } of cols) {
      const a = v[i] as number | string | null;
      const b = v[j] as number | string | null;
      const an = a === null || (typeof a === 'number' && Number.isNaN(a));
      const bn = b === null || (typeof b === 'number' && Number.isNaN(b));
      if (an || bn) {
        if (an && bn) continue;
        return an ? 1 : -1;
      }
      if (a! < b!) return -dir;
      if (a! > b!) return dir;
    }
    return i - j;
  });
  return Int32Array.from(order);
}

function keyOf(cols: (Float64Array | unknown[])[], i: number): string {
  return JSON.stringify(cols.map((c) => c[i]));
}

/**
 * The first row of each distinct combination of values in the columns, in order of first appearance.
 * @param table - the rows
 * @param columns - the columns that make a row distinct
 * @returns row positions
 * @throws ColumnError for an unknown column
 */
export function uniqueIndices(table: Table, columns: string[]): Int32Array {
  const cols = columns.map((c) => values(table, c));
  const seen = new Set<string>();
  const out: number[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const key = cols.length === 1 ? (typeof cols[0][i] === 'number' ? (cols[0][i] as number) : String(cols[0][i])) : keyOf(cols, i);
    const k = typeof key === 'number' ? `n${key}` : `s${key}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(i);
    }
  }
  return Int32Array.from(out);
}

/**
 * Splits rows into train and test positions. Without stratification: a seeded permutation, the first `nTest` rows to
 * test. With it: each class (value of the column) is split in proportion, rounding so the total test size is exact.
 * @param table - the rows
 * @param nTest - rows for the test split
 * @param seed - the PRNG seed
 * @param stratify - a column whose class proportions both splits keep
 * @returns train and test positions, each in ascending order of draw
 */
export function splitIndices(table: Table, nTest: number, seed: number, stratify?: string): { train: Int32Array; test: Int32Array } {
  const rng = new Random(seed);
  const n = table.numRows;
  if (stratify === undefined) {
    const perm = rng.permutation(n);
    return { test: perm.slice(0, nTest), train: perm.slice(nTest) };
  }
  const labels = values(table, stratify);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = String(labels[i]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(i);
  }
  const keys = [...groups.keys()].sort();
  const exact = keys.map((k) => (groups.get(k)!.length * nTest) / n);
  const take = exact.map(Math.floor);
  let left = nTest - take.reduce((a, b) => a + b, 0);
  const byRemainder = keys.map((_, i) => i).sort((a, b) => exact[b] - take[b] - (exact[a] - take[a]) || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    if (take[i] < groups.get(keys[i])!.length) {
      take[i]++;
      left--;
    }
  }
  const test: number[] = [];
  const train: number[] = [];
  keys.forEach((k, gi) => {
    const members = rng.shuffle(groups.get(k)!.slice());
    test.push(...members.slice(0, take[gi]));
    train.push(...members.slice(take[gi]));
  });
  return { train: rng.shuffle(Int32Array.from(train)), test: rng.shuffle(Int32Array.from(test)) };
}
