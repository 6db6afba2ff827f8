/**
 * Cross-validation and the searches against scikit-learn on the real datasets: GridSearchCV over brute-force k-NN
 * (the library's KNeighborsClassifier and a test one; wine, iris, breast cancer, standardized with StandardScaler, and
 * a Pipeline that scales inside each fold) finds the same best parameters with the same fold
 * scores; a multi-metric ridge search, crossValidate and learningCurve on diabetes give scikit-learn's figures.
 * Then RandomizedSearchCV, fitAsync with worker threads, and bad input.
 */
import {
  crossValidate, crossValScore, getScorer, GridSearchCV, learningCurve, loguniform, randint, RandomizedSearchCV, scorerNames,
  StandardScaler, uniform, validationCurve, KFold, GroupKFold, KNeighborsClassifier, Pipeline, type Estimator,
} from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno/tensor';
import { loadSplit, reference, type DatasetName } from '../reference/data';
import { expectClose, fromJson } from '../metrics/close';
import { TestKnn, TestRidge } from './estimators';

const ref = reference('model_selection');

function scaled(name: DatasetName): { XTrain: Tensor; XTest: Tensor; yTrain: Int32Array | Float64Array; yTest: Int32Array | Float64Array } {
  const s = loadSplit(name);
  const scaler = new StandardScaler().fit(s.XTrain);
  return { XTrain: scaler.transform(s.XTrain), XTest: scaler.transform(s.XTest), yTrain: s.yTrain, yTest: s.yTest };
}

const knns: [string, () => Estimator][] = [['the library\'s KNeighborsClassifier', () => new KNeighborsClassifier({ algorithm: 'brute' })], ['a test k-NN', () => new TestKnn()]];
const knnCases = (['wine', 'iris', 'breast_cancer'] as const).flatMap((name) => knns.map(([label, make]) => [name, label, make] as const));

describe.each(knnCases)('GridSearchCV over k-NN on %s (%s) matches scikit-learn', (name, _label, make) => {
  const want = ref.knn_search[name] as Record<string, unknown>;
  const { XTrain, XTest, yTrain, yTest } = scaled(name);
  const search = new GridSearchCV({
    estimator: make(), paramGrid: { nNeighbors: [1, 3, 5, 7, 9, 11, 15], weights: ['uniform', 'distance'] }, cv: 5, returnTrainScore: true,
  }).fit(XTrain, yTrain);
  test('best parameters, score and index', () => {
    const bp = want.best_params as { n_neighbors: number; weights: string };
    expect(search.bestParams_).toEqual({ nNeighbors: bp.n_neighbors, weights: bp.weights });
    expect(search.bestIndex_).toBe(want.best_index);
    expectClose(search.bestScore_, want.best_score, 'bestScore_');
  });
  test('cvResults_ per candidate', () => {
    const r = search.cvResults_!;
    expectClose(r.meanTestScore, want.mean_test_score, 'meanTestScore');
    expectClose(r.stdTestScore, fromJson(want.std_test_score), 'stdTestScore');
    expect(Array.from(r.rankTestScore as Int32Array)).toEqual(want.rank_test_score);
    expectClose(r.split0TestScore, want.split0_test_score, 'split0TestScore');
    expectClose(r.meanTrainScore, want.mean_train_score, 'meanTrainScore');
    expect(r.params).toEqual((want.params as { n_neighbors: number; weights: string }[]).map((p) => ({ nNeighbors: p.n_neighbors, weights: p.weights })));
    expect(r.paramNNeighbors).toEqual((want.params as { n_neighbors: number }[]).map((p) => p.n_neighbors));
    for (const k of ['meanFitTime', 'stdFitTime', 'meanScoreTime', 'stdScoreTime']) expect((r[k] as Float64Array).length).toBe(14);
  });
  test('the refitted best estimator scores the test split as scikit-learn\'s', () => {
    expectClose(search.score(XTest, yTest), want.test_score, 'score');
    expect(search.bestEstimator_?.constructor).toBe(make().constructor);
    expect(search.classes_).toEqual([...new Set(yTrain)].sort((a, b) => a - b));
    expect((search.predictProba!(XTest) as Tensor).shape).toEqual([yTest.length, search.classes_!.length]);
  });
});

