/**
 * MiniBatchKMeans on the real datasets (train rows): over three seeds its inertia is on a par with scikit-learn 1.9's
 * MiniBatchKMeans (same batch size and nInit; the batches differ, as the generators do) and within 10% of full KMeans;
 * one batch of n rows from an init array predicts as Lloyd's first step; partialFit; bad input.
 */
import { KMeans, MiniBatchKMeans } from '../../../lib/aprender';
import { loadSplit, type DatasetName } from '../reference/data';
import { sk } from './helpers';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

test.each([['iris', 3], ['wine', 3], ['digits', 10]] as Array<[DatasetName, number]>)('%s: inertia on a par with scikit-learn', (name, k) => {
  const ref = sk.MiniBatchKMeans[name] as { inertia: number[]; full: number };
  const { XTrain } = loadSplit(name);
  const ours = [0, 1, 2].map((randomState) => new MiniBatchKMeans({ nClusters: k, nInit: 3, batchSize: 64, randomState }).fit(XTrain).inertia_ as number);
  expect(mean(ours)).toBeLessThanOrEqual(mean(ref.inertia) * 1.03);
  for (const v of ours) expect(v).toBeLessThanOrEqual(ref.full * 1.1);
});

describe('MiniBatchKMeans behaviour', () => {
  const { XTrain, XTest } = loadSplit('iris');
  const n = XTrain.shape[0], d = XTrain.shape[1];
  const init = [0, 40, 80].map((i) => Array.from((XTrain.data as Float64Array).subarray(i * d, (i + 1) * d)));

  test('one batch of n rows (drawn with replacement) from an init array predicts as one Lloyd step', () => {
    const mb = new MiniBatchKMeans({ nClusters: 3, init, batchSize: n, maxIter: 1, reassignmentRatio: 0 }).fit(XTrain);
    const km = new KMeans({ nClusters: 3, init, maxIter: 1 }).fit(XTrain);
    expect(mb.nSteps_).toBe(1);
    expect(Array.from(mb.predict(XTest))).toEqual(Array.from(km.predict(XTest)));
  });

  test('partialFit seeds on the first batch, then keeps running means', () => {
    const mb = new MiniBatchKMeans({ nClusters: 3, randomState: 0 });
    const x = XTrain.data as Float64Array;
    for (let start = 0; start < n; start += 28) {
      const rows = Math.min(28, n - start);
      mb.partialFit(Array.from({ length: rows }, (_, i) => Array.from(x.subarray((start + i) * d, (start + i + 1) * d))));
    }
    expect(mb.nSteps_).toBe(Math.ceil(n / 28));
    expect((mb.counts_ as Float64Array).reduce((s, v) => s + v, 0)).toBeGreaterThan(n * 0.5);
    expect(mb.score(XTrain)).toBeGreaterThan(-1.3 * (new KMeans({ nClusters: 3, randomState: 0 }).fit(XTrain).inertia_ as number));
    expect(() => mb.partialFit([[1, 2, 3]])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_FEATURES' }));
  });

  test('computeLabels false leaves labels_ unset and estimates the inertia', () => {
    const mb = new MiniBatchKMeans({ nClusters: 3, randomState: 0, computeLabels: false, batchSize: 32 }).fit(XTrain);
    expect(mb.labels_).toBeUndefined();
    expect(mb.inertia_).toBeGreaterThan(0);
  });

  test.each([
    ['more clusters than samples', () => new MiniBatchKMeans({ nClusters: 5 }).fit([[1, 2], [3, 4]]), /Expected at least nClusters=5 samples/, 'ERR_APRENDER_RANGE'],
    ['more clusters than the first partialFit batch', () => new MiniBatchKMeans({ nClusters: 5 }).partialFit([[1, 2], [3, 4]]), /Expected at least nClusters=5 samples/, 'ERR_APRENDER_RANGE'],
    ['batchSize 0', () => new MiniBatchKMeans({ batchSize: 0 }).fit([[1, 2]]), /Expected an integer >= 1 for the batchSize parameter of MiniBatchKMeans but received 0/, 'ERR_APRENDER_PARAM'],
    ['a bad parameter at the first partialFit', () => new MiniBatchKMeans({ reassignmentRatio: -1 }).partialFit([[1, 2]]), /reassignmentRatio parameter of MiniBatchKMeans/, 'ERR_APRENDER_PARAM'],
    ['init of the wrong shape', () => new MiniBatchKMeans({ nClusters: 2, init: [[1], [2]] }).fit([[1, 2], [3, 4], [5, 6]]), /Expected init of shape \[2, 2\]/, 'ERR_APRENDER_RANGE'],
  ])('%s', (_label, fn, message, code) => {
    expect(fn).toThrow(message as RegExp);
    expect(fn).toThrow(expect.objectContaining({ code }));
  });
});
