/**
 * Preprocessing behaviour beyond the common suite and the scikit-learn parity figures: options, edge cases, string
 * and Arrow columns, and bad input (each failure a coded error naming what was expected).
 */
import { tableFromArrays, vectorFromArray, Dictionary, Utf8, Int32, Table } from 'apache-arrow';
import {
  LabelEncoder, MaxAbsScaler, MinMaxScaler, Normalizer, OneHotEncoder, OrdinalEncoder, PolynomialFeatures, RobustScaler, SimpleImputer,
  StandardScaler,
} from '../../lib/aprender';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import { shapeOf, toColumns } from '../../lib/aprender/base/columns';
import { normalQuantile, sortedPercentile } from '../../lib/aprender/preprocessing/quantile';
import { Tensor } from '../../lib/trueno/tensor';

const X = Tensor.from([[1, -2, 0], [3, 4, 0], [5, 6, 0], [7, 9, 0]]);
const rows = (t: Tensor) => (t.toArray() as number[][]).map((r) => r.map((v) => Math.round(v * 1e9) / 1e9));
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('StandardScaler', () => {
  test('partialFit over batches equals fit on all rows, and continues after fit', () => {
    const full = new StandardScaler().fit(X);
    const inc = new StandardScaler().partialFit(Tensor.from([[1, -2, 0]])).partialFit(Tensor.from([[3, 4, 0], [5, 6, 0], [7, 9, 0]]));
    const vec = (t: Tensor) => Array.from(t.data as Float64Array, (v) => Math.round(v * 1e9) / 1e9);
    expect(vec(inc.mean_ as Tensor)).toEqual(vec(full.mean_ as Tensor));
    expect(vec(inc.var_ as Tensor)).toEqual(vec(full.var_ as Tensor));
    expect(inc.nSamplesSeen_).toBe(4);
    expect(new StandardScaler().fit(X).partialFit(X).nSamplesSeen_).toBe(8);
    expect(code(() => inc.partialFit(Tensor.from([[1, 2]])))).toMatch(/ERR_APRENDER_FEATURES: X has 2 features, but StandardScaler is expecting 3/);
  });

  test('a constant feature keeps scale 1; withMean / withStd off; inverseTransform round-trips', () => {
    const s = new StandardScaler().fit(X);
    expect((s.scale_ as Tensor<'float64'>).data[2]).toBe(1);
    expect(rows(s.inverseTransform(s.transform(X)))).toEqual(rows(X));
    const plain = new StandardScaler({ withMean: false, withStd: false }).fit(X);
    expect([plain.mean_, plain.var_, plain.scale_]).toEqual([null, null, null]);
    expect(rows(plain.transform(X))).toEqual(rows(X));
    expect(rows(new StandardScaler({ withMean: false }).fit(X).transform(X))[0][0]).toBeCloseTo(1 / Math.sqrt(5));
  });

  test('feature names come from Arrow columns', () => {
    const t = tableFromArrays({ a: Float64Array.of(1, 2), b: Float64Array.of(3, 5) });
    expect(new StandardScaler().fit(t).getFeatureNamesOut()).toEqual(['a', 'b']);
    expect(new StandardScaler().fit(X).getFeatureNamesOut()).toEqual(['x0', 'x1', 'x2']);
    expect(code(() => new StandardScaler().fit(X).getFeatureNamesOut(['a']))).toMatch(/ERR_APRENDER_RANGE: Expected 3 feature names/);
    expect(code(() => new StandardScaler().getFeatureNamesOut())).toMatch(/ERR_APRENDER_NOT_FITTED/);
  });
});

