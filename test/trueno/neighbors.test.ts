/**
 * Neighbour searches (NeighborIndex, kneighbors, radiusNeighbors) on every backend, ISA level and thread count.
 *
 * Against a reference computed here (every distance, sorted by (distance, row)): on small-integer data, full of
 * ties and exact in float64, indices must match exactly and distances to 1e-12 relative (square and p-th roots
 * round); on random float data the brute-force euclidean (the gemm expansion) must give the same rows and distances
 * within 1e-9 of the direct sums. scikit-learn parity on a fixed input (values printed by scikit-learn 1.9, rows
 * sorted by (distance, row): scikit-learn orders equal distances arbitrarily), and bad input.
 */
import * as T from '../../lib/trueno';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';

const configs = configurations();
afterAll(resetBackends);

type Metric = { metric?: T.NeighborMetric; p?: number };
const METRICS: Array<[string, Metric, (g: number[]) => number]> = [
  ['euclidean', {}, (g) => Math.sqrt(g.reduce((s, v) => s + v * v, 0))],
  ['manhattan', { metric: 'manhattan' }, (g) => g.reduce((s, v) => s + v, 0)],
  ['chebyshev', { metric: 'chebyshev' }, (g) => Math.max(0, ...g)],
  ['minkowski p=3', { metric: 'minkowski', p: 3 }, (g) => Math.cbrt(g.reduce((s, v) => s + v ** 3, 0))],
];

/** rows x d small integers in [-3, 3]. */
const intMatrix = (seed: number, rows: number, d: number) =>
  T.Tensor.from(Array.from(sym(seed, rows * d), (v) => Math.trunc(v * 3.5)), [rows, d]);

/** For each query row, every train row as [distance, row], ordered by (distance, row). */
function ranked(q: T.Tensor, x: T.Tensor, dist: (g: number[]) => number): Array<Array<[number, number]>> {
  const [nq, d] = q.shape;
  const n = x.shape[0];
  const qd = q.data as Float64Array;
  const xd = x.data as Float64Array;
  return Array.from({ length: nq }, (_, i) =>
    Array.from({ length: n }, (__, j): [number, number] =>
      [dist(Array.from({ length: d }, (___, f) => Math.abs(qd[i * d + f] - xd[j * d + f]))), j])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]));
}