describe.each(['wine', 'breast_cancer'] as const)('GridSearchCV over a Pipeline (StandardScaler, k-NN) on %s matches scikit-learn', (name) => {
  test('nested parameters, f1_macro, the scaler fitted inside each fold', () => {
    const want = ref.pipeline_search[name] as Record<string, unknown>;
    const s = loadSplit(name);
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['knn', new KNeighborsClassifier({ algorithm: 'brute' })]] });
    const search = new GridSearchCV({
      estimator: pipe, cv: 5, scoring: 'f1_macro',
      paramGrid: { knn__nNeighbors: [1, 3, 5, 7, 9, 11, 15], knn__weights: ['uniform', 'distance'], scale__withMean: [true, false] },
    }).fit(s.XTrain, s.yTrain);
    const bp = want.best_params as Record<string, unknown>;
    expect(search.bestParams_).toEqual({ knn__nNeighbors: bp.knn__n_neighbors, knn__weights: bp.knn__weights, scale__withMean: bp.scale__with_mean });
    expectClose(search.bestScore_, want.best_score, 'bestScore_');
    expectClose(search.cvResults_!.meanTestScore, want.mean_test_score, 'meanTestScore');
    expectClose(search.score(s.XTest, s.yTest), want.test_score, 'score');
  });
});

describe('ridge on diabetes matches scikit-learn', () => {
  const want = ref.ridge_search.diabetes as Record<string, unknown>;
  const s = loadSplit('diabetes');
  test('a multi-metric GridSearchCV with refit by name', () => {
    const search = new GridSearchCV({
      estimator: new TestRidge(), paramGrid: { alpha: [0.001, 0.01, 0.1, 1, 10, 100] }, cv: new KFold({ nSplits: 4 }),
      scoring: ['r2', 'neg_mean_squared_error'], refit: 'neg_mean_squared_error',
    }).fit(s.XTrain, s.yTrain);
    expect(search.bestParams_).toEqual(want.best_params);
    expectClose(search.bestScore_, want.best_score, 'bestScore_');
    expectClose(search.cvResults_!.meanTestR2, want.mean_test_r2, 'meanTestR2');
    expectClose(search.cvResults_!.meanTestNegMeanSquaredError, want.mean_test_neg_mean_squared_error, 'mse');
    expect(Array.from(search.cvResults_!.rankTestR2 as Int32Array)).toEqual(want.rank_test_r2);
    expectClose(search.score(s.XTest, s.yTest), want.test_score, 'score');
    expect(search.multimetric_).toBe(true);
  });
  test('crossValidate with two scorers and train scores', () => {
    const r = crossValidate(new TestRidge({ alpha: 0.1 }), s.XTrain, s.yTrain, { cv: 5, scoring: ['r2', 'neg_mean_absolute_error'], returnTrainScore: true, returnEstimator: true, returnIndices: true });
    expectClose(r.testR2, want.cv_test_r2, 'testR2');
    expectClose(r.testNegMeanAbsoluteError, want.cv_test_neg_mean_absolute_error, 'testNegMAE');
    expectClose(r.trainNegMeanAbsoluteError, want.cv_train_neg_mean_absolute_error, 'trainNegMAE');
    expect(r.fitTime).toHaveLength(5);
    expect(r.estimator).toHaveLength(5);
    expect(r.indices!.test.reduce((a, t) => a + t.length, 0)).toBe(s.yTrain.length);
    expectClose(crossValScore(new TestRidge({ alpha: 0.1 }), s.XTrain, s.yTrain, { cv: 5, scoring: 'r2' }), want.cv_test_r2, 'crossValScore');
    expectClose(crossValScore(new TestRidge({ alpha: 0.1 }), s.XTrain, s.yTrain), want.cv_test_r2, 'the estimator\'s own score');
  });
  test('learningCurve sizes and scores', () => {
    const lc = learningCurve(new TestRidge(), s.XTrain, s.yTrain, { cv: 3, trainSizes: [0.2, 0.5, 1] });
    expect(Array.from(lc.trainSizes)).toEqual(want.lc_sizes);
    expectClose(lc.trainScores, want.lc_train, 'trainScores');
    expectClose(lc.testScores, want.lc_test, 'testScores');
  });
  test('validationCurve gives one row per value', () => {
    const vc = validationCurve(new TestRidge(), s.XTrain, s.yTrain, { paramName: 'alpha', paramRange: [0.001, 100], cv: 4 });
    expect(vc.testScores.map((r) => r.length)).toEqual([4, 4]);
    expect(vc.testScores[0].reduce((a, b) => a + b) / 4).toBeCloseTo((want.mean_test_r2 as number[])[0], 9);
  });
});

