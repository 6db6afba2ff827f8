/**
 * GradientBoostingClassifier and GradientBoostingRegressor's own behaviour (the parity with scikit-learn is in
 * gradient-boosting.test.ts): staged predictions end at predict and retrace the train score, warm start equals one
 * longer fit, early stopping stops where its rule says on its held-out rows, weights act as repeated rows, fitAsync
 * reports every stage and can be aborted, and bad parameters and inputs fail with coded errors.
 */
import {
  FeatureMismatchError, FitAbortedError, GradientBoostingClassifier, GradientBoostingRegressor, NotFittedError, ParamError,
} from '../../../lib/aprender';
import { earlyStoppingSplit } from '../../../lib/aprender/ensemble/gradient-boosting-sampling';
import { BinomialLoss, SquaredErrorLoss } from '../../../lib/aprender/ensemble/losses';
import { Tensor } from '../../../lib/trueno';
import { loadSplit } from '../reference/data';

const iris = loadSplit('iris');
const cancer = loadSplit('breast_cancer');
const diabetes = loadSplit('diabetes');

const rowsOf = (X: Tensor, rows: ArrayLike<number>) => {
  const d = X.shape[1];
  const data = X.data as Float64Array;
  const out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) out.set(data.subarray(rows[r] * d, (rows[r] + 1) * d), r * d);
  return Tensor.from(out, [rows.length, d]);
};
const values = (t: Tensor | string[]) => Array.from((t as Tensor).data as Float64Array);

describe('staged predictions', () => {
  test('the last stage is predict; each stage\'s training loss is trainScore_', () => {
    const gb = new GradientBoostingClassifier({ nEstimators: 12, randomState: 0 }).fit(cancer.XTrain, cancer.yTrain);
    const staged = [...gb.stagedDecisionFunction(cancer.XTrain)];
    expect(staged).toHaveLength(12);
    expect(values(staged[11])).toEqual(values(gb.decisionFunction(cancer.XTrain)));
    const loss = new BinomialLoss();
    const y = Float64Array.from(cancer.yTrain);
    const w = new Float64Array(y.length).fill(1);
    staged.forEach((raw, i) => expect(loss.meanLoss(y, raw.data as Float64Array, w)).toBeCloseTo((gb.trainScore_?.data as Float64Array)[i], 12));
    expect(values([...gb.stagedPredict(cancer.XTest)][11] as Tensor)).toEqual(values(gb.predict(cancer.XTest)));
    expect(values([...gb.stagedPredictProba(cancer.XTest)][11])).toEqual(values(gb.predictProba(cancer.XTest)));
  });

  test('the regressor\'s stages end at predict', () => {
    const gb = new GradientBoostingRegressor({ nEstimators: 7, randomState: 0 }).fit(diabetes.XTrain, diabetes.yTrain);
    const staged = [...gb.stagedPredict(diabetes.XTest)];
    expect(staged).toHaveLength(7);
    expect(values(staged[6])).toEqual(values(gb.predict(diabetes.XTest)));
  });
});

