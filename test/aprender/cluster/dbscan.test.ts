/**
 * DBSCAN against scikit-learn 1.9 on iris and wine (train rows): identical labels and core samples for several eps /
 * minSamples and the euclidean and manhattan metrics, on every backend; sample weights, precomputed distances, bad input.
 */
import { DBSCAN } from '../../../lib/aprender';
import { setBackend } from '../../../lib/trueno';
import { loadSplit, type DatasetName } from '../reference/data';
import { sk } from './helpers';

const CASES: Array<[string, DatasetName, 'euclidean' | 'manhattan']> = [
  ['DBSCAN.iris', 'iris', 'euclidean'], ['DBSCAN.iris.tight', 'iris', 'euclidean'], ['DBSCAN.iris.manhattan', 'iris', 'manhattan'], ['DBSCAN.wine', 'wine', 'euclidean'],
];
afterAll(() => setBackend('native'));

describe.each(['native', 'wasm', 'js'] as const)('%s backend', (backend) => {
  beforeAll(() => setBackend(backend));
  test.each(CASES)('%s: the same labels and core samples as scikit-learn', (id, name, metric) => {
    const ref = sk[id][name] as Record<string, number | number[]>;
    const { XTrain } = loadSplit(name);
    const db = new DBSCAN({ eps: ref.eps as number, minSamples: ref.min_samples as number, metric }).fit(XTrain);
    expect(Array.from(db.labels_ as Int32Array)).toEqual(ref.labels);
    expect(Array.from(db.coreSampleIndices_ as Int32Array)).toEqual(ref.core);
    expect(db.components_?.shape).toEqual([(ref.core as number[]).length, XTrain.shape[1]]);
  });
});

describe('DBSCAN behaviour', () => {
  test('points exactly eps apart are neighbours; weights count toward minSamples', () => {
    const x = [[0], [1], [2], [10]];
    expect(Array.from(new DBSCAN({ eps: 1, minSamples: 2 }).fitPredict(x))).toEqual([0, 0, 0, -1]);
    expect(Array.from(new DBSCAN({ eps: 1, minSamples: 3 }).fitPredict(x))).toEqual([0, 0, 0, -1]);
    expect(Array.from(new DBSCAN({ eps: 0.5, minSamples: 2 }).fitPredict(x))).toEqual([-1, -1, -1, -1]);
    const weighted = new DBSCAN({ eps: 0.5, minSamples: 2 }).fit(x, undefined, { sampleWeight: [1, 1, 1, 2] });
    expect(Array.from(weighted.labels_ as Int32Array)).toEqual([-1, -1, -1, 0]);
  });

  test('precomputed distances and minkowski p', () => {
    const x = [[0, 0], [0, 1], [5, 5], [5, 6], [20, 20]];
    const dm = x.map((a) => x.map((b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])));
    const a = new DBSCAN({ eps: 1, minSamples: 2, metric: 'precomputed' }).fitPredict(dm);
    expect(Array.from(a)).toEqual([0, 0, 1, 1, -1]);
    expect(Array.from(new DBSCAN({ eps: 1, minSamples: 2, metric: 'minkowski', p: 1 }).fitPredict(x))).toEqual(Array.from(a));
    expect(Array.from(new DBSCAN({ eps: 1, minSamples: 2, metric: 'chebyshev' }).fitPredict(x))).toEqual(Array.from(a));
  });

  test.each([
    ['eps 0', () => new DBSCAN({ eps: 0 }).fit([[1]]), /Expected a number > 0 for the eps parameter of DBSCAN but received 0/, 'ERR_APRENDER_PARAM'],
    ['a minkowski power below 1', () => new DBSCAN({ metric: 'minkowski', p: 0.5 }).fit([[1]]), /Expected a number >= 1 or null for the p parameter of DBSCAN but received 0.5/, 'ERR_APRENDER_PARAM'],
    ['a bad metric', () => new DBSCAN({ metric: 'hamming' as never }).fit([[1]]), /for the metric parameter of DBSCAN/, 'ERR_APRENDER_PARAM'],
    ['a non-square precomputed matrix', () => new DBSCAN({ metric: 'precomputed' }).fit([[0, 1, 2], [1, 0, 3]]), /Expected a square distance matrix/, 'ERR_APRENDER_RANGE'],
    ['NaN in X', () => new DBSCAN().fit([[1], [NaN]]), /contains NaN/, 'ERR_APRENDER_RANGE'],
  ])('%s', (_label, fn, message, code) => {
    expect(fn).toThrow(message as RegExp);
    expect(fn).toThrow(expect.objectContaining({ code }));
  });
});