describe('RandomizedSearchCV', () => {
  const { XTrain, yTrain } = scaled('iris');
  test('draws without replacement from a small list grid, reproducibly', () => {
    const make = () => new RandomizedSearchCV({ estimator: new TestKnn(), paramDistributions: { nNeighbors: [1, 3, 5, 7], weights: ['uniform', 'distance'] }, nIter: 5, randomState: 3 }).fit(XTrain, yTrain);
    const a = make();
    const params = a.cvResults_!.params as Record<string, unknown>[];
    expect(params).toHaveLength(5);
    expect(new Set(params.map((p) => JSON.stringify(p))).size).toBe(5);
    expect(make().cvResults_!.params).toEqual(params);
    const all = new RandomizedSearchCV({ estimator: new TestKnn(), paramDistributions: { nNeighbors: [1, 3] }, nIter: 10, randomState: 0 }).fit(XTrain, yTrain);
    expect(all.cvResults_!.params).toHaveLength(2);
  });
  test('draws from distributions within their bounds', () => {
    const s = new RandomizedSearchCV({ estimator: new TestRidge(), paramDistributions: [{ alpha: loguniform(1e-3, 1e2) }, { alpha: uniform(5, 10) }], nIter: 12, randomState: 1 }).fit(XTrain, Float64Array.from(yTrain));
    for (const a of s.cvResults_!.paramAlpha as number[]) expect((a >= 1e-3 && a <= 1e2) || (a >= 5 && a <= 15)).toBe(true);
    const k = new RandomizedSearchCV({ estimator: new TestKnn(), paramDistributions: { nNeighbors: randint(1, 4) }, nIter: 6, randomState: 2 }).fit(XTrain, yTrain);
    for (const v of k.cvResults_!.paramNNeighbors as number[]) expect([1, 2, 3]).toContain(v);
  });
});