describe('MinMaxScaler and MaxAbsScaler', () => {
  test('featureRange, clip and inverseTransform', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] }).fit(X);
    expect(rows(s.transform(X)).map((r) => r[0])).toEqual([-1, -1 / 3, 1 / 3, 1].map((v) => Math.round(v * 1e9) / 1e9));
    expect(rows(s.inverseTransform(s.transform(X)))).toEqual(rows(X));
    const c = new MinMaxScaler({ clip: true }).fit(X);
    expect(rows(c.transform(Tensor.from([[100, -100, 0]])))).toEqual([[1, 0, 0]]);
    for (const bad of [[1, 0], [0], 'wide', [0, Infinity]]) {
      expect(code(() => new MinMaxScaler({ featureRange: bad as never }).fit(X))).toMatch(/ERR_APRENDER_PARAM: Expected a pair \[low, high\].*featureRange/);
    }
  });

  test('partialFit widens the range; a zero column keeps scale 1', () => {
    const inc = new MinMaxScaler().partialFit(Tensor.from([[1, -2, 0], [3, 4, 0]])).partialFit(Tensor.from([[5, 6, 0], [7, 9, 0]]));
    expect(rows(inc.transform(X))).toEqual(rows(new MinMaxScaler().fit(X).transform(X)));
    const m = new MaxAbsScaler().partialFit(Tensor.from([[1, -2, 0]])).partialFit(Tensor.from([[3, 4, 0], [5, 6, 0], [7, 9, 0]]));
    expect(Array.from((m.scale_ as Tensor<'float64'>).data)).toEqual([7, 9, 1]);
    expect(rows(m.inverseTransform(m.transform(X)))).toEqual(rows(X));
  });
});

describe('RobustScaler and Normalizer', () => {
  test('median and IQR as numpy; NaN ignored at fit and kept at transform', () => {
    const r = new RobustScaler().fit(Tensor.from([[1], [2], [3], [4], [NaN], [100]]));
    expect(Array.from((r.center_ as Tensor<'float64'>).data)).toEqual([3]);
    expect(Array.from((r.scale_ as Tensor<'float64'>).data)).toEqual([2]);
    expect(Number.isNaN((r.transform(Tensor.from([[NaN]])).data as Float64Array)[0])).toBe(true);
    const off = new RobustScaler({ withCentering: false, withScaling: false }).fit(X);
    expect([off.center_, off.scale_]).toEqual([null, null]);
    expect(rows(new RobustScaler().fit(X).inverseTransform(new RobustScaler().fit(X).transform(X)))).toEqual(rows(X));
    for (const bad of [[80, 20], [-1, 50], [50, 101]]) expect(code(() => new RobustScaler({ quantileRange: bad as never }).fit(X))).toMatch(/ERR_APRENDER_PARAM.*quantileRange/);
  });

  test('rows to unit l1 / l2 / max norm; a zero row stays zero', () => {
    const Z = Tensor.from([[3, 4], [0, 0], [-2, 1]]);
    expect(rows(new Normalizer().fit(Z).transform(Z))).toEqual([[0.6, 0.8], [0, 0], [-2 / Math.sqrt(5), 1 / Math.sqrt(5)].map((v) => Math.round(v * 1e9) / 1e9)]);
    expect(rows(new Normalizer({ norm: 'l1' }).fit(Z).transform(Z))[0]).toEqual([3 / 7, 4 / 7].map((v) => Math.round(v * 1e9) / 1e9));
    expect(rows(new Normalizer({ norm: 'max' }).fit(Z).transform(Z))[2]).toEqual([-1, 0.5]);
    expect(code(() => new Normalizer({ norm: 'l3' as never }).fit(Z))).toMatch(/ERR_APRENDER_PARAM: Expected 'l1', 'l2', 'max' for the norm parameter/);
  });

  test('quantiles: numpy linear percentiles and the normal quantile function', () => {
    expect(sortedPercentile([1, 2, 3, 4], 25)).toBe(1.75);
    expect(sortedPercentile([5], 90)).toBe(5);
    expect(Number.isNaN(sortedPercentile([], 50))).toBe(true);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect([normalQuantile(0), normalQuantile(1)]).toEqual([-Infinity, Infinity]);
  });
});

