/**
 * The splitters and trainTestSplit: folds identical to scikit-learn's where the algorithm is deterministic (KFold,
 * StratifiedKFold without shuffle, GroupKFold), and the properties of the shuffled ones (sizes, disjointness,
 * coverage, stratification, reproducibility); bad input.
 */
import { tableFromArrays } from 'apache-arrow';
import { ArrowDataset } from '../../../lib/alimentar/dataset';
import { Tensor } from '../../../lib/trueno/tensor';
import {
  GroupKFold, KFold, ShuffleSplit, StratifiedKFold, StratifiedShuffleSplit, trainTestSplit, type TrainTest,
} from '../../../lib/aprender/model-selection/index';
import { reference } from '../reference/data';

const ref = reference('model_selection').splits.wine as Record<string, unknown>;
const y = ref.y as number[];
const asLists = (splits: TrainTest[]) => splits.map(([a, b]) => [Array.from(a), Array.from(b)]);

describe('deterministic folds equal scikit-learn\'s', () => {
  test('KFold(5) and KFold(7) on 23 samples', () => {
    expect(asLists(new KFold({ nSplits: 5 }).split(y))).toEqual(ref.kfold5);
    expect(asLists(new KFold({ nSplits: 7 }).split(y.slice(0, 23)))).toEqual(ref.kfold7);
  });
  test('StratifiedKFold on the wine classes and on an imbalanced labelling', () => {
    expect(asLists(new StratifiedKFold().split(y, y))).toEqual(ref.stratified5);
    expect(asLists(new StratifiedKFold({ nSplits: 3 }).split(y, ref.imbalanced))).toEqual(ref.stratified3_imbalanced);
  });
  test('GroupKFold with tied and unequal group sizes', () => {
    expect(asLists(new GroupKFold({ nSplits: 4 }).split(y, undefined, ref.groups))).toEqual(ref.group4);
    const sizes = y.map((_, i) => (i % 5) + (i % 5 === 0 ? 10 : 0));
    expect(asLists(new GroupKFold({ nSplits: 3 }).split(y, undefined, sizes))).toEqual(ref.group3_sizes);
  });
  test('string labels and groups stratify and group like numbers', () => {
    const names = y.map((v) => ['x', 'y', 'z'][v]);
    expect(asLists(new StratifiedKFold().split(y, names))).toEqual(ref.stratified5);
    expect(asLists(new GroupKFold({ nSplits: 4 }).split(y, undefined, (ref.groups as number[]).map((g) => `g${String(g).padStart(2, '0')}`)))).toEqual(ref.group4);
  });
});

function expectPartition([train, test]: TrainTest, n: number, whole = true): void {
  const seen = new Set<number>();
  for (const i of [...train, ...test]) {
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i).toBeLessThan(n);
    expect(seen.has(i)).toBe(false);
    seen.add(i);
  }
  if (whole) expect(seen.size).toBe(n);
}

