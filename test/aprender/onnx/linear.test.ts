/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * ONNX export of the linear models: each fitted on the real datasets' training rows, exported, run in onnxruntime
 * on the test rows; labels identical and probabilities / values within 1e-5 relative of the estimator's own.
 */
import {
  ElasticNet, Lasso, LinearRegression, LinearSVC, LogisticRegression, Ridge, SGDClassifier, SGDRegressor, StandardScaler,
} from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno/tensor';
import { loadSplit, type DatasetName } from '../reference/data';
import { checkClassifier, checkValues, DTYPES } from './helpers';

/** A classification dataset scaled (so the iterative fits converge), as [XTrain, yTrain, XTest]. */
function scaled(name: DatasetName): [Tensor, Int32Array | Float64Array, Tensor] {
  const s = loadSplit(name);
  const scaler = new StandardScaler().fit(s.XTrain);
  return [scaler.transform(s.XTrain), s.yTrain, scaler.transform(s.XTest)];
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
    await checkValues(make().fit(s.XTrain, s.yTrain), s.XTest, dtype);
  });

  test('LinearRegression with two targets', async () => {
    const s = loadSplit('diabetes');
    const n = s.XTrain.shape[0];
    const Y = Tensor.from(Float64Array.from({ length: 2 * n }, (_, t) => (t % 2 === 0 ? s.yTrain[t >> 1] : 2 * s.yTrain[t >> 1] - (s.XTrain.data as Float64Array)[(t >> 1) * 10])), [n, 2]);
    const model = new LinearRegression().fit(s.XTrain, Y);
    await checkValues(model, s.XTest, dtype);
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
