/** ArrowDataset printing, shape, length and describe(), and DataLoader.length. */
import * as path from 'node:path';
import { format, inspect } from 'node:util';
import { Float16, Float64, Int32, Int64, Table, Uint8, Utf8, vectorFromArray } from 'apache-arrow';
import { ArrowDataset, DataLoader, StreamingDataset } from '../../lib/alimentar';
import { DATA } from './helpers';

/** Six rows: a float column with a null and a NaN, an int64 column, strings with a null, an int32 column of one value. */
function sample(): ArrowDataset {
  return ArrowDataset.fromTable(new Table({
    a: vectorFromArray([1.5, null, 3, NaN, -2.25, 10], new Float64()),
    b: vectorFromArray([1n, 2n, 3n, 4n, 5n, 6n], new Int64()),
    c: vectorFromArray(['setosa', 'virginica', null, 'a', 'b', 'c'], new Utf8()),
    d: vectorFromArray([null, null, 7, null, null, null], new Int32()),
  }));
}

const PRINTED = [
  'ArrowDataset: 6 rows × 4 columns',
  'schema: a: Float64, b: Int64, c: Utf8, d: Int32',
  'a      b  c          d',
  '-----  -  ---------  ----',
  '1.5    1  setosa     null',
  'null   2  virginica  null',
  '3      3  null       7',
  'NaN    4  a          null',
  '-2.25  5  b          null',
  '... 1 more row',
].join('\n');

describe('printing a dataset', () => {
  test('String, util.inspect and console.log show the shape, schema and first rows as an aligned table', () => {
    const ds = sample();
    expect(String(ds)).toBe(PRINTED);
    expect(inspect(ds)).toBe(PRINTED);
    expect(format(ds)).toBe(PRINTED);
  });

  test('a small dataset shows every row, a selection prints its own rows, an empty one only its header', () => {
    const ds = sample().filter((r) => r.b === 2n || r.b === 6n).select(['b', 'c']);
    expect(String(ds)).toBe(['ArrowDataset: 2 rows × 2 columns', 'schema: b: Int64, c: Utf8', 'b  c', '-  ---------', '2  virginica', '6  c'].join('\n'));
    expect(String(sample().take(0).select(['a']))).toBe(['ArrowDataset: 0 rows × 1 column', 'schema: a: Float64', 'a', '-'].join('\n'));
    expect(String(sample().select([]))).toBe(['ArrowDataset: 6 rows × 0 columns', 'schema: (no columns)', '... 6 more rows'].join('\n'));
  });
});

describe('shape and length', () => {
  test('shape is [rows, columns] and length the rows, after selections too', async () => {
    const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    expect(iris.shape).toEqual([150, 5]);
    expect(iris.length).toBe(150);
    const some = iris.filter((r) => Number(r.target) === 0).drop(['target']);
    expect(some.shape).toEqual([50, 4]);
    expect(some.length).toBe(50);
    expect(sample().take(0).shape).toEqual([0, 4]);
  });
});

describe('describe()', () => {
  // numpy on the non-missing values: count, mean, std (ddof 1), min, percentile 25/50/75 (linear), max, missing.
  const EXPECTED: Record<string, (number | null)[]> = {
    a: [4, 3.0625, 5.125, -2.25, 0.5625, 2.25, 4.75, 10, 2],
    b: [6, 3.5, 1.8708286933869707, 1, 2.25, 3.5, 4.75, 6, 0],
    d: [1, 7, null, 7, 7, 7, 7, 7, 5],
  };

  test('count, mean, std, min, quartiles, max and nulls of each numeric column, as pandas', () => {
    const stats = sample().describe();
    expect(stats).toBeInstanceOf(ArrowDataset);
    expect(stats.columnNames).toEqual(['statistic', 'a', 'b', 'd']);
    expect(stats.column('statistic').toArray()).toEqual(['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max', 'nulls']);
    for (const [name, want] of Object.entries(EXPECTED)) {
      const got = Array.from(stats.column(name).toArray() as Float64Array);
      want.forEach((w, i) => (w === null ? expect(got[i]).toBeNaN() : expect(got[i]).toBeCloseTo(w, 12)));
    }
  });

  test('matches numpy on iris, and a column with no values has NaN statistics', async () => {
    const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    const stats = iris.describe();
    const col = (c: string) => Array.from(stats.column(c).toArray() as Float64Array);
    // numpy: x = iris sepal length; [len, mean, std(ddof=1), min, percentile(25, 50, 75), max]
    const want = [150, 5.843333333333334, 0.828066127977863, 4.3, 5.1, 5.8, 6.4, 7.9, 0];
    col(iris.columnNames[0]).forEach((g, i) => expect(g).toBeCloseTo(want[i], 12));
    const empty = sample().take(0).describe();
    expect(Array.from(empty.column('a').toArray() as Float64Array).map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([0, 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', 0]);
  });

  test('float16, uint8 and int64 columns are summarized by value', () => {
    const ds = ArrowDataset.fromTable(new Table({
      h: vectorFromArray([1.5, null, 2.5], new Float16()),
      u: vectorFromArray([200, 100, 0], new Uint8()),
    }));
    const stats = ds.describe();
    expect(Array.from(stats.column('h').toArray() as Float64Array)).toEqual([2, 2, Math.SQRT1_2, 1.5, 1.75, 2, 2.25, 2.5, 1]);
    expect(Array.from(stats.column('u').toArray() as Float64Array)).toEqual([3, 100, 100, 0, 50, 100, 150, 200, 0]);
  });

  test('a column named statistic keeps its name; the label column steps aside', () => {
    const ds = ArrowDataset.fromTable(new Table({ statistic: vectorFromArray([1, 2], new Float64()) }));
    expect(ds.describe().columnNames).toEqual(['_statistic', 'statistic']);
  });
});

describe('DataLoader.length', () => {
  test('batches per epoch, with and without dropLast, equal to what an epoch yields', async () => {
    const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    for (const [batchSize, dropLast, want] of [[32, false, 5], [32, true, 4], [50, false, 3], [50, true, 3], [200, true, 0], [200, false, 1]] as const) {
      const loader = new DataLoader(iris, { batchSize, dropLast });
      expect(loader.length).toBe(want);
      let n = 0;
      for await (const _ of loader) n++;
      expect(n).toBe(want);
    }
  });

  test('a streamed Parquet file has a length; a streamed CSV (row count unknown) is a TypeError', async () => {
    const pq = await StreamingDataset.open(path.join(DATA, 'iris.parquet'));
    expect(new DataLoader(pq, { batchSize: 32, dropLast: true }).length).toBe(4);
    let n = 0;
    for await (const _ of new DataLoader(pq, { batchSize: 32, dropLast: true })) n++;
    expect(n).toBe(4);
    pq.close();
    const csv = await StreamingDataset.open(path.join(DATA, 'iris.csv'));
    expect(() => new DataLoader(csv, { batchSize: 32 }).length).toThrow(/known row count.*csv/);
    csv.close();
  });
});
