/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * ONNX export of the linear models: each fitted on the real datasets' training rows, exported, run in onnxruntime
 * on the test rows; labels identical and probabilities / values within 1e-5 relative of the estimator's own.
 */
import {
  ElasticNet, Lasso, LinearRegression, LinearSVC, LogisticRegression, Ridge, SGDClassifier, SGDRegressor, StandardScaler,
} from '../../../lib/aprender';
import type { Estimator } from '../../../lib/aprender/base/estimator';
import type { Tensor } from '../../../lib/trueno/tensor';
import { loadSplit, type DatasetName } from '../reference/data';
import { expectClose, exportAndRun } from './helpers';

const DTYPES = ['float64', 'float32'] as const;
/** float32: the input and ai.onnx.ml's operators round to float32; values stay within this of the float64 model's. */
const FLOAT32_RTOL = 1e-4;

/**
 * Differences this small count as equal in float64: a binary classifier's first probability is 1 - p, which turns
 * one rounding of p (near 1) into a large relative difference of a tiny result, here as in the estimator itself.
 */
const ULPS = 1e-14;

type Predicting = Estimator & { predict(X: Tensor): Tensor | string[]; predictProba?(X: Tensor): Tensor; decisionFunction?(X: Tensor): Tensor };

/** A classification dataset scaled (so the iterative fits converge), as [XTrain, yTrain, XTest]. */
function scaled(name: DatasetName): [Tensor, Int32Array | Float64Array, Tensor] {
  const s = loadSplit(name);
  const scaler = new StandardScaler().fit(s.XTrain);
  return [scaler.transform(s.XTrain), s.yTrain, scaler.transform(s.XTest)];
}

async function checkClassifier(model: Predicting, XTest: Tensor, dtype: (typeof DTYPES)[number]): Promise<void> {
  const out = await exportAndRun(model, XTest, { dtype });
  const labels = model.predict(XTest);
  expect(out.label.data).toEqual(Array.isArray(labels) ? labels : Array.from(labels.data as ArrayLike<number>));
  const rtol = dtype === 'float64' ? 1e-5 : FLOAT32_RTOL;
  if (out.probabilities) {
    expectClose(out.probabilities.data as number[], (model.predictProba!(XTest).data as Float64Array), rtol, dtype === 'float32' ? 1e-6 : ULPS);
  } else {
    const d = model.decisionFunction!(XTest);
    const expected = d.ndim === 1 ? Array.from(d.data as Float64Array).flatMap((s) => [-s, s]) : Array.from(d.data as Float64Array);
    expectClose(out.scores.data as number[], expected, rtol, dtype === 'float32' ? 1e-5 : ULPS);
  }
}

describe.each(DTYPES)('linear models to ONNX (%s)', (dtype) => {
  test.each([
    ['LinearRegression', () => new LinearRegression()],
    ['Ridge', () => new Ridge({ alpha: 0.5 })],
    ['Lasso', () => new Lasso({ alpha: 0.1 })],
    ['ElasticNet', () => new ElasticNet({ alpha: 0.01, l1Ratio: 0.3 })],
    ['SGDRegressor', () => new SGDRegressor({ randomState: 0 })],
  ])('%s on diabetes: values within tolerance', async (_name, make) => {
    const s = loadSplit('diabetes');
    const model = make().fit(s.XTrain, s.yTrain) as Predicting;
    const out = await exportAndRun(model, s.XTest, { dtype });
    expect(out.variable.dims).toEqual([s.XTest.shape[0], 1]);
    expectClose(out.variable.data as number[], model.predict(s.XTest).data as Float64Array, dtype === 'float64' ? 1e-5 : FLOAT32_RTOL);
  });

  test('LinearRegression with two targets', async () => {
    const s = loadSplit('diabetes');
    const n = s.XTrain.shape[0];
    const Y = Array.from({ length: n }, (_, i) => [s.yTrain[i], 2 * s.yTrain[i] - (s.XTrain.data as Float64Array)[i * 10]]);
    const model = new LinearRegression().fit(s.XTrain, Y);
    const out = await exportAndRun(model, s.XTest, { dtype });
    expect(out.variable.dims).toEqual([s.XTest.shape[0], 2]);
    expectClose(out.variable.data as number[], model.predict(s.XTest).data as Float64Array, dtype === 'float64' ? 1e-5 : FLOAT32_RTOL);
  });

  test.each(['iris', 'wine', 'breast_cancer', 'digits'] as const)('LogisticRegression on %s: labels and probabilities', async (name) => {
    const [XTrain, yTrain, XTest] = scaled(name);
    await checkClassifier(new LogisticRegression({ maxIter: 300 }).fit(XTrain, yTrain), XTest, dtype);
  });

  test('LogisticRegression with string labels gives string labels', async () => {
    const [XTrain, yTrain, XTest] = scaled('breast_cancer');
    const names = ['malignant', 'benign'];
    await checkClassifier(new LogisticRegression().fit(XTrain, Array.from(yTrain, (c) => names[c])), XTest, dtype);
  });

  test.each(['iris', 'breast_cancer'] as const)('LinearSVC on %s: labels and scores', async (name) => {
    const [XTrain, yTrain, XTest] = scaled(name);
    await checkClassifier(new LinearSVC({ randomState: 0 }).fit(XTrain, yTrain), XTest, dtype);
  });

  test.each([
    ['log_loss', 'wine'], ['log_loss', 'breast_cancer'], ['modified_huber', 'wine'], ['modified_huber', 'breast_cancer'], ['hinge', 'iris'],
  ] as const)('SGDClassifier (%s) on %s', async (loss, name) => {
    const [XTrain, yTrain, XTest] = scaled(name);
    await checkClassifier(new SGDClassifier({ loss, randomState: 0 }).fit(XTrain, yTrain), XTest, dtype);
  });
});
