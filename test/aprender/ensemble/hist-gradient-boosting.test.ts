/**
 * HistGradientBoostingClassifier / Regressor against scikit-learn 1.9 on the real datasets (the split of splits.json;
 * figures in reference/hgb.json, written by cases_hgb.py): the same bins and the same first tree (splits, leaf sample
 * counts, leaf values to float32 rounding: scikit-learn keeps gradients in float32), test accuracy / R² within 2
 * points with early stopping off (and with it on, where the validation split is drawn by another generator), class
 * weights, missing values and categorical features. Then behaviour of our own: NaN goes to the learned side, unknown
 * categories go where missing values go, categorical features by name from an Arrow table and from string columns,
 * multiclass probabilities, early stopping's scores, progress, and bad input.
 */
import { tableFromArrays } from 'apache-arrow';
import { HistGradientBoostingClassifier, HistGradientBoostingRegressor } from '../../../lib/aprender';
import { ArrowDataset } from '../../../lib/alimentar/dataset';
import { Tensor } from '../../../lib/trueno';
import { treeRange, type FlatTrees } from '../../../lib/aprender/tree/flat-trees';
import { loadSplit, reference, type DatasetName } from '../reference/data';

const ref = reference('hgb');

type Tree = { feature: number[]; threshold: (number | string)[]; leaf: number[]; value: number[]; count: number[] };

/** The inner splits (feature, threshold) of tree t sorted, and its leaf values sorted. */
function ourTree(trees: FlatTrees, t: number, column: number): { splits: string[]; leaves: number[] } {
  const [start, end] = treeRange(trees, t);
  const splits: string[] = [];
  const leaves: number[] = [];
  for (let i = start; i < end; i++) {
    if (trees.feature[i] >= 0) splits.push(`${trees.feature[i]}:${trees.threshold[i]}`);
    else leaves.push(trees.values[i * trees.k + column]);
  }
  return { splits: splits.sort(), leaves: leaves.sort((a, b) => a - b) };
}

function theirTree(tree: Tree): { splits: string[]; leaves: number[] } {
  const splits: string[] = [];
  const leaves: number[] = [];
  tree.feature.forEach((f, i) => {
    if (tree.leaf[i]) leaves.push(tree.value[i]);
    else splits.push(`${f}:${tree.threshold[i] === 'inf' ? Infinity : tree.threshold[i]}`);
  });
  return { splits: splits.sort(), leaves: leaves.sort((a, b) => a - b) };
}

/**
 * Same splits; leaf values within 1e-5 relative (scikit-learn's float32 gradients). With rootOnly, the root split
 * only: log loss's first gradients take two values, so correlated features (breast_cancer's radius / area) often
 * give the same partition with gains equal up to rounding, and which of them wins below the root is a tie.
 */
function expectSameTree(trees: FlatTrees, tree: Tree, rootOnly = false): void {
  const ours = ourTree(trees, 0, 0);
  const theirs = theirTree(tree);
  if (rootOnly) {
    expect(`${trees.feature[trees.roots[0]]}:${trees.threshold[trees.roots[0]]}`).toBe(`${tree.feature[0]}:${tree.threshold[0]}`);
    return;
  }
  expect(ours.splits).toEqual(theirs.splits);
  ours.leaves.forEach((v, i) => expect(Math.abs(v - theirs.leaves[i])).toBeLessThanOrEqual(1e-5 * Math.abs(theirs.leaves[i]) + 1e-9));
}

const nanEvery7 = (X: Tensor): Tensor => {
  const [n, d] = X.shape;
  const data = Float64Array.from(X.data as Float64Array);
  for (let i = 0; i < n; i++) for (let j = 0; j < 5; j++) if ((i * d + j) % 7 === 0) data[i * d + j] = NaN;
  return Tensor.from(data, [n, d]);
};

/** cases_hgb.py's with_categories: sex as 0/1, bmi as scrambled decile codes. */
const withCategories = (X: Tensor): Tensor => {
  const [n, d] = X.shape;
  const data = Float64Array.from(X.data as Float64Array);
  const cuts = [-0.0625, -0.0466, -0.0347, -0.0245, -0.0116, 0.0013, 0.0185, 0.0345, 0.0595];
  for (let i = 0; i < n; i++) {
    data[i * d + 1] = data[i * d + 1] > 0 ? 1 : 0;
    const decile = cuts.filter((c) => c <= data[i * d + 2]).length;
    data[i * d + 2] = (3 * decile) % 10;
  }
  return Tensor.from(data, [n, d]);
};

const POINTS = 0.02;

