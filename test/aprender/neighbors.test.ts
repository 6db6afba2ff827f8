/**
 * The neighbour estimators against scikit-learn 1.9 on the real datasets (the split of splits.json; figures in
 * reference/neighbors.json, written by cases_neighbors.py): the same algorithm picked by 'auto', the same test score
 * and the same prediction for every test row, probabilities to 1e-12, the first test rows' neighbour distances to
 * 1e-9 and their rows exactly (these rows have no ties at the k-th neighbour), radius neighbour counts exactly.
 * Then the API's own behaviour and bad input.
 */
import { KNeighborsClassifier, KNeighborsRegressor, NearestNeighbors } from '../../lib/aprender';
import { Tensor } from '../../lib/trueno';
import { loadSplit, reference, type DatasetName } from './reference/data';

const ref = reference('neighbors');

function expectClose(got: ArrayLike<number>, want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    if (!(Math.abs(got[t] - want[t]) <= tol * Math.max(1, Math.abs(want[t])))) throw new Error(`[${t}] got ${got[t]}, want ${want[t]}`);
  }
}

const CLASSIFIERS: Array<[string, Record<string, unknown>]> = [
  ['KNeighborsClassifier', {}],
  ['KNeighborsClassifier.distance.p1', { nNeighbors: 7, weights: 'distance', p: 1 }],
  ['KNeighborsClassifier.brute', { nNeighbors: 3, algorithm: 'brute' }],
  ['KNeighborsClassifier.kd_tree', { nNeighbors: 3, algorithm: 'kd_tree', leafSize: 10 }],
];

describe.each(CLASSIFIERS)('%s matches scikit-learn', (id, options) => {
  test.each(Object.keys(ref[id]) as DatasetName[])('%s', (name) => {
    const want = ref[id][name] as Record<string, unknown>;
    const s = loadSplit(name);
    const knn = new KNeighborsClassifier(options).fit(s.XTrain, s.yTrain);
    expect(knn.fitMethod_).toBe(want.fit_method);
    expect(knn.score(s.XTest, s.yTest)).toBe(want.score);
    expect(Array.from((knn.predict(s.XTest) as Tensor).data as Int32Array)).toEqual(want.predict);
    const head = Tensor.from((s.XTest.data as Float64Array).slice(0, 10 * s.XTest.shape[1]), [10, s.XTest.shape[1]]);
    expectClose(knn.predictProba(head).data as Float64Array, (want.proba as number[][]).flat(), 1e-12);
    const five = Tensor.from((s.XTest.data as Float64Array).slice(0, 5 * s.XTest.shape[1]), [5, s.XTest.shape[1]]);
    const found = knn.kneighbors(five);
    expectClose(found.distances.data as Float64Array, (want.kneighbors_distances as number[][]).flat(), 1e-9);
    const rows = found.indices.toArray() as number[][];
    const wantRows = want.kneighbors_indices as number[][];
    // scikit-learn lists equal distances in no fixed order: compare each row's set
    rows.forEach((row, i) => expect([...row].sort((a, b) => a - b)).toEqual([...wantRows[i]].sort((a, b) => a - b)));
  });
});

describe.each([['KNeighborsRegressor', {}], ['KNeighborsRegressor.distance', { nNeighbors: 10, weights: 'distance' }]] as const)('%s matches scikit-learn', (id, options) => {
  test('diabetes', () => {
    const want = ref[id].diabetes as { score: number; predict: number[]; fit_method: string };
    const s = loadSplit('diabetes');
    const knn = new KNeighborsRegressor(options).fit(s.XTrain, s.yTrain);
    expect(knn.fitMethod_).toBe(want.fit_method);
    expect(Math.abs(knn.score(s.XTest, s.yTest) - want.score)).toBeLessThan(1e-12);
    expectClose(knn.predict(s.XTest).data as Float64Array, want.predict, 1e-12);
  });
});

describe.each([['NearestNeighbors.radius', 'iris', { radius: 1 }], ['NearestNeighbors.radius.brute', 'wine', { radius: 30, algorithm: 'brute' }]] as const)(
  '%s matches scikit-learn', (id, name, options) => {
    test(name, () => {
      const want = ref[id][name] as { counts: number[]; first_indices: number[]; first_distances: number[]; fit_method: string };
      const s = loadSplit(name);
      const nn = new NearestNeighbors(options).fit(s.XTrain);
      expect(nn.fitMethod_).toBe(want.fit_method);
      const found = nn.radiusNeighbors(s.XTest, undefined, true);
      expect(found.indices.map((r) => r.length)).toEqual(want.counts);
      expectClose(found.distances[0], want.first_distances, 1e-9);
      expect(Array.from(found.indices[0]).sort((a, b) => a - b)).toEqual([...want.first_indices].sort((a, b) => a - b));
    });
  },
);

