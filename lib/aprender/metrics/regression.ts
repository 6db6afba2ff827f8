/** Regression metrics, with scikit-learn's definitions (sklearn.metrics). */
import { describe, rangeError } from '../errors';
import { labelPair, sampleWeights } from './inputs';

/** How several outputs combine: scikit-learn's `multioutput` (an array gives each output's weight). */
export type MultiOutput = 'uniform_average' | 'raw_values' | 'variance_weighted' | readonly number[];

/** Options of the regression metrics. */
export interface RegressionOptions<M = MultiOutput> {
  /** One weight per sample. */
  sampleWeight?: unknown;
  /** How outputs combine (default 'uniform_average'). */
  multioutput?: M;
}

/** Per output j: the samples' true and predicted values and the weights, as the metrics read them. */
interface Columns {
  n: number;
  k: number;
  t: Float64Array;
  p: Float64Array;
  w: Float64Array | undefined;
}

function columns(yTrue: unknown, yPred: unknown, options: RegressionOptions<unknown>): Columns {
  const { yTrue: t, yPred: p, n } = labelPair(yTrue, yPred, { multi: true });
  if (t.kind !== 'number' || p.kind !== 'number') throw rangeError('Expected numbers for yTrue and yPred but received strings');
  return { n, k: t.cols, t: t.values, p: p.values, w: sampleWeights(options.sampleWeight, n) };
}

/** The weighted mean over samples of f(true, pred) for each output. */
function meanOf(c: Columns, f: (t: number, p: number, j: number) => number): Float64Array {
  const out = new Float64Array(c.k);
  let sw = 0;
  for (let i = 0; i < c.n; i++) sw += c.w ? c.w[i] : 1;
  for (let j = 0; j < c.k; j++) {
    let s = 0;
    for (let i = 0; i < c.n; i++) s += (c.w ? c.w[i] : 1) * f(c.t[i * c.k + j], c.p[i * c.k + j], j);
    out[j] = s / sw;
  }
  return out;
}

/**
 * Combines per-output values.
 * @param values - one per output
 * @param how - the multioutput option
 * @param varianceWeights - each output's weight for 'variance_weighted' (only the R²-like scores have it)
 * @returns the combination, or the values for 'raw_values'
 */
function combine(values: Float64Array, how: unknown, varianceWeights?: Float64Array): number | Float64Array {
  const k = values.length;
  const m = how ?? 'uniform_average';
  if (m === 'raw_values') return values;
  let weights: ArrayLike<number> | undefined;
  if (Array.isArray(m) || ArrayBuffer.isView(m)) {
    const list = Array.from(m as ArrayLike<unknown>);
    if (list.length !== k || list.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw rangeError(`Expected ${k} finite numbers (one per output) for multioutput but received ${describe(m)}`);
    }
    weights = list as number[];
  } else if (m === 'variance_weighted' && varianceWeights) {
    if (varianceWeights.some((v) => v !== 0)) weights = varianceWeights;
  } else if (m !== 'uniform_average') {
    const allowed = varianceWeights ? "'raw_values', 'uniform_average', 'variance_weighted'" : "'raw_values', 'uniform_average'";
    throw rangeError(`Expected ${allowed} or an array of output weights for multioutput but received ${describe(m)}`);
  }
  if (!weights) return values.reduce((a, b) => a + b, 0) / k;
  let s = 0;
  let sw = 0;
  for (let j = 0; j < k; j++) {
    s += values[j] * weights[j];
    sw += weights[j];
  }
  if (sw === 0) throw rangeError('Expected multioutput weights that do not sum to 0 but received weights summing to 0');
  return s / sw;
}

/** What a regression metric returns for a multioutput option: one value per output for 'raw_values', else a number. */
export type Scalar<M> = M extends 'raw_values' ? Float64Array : number;

/** 1 - numerator / denominator per output, with scikit-learn's force_finite rules (0/0 gives 1, x/0 gives 0). */
function explainedFraction(num: Float64Array, den: Float64Array, how: unknown): number | Float64Array {
  const scores = num.map((v, j) => (den[j] !== 0 ? (v !== 0 ? 1 - v / den[j] : 1) : v === 0 ? 1 : 0));
  return combine(scores, how, den);
}

/**
 * The coefficient of determination R² = 1 - SS_res / SS_tot (per output, then combined).
 * A constant yTrue gives 1 when predicted exactly and 0 otherwise, as scikit-learn (force_finite).
 * @param yTrue - true values (1-D, or 2-D for several outputs)
 * @param yPred - predictions, same shape
 * @param options - sampleWeight; multioutput (default 'uniform_average')
 * @returns R², or one per output for 'raw_values'
 * @throws TypeError / RangeError for mismatched or bad input
 * @example r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486...
 */
export function r2Score<M extends MultiOutput = 'uniform_average'>(yTrue: unknown, yPred: unknown, options: RegressionOptions<M> = {}): Scalar<M> {
  const c = columns(yTrue, yPred, options);
  const means = meanOf(c, (t) => t);
  const res = meanOf(c, (t, p) => (t - p) ** 2);
  const tot = meanOf(c, (t, _p, j) => (t - means[j]) ** 2);
  return explainedFraction(res, tot, options.multioutput) as Scalar<M>;
}

/**
 * The explained variance 1 - Var(y - ŷ) / Var(y) (R² without penalizing a constant bias).
 * @param yTrue - true values (1-D, or 2-D for several outputs)
 * @param yPred - predictions, same shape
 * @param options - sampleWeight; multioutput (default 'uniform_average')
 * @returns the score, or one per output for 'raw_values'
 * @throws TypeError / RangeError for mismatched or bad input
 * @example explainedVarianceScore([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9571...
 */
