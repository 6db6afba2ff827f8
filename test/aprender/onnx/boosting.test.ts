/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * ONNX export of the boosters (issue 10) on the real datasets: GradientBoosting* (init_ plus the trees on float32
 * rows) and HistGradientBoosting* (baseline_ plus the trees, NaN to each split's learned side); labels identical,
 * probabilities and values within 1e-5 relative in float64.
 */
import * as aprender from '../../../lib/aprender';
import type { Estimator } from '../../../lib/aprender/base/estimator';
import { Tensor } from '../../../lib/trueno/tensor';
import { loadSplit, type DatasetName } from '../reference/data';
import { checkClassifier, checkValues, DTYPES } from './helpers';

type Make = () => Estimator;
const make = (name: string, options: Record<string, unknown>): Make =>
  () => new (aprender as unknown as Record<string, new (o: object) => Estimator>)[name](options);

const CLASSIFIERS: [string, Make][] = [
  ['GradientBoostingClassifier', make('GradientBoostingClassifier', { nEstimators: 10, maxDepth: 3, randomState: 0 })],
  ['HistGradientBoostingClassifier', make('HistGradientBoostingClassifier', { maxIter: 30, randomState: 0 })],
];
const REGRESSORS: [string, Make][] = [
  ['GradientBoostingRegressor', make('GradientBoostingRegressor', { nEstimators: 30, randomState: 0 })],
  ['GradientBoostingRegressor (huber, subsample)', make('GradientBoostingRegressor', { loss: 'huber', subsample: 0.7, nEstimators: 30, randomState: 0 })],
  ['HistGradientBoostingRegressor', make('HistGradientBoostingRegressor', { maxIter: 30, randomState: 0 })],
  ['HistGradientBoostingRegressor (poisson)', make('HistGradientBoostingRegressor', { loss: 'poisson', maxIter: 30, randomState: 0 })],
];

/** X with every 7th entry NaN. */
const holes = (X: Tensor) => Tensor.from(Float64Array.from(X.data as Float64Array, (v, t) => (t % 7 === 2 ? NaN : v)), X.shape);

describe.each(DTYPES)('boosters to ONNX (%s)', (dtype) => {
  describe.each(CLASSIFIERS)('%s', (_name, build) => {
    test.each(['iris', 'wine', 'breast_cancer', 'digits'] as DatasetName[])('on %s: labels and probabilities', async (name) => {
      const s = loadSplit(name);
      await checkClassifier(build().fit(s.XTrain, s.yTrain), s.XTest, dtype);
    });
  });

  test.each(REGRESSORS)('%s on diabetes', async (_name, build) => {
    const s = loadSplit('diabetes');
    await checkValues(build().fit(s.XTrain, s.yTrain), s.XTest, dtype);
  });

  test('GradientBoostingClassifier with the exponential loss (two classes) on breast_cancer', async () => {
    const s = loadSplit('breast_cancer');
    await checkClassifier(make('GradientBoostingClassifier', { loss: 'exponential', nEstimators: 20, randomState: 0 })().fit(s.XTrain, s.yTrain), s.XTest, dtype);
  });

  test("HistGradientBoostingClassifier with missing values: NaN follows each split's learned side", async () => {
    const s = loadSplit('breast_cancer');
    await checkClassifier(make('HistGradientBoostingClassifier', { maxIter: 30, randomState: 0 })().fit(holes(s.XTrain), s.yTrain), holes(s.XTest), dtype);
  });
});

test('a booster with categorical splits is refused with ERR_APRENDER_ONNX_OPTION naming categoricalFeatures', () => {
  const s = loadSplit('iris');
  const X = Tensor.from(Float64Array.from(s.XTrain.data as Float64Array, (v, t) => (t % 4 === 0 ? Math.round(v) : v)), s.XTrain.shape);
  const model = make('HistGradientBoostingClassifier', { maxIter: 5, categoricalFeatures: [0] })().fit(X, s.yTrain);
  expect(() => aprender.toOnnx(model)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_ONNX_OPTION', estimator: 'HistGradientBoostingClassifier', option: 'categoricalFeatures' }));
});
