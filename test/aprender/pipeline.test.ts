/**
 * Pipeline, makePipeline and ColumnTransformer: delegation as scikit-learn's (methods exist only where the last
 * step has them), nested parameters, fitted clones, named Arrow columns with strings, and bad input.
 */
import { tableFromArrays } from 'apache-arrow';
import {
  Classifier, ColumnTransformer, makePipeline, MinMaxScaler, OneHotEncoder, Pipeline, PolynomialFeatures, SimpleImputer, StandardScaler,
  registerEstimators, type MatrixLike,
} from '../../lib/aprender';
import { decodeLabels, encodeLabels } from '../../lib/aprender/base/labels';
import { toTargets } from '../../lib/aprender/base/input';
import { Tensor } from '../../lib/trueno/tensor';

/** A nearest-centroid classifier, for a Pipeline that ends in a classifier. */
class Centroids extends Classifier<Record<string, never>> {
  static override readonly params = {} as const;
  centroids_?: Float64Array;

  protected fitImpl(X: unknown, y: unknown): void {
    const m = this.checkX(X, true);
    const { classes, codes } = encodeLabels(toTargets(y, m.rows), 2, 'Centroids');
    this.classes_ = classes;
    const sums = new Float64Array(classes.length * m.cols);
    const counts = new Float64Array(classes.length);
    codes.forEach((c, i) => {
      counts[c]++;
      for (let j = 0; j < m.cols; j++) sums[c * m.cols + j] += m.data[i * m.cols + j];
    });
    this.centroids_ = sums.map((s, k) => s / counts[Math.floor(k / m.cols)]);
  }

  predict(X: MatrixLike): Tensor | string[] {
    const m = this.checkX(X, false);
    const c = this.centroids_ as Float64Array;
    const k = (this.classes_ as unknown[]).length;
    const codes = Array.from({ length: m.rows }, (_, i) => {
      let best = 0;
      let bestD = Infinity;
      for (let a = 0; a < k; a++) {
        let d = 0;
        for (let j = 0; j < m.cols; j++) d += (m.data[i * m.cols + j] - c[a * m.cols + j]) ** 2;
        if (d < bestD) [best, bestD] = [a, d];
      }
      return best;
    });
    return decodeLabels(this.classes_ as string[], codes);
  }
}
registerEstimators(Centroids);

