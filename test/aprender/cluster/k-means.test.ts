/**
 * KMeans against scikit-learn 1.9 on the real datasets (train rows of splits.json), from the same k-means++ init
 * arrays: inertia within 1e-6 relative (the spec asks 1%), labels equal (adjusted Rand index 1), centers, test-set
 * predictions and score; Lloyd and Elkan alike, on every backend. Then the default k-means++ seeding (our generator,
 * not numpy's; ten runs) reaching an inertia within 1% of scikit-learn's, progress reports, and bad input.
 */
import { KMeans } from '../../../lib/aprender';
import { setBackend, Tensor } from '../../../lib/trueno';
import { loadSplit, type DatasetName } from '../reference/data';
import { adjustedRand, sk } from './helpers';

const DATASETS: DatasetName[] = ['iris', 'wine', 'breast_cancer', 'digits'];
const BACKENDS = ['native', 'wasm', 'js'] as const;
afterAll(() => setBackend('native'));

describe.each(BACKENDS)('%s backend', (backend) => {
  beforeAll(() => setBackend(backend));
  describe.each(['lloyd', 'elkan'] as const)('%s', (algorithm) => {
    test.each(DATASETS)('%s matches scikit-learn from the same init', (name) => {
      const ref = sk[`KMeans.${algorithm}`][name] as Record<string, number[] | number[][] | number>;
      const { XTrain, XTest } = loadSplit(name);
      const init = ref.init as number[][];
      const km = new KMeans({ nClusters: init.length, init, algorithm }).fit(XTrain);
      expect(km.inertia_).toBeCloseTo(ref.inertia as number, -Math.log10((ref.inertia as number) * 1e-8));
      expect(adjustedRand(km.labels_ as Int32Array, ref.labels as number[])).toBeGreaterThanOrEqual(0.99);
      expect(Array.from(km.labels_ as Int32Array)).toEqual(ref.labels);
      expect(km.nIter_).toBe(ref.n_iter);
      const centers = (ref.centers as number[][]).flat();
      (km.clusterCenters_?.data as Float64Array).forEach((v, i) => expect(Math.abs(v - centers[i])).toBeLessThan(1e-8 * Math.max(1, Math.abs(centers[i]))));
      expect(Array.from(km.predict(XTest))).toEqual(ref.test_labels);
      expect(km.score(XTest) / (ref.test_score as number)).toBeCloseTo(1, 8);
    });
  });
});

// One k-means++ run can end in a worse local minimum for some seeds (scikit-learn's seed 2 does on wine): ten runs.
test.each(['iris', 'wine'] as DatasetName[])('k-means++ and random seeding on %s reach scikit-learn\'s inertia within 1%', (name) => {
  const ref = sk['KMeans.default'][name] as Record<string, number>;
  const { XTrain } = loadSplit(name);
  for (const randomState of [0, 1, 2]) {
    expect(new KMeans({ nClusters: 3, nInit: 10, randomState }).fit(XTrain).inertia_).toBeLessThanOrEqual(ref.inertia * 1.01);
    expect(new KMeans({ nClusters: 3, init: 'random', randomState }).fit(XTrain).inertia_).toBeLessThanOrEqual(ref.inertia_random * 1.01);
  }
});