describe('OneHotEncoder', () => {
  const data = [['red', 1], ['blue', 2], ['red', 3]];

  test('string and numeric columns of a nested array; names as scikit-learn', () => {
    const enc = new OneHotEncoder().fit(data);
    expect(enc.categories_).toEqual([['blue', 'red'], [1, 2, 3]]);
    expect(rows(enc.transform(data))).toEqual([[0, 1, 1, 0, 0], [1, 0, 0, 1, 0], [0, 1, 0, 0, 1]]);
    expect(enc.getFeatureNamesOut()).toEqual(['x0_blue', 'x0_red', 'x1_1.0', 'x1_2.0', 'x1_3.0']);
    expect(enc.getFeatureNamesOut(['color', 'size'])).toEqual(['color_blue', 'color_red', 'size_1.0', 'size_2.0', 'size_3.0']);
  });

  test('Arrow dictionary, Utf8 and integer columns; nulls and NaN are categories of their own', () => {
    const color = vectorFromArray(['a', 'b', null, 'a'], new Dictionary(new Utf8(), new Int32()));
    const t = new Table({ color, n: vectorFromArray([1, 2, 2, 1], new Int32()), f: vectorFromArray([0.5, NaN, 0.5, 0.5]) });
    const enc = new OneHotEncoder().fit(t);
    expect(enc.featureNamesIn_).toEqual(['color', 'n', 'f']);
    expect(enc.categories_?.[0]).toEqual(['a', 'b', null]);
    expect(enc.getFeatureNamesOut()).toEqual(['color_a', 'color_b', 'color_None', 'n_1.0', 'n_2.0', 'f_0.5', 'f_nan']);
    expect(rows(enc.transform(t))[2]).toEqual([0, 0, 1, 0, 1, 1, 0]);
    const ds = ArrowDataset.fromTable(t);
    expect(rows(new OneHotEncoder().fit(ds).transform(ds))).toEqual(rows(enc.transform(t)));
  });

  test('drop: first, if_binary, one category per feature; unknowns per handleUnknown', () => {
    expect(new OneHotEncoder({ drop: 'first' }).fit(data).getFeatureNamesOut()).toEqual(['x0_red', 'x1_2.0', 'x1_3.0']);
    const bin = new OneHotEncoder({ drop: 'if_binary' }).fit(data);
    expect(bin.dropIdx_).toEqual([0, null]);
    expect(bin.getFeatureNamesOut()).toEqual(['x0_red', 'x1_1.0', 'x1_2.0', 'x1_3.0']);
    expect(new OneHotEncoder({ drop: ['red', 2] }).fit(data).getFeatureNamesOut()).toEqual(['x0_blue', 'x1_1.0', 'x1_3.0']);
    expect(code(() => new OneHotEncoder({ drop: ['red'] }).fit(data))).toMatch(/ERR_APRENDER_RANGE: Expected one category per feature \(2\)/);
    expect(code(() => new OneHotEncoder({ drop: ['green', 2] }).fit(data))).toMatch(/ERR_APRENDER_RANGE: .*received "green"/);
    const strict = new OneHotEncoder().fit(data);
    expect(code(() => strict.transform([['green', 1]]))).toMatch(/ERR_APRENDER_RANGE: Expected only categories seen at fit in feature 0 .*"green"/);
    expect(rows(new OneHotEncoder({ handleUnknown: 'ignore' }).fit(data).transform([['green', 9]]))).toEqual([[0, 0, 0, 0, 0]]);
  });

  test('inverseTransform: categories back, dropped ones from zeros, unknowns as null', () => {
    const enc = new OneHotEncoder().fit(data);
    expect(enc.inverseTransform(enc.transform(data))).toEqual(data);
    expect(code(() => enc.inverseTransform([[0, 0, 1, 0, 0]]))).toMatch(/ERR_APRENDER_RANGE: Expected a 1 among the columns of feature 0 in row 0/);
    expect(code(() => enc.inverseTransform([[0, 1]]))).toMatch(/ERR_APRENDER_RANGE: Expected 5 columns/);
    const dropped = new OneHotEncoder({ drop: 'first' }).fit(data);
    expect(dropped.inverseTransform(dropped.transform(data))).toEqual(data);
    const lenient = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(data);
    expect(lenient.inverseTransform(lenient.transform([['green', 2]]))).toEqual([[null, 2]]);
    const nums = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([[1], [2]]);
    const back = nums.inverseTransform([[0, 1], [0, 0]]) as Tensor<'float64'>;
    expect(Array.from(back.data)).toEqual([2, NaN]);
  });

  test('infrequent categories: grouped, named, and where unknowns go', () => {
    const col = [['a'], ['a'], ['a'], ['b'], ['b'], ['c'], ['d']];
    const enc = new OneHotEncoder({ minFrequency: 2, handleUnknown: 'infrequent_if_exist' }).fit(col);
    expect(enc.infrequentCategories_).toEqual([['c', 'd']]);
    expect(enc.getFeatureNamesOut()).toEqual(['x0_a', 'x0_b', 'x0_infrequent_sklearn']);
    expect(rows(enc.transform([['d'], ['zzz'], ['a']]))).toEqual([[0, 0, 1], [0, 0, 1], [1, 0, 0]]);
    expect(new OneHotEncoder({ maxCategories: 2 }).fit(col).infrequentCategories_).toEqual([['b', 'c', 'd']]);
    expect(code(() => new OneHotEncoder({ minFrequency: 2, drop: ['c'] }).fit(col))).toMatch(/ERR_APRENDER_RANGE: .*infrequent/);
  });

  test('given categories: checked against the data and its type', () => {
    const enc = new OneHotEncoder({ categories: [['red', 'blue', 'green'], [1, 2, 3]] }).fit(data);
    expect(enc.getFeatureNamesOut().slice(0, 3)).toEqual(['x0_red', 'x0_blue', 'x0_green']);
    expect(code(() => new OneHotEncoder({ categories: [['red'], [1, 2, 3]] }).fit(data))).toMatch(/ERR_APRENDER_RANGE: .*unknown categories \['blue'\]/);
    expect(code(() => new OneHotEncoder({ categories: [['red', 'blue'], [3, 1, 2]] }).fit(data))).toMatch(/ERR_APRENDER_RANGE: Expected sorted distinct numeric categories/);
    expect(code(() => new OneHotEncoder({ categories: [[1, 2], [1, 2, 3]] }).fit(data))).toMatch(/ERR_APRENDER_TYPE: Expected string categories for feature 0/);
    expect(code(() => new OneHotEncoder({ categories: [['red', 'blue']] }).fit(data))).toMatch(/ERR_APRENDER_RANGE: Expected one category list per feature \(2\)/);
  });

  test('bad input and parameters give coded errors', () => {
    expect(code(() => new OneHotEncoder({ sparseOutput: true as never }).fit(data))).toMatch(/ERR_APRENDER_PARAM: Expected false for the sparseOutput parameter/);
    expect(code(() => new OneHotEncoder({ minFrequency: 1.5 }).fit(data))).toMatch(/ERR_APRENDER_PARAM: .*minFrequency/);
    expect(code(() => new OneHotEncoder().fit([['a', 1], [2, 1]]))).toMatch(/ERR_APRENDER_TYPE: Expected strings in column 0/);
    expect(code(() => new OneHotEncoder().fit([['a', 1], ['b', 'c']]))).toMatch(/ERR_APRENDER_TYPE: Expected numbers in column 1/);
    expect(code(() => new OneHotEncoder().fit([[{}]] as never))).toMatch(/ERR_APRENDER_TYPE: Expected numbers or strings/);
    expect(code(() => new OneHotEncoder().fit([['a'], ['b', 'c']]))).toMatch(/ERR_APRENDER_RANGE: Expected rows of 1 values/);
    expect(code(() => new OneHotEncoder().fit(data).transform([[1, 1]]))).toMatch(/ERR_APRENDER_RANGE: Expected string values in feature 0/);
    expect(code(() => new OneHotEncoder().fit([[Infinity]]))).toMatch(/ERR_APRENDER_RANGE: Expected finite values/);
    expect(code(() => new OneHotEncoder().fit([]))).toMatch(/ERR_APRENDER_RANGE: Expected at least 1 sample/);
    expect(code(() => new OneHotEncoder().fit(['a', 'b'] as never))).toMatch(/ERR_APRENDER_RANGE: Expected a 2-D array/);
    expect(code(() => new OneHotEncoder().fit(tableFromArrays({ d: [new Date(0)] }) as never))).toMatch(/ERR_APRENDER_TYPE: Expected numeric or string columns/);
  });
});

