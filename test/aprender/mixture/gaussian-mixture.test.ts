/**
 * GaussianMixture against scikit-learn 1.9 on iris and wine (train rows), started from the same stored weights,
 * means and precisions: the same EM path (n_iter_, converged_), weights, means, covariances and lower bound within
 * 1e-6 relative, test-set predictions, score, BIC and AIC; for all four covariance types. Then the other inits,
 * predictProba / scoreSamples / sample, progress, and bad input.
 */
import { GaussianMixture } from '../../../lib/aprender';
import { loadSplit, type DatasetName } from '../reference/data';
import { sk } from '../cluster/helpers';

const TYPES = ['full', 'diag', 'spherical', 'tied'] as const;

function close(got: ArrayLike<number>, want: number[], rtol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(want[i])));
}

describe.each(TYPES)('%s covariances', (covarianceType) => {
  test.each(['iris', 'wine'] as DatasetName[])('%s follows scikit-learn from the same init', (name) => {
    const ref = sk[`GaussianMixture.${covarianceType}`][name] as Record<string, unknown>;
    const { XTrain, XTest } = loadSplit(name);
    const gm = new GaussianMixture({
      nComponents: (ref.weights_init as number[]).length, covarianceType,
      weightsInit: ref.weights_init as number[], meansInit: ref.means_init as number[][], precisionsInit: ref.precisions_init as number[],
    }).fit(XTrain);
    expect(gm.nIter_).toBe(ref.n_iter);
    expect(gm.converged_).toBe(ref.converged);
    expect(gm.lowerBound_).toBeCloseTo(ref.lower_bound as number, 6);
    close(gm.weights_?.data as Float64Array, ref.weights as number[], 1e-6);
    close(gm.means_?.data as Float64Array, (ref.means as number[][]).flat(), 1e-6);
    close(gm.covariances_?.data as Float64Array, (ref.covariances as number[]).flat(2) as number[], 1e-5);
    expect(Array.from(gm.predict(XTest))).toEqual(ref.test_labels);
    expect(gm.score(XTest)).toBeCloseTo(ref.test_score as number, 6);
    expect(gm.bic(XTest) / (ref.bic as number)).toBeCloseTo(1, 7);
    expect(gm.aic(XTest) / (ref.aic as number)).toBeCloseTo(1, 7);
  });
});

describe('GaussianMixture behaviour', () => {
  const { XTrain } = loadSplit('iris');

  test.each(['kmeans', 'k-means++', 'random', 'random_from_data'] as const)('initParams %s fits a sensible model', (initParams) => {
    const gm = new GaussianMixture({ nComponents: 3, initParams, randomState: 0, nInit: 2 }).fit(XTrain);
    expect(gm.lowerBound_).toBeGreaterThan(-2.5);
    expect((gm.weights_?.data as Float64Array).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  test('predictProba rows sum to 1 and agree with predict; scoreSamples averages to score', () => {
    const gm = new GaussianMixture({ nComponents: 3, randomState: 0 }).fit(XTrain);
    const proba = gm.predictProba(XTrain).data as Float64Array;
    const labels = gm.predict(XTrain);
    labels.forEach((l, i) => {
      const row = proba.subarray(i * 3, i * 3 + 3);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      expect(row[l]).toBe(Math.max(...row));
    });
    const samples = gm.scoreSamples(XTrain).data as Float64Array;
    expect(samples.reduce((s, v) => s + v, 0) / samples.length).toBeCloseTo(gm.score(XTrain), 12);
    expect(Array.from(gm.fitPredict(XTrain))).toEqual(Array.from(labels));
  });

  test('sample draws around the fitted means, reproducibly', () => {
    const gm = new GaussianMixture({ nComponents: 2, covarianceType: 'full', randomState: 3 }).fit(XTrain);
    const { X, y } = gm.sample(4000);
    expect(X.shape).toEqual([4000, 4]);
    expect(Array.from(gm.sample(5).y)).toEqual(Array.from(gm.sample(5).y));
    const means = gm.means_?.data as Float64Array;
    for (let c = 0; c < 2; c++) {
      const rows = Array.from(y.keys()).filter((i) => y[i] === c);
      const m0 = rows.reduce((s, i) => s + (X.data as Float64Array)[i * 4], 0) / rows.length;
      expect(Math.abs(m0 - means[c * 4])).toBeLessThan(0.1);
    }
  });

  test('fitAsync reports progress per EM iteration', async () => {
    const seen: number[] = [];
    await new GaussianMixture({ nComponents: 2, randomState: 0 }).fitAsync(XTrain, undefined, { onProgress: (p) => seen.push(p.iteration) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  test.each([
    ['more components than samples', () => new GaussianMixture({ nComponents: 3 }).fit([[1], [2]]), /Expected n_samples >= nComponents/, 'ERR_APRENDER_RANGE'],
    ['one sample', () => new GaussianMixture().fit([[1, 2]]), /Expected at least 2 sample/, 'ERR_APRENDER_RANGE'],
    ['weights not summing to 1', () => new GaussianMixture({ nComponents: 2, weightsInit: [0.5, 0.6] }).fit([[1], [2], [3]]), /Expected weightsInit to sum to 1/, 'ERR_APRENDER_RANGE'],
    ['means of the wrong shape', () => new GaussianMixture({ nComponents: 2, meansInit: [[1, 2], [3, 4]] }).fit([[1], [2], [3]]), /Expected meansInit of shape \[2, 1\]/, 'ERR_APRENDER_RANGE'],
    ['precisions of the wrong shape', () => new GaussianMixture({ nComponents: 2, covarianceType: 'diag', precisionsInit: [1, 2] }).fit([[1], [2], [3]]), /Expected precisionsInit of shape \[2, 1\]/, 'ERR_APRENDER_RANGE'],
    ['precisions not positive definite', () => new GaussianMixture({ precisionsInit: [[[1, 2], [2, 1]]] }).fit([[1, 2], [2, 1], [3, 3]]), /Expected symmetric positive definite precisionsInit/, 'ERR_APRENDER_NUMERIC'],
    ['a bad covariance type', () => new GaussianMixture({ covarianceType: 'block' as never }).fit([[1], [2]]), /'full', 'tied', 'diag', 'spherical' for the covarianceType parameter/, 'ERR_APRENDER_PARAM'],
    ['sample before fit', () => new GaussianMixture().sample(2), /not fitted yet/, 'ERR_APRENDER_NOT_FITTED'],
  ])('%s', (_label, fn, message, code) => {
    expect(fn).toThrow(message as RegExp);
    expect(fn).toThrow(expect.objectContaining({ code }));
  });
});
