/**
 * DecisionTreeClassifier / DecisionTreeRegressor against scikit-learn 1.9 on the real datasets (the split of
 * splits.json; figures in reference/trees.json, written by cases_trees.py): the same splits node for node wherever
 * scikit-learn's tree has no tied split on the path, test accuracy / R² within 2 points, importances rank-correlated,
 * export_text's exact text; then the API's own behaviour and bad input.
 */
import { DecisionTreeClassifier, DecisionTreeRegressor, RandomForestClassifier, type TreeView } from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno';
import { loadSplit, reference, type DatasetName } from '../reference/data';
import { expectSameSplits, topSpearman, type SklearnStructure } from './helpers';

const ref = reference('trees');

interface TreeFigures {
  score: number;
  feature_importances: number[];
  depth: number;
  n_leaves: number;
  node_count: number;
  structure?: SklearnStructure;
  ties?: number[];
  apply?: number[];
  text?: string;
  text_weights?: string;
  text_truncated?: string;
}

const figures = (id: string, name: string) => ref[id][name] as unknown as TreeFigures;
const CLASSIFICATION_SETS = ['iris', 'wine', 'breast_cancer', 'digits'] as const;

const CLASSIFIERS: Array<[string, Record<string, unknown>]> = [
  ['DecisionTreeClassifier', {}],
  ['DecisionTreeClassifier.entropy', { criterion: 'entropy', maxDepth: 5, minSamplesLeaf: 3 }],
  ['DecisionTreeClassifier.leaves', { maxLeafNodes: 10 }],
  ['DecisionTreeClassifier.balanced', { classWeight: 'balanced', maxDepth: 4 }],
  ['DecisionTreeClassifier.sqrt', { maxFeatures: 'sqrt' }],
];

const REGRESSORS: Array<[string, Record<string, unknown>]> = [
  ['DecisionTreeRegressor', { maxDepth: 6 }],
  ['DecisionTreeRegressor.full', {}],
  ['DecisionTreeRegressor.friedman', { criterion: 'friedman_mse', maxDepth: 4 }],
  ['DecisionTreeRegressor.absolute', { criterion: 'absolute_error', maxDepth: 4 }],
  ['DecisionTreeRegressor.leaves', { maxLeafNodes: 20, minSamplesLeaf: 5 }],
];

/** Single deep trees swing with every tie-break; the bar is 2 points of test accuracy / R². */
const SCORE_POINTS = 0.02;

describe.each(CLASSIFIERS)('%s against scikit-learn', (id, options) => {
  test.each(Object.keys(ref[id]) as DatasetName[])('%s', (name) => {
    const want = figures(id, name);
    const s = loadSplit(name);
    const tree = new DecisionTreeClassifier({ ...options, randomState: 0 }).fit(s.XTrain, s.yTrain);
    const view = tree.tree_ as TreeView;
    if (want.structure && want.ties) {
      const compared = expectSameSplits(view, want.structure, want.ties);
      expect(compared).toBeGreaterThan(0);
    }
    if (options.maxFeatures === undefined) expect(Math.abs(tree.score(s.XTest, s.yTest) - want.score)).toBeLessThanOrEqual(SCORE_POINTS);
    else expect(tree.score(s.XTest, s.yTest)).toBeGreaterThan(want.score - 0.1);
    const imp = tree.featureImportances_?.data as Float64Array;
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    if (options.maxFeatures === undefined) expect(topSpearman(imp, want.feature_importances, 5)).toBeGreaterThanOrEqual(0.8);
    expect(tree.getNLeaves()).toBe(view.nLeaves);
    expect(tree.getDepth()).toBe(view.maxDepth);
    if (options.maxLeafNodes !== undefined) expect(tree.getNLeaves()).toBe(want.n_leaves);
    if (options.maxDepth !== undefined) expect(tree.getDepth()).toBeLessThanOrEqual(options.maxDepth as number);
  });
});

