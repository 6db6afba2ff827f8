/**
 * Preprocessing and composition against scikit-learn on every real dataset: learned arrays and transforms within 1e-6
 * relative of the figures cases_preprocessing.py stored (see that file for the derived inputs cat, strings, holes).
 */
import { tableFromArrays } from 'apache-arrow';
import {
  ColumnTransformer, LabelEncoder, MaxAbsScaler, MinMaxScaler, Normalizer, OneHotEncoder, OrdinalEncoder, Pipeline, PolynomialFeatures,
  RobustScaler, SimpleImputer, StandardScaler, type Estimator,
} from '../../lib/aprender';
import { Tensor } from '../../lib/trueno/tensor';
import { CLASSIFICATION, loadSplit, reference, REGRESSION, type DatasetName } from './reference/data';

const RTOL = 1e-6;
const REF = reference('preprocessing');
const DATASETS: DatasetName[] = [...CLASSIFICATION, ...REGRESSION];

/** A JSON value of the stored scikit-learn reference: numbers, the strings nan/inf/-inf, null, arrays and records. */
type Nested = number | string | null | Nested[] | { [key: string]: Nested };

function num(v: Nested): number {
  if (v === 'nan' || v === null) return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v as number;
}

function flatten(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flatten) : [num(v)];
}

/** Equal within RTOL relative, with an absolute floor of 1e-9 times the largest magnitude (for values near 0). */
function expectClose(actual: ArrayLike<number> | Tensor | null | undefined, expected: Nested, what: string): void {
  const got = Array.from((actual instanceof Tensor ? actual.data : actual) as ArrayLike<number>, Number);
  const want = flatten(expected);
  expect({ what, length: got.length }).toEqual({ what, length: want.length });
  const floor = 1e-9 * Math.max(1, ...want.filter(Number.isFinite).map(Math.abs));
  for (let i = 0; i < want.length; i++) {
    const ok = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : Math.abs(got[i] - want[i]) <= RTOL * Math.abs(want[i]) + floor;
    if (!ok) throw new Error(`${what}[${i}]: ${got[i]} vs scikit-learn ${want[i]}`);
  }
}

function columns(X: Tensor, take: number): Tensor {
  const [rows, cols] = X.shape;
  const d = X.data as Float64Array;
  return Tensor.from(Float64Array.from({ length: rows * take }, (_, k) => d[Math.floor(k / take) * cols + (k % take)]), [rows, take]);
}

const cat = (X: Tensor) => Tensor.from((columns(X, 4).data as Float64Array).map(Math.floor), [X.shape[0], 4]);
const strings = (X: Tensor) => {
  const c = cat(X).data as Float64Array;
  return Array.from({ length: X.shape[0] }, (_, i) => Array.from({ length: 4 }, (_, j) => `c${c[i * 4 + j]}`));
};
const holes = (X: Tensor) => {
  const [, cols] = X.shape;
  return Tensor.from((X.data as Float64Array).map((v, k) => ((Math.floor(k / cols) * 7 + (k % cols) * 3) % 11 === 0 ? NaN : v)), X.shape);
};
const mixed = (X: Tensor) => {
  const c = columns(X, 4).data as Float64Array;
  return Tensor.from(c.map((v, k) => (k % 4 >= 2 ? Math.floor(v) : v)), [X.shape[0], 4]);
};

/** A transform's output against the stored head rows and column sums. */
function expectOutput(Z: Tensor, want: Record<string, Nested>, what: string): void {
  expect(Z.shape).toEqual(want.shape);
  const cols = Z.shape[1];
  const head = (want.head as Nested[]).length;
  expectClose((Z.data as Float64Array).subarray(0, head * cols), want.head, `${what} head`);
  const sums = new Float64Array(cols);
  (Z.data as Float64Array).forEach((v, k) => { if (!Number.isNaN(v)) sums[k % cols] += v; });
  expectClose(sums, want.sums, `${what} sums`);
}

interface Case {
  make: () => Estimator;
  prep?: (X: Tensor) => unknown;
  arrays?: string[];
  names?: boolean;
}