describe('fitAsync', () => {
  const { XTrain, yTrain } = scaled('wine');
  const grid = { nNeighbors: [1, 5, 9], weights: ['uniform', 'distance'] };
  test('in parallel lanes (nJobs 2, a worker per fit) gives the same results as fit, with progress per fit', async () => {
    // The fits cross to workers, so the searched estimator is one the library registers (StandardScaler); the scorer
    // (a function) stays on this thread.
    const scoring = (e: Estimator, X: unknown) => -Math.abs(((e as StandardScaler).transform(X as Tensor).data as Float64Array)[0]);
    const options = { estimator: new StandardScaler(), paramGrid: { withMean: [true, false] }, cv: 2, scoring };
    const sync = new GridSearchCV(options).fit(XTrain, yTrain);
    const progress: number[] = [];
    const par = await new GridSearchCV({ ...options, nJobs: 2 }).fitAsync(XTrain, yTrain, { onProgress: (p) => progress.push(p.iteration) });
    expect(par.bestParams_).toEqual(sync.bestParams_);
    expect(Array.from(par.cvResults_!.meanTestScore as Float64Array)).toEqual(Array.from(sync.cvResults_!.meanTestScore as Float64Array));
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(Array.from(par.transform!(XTrain).data as Float64Array)).toEqual(Array.from(sync.transform!(XTrain).data as Float64Array));
  }, 120000);
  test('with group folds given as pairs (plain data: the whole search in one worker)', async () => {
    const groups = Array.from({ length: yTrain.length }, (_, i) => i % 7);
    const options = { estimator: new KNeighborsClassifier(), paramGrid: { nNeighbors: [1, 9] }, cv: new GroupKFold({ nSplits: 3 }).split(XTrain, yTrain, groups) };
    const sync = new GridSearchCV(options).fit(XTrain, yTrain);
    const off = await new GridSearchCV(options).fitAsync(XTrain, yTrain);
    expect(off.bestParams_).toEqual(sync.bestParams_);
    expect(Array.from(off.cvResults_!.meanTestScore as Float64Array)).toEqual(Array.from(sync.cvResults_!.meanTestScore as Float64Array));
    expect(off.nSplits_).toBe(3);
  }, 120000);
  test('with a splitter object (not plain data) on this thread, and abortable', async () => {
    const est = new GridSearchCV({ estimator: new TestKnn(), paramGrid: grid, cv: new KFold({ nSplits: 3 }) });
    await est.fitAsync(XTrain, yTrain);
    expect(est.bestParams_).toBeDefined();
    const ac = new AbortController();
    ac.abort();
    await expect(new GridSearchCV({ estimator: new TestKnn(), paramGrid: grid, nJobs: 2 }).fitAsync(XTrain, yTrain, { signal: ac.signal })).rejects.toMatchObject({ code: 'ERR_APRENDER_ABORTED' });
  });
});

describe('scorers', () => {
  test('every scikit-learn name used here is known, and probabilities feed roc_auc / neg_log_loss', () => {
    for (const n of ['accuracy', 'balanced_accuracy', 'f1_macro', 'roc_auc', 'roc_auc_ovr', 'neg_log_loss', 'r2', 'neg_mean_squared_error', 'neg_root_mean_squared_error', 'adjusted_rand_score']) {
      expect(scorerNames()).toContain(n);
    }
    const s = loadSplit('breast_cancer');
    const knn = new TestKnn({ nNeighbors: 7 }).fit(s.XTrain, s.yTrain);
    expect(getScorer('roc_auc')(knn, s.XTest, s.yTest)).toBeGreaterThan(0.9);
    expect(getScorer('neg_log_loss')(knn, s.XTest, s.yTest)).toBeLessThan(0);
    expect(getScorer('accuracy')(knn, s.XTest, s.yTest)).toBeCloseTo(knn.score(s.XTest, s.yTest), 12);
  });
});

