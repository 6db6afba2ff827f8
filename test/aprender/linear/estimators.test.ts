/**
 * Behaviour of the iterative linear models beyond the common suite: string labels, probabilities, class weights equal
 * to sample weights, partialFit, progress reports, parameter combinations scikit-learn refuses, and bad input with
 * coded errors.
 */
import {
  ElasticNet, Lasso, LinearSVC, LogisticRegression, NumericError, SGDClassifier, SGDRegressor,
} from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno';
import { sym } from '../../trueno/helpers';

const n = 120, p = 4;
const X = Tensor.from(sym(7, n * p), [n, p]) as Tensor<'float64'>;
const score = (i: number) => X.data[i * p] - 0.5 * X.data[i * p + 1];
const labels3 = Array.from({ length: n }, (_, i) => (score(i) > 0.3 ? 'high' : score(i) < -0.3 ? 'low' : 'mid'));
const labels2 = Float64Array.from({ length: n }, (_, i) => (score(i) + 0.2 * sym(8, n)[i] > 0 ? 5 : 2));
const target = Float64Array.from({ length: n }, (_, i) => 3 * score(i) + 0.1 * sym(9, n)[i] + 1);

function expectCode(fn: () => unknown, code: string, message?: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeDefined();
  expect((error as { code?: string }).code).toBe(code);
  if (message) expect((error as Error).message).toMatch(message);
}

describe('LogisticRegression', () => {
  test('string labels come back as strings; probabilities sum to 1 and match predictLogProba', () => {
    const clf = new LogisticRegression().fit(X, labels3);
    expect(clf.classes_).toEqual(['high', 'low', 'mid']);
    const pred = clf.predict(X) as string[];
    expect(pred.filter((v, i) => v === labels3[i]).length / n).toBeGreaterThan(0.9);
    const proba = clf.predictProba(X), logProba = clf.predictLogProba(X);
    expect(proba.shape).toEqual([n, 3]);
    for (let i = 0; i < n; i++) {
      const row = proba.data.subarray(i * 3, i * 3 + 3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let c = 0; c < 3; c++) expect(logProba.data[i * 3 + c]).toBeCloseTo(Math.log(row[c]), 10);
    }
    expect(clf.coef_?.shape).toEqual([3, p]);
  });

  test('binary: one coefficient row for the second class; numeric labels keep their values', () => {
    const clf = new LogisticRegression().fit(X, labels2);
    expect(clf.coef_?.shape).toEqual([1, p]);
    expect(clf.decisionFunction(X).shape).toEqual([n]);
    expect(new Set((clf.predict(X) as Tensor).toArray() as number[])).toEqual(new Set([2, 5]));
  });

  test.each(['lbfgs', 'newton-cg', 'saga'] as const)('%s: classWeight equals the same weights as sampleWeight', (solver) => {
    const opts = { solver, randomState: 1, tol: 1e-8, maxIter: solver === 'saga' ? 2000 : 200 };
    const a = new LogisticRegression({ ...opts, classWeight: { 2: 3, 5: 0.5 } }).fit(X, labels2);
    const b = new LogisticRegression(opts).fit(X, labels2, { sampleWeight: Array.from(labels2, (v) => (v === 2 ? 3 : 0.5)) });
    const diff = Math.max(...Array.from(a.coef_!.data, (v, i) => Math.abs(v - b.coef_!.data[i])));
    expect(diff).toBeLessThan(1e-5);
  });

  test('penalty null and C = Infinity fit the unpenalized model; l1 with saga zeroes weak features', () => {
    const none = new LogisticRegression({ penalty: null }).fit(X, labels2);
    const inf = new LogisticRegression({ C: Infinity }).fit(X, labels2);
    expect(Array.from(none.coef_!.data)).toEqual(Array.from(inf.coef_!.data));
    const l1 = new LogisticRegression({ solver: 'saga', penalty: 'l1', C: 0.05, randomState: 0, maxIter: 1000 }).fit(X, labels2);
    expect(Array.from(l1.coef_!.data).filter((v) => v === 0).length).toBeGreaterThan(0);
  });

  test('progress: one report per solver iteration, with the objective', async () => {
    const seen: Array<{ iteration: number; loss?: number }> = [];
    const clf = await new LogisticRegression().fitAsync(X, labels2, { onProgress: (pr) => seen.push(pr) });
    expect(seen.length).toBe(clf.nIter_);
    expect(seen.every((s, i) => s.iteration === i + 1 && Number.isFinite(s.loss))).toBe(true);
  });

  test('bad parameters and combinations', () => {
    expectCode(() => new LogisticRegression({ penalty: 'l1' }).fit(X, labels2), 'ERR_APRENDER_PARAM', /Expected solver 'saga' or 'liblinear' for penalty 'l1'/);
    expectCode(() => new LogisticRegression({ C: -1 }).fit(X, labels2), 'ERR_APRENDER_PARAM', /C parameter of LogisticRegression/);
    expectCode(() => new LogisticRegression({ solver: 'lbfgsb' as never }).fit(X, labels2), 'ERR_APRENDER_PARAM', /solver/);
    expectCode(() => new LogisticRegression({ solver: 'liblinear' }).fit(X, labels3), 'ERR_APRENDER_RANGE', /Expected two classes for solver 'liblinear'/);
    expectCode(() => new LogisticRegression({ solver: 'liblinear', penalty: null }).fit(X, labels2), 'ERR_APRENDER_PARAM', /penalty 'l1' or 'l2'/);
    expectCode(() => new LogisticRegression({ classWeight: { 7: 1 } }).fit(X, labels2), 'ERR_APRENDER_RANGE', /classWeight but received '7'/);
    expectCode(() => new LogisticRegression().fit(X, new Float64Array(n).fill(1)), 'ERR_APRENDER_RANGE', /at least 2 classes/);
    expectCode(() => new LogisticRegression().fit(X, labels2, { sampleWeight: [1, 2] }), 'ERR_APRENDER_RANGE');
  });
});