const X = Tensor.from([[0, 100], [1, 110], [10, 0], [11, 5], [0.5, 90], [10.5, 2]]);
const y = ['small', 'small', 'big', 'big', 'small', 'big'];
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('Pipeline', () => {
  test('ending in a classifier: predict and score delegate; kind from the last step; transform absent', () => {
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new Centroids()]] });
    expect(pipe.tags.kind).toBe('classifier');
    expect(pipe.transform).toBeUndefined();
    expect(pipe.predictProba).toBeUndefined();
    pipe.fit(X, y);
    expect(pipe.predict?.(X)).toEqual(y);
    expect(pipe.score?.(X, y)).toBe(1);
    expect(pipe.classes_).toEqual(['big', 'small']);
    expect(Object.keys(pipe.learnedState())).not.toContain('classes_');
    expect(pipe.steps_?.[0][1]).not.toBe(pipe.getParams().scale);
    expect((pipe.getParams().scale as StandardScaler).isFitted()).toBe(false);
    expect((pipe.namedSteps.scale as StandardScaler).mean_).toBeDefined();
  });

  test('of transformers: transform, fitTransform, inverseTransform, feature names; passthrough steps', () => {
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['nothing', 'passthrough'], ['range', new MinMaxScaler()]] });
    expect(pipe.predict).toBeUndefined();
    const Z = pipe.fitTransform?.(X) as Tensor<'float64'>;
    expect(Array.from(Z.data).every((v) => v >= 0 && v <= 1)).toBe(true);
    const back = pipe.inverseTransform?.(Z) as Tensor<'float64'>;
    Array.from(back.data).forEach((v, i) => expect(v).toBeCloseTo(X.data[i] as number, 9));
    const poly = new Pipeline({ steps: [['scale', new StandardScaler()], ['poly', new PolynomialFeatures({ includeBias: false })]] });
    expect(poly.fit(tableFromArrays({ a: [1, 2], b: [3, 5] })).getFeatureNamesOut()).toEqual(['a', 'b', 'a^2', 'a b', 'b^2']);
  });

  test('getParams deep and setParams with step__param and whole steps', () => {
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['range', new MinMaxScaler()]] });
    const p = pipe.getParams();
    expect(p.scale__withMean).toBe(true);
    expect(p.range__featureRange).toEqual([0, 1]);
    expect(Object.keys(pipe.getParams(false))).toEqual(['steps']);
    pipe.setParams({ scale__withMean: false, range: new MinMaxScaler({ featureRange: [-1, 1] }) });
    expect(pipe.getParams().scale__withMean).toBe(false);
    expect(pipe.getParams().range__featureRange).toEqual([-1, 1]);
    expect(Math.min(...Array.from((pipe.fit(X).transform?.(X) as Tensor).data as Float64Array))).toBe(-1);
    expect(code(() => pipe.setParams({ nope__x: 1 }))).toMatch(/ERR_APRENDER_PARAM: Expected one of steps for the parameters of Pipeline but received 'nope'/);
    expect(code(() => new Pipeline({ steps: [['a', 'passthrough'], ['b', new MinMaxScaler()]] }).setParams({ a__x: 1 }))).toMatch(/ERR_APRENDER_PARAM: Expected an estimator in the step 'a'/);
    const c = pipe.clone();
    expect(c.getParams().scale__withMean).toBe(false);
    expect(c.getParams().scale).not.toBe(pipe.getParams().scale);
  });

  test('makePipeline names steps after their classes', () => {
    const pipe = makePipeline(new StandardScaler(), new MinMaxScaler(), new StandardScaler());
    expect(pipe.getParams().steps.map(([n]) => n)).toEqual(['standardscaler-1', 'minmaxscaler', 'standardscaler-2']);
    expect(code(() => makePipeline())).toMatch(/ERR_APRENDER_RANGE: Expected at least one step/);
  });

  test('bad steps and input give coded errors', () => {
    const bad = (steps: unknown) => code(() => new Pipeline({ steps: steps as never }).fit(X, y));
    expect(bad([])).toMatch(/ERR_APRENDER_PARAM: Expected an array of \[name, estimator or 'passthrough'\] steps/);
    expect(bad([['a', new StandardScaler()], ['a', new Centroids()]])).toMatch(/ERR_APRENDER_PARAM/);
    expect(bad([['a__b', new StandardScaler()]])).toMatch(/ERR_APRENDER_PARAM/);
    expect(bad([['a', 42]])).toMatch(/ERR_APRENDER_PARAM/);
    expect(bad([['clf', new Centroids()], ['scale', new StandardScaler()]])).toMatch(/ERR_APRENDER_TYPE: Expected every step but the last of a Pipeline to transform but step 'clf'/);
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new Centroids()]] });
    expect(code(() => pipe.predict?.(X))).toMatch(/ERR_APRENDER_NOT_FITTED: This Pipeline instance is not fitted yet/);
    pipe.fit(X, y);
    expect(code(() => pipe.predict?.(Tensor.from([[1, 2, 3]])))).toMatch(/ERR_APRENDER_FEATURES: X has 3 features, but Pipeline is expecting 2/);
    expect(code(() => pipe.fit(X))).toMatch(/ERR_APRENDER_TYPE: Expected y/);
    expect(code(() => pipe.fit('X' as never, y))).toMatch(/ERR_APRENDER_TYPE/);
  });

  test('a NaN-tolerant first step makes the pipeline NaN-tolerant', () => {
    const pipe = new Pipeline({ steps: [['impute', new SimpleImputer()], ['scale', new StandardScaler()]] });
    expect(pipe.tags.allowNaN).toBe(true);
    expect(Array.from((pipe.fit(Tensor.from([[1], [NaN], [3]])).transform?.(Tensor.from([[NaN]])) as Tensor<'float64'>).data)).toEqual([0]);
  });
});