describe('OrdinalEncoder', () => {
  test('codes, unknown and missing values, inverseTransform', () => {
    const enc = new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1, encodedMissingValue: -2 }).fit([['b', 5], ['a', NaN], ['b', 7]]);
    expect(enc.categories_).toEqual([['a', 'b'], [5, 7, NaN]]);
    expect(rows(enc.transform([['a', 7], ['zz', NaN], ['b', 6]]))).toEqual([[0, 1], [-1, -2], [1, -1]]);
    expect(enc.inverseTransform([[0, 1], [-1, -2]])).toEqual([['a', 7], [null, NaN]]);
    const nums = new OrdinalEncoder().fit([[3], [1]]);
    expect(rows(nums.inverseTransform([[1], [0]]) as Tensor)).toEqual([[3], [1]]);
    expect(code(() => nums.inverseTransform([[5]]))).toMatch(/ERR_APRENDER_RANGE: Expected codes 0..1 in feature 0/);
    expect(new OrdinalEncoder().fit(tableFromArrays({ city: ['x', 'y'] })).getFeatureNamesOut()).toEqual(['city']);
  });

  test('unknownValue must be set with use_encoded_value and not collide with a code', () => {
    const data = [['a'], ['b'], ['c']];
    expect(code(() => new OrdinalEncoder({ handleUnknown: 'use_encoded_value' }).fit(data))).toMatch(/ERR_APRENDER_PARAM: Expected unknownValue to be set/);
    expect(code(() => new OrdinalEncoder({ unknownValue: -1 }).fit(data))).toMatch(/ERR_APRENDER_PARAM/);
    expect(code(() => new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: 1 }).fit(data))).toMatch(/ERR_APRENDER_PARAM: Expected an unknownValue outside the codes 0..2/);
    expect(code(() => new OrdinalEncoder({ encodedMissingValue: 0 }).fit([[1], [NaN]]))).toMatch(/ERR_APRENDER_PARAM: Expected an encodedMissingValue outside/);
    expect(code(() => new OrdinalEncoder({ unknownValue: 0.5 as never }).fit(data))).toMatch(/ERR_APRENDER_PARAM: Expected an integer or NaN or null for the unknownValue/);
    expect(code(() => new OrdinalEncoder().fit(data).transform([['d']]))).toMatch(/ERR_APRENDER_RANGE: .*unknown category "d"/);
  });

  test('infrequent categories share one code after the frequent ones', () => {
    const enc = new OrdinalEncoder({ minFrequency: 2 }).fit([['a'], ['a'], ['b'], ['c'], ['c']]);
    expect(rows(enc.transform([['a'], ['b'], ['c']]))).toEqual([[0], [2], [1]]);
  });
});

