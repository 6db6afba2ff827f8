/**
 * Running exported models in onnxruntime-node and comparing their outputs with the estimators' own predictions.
 */
import * as ort from 'onnxruntime-node';
import type { Tensor } from '../../../lib/trueno/tensor';
import type { Estimator } from '../../../lib/aprender/base/estimator';
import { toOnnx, type ToOnnxOptions } from '../../../lib/aprender/onnx';

/** The outputs of one run, as plain arrays (int64 labels as numbers). */
export type Outputs = Record<string, { dims: readonly number[]; data: number[] | string[] }>;

/**
 * Runs ONNX bytes on X.
 * @param bytes - the model
 * @param X - rows, [n, d] numbers or strings
 * @param type - the input's element type
 * @returns every output
 */
export async function runOnnx(bytes: Uint8Array, X: ArrayLike<number> | string[], dims: [number, number],
  type: 'float32' | 'float64' | 'string'): Promise<Outputs> {
  const session = await ort.InferenceSession.create(bytes);
  const data = type === 'string' ? (X as string[]) : type === 'float32' ? Float32Array.from(X as ArrayLike<number>) : Float64Array.from(X as ArrayLike<number>);
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor(type, data, dims) });
  const out: Outputs = {};
  for (const [name, t] of Object.entries(result)) {
    out[name] = { dims: t.dims, data: Array.from(t.data as ArrayLike<number | bigint | string>, (v) => (typeof v === 'bigint' ? Number(v) : v)) as number[] | string[] };
  }
  await session.release();
  return out;
}

/**
 * Exports a model and runs it on X.
 * @param model - the fitted estimator
 * @param X - the rows
 * @param options - toOnnx's options
 * @returns the outputs
 */
export async function exportAndRun(model: Estimator, X: Tensor, options: ToOnnxOptions = {}): Promise<Outputs> {
  const bytes = toOnnx(model, options);
  return runOnnx(bytes, X.data as Float64Array, X.shape as [number, number], options.dtype ?? 'float64');
}

/**
 * Expects ONNX's values within a relative tolerance of the estimator's.
 * @param actual - ONNX's values
 * @param expected - the estimator's values
 * @param rtol - the relative tolerance
 * @param floor - differences below this count as equal (float32 results near 0); NaN equals NaN
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, floor = 0): void {
  const diffs = Array.from(expected, (e, i) => {
    if (Number.isNaN(e) && Number.isNaN(actual[i])) return 0; // missing stays missing
    const d = Math.abs(actual[i] - e);
    return d <= floor ? 0 : d / (e === 0 ? 1 : Math.abs(e));
  });
  const worst = diffs.reduce((m, d, i) => (d > diffs[m] || Number.isNaN(d) ? i : m), 0);
  if (!(diffs[worst] <= rtol) || actual.length !== expected.length) {
    throw new Error(`Expected ONNX values within ${rtol} relative but at ${worst} got ${actual[worst]} vs ${expected[worst]} (relative ${diffs[worst]}; lengths ${actual.length} / ${expected.length})`);
  }
}

/** The precisions the tests export in. */
export const DTYPES = ['float64', 'float32'] as const;
export type Dtype = (typeof DTYPES)[number];

/**
 * float32: the input and every operation round to float32, so scores of magnitude s carry errors ~ s x 6e-8 and
 * probabilities from them ~ that relative (naive Bayes on digits sums 64 log-probabilities: ~4e-4); labels still agree.
 */
export const FLOAT32_RTOL = 1e-3;

/**
 * Differences this small count as equal in float64: a binary classifier's first probability is 1 - p, which turns
 * one rounding of p (near 1) into a large relative difference of a tiny result, here as in the estimator itself.
 */
export const ULPS = 1e-14;

/** The relative tolerance and the absolute floor of a precision. */
export function tolerance(dtype: Dtype): [number, number] {
  return dtype === 'float64' ? [1e-5, ULPS] : [FLOAT32_RTOL, 1e-5];
}

/** An estimator with the methods the checks call. */
export type Predicting = Estimator & {
  predict?(X: Tensor): Tensor | string[];
  predictProba?(X: Tensor): Tensor;
  decisionFunction?(X: Tensor): Tensor;
  transform?(X: Tensor): Tensor;
};

/**
 * Exports a fitted classifier, runs it on X and checks labels (identical) and probabilities or scores (within the
 * precision's tolerance) against the estimator's.
 * @param model - the fitted classifier (or a Pipeline ending in one)
 * @param X - test rows
 * @param dtype - the export precision
 */
export async function checkClassifier(estimator: Estimator, X: Tensor, dtype: Dtype): Promise<void> {
  const model = estimator as Predicting;
  const out = await exportAndRun(model, X, { dtype });
  const labels = model.predict!(X);
  expect(out.label.data).toEqual(Array.isArray(labels) ? labels : Array.from(labels.data as ArrayLike<number>));
  const [rtol, floor] = tolerance(dtype);
  if (out.probabilities) {
    expectClose(out.probabilities.data as number[], model.predictProba!(X).data as Float64Array, rtol, floor);
  } else {
    const d = model.decisionFunction!(X);
    const expected = d.ndim === 1 ? Array.from(d.data as Float64Array).flatMap((s) => [-s, s]) : Array.from(d.data as Float64Array);
    expectClose(out.scores.data as number[], expected, rtol, floor);
  }
}

/**
 * Exports a fitted transformer or regressor, runs it on X and checks its output against transform / predict.
 * @param model - the fitted estimator
 * @param X - test rows
 * @param dtype - the export precision
 */
export async function checkValues(estimator: Estimator, X: Tensor, dtype: Dtype): Promise<void> {
  const model = estimator as Predicting;
  const out = await exportAndRun(model, X, { dtype });
  const expected = model.transform ? model.transform(X) : (model.predict!(X) as Tensor);
  expect(out.variable.dims[0]).toBe(X.shape[0]);
  expect(out.variable.data.length).toBe(expected.size);
  const [rtol, floor] = tolerance(dtype);
  expectClose(out.variable.data as number[], expected.data as Float64Array, rtol, floor);
}