const FITTED: Record<string, Case> = {
  StandardScaler: { make: () => new StandardScaler(), arrays: ['mean_', 'var_', 'scale_'] },
  'StandardScaler.nan': { make: () => new StandardScaler(), prep: holes, arrays: ['mean_', 'var_', 'scale_', 'nSamplesSeen_'] },
  'MinMaxScaler.nan': { make: () => new MinMaxScaler(), prep: holes, arrays: ['dataMin_', 'dataMax_', 'scale_', 'min_'] },
  'MaxAbsScaler.nan': { make: () => new MaxAbsScaler(), prep: holes, arrays: ['maxAbs_', 'scale_'] },
  'StandardScaler.noMean': { make: () => new StandardScaler({ withMean: false }), arrays: ['mean_', 'scale_'] },
  MinMaxScaler: { make: () => new MinMaxScaler({ featureRange: [-1, 2] }), arrays: ['dataMin_', 'dataMax_', 'dataRange_', 'scale_', 'min_'] },
  'MinMaxScaler.clip': { make: () => new MinMaxScaler({ clip: true }) },
  MaxAbsScaler: { make: () => new MaxAbsScaler(), arrays: ['maxAbs_', 'scale_'] },
  RobustScaler: { make: () => new RobustScaler(), arrays: ['center_', 'scale_'] },
  'RobustScaler.unitVariance': { make: () => new RobustScaler({ quantileRange: [10, 90], unitVariance: true }), arrays: ['center_', 'scale_'] },
  'Normalizer.l1': { make: () => new Normalizer({ norm: 'l1' }) },
  'Normalizer.l2': { make: () => new Normalizer() },
  'Normalizer.max': { make: () => new Normalizer({ norm: 'max' }) },
  OneHotEncoder: { make: () => new OneHotEncoder({ handleUnknown: 'ignore' }), prep: cat, names: true },
  'OneHotEncoder.strings': { make: () => new OneHotEncoder({ handleUnknown: 'ignore' }), prep: strings, names: true },
  'OneHotEncoder.dropFirst': { make: () => new OneHotEncoder({ drop: 'first', handleUnknown: 'ignore' }), prep: cat, names: true },
  'OneHotEncoder.infrequent': { make: () => new OneHotEncoder({ handleUnknown: 'infrequent_if_exist', minFrequency: 5, maxCategories: 4 }), prep: cat, names: true },
  OrdinalEncoder: { make: () => new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1 }), prep: cat },
  'OrdinalEncoder.strings': { make: () => new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1 }), prep: strings },
  'SimpleImputer.mean': { make: () => new SimpleImputer({ addIndicator: true }), prep: holes, arrays: ['statistics_'], names: true },
  'SimpleImputer.median': { make: () => new SimpleImputer({ strategy: 'median' }), prep: holes, arrays: ['statistics_'], names: true },
  'SimpleImputer.most_frequent': { make: () => new SimpleImputer({ strategy: 'most_frequent' }), prep: holes, arrays: ['statistics_'], names: true },
  'SimpleImputer.constant': { make: () => new SimpleImputer({ strategy: 'constant', fillValue: 0.5 }), prep: holes, arrays: ['statistics_'], names: true },
  PolynomialFeatures: { make: () => new PolynomialFeatures(), prep: (X) => columns(X, 4), names: true },
  'PolynomialFeatures.interaction': { make: () => new PolynomialFeatures({ degree: 3, interactionOnly: true, includeBias: false }), prep: (X) => columns(X, 4), names: true },
  ColumnTransformer: {
    make: () => new ColumnTransformer({ transformers: [['num', new StandardScaler(), [0, 1]], ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), [2, 3]]] }),
    prep: mixed, names: true,
  },
  Pipeline: {
    make: () => new Pipeline({ steps: [['impute', new SimpleImputer({ strategy: 'median' })], ['scale', new RobustScaler()], ['range', new MinMaxScaler()]] }),
    prep: holes,
  },
};