describe('LabelEncoder', () => {
  test('strings and numbers; inverseTransform in the labels dtype', () => {
    const le = new LabelEncoder().fit(['tokyo', 'paris', 'tokyo']);
    expect(le.classes_).toEqual(['paris', 'tokyo']);
    expect(Array.from(le.transform(['tokyo', 'paris']).data)).toEqual([1, 0]);
    expect(le.inverseTransform([1, 0])).toEqual(['tokyo', 'paris']);
    const nums = new LabelEncoder();
    expect(Array.from(nums.fitTransform(Int32Array.of(10, 3, 10)).data)).toEqual([1, 0, 1]);
    const back = nums.inverseTransform([0, 1]) as Tensor<'int32'>;
    expect([back.dtype, Array.from(back.data)]).toEqual(['int32', [3, 10]]);
  });

  test('bad labels give coded errors', () => {
    const le = new LabelEncoder().fit(['a', 'b']);
    expect(code(() => le.transform(['c']))).toMatch(/ERR_APRENDER_RANGE: Expected one of the classes \["a","b"\] in y but received "c"/);
    expect(code(() => le.inverseTransform([2]))).toMatch(/ERR_APRENDER_RANGE: Expected codes 0..1/);
    expect(code(() => le.inverseTransform([0.5]))).toMatch(/ERR_APRENDER_RANGE/);
    expect(code(() => le.inverseTransform(['a']))).toMatch(/ERR_APRENDER_TYPE/);
    expect(code(() => new LabelEncoder().fit([]))).toMatch(/ERR_APRENDER_RANGE: Expected at least 1 classes/);
    expect(code(() => new LabelEncoder().fit([1, NaN]))).toMatch(/ERR_APRENDER_RANGE: Expected finite values/);
    expect(code(() => new LabelEncoder().fit('ab' as never))).toMatch(/ERR_APRENDER_TYPE/);
    expect(code(() => new LabelEncoder().fit(Tensor.from([[1, 2]])))).toMatch(/ERR_APRENDER_RANGE: Expected a 1-D y/);
    expect(code(() => new LabelEncoder().transform([1]))).toMatch(/ERR_APRENDER_NOT_FITTED/);
  });
});

