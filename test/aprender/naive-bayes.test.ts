/**
 * The naive Bayes estimators against scikit-learn 1.9 on the real datasets (the split of splits.json; figures in
 * reference/naive_bayes.json, written by cases_naive_bayes.py): test scores equal, GaussianNB theta_ / var_ within
 * 1e-6 relative (1e-9 seen), the discrete models' feature_log_prob_ and counts, probabilities of the first test rows,
 * and partialFit over two halves giving the fit's model. Then the API's own behaviour and bad input.
 */
import { BernoulliNB, ComplementNB, GaussianNB, MultinomialNB } from '../../lib/aprender';
import { Tensor } from '../../lib/trueno';
import { loadSplit, reference, type DatasetName } from './reference/data';

const ref = reference('naive_bayes');

function expectClose(got: ArrayLike<number>, want: number[], rtol: number, atol = 0): void {
  expect(got.length).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    if (!(Math.abs(got[t] - want[t]) <= atol + rtol * Math.abs(want[t]))) throw new Error(`[${t}] got ${got[t]}, want ${want[t]}`);
  }
}

const head = (X: Tensor, rows: number) => Tensor.from((X.data as Float64Array).slice(0, rows * X.shape[1]), [rows, X.shape[1]]);
const halves = (X: Tensor, y: Int32Array | Float64Array) => {
  const [n, d] = X.shape;
  const h = Math.floor(n / 2);
  const data = X.data as Float64Array;
  return [[Tensor.from(data.slice(0, h * d), [h, d]), y.slice(0, h)], [Tensor.from(data.slice(h * d), [n - h, d]), y.slice(h)]] as const;
};

describe('GaussianNB matches scikit-learn', () => {
  test.each(Object.keys(ref.GaussianNB) as DatasetName[])('%s', (name) => {
    const want = ref.GaussianNB[name] as Record<string, number[] | number[][] | number>;
    const s = loadSplit(name);
    const nb = new GaussianNB().fit(s.XTrain, s.yTrain);
    expect(nb.score(s.XTest, s.yTest)).toBe(want.score);
    expect(Array.from((nb.predict(s.XTest) as Tensor).data as Int32Array)).toEqual(want.predict);
    expectClose(nb.theta_?.data as Float64Array, (want.theta as number[][]).flat(), 1e-6);
    expectClose(nb.var_?.data as Float64Array, (want.var as number[][]).flat(), 1e-6);
    expectClose(nb.classPrior_?.data as Float64Array, want.class_prior as number[], 1e-12);
    expect(Array.from(nb.classCount_?.data as Float64Array)).toEqual(want.class_count);
    expect(Math.abs((nb.epsilon_ as number) - (want.epsilon as number))).toBeLessThan(1e-12 * (want.epsilon as number));
    expectClose(nb.predictJointLogProba(head(s.XTest, 10)).data as Float64Array, (want.joint_log_proba as number[][]).flat(), 1e-9);
    expectClose(nb.predictProba(head(s.XTest, 10)).data as Float64Array, (want.proba as number[][]).flat(), 1e-6, 1e-12);
  });

  test.each(Object.keys(ref['GaussianNB.partial']) as DatasetName[])('partialFit over two halves, %s', (name) => {
    const want = ref['GaussianNB.partial'][name] as { score: number; theta: number[][]; var: number[][] };
    const s = loadSplit(name);
    const [[X1, y1], [X2, y2]] = halves(s.XTrain, s.yTrain);
    const nb = new GaussianNB().partialFit(X1, y1, { classes: [...new Set(s.yTrain)] }).partialFit(X2, y2);
    expect(nb.score(s.XTest, s.yTest)).toBe(want.score);
    expectClose(nb.theta_?.data as Float64Array, want.theta.flat(), 1e-6);
    expectClose(nb.var_?.data as Float64Array, want.var.flat(), 1e-6);
  });
});

const DISCRETE: Array<[string, () => MultinomialNB | ComplementNB | BernoulliNB]> = [
  ['MultinomialNB', () => new MultinomialNB()],
  ['MultinomialNB.alpha', () => new MultinomialNB({ alpha: 0.1, fitPrior: false })],
  ['ComplementNB', () => new ComplementNB()],
  ['ComplementNB.norm', () => new ComplementNB({ norm: true, alpha: 0.5 })],
  ['BernoulliNB', () => new BernoulliNB()],
  ['BernoulliNB.binarize', () => new BernoulliNB({ binarize: 4 })],
];

describe.each(DISCRETE)('%s matches scikit-learn', (id, make) => {
  test.each(Object.keys(ref[id]) as DatasetName[])('%s', (name) => {
    const want = ref[id][name] as Record<string, number[] | number[][] | number>;
    const s = loadSplit(name);
    const nb = make().fit(s.XTrain, s.yTrain);
    expect(nb.score(s.XTest, s.yTest)).toBe(want.score);
    expect(Array.from((nb.predict(s.XTest) as Tensor).data as Int32Array)).toEqual(want.predict);
    expectClose(nb.featureLogProb_?.data as Float64Array, (want.feature_log_prob as number[][]).flat(), 1e-10, 1e-12);
    expectClose(nb.classLogPrior_?.data as Float64Array, want.class_log_prior as number[], 1e-12);
    expectClose(nb.featureCount_?.data as Float64Array, (want.feature_count as number[][]).flat(), 1e-12);
    expectClose(nb.predictProba(head(s.XTest, 10)).data as Float64Array, (want.proba as number[][]).flat(), 1e-6, 1e-12);
  });
});