describe('KMeans behaviour', () => {
  const { XTrain } = loadSplit('iris');

  test('transform gives distances to the centers; fitPredict gives labels_', () => {
    const km = new KMeans({ nClusters: 3, randomState: 0 });
    const labels = km.fitPredict(XTrain);
    const dist = km.transform(XTrain);
    expect(dist.shape).toEqual([XTrain.shape[0], 3]);
    const d = dist.data as Float64Array;
    labels.forEach((l, i) => expect(d[i * 3 + l]).toBe(Math.min(d[i * 3], d[i * 3 + 1], d[i * 3 + 2])));
    expect(km.fitTransform(XTrain).shape).toEqual([XTrain.shape[0], 3]);
  });

  test.each(['lloyd', 'elkan'] as const)('%s: an empty cluster takes the farthest point (scikit-learn\'s relocation)', (algorithm) => {
    const km = new KMeans({ nClusters: 3, init: [[0], [0], [20]], algorithm }).fit([[0], [0.1], [10], [10.1], [20]]);
    expect(Array.from(km.labels_ as Int32Array)).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(km.clusterCenters_?.data as Float64Array).map((v) => Math.round(v * 100) / 100)).toEqual([0.05, 10.05, 20]);
    expect(km.inertia_).toBeCloseTo(0.01, 12);
  });

  test('sample weights: integer weights equal repeated rows', () => {
    const n = XTrain.shape[0], d = XTrain.shape[1];
    const x = XTrain.data as Float64Array;
    const weights = Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) for (let r = 0; r < weights[i]; r++) rows.push(Array.from(x.subarray(i * d, (i + 1) * d)));
    const init = [0, 50, 100].map((i) => Array.from(x.subarray(i * d, (i + 1) * d)));
    const weighted = new KMeans({ nClusters: 3, init }).fit(XTrain, undefined, { sampleWeight: weights });
    const repeated = new KMeans({ nClusters: 3, init }).fit(rows);
    expect(weighted.inertia_).toBeCloseTo(repeated.inertia_ as number, 8);
  });

  test('fitAsync reports progress per iteration', async () => {
    const seen: number[] = [];
    const km = await new KMeans({ nClusters: 3, randomState: 0, nInit: 2 }).fitAsync(XTrain, undefined, { onProgress: (p) => seen.push(p.iteration) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(km.inertia_).toBeGreaterThan(0);
  });

  test('float32 input keeps float32 centers close to float64', () => {
    const f32 = Tensor.from(Float32Array.from(XTrain.data as Float64Array), XTrain.shape);
    const a = new KMeans({ nClusters: 3, randomState: 0 }).fit(f32);
    const b = new KMeans({ nClusters: 3, randomState: 0 }).fit(XTrain);
    expect(a.clusterCenters_?.dtype).toBe('float32');
    expect(a.inertia_ as number).toBeCloseTo(b.inertia_ as number, 3);
  });

  test.each([
    ['more clusters than samples', () => new KMeans({ nClusters: 5 }).fit([[1, 2], [3, 4]]), /Expected at least nClusters=5 samples for X but received n_samples=2/, 'ERR_APRENDER_RANGE'],
    ['init of the wrong shape', () => new KMeans({ nClusters: 2, init: [[1, 2, 3], [4, 5, 6]] }).fit([[1, 2], [3, 4], [5, 6]]), /Expected init of shape \[2, 2\]/, 'ERR_APRENDER_RANGE'],
    ['non-finite init', () => new KMeans({ nClusters: 2, init: [[1, NaN], [4, 5]] }).fit([[1, 2], [3, 4], [5, 6]]), /Expected finite values in the init array/, 'ERR_APRENDER_RANGE'],
    ['a string init', () => new KMeans({ init: 'kmeans' as never }).fit([[1, 2]]), /Expected 'k-means\+\+', 'random' or a 2-D array or Tensor of initial centers for the init parameter of KMeans but received 'kmeans'/, 'ERR_APRENDER_PARAM'],
    ['nClusters 0', () => new KMeans({ nClusters: 0 }).fit([[1, 2]]), /Expected an integer >= 1 for the nClusters parameter of KMeans but received 0/, 'ERR_APRENDER_PARAM'],
    ['negative tol', () => new KMeans({ tol: -1 }).fit([[1, 2]]), /tol parameter of KMeans/, 'ERR_APRENDER_PARAM'],
    ['bad algorithm', () => new KMeans({ algorithm: 'full' as never }).fit([[1, 2]]), /'lloyd', 'elkan' for the algorithm parameter/, 'ERR_APRENDER_PARAM'],
    ['sample weights of the wrong length', () => new KMeans({ nClusters: 1 }).fit([[1, 2], [3, 4]], undefined, { sampleWeight: [1] }), /Expected 2 values for sampleWeight/, 'ERR_APRENDER_RANGE'],
    ['predict before fit', () => new KMeans().predict([[1, 2]]), /not fitted yet/, 'ERR_APRENDER_NOT_FITTED'],
  ])('%s', (_label, fn, message, code) => {
    expect(fn).toThrow(message as RegExp);
    expect(fn).toThrow(expect.objectContaining({ code }));
  });
});
