/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * ONNX export of OneHotEncoder and OrdinalEncoder on numeric (fractional) and string categories derived from iris,
 * with categories unseen at fit in the test rows, missing values, infrequent groups and dropped columns, alone and
 * in a Pipeline ending in LogisticRegression (string input, labels out).
 */
import {
  ColumnTransformer, LogisticRegression, MinMaxScaler, Normalizer, OneHotEncoder, OrdinalEncoder, Pipeline, StandardScaler, toOnnx,
} from '../../../lib/aprender';
import type { Estimator } from '../../../lib/aprender/base/estimator';
import type { Tensor } from '../../../lib/trueno/tensor';
import { loadSplit } from '../reference/data';
import { DTYPES, expectClose, runOnnx, tolerance, type Dtype } from './helpers';

/** Iris rounded to halves (fractional numeric categories), NaN every 11th entry of the test rows. */
function halves(X: Tensor, holes: boolean): number[][] {
  const [n, d] = X.shape;
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => {
    const t = i * d + j;
    return holes && t % 11 === 4 ? NaN : Math.round((X.data as Float64Array)[t] * 2) / 2;
  }));
}

/** The same as strings ('5.5'), so string categories compare in code-unit order. */
const asStrings = (rows: number[][]): string[][] => rows.map((r) => r.map((v) => `v${v}`));

async function run(model: Estimator, rows: (number | string)[][], dtype: Dtype) {
  const type = typeof rows[0][0] === 'string' ? 'string' : dtype;
  return runOnnx(toOnnx(model, { dtype }), rows.flat() as number[] | string[], [rows.length, rows[0].length], type);
}

/**
 * Runs an exported transformer on rows and compares with transform: exactly for the encoders (lookups copy the
 * table entries; NaN where transform gives NaN), within the precision's tolerance where arithmetic is involved.
 */
async function checkEncoder(model: Estimator & { transform(X: unknown): Tensor }, rows: (number | string)[][], dtype: Dtype, exact = true): Promise<void> {
  const out = await run(model, rows, dtype);
  const expected = model.transform(rows);
  expect(out.variable.dims).toEqual(expected.shape);
  const [rtol, floor] = exact ? [0, 0] : tolerance(dtype);
  expectClose(out.variable.data as number[], expected.data as Float64Array, rtol, floor);
}

describe.each(DTYPES)('encoders to ONNX (%s)', (dtype) => {
  const s = loadSplit('iris');
  const train = halves(s.XTrain, false);
  const testRows = halves(s.XTest, false);

  test.each([
    ['numbers', false], ['strings', true],
  ] as const)('OneHotEncoder on %s: known and unknown categories', async (_name, strings) => {
    const model = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(strings ? asStrings(train) : train);
    await checkEncoder(model, strings ? asStrings(testRows) : testRows, dtype);
  });

  test.each([
    ['drop first', { drop: 'first', handleUnknown: 'ignore' }],
    ['infrequent groups', { minFrequency: 6, handleUnknown: 'infrequent_if_exist' }],
    ['maxCategories with drop if_binary', { maxCategories: 2, drop: 'if_binary', handleUnknown: 'ignore' }],
  ] as const)('OneHotEncoder with %s', async (_name, options) => {
    const model = new OneHotEncoder(options as never).fit(asStrings(train));
    await checkEncoder(model, asStrings(testRows), dtype);
  });

  test('OneHotEncoder with a missing-value category (NaN in the training rows)', async () => {
    const model = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(halves(s.XTrain, true));
    await checkEncoder(model, halves(s.XTest, true), dtype);
  });

  test.each([
    ['numbers', false], ['strings', true],
  ] as const)('OrdinalEncoder on %s with unknownValue and encodedMissingValue', async (_name, strings) => {
    const fitRows = halves(s.XTrain, true);
    const model = new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1, encodedMissingValue: -2 });
    model.fit(strings ? asStrings(fitRows.map((r) => r.map((v) => (Number.isNaN(v) ? 0 : v)))) : fitRows);
    await checkEncoder(model, strings ? asStrings(testRows) : halves(s.XTest, true), dtype);
  });

  test('OrdinalEncoder with infrequent categories and NaN for unknown values', async () => {
    const model = new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: NaN, minFrequency: 5 }).fit(train);
    await checkEncoder(model, testRows, dtype);
  });

  test('Pipeline OneHotEncoder + LogisticRegression on string rows: one graph, string input, labels out', async () => {
    const pipe = new Pipeline({ steps: [['encode', new OneHotEncoder({ handleUnknown: 'ignore' })], ['clf', new LogisticRegression({ C: 10 })]] });
    pipe.fit(asStrings(train), s.yTrain);
    const rows = asStrings(testRows);
    const out = await run(pipe, rows, dtype);
    expect(out.label.data).toEqual(Array.from((pipe.predict!(rows as never) as Tensor).data as Int32Array));
    expectClose(out.probabilities.data as number[], (pipe.predictProba!(rows as never) as Tensor).data as Float64Array, dtype === 'float64' ? 1e-5 : 1e-3, dtype === 'float64' ? 1e-14 : 1e-5);
  });

  test('numeric categories equal in float32 are refused in float32 only', async () => {
    const model = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([[0.1], [0.1 + 1e-12], [2]]);
    if (dtype === 'float32') {
      expect(() => toOnnx(model, { dtype })).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_ONNX_OPTION', option: 'categories_' }));
    } else {
      await checkEncoder(model, [[0.1], [0.1 + 1e-12], [2], [3]], dtype);
    }
  });

  test('mixed string and numeric features are refused with ERR_APRENDER_ONNX_OPTION', () => {
    const model = new OrdinalEncoder().fit([['a', 1], ['b', 2]]);
    expect(() => toOnnx(model, { dtype })).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_ONNX_OPTION', estimator: 'OrdinalEncoder', option: 'categories_' }));
  });
});

