/**
 * The forests against scikit-learn 1.9 on the real datasets (the split of splits.json; figures in
 * reference/trees.json, written by cases_trees.py), both sides averaged over the same five seeds: test accuracy / R²
 * within 2 points, importances rank-correlated (Spearman >= 0.8) on scikit-learn's ten most important features, the
 * out-of-bag score within 3 points; the same randomState gives the same forest on every
 * backend; warm start, fitAsync, nJobs and bad input.
 */
import {
  ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor, type FitProgress,
} from '../../../lib/aprender';
import { predictTrees, type FlatTrees } from '../../../lib/aprender/tree/flat-trees';
import { bootstrapCounts } from '../../../lib/aprender/tree/grow';
import { Tensor } from '../../../lib/trueno';
import { describeEachBackend, datasetsFor } from '../reference/backends';
import { loadSplit, reference, type DatasetName } from '../reference/data';
import { topSpearman } from '../tree/helpers';

const ref = reference('trees');

interface ForestFigures {
  seeds: number[];
  score: number;
  feature_importances: number[];
  oob_score?: number;
}

/** A forest fitted with each of the reference's seeds, as cases_trees.py does. */
interface Fitted {
  score(X: unknown, y: unknown): number;
  featureImportances_?: Tensor;
  oobScore_?: number;
}

/**
 * The mean over scikit-learn's seeds of the test score, importances and out-of-bag score (one seed's figures swing
 * by more than the 2 points allowed, on either side: a forest is compared as an estimator, not as one draw).
 */