describe('HistGradientBoostingClassifier matches scikit-learn', () => {
  const settings: Record<string, Record<string, unknown>> = {
    HGBC: {},
    'HGBC.small': { maxIter: 50, learningRate: 0.2, maxDepth: 3, l2Regularization: 1, maxBins: 32, minSamplesLeaf: 5 },
    'HGBC.balanced': { classWeight: 'balanced', maxIter: 50 },
  };
  for (const [id, params] of Object.entries(settings)) {
    test.each(Object.keys(ref[id]) as DatasetName[])(`${id} %s: bins, first tree, accuracy`, (name) => {
      const want = ref[id][name] as { score: number; n_iter: number; proba: number[][]; tree: Tree };
      const s = loadSplit(name);
      const clf = new HistGradientBoostingClassifier({ earlyStopping: false, randomState: 0, ...params }).fit(s.XTrain, s.yTrain);
      expect(clf.nIter_).toBe(want.n_iter);
      expectSameTree(clf.trees_ as FlatTrees, want.tree, id !== 'HGBC.small');
      expect(Math.abs(clf.score(s.XTest, s.yTest) - want.score)).toBeLessThanOrEqual(POINTS);
    });
  }

  test.each(Object.keys(ref['HGBC.early']) as DatasetName[])('early stopping on %s: accuracy', (name) => {
    const want = ref['HGBC.early'][name] as { score: number; n_iter: number };
    const s = loadSplit(name);
    const clf = new HistGradientBoostingClassifier({ earlyStopping: true, maxIter: 300, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(clf.nIter_).toBeLessThan(300);
    expect(clf.validationScore_?.length).toBe((clf.nIter_ as number) + 1);
    expect(Math.abs(clf.score(s.XTest, s.yTest) - want.score)).toBeLessThanOrEqual(POINTS);
  });

  test.each(Object.keys(ref['HGBC.missing']) as DatasetName[])('missing values on %s: accuracy', (name) => {
    const want = ref['HGBC.missing'][name] as { score: number };
    const s = loadSplit(name);
    const clf = new HistGradientBoostingClassifier({ earlyStopping: false, randomState: 0 }).fit(nanEvery7(s.XTrain), s.yTrain);
    expect(Math.abs(clf.score(nanEvery7(s.XTest), s.yTest) - want.score)).toBeLessThanOrEqual(POINTS);
  });
});

describe('HistGradientBoostingRegressor matches scikit-learn', () => {
  const settings: Record<string, Record<string, unknown>> = {
    HGBR: {},
    'HGBR.small': { maxIter: 60, learningRate: 0.05, maxLeafNodes: 8, minSamplesLeaf: 10 },
    'HGBR.absolute': { loss: 'absolute_error', maxIter: 50 },
    'HGBR.poisson': { loss: 'poisson', maxIter: 50 },
  };
  for (const [id, params] of Object.entries(settings)) {
    test(`${id}: first tree, R²`, () => {
      const want = ref[id].diabetes as { score: number; n_iter: number; predict: number[]; tree: Tree };
      const s = loadSplit('diabetes');
      const reg = new HistGradientBoostingRegressor({ earlyStopping: false, randomState: 0, ...params }).fit(s.XTrain, s.yTrain);
      expect(reg.nIter_).toBe(want.n_iter);
      expectSameTree(reg.trees_ as FlatTrees, want.tree);
      expect(Math.abs(reg.score(s.XTest, s.yTest) - want.score)).toBeLessThanOrEqual(POINTS);
    });
  }

  test('early stopping: R²', () => {
    const want = ref['HGBR.early'].diabetes as { score: number; n_iter: number };
    const s = loadSplit('diabetes');
    const reg = new HistGradientBoostingRegressor({ earlyStopping: true, maxIter: 300, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(reg.nIter_).toBeLessThan(300);
    expect(Math.abs(reg.score(s.XTest, s.yTest) - want.score)).toBeLessThanOrEqual(0.05);
  });

  test('missing values: R²', () => {
    const want = ref['HGBR.missing'].diabetes as { score: number };
    const s = loadSplit('diabetes');
    const reg = new HistGradientBoostingRegressor({ earlyStopping: false, maxIter: 50, randomState: 0 }).fit(nanEvery7(s.XTrain), s.yTrain);
    expect(Math.abs(reg.score(nanEvery7(s.XTest), s.yTest) - want.score)).toBeLessThanOrEqual(POINTS);
  });

  test('categorical features by index: R²', () => {
    const want = ref['HGBR.categorical'].diabetes as { score: number };
    const s = loadSplit('diabetes');
    const reg = new HistGradientBoostingRegressor({ earlyStopping: false, maxIter: 50, randomState: 0, categoricalFeatures: [1, 2] })
      .fit(withCategories(s.XTrain), s.yTrain);
    expect(Array.from(reg.isCategorical_ as Uint8Array).slice(0, 4)).toEqual([0, 1, 1, 0]);
    expect(Math.abs(reg.score(withCategories(s.XTest), s.yTest) - want.score)).toBeLessThanOrEqual(POINTS);
  });
});

/** Rows of a small problem: x0 decides y (> 0: class 1); x1 is noise. */
function twoFeatures(n: number, nanShare = 0): { X: number[][]; y: number[] } {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x0 = Math.sin(i * 1.7) * 2;
    X.push([x0, Math.cos(i * 0.3)]);
    y.push(x0 > 0 ? 1 : 0);
  }
  for (let i = 0; i < n * nanShare; i++) {
    X[i * 3][0] = NaN; // NaN rows all labelled 1: the trees learn to send NaN with the positive side
    y[i * 3] = 1;
  }
  return { X, y };
}

describe('missing values', () => {
  test('NaN goes to the side learned at fit', () => {
    const { X, y } = twoFeatures(600, 0.2);
    const clf = new HistGradientBoostingClassifier({ maxIter: 20, randomState: 0 }).fit(X, y);
    const proba = clf.predictProba([[NaN, 0], [-1.5, 0], [1.5, 0]]).data as Float64Array;
    expect(proba[1]).toBeGreaterThan(0.9); // NaN -> class 1
    expect(proba[3]).toBeLessThan(0.1);
    expect(proba[5]).toBeGreaterThan(0.9);
    // Labelled 0 instead, NaN rows go the other way.
    const y0 = y.map((v, i) => (Number.isNaN(X[i][0]) ? 0 : v));
    const clf0 = new HistGradientBoostingClassifier({ maxIter: 20, randomState: 0 }).fit(X, y0);
    expect((clf0.predictProba([[NaN, 0]]).data as Float64Array)[1]).toBeLessThan(0.1);
  });

  test('without NaN at fit, NaN at predict goes to the child with more samples', () => {
    const X = Array.from({ length: 100 }, (_, i) => [i]);
    const y = X.map(([v]) => (v < 70 ? 0 : 10));
    const reg = new HistGradientBoostingRegressor({ maxIter: 1, learningRate: 1, minSamplesLeaf: 1, maxLeafNodes: 2 }).fit(X, y);
    const p = reg.predict([[NaN], [10], [90]]).data as Float64Array;
    expect(p[0]).toBeCloseTo(p[1], 12); // 70 samples on the low side
    expect(p[2]).toBeGreaterThan(p[1]);
  });
});

describe('categorical features', () => {
  // y depends on the category through a non-monotone map: a numerical split of the codes cannot separate it.
  const CATS = ['a', 'b', 'c', 'd', 'e', 'f'];
  const effect: Record<string, number> = { a: 3, b: -2, c: 4, d: -3, e: 2, f: -4 };
  const n = 600;
  const color = Array.from({ length: n }, (_, i) => CATS[(i * 7) % 6]);
  const noise = Array.from({ length: n }, (_, i) => Math.sin(i));
  const y = color.map((c, i) => effect[c] + 0.1 * noise[i]);

  test('by name from an Arrow table (codes), and from string columns, with unknown categories as missing', () => {
    const codes = Float64Array.from(color, (c) => CATS.indexOf(c));
    const table = ArrowDataset.fromTable(tableFromArrays({ color: codes, noise: Float64Array.from(noise) }));
    const reg = new HistGradientBoostingRegressor({ categoricalFeatures: ['color'], maxIter: 30, learningRate: 0.5, randomState: 0 })
      .fit(table, y);
    expect(Array.from(reg.isCategorical_ as Uint8Array)).toEqual([1, 0]);
    expect(reg.score(table, y)).toBeGreaterThan(0.99);
    const flags = (reg.trees_ as FlatTrees).flags;
    expect(flags.some((f) => f & 2)).toBe(true); // categorical splits were made
    // String columns are categorical by default ('from_dtype'); predictions equal the coded fit's.
    const rows = color.map((c, i) => [c, noise[i]]);
    const regS = new HistGradientBoostingRegressor({ maxIter: 30, learningRate: 0.5, randomState: 0 }).fit(rows, y);
    expect(regS.stringCategories_?.[0]).toEqual(CATS);
    expect(Array.from(regS.predict(rows).data as Float64Array)).toEqual(Array.from(reg.predict(table).data as Float64Array));
    // An unknown string and a missing one go where missing values go: the same prediction.
    const p = regS.predict([['zzz', 0], [null as unknown as string, 0]]).data as Float64Array;
    expect(p[0]).toBe(p[1]);
  });

  test('by index and by mask give the same model; numerical treatment of the codes fits worse', () => {
    const X = color.map((c, i) => [CATS.indexOf(c), noise[i]]);
    const params = { maxIter: 10, learningRate: 0.3, maxLeafNodes: 3, randomState: 0 };
    const a = new HistGradientBoostingRegressor({ ...params, categoricalFeatures: [0] }).fit(X, y);
    const b = new HistGradientBoostingRegressor({ ...params, categoricalFeatures: [true, false] }).fit(X, y);
    expect(Array.from(a.predict(X).data as Float64Array)).toEqual(Array.from(b.predict(X).data as Float64Array));
    const numeric = new HistGradientBoostingRegressor({ ...params, categoricalFeatures: null }).fit(X, y);
    expect(a.score(X, y)).toBeGreaterThan(numeric.score(X, y) + 0.05);
  });

  test('bad categorical input', () => {
    const X = color.map((c, i) => [CATS.indexOf(c) + 0.5, noise[i]]);
    expect(() => new HistGradientBoostingRegressor({ categoricalFeatures: [0] }).fit(X, y)).toThrow(/integer codes/);
    const big = color.map((_, i) => [i, 0]);
    expect(() => new HistGradientBoostingRegressor({ categoricalFeatures: [0] }).fit(big, y)).toThrow(/integer codes in \[0, 255\)/);
    expect(() => new HistGradientBoostingRegressor({ categoricalFeatures: [5] }).fit(X, y)).toThrow(/indices in \[0, 2\)/);
    expect(() => new HistGradientBoostingRegressor({ categoricalFeatures: ['color'] }).fit(X, y)).toThrow(/feature names/);
    expect(() => new HistGradientBoostingRegressor({ categoricalFeatures: [true] }).fit(X, y)).toThrow(/mask of 2/);
    const rows = color.map((c, i) => [c, noise[i]]);
    expect(() => new HistGradientBoostingRegressor({ categoricalFeatures: null }).fit(rows, y)).toThrow(/holds strings/);
    const reg = new HistGradientBoostingRegressor({ maxIter: 2 }).fit(rows, y);
    expect(() => reg.predict([[1, 0]])).toThrow(/Expected strings in feature 0/);
  });
});

describe('multiclass, early stopping, progress', () => {
  test('one tree per class per iteration; probabilities sum to 1; predict is their argmax', () => {
    const s = loadSplit('iris');
    const clf = new HistGradientBoostingClassifier({ maxIter: 15, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(clf.nTreesPerIteration_).toBe(3);
    expect(clf.trees_?.roots.length).toBe(45);
    const proba = clf.predictProba(s.XTest);
    const p = proba.data as Float64Array;
    const labels = (clf.predict(s.XTest) as Tensor).data;
    for (let i = 0; i < proba.shape[0]; i++) {
      expect(p[3 * i] + p[3 * i + 1] + p[3 * i + 2]).toBeCloseTo(1, 12);
      const best = [0, 1, 2].reduce((b, c) => (p[3 * i + c] > p[3 * i + b] ? c : b), 0);
      expect(labels[i]).toBe((clf.classes_ as number[])[best]);
    }
    expect(clf.decisionFunction(s.XTest).shape).toEqual([s.XTest.shape[0], 3]);
  });

  test("earlyStopping 'auto' is on above 10000 samples; scores before and after every iteration", () => {
    const n = 10001;
    const X = Array.from({ length: n }, (_, i) => [Math.sin(i), Math.cos(i * 0.7)]);
    const y = X.map(([a, b], i) => a + 0.5 * b + Math.sin(i * 12.9898) * 0.8); // noise: the fit stops improving
    const reg = new HistGradientBoostingRegressor({ maxIter: 400, randomState: 1 }).fit(X, y);
    expect(reg.doEarlyStopping_).toBe(true);
    expect(reg.nIter_).toBeLessThan(400);
    expect(reg.trainScore_?.length).toBe((reg.nIter_ as number) + 1);
    expect(reg.validationScore_?.length).toBe((reg.nIter_ as number) + 1);
    const v = reg.validationScore_ as Float64Array;
    // Stopped because the last nIterNoChange (10) scores did not beat the one before them by more than tol.
    const refScore = v[v.length - 11] + 1e-7;
    expect(Array.from(v.slice(-10)).every((s) => s <= refScore)).toBe(true);
    const off = new HistGradientBoostingRegressor({ maxIter: 5, earlyStopping: false }).fit(X.slice(0, 200), y.slice(0, 200));
    expect(off.trainScore_?.length).toBe(0);
    // validationFraction null: early stopping scores the training data.
    const train = new HistGradientBoostingRegressor({ maxIter: 400, earlyStopping: true, validationFraction: null, randomState: 1 })
      .fit(X.slice(0, 500), y.slice(0, 500));
    expect(train.validationScore_?.length).toBe(0);
    expect(train.trainScore_?.length).toBe((train.nIter_ as number) + 1);
  });

  test('fitAsync reports every iteration', async () => {
    const s = loadSplit('breast_cancer');
    const seen: number[] = [];
    const clf = await new HistGradientBoostingClassifier({ maxIter: 12, randomState: 0 })
      .fitAsync(s.XTrain, s.yTrain, { onProgress: (p) => seen.push(p.iteration) });
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(clf.nIter_).toBe(12);
  });

  test('sample weights: zero weights remove rows; class weights multiply them', () => {
    const { X, y } = twoFeatures(400);
    const keep = X.map((_, i) => (i % 2 ? 1 : 0));
    const weighted = new HistGradientBoostingClassifier({ maxIter: 10, minSamplesLeaf: 5, randomState: 0 })
      .fit(X, y, { sampleWeight: keep });
    const proba = weighted.predictProba([[1, 0], [-1, 0]]).data as Float64Array;
    expect(proba[1]).toBeGreaterThan(0.5);
    expect(proba[3]).toBeLessThan(0.5);
    const cw = new HistGradientBoostingClassifier({ maxIter: 10, classWeight: { 0: 2, 1: 1 }, randomState: 0 }).fit(X, y);
    const sw = new HistGradientBoostingClassifier({ maxIter: 10, randomState: 0 }).fit(X, y, { sampleWeight: y.map((v) => (v ? 1 : 2)) });
    expect(Array.from(cw.predictProba(X).data as Float64Array)).toEqual(Array.from(sw.predictProba(X).data as Float64Array));
  });
});

describe('bad input', () => {
  const { X, y } = twoFeatures(100);
  test.each([
    [{ maxBins: 256 }, 'maxBins'], [{ maxBins: 1 }, 'maxBins'], [{ learningRate: 0 }, 'learningRate'],
    [{ maxLeafNodes: 1 }, 'maxLeafNodes'], [{ maxDepth: 0 }, 'maxDepth'], [{ minSamplesLeaf: 0 }, 'minSamplesLeaf'],
    [{ l2Regularization: -1 }, 'l2Regularization'], [{ earlyStopping: 'yes' }, 'earlyStopping'],
    [{ validationFraction: 1.5 }, 'validationFraction'], [{ categoricalFeatures: 'all' }, 'categoricalFeatures'],
    [{ scoring: 'accuracy' }, 'scoring'], [{ loss: 'hinge' }, 'loss'],
  ])('%j names %s', (params, name) => {
    expect(() => new HistGradientBoostingClassifier(params as never).fit(X, y)).toThrow(new RegExp(name));
  });

  test('predict keeps the loss fit used (setParams after fit changes nothing until the next fit)', () => {
    const reg = new HistGradientBoostingRegressor({ loss: 'poisson', maxIter: 5 }).fit(X, y);
    const before = Array.from(reg.predict(X).data as Float64Array);
    reg.setParams({ loss: 'squared_error' });
    expect(Array.from(reg.predict(X).data as Float64Array)).toEqual(before);
    expect(before.every((v) => v > 0)).toBe(true);
  });

  test('targets and shapes', () => {
    expect(() => new HistGradientBoostingRegressor().fit(X, y.map(String))).toThrow(/numeric targets/);
    expect(() => new HistGradientBoostingRegressor({ loss: 'poisson' }).fit(X, y.map((v) => v - 1))).toThrow(/non-negative/);
    expect(() => new HistGradientBoostingClassifier().fit(X, y.slice(1))).toThrow();
    expect(() => new HistGradientBoostingClassifier().fit(X.map(([a]) => [a, Infinity]), y)).toThrow(/infinity/);
    expect(() => new HistGradientBoostingClassifier({ earlyStopping: true, validationFraction: 200 }).fit(X, y)).toThrow(/validationFraction/);
    const clf = new HistGradientBoostingClassifier({ maxIter: 2 }).fit(X, y);
    expect(() => clf.predict([[1, 2, 3]])).toThrow(/features/);
    expect(() => new HistGradientBoostingClassifier().predict(X)).toThrow(/not fitted|NotFitted|fit/);
  });
});