describe.each(DTYPES)('ColumnTransformer and Normalizer to ONNX (%s)', (dtype) => {
  const s = loadSplit('iris');
  const train = halves(s.XTrain, false);
  const testRows = halves(s.XTest, false);

  test('numeric columns: a scaler on two, one-hot on two, then LogisticRegression, as one graph', async () => {
    const ct = new ColumnTransformer({ transformers: [['scale', new StandardScaler(), [0, 1]], ['onehot', new OneHotEncoder({ handleUnknown: 'ignore' }), [2, 3]]] });
    await checkEncoder(ct.fit(train), testRows, dtype, false);
    const pipe = new Pipeline({ steps: [['columns', ct], ['clf', new LogisticRegression()]] }).fit(train, s.yTrain);
    const out = await run(pipe, testRows, dtype);
    expect(out.label.data).toEqual(Array.from((pipe.predict!(testRows as never) as Tensor).data as Int32Array));
  });

  test('remainder passthrough, a dropped entry and transformer weights', async () => {
    const ct = new ColumnTransformer({
      transformers: [['minmax', new MinMaxScaler(), [3]], ['gone', 'drop', [1]]], remainder: 'passthrough', transformerWeights: { minmax: 2.5 },
    });
    await checkEncoder(ct.fit(train), testRows, dtype, false);
  });

  test('string columns: one-hot and ordinal entries on one string input', async () => {
    const ct = new ColumnTransformer({ transformers: [
      ['onehot', new OneHotEncoder({ handleUnknown: 'ignore' }), [0, 1]],
      ['ordinal', new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1 }), [2, 3]],
    ] });
    await checkEncoder(ct.fit(asStrings(train)), asStrings(testRows), dtype);
  });

  test('a string encoder beside a numeric scaler is refused with ERR_APRENDER_ONNX_OPTION', () => {
    const rows = train.map((r) => [`c${r[0]}`, r[1]]);
    const ct = new ColumnTransformer({ transformers: [['onehot', new OneHotEncoder(), [0]], ['scale', new StandardScaler(), [1]]] }).fit(rows);
    expect(() => toOnnx(ct, { dtype })).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_ONNX_OPTION', estimator: 'ColumnTransformer' }));
  });

  test.each(['l1', 'l2', 'max'] as const)('Normalizer (%s), a zero row left as it is', async (norm) => {
    const rows = [...testRows, [0, 0, 0, 0]];
    await checkEncoder(new Normalizer({ norm }).fit(train), rows, dtype, false);
  });
});