describe('ColumnTransformer', () => {
  const table = tableFromArrays({ age: Float64Array.of(20, 30, 40, 50), city: ['Lyon', 'Paris', 'Lyon', 'Nice'], score: Float64Array.of(1, 2, 3, 4) });

  test('named Arrow columns, string categories, remainder, weights, names and output indices', () => {
    const ct = new ColumnTransformer({
      transformers: [['num', new StandardScaler(), ['age']], ['cat', new OneHotEncoder(), ['city']]],
      remainder: 'passthrough', transformerWeights: { num: 2 },
    });
    const Z = ct.fitTransform(table);
    expect(Z.shape).toEqual([4, 5]);
    expect(ct.getFeatureNamesOut()).toEqual(['num__age', 'cat__city_Lyon', 'cat__city_Nice', 'cat__city_Paris', 'remainder__score']);
    expect(ct.outputIndices_).toEqual({ num: [0, 1], cat: [1, 4], remainder: [4, 5] });
    const row = Array.from(Z.data.subarray(5, 10) as Float64Array);
    expect(row[0]).toBeCloseTo(2 * (-5 / Math.sqrt(125)), 12);
    expect(row.slice(1)).toEqual([0, 0, 1, 2]);
    expect((ct.transformers_?.[1][1] as OneHotEncoder).featureNamesIn_).toEqual(['city']);
    const dropped = new ColumnTransformer({ transformers: [['cat', new OneHotEncoder(), ['city']], ['x', 'drop', ['age']]], verboseFeatureNamesOut: false });
    expect(dropped.fit(table).getFeatureNamesOut()).toEqual(['city_Lyon', 'city_Nice', 'city_Paris']);
  });

  test('indices, negative indices and masks on a Tensor', () => {
    const ct = new ColumnTransformer({ transformers: [['a', 'passthrough', [-1]], ['b', new MinMaxScaler(), [true, false]]] });
    expect((ct.fitTransform(X).toArray() as number[][])[0]).toEqual([100, 0]);
    expect(ct.getFeatureNamesOut()).toEqual(['a__x1', 'b__x0']);
    expect(ct.getParams().b__featureRange).toEqual([0, 1]);
    ct.setParams({ b__featureRange: [1, 2] });
    expect((ct.fitTransform(X).toArray() as number[][])[0]).toEqual([100, 1]);
  });

  test('bad selections and input give coded errors', () => {
    const fit = (transformers: unknown, X: unknown = table, extra = {}) => code(() => new ColumnTransformer({ transformers: transformers as never, ...extra }).fit(X as never));
    expect(fit([['n', new StandardScaler(), ['height']]])).toMatch(/ERR_APRENDER_RANGE: Expected a column of X for 'n' but there is no column 'height'/);
    expect(fit([['n', new StandardScaler(), ['age']]], X)).toMatch(/ERR_APRENDER_TYPE: Expected an Arrow Table or ArrowDataset to select columns by name/);
    expect(fit([['n', new StandardScaler(), [5]]], X)).toMatch(/ERR_APRENDER_RANGE: Expected column indices in \[-2, 2\)/);
    expect(fit([['n', new StandardScaler(), [true]]], X)).toMatch(/ERR_APRENDER_RANGE: Expected a mask of 2 booleans/);
    expect(fit([['n', new StandardScaler(), ['city']]])).toMatch(/ERR_APRENDER_TYPE: Expected numeric columns/);
    expect(fit([['n', 'passthrough', ['city']]])).toMatch(/ERR_APRENDER_TYPE: .*the columns of 'n'/);
    expect(fit([['n', new StandardScaler(), 'age']])).toMatch(/ERR_APRENDER_PARAM: .*transformers/);
    expect(fit([['n', new StandardScaler(), ['age']]], table, { remainder: 'keep' })).toMatch(/ERR_APRENDER_PARAM: .*remainder/);
    expect(fit([['n', new Centroids(), ['age']]])).toMatch(/ERR_APRENDER_TYPE: Expected a transformer for 'n'/);
    const ct = new ColumnTransformer({ transformers: [['a', new StandardScaler(), ['age']], ['b', 'passthrough', ['age']]], verboseFeatureNamesOut: false }).fit(table);
    expect(code(() => ct.getFeatureNamesOut())).toMatch(/ERR_APRENDER_RANGE: Expected unique output feature names but 'age' repeats/);
    expect(code(() => ct.transform(tableFromArrays({ age: [1], city: ['x'], other: [1] })))).toMatch(/ERR_APRENDER_FEATURES: The feature names should match/);
  });

  test('inside a Pipeline ending in a classifier, on a table with strings', () => {
    const t = tableFromArrays({ size: Float64Array.of(1, 1.2, 9, 10, 0.8, 9.5), kind: ['s', 's', 'b', 'b', 's', 'b'] });
    const pipe = makePipeline(new ColumnTransformer({ transformers: [['num', new StandardScaler(), ['size']], ['cat', new OneHotEncoder(), ['kind']]] }), new Centroids());
    expect(pipe.fit(t, y).predict?.(t)).toEqual(y);
    expect(pipe.tags.kind).toBe('classifier');
  });
});