describe('shuffled splitters', () => {
  test('KFold with shuffle: each sample tests once, reproducible by seed, different across seeds', () => {
    const a = new KFold({ nSplits: 4, shuffle: true, randomState: 3 }).split(y);
    const tested = a.flatMap(([, t]) => Array.from(t)).sort((p, q) => p - q);
    expect(tested).toEqual(y.map((_, i) => i));
    a.forEach((s) => expectPartition(s, y.length));
    expect(asLists(new KFold({ nSplits: 4, shuffle: true, randomState: 3 }).split(y))).toEqual(asLists(a));
    expect(asLists(new KFold({ nSplits: 4, shuffle: true, randomState: 4 }).split(y))).not.toEqual(asLists(a));
    expect(a.map(([, t]) => t.length)).toEqual([0, 1, 2, 3].map((i) => Math.floor(y.length / 4) + (i < y.length % 4 ? 1 : 0)));
  });
  test('StratifiedKFold with shuffle keeps every class share within one sample per fold', () => {
    const counts = [0, 1, 2].map((c) => y.filter((v) => v === c).length);
    for (const [train, test] of new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 0 }).split(y, y)) {
      expectPartition([train, test], y.length);
      for (const c of [0, 1, 2]) expect(Math.abs(Array.from(test).filter((i) => y[i] === c).length - counts[c] / 5)).toBeLessThan(1);
    }
  });
  test('GroupKFold with shuffle never splits a group', () => {
    const groups = ref.groups as number[];
    for (const [train, test] of new GroupKFold({ nSplits: 3, shuffle: true, randomState: 1 }).split(y, undefined, groups)) {
      expectPartition([train, test], y.length);
      const testGroups = new Set(Array.from(test, (i) => groups[i]));
      for (const i of train) expect(testGroups.has(groups[i])).toBe(false);
    }
  });
  test('ShuffleSplit sizes follow scikit-learn\'s rounding and each split is disjoint', () => {
    const splits = new ShuffleSplit({ nSplits: 3, testSize: 0.25, randomState: 0 }).split(y);
    expect(splits).toHaveLength(3);
    for (const s of splits) {
      expect(s[1].length).toBe(Math.ceil(0.25 * y.length));
      expect(s[0].length).toBe(y.length - Math.ceil(0.25 * y.length));
      expectPartition(s, y.length);
    }
    const sized = new ShuffleSplit({ nSplits: 2, testSize: 10, trainSize: 0.5, randomState: 0 }).split(y);
    for (const s of sized) {
      expect([s[0].length, s[1].length]).toEqual([Math.floor(0.5 * y.length), 10]);
      expectPartition(s, y.length, false);
    }
    expect(asLists(new ShuffleSplit({ randomState: 9 }).split(y))).toEqual(asLists(new ShuffleSplit({ randomState: 9 }).split(y)));
  });
  test('StratifiedShuffleSplit keeps class shares in train and test', () => {
    for (const [train, test] of new StratifiedShuffleSplit({ nSplits: 4, testSize: 0.3, randomState: 2 }).split(y, y)) {
      expectPartition([train, test], y.length);
      expect(test.length).toBe(Math.ceil(0.3 * y.length));
      for (const c of [0, 1, 2]) {
        const share = y.filter((v) => v === c).length / y.length;
        expect(Math.abs(Array.from(test).filter((i) => y[i] === c).length - share * test.length)).toBeLessThan(1.5);
        expect(Math.abs(Array.from(train).filter((i) => y[i] === c).length - share * train.length)).toBeLessThan(1.5);
      }
    }
  });
});

describe('trainTestSplit', () => {
  const n = 40;
  const X = Tensor.from(Float64Array.from({ length: n * 3 }, (_, i) => i), [n, 3]);
  const labels = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'a' : 'b'));
  test('splits Tensors, number[][], string[], TypedArrays, Arrow tables and datasets at the same rows', () => {
    const nested = X.toArray() as number[][];
    const ids = Float64Array.from({ length: n }, (_, i) => i);
    const table = tableFromArrays({ id: Float64Array.from(ids), v: Float64Array.from(ids, (v) => v * 2) });
    const ds = ArrowDataset.fromTable(table);
    const [xTr, xTe, nTr, nTe, lTr, lTe, iTr, iTe, tTr, tTe, dTr, dTe] = trainTestSplit<unknown>(X, nested, labels, ids, table, ds, { testSize: 0.25, randomState: 7 });
    const trainIds = Array.from(iTr as Float64Array);
    const testIds = Array.from(iTe as Float64Array);
    expect(testIds).toHaveLength(10);
    expectPartition([Int32Array.from(trainIds), Int32Array.from(testIds)], n);
    expect((xTr as Tensor).shape).toEqual([30, 3]);
    expect(Array.from((xTe as Tensor).data as Float64Array).filter((_, k) => k % 3 === 0)).toEqual(testIds.map((i) => i * 3));
    expect((nTr as number[][]).map((r) => r[0] / 3)).toEqual(trainIds);
    expect(nTe).toHaveLength(10);
    expect(lTr).toEqual(trainIds.map((i) => labels[i]));
    expect(lTe).toEqual(testIds.map((i) => labels[i]));
    expect(Array.from((tTr as typeof table).getChild('id')!.toArray() as Float64Array)).toEqual(trainIds);
    expect(Array.from((tTe as typeof table).getChild('v')!.toArray() as Float64Array)).toEqual(testIds.map((i) => i * 2));
    expect(Array.from((dTe as ArrowDataset).toVector('id', 'float64').data as Float64Array)).toEqual(testIds);
    expect((dTr as ArrowDataset).numRows).toBe(30);
    const [vTr, vTe] = trainTestSplit<unknown>(table.getChild('v')!, { testSize: 0.25, randomState: 7 });
    expect(Array.from((vTr as { toArray(): Float64Array }).toArray())).toEqual(trainIds.map((i) => i * 2));
    expect((vTe as { length: number }).length).toBe(10);
  });
  test('stratify keeps the label shares; shuffle false takes the first rows; the seed reproduces', () => {
    const [, , yTr, yTe] = trainTestSplit<unknown>(X, labels, { testSize: 0.5, stratify: labels, randomState: 1 });
    expect((yTe as string[]).filter((v) => v === 'a')).toHaveLength(5);
    expect((yTr as string[]).filter((v) => v === 'a')).toHaveLength(5);
    const [first, rest] = trainTestSplit(labels, { shuffle: false, trainSize: 30 });
    expect(first).toEqual(labels.slice(0, 30));
    expect(rest).toEqual(labels.slice(30));
    expect(trainTestSplit(labels, { randomState: 3 })).toEqual(trainTestSplit(labels, { randomState: 3 }));
  });
});