describe('bad input gives coded errors', () => {
  const s = loadSplit('iris');
  const est = new TestKnn();
  const cases: [string, () => unknown, string][] = [
    ['an unknown scoring name', () => crossValidate(est, s.XTrain, s.yTrain, { scoring: 'accuracy_typo' }), 'ERR_APRENDER_RANGE'],
    ['several scorers for crossValScore', () => crossValScore(est, s.XTrain, s.yTrain, { scoring: ['accuracy'] as never }), 'ERR_APRENDER_TYPE'],
    ['cv 1', () => crossValidate(est, s.XTrain, s.yTrain, { cv: 1 }), 'ERR_APRENDER_RANGE'],
    ['cv a string', () => crossValidate(est, s.XTrain, s.yTrain, { cv: 'five' as never }), 'ERR_APRENDER_TYPE'],
    ['cv pairs out of range', () => crossValidate(est, s.XTrain, s.yTrain, { cv: [[Int32Array.of(0, 1), Int32Array.of(9999)]] }), 'ERR_APRENDER_RANGE'],
    ['y of another length', () => crossValidate(est, s.XTrain, s.yTrain.subarray(1)), 'ERR_APRENDER_RANGE'],
    ['not an estimator', () => crossValidate({} as Estimator, s.XTrain, s.yTrain), 'ERR_APRENDER_TYPE'],
    ['no scoring for an estimator without score', () => crossValidate(new StandardScaler(), s.XTrain), 'ERR_APRENDER_TYPE'],
    ['a throwing scorer with errorScore raise', () => crossValidate(est, s.XTrain, s.yTrain, { scoring: () => { throw Object.assign(new RangeError('the scorer itself'), { code: 'ERR_APRENDER_RANGE' }); }, errorScore: 'raise' }), 'ERR_APRENDER_RANGE'],
    ['every fit failing (NaN in X) rethrows the fit error', () => crossValidate(est, Tensor.from(Float64Array.from(s.XTrain.data as Float64Array, (v, i) => (i === 0 ? NaN : v)), s.XTrain.shape), s.yTrain, { errorScore: 'raise' }), 'ERR_APRENDER_RANGE'],
    ['learning curve sizes above the split', () => learningCurve(est, s.XTrain, s.yTrain, { trainSizes: [5000] }), 'ERR_APRENDER_RANGE'],
    ['a grid value that is not an array', () => new GridSearchCV({ estimator: est, paramGrid: { nNeighbors: 3 } as never }).fit(s.XTrain, s.yTrain), 'ERR_APRENDER_PARAM'],
    ['a grid naming an unknown parameter', () => new GridSearchCV({ estimator: est, paramGrid: { k: [1, 2] } }).fit(s.XTrain, s.yTrain), 'ERR_APRENDER_PARAM'],
    ['no estimator', () => new GridSearchCV({ paramGrid: { k: [1] } }).fit(s.XTrain, s.yTrain), 'ERR_APRENDER_PARAM'],
    ['refit true with several scorers', () => new GridSearchCV({ estimator: est, paramGrid: { nNeighbors: [1] }, scoring: ['accuracy', 'f1_macro'] }).fit(s.XTrain, s.yTrain), 'ERR_APRENDER_TYPE'],
    ['loguniform with a zero bound', () => loguniform(0, 1), 'ERR_APRENDER_RANGE'],
    ['randint with fractional bounds', () => randint(0.5, 3), 'ERR_APRENDER_RANGE'],
    ['predict of a refit-false search', () => new GridSearchCV({ estimator: est, paramGrid: { nNeighbors: [1, 3] }, refit: false }).fit(s.XTrain, s.yTrain).predict!(s.XTest), 'ERR_APRENDER_TYPE'],
    ['predict with another feature count', () => new GridSearchCV({ estimator: est, paramGrid: { nNeighbors: [1] } }).fit(s.XTrain, s.yTrain).predict!([[1, 2]]), 'ERR_APRENDER_FEATURES'],
  ];
  test.each(cases)('%s', (_name, fn, code) => {
    let thrown: unknown;
    try {
      fn();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as { code: string }).code).toBe(code);
  });
  test('with one scorer, a refit name counts as true (as scikit-learn)', () => {
    const one = new GridSearchCV({ estimator: est, paramGrid: { nNeighbors: [1, 3] }, scoring: 'accuracy', refit: 'accuracy', cv: 3 }).fit(s.XTrain, s.yTrain);
    expect(one.score(s.XTest, s.yTest)).toBeCloseTo((one.bestEstimator_ as TestKnn).score(s.XTest, s.yTest), 12);
  });
  test('a scorer that throws scores errorScore', () => {
    const r = crossValidate(est, s.XTrain, s.yTrain, { cv: 3, scoring: () => { throw new Error('no'); }, errorScore: -1 });
    expect(Array.from(r.testScore as Float64Array)).toEqual([-1, -1, -1]);
  });
  test('a failing fit scores errorScore (NaN by default) while the others count', () => {
    const bad = new GridSearchCV({ estimator: est, paramGrid: { nNeighbors: [3, -1] }, cv: 3 }).fit(s.XTrain, s.yTrain);
    expect(Number.isNaN((bad.cvResults_!.meanTestScore as Float64Array)[1])).toBe(true);
    expect(Array.from(bad.cvResults_!.rankTestScore as Int32Array)).toEqual([1, 2]);
    expect(bad.bestParams_).toEqual({ nNeighbors: 3 });
  });
});