describe('predictions', () => {
  test('probabilities sum to 1, their log is predictLogProba, predict takes the most probable class', () => {
    const gb = new GradientBoostingClassifier({ nEstimators: 10, randomState: 0 }).fit(iris.XTrain, iris.yTrain);
    const p = gb.predictProba(iris.XTest).data as Float64Array;
    const lp = gb.predictLogProba(iris.XTest).data as Float64Array;
    const labels = values(gb.predict(iris.XTest));
    for (let i = 0; i < iris.yTest.length; i++) {
      const row = Array.from(p.subarray(3 * i, 3 * i + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      row.forEach((v, j) => expect(lp[3 * i + j]).toBeCloseTo(Math.log(v), 12));
      expect(labels[i]).toBe(row.indexOf(Math.max(...row)));
    }
    expect(gb.decisionFunction(iris.XTest).shape).toEqual([iris.yTest.length, 3]);
  });

  test('exponential: the probability of the second class is the logistic of twice the raw score', () => {
    const gb = new GradientBoostingClassifier({ loss: 'exponential', nEstimators: 10, randomState: 0 }).fit(cancer.XTrain, cancer.yTrain);
    const raw = gb.decisionFunction(cancer.XTest).data as Float64Array;
    const p = gb.predictProba(cancer.XTest).data as Float64Array;
    raw.forEach((r, i) => expect(p[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-2 * r)), 12));
  });

  test('string labels come back as strings', () => {
    const names = ['setosa', 'versicolor', 'virginica'];
    const gb = new GradientBoostingClassifier({ nEstimators: 5, randomState: 0 }).fit(iris.XTrain, Array.from(iris.yTrain, (v) => names[v]));
    expect(gb.classes_).toEqual(names);
    const numeric = new GradientBoostingClassifier({ nEstimators: 5, randomState: 0 }).fit(iris.XTrain, iris.yTrain);
    expect(gb.predict(iris.XTest)).toEqual(values(numeric.predict(iris.XTest)).map((v) => names[v]));
  });

  test('apply gives each tree\'s leaf: [n, stages, classes], and [n, stages] for the regressor', () => {
    const gb = new GradientBoostingClassifier({ nEstimators: 4, randomState: 0 }).fit(iris.XTrain, iris.yTrain);
    const leaves = gb.apply(iris.XTest);
    expect(leaves.shape).toEqual([iris.yTest.length, 4, 3]);
    const trees = gb.trees_;
    (leaves.data as Int32Array).forEach((leaf, at) => expect(trees?.feature[(trees?.roots[at % 12] as number) + leaf]).toBe(-1));
    const reg = new GradientBoostingRegressor({ nEstimators: 3, randomState: 0 }).fit(diabetes.XTrain, diabetes.yTrain);
    expect(reg.apply(diabetes.XTest).shape).toEqual([diabetes.yTest.length, 3]);
  });

  test('friedman_mse and squared_error split alike; Friedman\'s improvement is the total weight times the other', () => {
    const n = diabetes.yTrain.length;
    const fit = (criterion: 'friedman_mse' | 'squared_error', minImpurityDecrease: number) =>
      new GradientBoostingRegressor({ criterion, minImpurityDecrease, nEstimators: 20, randomState: 0 }).fit(diabetes.XTrain, diabetes.yTrain);
    const squared = fit('squared_error', 15);
    expect(squared.trees_?.feature.length).toBeLessThan(fit('squared_error', 0).trees_?.feature.length as number);
    expect(values(fit('friedman_mse', 15 * n).predict(diabetes.XTest))).toEqual(values(squared.predict(diabetes.XTest)));
    expect(values(fit('friedman_mse', 0).predict(diabetes.XTest))).toEqual(values(fit('squared_error', 0).predict(diabetes.XTest)));
  });

  test('init zero starts every raw score at 0 and still learns', () => {
    const gb = new GradientBoostingRegressor({ init: 'zero', nEstimators: 150, randomState: 0 }).fit(diabetes.XTrain, diabetes.yTrain);
    expect(values(gb.init_ as Tensor)).toEqual([0]);
    expect(gb.score(diabetes.XTest, diabetes.yTest)).toBeGreaterThan(0.3);
    const clf = new GradientBoostingClassifier({ init: 'zero', nEstimators: 20, randomState: 0 }).fit(iris.XTrain, iris.yTrain);
    expect(values(clf.init_ as Tensor)).toEqual([0, 0, 0]);
    expect(clf.score(iris.XTest, iris.yTest)).toBeGreaterThan(0.9);
  });
});

describe('warm start', () => {
  test.each([1, 0.7])('10 stages, then 10 more, is the 20-stage fit (subsample %p)', (subsample) => {
    const options = { randomState: 3, subsample, maxFeatures: 'sqrt' as const };
    const once = new GradientBoostingClassifier({ ...options, nEstimators: 20 }).fit(cancer.XTrain, cancer.yTrain);
    const warm = new GradientBoostingClassifier({ ...options, nEstimators: 10, warmStart: true }).fit(cancer.XTrain, cancer.yTrain);
    warm.setParams({ nEstimators: 20 }).fit(cancer.XTrain, cancer.yTrain);
    expect(warm.nEstimators_).toBe(20);
    expect(values(warm.decisionFunction(cancer.XTest))).toEqual(values(once.decisionFunction(cancer.XTest)));
    expect(values(warm.trainScore_ as Tensor)).toEqual(values(once.trainScore_ as Tensor));
    if (subsample < 1) expect(values(warm.oobScores_ as Tensor)).toEqual(values(once.oobScores_ as Tensor));
  });

  test('without warmStart a refit starts over; with it, fewer stages than fitted or other classes are refused', () => {
    const gb = new GradientBoostingClassifier({ nEstimators: 6, randomState: 0 }).fit(iris.XTrain, iris.yTrain);
    gb.setParams({ nEstimators: 4 }).fit(iris.XTrain, iris.yTrain);
    expect(gb.nEstimators_).toBe(4);
    gb.setParams({ warmStart: true, nEstimators: 3 });
    expect(() => gb.fit(iris.XTrain, iris.yTrain)).toThrow(/nEstimators >= the 4 stages/);
    gb.setParams({ nEstimators: 8 });
    expect(() => gb.fit(iris.XTrain, Array.from(iris.yTrain, (v) => (v === 2 ? 5 : v)))).toThrow(RangeError);
  });

  test('fitAsync continues a warm start too', async () => {
    const once = new GradientBoostingRegressor({ nEstimators: 12, randomState: 1 }).fit(diabetes.XTrain, diabetes.yTrain);
    const warm = new GradientBoostingRegressor({ nEstimators: 5, randomState: 1, warmStart: true }).fit(diabetes.XTrain, diabetes.yTrain);
    await warm.setParams({ nEstimators: 12 }).fitAsync(diabetes.XTrain, diabetes.yTrain);
    expect(warm.nEstimators_).toBe(12);
    expect(values(warm.predict(diabetes.XTest))).toEqual(values(once.predict(diabetes.XTest)));
  });
});

describe('early stopping', () => {
  test.each([[5, 1e-4], [3, 1e-2]])('stops where its rule says on its held-out rows (nIterNoChange %p, tol %p)', (nIterNoChange, tol) => {
    const options = { learningRate: 0.3, randomState: 4 };
    const early = new GradientBoostingRegressor({ ...options, nEstimators: 300, nIterNoChange, tol, validationFraction: 0.25 }).fit(diabetes.XTrain, diabetes.yTrain);
    const stages = early.nEstimators_ as number;
    expect(stages).toBeLessThan(300);
    // the same held-out rows, the same stages (their seeds follow randomState and the stage), without stopping
    const { train, validation } = earlyStoppingSplit(diabetes.yTrain.length, 0.25, 4);
    const full = new GradientBoostingRegressor({ ...options, nEstimators: stages + 5 })
      .fit(rowsOf(diabetes.XTrain, train), Float64Array.from(train, (r) => diabetes.yTrain[r]));
    const yVal = Float64Array.from(validation, (r) => diabetes.yTrain[r]);
    const w = new Float64Array(yVal.length).fill(1);
    const loss = new SquaredErrorLoss();
    const curve = [...full.stagedPredict(rowsOf(diabetes.XTrain, validation))].map((p) => loss.meanLoss(yVal, p.data as Float64Array, w));
    const history = new Array<number>(nIterNoChange).fill(Infinity);
    let stop = curve.length;
    for (let i = 0; i < curve.length; i++) {
      if (history.some((h) => curve[i] + tol < h)) history[i % nIterNoChange] = curve[i];
      else {
        stop = i + 1;
        break;
      }
    }
    expect(stages).toBe(stop);
    expect(values(early.predict(diabetes.XTest))).toEqual(values([...full.stagedPredict(diabetes.XTest)][stages - 1]));
  });

  test('the classifier\'s held-out rows keep every class; a class of one sample cannot be split', () => {
    const y = Int32Array.from(iris.yTrain);
    const { validation } = earlyStoppingSplit(y.length, 0.2, 0, y);
    expect(new Set(Array.from(validation, (r) => y[r])).size).toBe(3);
    const X = Tensor.from([[0], [1], [2], [3], [4], [5]]);
    expect(() => new GradientBoostingClassifier({ nIterNoChange: 2 }).fit(X, [0, 0, 0, 0, 0, 1])).toThrow(/at least 2 members/);
  });
});

describe('sample weights', () => {
  const n = 90;
  const first = Array.from({ length: n }, (_, i) => i);

  test('a zero weight drops the row', () => {
    const w = Float64Array.from(first, (i) => (i % 4 === 0 ? 0 : 1));
    const kept = first.filter((i) => w[i] > 0);
    for (const s of [cancer, diabetes]) {
      const X = rowsOf(s.XTrain, first);
      const y = s.yTrain.slice(0, n);
      const Est = s === cancer ? GradientBoostingClassifier : GradientBoostingRegressor;
      const weighted = new Est({ nEstimators: 15, randomState: 0 }).fit(X, y, { sampleWeight: w });
      const dropped = new Est({ nEstimators: 15, randomState: 0 }).fit(rowsOf(X, kept), kept.map((i) => y[i]));
      const out = (e: GradientBoostingClassifier | GradientBoostingRegressor) => values(e instanceof GradientBoostingClassifier ? e.decisionFunction(s.XTest) : e.predict(s.XTest));
      expect(out(weighted)).toEqual(out(dropped));
    }
  });

  test('an integer weight is that many copies of the row', () => {
    // squared error on continuous targets, shallow trees: no near-tie between splits for rounding to decide (the
    // copies add the same numbers in another order; the robust losses' unweighted init interpolates instead); on the
    // training rows, as splits that cut them alike (a lone row cut off by one feature or another) may differ elsewhere
    const w = Float64Array.from(first, (i) => 1 + (i % 3));
    const copies = first.flatMap((i) => Array<number>(w[i]).fill(i));
    const X = rowsOf(diabetes.XTrain, first);
    const options = { nEstimators: 10, maxDepth: 2, randomState: 0 };
    const weighted = new GradientBoostingRegressor(options).fit(X, diabetes.yTrain.slice(0, n), { sampleWeight: w });
    const repeated = new GradientBoostingRegressor(options).fit(rowsOf(X, copies), copies.map((i) => diabetes.yTrain[i]));
    const b = values(repeated.predict(X));
    values(weighted.predict(X)).forEach((v, i) => expect(v).toBeCloseTo(b[i], 8));
  });
});

describe('stochastic boosting', () => {
  test('out-of-bag scores per stage; each improvement is the drop from the stage before', () => {
    const gb = new GradientBoostingClassifier({ subsample: 0.5, nEstimators: 15, randomState: 2 }).fit(cancer.XTrain, cancer.yTrain);
    const oob = values(gb.oobScores_ as Tensor);
    const improvement = values(gb.oobImprovement_ as Tensor);
    expect(oob).toHaveLength(15);
    for (let i = 1; i < 15; i++) expect(improvement[i]).toBeCloseTo(oob[i - 1] - oob[i], 12);
    expect(gb.oobScore_).toBe(oob[14]);
    expect(gb.score(cancer.XTest, cancer.yTest)).toBeGreaterThan(0.9);
  });
});

describe('fitAsync', () => {
  test('reports every stage with its train score and gives fit\'s model', async () => {
    const seen: { iteration: number; total?: number; loss?: number }[] = [];
    const gb = await new GradientBoostingClassifier({ nEstimators: 6, randomState: 0 }).fitAsync(iris.XTrain, iris.yTrain, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.every((p) => p.total === 6)).toBe(true);
    expect(seen.map((p) => p.loss)).toEqual(values(gb.trainScore_ as Tensor));
    const sync = new GradientBoostingClassifier({ nEstimators: 6, randomState: 0 }).fit(iris.XTrain, iris.yTrain);
    expect(values(gb.decisionFunction(iris.XTest))).toEqual(values(sync.decisionFunction(iris.XTest)));
  });

  test('an abort rejects with FitAbortedError and leaves the estimator as it was', async () => {
    const controller = new AbortController();
    const gb = new GradientBoostingRegressor({ nEstimators: 2000, randomState: 0 });
    const run = gb.fitAsync(diabetes.XTrain, diabetes.yTrain, { signal: controller.signal, onProgress: (p) => p.iteration === 3 && controller.abort() });
    await expect(run).rejects.toBeInstanceOf(FitAbortedError);
    expect(gb.isFitted()).toBe(false);
  });
});

describe('bad parameters and inputs', () => {
  const X = iris.XTrain;
  const y = iris.yTrain;

  test.each([
    ['learningRate', -0.1], ['nEstimators', 0], ['subsample', 0], ['subsample', 1.5], ['maxDepth', 0],
    ['validationFraction', 1], ['nIterNoChange', 0], ['tol', -1], ['criterion', 'gini'], ['init', 'mean'],
    ['maxFeatures', 0], ['maxFeatures', 'all'], ['minSamplesSplit', 1.5], ['minSamplesLeaf', 0], ['maxLeafNodes', 1],
    ['minWeightFractionLeaf', 0.6], ['loss', 'squared_error'], ['warmStart', 1], ['randomState', -1], ['ccpAlpha', -1],
  ])('classifier %s = %p is a ParamError naming it', (name, value) => {
    const gb = new GradientBoostingClassifier({ [name]: value });
    expect(() => gb.fit(X, y)).toThrow(ParamError);
    expect(() => gb.fit(X, y)).toThrow(name);
  });

  test.each([['alpha', 1], ['alpha', 0], ['loss', 'log_loss']])('regressor %s = %p is a ParamError naming it', (name, value) => {
    expect(() => new GradientBoostingRegressor({ [name]: value }).fit(diabetes.XTrain, diabetes.yTrain)).toThrow(ParamError);
  });

  test('exponential needs two classes; maxFeatures above the feature count is refused', () => {
    expect(() => new GradientBoostingClassifier({ loss: 'exponential' }).fit(X, y)).toThrow(/'exponential' is for two classes/);
    expect(() => new GradientBoostingClassifier({ maxFeatures: 5 }).fit(X, y)).toThrow(ParamError);
  });

  test('bad X, y and weights', () => {
    const gb = new GradientBoostingClassifier({ nEstimators: 2 });
    const bad = Float64Array.from(X.data as Float64Array);
    bad[7] = NaN;
    expect(() => gb.fit(Tensor.from(bad, X.shape), y)).toThrow(RangeError);
    expect(() => gb.fit(X, y.slice(1))).toThrow(RangeError);
    expect(() => gb.fit(X, new Float64Array(y.length).fill(2))).toThrow(/at least 2 classes/);
    expect(() => gb.fit(X, y, { sampleWeight: new Float64Array(y.length).fill(-1) })).toThrow(RangeError);
    expect(() => gb.fit(X, y, { sampleWeight: new Float64Array(y.length) })).toThrow(/positive sum/);
    expect(() => gb.fit(X, y, { sampleWeight: Float64Array.from(y, (v) => (v === 0 ? 1 : 0)) })).toThrow(/positive total weight/);
    expect(() => gb.fit(X, y, { sampleWeight: [1, 2] })).toThrow(RangeError);
    expect(() => new GradientBoostingRegressor().fit(X, Array.from(y, String))).toThrow(TypeError);
  });

  test('predicting before fit, or with other features', () => {
    expect(() => new GradientBoostingClassifier().predict(X)).toThrow(NotFittedError);
    expect(() => new GradientBoostingRegressor().predict(X)).toThrow(NotFittedError);
    expect(() => [...new GradientBoostingRegressor().stagedPredict(X)]).toThrow(NotFittedError);
    const gb = new GradientBoostingClassifier({ nEstimators: 2 }).fit(X, y);
    expect(() => gb.predictProba(Tensor.from(new Float64Array(10), [2, 5]))).toThrow(FeatureMismatchError);
    expect(() => gb.apply(Tensor.from(new Float64Array(6), [2, 3]))).toThrow(FeatureMismatchError);
  });
});