describe('bad input gives coded errors', () => {
  const code = (fn: () => unknown, c: string) => {
    expect(fn).toThrow();
    try {
      fn();
    } catch (e) {
      expect((e as { code: string }).code).toBe(c);
      expect((e as Error).message).toMatch(/Expected/);
    }
  };
  test.each([
    ['nSplits 1', () => new KFold({ nSplits: 1 }), 'ERR_APRENDER_RANGE'],
    ['nSplits 2.5', () => new KFold({ nSplits: 2.5 }), 'ERR_APRENDER_RANGE'],
    ['nSplits a string', () => new StratifiedKFold({ nSplits: '3' as never }), 'ERR_APRENDER_TYPE'],
    ['randomState without shuffle', () => new KFold({ randomState: 1 }), 'ERR_APRENDER_RANGE'],
    ['options not an object', () => new GroupKFold(5 as never), 'ERR_APRENDER_TYPE'],
    ['more folds than samples', () => new KFold({ nSplits: 5 }).split([1, 2, 3]), 'ERR_APRENDER_RANGE'],
    ['X of another kind', () => new KFold().split('abc'), 'ERR_APRENDER_TYPE'],
    ['stratified without y', () => new StratifiedKFold().split(y), 'ERR_APRENDER_TYPE'],
    ['stratified with every class below nSplits', () => new StratifiedKFold({ nSplits: 5 }).split([1, 2, 3, 4, 5, 6], [0, 0, 1, 1, 2, 2]), 'ERR_APRENDER_RANGE'],
    ['y of another length', () => new StratifiedKFold({ nSplits: 2 }).split([1, 2, 3, 4], [0, 1, 0]), 'ERR_APRENDER_RANGE'],
    ['NaN in y', () => new StratifiedKFold({ nSplits: 2 }).split([1, 2, 3, 4], [0, 1, NaN, 1]), 'ERR_APRENDER_RANGE'],
    ['groups missing', () => new GroupKFold().split(y), 'ERR_APRENDER_TYPE'],
    ['fewer groups than folds', () => new GroupKFold({ nSplits: 3 }).split([1, 2, 3, 4], undefined, [0, 0, 1, 1]), 'ERR_APRENDER_RANGE'],
    ['testSize 1.5', () => new ShuffleSplit({ testSize: 1.5 }).split(y), 'ERR_APRENDER_RANGE'],
    ['testSize as many as samples', () => trainTestSplit(y, { testSize: y.length }), 'ERR_APRENDER_RANGE'],
    ['testSize + trainSize > 1', () => trainTestSplit(y, { testSize: 0.6, trainSize: 0.6 }), 'ERR_APRENDER_RANGE'],
    ['testSize NaN', () => trainTestSplit(y, { testSize: NaN }), 'ERR_APRENDER_RANGE'],
    ['an empty train set', () => trainTestSplit([1, 2], { testSize: 0.9 }), 'ERR_APRENDER_RANGE'],
    ['stratify with a single-member class', () => trainTestSplit(y, { stratify: y.map((v, i) => (i === 0 ? 9 : v)) }), 'ERR_APRENDER_RANGE'],
    ['stratify without shuffle', () => trainTestSplit(y, { stratify: y, shuffle: false }), 'ERR_APRENDER_RANGE'],
    ['arrays of different lengths', () => trainTestSplit([1, 2, 3], [1, 2]), 'ERR_APRENDER_RANGE'],
    ['no arrays', () => trainTestSplit({ testSize: 0.2 }), 'ERR_APRENDER_TYPE'],
    ['a number as array', () => trainTestSplit(5 as never), 'ERR_APRENDER_TYPE'],
    ['randomState negative', () => trainTestSplit(y, { randomState: -1 }), 'ERR_APRENDER_RANGE'],
    ['a 0-d Tensor', () => trainTestSplit(Tensor.from([1]).reshape([])), 'ERR_APRENDER_RANGE'],
  ])('%s', (_name, fn, c) => code(fn, c));
});