describe('ElasticNet and Lasso', () => {
  test('Lasso is ElasticNet with l1Ratio 1; alpha 0 is least squares', () => {
    const a = new Lasso({ alpha: 0.01 }).fit(X, target), b = new ElasticNet({ alpha: 0.01, l1Ratio: 1 }).fit(X, target);
    expect(Array.from(a.coef_!.data)).toEqual(Array.from(b.coef_!.data));
    const ols = new ElasticNet({ alpha: 0, tol: 1e-12 }).fit(X, target);
    expect(ols.score(X, target)).toBeGreaterThan(0.99);
  });

  test('integer sample weights equal repeated rows; random selection is reproducible', () => {
    const w = Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const rows: number[][] = [], ys: number[] = [];
    for (let i = 0; i < n; i++) for (let r = 0; r < w[i]; r++) {
      rows.push(Array.from(X.data.subarray(i * p, (i + 1) * p)));
      ys.push(target[i]);
    }
    const a = new ElasticNet({ alpha: 0.05, tol: 1e-10 }).fit(X, target, { sampleWeight: w });
    const b = new ElasticNet({ alpha: 0.05, tol: 1e-10 }).fit(rows, ys);
    for (let j = 0; j < p; j++) expect(a.coef_!.data[j]).toBeCloseTo(b.coef_!.data[j], 6);
    const r1 = new Lasso({ alpha: 0.01, selection: 'random', randomState: 3 }).fit(X, target);
    const r2 = new Lasso({ alpha: 0.01, selection: 'random', randomState: 3 }).fit(X, target);
    expect(Array.from(r1.coef_!.data)).toEqual(Array.from(r2.coef_!.data));
  });

  test('positive keeps coefficients >= 0; a large alpha gives all zeros and the mean', () => {
    const pos = new ElasticNet({ alpha: 0.01, positive: true }).fit(X, target);
    expect(Array.from(pos.coef_!.data).every((v) => v >= 0)).toBe(true);
    const zero = new Lasso({ alpha: 100 }).fit(X, target);
    expect(Array.from(zero.coef_!.data)).toEqual([0, 0, 0, 0]);
    expect(zero.intercept_).toBeCloseTo(target.reduce((a, b) => a + b, 0) / n, 12);
    expect(zero.nIter_).toBe(0);
  });

  test('a 2-D y fits one model per target, as separate fits would', () => {
    const y2 = Array.from({ length: n }, (_, i) => [target[i], -2 * target[i] + X.data[i * p + 3]]);
    const both = new ElasticNet({ alpha: 0.02 }).fit(X, y2);
    expect(both.coef_?.shape).toEqual([2, p]);
    expect((both.intercept_ as Tensor).shape).toEqual([2]);
    expect(both.predict(X).shape).toEqual([n, 2]);
    for (let c = 0; c < 2; c++) {
      const one = new ElasticNet({ alpha: 0.02 }).fit(X, y2.map((r) => r[c]));
      expect(Array.from(both.coef_!.data.subarray(c * p, (c + 1) * p))).toEqual(Array.from(one.coef_!.data));
      expect((both.intercept_ as Tensor).data[c]).toBe(one.intercept_);
      expect((both.nIter_ as number[])[c]).toBe(one.nIter_);
    }
  });

  test('bad parameters', () => {
    expectCode(() => new ElasticNet({ l1Ratio: 2 }).fit(X, target), 'ERR_APRENDER_PARAM', /l1Ratio parameter of ElasticNet/);
    expectCode(() => new Lasso({ l1Ratio: 0.5 } as never), 'ERR_APRENDER_PARAM');
    expectCode(() => new Lasso({ selection: 'greedy' as never }).fit(X, target), 'ERR_APRENDER_PARAM', /'cyclic', 'random'/);
  });
});