describe('SimpleImputer', () => {
  const holes = Tensor.from([[1, NaN, NaN], [NaN, 2, NaN], [3, 2, NaN], [3, 5, NaN]]);

  test('strategies, a column entirely missing dropped unless kept, indicator columns', () => {
    expect(rows(new SimpleImputer().fit(holes).transform(holes))).toEqual([[1, 3], [7 / 3, 2], [3, 2], [3, 5]].map((r) => r.map((v) => Math.round(v * 1e9) / 1e9)));
    expect(rows(new SimpleImputer({ strategy: 'most_frequent' }).fit(holes).transform(holes))[0]).toEqual([1, 2]);
    expect(rows(new SimpleImputer({ strategy: 'median', keepEmptyFeatures: true }).fit(holes).transform(holes))[1]).toEqual([3, 2, 0]);
    expect(rows(new SimpleImputer({ strategy: 'constant' }).fit(holes).transform(holes))[0]).toEqual([1, 0, 0]);
    const ind = new SimpleImputer({ addIndicator: true }).fit(holes);
    expect(ind.indicatorFeatures_).toEqual([0, 1, 2]);
    expect(ind.getFeatureNamesOut()).toEqual(['x0', 'x1', 'missingindicator_x0', 'missingindicator_x1', 'missingindicator_x2']);
    expect(rows(ind.transform(holes))[0]).toEqual([1, 3, 0, 1, 1]);
  });

  test('a number as missingValues; NaN is then refused', () => {
    const imp = new SimpleImputer({ missingValues: -1, strategy: 'median' }).fit(Tensor.from([[-1], [2], [4]]));
    expect(rows(imp.transform(Tensor.from([[-1]])))).toEqual([[3]]);
    expect(code(() => imp.transform(Tensor.from([[NaN]])))).toMatch(/ERR_APRENDER_RANGE: Expected finite values in X but it contains NaN/);
    expect(code(() => new SimpleImputer({ strategy: 'mode' as never }).fit(holes))).toMatch(/ERR_APRENDER_PARAM: .*strategy/);
    expect(code(() => new SimpleImputer({ missingValues: Infinity }).fit(holes))).toMatch(/ERR_APRENDER_PARAM: .*missingValues/);
    expect(code(() => new SimpleImputer().fit(Tensor.from([[Infinity]])))).toMatch(/ERR_APRENDER_RANGE: .*infinity/);
  });
});

describe('PolynomialFeatures', () => {
  test('scikit-learn column order, degree ranges, interactions, names', () => {
    expect(rows(new PolynomialFeatures().fitTransform([[2, 3]]))).toEqual([[1, 2, 3, 4, 6, 9]]);
    const p = new PolynomialFeatures({ degree: [2, 3], includeBias: false }).fit([[2, 3]]);
    expect(p.getFeatureNamesOut()).toEqual(['x0^2', 'x0 x1', 'x1^2', 'x0^3', 'x0^2 x1', 'x0 x1^2', 'x1^3']);
    expect(p.powers_?.[4]).toEqual([2, 1]);
    const i = new PolynomialFeatures({ degree: 3, interactionOnly: true }).fit(tableFromArrays({ a: [1], b: [2], c: [3] }));
    expect(i.getFeatureNamesOut()).toEqual(['1', 'a', 'b', 'c', 'a b', 'a c', 'b c', 'a b c']);
    expect(i.nOutputFeatures_).toBe(8);
  });

  test('bad degrees are named', () => {
    expect(code(() => new PolynomialFeatures({ degree: 0, includeBias: false }).fit([[1]]))).toMatch(/ERR_APRENDER_PARAM: Expected a degree above 0/);
    for (const d of [[3, 2], -1, 1.5, [1]]) expect(code(() => new PolynomialFeatures({ degree: d as never }).fit([[1]]))).toMatch(/ERR_APRENDER_PARAM: .*degree/);
  });
});