describe.each(REGRESSORS)('%s against scikit-learn', (id, options) => {
  test('diabetes', () => {
    const want = figures(id, 'diabetes');
    const s = loadSplit('diabetes');
    const tree = new DecisionTreeRegressor({ ...options, randomState: 0 }).fit(s.XTrain, s.yTrain);
    if (want.structure && want.ties) expect(expectSameSplits(tree.tree_ as TreeView, want.structure, want.ties)).toBeGreaterThan(10);
    // a full-depth regression tree (R² ~ 0) is all noise: its bar is the same, but on the score's scale
    expect(Math.abs(tree.score(s.XTest, s.yTest) - want.score)).toBeLessThanOrEqual(id === 'DecisionTreeRegressor.full' ? 0.15 : SCORE_POINTS);
    expect(topSpearman(tree.featureImportances_?.data as Float64Array, want.feature_importances, 5)).toBeGreaterThanOrEqual(0.8);
    if (options.maxLeafNodes !== undefined) expect(tree.getNLeaves()).toBe(want.n_leaves);
  });
});

describe('a tree without ties is scikit-learn\'s tree', () => {
  test('breast_cancer, depth 2: every split, apply and export_text', () => {
    const want = figures('DecisionTreeClassifier.text', 'breast_cancer');
    expect(want.ties?.some((t) => t)).toBe(false);
    const s = loadSplit('breast_cancer');
    const tree = new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(expectSameSplits(tree.tree_ as TreeView, want.structure as SklearnStructure, want.ties as number[])).toBe(want.node_count);
    expect(Array.from(tree.apply(s.XTest))).toEqual(want.apply);
    expect(tree.exportText({ decimals: 3 })).toBe(want.text);
    expect(tree.exportText({ showWeights: true, maxDepth: 1, spacing: 2 })).toBe(want.text_weights);
    expect(tree.exportText({ maxDepth: 0 })).toBe(want.text_truncated);
  });

  test('diabetes, depth 2: every split, apply and export_text', () => {
    const want = figures('DecisionTreeRegressor.text', 'diabetes');
    const s = loadSplit('diabetes');
    const tree = new DecisionTreeRegressor({ maxDepth: 2, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(expectSameSplits(tree.tree_ as TreeView, want.structure as SklearnStructure, want.ties as number[])).toBe(want.node_count);
    expect(Array.from(tree.apply(s.XTest))).toEqual(want.apply);
    expect(tree.exportText({ decimals: 3 })).toBe(want.text);
    expect(tree.exportText({ maxDepth: 0 })).toBe(want.text_truncated);
  });
});

describe('minimal cost-complexity pruning as scikit-learn', () => {
  interface PathFigures extends TreeFigures { ccp_alphas: number[]; impurities: number[]; unpruned_ties: number[] }

  test.each([
    ['DecisionTreeClassifier.ccp.depth2', 'breast_cancer', () => new DecisionTreeClassifier({ maxDepth: 2, ccpAlpha: 0.027, randomState: 0 })],
    ['DecisionTreeRegressor.ccp', 'diabetes', () => new DecisionTreeRegressor({ maxDepth: 3, ccpAlpha: 100, randomState: 0 })],
  ] as const)('%s: the same path and the same pruned tree (no ties in the unpruned one)', (id, name, make) => {
    const want = figures(id, name) as PathFigures;
    expect(want.unpruned_ties.some((t) => t)).toBe(false);
    const s = loadSplit(name);
    const tree = make();
    const path = tree.costComplexityPruningPath(s.XTrain, s.yTrain);
    expect(tree.isFitted()).toBe(false);
    expect(path.ccpAlphas.length).toBe(want.ccp_alphas.length);
    path.ccpAlphas.forEach((a, i) => expect(a).toBeCloseTo(want.ccp_alphas[i], 9));
    path.impurities.forEach((r, i) => expect(r).toBeCloseTo(want.impurities[i], 9));
    tree.fit(s.XTrain, s.yTrain);
    const view = tree.tree_ as TreeView;
    expect(view.nodeCount).toBe(want.node_count);
    expect(expectSameSplits(view, want.structure as SklearnStructure, new Array(want.node_count).fill(0))).toBe(want.node_count);
    expect(tree.score(s.XTest, s.yTest)).toBeCloseTo(want.score, 12);
  });

  test.each(CLASSIFICATION_SETS)('ccpAlpha 0.01 on %s: test accuracy within 2 points', (name) => {
    const want = figures('DecisionTreeClassifier.ccp', name);
    const s = loadSplit(name);
    const tree = new DecisionTreeClassifier({ ccpAlpha: 0.01, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(Math.abs(tree.score(s.XTest, s.yTest) - want.score)).toBeLessThanOrEqual(SCORE_POINTS);
    const full = new DecisionTreeClassifier({ randomState: 0 }).fit(s.XTrain, s.yTrain).tree_?.nodeCount as number;
    expect(tree.tree_?.nodeCount).toBeLessThanOrEqual(full);
    // scikit-learn's pruned size, up to what ties in the unpruned tree can change
    expect(Math.abs((tree.tree_?.nodeCount as number) - want.node_count)).toBeLessThanOrEqual(Math.max(2, 0.1 * want.node_count));
  });
});

describe('DecisionTreeClassifier', () => {
  const s = loadSplit('iris');

  test('string labels come back as strings, probabilities in classes_ order', () => {
    const names = ['setosa', 'versicolor', 'virginica'];
    const y = Array.from(s.yTrain, (v) => names[v]);
    const tree = new DecisionTreeClassifier({ randomState: 1 }).fit(s.XTrain, y);
    expect(tree.classes_).toEqual(names);
    const pred = tree.predict(s.XTest) as string[];
    const proba = tree.predictProba(s.XTest);
    expect(proba.shape).toEqual([s.yTest.length, 3]);
    const p = proba.data as Float64Array;
    pred.forEach((label, i) => {
      const row = Array.from(p.subarray(3 * i, 3 * i + 3));
      expect(names[row.indexOf(Math.max(...row))]).toBe(label);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    });
    expect(Array.from(tree.predictLogProba(s.XTest).data as Float64Array)).toEqual(Array.from(p, Math.log));
  });

  test('predictWithProba is predict and predictProba from one pass, for the tree and the forest', () => {
    const y = Array.from(s.yTrain, (v) => ['a', 'b', 'c'][v]);
    for (const model of [new DecisionTreeClassifier({ randomState: 1 }).fit(s.XTrain, y),
      new RandomForestClassifier({ nEstimators: 10, randomState: 1 }).fit(s.XTrain, s.yTrain)]) {
      const both = model.predictWithProba(s.XTest);
      expect(both.predictions).toEqual(model.predict(s.XTest));
      expect(Array.from(both.probabilities.data as Float64Array)).toEqual(Array.from(model.predictProba(s.XTest).data as Float64Array));
    }
    expect(() => new DecisionTreeClassifier().predictWithProba(s.XTest)).toThrow();
  });

  test('a sample weight of 2 is the sample twice', () => {
    const X = s.XTrain.toArray() as number[][];
    const y = Array.from(s.yTrain);
    const w = y.map((_, i) => (i % 3 === 0 ? 2 : 1));
    const twice = X.flatMap((row, i) => (w[i] === 2 ? [row, row] : [row]));
    const yTwice = y.flatMap((v, i) => (w[i] === 2 ? [v, v] : [v]));
    const weighted = new DecisionTreeClassifier({ randomState: 3 }).fit(X, y, { sampleWeight: w });
    const repeated = new DecisionTreeClassifier({ randomState: 3 }).fit(twice, yTwice);
    const a = weighted.tree_ as TreeView;
    const b = repeated.tree_ as TreeView;
    expect(Array.from(a.feature)).toEqual(Array.from(b.feature));
    expect(Array.from(a.threshold)).toEqual(Array.from(b.threshold));
    expect(Array.from(a.weightedNNodeSamples)).toEqual(Array.from(b.weightedNNodeSamples));
  });

  test('apply, decisionPath and tree_ agree', () => {
    const tree = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 }).fit(s.XTrain, s.yTrain);
    const view = tree.tree_ as TreeView;
    const leaves = tree.apply(s.XTest);
    const path = tree.decisionPath(s.XTest);
    expect(path.indptr.length).toBe(s.yTest.length + 1);
    expect(path.nNodes).toBe(view.nodeCount);
    for (let i = 0; i < s.yTest.length; i++) {
      const nodes = Array.from(path.indices.subarray(path.indptr[i], path.indptr[i + 1]));
      expect(nodes[0]).toBe(0);
      expect(nodes[nodes.length - 1]).toBe(leaves[i]);
      for (let j = 1; j < nodes.length; j++) expect([view.childrenLeft[nodes[j - 1]], view.childrenRight[nodes[j - 1]]]).toContain(nodes[j]);
      expect(view.childrenLeft[leaves[i]]).toBe(-1);
    }
    expect(view.feature.filter((f) => f === -2).length).toBe(tree.getNLeaves());
  });

  test('classWeight as a map weighs the classes like sample weights', () => {
    const byMap = new DecisionTreeClassifier({ classWeight: { 0: 1, 1: 3, 2: 1 }, randomState: 0 }).fit(s.XTrain, s.yTrain);
    const byWeights = new DecisionTreeClassifier({ randomState: 0 }).fit(s.XTrain, s.yTrain, { sampleWeight: Array.from(s.yTrain, (v) => (v === 1 ? 3 : 1)) });
    expect(Array.from((byMap.tree_ as TreeView).threshold)).toEqual(Array.from((byWeights.tree_ as TreeView).threshold));
  });

  test('splitter random grows a different, still accurate tree, the same for the same seed', () => {
    const a = new DecisionTreeClassifier({ splitter: 'random', randomState: 5 }).fit(s.XTrain, s.yTrain);
    const b = new DecisionTreeClassifier({ splitter: 'random', randomState: 5 }).fit(s.XTrain, s.yTrain);
    expect(Array.from((a.tree_ as TreeView).threshold)).toEqual(Array.from((b.tree_ as TreeView).threshold));
    expect(a.score(s.XTest, s.yTest)).toBeGreaterThan(0.8);
  });

  test('fractions of samples and the leaf and depth bounds hold', () => {
    const tree = new DecisionTreeClassifier({ minSamplesLeaf: 0.1, minSamplesSplit: 0.3, randomState: 0 }).fit(s.XTrain, s.yTrain);
    const view = tree.tree_ as TreeView;
    const n = s.yTrain.length;
    for (let i = 0; i < view.nodeCount; i++) {
      if (view.childrenLeft[i] === -1) expect(view.nNodeSamples[i]).toBeGreaterThanOrEqual(Math.ceil(0.1 * n));
      else expect(view.nNodeSamples[i]).toBeGreaterThanOrEqual(Math.ceil(0.3 * n));
    }
    const heavy = new DecisionTreeClassifier({ minWeightFractionLeaf: 0.2, randomState: 0 }).fit(s.XTrain, s.yTrain, { sampleWeight: Array.from(s.yTrain, (v) => v + 1) });
    const total = Array.from(s.yTrain, (v) => v + 1).reduce((a, b) => a + b, 0);
    const hv = heavy.tree_ as TreeView;
    for (let i = 0; i < hv.nodeCount; i++) if (hv.childrenLeft[i] === -1) expect(hv.weightedNNodeSamples[i]).toBeGreaterThanOrEqual(0.2 * total);
    const small = new DecisionTreeClassifier({ maxLeafNodes: 3, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(small.getNLeaves()).toBeLessThanOrEqual(3);
    const pure = new DecisionTreeClassifier({ minImpurityDecrease: 0.2, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(pure.getNLeaves()).toBeLessThan(new DecisionTreeClassifier({ randomState: 0 }).fit(s.XTrain, s.yTrain).getNLeaves());
  });

  test('bad input gives clear errors', () => {
    const nan = (s.XTrain.data as Float64Array).slice();
    nan[7] = NaN;
    expect(() => new DecisionTreeClassifier().fit(Tensor.from(nan, s.XTrain.shape), s.yTrain)).toThrow(/contains NaN/);
    expect(() => new DecisionTreeClassifier({ maxFeatures: 5 }).fit(s.XTrain, s.yTrain)).toThrow(/at most 4 .*maxFeatures/);
    expect(() => new DecisionTreeClassifier({ criterion: 'squared_error' as never }).fit(s.XTrain, s.yTrain)).toThrow(/criterion/);
    expect(() => new DecisionTreeClassifier({ minSamplesSplit: 1 }).fit(s.XTrain, s.yTrain)).toThrow(/minSamplesSplit/);
    expect(() => new DecisionTreeClassifier({ ccpAlpha: -1 }).fit(s.XTrain, s.yTrain)).toThrow(/ccpAlpha/);
    expect(() => new DecisionTreeClassifier({ classWeight: { 7: 2 } }).fit(s.XTrain, s.yTrain)).toThrow(/'7'/);
    expect(() => new DecisionTreeClassifier().fit(s.XTrain, s.yTrain, { sampleWeight: new Float64Array(s.yTrain.length) })).toThrow(/positive sum/);
    expect(() => new DecisionTreeClassifier().fit(s.XTrain, s.yTrain, { sampleWeight: Float64Array.from(s.yTrain, () => -1) })).toThrow();
    expect(() => new DecisionTreeClassifier().exportText()).toThrow(/not fitted/);
    expect(() => new DecisionTreeClassifier().getDepth()).toThrow(/not fitted/);
    const tree = new DecisionTreeClassifier({ maxDepth: 2 }).fit(s.XTrain, s.yTrain);
    expect(() => tree.exportText({ featureNames: ['a'] })).toThrow(/4 feature names/);
    expect(() => tree.exportText({ decimals: -1 })).toThrow(/decimals/);
    expect(() => tree.exportText({ classNames: ['a'] })).toThrow(/3 class names/);
    expect(() => tree.apply(Tensor.from([[1, 2, 3]]))).toThrow(/3 features/);
  });
});

describe('DecisionTreeRegressor', () => {
  const s = loadSplit('diabetes');

  test('several outputs: one tree predicts both, each leaf their means', () => {
    const y2 = Array.from(s.yTrain, (v) => [v, -2 * v + 1]);
    const tree = new DecisionTreeRegressor({ maxDepth: 3, randomState: 0 }).fit(s.XTrain, y2);
    const pred = tree.predict(s.XTest);
    expect(pred.shape).toEqual([s.yTest.length, 2]);
    const p = pred.data as Float64Array;
    for (let i = 0; i < s.yTest.length; i++) expect(p[2 * i + 1]).toBeCloseTo(-2 * p[2 * i] + 1, 8);
    expect(tree.nOutputs_).toBe(2);
  });

  test('absolute_error leaves hold medians', () => {
    const tree = new DecisionTreeRegressor({ criterion: 'absolute_error', maxDepth: 1, randomState: 0 }).fit(s.XTrain, s.yTrain);
    const leaves = tree.apply(s.XTrain);
    const view = tree.tree_ as TreeView;
    for (const leaf of [view.childrenLeft[0], view.childrenRight[0]]) {
      const ys = Array.from(s.yTrain).filter((_, i) => leaves[i] === leaf).sort((a, b) => a - b);
      const m = ys.length;
      const median = m % 2 ? ys[(m - 1) / 2] : (ys[m / 2 - 1] + ys[m / 2]) / 2;
      expect(view.value[leaf]).toBeCloseTo(median, 9);
    }
  });

  test('bad input gives clear errors', () => {
    expect(() => new DecisionTreeRegressor().fit(s.XTrain, Array.from(s.yTrain, String))).toThrow(/numeric targets/);
    expect(() => new DecisionTreeRegressor({ criterion: 'gini' as never }).fit(s.XTrain, s.yTrain)).toThrow(/criterion/);
    expect(() => new DecisionTreeRegressor({ maxLeafNodes: 1 }).fit(s.XTrain, s.yTrain)).toThrow(/maxLeafNodes/);
    expect(() => new DecisionTreeRegressor().predict(s.XTest)).toThrow(/not fitted/);
  });
});
