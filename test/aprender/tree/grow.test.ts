/**
 * The shared growing helper: scikit-learn's resolution of the tree hyperparameters, X's float32 transpose, the seeds
 * and bootstrap draws, batching (any batch size grows the same trees), and export_text's number formatting.
 */
import { FlatTreesBuilder } from '../../../lib/aprender/tree/flat-trees';
import {
  bootstrapCounts, growTrees, growTreesAsync, resolveMaxFeatures, resolveTreeParams, splitSeed, TREE_PARAM, transposeToFloat32,
  treeSeeds, type TreeGrowParams,
} from '../../../lib/aprender/tree/grow';
import { subsampleClassFactors } from '../../../lib/aprender/tree/class-weight';
import { pythonFixed } from '../../../lib/aprender/tree/export-text';
import { loadSplit } from '../reference/data';

const DEFAULTS: TreeGrowParams = {
  criterion: 'gini', splitter: 'best', maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, minWeightFractionLeaf: 0,
  maxFeatures: null, maxLeafNodes: null, minImpurityDecrease: 0,
};

describe('resolveTreeParams follows scikit-learn\'s BaseDecisionTree.fit', () => {
  test('defaults', () => {
    const p = resolveTreeParams(DEFAULTS, 100, 7, 100, 'T');
    expect(Array.from(p)).toEqual([0, 0, -1, 2, 1, 0, 7, -1, 0]);
    expect(p.length).toBe(TREE_PARAM.count);
  });

  test('fractions round up; minSamplesSplit is at least 2 x minSamplesLeaf; weight fraction of the total', () => {
    const p = resolveTreeParams({ ...DEFAULTS, criterion: 'absolute_error', splitter: 'random', maxDepth: 4, minSamplesSplit: 0.015,
      minSamplesLeaf: 0.021, minWeightFractionLeaf: 0.1, maxLeafNodes: 9, minImpurityDecrease: 0.5 }, 100, 7, 250, 'T');
    expect(p[TREE_PARAM.criterion]).toBe(4);
    expect(p[TREE_PARAM.randomSplits]).toBe(1);
    expect(p[TREE_PARAM.maxDepth]).toBe(4);
    expect(p[TREE_PARAM.minSamplesLeaf]).toBe(3);
    expect(p[TREE_PARAM.minSamplesSplit]).toBe(6);
    expect(p[TREE_PARAM.minWeightLeaf]).toBe(25);
    expect(p[TREE_PARAM.maxLeafNodes]).toBe(9);
    expect(p[TREE_PARAM.minImpurityDecrease]).toBe(0.5);
    expect(resolveTreeParams({ ...DEFAULTS, minSamplesSplit: 0.001 }, 100, 7, 100, 'T')[TREE_PARAM.minSamplesSplit]).toBe(2);
  });

  test('maxFeatures', () => {
    expect(resolveMaxFeatures('sqrt', 30, 'T')).toBe(5);
    expect(resolveMaxFeatures('log2', 30, 'T')).toBe(4);
    expect(resolveMaxFeatures('sqrt', 1, 'T')).toBe(1);
    expect(resolveMaxFeatures(null, 30, 'T')).toBe(30);
    expect(resolveMaxFeatures(3, 30, 'T')).toBe(3);
    expect(resolveMaxFeatures(0.5, 7, 'T')).toBe(3);
    expect(resolveMaxFeatures(0.01, 7, 'T')).toBe(1);
    expect(() => resolveMaxFeatures(31, 30, 'T')).toThrow(/at most 30/);
    expect(resolveTreeParams({ ...DEFAULTS, criterion: 'log_loss' }, 10, 3, 10, 'T')[TREE_PARAM.criterion]).toBe(1);
  });
});

test('transposeToFloat32 lays X out feature by feature, rounded to float32', () => {
  const xt = transposeToFloat32([1, 2, 3, 4, 5, 6.1], 2, 3);
  expect(Array.from(xt)).toEqual([1, 4, 2, 5, 3, Math.fround(6.1)]);
});

describe('seeds and bootstrap draws', () => {
  test('a warm start continues the same sequence of tree seeds', () => {
    const all = treeSeeds(42, 0, 10);
    expect(Array.from(treeSeeds(42, 4, 6))).toEqual(Array.from(all.subarray(4)));
    expect(new Set(all).size).toBe(10);
    expect(splitSeed(all[0])).not.toBe(all[0]);
  });

  test('bootstrap counts: draws in total, reproducible, weights 0 never drawn', () => {
    const a = bootstrapCounts(7, 50, 40);
    expect(a.reduce((s, v) => s + v, 0)).toBe(40);
    expect(Array.from(bootstrapCounts(7, 50, 40))).toEqual(Array.from(a));
    const w = Float64Array.from({ length: 50 }, (_, i) => (i % 2 ? 0 : 3));
    const b = bootstrapCounts(7, 50, 500, w);
    expect(b.reduce((s, v) => s + v, 0)).toBe(500);
    b.forEach((c, i) => (i % 2 ? expect(c).toBe(0) : expect(c).toBeGreaterThan(0)));
  });

  test('balanced_subsample factors balance the draw and zero the classes it missed', () => {
    const counts = Float64Array.of(2, 1, 0, 1, 0);
    const codes = Int32Array.of(0, 0, 1, 2, 2);
    const out = new Float64Array(5);
    subsampleClassFactors(counts, codes, 3, out);
    // draws: class 0 x3, class 2 x1 over 2 classes present: 4 / (2 x 3) and 4 / (2 x 1); class 1 absent
    expect(Array.from(out)).toEqual([4 / 6, 4 / 6, 0, 2, 2]);
  });
});