describe('MultinomialNB.partial matches scikit-learn', () => {
  test.each(Object.keys(ref['MultinomialNB.partial']) as DatasetName[])('%s', (name) => {
    const want = ref['MultinomialNB.partial'][name] as { score: number; feature_log_prob: number[][] };
    const s = loadSplit(name);
    const [[X1, y1], [X2, y2]] = halves(s.XTrain, s.yTrain);
    const nb = new MultinomialNB().partialFit(X1, y1, { classes: [...new Set(s.yTrain)] }).partialFit(X2, y2);
    expect(nb.score(s.XTest, s.yTest)).toBe(want.score);
    expectClose(nb.featureLogProb_?.data as Float64Array, want.feature_log_prob.flat(), 1e-10, 1e-12);
  });
});

describe('naive Bayes estimators', () => {
  const X = Tensor.from([[1, 2], [2, 1], [3, 5], [4, 4], [0, 0.5]]);
  const y = [0, 0, 1, 1, 0];

  test('predictLogProba is the log of predictProba and rows sum to 1', () => {
    for (const nb of [new GaussianNB(), new MultinomialNB(), new ComplementNB(), new BernoulliNB({ binarize: 1.5 })]) {
      nb.fit(X, y);
      const p = nb.predictProba(X).data as Float64Array;
      const lp = nb.predictLogProba(X).data as Float64Array;
      for (let i = 0; i < 5; i++) expect(p[2 * i] + p[2 * i + 1]).toBeCloseTo(1, 12);
      lp.forEach((v, t) => expect(Math.exp(v)).toBeCloseTo(p[t], 12));
    }
  });

  test('priors, classPrior and string labels', () => {
    const nb = new GaussianNB({ priors: [0.9, 0.1] }).fit(X, ['a', 'a', 'b', 'b', 'a']);
    expect(Array.from(nb.classPrior_?.data as Float64Array)).toEqual([0.9, 0.1]);
    expect(nb.predict(Tensor.from([[0, 0]]))).toEqual(['a']);
    const m = new MultinomialNB({ classPrior: [0.5, 0.5] }).fit(X, y);
    expect(Array.from(m.classLogPrior_?.data as Float64Array)).toEqual([Math.log(0.5), Math.log(0.5)]);
  });

  test('sample weights count as repeated rows', () => {
    const twice = Tensor.from([[1, 2], [1, 2], [2, 1], [3, 5], [4, 4], [0, 0.5]]);
    // varSmoothing 0: epsilon_ comes from the unweighted variance of X, as scikit-learn's, so it differs between the two
    for (const make of [() => new GaussianNB({ varSmoothing: 0 }), () => new MultinomialNB()]) {
      const a = make().fit(X, y, { sampleWeight: [2, 1, 1, 1, 1] });
      const b = make().fit(twice, [0, 0, 0, 1, 1, 0]);
      expectClose(a.predictJointLogProba(X).data as Float64Array, Array.from(b.predictJointLogProba(X).data as Float64Array), 1e-12, 1e-12);
    }
  });

  test.each([
    ['partialFit without classes', () => new GaussianNB().partialFit(X, y), TypeError, /Expected the classes option \(every label y may hold\) on the first partialFit of GaussianNB/],
    ['partialFit with a label outside classes', () => new MultinomialNB().partialFit(X, [0, 0, 2, 1, 0], { classes: [0, 1] }), RangeError, /Expected one of the classes \[0,1\] in y but received 2 at 2/],
    ['partialFit with other classes later', () => new GaussianNB().partialFit(X, y, { classes: [0, 1] }).partialFit(X, y, { classes: [0, 1, 2] }), RangeError, /Expected the classes of the first partialFit of GaussianNB/],
    ['partialFit with other features later', () => new GaussianNB().partialFit(X, y, { classes: [0, 1] }).partialFit(Tensor.from([[1, 2, 3]]), [0]), Error, /X has 3 features, but GaussianNB is expecting 2 features as input/],
    ['priors of the wrong length', () => new GaussianNB({ priors: [1] }).fit(X, y), Error, /Expected 2 priors summing to 1 \(one per class\) for the priors parameter of GaussianNB but received 1 summing to 1/],
    ['priors not summing to 1', () => new GaussianNB({ priors: [0.5, 0.6] }).fit(X, y), Error, /received 2 summing to 1.1/],
    ['negative varSmoothing', () => new GaussianNB({ varSmoothing: -1 }).fit(X, y), Error, /for the varSmoothing parameter of GaussianNB but received -1/],
    ['negative X for MultinomialNB', () => new MultinomialNB().fit(Tensor.from([[1, -2], [2, 1]]), [0, 1]), RangeError, /Expected non-negative values in X for MultinomialNB \(it counts features\) but received -2 at flat index 1/],
    ['negative X for ComplementNB', () => new ComplementNB().fit(Tensor.from([[1, -2], [2, 1]]), [0, 1]), RangeError, /Expected non-negative values in X for ComplementNB/],
    ['alpha of the wrong length', () => new MultinomialNB({ alpha: [1, 1, 1] }).fit(X, y), Error, /Expected one alpha per feature \(2\) for the alpha parameter of MultinomialNB but received 3/],
    ['negative alpha', () => new BernoulliNB({ alpha: -1 }).fit(X, y), Error, /for the alpha parameter of BernoulliNB but received -1/],
    ['classPrior of the wrong length', () => new ComplementNB({ classPrior: [1, 0, 0] }).fit(X, y), Error, /Expected 2 class priors \(one per class\) for the classPrior parameter of ComplementNB but received 3/],
    ['predictJointLogProba before fit', () => new BernoulliNB().predictJointLogProba(X), Error, /not fitted yet/],
  ])('%s', (_label, fn, type, message) => {
    expect(fn).toThrow(type as ErrorConstructor);
    expect(fn).toThrow(message as RegExp);
    try {
      fn();
    } catch (e) {
      expect(typeof (e as { code?: unknown }).code).toBe('string');
    }
  });
});