export function explainedVarianceScore<M extends MultiOutput = 'uniform_average'>(yTrue: unknown, yPred: unknown, options: RegressionOptions<M> = {}): Scalar<M> {
  const c = columns(yTrue, yPred, options);
  const diffMean = meanOf(c, (t, p) => t - p);
  const trueMean = meanOf(c, (t) => t);
  const num = meanOf(c, (t, p, j) => (t - p - diffMean[j]) ** 2);
  const den = meanOf(c, (t, _p, j) => (t - trueMean[j]) ** 2);
  return explainedFraction(num, den, options.multioutput) as Scalar<M>;
}

/**
 * The mean squared error mean((y - ŷ)²).
 * @param yTrue - true values (1-D, or 2-D for several outputs)
 * @param yPred - predictions, same shape
 * @param options - sampleWeight; multioutput ('uniform_average' default, 'raw_values', or output weights)
 * @returns the error, or one per output for 'raw_values'
 * @throws TypeError / RangeError for mismatched or bad input
 * @example meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375
 */
export function meanSquaredError<M extends MultiOutput = 'uniform_average'>(yTrue: unknown, yPred: unknown, options: RegressionOptions<M> = {}): Scalar<M> {
  return combine(meanOf(columns(yTrue, yPred, options), (t, p) => (t - p) ** 2), options.multioutput) as Scalar<M>;
}

/**
 * The root mean squared error, per output (the square root is taken before outputs are averaged, as scikit-learn).
 * @param yTrue - true values (1-D, or 2-D for several outputs)
 * @param yPred - predictions, same shape
 * @param options - sampleWeight; multioutput
 * @returns the error, or one per output for 'raw_values'
 * @throws TypeError / RangeError for mismatched or bad input
 * @example rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.6123...
 */
export function rootMeanSquaredError<M extends MultiOutput = 'uniform_average'>(yTrue: unknown, yPred: unknown, options: RegressionOptions<M> = {}): Scalar<M> {
  return combine(meanOf(columns(yTrue, yPred, options), (t, p) => (t - p) ** 2).map(Math.sqrt), options.multioutput) as Scalar<M>;
}

/**
 * The mean absolute error mean(|y - ŷ|).
 * @param yTrue - true values (1-D, or 2-D for several outputs)
 * @param yPred - predictions, same shape
 * @param options - sampleWeight; multioutput
 * @returns the error, or one per output for 'raw_values'
 * @throws TypeError / RangeError for mismatched or bad input
 * @example meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 */
export function meanAbsoluteError<M extends MultiOutput = 'uniform_average'>(yTrue: unknown, yPred: unknown, options: RegressionOptions<M> = {}): Scalar<M> {
  return combine(meanOf(columns(yTrue, yPred, options), (t, p) => Math.abs(t - p)), options.multioutput) as Scalar<M>;
}

/**
 * The mean absolute percentage error mean(|y - ŷ| / max(|y|, ε)), as a fraction (not in percent); ε is float64's
 * machine epsilon, so a zero y gives a huge but finite term, as in scikit-learn.
 * @param yTrue - true values (1-D, or 2-D for several outputs)
 * @param yPred - predictions, same shape
 * @param options - sampleWeight; multioutput
 * @returns the error, or one per output for 'raw_values'
 * @throws TypeError / RangeError for mismatched or bad input
 * @example meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.3273...
 */
export function meanAbsolutePercentageError<M extends MultiOutput = 'uniform_average'>(yTrue: unknown, yPred: unknown, options: RegressionOptions<M> = {}): Scalar<M> {
  return combine(meanOf(columns(yTrue, yPred, options), (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), Number.EPSILON)), options.multioutput) as Scalar<M>;
}

/**
 * The median absolute error median(|y - ŷ|) (robust to outliers); with sample weights the weighted median
 * (scikit-learn's averaged inverted CDF).
 * @param yTrue - true values (1-D, or 2-D for several outputs)
 * @param yPred - predictions, same shape
 * @param options - sampleWeight; multioutput
 * @returns the error, or one per output for 'raw_values'
 * @throws TypeError / RangeError for mismatched or bad input
 * @example medianAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 */
export function medianAbsoluteError<M extends MultiOutput = 'uniform_average'>(yTrue: unknown, yPred: unknown, options: RegressionOptions<M> = {}): Scalar<M> {
  const c = columns(yTrue, yPred, options);
  const out = new Float64Array(c.k);
  for (let j = 0; j < c.k; j++) {
    const err = Float64Array.from({ length: c.n }, (_, i) => Math.abs(c.p[i * c.k + j] - c.t[i * c.k + j]));
    out[j] = weightedMedian(err, c.w);
  }
  return combine(out, options.multioutput) as Scalar<M>;
}

/** The median, or the weighted median by the averaged inverted CDF (scikit-learn's _weighted_percentile, average=True). */
function weightedMedian(values: Float64Array, w: Float64Array | undefined): number {
  const order = Int32Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const n = values.length;
  if (!w) {
    const mid = n >> 1;
    return n % 2 === 1 ? values[order[mid]] : (values[order[mid - 1]] + values[order[mid]]) / 2;
  }
  const cdf = new Float64Array(n);
  let acc = 0;
  order.forEach((i, k) => (cdf[k] = acc += w[i]));
  if (acc === 0) return NaN;
  const target = 0.5 * acc;
  let at = 0;
  while (at < n - 1 && cdf[at] < target) at++;
  if (cdf[at] - target > Number.EPSILON) return values[order[at]];
  let next = Math.min(at + 1, n - 1);
  if (w[order[next]] === 0) {
    next = at;
    while (next < n && cdf[next] <= cdf[at]) next++;
    if (next > n - 1) next = at;
  }
  return (values[order[at]] + values[order[next]]) / 2;
}