function expectClose(got: ArrayLike<number>, want: number[], rtol: number): void {
  expect(got.length).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    if (Math.abs(got[t] - want[t]) > rtol * Math.max(1, Math.abs(want[t]))) throw new Error(`[${t}] got ${got[t]}, want ${want[t]}`);
  }
}

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  describe.each([['brute', 1], ['kd_tree', 1], ['kd_tree', 30]] as const)('%s, leaf size %d', (algorithm, leafSize) => {
    test.each(METRICS)('%s: k nearest on tied integer data match the full sort', (_name, metric, dist) => {
      const x = intMatrix(1, 300, 3);
      const q = intMatrix(2, 70, 3);
      const index = new T.NeighborIndex(x, { algorithm, leafSize });
      const want = ranked(q, x, dist);
      for (const k of [1, 7, 300]) {
        const { indices, distances } = T.kneighbors(index, q, k, metric);
        expect(indices.shape).toEqual([70, k]);
        expect(Array.from(indices.data)).toEqual(want.flatMap((row) => row.slice(0, k).map(([, j]) => j)));
        expectClose(distances.data as Float64Array, want.flatMap((row) => row.slice(0, k).map(([v]) => v)), 1e-12);
      }
    });

    test.each(METRICS)('%s: radius neighbours match the full sort, by row or by distance', (_name, metric, dist) => {
      const x = intMatrix(3, 200, 2);
      const q = intMatrix(4, 30, 2);
      const index = new T.NeighborIndex(x, { algorithm, leafSize });
      const want = ranked(q, x, dist).map((row) => row.filter(([v]) => v <= 2));
      const sorted = T.radiusNeighbors(index, q, 2, { ...metric, sortResults: true });
      expect(Array.from(sorted.offsets.data as BigInt64Array, Number)).toEqual([0, ...want.map((row, i) =>
        want.slice(0, i + 1).reduce((s, r) => s + r.length, 0))]);
      expect(Array.from(sorted.indices.data)).toEqual(want.flatMap((row) => row.map(([, j]) => j)));
      expectClose(sorted.distances.data as Float64Array, want.flatMap((row) => row.map(([v]) => v)), 1e-12);
      const byRow = T.radiusNeighbors(index, q, 2, metric);
      expect(Array.from(byRow.indices.data)).toEqual(want.flatMap((row) => row.map(([, j]) => j).sort((a, b) => a - b)));
      const all = T.radiusNeighbors(index, q, Infinity, metric);
      expect(all.indices.size).toBe(30 * 200);
      expect(T.radiusNeighbors(index, q, 0, metric).indices.size).toBe(want.reduce((s, r) => s + r.filter(([v]) => v === 0).length, 0));
    });

    test('random float data, float32 queries: the same rows as the direct distances', () => {
      const x = T.Tensor.from(sym(5, 1500 * 4), [1500, 4]);
      const q = T.Tensor.from(Float32Array.from(sym(6, 90 * 4)), [90, 4]);
      const qd = T.Tensor.from(Float64Array.from(q.data as Float32Array), [90, 4]);
      const want = ranked(qd, x, METRICS[0][2]);
      const { indices, distances } = T.kneighbors(new T.NeighborIndex(x, { algorithm, leafSize }), q, 5);
      expect(Array.from(indices.data)).toEqual(want.flatMap((row) => row.slice(0, 5).map(([, j]) => j)));
      expectClose(distances.data as Float64Array, want.flatMap((row) => row.slice(0, 5).map(([v]) => v)), 1e-9);
    });
  });

  test('scikit-learn parity (NearestNeighbors(n_neighbors=3).kneighbors, brute and kd_tree)', () => {
    const x = T.Tensor.from([[0, 0], [1, 1], [2, 2], [0, 1], [1, 0], [3, 0.5]]);
    const q = T.Tensor.from([[0.5, 0.5], [2, 1], [0.1, 0.2]]);
    for (const algorithm of ['brute', 'kd_tree'] as const) {
      const index = new T.NeighborIndex(x, { algorithm, leafSize: 1 });
      const e = T.kneighbors(index, q, 3);
      expect(e.indices.toArray()).toEqual([[0, 1, 3], [1, 2, 5], [0, 3, 4]]);
      expectClose(e.distances.data as Float64Array, [0.707106781186548, 0.707106781186548, 0.707106781186548, 1, 1,
        1.118033988749895, 0.223606797749979, 0.806225774829855, 0.921954445729289], 1e-14);
      const m = T.kneighbors(index, q, 3, { metric: 'minkowski', p: 1 });
      expectClose(m.distances.data as Float64Array, [1, 1, 1, 1, 1, 1.5, 0.3, 0.9, 1.1], 1e-14);
      const c = T.kneighbors(index, q, 3, { metric: 'chebyshev' });
      expect(c.indices.toArray()).toEqual([[0, 1, 3], [1, 2, 4], [0, 3, 1]]);
      expectClose(c.distances.data as Float64Array, [0.5, 0.5, 0.5, 1, 1, 1, 0.2, 0.8, 0.9], 1e-14);
      const p3 = T.kneighbors(index, q, 3, { metric: 'minkowski', p: 3 });
      expectClose(p3.distances.data as Float64Array, [0.629960524947437, 0.629960524947437, 0.629960524947437, 1, 1,
        1.040041911525952, 0.20800838230519, 0.800520494616584, 0.903280211228082], 1e-14);
      const r = T.radiusNeighbors(index, q, 1.2, { sortResults: true });
      expect(Array.from(r.indices.data)).toEqual([0, 1, 3, 4, 1, 2, 5, 0, 3, 4]);
      expect(Array.from(r.offsets.data as BigInt64Array, Number)).toEqual([0, 4, 7, 10]);
    }
  });
});