describe('growTrees', () => {
  const s = loadSplit('wine');
  const [n, d] = s.XTrain.shape;
  const data = { n, d, k: 3, xt: transposeToFloat32(s.XTrain.data as Float64Array, n, d), y: Float64Array.from(s.yTrain) };
  const params = resolveTreeParams({ ...DEFAULTS, maxFeatures: 'sqrt' }, n, d, n, 'T');
  const seeds = treeSeeds(3, 0, 7);
  const source = { count: 7, seed: (t: number) => splitSeed(seeds[t]), weights: (t: number, out: Float64Array) => bootstrapCounts(seeds[t], n, n, undefined, out) };

  test('the same trees whatever the batch size', () => {
  const grown = (batch: number) => {
    const b = new FlatTreesBuilder(3, undefined, true);
    const progress: number[] = [];
    growTrees(data, params, source, b, { batch, onBatch: (done) => progress.push(done) });
    return { trees: b.build(), progress };
  };
  const one = grown(1);
  const three = grown(3);
  expect(one.progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(three.progress).toEqual([3, 6, 7]);
  expect(Array.from(three.trees.threshold)).toEqual(Array.from(one.trees.threshold));
  expect(Array.from(three.trees.roots)).toEqual(Array.from(one.trees.roots));
  expect(one.trees.roots.length).toBe(7);
  });

  test('growTreesAsync grows the same trees, and stops between batches when aborted', async () => {
    const sync = new FlatTreesBuilder(3, undefined, true);
    growTrees(data, params, source, sync);
    const async = new FlatTreesBuilder(3, undefined, true);
    await growTreesAsync(data, params, source, async, { batch: 2 });
    expect(Array.from(async.build().threshold)).toEqual(Array.from(sync.build().threshold));
    const controller = new AbortController();
    const partial = new FlatTreesBuilder(3, undefined, true);
    await expect(growTreesAsync(data, params, source, partial, { batch: 2, signal: controller.signal, onBatch: () => controller.abort() })).rejects.toThrow();
    expect(partial.treeCount).toBe(2);
  });

  test('samples sizes the slots: enough for the drawn samples, refused when too few', () => {
    const few = { count: 2, samples: 10, seed: (t: number) => t + 1, weights: (t: number, out: Float64Array) => bootstrapCounts(seeds[t], n, 10, undefined, out) };
    const b = new FlatTreesBuilder(3, undefined, true);
    growTrees(data, params, few, b);
    const trees = b.build();
    expect(trees.feature.length).toBeLessThanOrEqual(2 * 19);
    expect(() => growTrees(data, params, { ...few, weights: (_t: number, out: Float64Array) => out.fill(1) }, new FlatTreesBuilder(3))).toThrow();
  });

  test('minWeightFractionLeaf follows each tree\'s own total weight', () => {
    const b = new FlatTreesBuilder(3, undefined, true);
    const weighted = { ...source, weights: (t: number, out: Float64Array) => out.fill(t + 1) };
    growTrees(data, params, weighted, b, { minWeightFractionLeaf: 0.1, batch: 7 });
    const trees = b.build();
    for (let t = 0; t < 7; t++) {
      const end = t + 1 < 7 ? trees.roots[t + 1] : trees.feature.length;
      for (let i = trees.roots[t]; i < end; i++) if (trees.feature[i] < 0) expect((trees.nodeWeight as Float64Array)[i]).toBeGreaterThanOrEqual(0.1 * n * (t + 1));
    }
  });
});

test('pythonFixed formats as Python\'s format(x, ".Nf"): exact value, ties to even, signed zero', () => {
  expect(pythonFixed(0.125, 2)).toBe('0.12');
  expect(pythonFixed(0.375, 2)).toBe('0.38');
  expect(pythonFixed(2.675, 2)).toBe('2.67');
  expect(pythonFixed(20.405, 3)).toBe('20.405');
  expect(pythonFixed(20.405, 2)).toBe('20.41');
  expect(pythonFixed(-0.001, 2)).toBe('-0.00');
  expect(pythonFixed(9.995, 2)).toBe('9.99');
  expect(pythonFixed(99.5, 0)).toBe('100');
  expect(pythonFixed(0.5, 0)).toBe('0');
  expect(pythonFixed(1234.5678, 1)).toBe('1234.6');
  expect(pythonFixed(Infinity, 2)).toBe('inf');
});
