/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * ONNX export of the decision trees and forests (issue 10) on the real datasets: labels identical, probabilities and values within
 * 1e-5 relative in float64 (float32 rows compared exactly against the thresholds, as the estimators do).
 */
import * as aprender from '../../../lib/aprender';
import type { Estimator } from '../../../lib/aprender/base/estimator';
import { loadSplit, type DatasetName } from '../reference/data';
import { checkClassifier, checkValues, DTYPES } from './helpers';

type Make = () => Estimator;
const make = (name: string, options: Record<string, unknown>): Make =>
  () => new (aprender as unknown as Record<string, new (o: object) => Estimator>)[name](options);

const CLASSIFIERS: [string, Make][] = [
  ['DecisionTreeClassifier', make('DecisionTreeClassifier', { randomState: 0 })],
  ['RandomForestClassifier', make('RandomForestClassifier', { nEstimators: 25, randomState: 0 })],
  ['ExtraTreesClassifier', make('ExtraTreesClassifier', { nEstimators: 25, randomState: 0 })],
];
const REGRESSORS: [string, Make][] = [
  ['DecisionTreeRegressor', make('DecisionTreeRegressor', { maxDepth: 6, randomState: 0 })],
  ['RandomForestRegressor', make('RandomForestRegressor', { nEstimators: 25, randomState: 0 })],
  ['ExtraTreesRegressor', make('ExtraTreesRegressor', { nEstimators: 25, randomState: 0 })],
];

describe.each(DTYPES)('tree models to ONNX (%s)', (dtype) => {
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
});

// float64 only: in float32 the scaler's output differs from the float64 one the forest was fitted on by a rounding,
// which is enough to send a row the other way at a split
test('a forest in a Pipeline after StandardScaler, string labels (float64)', async () => {
  const s = loadSplit('wine');
  const y = Array.from(s.yTrain, (c) => ['barolo', 'grignolino', 'barbera'][c]);
  const pipe = new aprender.Pipeline({ steps: [['scale', new aprender.StandardScaler()], ['forest', make('RandomForestClassifier', { nEstimators: 10, randomState: 1 })()]] });
  await checkClassifier(pipe.fit(s.XTrain, y), s.XTest, 'float64');
});
