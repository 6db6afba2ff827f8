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
 * @param floor - differences below this count as equal (float32 results near 0)
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, floor = 0): void {
  const diffs = Array.from(expected, (e, i) => Math.abs(actual[i] - e) <= floor ? 0 : Math.abs(actual[i] - e) / (e === 0 ? 1 : Math.abs(e)));
  const worst = diffs.reduce((m, d, i) => (d > diffs[m] || Number.isNaN(d) ? i : m), 0);
  if (!(diffs[worst] <= rtol) || actual.length !== expected.length) {
    throw new Error(`Expected ONNX values within ${rtol} relative but at ${worst} got ${actual[worst]} vs ${expected[worst]} (relative ${diffs[worst]}; lengths ${actual.length} / ${expected.length})`);
  }
}
