/**
 * Parquet write: numeric columns of nearly all distinct values are written plain from the start (their dictionary
 * would pass the 1 MB page limit, where pyarrow and the Rust writer give it up anyway); columns whose dictionary fits
 * keep it; the file reads back identically here and in pyarrow.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Table, makeVector } from 'apache-arrow';
import { readParquet, writeParquet } from '../../lib/alimentar';
import { plainColumns } from '../../lib/alimentar/formats/parquet/dictionary-choice';
import { interopIt, python } from '../helpers/baseline-python';
import { tempDir } from './helpers';

const N = 300_000;

/** id and x: all distinct (past the dictionary limit); g: 1000 values; k: 100,000 float64 values (a dictionary of 800 KB fits). */
function table(): Table {
  const id = new Int32Array(N);
  const g = new Int32Array(N);
  const x = new Float64Array(N);
  const k = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    id[i] = i;
    g[i] = (i * 7919) % 1000;
    x[i] = Math.sin(i) * 1e3;
    k[i] = Math.floor(i / 3) + 0.5;
  }
  return new Table({ id: makeVector(id), g: makeVector(g), x: makeVector(x), k: makeVector(k) });
}

test('only the columns whose dictionary would overflow in every row group are written plain', () => {
  const t = table();
  expect(plainColumns(t, 1 << 20)).toEqual(['id', 'x']);
  // row groups of 100,000 rows: no dictionary can pass the limit within one, so every column keeps it
  expect(plainColumns(t, 100_000)).toEqual([]);
  expect(plainColumns(t.slice(0, 0), 1 << 20)).toEqual([]);
});

test('the file reads back identically', () => {
  const t = table();
  const back = readParquet(writeParquet(t));
  for (const name of ['id', 'g', 'x', 'k']) {
    const got = back.getChild(name)!.toArray() as Float64Array;
    const want = t.getChild(name)!.toArray() as Float64Array;
    expect(got.length).toBe(N);
    expect(got.findIndex((v, i) => !Object.is(v, want[i]))).toBe(-1);
  }
});

interopIt('pyarrow reads it back, with dictionaries on g and k only', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = path.join(dir, 't.parquet');
    writeFileSync(file, writeParquet(table()));
    const out = python(`
import sys, json, pyarrow.parquet as pq, pyarrow.compute as pc
f = pq.ParquetFile(sys.argv[1]); t = f.read(); rg = f.metadata.row_group(0)
print(json.dumps({'rows': t.num_rows, 'sums': {n: pc.sum(t.column(n)).as_py() for n in t.column_names},
  'dict': {rg.column(i).path_in_schema: rg.column(i).has_dictionary_page for i in range(rg.num_columns)}}))`, file) as {
      rows: number; sums: Record<string, number>; dict: Record<string, boolean>;
    };
    const t = table();
    expect(out.rows).toBe(N);
    expect(out.dict).toEqual({ id: false, g: true, x: false, k: true });
    for (const name of ['id', 'g', 'x', 'k']) {
      const want = (t.getChild(name)!.toArray() as Float64Array).reduce((a, b) => a + b, 0);
      expect(out.sums[name]).toBeCloseTo(want, 3);
    }
  } finally {
    cleanup();
  }
});