describe('neighbour search bad input', () => {
  const x = T.Tensor.from([[0, 0], [1, 1], [2, 2]]);
  const index = new T.NeighborIndex(x);
  const q = T.Tensor.from([[0, 1]]);
  test.each([
    ['index of a non-tensor', () => new T.NeighborIndex([[1]] as never), TypeError, /Expected a Tensor for NeighborIndex argument x/],
    ['index of 1-d x', () => new T.NeighborIndex(T.Tensor.from([1, 2])), RangeError, /Expected a 2-d tensor for NeighborIndex argument x but received shape \[2\]/],
    ['index of no rows', () => new T.NeighborIndex(T.Tensor.zeros([0, 2])), RangeError, /Expected 1 to 2147483647 rows for NeighborIndex argument x but received 0/],
    ['bad algorithm', () => new T.NeighborIndex(x, { algorithm: 'ball' as never }), TypeError, /NeighborIndex options.algorithm/],
    ['bad leaf size', () => new T.NeighborIndex(x, { leafSize: 0 }), RangeError, /Expected an integer in \[1, 2147483647\] for NeighborIndex options.leafSize but received 0/],
    ['not an index', () => T.kneighbors({} as never, q, 1), TypeError, /Expected a NeighborIndex for kneighbors argument index/],
    ['queries not a tensor', () => T.kneighbors(index, [[0, 1]] as never, 1), TypeError, /Expected a Tensor for kneighbors argument queries/],
    ['queries of other width', () => T.kneighbors(index, T.Tensor.from([[1, 2, 3]]), 1), RangeError, /Expected a 2-d tensor with 2 columns for kneighbors argument queries but received shape \[1, 3\]/],
    ['k of 0', () => T.kneighbors(index, q, 0), RangeError, /Expected an integer in \[1, 3\] for kneighbors argument k but received 0/],
    ['k above n', () => T.kneighbors(index, q, 4), RangeError, /for kneighbors argument k but received 4/],
    ['k not a number', () => T.kneighbors(index, q, '2' as never), TypeError, /Expected an integer for kneighbors argument k/],
    ['bad metric', () => T.kneighbors(index, q, 1, { metric: 'cosine' as never }), TypeError, /kneighbors options.metric/],
    ['p below 1', () => T.kneighbors(index, q, 1, { metric: 'minkowski', p: 0.5 }), RangeError, /Expected a number >= 1 for kneighbors options.p but received 0.5/],
    ['p NaN', () => T.kneighbors(index, q, 1, { metric: 'minkowski', p: NaN }), RangeError, /for kneighbors options.p but received NaN/],
    ['p with a named metric', () => T.kneighbors(index, q, 1, { metric: 'manhattan', p: 3 }), RangeError, /Expected no p for kneighbors with metric 'manhattan'/],
    ['negative radius', () => T.radiusNeighbors(index, q, -1), RangeError, /Expected a number >= 0 for radiusNeighbors argument radius but received -1/],
    ['NaN radius', () => T.radiusNeighbors(index, q, NaN), RangeError, /radiusNeighbors argument radius but received NaN/],
    ['bad sortResults', () => T.radiusNeighbors(index, q, 1, { sortResults: 1 as never }), TypeError, /radiusNeighbors options.sortResults/],
    ['options not an object', () => T.kneighbors(index, q, 1, 3 as never), TypeError, /kneighbors options/],
  ])('%s', (_label, fn, type, message) => {
    expect(fn).toThrow(type as ErrorConstructor);
    expect(fn).toThrow(message as RegExp);
  });

  test('every error carries a code', () => {
    try {
      T.kneighbors(index, q, 0);
    } catch (e) {
      expect((e as { code?: string }).code).toBe('ERR_TRUENO_RANGE');
    }
    expect.assertions(1);
  });

  test('NaN data gives valid row numbers, never a crash', () => {
    const bad = T.Tensor.from([[NaN, 0], [1, 1], [2, Infinity]]);
    for (const algorithm of ['brute', 'kd_tree'] as const) {
      const { indices } = T.kneighbors(new T.NeighborIndex(bad, { algorithm }), T.Tensor.from([[NaN, 1], [0, 0]]), 3);
      expect(Array.from(indices.data).every((j) => j >= 0 && j < 3)).toBe(true);
    }
  });
});
