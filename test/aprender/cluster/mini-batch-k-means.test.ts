/**
 * MiniBatchKMeans on the real datasets (train rows): over three seeds its inertia is on a par with scikit-learn 1.9's
 * MiniBatchKMeans (same batch size and nInit; the batches differ, as the generators do) and within 10% of full KMeans;
 * started from KMeans's best centers it stays near them; partialFit; bad input.
 */
import { KMeans, MiniBatchKMeans } from '../../../lib/aprender';
import type { Tensor } from '../../../lib/trueno';
import { loadSplit, type DatasetName } from '../reference/data';
import { adjustedRand, sk } from './helpers';

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

  // Mini-batch noise moves a few boundary points (scikit-learn's own ARI here is 0.75-0.93 over seeds).
  test('started from KMeans\'s best centers it stays near them (inertia within 5%, adjusted Rand index >= 0.7)', () => {
    const km = new KMeans({ nClusters: 3, nInit: 10, randomState: 0 }).fit(XTrain);
    for (const randomState of [0, 1, 2]) {
      const mb = new MiniBatchKMeans({ nClusters: 3, init: km.clusterCenters_ as Tensor, batchSize: 32, randomState }).fit(XTrain);
      expect(adjustedRand(mb.predict(XTest), km.predict(XTest))).toBeGreaterThanOrEqual(0.7);
      expect(mb.inertia_ as number).toBeLessThanOrEqual((km.inertia_ as number) * 1.05);
    }
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