describe('SGDClassifier and SGDRegressor', () => {
  test('partialFit needs the classes first, then learns epoch by epoch', () => {
    expectCode(() => new SGDClassifier().partialFit(X, labels3), 'ERR_APRENDER_TYPE', /Expected classes/);
    const clf = new SGDClassifier({ randomState: 0 });
    for (let e = 0; e < 20; e++) clf.partialFit(X, labels3, { classes: ['low', 'mid', 'high'] });
    expect(clf.t_).toBe(1 + 20 * n);
    expect((clf.predict(X) as string[]).filter((v, i) => v === labels3[i]).length / n).toBeGreaterThan(0.75);
    expectCode(() => clf.partialFit(X, labels3.map((v) => (v === 'mid' ? 'other' : v))), 'ERR_APRENDER_RANGE', /Expected one of the classes/);
    const reg = new SGDRegressor({ randomState: 0 });
    for (let e = 0; e < 50; e++) reg.partialFit(X, target);
    expect(reg.score(X, target)).toBeGreaterThan(0.95);
  });

  test('predictProba only for log_loss and modified_huber; rows sum to 1', () => {
    const hinge = new SGDClassifier({ randomState: 0 }).fit(X, labels3);
    expectCode(() => hinge.predictProba(X), 'ERR_APRENDER_RANGE', /Expected loss 'log_loss' or 'modified_huber'/);
    const mh = new SGDClassifier({ loss: 'modified_huber', randomState: 0 }).fit(X, labels3);
    const proba = mh.predictProba(X);
    for (let i = 0; i < n; i++) expect(proba.data.subarray(i * 3, i * 3 + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  test('early stopping holds out samples and stops; adaptive lowers eta; divergence is a NumericError', () => {
    const es = new SGDClassifier({ earlyStopping: true, randomState: 0 }).fit(X, labels3);
    expect(es.nIter_).toBeLessThan(100);
    const ad = new SGDRegressor({ learningRate: 'adaptive', randomState: 0 }).fit(X, target);
    expect(ad.score(X, target)).toBeGreaterThan(0.95);
    const huge = Tensor.from(Float64Array.from(X.data, (v) => v * 1e150), [n, p]);
    expect(() => new SGDRegressor({ learningRate: 'constant', eta0: 10, randomState: 0 }).fit(huge, target)).toThrow(NumericError);
  });

  test('bad parameters', () => {
    expectCode(() => new SGDClassifier({ alpha: 0 }).fit(X, labels3), 'ERR_APRENDER_RANGE', /alpha > 0 with learningRate 'optimal'/);
    expectCode(() => new SGDClassifier({ loss: 'log' as never }).fit(X, labels3), 'ERR_APRENDER_PARAM', /loss parameter of SGDClassifier/);
    expectCode(() => new SGDRegressor({ eta0: 0 }).fit(X, target), 'ERR_APRENDER_PARAM', /eta0 parameter/);
    expectCode(() => new SGDClassifier({ earlyStopping: true, validationFraction: 0.001 }).fit(X, labels3), 'ERR_APRENDER_RANGE', /non-empty train and validation set/);
  });
});

describe('LinearSVC', () => {
  test('hinge with dual false is refused; string labels; one row per class', () => {
    expectCode(() => new LinearSVC({ loss: 'hinge', dual: false }).fit(X, labels3), 'ERR_APRENDER_PARAM', /dual false/);
    expectCode(() => new LinearSVC({ penalty: 'l1', dual: true }).fit(X, labels3), 'ERR_APRENDER_PARAM', /penalty 'l1'/);
    expectCode(() => new LinearSVC({ penalty: 'l1', loss: 'hinge' }).fit(X, labels3), 'ERR_APRENDER_PARAM', /penalty 'l1'/);
    const sparse = new LinearSVC({ penalty: 'l1', C: 0.01 }).fit(X, labels2);
    expect(Array.from(sparse.coef_!.data).filter((v) => v === 0).length).toBeGreaterThan(0);
    const svc = new LinearSVC({ randomState: 0 }).fit(X, labels3);
    expect(svc.coef_?.shape).toEqual([3, p]);
    expect((svc.predict(X) as string[]).filter((v, i) => v === labels3[i]).length / n).toBeGreaterThan(0.85);
  });

  test('the primal and the dual reach the same model', () => {
    const primal = new LinearSVC({ dual: false, tol: 1e-8 }).fit(X, labels2);
    const dualFit = new LinearSVC({ dual: true, tol: 1e-8, maxIter: 100000, randomState: 0 }).fit(X, labels2);
    for (let j = 0; j < p; j++) expect(primal.coef_!.data[j]).toBeCloseTo(dualFit.coef_!.data[j], 4);
    expect(primal.intercept_!.data[0]).toBeCloseTo(dualFit.intercept_!.data[0], 4);
  });
});