describe('toColumns and shapeOf (the base conversion for string columns)', () => {
  test('numbers stay float64 columns, strings stay strings, names from tables', () => {
    const c = toColumns([['a', 1], ['b', 2]]);
    expect(c.columns).toEqual([{ kind: 'string', values: ['a', 'b'] }, { kind: 'number', values: Float64Array.of(1, 2) }]);
    expect(toColumns(Tensor.from([[1, 2]])).columns[1]).toEqual({ kind: 'number', values: Float64Array.of(2) });
    expect(shapeOf(tableFromArrays({ q: [1, 2] }))).toEqual({ rows: 2, cols: 1, featureNames: ['q'] });
  });

  test('bad input', () => {
    expect(code(() => shapeOf(Tensor.from([1, 2])))).toMatch(/ERR_APRENDER_RANGE: Expected a 2-D X/);
    expect(code(() => shapeOf(42))).toMatch(/ERR_APRENDER_TYPE/);
    expect(code(() => shapeOf([[]]))).toMatch(/ERR_APRENDER_RANGE: Expected at least 1 feature/);
    expect(code(() => toColumns([['a', 1], [null, 2]]))).toMatch(/ERR_APRENDER_RANGE: Expected no missing \(null\) values/);
    expect(toColumns([['a'], [null]], { allowNaN: true }).columns[0].values).toEqual(['a', null]);
    expect(code(() => toColumns(tableFromArrays({ a: ['x'] }), { minSamples: 2 }))).toMatch(/ERR_APRENDER_RANGE: Expected at least 2 sample/);
  });
});

describe('copy: false scales a float64 Tensor in place', () => {
  test.each([
    ['StandardScaler', () => new StandardScaler({ copy: false })],
    ['MinMaxScaler', () => new MinMaxScaler({ copy: false, clip: true })],
    ['MaxAbsScaler', () => new MaxAbsScaler({ copy: false })],
    ['RobustScaler', () => new RobustScaler({ copy: false })],
    ['Normalizer', () => new Normalizer({ copy: false })],
  ] as const)('%s', (_name, make) => {
    const data = Tensor.from([[1, -2, 0], [3, 4, 0], [5, 6, 0], [7, 9, 0]]);
    const want = rows(make().setParams({ copy: true }).fit(data).transform(data));
    const est = make().fit(data);
    const out = est.transform(data);
    expect(out).toBe(data);
    expect(rows(data)).toEqual(want);
    const t = tableFromArrays({ a: Float64Array.of(1, 3), b: Float64Array.of(2, 8), c: Float64Array.of(4, 4) });
    const before = Array.from(t.getChild('a')?.toArray() as Float64Array);
    make().fit(t).transform(t);
    expect(Array.from(t.getChild('a')?.toArray() as Float64Array)).toEqual(before);
    if ('inverseTransform' in est) expect(rows((est as StandardScaler).inverseTransform(data.clone()))).toEqual(rows(Tensor.from([[1, -2, 0], [3, 4, 0], [5, 6, 0], [7, 9, 0]])));
  });
});

describe('NaN marks missing values in the scalers, as in scikit-learn', () => {
  test('ignored at fit, kept at transform; per-feature counts; partialFit across batches', () => {
    const holes = Tensor.from([[1, NaN], [3, 4], [NaN, 8]]);
    const s = new StandardScaler().fit(holes);
    expect(Array.from((s.mean_ as Tensor<'float64'>).data)).toEqual([2, 6]);
    expect(s.nSamplesSeen_).toBe(2); // one count when every feature saw as many values
    expect(new StandardScaler().fit(Tensor.from([[1, NaN], [3, 4], [5, 8]])).nSamplesSeen_).toEqual([3, 2]);
    expect(Number.isNaN((s.transform(holes).data as Float64Array)[1])).toBe(true);
    const inc = new StandardScaler().partialFit(Tensor.from([[NaN, 1]])).partialFit(Tensor.from([[2, 3], [4, NaN]]));
    expect(Array.from((inc.mean_ as Tensor<'float64'>).data)).toEqual([3, 2]);
    expect(inc.nSamplesSeen_).toBe(2);
    expect(new StandardScaler().fit(holes, undefined, { sampleWeight: [1, 1, 2] }).nSamplesSeen_).toEqual([2, 3]);
    const mm = new MinMaxScaler().fit(holes).partialFit(Tensor.from([[NaN, 10]]));
    expect([Array.from((mm.dataMin_ as Tensor<'float64'>).data), Array.from((mm.dataMax_ as Tensor<'float64'>).data)]).toEqual([[1, 4], [3, 10]]);
    expect(Array.from((new MaxAbsScaler().fit(Tensor.from([[-5, NaN], [2, NaN]])).maxAbs_ as Tensor<'float64'>).data)).toEqual([5, NaN]);
    expect(code(() => new StandardScaler().fit(Tensor.from([[Infinity]])))).toMatch(/ERR_APRENDER_RANGE: .*infinity/);
  });
});
