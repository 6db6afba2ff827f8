/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * ONNX export of the scalers, the imputer, naive Bayes, PCA / TruncatedSVD and Pipelines of them: each fitted on
 * the real datasets' training rows, run in onnxruntime on the test rows, and compared with the estimator's own
 * transform / predict / predictProba (labels identical, values within 1e-5 relative in float64).
 */
import {
  BernoulliNB, ComplementNB, GaussianMixture, GaussianNB, GridSearchCV, KMeans, LogisticRegression, MaxAbsScaler, MiniBatchKMeans, MinMaxScaler,
  MultinomialNB, PCA, Pipeline, PolynomialFeatures, Ridge, RobustScaler, SimpleImputer, StandardScaler, toOnnx, TruncatedSVD,
} from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno/tensor';
import { loadSplit } from '../reference/data';
import { checkClassifier, checkValues, DTYPES, expectClose, exportAndRun, tolerance } from './helpers';

/** X with every `every`-th entry (offset by `shift`) replaced by NaN, and feature `empty` entirely NaN when given. */
function withHoles(X: Tensor, every: number, shift: number, empty?: number): Tensor {
  const [n, d] = X.shape;
  const out = Float64Array.from(X.data as Float64Array, (v, t) => ((t + shift) % every === 0 || t % d === empty ? NaN : v));
  return Tensor.from(out, [n, d]);
}

describe.each(DTYPES)('transformers to ONNX (%s)', (dtype) => {
  test.each([
    ['StandardScaler', () => new StandardScaler()],
    ['StandardScaler withMean false', () => new StandardScaler({ withMean: false })],
    ['MinMaxScaler', () => new MinMaxScaler({ featureRange: [-1, 2] })],
    ['MinMaxScaler clip', () => new MinMaxScaler({ clip: true })],
    ['MaxAbsScaler', () => new MaxAbsScaler()],
    ['RobustScaler', () => new RobustScaler()],
    ['RobustScaler without centering', () => new RobustScaler({ withCentering: false })],
    ['PCA', () => new PCA({ nComponents: 5 })],
    ['PCA whiten', () => new PCA({ nComponents: 4, whiten: true })],
    ['TruncatedSVD', () => new TruncatedSVD({ nComponents: 3, algorithm: 'arpack' })],
  ])('%s on wine', async (_name, make) => {
    const s = loadSplit('wine');
    await checkValues(make().fit(s.XTrain), s.XTest, dtype);
  });

  test.each([
    ['mean', {}], ['median', { strategy: 'median' }], ['most_frequent', { strategy: 'most_frequent' }],
    ['constant with indicator', { strategy: 'constant', fillValue: -3, addIndicator: true }],
  ] as const)('SimpleImputer (%s) on iris with holes', async (_name, options) => {
    const s = loadSplit('iris');
    const model = new SimpleImputer(options).fit(withHoles(s.XTrain, 7, 0));
    await checkValues(model, withHoles(s.XTest, 5, 2), dtype);
  });

  test('SimpleImputer drops a feature entirely missing at fit and keeps its indicator', async () => {
    const s = loadSplit('iris');
    const model = new SimpleImputer({ addIndicator: true }).fit(withHoles(s.XTrain, 9, 1, 2));
    expect(model.transform(withHoles(s.XTest, 4, 0)).shape[1]).toBe(3 + model.indicatorFeatures_!.length);
    await checkValues(model, withHoles(s.XTest, 4, 0), dtype);
  });

  test('SimpleImputer with a numeric missing value', async () => {
    const s = loadSplit('digits');
    await checkValues(new SimpleImputer({ missingValues: 0, strategy: 'median' }).fit(s.XTrain), s.XTest, dtype);
  });
});

describe.each(DTYPES)('naive Bayes to ONNX (%s)', (dtype) => {
  test.each(['iris', 'wine', 'breast_cancer', 'digits'] as const)('GaussianNB on %s', async (name) => {
    const s = loadSplit(name);
    await checkClassifier(new GaussianNB().fit(s.XTrain, s.yTrain), s.XTest, dtype);
  });

  test.each([
    ['MultinomialNB', () => new MultinomialNB({ alpha: 0.5 })],
    ['ComplementNB', () => new ComplementNB()],
    ['BernoulliNB', () => new BernoulliNB({ binarize: 7.5 })],
  ] as const)('%s on digits', async (_name, make) => {
    const s = loadSplit('digits');
    await checkClassifier(make().fit(s.XTrain, s.yTrain), s.XTest, dtype);
  });

  test('BernoulliNB without binarizing, on 0/1 features, with string labels', async () => {
    const s = loadSplit('breast_cancer');
    const bin = (X: Tensor) => Tensor.from(Float64Array.from(X.data as Float64Array, (v, t) => (v > [14, 19, 90, 650][t % 4] ? 1 : 0)), X.shape);
    const y = Array.from(s.yTrain, (c) => (c === 1 ? 'benign' : 'malignant'));
    await checkClassifier(new BernoulliNB({ binarize: null }).fit(bin(s.XTrain), y), bin(s.XTest), dtype);
  });
});

