import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Table, makeVector, vectorFromArray, Float64, Utf8 } from 'apache-arrow';
import { ArrowDataset, ColumnError, Random } from '../../lib/alimentar';
import { DATA } from './helpers';

const small = () => ArrowDataset.fromTable(new Table({
  id: makeVector(Int32Array.from([0, 1, 2, 3, 4, 5])),
  x: vectorFromArray([1.5, null, -2, 4, 0, 8], new Float64()),
  s: vectorFromArray(['b', 'a', 'b', null, 'c', 'a'], new Utf8()),
}));

describe('transforms', () => {
  let iris: ArrowDataset;
  beforeAll(async () => {
    iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
  });

  it('select, drop and rename share the columns and chain', () => {
    const ds = iris.select(['target', 'sepal_length_cm']).rename({ sepal_length_cm: 'sl' });
    expect(ds.columnNames).toEqual(['target', 'sl']);
    expect(ds.column('sl')).not.toBeUndefined();
    expect(iris.drop(['target']).columnNames).toHaveLength(4);
    expect(() => iris.rename({ target: 'sepal_width_cm' })).toThrow(RangeError);
    expect(() => iris.drop(['nope'])).toThrow(ColumnError);
  });

  it('filter by expression or function gives the same rows', () => {
    const a = iris.filter('petal_length_cm > 1.5 && target == 0');
    const b = iris.filter((r) => (r.petal_length_cm as number) > 1.5 && r.target === 0n);
    expect(a.numRows).toBe(13);
    expect(a.toRows()).toEqual(b.toRows());
  });

  it('filter drops rows where the expression is null', () => {
    expect(small().filter('x >= 0').toRows().map((r) => r.id)).toEqual([0, 3, 4, 5]);
    expect(small().filter("s == 'a' || s == 'c'").toRows().map((r) => r.id)).toEqual([1, 4, 5]);
    expect(() => small().filter('x +')).toThrow(TypeError);
    expect(() => small().filter('x + 1')).toThrow(/true\/false/);
  });

  it('map adds a column from an expression or a function', () => {
    const ds = iris.map('area', 'petal_length_cm * petal_width_cm').map('label', (r) => `c${r.target}`);
    const first = ds.toRows()[0];
    expect(first.area).toBeCloseTo(1.4 * 0.2, 15);
    expect(first.label).toBe('c0');
    expect(String(ds.schema.fields.find((f) => f.name === 'label')!.type)).toBe('Utf8');
  });

  it('cast, fillNull and normalize', () => {
    const ds = small().fillNull({ x: 0, s: 'z' }).cast({ id: 'float32', x: 'int32' });
    expect(ds.toRows().map((r) => [r.id, r.x, r.s])).toEqual([[0, 1, 'b'], [1, 0, 'a'], [2, -2, 'b'], [3, 4, 'z'], [4, 0, 'c'], [5, 8, 'a']]);
    expect(String(ds.schema.fields[0].type)).toBe('Float32');
    expect(() => small().cast({ s: 'int32' })).toThrow(ColumnError);
    const z = iris.normalize(['sepal_length_cm']).toVector('sepal_length_cm').data as Float64Array;
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(mean).toBeCloseTo(0, 12);
    expect(variance).toBeCloseTo(1, 12);
    const m = iris.normalize(undefined, 'minmax').toMatrix();
    expect(Math.min(...(m.data as Float64Array))).toBe(0);
    expect(Math.max(...(m.data as Float64Array))).toBe(1);
    expect(small().normalize(['x'], 'minmax').toRows().map((r) => r.x)).toEqual([0.35, null, 0, 0.6, 0.2, 1]);
  });

  it('sort is stable with nulls last, descending too', () => {
    expect(small().sort('x').toRows().map((r) => r.id)).toEqual([2, 4, 0, 3, 5, 1]);
    expect(small().sort([{ column: 's', descending: true }, 'id']).toRows().map((r) => r.id)).toEqual([4, 0, 2, 1, 5, 3]);
  });

  it('unique keeps first occurrences; take and skip', () => {
    expect(small().unique(['s']).toRows().map((r) => r.id)).toEqual([0, 1, 3, 4]);
    expect(iris.unique(['target']).numRows).toBe(3);
    expect(iris.take(3).numRows).toBe(3);
    expect(iris.skip(148).toRows()).toEqual(iris.take([148, 149]).toRows());
    expect(() => iris.take([150])).toThrow(RangeError);
  });

  it('shuffle and sample are seeded and deterministic', () => {
    const ids = (ds: ArrowDataset) => ds.toRows().map((r) => r.sepal_length_cm);
    expect(ids(iris.shuffle(7))).toEqual(ids(iris.shuffle(7)));
    expect(ids(iris.shuffle(7))).not.toEqual(ids(iris.shuffle(8)));
    expect(iris.shuffle(7).sort([{ column: 'sepal_length_cm' }]).toRows().map((r) => r.sepal_length_cm))
      .toEqual(iris.sort('sepal_length_cm').toRows().map((r) => r.sepal_length_cm));
    expect(iris.sample(10, { seed: 1 }).toRows()).toEqual(iris.sample(10, { seed: 1 }).toRows());
    expect(iris.sample(500, { seed: 1, replace: true }).numRows).toBe(500);
    expect(() => iris.sample(151)).toThrow(RangeError);
  });

  it('the PRNG is mulberry32 (its published first outputs for seed 1)', () => {
    const r = new Random(1);
    expect([r.next(), r.next()]).toEqual([0.6270739405881613, 0.002735721180215478]);
  });

  it('trainTestSplit partitions rows, stratified proportions kept', () => {
    const { train, test } = iris.trainTestSplit({ testSize: 0.2, seed: 3, stratify: 'target' });
    expect(train.numRows + test.numRows).toBe(150);
    expect(test.numRows).toBe(30);
    const counts = (ds: ArrowDataset) => [0, 1, 2].map((k) => ds.toRows().filter((r) => r.target === k).length);
    expect(counts(test)).toEqual([10, 10, 10]);
    const key = (r: Record<string, unknown>) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
    const all = [...train.toRows(), ...test.toRows()].map(key).sort();
    expect(all).toEqual(iris.toRows().map(key).sort());
    expect(iris.trainTestSplit({ seed: 3 }).test.toRows()).toEqual(iris.trainTestSplit({ seed: 3 }).test.toRows());
    expect(() => iris.trainTestSplit({ testSize: 1.5 })).toThrow(RangeError);
  });

  it('row selections compose lazily into one gather (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 20 }), (seed, k) => {
      const chained = iris.shuffle(seed).skip(k).take(50).sort('petal_width_cm');
      const stepwise = ArrowDataset.fromTable(ArrowDataset.fromTable(ArrowDataset.fromTable(iris.shuffle(seed).toTable()).skip(k).toTable()).take(50).toTable()).sort('petal_width_cm');
      expect(chained.toRows()).toEqual(stepwise.toRows());
    }), { numRuns: 20 });
  });

  it('concat keeps order and fromBytes reads a buffer', () => {
    const bytes = readFileSync(path.join(DATA, 'iris.csv'));
    const ds = ArrowDataset.fromBytes(bytes, { format: 'csv', columns: ['target'] });
    expect(ds.columnNames).toEqual(['target']);
    expect(ArrowDataset.concat([ds.take(2), ds.skip(148)]).numRows).toBe(4);
  });
});
