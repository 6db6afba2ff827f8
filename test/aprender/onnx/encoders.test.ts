/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * ONNX export of OneHotEncoder and OrdinalEncoder on numeric (fractional) and string categories derived from iris,
 * with categories unseen at fit in the test rows, missing values, infrequent groups and dropped columns, alone and
 * in a Pipeline ending in LogisticRegression (string input, labels out).
 */
import { LogisticRegression, OneHotEncoder, OrdinalEncoder, Pipeline, toOnnx } from '../../../lib/aprender';
import type { Estimator } from '../../../lib/aprender/base/estimator';
import type { Tensor } from '../../../lib/trueno/tensor';
import { loadSplit } from '../reference/data';
import { DTYPES, expectClose, runOnnx, type Dtype } from './helpers';

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

async function checkEncoder(model: Estimator & { transform(X: unknown): Tensor }, rows: (number | string)[][], dtype: Dtype): Promise<void> {
  const out = await run(model, rows, dtype);
  const expected = model.transform(rows);
  expect(out.variable.dims).toEqual(expected.shape);
  // lookups copy the table entries: equal (NaN where transform gives NaN)
  expectClose(out.variable.data as number[], expected.data as Float64Array, 0);
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

  test('mixed string and numeric features are refused with ERR_APRENDER_ONNX_OPTION', () => {
    const model = new OrdinalEncoder().fit([['a', 1], ['b', 2]]);
    expect(() => toOnnx(model, { dtype })).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_ONNX_OPTION', estimator: 'OrdinalEncoder', option: 'categories_' }));
  });
});
