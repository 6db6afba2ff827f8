/**
 * The losses of gradient boosting on their own, against scikit-learn 1.9 (reference/gradient_boosting.json, case
 * 'losses', written by cases_gradient_boosting.py): on each dataset's training rows with made-up raw predictions,
 * the mean loss, the negative gradient, huber's delta, the init estimator's constant (with and without weights), and
 * the line search of _update_terminal_regions on a tree scikit-learn grew (its leaf of every row given), each leaf's
 * value and the raw predictions after the update. Then the early-stopping split's port in the reference script, the
 * in-bag draw, and the weighted percentile's edge cases.
 */
import { Random } from '../../../lib/common/random';
import { earlyStoppingSplit, sampleMask } from '../../../lib/aprender/ensemble/gradient-boosting-sampling';
import {
  AbsoluteErrorLoss, BinomialLoss, ExponentialLoss, HuberLoss, MultinomialLoss, QuantileLoss, SquaredErrorLoss,
  weightedPercentile, type BoostingLoss,
} from '../../../lib/aprender/ensemble/losses';
import { expectClose } from '../reference/close';
import { loadSplit, reference, type DatasetName } from '../reference/data';

const ref = reference('gradient_boosting');

interface TreeRecord { leaves: number[]; values: number[]; is_leaf: boolean[]; raw_after: number[] }
interface LossRecord {
  mean_loss: number; neg_gradient: number[][]; delta?: number; init: number[]; init_weighted: number[]; trees: TreeRecord[];
}

const weightsFor = (n: number) => Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));

/** The raw predictions the reference script made up: mean(y) + 20 sin(i) for regression, 1.5 sin(i (j + 1)) else. */
function madeUpRaw(y: Float64Array, k: number, regression: boolean): Float64Array {
  const n = y.length;
  const raw = new Float64Array(n * k);
  const mean = y.reduce((a, b) => a + b, 0) / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) raw[i * k + j] = regression ? mean + 20 * Math.sin(i) : 1.5 * Math.sin(i * (j + 1));
  return raw;
}

function lossFor(name: string, k: number): BoostingLoss {
  switch (name) {
    case 'squared_error': return new SquaredErrorLoss();
    case 'absolute_error': return new AbsoluteErrorLoss();
    case 'huber': return new HuberLoss(0.9);
    case 'huber.low': return new HuberLoss(0.6);
    case 'quantile': return new QuantileLoss(0.9);
    case 'quantile.low': return new QuantileLoss(0.3);
    case 'exponential': return new ExponentialLoss();
    default: return k === 2 ? new BinomialLoss() : new MultinomialLoss(k);
  }
}

const cases = Object.entries(ref.losses).flatMap(([dataset, byLoss]) =>
  Object.keys(byLoss).map((loss) => [dataset as DatasetName, loss] as const));

describe.each(cases)('%s %s matches scikit-learn', (dataset, name) => {
  const want = ref.losses[dataset][name] as unknown as LossRecord;
  const s = loadSplit(dataset);
  const y = Float64Array.from(s.yTrain);
  const n = y.length;
  const regression = s.yTrain instanceof Float64Array;
  const classes = regression ? 1 : new Set(y).size;
  const loss = lossFor(name, classes);
  const k = loss.k;
  const w = weightsFor(n);
  const raw = madeUpRaw(y, k, regression);

  test('init constant, unweighted and weighted', () => {
    expectClose(loss.initRaw(y, new Float64Array(n).fill(1), false), want.init, 'init', 1e-12);
    expectClose(loss.initRaw(y, w, true), want.init_weighted, 'init weighted', 1e-12);
  });

  test('delta, mean loss and negative gradient', () => {
    loss.beginStage(y, raw, w);
    if (want.delta !== undefined) expect((loss as HuberLoss).delta).toBe(want.delta);
    expectClose(loss.meanLoss(y, raw, w), want.mean_loss, 'mean loss', 1e-12);
    const g = new Float64Array(n * k);
    loss.negativeGradient(y, raw, g);
    expectClose(g, want.neg_gradient, 'negative gradient', 1e-12);
  });

  test('line search of every leaf and the raw predictions after it', () => {
    loss.beginStage(y, raw, w);
    const g = new Float64Array(n * k);
    loss.negativeGradient(y, raw, g);
    const inBag = (i: number) => i % 4 !== 0;
    want.trees.forEach((tree, j) => {
      const values = Float64Array.from(tree.values);
      tree.is_leaf.forEach((leaf, v) => {
        if (!leaf || loss.leafValue === undefined) return;
        const rows = Int32Array.from(tree.leaves.map((l, i) => (l === v && inBag(i) ? i : -1)).filter((i) => i >= 0));
        values[v] = loss.leafValue(rows, y, g, raw, j, w);
      });
      expectClose(values, tree.values, `tree ${j} leaf values`, 1e-10);
      const after = Float64Array.from({ length: n }, (_, i) => raw[i * k + j] + 0.1 * values[tree.leaves[i]]);
      expectClose(after, tree.raw_after, `tree ${j} raw after`, 1e-12);
    });
  });
});