/** scikit-learn's snake_case attribute for our camelCase one (dataMin_ -> data_min_). */
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe.each(Object.entries(FITTED))('%s matches scikit-learn', (id, c) => {
  test.each(DATASETS)('%s', (name) => {
    const want = REF[id][name] as Record<string, Nested>;
    const split = loadSplit(name);
    const prep = c.prep ?? ((X: Tensor) => X);
    const est = c.make().fit(prep(split.XTrain) as never) as Estimator & Record<string, unknown>;
    for (const a of c.arrays ?? []) expectClose(est[a] as Tensor, want[snake(a)], `${id} ${a}`);
    if (want.categories_ !== undefined) {
      const cats = est.categories_ as unknown[][];
      expect(cats.map((k) => k.map(String))).toEqual((want.categories_ as Nested[][]).map((k) => k.map(String)));
    }
    if (want.infrequent_categories_ !== undefined) expect(est.infrequentCategories_).toEqual(want.infrequent_categories_);
    if (want.drop_idx_ !== undefined) expect(est.dropIdx_).toEqual(want.drop_idx_);
    const Z = (est as unknown as { transform(X: unknown): Tensor }).transform(prep(split.XTest));
    expectOutput(Z, want.transform as Record<string, Nested>, id);
    if (c.names) expect((est as unknown as { getFeatureNamesOut(): string[] }).getFeatureNamesOut()).toEqual(want.names);
  });
});

describe('StandardScaler: incremental and weighted fits match scikit-learn', () => {
  test.each(DATASETS.flatMap((name) => [[name, 'StandardScaler.partial'], [name, 'StandardScaler.partialNan']]))('partialFit in three batches on %s (%s)', (name, id) => {
    const want = REF[id][name] as Record<string, Nested>;
    const prep = id.endsWith('Nan') ? holes : (X: Tensor) => X;
    const XTrain = prep(loadSplit(name).XTrain);
    const [rows, cols] = XTrain.shape;
    const est = new StandardScaler();
    // numpy.array_split: the first rows % 3 batches get one row more
    const sizes = [0, 1, 2].map((b) => Math.floor(rows / 3) + (b < rows % 3 ? 1 : 0));
    let start = 0;
    for (const size of sizes) {
      est.partialFit(Tensor.from((XTrain.data as Float64Array).slice(start * cols, (start + size) * cols), [size, cols]));
      start += size;
    }
    expectClose(est.mean_, want.mean_, 'mean_');
    expectClose(est.var_, want.var_, 'var_');
    expectClose(est.scale_, want.scale_, 'scale_');
    expect(est.nSamplesSeen_).toEqual(want.n_samples_seen_);
    expectOutput(est.transform(prep(loadSplit(name).XTest)), want.transform as Record<string, Nested>, 'partialFit transform');
  });

  test.each(DATASETS)('sampleWeight on %s', (name) => {
    const want = REF['StandardScaler.weighted'][name] as Record<string, Nested>;
    const { XTrain } = loadSplit(name);
    const w = Float64Array.from({ length: XTrain.shape[0] }, (_, i) => 1 + (i % 3));
    const est = new StandardScaler().fit(XTrain, undefined, { sampleWeight: w });
    expectClose(est.mean_, want.mean_, 'mean_');
    expectClose(est.var_, want.var_, 'var_');
    expectClose(est.scale_, want.scale_, 'scale_');
  });
});

describe('LabelEncoder matches scikit-learn', () => {
  test.each([...CLASSIFICATION])('%s', (name) => {
    const want = REF.LabelEncoder[name] as Record<string, Nested>;
    const { yTrain, yTest } = loadSplit(name);
    const le = new LabelEncoder().fit(yTrain);
    expect(le.classes_).toEqual(want.classes_);
    expectClose(le.transform(yTest), want.transform, 'transform');
  });
});

describe('string columns of an Arrow table encode as the nested-array strings do', () => {
  test.each(DATASETS)('%s', (name) => {
    const want = REF['OneHotEncoder.strings'][name] as Record<string, Nested>;
    const { XTrain, XTest } = loadSplit(name);
    const table = (X: Tensor) => {
      const s = strings(X);
      return tableFromArrays(Object.fromEntries(['a', 'b', 'c', 'd'].map((n, j) => [n, s.map((r) => r[j])])));
    };
    const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(table(XTrain));
    expectOutput(enc.transform(table(XTest)), want.transform as Record<string, Nested>, 'Arrow strings');
    expect(enc.getFeatureNamesOut()).toEqual((want.names as string[]).map((n) => n.replace(/^x(\d)/, (_, j) => 'abcd'[Number(j)])));
  });
});