describe('neighbour estimators', () => {
  const X = Tensor.from([[0, 0], [0, 1], [1, 0], [5, 5], [5, 6], [6, 5]]);
  const y = [0, 0, 0, 1, 1, 1];

  test('kneighbors without X leaves each row out of its own neighbours', () => {
    const nn = new NearestNeighbors({ nNeighbors: 2 }).fit(X);
    const { indices, distances } = nn.kneighbors();
    expect(indices.toArray()).toEqual([[1, 2], [0, 2], [0, 1], [4, 5], [3, 5], [3, 4]]);
    expect((distances.toArray() as number[][])[0]).toEqual([1, 1]);
    const r = nn.radiusNeighbors(undefined, 1.0);
    expect(r.indices.map((row) => Array.from(row))).toEqual([[1, 2], [0], [0], [4, 5], [3], [3]]);
  });

  test('distance weights: a query on a training row takes its label', () => {
    const knn = new KNeighborsClassifier({ nNeighbors: 5, weights: 'distance' }).fit(X, y);
    expect(knn.predictProba(Tensor.from([[5, 5]])).toArray()).toEqual([[0, 1]]);
    const reg = new KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit(X, [1, 2, 3, 4, 5, 6]);
    expect(reg.predict(Tensor.from([[0, 1]])).toArray()).toEqual([2]);
  });

  test('a weights function and multi-output regression', () => {
    const reg = new KNeighborsRegressor({ nNeighbors: 2, weights: (d: Tensor) => Tensor.from(Float64Array.from(d.data as Float64Array, () => 1)) })
      .fit(X, Tensor.from([[1, 10], [2, 20], [3, 30], [4, 40], [5, 50], [6, 60]]));
    expect(reg.predict(Tensor.from([[5.1, 5.1]])).toArray()).toEqual([[4.5, 45]]);
  });

  test('the metric aliases and p mean scikit-learn effective metrics', () => {
    expect(new NearestNeighbors({ p: 1 }).fit(X).effectiveMetric_).toBe('manhattan');
    expect(new NearestNeighbors({ metric: 'l2' }).fit(X).effectiveMetric_).toBe('euclidean');
    expect(new NearestNeighbors({ p: Infinity }).fit(X).effectiveMetric_).toBe('chebyshev');
    const m3 = new NearestNeighbors({ p: 3 }).fit(X);
    expect([m3.effectiveMetric_, m3.effectiveMetricParams_]).toEqual(['minkowski', { p: 3 }]);
    expect(m3.kneighbors(Tensor.from([[0, 0]]), 2).distances.toArray()).toEqual([[0, 1]]);
    expect(new NearestNeighbors({ algorithm: 'ball_tree' }).fit(X).fitMethod_).toBe('kd_tree');
    expect(new NearestNeighbors({ nNeighbors: 3 }).fit(X).fitMethod_).toBe('brute'); // nNeighbors >= n / 2
  });

  test('string labels and a restored model', () => {
    const knn = new KNeighborsClassifier({ nNeighbors: 3 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(knn.predict(Tensor.from([[0.2, 0.2], [6, 6]]))).toEqual(['a', 'b']);
    const copy = new KNeighborsClassifier({ nNeighbors: 3 });
    copy.restoreState(knn.learnedState());
    expect(copy.predict(Tensor.from([[6, 6]]))).toEqual(['b']);
  });

  test.each([
    ['k above the rows', () => new NearestNeighbors().fit(X).kneighbors(X, 7), RangeError, /Expected nNeighbors to be an integer in \[1, 6\] for NearestNeighbors.kneighbors \(6 samples fitted\) but received 7/],
    ['k of all rows without X', () => new NearestNeighbors().fit(X).kneighbors(undefined, 6), RangeError, /Expected nNeighbors to be an integer in \[1, 5\]/],
    ['k not an integer', () => new NearestNeighbors().fit(X).kneighbors(X, 1.5), RangeError, /but received 1.5/],
    ['negative radius', () => new NearestNeighbors().fit(X).radiusNeighbors(X, -1), RangeError, /Expected a number >= 0 for the radius of NearestNeighbors.radiusNeighbors but received -1/],
    ['kneighbors before fit', () => new KNeighborsClassifier().kneighbors(), Error, /not fitted yet/],
    ['radius before fit', () => new NearestNeighbors().radiusNeighbors(), Error, /not fitted yet/],
    ['bad p', () => new NearestNeighbors({ p: 0.5 }).fit(X), Error, /Expected a number >= 1 \(Infinity for chebyshev\) for the p parameter of NearestNeighbors but received 0.5/],
    ['bad metric', () => new KNeighborsClassifier({ metric: 'cosine' as never }).fit(X, y), Error, /for the metric parameter of KNeighborsClassifier/],
    ['bad weights', () => new KNeighborsRegressor({ weights: 'far' as never }).fit(X, y), Error, /for the weights parameter of KNeighborsRegressor/],
    ['predict with nNeighbors above the rows', () => new KNeighborsClassifier({ nNeighbors: 7 }).fit(X, y).predict(X), RangeError, /Expected nNeighbors to be an integer in \[1, 6\]/],
    ['weights function of the wrong size', () => new KNeighborsRegressor({ nNeighbors: 2, weights: () => [1] }).fit(X, y).predict(X), RangeError, /Expected 12 weights from the weights function of KNeighborsRegressor but received 1/],
    ['string targets for the regressor', () => new KNeighborsRegressor().fit(X, ['a', 'b', 'c', 'd', 'e', 'f']), TypeError, /Expected numeric targets for KNeighborsRegressor/],
  ])('%s', (_label, fn, type, message) => {
    expect(fn).toThrow(type as ErrorConstructor);
    expect(fn).toThrow(message as RegExp);
    try {
      fn();
    } catch (e) {
      expect(typeof (e as { code?: unknown }).code).toBe('string');
    }
  });
});