describe('the early-stopping split', () => {
  const early = [...Object.entries(ref['GBC.early']), ...Object.entries(ref['GBR.early'])];
  test.each(early)('the reference script holds out the rows aprender does on %s', (dataset, want) => {
    const s = loadSplit(dataset as DatasetName);
    const n = s.yTrain.length;
    const strata = s.yTrain instanceof Int32Array ? s.yTrain : undefined;
    const { train, validation } = earlyStoppingSplit(n, 0.2, 0, strata);
    expect(Array.from(validation)).toEqual(want.validation_rows);
    expect(train.length + validation.length).toBe(n);
    expect(new Set([...train, ...validation]).size).toBe(n);
  });

  test('stratified: each class keeps its share in both sets', () => {
    const strata = Int32Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : 1));
    const { train, validation } = earlyStoppingSplit(100, 0.1, 3, strata);
    expect(validation.length).toBe(10);
    expect(Array.from(validation).filter((i) => strata[i] === 1).length).toBe(3);
    expect(train.length).toBe(90);
  });

  test('refuses a class of one member when stratified, and an empty set', () => {
    expect(() => earlyStoppingSplit(5, 0.4, 0, Int32Array.of(0, 0, 0, 0, 1))).toThrow(RangeError);
    expect(() => earlyStoppingSplit(1, 0.5, 0)).toThrow(/validationFraction 0.5/);
  });
});

describe('the in-bag draw', () => {
  test('takes exactly the asked rows, reproducibly, each row about equally often', () => {
    const counts = new Float64Array(50);
    const rng = new Random(7);
    for (let t = 0; t < 2000; t++) {
      const m = sampleMask(50, 20, rng);
      expect(m.reduce((a, b) => a + b, 0)).toBe(20);
      m.forEach((v, i) => (counts[i] += v));
    }
    for (const c of counts) expect(Math.abs(c / 2000 - 0.4)).toBeLessThan(0.06);
    expect(Array.from(sampleMask(30, 9, new Random(1)))).toEqual(Array.from(sampleMask(30, 9, new Random(1))));
  });
});

describe('weightedPercentile', () => {
  test('the smallest value whose cumulative weight reaches the rank (no interpolation)', () => {
    const v = Float64Array.of(3, 1, 2, 4);
    expect(weightedPercentile(v, Float64Array.of(1, 1, 1, 1), 50)).toBe(2);
    expect(weightedPercentile(v, Float64Array.of(1, 1, 1, 1), 51)).toBe(3);
    expect(weightedPercentile(v, Float64Array.of(0, 5, 1, 1), 50)).toBe(1);
    expect(weightedPercentile(v, Float64Array.of(1, 1, 1, 1), 100)).toBe(4);
  });

  test('rank 0 takes the first value with weight; no weight gives NaN', () => {
    expect(weightedPercentile(Float64Array.of(1, 2, 3), Float64Array.of(0, 2, 1), 0)).toBe(2);
    expect(weightedPercentile(Float64Array.of(1, 2), Float64Array.of(0, 0), 50)).toBeNaN();
    expect(weightedPercentile(new Float64Array(0), new Float64Array(0), 50)).toBeNaN();
  });
});
