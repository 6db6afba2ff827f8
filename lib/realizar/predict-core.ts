/**
 * One prediction, the same on the event loop (small batches) and in a predict worker (the rest): rows in, the
 * estimator's predictions (and class probabilities) out as flat arrays with their shapes, ready for JSON, the Open
 * Inference Protocol's tensors or Arrow.
 */
import type { Estimator } from '../aprender/base/estimator';
import { Tensor } from '../trueno/tensor';

/** A flat output: numbers (of the estimator's dtype) or labels, and its shape (`[n]` or `[n, k]`). */
export interface Output {
  values: Float64Array | Float32Array | Int32Array | Uint8Array | number[] | string[];
  shape: number[];
}

/** What predict answers: predictions, and probabilities when asked for. */
export interface Prediction {
  predictions: Output;
  probabilities?: Output;
}

/** An estimator that predicts; predictProba when it is a probabilistic classifier. */
export interface Predictor {
  predict(X: Tensor): Tensor | string[] | readonly (string | number)[] | Promise<Tensor | string[]>;
  predictProba?(X: Tensor): Tensor | Promise<Tensor>;
  /** Both from one pass, where predict is the argmax of predictProba (the tree classifiers). */
  predictWithProba?(X: Tensor): { predictions: Tensor | string[]; probabilities: Tensor };
}

function outputOf(out: unknown, nRows: number): Output {
  if (out instanceof Tensor) return { values: out.data as Output['values'], shape: [...out.shape] };
  if (Array.isArray(out)) return { values: out as string[], shape: [nRows] };
  if (ArrayBuffer.isView(out)) return { values: out as unknown as Output['values'], shape: [nRows] };
  throw new TypeError(`Expected predict to return a Tensor or an array but it returned ${typeof out}`);
}

/** Whether the estimator can give class probabilities. */
export function hasProba(est: unknown): boolean {
  return typeof (est as Predictor).predictProba === 'function';
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => v !== null && typeof v === 'object' && typeof (v as PromiseLike<unknown>).then === 'function';

/**
 * Predicts the rows. An estimator's predict is synchronous; a wrapper whose predict returns a promise (a user's
 * predictor that awaits something) is awaited, and the result is then a promise too.
 * @param est - a fitted estimator
 * @param data - row-major values
 * @param nRows - rows
 * @param nFeatures - columns
 * @param proba - also the class probabilities
 * @returns the outputs (a promise for an asynchronous predictor)
 * @throws what the estimator's predict throws
 */
export function predictRows(est: Estimator | Predictor, data: Float64Array, nRows: number, nFeatures: number, proba: boolean): Prediction | Promise<Prediction> {
  const X = new Tensor(data, [nRows, nFeatures]);
  const p = est as Predictor;
  if (proba && typeof p.predictWithProba === 'function') {
    const both = p.predictWithProba(X);
    return { predictions: outputOf(both.predictions, nRows), probabilities: outputOf(both.probabilities, nRows) };
  }
  const raw = p.predict(X);
  const rawProba = proba ? p.predictProba!(X) : undefined;
  if (isThenable(raw) || isThenable(rawProba)) {
    return Promise.all([raw, rawProba]).then(([r, q]) => (q === undefined ? { predictions: outputOf(r, nRows) } : { predictions: outputOf(r, nRows), probabilities: outputOf(q, nRows) }));
  }
  const predictions = outputOf(raw, nRows);
  return rawProba === undefined ? { predictions } : { predictions, probabilities: outputOf(rawProba, nRows) };
}