describe.each(DTYPES)('Pipelines to ONNX as one graph (%s)', (dtype) => {
  test('StandardScaler + PCA + LogisticRegression on digits', async () => {
    const s = loadSplit('digits');
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['pca', new PCA({ nComponents: 20 })], ['clf', new LogisticRegression({ maxIter: 500 })]] });
    await checkClassifier(pipe.fit(s.XTrain, s.yTrain), s.XTest, dtype);
  });

  test('SimpleImputer + passthrough + MinMaxScaler + GaussianNB on breast_cancer with holes', async () => {
    const s = loadSplit('breast_cancer');
    const pipe = new Pipeline({ steps: [['impute', new SimpleImputer()], ['nothing', 'passthrough'], ['scale', new MinMaxScaler()], ['nb', new GaussianNB()]] });
    await checkClassifier(pipe.fit(withHoles(s.XTrain, 11, 3), s.yTrain), withHoles(s.XTest, 13, 5), dtype);
  });

  test('RobustScaler + Ridge on diabetes, and a transformer-only pipeline', async () => {
    const s = loadSplit('diabetes');
    await checkValues(new Pipeline({ steps: [['scale', new RobustScaler()], ['ridge', new Ridge({ alpha: 0.1 })]] }).fit(s.XTrain, s.yTrain), s.XTest, dtype);
    await checkValues(new Pipeline({ steps: [['scale', new MaxAbsScaler()], ['svd', new TruncatedSVD({ nComponents: 4 })]] }).fit(s.XTrain), s.XTest, dtype);
  });
});

describe.each(DTYPES)('PolynomialFeatures, KMeans and searches to ONNX (%s)', (dtype) => {
  test.each([
    ['degree 2', { degree: 2 }], ['degree 3, interaction only, no bias', { degree: 3, interactionOnly: true, includeBias: false }],
    ['degrees 2..3', { degree: [2, 3] }],
  ] as const)('PolynomialFeatures (%s) on iris', async (_name, options) => {
    const s = loadSplit('iris');
    await checkValues(new PolynomialFeatures(options as never).fit(s.XTrain), s.XTest, dtype);
  });

  test.each([
    ['KMeans', () => new KMeans({ nClusters: 4, randomState: 0, nInit: 1 })],
    ['MiniBatchKMeans', () => new MiniBatchKMeans({ nClusters: 3, randomState: 0 })],
  ] as const)('%s on wine: label (the nearest center) and scores (the distances)', async (_name, make) => {
    const s = loadSplit('wine');
    const model = make().fit(s.XTrain);
    const out = await exportAndRun(model, s.XTest, { dtype });
    expect(out.label.data).toEqual(Array.from(model.predict(s.XTest)));
    const [rtol, floor] = tolerance(dtype);
    expectClose(out.scores.data as number[], model.transform(s.XTest).data as Float64Array, rtol, floor);
  });

  test.each(['full', 'tied', 'diag', 'spherical'] as const)('GaussianMixture (%s) on wine: component and posterior', async (covarianceType) => {
    const s = loadSplit('wine');
    const scaler = new StandardScaler().fit(s.XTrain);
    const model = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 0 }).fit(scaler.transform(s.XTrain));
    const X = scaler.transform(s.XTest);
    const out = await exportAndRun(model, X, { dtype });
    expect(out.label.data).toEqual(Array.from(model.predict(X)));
    const [rtol, floor] = tolerance(dtype);
    expectClose(out.probabilities.data as number[], model.predictProba(X).data as Float64Array, rtol, floor);
  });

  test('KMeans inside a Pipeline hands on its distances (transform), as the Pipeline does', async () => {
    const s = loadSplit('iris');
    const pipe = new Pipeline({ steps: [['km', new KMeans({ nClusters: 6, randomState: 0, nInit: 1 })], ['clf', new LogisticRegression()]] });
    await checkClassifier(pipe.fit(s.XTrain, s.yTrain), s.XTest, dtype);
  });

  test('GridSearchCV exports its refitted best Pipeline', async () => {
    const s = loadSplit('wine');
    const search = new GridSearchCV({
      estimator: new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new LogisticRegression()]] }), paramGrid: { clf__C: [0.1, 1] }, cv: 3,
    }).fit(s.XTrain, s.yTrain);
    await checkClassifier(search, s.XTest, dtype);
  });
});

test('a search fitted with refit false has nothing to export: ERR_APRENDER_ONNX_OPTION naming refit', () => {
  const s = loadSplit('iris');
  const search = new GridSearchCV({ estimator: new GaussianNB(), paramGrid: { varSmoothing: [1e-9, 1e-6] }, cv: 3, refit: false }).fit(s.XTrain, s.yTrain);
  expect(() => toOnnx(search)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_ONNX_OPTION', estimator: 'GridSearchCV', option: 'refit' }));
});