function meanFigures(want: ForestFigures, fit: (seed: number) => Fitted, name: DatasetName): ForestFigures {
  const s = loadSplit(name);
  const runs = want.seeds.map(fit);
  const d = want.feature_importances.length;
  const importances = new Array<number>(d).fill(0);
  for (const r of runs) (r.featureImportances_?.data as Float64Array).forEach((v, f) => (importances[f] += v / runs.length));
  const mean = (f: (r: Fitted) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  return {
    seeds: want.seeds, score: mean((r) => r.score(s.XTest, s.yTest)), feature_importances: importances,
    oob_score: want.oob_score === undefined ? undefined : mean((r) => r.oobScore_ as number),
  };
}

const POINTS = 0.02;
/** The out-of-bag score is itself an estimate over ~37% of the trees per sample; its bar is looser. */
const OOB_POINTS = 0.03;

const CLASSIFIERS: Array<[string, typeof RandomForestClassifier | typeof ExtraTreesClassifier, Record<string, unknown>]> = [
  ['RandomForestClassifier', RandomForestClassifier, { oobScore: true }],
  ['RandomForestClassifier.subsample', RandomForestClassifier, { maxSamples: 0.5, classWeight: 'balanced_subsample' }],
  ['ExtraTreesClassifier', ExtraTreesClassifier, {}],
  ['RandomForestClassifier.ccp', RandomForestClassifier, { ccpAlpha: 0.005 }],
];

describe.each(CLASSIFIERS)('%s against scikit-learn', (id, Cls, options) => {
  test.each(Object.keys(ref[id]) as DatasetName[])('%s', (name) => {
    const want = ref[id][name] as unknown as ForestFigures;
    const s = loadSplit(name);
    const got = meanFigures(want, (seed) => new Cls({ nEstimators: 100, randomState: seed, ...options }).fit(s.XTrain, s.yTrain), name);
    expect(Math.abs(got.score - want.score)).toBeLessThanOrEqual(POINTS);
    expect(topSpearman(got.feature_importances, want.feature_importances, 10)).toBeGreaterThanOrEqual(0.8);
    if (want.oob_score !== undefined) expect(Math.abs((got.oob_score as number) - want.oob_score)).toBeLessThanOrEqual(OOB_POINTS);
    const rf = new Cls({ nEstimators: 100, randomState: 0, ...options }).fit(s.XTrain, s.yTrain);
    const proba = rf.predictProba(s.XTest);
    const p = proba.data as Float64Array;
    const c = proba.shape[1];
    for (let i = 0; i < proba.shape[0]; i++) expect(p.subarray(i * c, (i + 1) * c).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe.each([
  ['RandomForestRegressor', RandomForestRegressor, { oobScore: true }],
  ['RandomForestRegressor.leaf5', RandomForestRegressor, { minSamplesLeaf: 5, maxFeatures: 0.5 }],
  ['ExtraTreesRegressor', ExtraTreesRegressor, {}],
] as const)('%s against scikit-learn', (id, Cls, options) => {
  test('diabetes', () => {
    const want = ref[id].diabetes as unknown as ForestFigures;
    const s = loadSplit('diabetes');
    const got = meanFigures(want, (seed) => new Cls({ nEstimators: 100, randomState: seed, ...options }).fit(s.XTrain, s.yTrain), 'diabetes');
    expect(Math.abs(got.score - want.score)).toBeLessThanOrEqual(POINTS);
    expect(topSpearman(got.feature_importances, want.feature_importances, 10)).toBeGreaterThanOrEqual(0.8);
    if (want.oob_score !== undefined) expect(Math.abs((got.oob_score as number) - want.oob_score)).toBeLessThanOrEqual(OOB_POINTS);
  });
});

/** Every array of the trees, for exact comparison. */
function treeArrays(t: FlatTrees): number[][] {
  return [t.roots, t.feature, t.threshold, t.children, t.values, t.impurity ?? [], t.nodeWeight ?? []].map((a) => Array.from(a));
}

describe('the same randomState grows the same forest on every backend', () => {
  const grown = new Map<string, { trees: number[][]; proba: number[] }>();
  describeEachBackend((backend) => {
    test.each(datasetsFor(backend, ['wine', 'diabetes']))('%s', (name) => {
      const s = loadSplit(name);
      const forest = name === 'diabetes'
        ? new ExtraTreesRegressor({ nEstimators: 12, maxFeatures: 'sqrt', bootstrap: true, randomState: 9 }).fit(s.XTrain, s.yTrain)
        : new RandomForestClassifier({ nEstimators: 12, randomState: 9 }).fit(s.XTrain, s.yTrain);
      const out = forest instanceof RandomForestClassifier ? forest.predictProba(s.XTest) : forest.predict(s.XTest);
      const got = { trees: treeArrays(forest.trees_ as FlatTrees), proba: Array.from(out.data as Float64Array) };
      const first = grown.get(name);
      if (first === undefined) grown.set(name, got);
      else {
        expect(got.trees).toEqual(first.trees);
        expect(got.proba).toEqual(first.proba);
      }
    });
  });
});

describe('RandomForestClassifier', () => {
  const s = loadSplit('wine');

  test('warmStart: 4 then 10 trees is the 10-tree forest', () => {
    const warm = new RandomForestClassifier({ nEstimators: 4, warmStart: true, randomState: 2, oobScore: true }).fit(s.XTrain, s.yTrain);
    const firstRoots = Array.from((warm.trees_ as FlatTrees).roots);
    warm.setParams({ nEstimators: 10 }).fit(s.XTrain, s.yTrain);
    const cold = new RandomForestClassifier({ nEstimators: 10, randomState: 2, oobScore: true }).fit(s.XTrain, s.yTrain);
    expect(treeArrays(warm.trees_ as FlatTrees)).toEqual(treeArrays(cold.trees_ as FlatTrees));
    expect(Array.from((warm.trees_ as FlatTrees).roots).slice(0, 4)).toEqual(firstRoots);
    expect(warm.oobScore_).toBe(cold.oobScore_);
    expect(() => warm.setParams({ nEstimators: 5 }).fit(s.XTrain, s.yTrain)).toThrow(/at least 10 .*nEstimators/);
    const wider = (s.XTrain.toArray() as number[][]).map((row) => [...row, 1]);
    expect(() => new RandomForestClassifier({ nEstimators: 2, warmStart: true }).fit(s.XTrain, s.yTrain).setParams({ nEstimators: 3 }).fit(wider, s.yTrain)).toThrow(/13 features/);
  });

  test('warmStart with ccpAlpha prunes only the new trees: the same as the cold pruned forest', () => {
    const warm = new RandomForestClassifier({ nEstimators: 3, ccpAlpha: 0.01, warmStart: true, randomState: 5 }).fit(s.XTrain, s.yTrain);
    warm.setParams({ nEstimators: 6 }).fit(s.XTrain, s.yTrain);
    const cold = new RandomForestClassifier({ nEstimators: 6, ccpAlpha: 0.01, randomState: 5 }).fit(s.XTrain, s.yTrain);
    expect(treeArrays(warm.trees_ as FlatTrees)).toEqual(treeArrays(cold.trees_ as FlatTrees));
    const unpruned = new RandomForestClassifier({ nEstimators: 6, randomState: 5 }).fit(s.XTrain, s.yTrain);
    expect((cold.trees_ as FlatTrees).feature.length).toBeLessThan((unpruned.trees_ as FlatTrees).feature.length);
  });

  test('maxSamples as a count: small bootstrap draws, small trees', () => {
    const rf = new RandomForestClassifier({ nEstimators: 5, maxSamples: 12, randomState: 0, oobScore: true }).fit(s.XTrain, s.yTrain);
    const t = rf.trees_ as FlatTrees;
    for (let k = 0; k < 5; k++) {
      const end = k + 1 < 5 ? t.roots[k + 1] : t.feature.length;
      expect(end - t.roots[k]).toBeLessThanOrEqual(23);
      expect((t.nodeWeight as Float64Array)[t.roots[k]]).toBe(12);
    }
    expect(rf.oobScore_).toBeGreaterThan(0.5);
  });

  test('without warmStart a refit starts over', () => {
    const rf = new RandomForestClassifier({ nEstimators: 3, randomState: 1 }).fit(s.XTrain, s.yTrain);
    rf.setParams({ nEstimators: 5 }).fit(s.XTrain, s.yTrain);
    expect(treeArrays(rf.trees_ as FlatTrees)).toEqual(treeArrays(new RandomForestClassifier({ nEstimators: 5, randomState: 1 }).fit(s.XTrain, s.yTrain).trees_ as FlatTrees));
  });

  test('nJobs changes nothing but the threads', () => {
    const a = new RandomForestClassifier({ nEstimators: 16, randomState: 4, nJobs: 1 }).fit(s.XTrain, s.yTrain);
    const b = new RandomForestClassifier({ nEstimators: 16, randomState: 4, nJobs: -1 }).fit(s.XTrain, s.yTrain);
    expect(treeArrays(a.trees_ as FlatTrees)).toEqual(treeArrays(b.trees_ as FlatTrees));
    expect(Array.from(a.predictProba(s.XTest).data as Float64Array)).toEqual(Array.from(b.predictProba(s.XTest).data as Float64Array));
  });

  test('predictProba is the mean of the trees\' leaf class fractions', () => {
    const rf = new RandomForestClassifier({ nEstimators: 5, randomState: 0 }).fit(s.XTrain, s.yTrain);
    const t = rf.trees_ as FlatTrees;
    const leaves = rf.apply(s.XTest);
    expect(leaves.shape).toEqual([s.yTest.length, 5]);
    const l = leaves.data as Int32Array;
    const p = rf.predictProba(s.XTest).data as Float64Array;
    for (let i = 0; i < s.yTest.length; i++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = 0; k < 5; k++) sum += t.values[(t.roots[k] + l[i * 5 + k]) * 3 + c];
        expect(p[i * 3 + c]).toBeCloseTo(sum / 5, 12);
      }
    }
    const path = rf.decisionPath(s.XTest);
    expect(path.nNodesPtr.length).toBe(6);
    expect(path.nNodes).toBe(t.feature.length);
    for (let k = 0; k < 5; k++) expect(Array.from(path.indices.subarray(path.indptr[0], path.indptr[1]))).toContain(path.nNodesPtr[k] + l[k]);
  });

  test('estimators_ are the trees as fitted DecisionTreeClassifiers', () => {
    const rf = new RandomForestClassifier({ nEstimators: 6, maxDepth: 3, randomState: 0 }).fit(s.XTrain, s.yTrain);
    const trees = rf.estimators_;
    expect(trees).toHaveLength(6);
    const mean = new Float64Array(s.yTest.length * 3);
    for (const tree of trees) (tree.predictProba(s.XTest).data as Float64Array).forEach((v, i) => (mean[i] += v / 6));
    const p = rf.predictProba(s.XTest).data as Float64Array;
    mean.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 12));
    expect(trees[0].getDepth()).toBeLessThanOrEqual(3);
    expect(trees[0].exportText()).toMatch(/^\|--- feature_\d+ <= /);
    expect(trees[0].getParams().maxDepth).toBe(3);
    const imp = new Float64Array(13);
    for (const tree of trees) (tree.featureImportances_?.data as Float64Array).forEach((v, f) => (imp[f] += v / 6));
    const sum = imp.reduce((a, b) => a + b, 0);
    (rf.featureImportances_?.data as Float64Array).forEach((v, f) => expect(v).toBeCloseTo(imp[f] / sum, 12));
  });

  test('with bootstrap the sample weights weigh the draw: a class of weight 0 is never drawn', () => {
    const w = Array.from(s.yTrain, (v) => (v === 2 ? 0 : 1));
    const rf = new RandomForestClassifier({ nEstimators: 10, randomState: 0 }).fit(s.XTrain, s.yTrain, { sampleWeight: w });
    const p = rf.predictProba(s.XTest).data as Float64Array;
    for (let i = 0; i < s.yTest.length; i++) expect(p[3 * i + 2]).toBe(0);
    const byClass = new RandomForestClassifier({ nEstimators: 10, classWeight: { 0: 1, 1: 1, 2: 0 }, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(treeArrays(byClass.trees_ as FlatTrees)).toEqual(treeArrays(rf.trees_ as FlatTrees));
  });

  test('classWeight balanced is the balanced sample weights', () => {
    const counts = [0, 0, 0];
    s.yTrain.forEach((v) => counts[v]++);
    const w = Array.from(s.yTrain, (v) => s.yTrain.length / (3 * counts[v]));
    const a = new ExtraTreesClassifier({ nEstimators: 5, classWeight: 'balanced', randomState: 0 }).fit(s.XTrain, s.yTrain);
    const b = new ExtraTreesClassifier({ nEstimators: 5, randomState: 0 }).fit(s.XTrain, s.yTrain, { sampleWeight: w });
    expect(treeArrays(a.trees_ as FlatTrees)).toEqual(treeArrays(b.trees_ as FlatTrees));
  });

  test('oobScore with a metric; out-of-bag decision function per sample', () => {
    const metric = jest.fn(() => 0.5);
    const rf = new RandomForestClassifier({ nEstimators: 20, oobScore: metric, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(rf.oobScore_).toBe(0.5);
    expect(metric).toHaveBeenCalledTimes(1);
    const df = rf.oobDecisionFunction_ as Tensor;
    expect(df.shape).toEqual([s.yTrain.length, 3]);
  });

  test('the out-of-bag decision function averages the trees whose draw left each sample out', () => {
    const rf = new RandomForestClassifier({ nEstimators: 8, oobScore: true, randomState: 3 }).fit(s.XTrain, s.yTrain);
    const n = s.yTrain.length;
    const sums = new Float64Array(n * 3);
    const hits = new Float64Array(n);
    rf.estimators_.forEach((tree, t) => {
      const counts = bootstrapCounts((rf.treeSeeds_ as Float64Array)[t], n, n);
      const p = tree.predictProba(s.XTrain).data as Float64Array;
      for (let i = 0; i < n; i++) {
        if (counts[i] > 0) continue;
        for (let c = 0; c < 3; c++) sums[3 * i + c] += p[3 * i + c];
        hits[i]++;
      }
    });
    const got = (rf.oobDecisionFunction_ as Tensor).data as Float64Array;
    let right = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) expect(got[3 * i + c]).toBeCloseTo(hits[i] ? sums[3 * i + c] / hits[i] : 0, 12);
      const row = Array.from(got.subarray(3 * i, 3 * i + 3));
      right += Number(row.indexOf(Math.max(...row)) === s.yTrain[i]);
    }
    expect(rf.oobScore_).toBeCloseTo(right / n, 12);
  });

  test('string labels', () => {
    const y = Array.from(s.yTrain, (v) => ['a', 'b', 'c'][v]);
    const rf = new RandomForestClassifier({ nEstimators: 10, randomState: 0, oobScore: true }).fit(s.XTrain, y);
    expect(rf.classes_).toEqual(['a', 'b', 'c']);
    expect((rf.predict(s.XTest) as string[]).every((v) => ['a', 'b', 'c'].includes(v))).toBe(true);
    expect(rf.oobScore_).toBeGreaterThan(0.8);
  });

  test('fitAsync reports progress per batch of trees and can be aborted', async () => {
    const seen: FitProgress[] = [];
    const rf = await new RandomForestClassifier({ nEstimators: 40, randomState: 0 }).fitAsync(s.XTrain, s.yTrain, { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toEqual({ iteration: 40, total: 40 });
    const sync = new RandomForestClassifier({ nEstimators: 40, randomState: 0 }).fit(s.XTrain, s.yTrain);
    expect(treeArrays(rf.trees_ as FlatTrees)).toEqual(treeArrays(sync.trees_ as FlatTrees));
    const controller = new AbortController();
    controller.abort();
    await expect(new RandomForestClassifier().fitAsync(s.XTrain, s.yTrain, { signal: controller.signal })).rejects.toMatchObject({ code: 'ERR_APRENDER_ABORTED' });
    const midway = new AbortController();
    const stopped = new RandomForestClassifier({ nEstimators: 400, randomState: 0 });
    const progress: number[] = [];
    await expect(stopped.fitAsync(s.XTrain, s.yTrain, { signal: midway.signal, onProgress: (p) => { progress.push(p.iteration); midway.abort(); } }))
      .rejects.toMatchObject({ code: 'ERR_APRENDER_ABORTED' });
    expect(progress).toHaveLength(1);
    expect(progress[0]).toBeLessThan(400);
    expect(stopped.isFitted()).toBe(false);
  });

  test('bad input gives clear errors', () => {
    const nan = (s.XTrain.data as Float64Array).slice();
    nan[3] = NaN;
    expect(() => new RandomForestClassifier().fit(Tensor.from(nan, s.XTrain.shape), s.yTrain)).toThrow(/contains NaN/);
    expect(() => new RandomForestClassifier({ bootstrap: false, oobScore: true }).fit(s.XTrain, s.yTrain)).toThrow(/bootstrap: true for the oobScore/);
    expect(() => new ExtraTreesClassifier({ maxSamples: 0.5 }).fit(s.XTrain, s.yTrain)).toThrow(/bootstrap: true for the maxSamples/);
    expect(() => new RandomForestClassifier({ nEstimators: 0 }).fit(s.XTrain, s.yTrain)).toThrow(/nEstimators/);
    expect(() => new RandomForestClassifier({ nJobs: 0 }).fit(s.XTrain, s.yTrain)).toThrow(/nJobs/);
    expect(() => new RandomForestClassifier({ classWeight: 'balanced_sub' as never }).fit(s.XTrain, s.yTrain)).toThrow(/classWeight/);
    expect(() => new RandomForestClassifier({ maxSamples: 1.5 }).fit(s.XTrain, s.yTrain)).toThrow(/maxSamples/);
    expect(() => new RandomForestClassifier().predict(s.XTest)).toThrow(/not fitted/);
  });
});

test('predictProba over chunks of trees is the one-pass sum, bit for bit', () => {
  const s = loadSplit('digits');
  const rf = new RandomForestClassifier({ nEstimators: 150, randomState: 0 }).fit(s.XTrain, s.yTrain);
  const t = rf.trees_ as FlatTrees;
  const onePass = predictTrees(t, Float32Array.from(s.XTest.data as Float64Array), s.yTest.length, 64, new Float64Array(150).fill(1 / 150));
  expect(Array.from(rf.predictProba(s.XTest).data as Float64Array)).toEqual(Array.from(onePass));
});

describe('RandomForestRegressor', () => {
  const s = loadSplit('diabetes');

  test('several outputs and the out-of-bag prediction', () => {
    const y2 = Array.from(s.yTrain, (v) => [v, v / 10]);
    const rf = new RandomForestRegressor({ nEstimators: 20, randomState: 0, oobScore: true }).fit(s.XTrain, y2);
    const pred = rf.predict(s.XTest);
    expect(pred.shape).toEqual([s.yTest.length, 2]);
    const p = pred.data as Float64Array;
    for (let i = 0; i < s.yTest.length; i++) expect(p[2 * i + 1]).toBeCloseTo(p[2 * i] / 10, 9);
    expect((rf.oobPrediction_ as Tensor).shape).toEqual([s.yTrain.length, 2]);
    expect(rf.oobScore_).toBeGreaterThan(0.2);
  });

  test('estimators_ are the trees as fitted DecisionTreeRegressors', () => {
    const rf = new ExtraTreesRegressor({ nEstimators: 4, maxDepth: 4, randomState: 0 }).fit(s.XTrain, s.yTrain);
    const mean = new Float64Array(s.yTest.length);
    for (const tree of rf.estimators_) (tree.predict(s.XTest).data as Float64Array).forEach((v, i) => (mean[i] += v / 4));
    (rf.predict(s.XTest).data as Float64Array).forEach((v, i) => expect(v).toBeCloseTo(mean[i], 9));
    expect(rf.estimators_[1].getParams().splitter).toBe('random');
  });

  test('warmStart adds trees', () => {
    const rf = new RandomForestRegressor({ nEstimators: 3, warmStart: true, randomState: 7 }).fit(s.XTrain, s.yTrain);
    rf.setParams({ nEstimators: 6 }).fit(s.XTrain, s.yTrain);
    const cold = new RandomForestRegressor({ nEstimators: 6, randomState: 7 }).fit(s.XTrain, s.yTrain);
    expect(treeArrays(rf.trees_ as FlatTrees)).toEqual(treeArrays(cold.trees_ as FlatTrees));
  });

  test('bad input gives clear errors', () => {
    expect(() => new RandomForestRegressor().fit(s.XTrain, Array.from(s.yTrain, String))).toThrow(/numeric targets/);
    expect(() => new RandomForestRegressor({ criterion: 'entropy' as never }).fit(s.XTrain, s.yTrain)).toThrow(/criterion/);
    expect(() => new RandomForestRegressor({ maxFeatures: 11 }).fit(s.XTrain, s.yTrain)).toThrow(/at most 10/);
  });
});
