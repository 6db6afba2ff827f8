/**
 * The losses of classic gradient boosting, as scikit-learn's GradientBoostingClassifier / GradientBoostingRegressor
 * use them (sklearn._loss and ensemble._gb): for each loss, the constant raw prediction of the default init
 * estimator (DummyClassifier 'prior', DummyRegressor 'mean' / 'quantile'), the negative gradient each stage's trees
 * are fitted to, the line search that replaces a leaf's value (_update_terminal_regions: a Newton step for the
 * classification losses, a weighted median / quantile for the robust ones) and the mean loss that train scores,
 * out-of-bag scores and early stopping read.
 *
 * Raw predictions are n x k row-major (k = 1 but for multiclass log_loss, which has one per class); y is the target,
 * or for the classifier the class index as a float64.
 */
import { sortedPercentile } from '../preprocessing/quantile';

/** The classifier's losses. */
export type ClassifierLossName = 'log_loss' | 'exponential';
/** The regressor's losses. */
export type RegressorLossName = 'squared_error' | 'absolute_error' | 'huber' | 'quantile';

/** One loss of gradient boosting; see the module comment. */
export interface BoostingLoss {
  /** Raw values per sample: the trees each stage grows. */
  readonly k: number;
  /**
   * What the reported mean loss is multiplied by (scikit-learn's factor: 2 for squared error and binomial log loss,
   * so that train scores are the MSE and the deviance; 1 otherwise).
   */
  readonly factor: number;
  /**
   * The default init estimator's raw prediction, a constant per raw column.
   * @param y - targets (class indices for the classifier)
   * @param w - sample weights
   * @param weighted - whether the user gave weights (unweighted quantiles interpolate, as numpy.percentile)
   * @returns k values
   */
  initRaw(y: Float64Array, w: Float64Array, weighted: boolean): Float64Array;
  /**
   * Called once per stage before the gradient (huber sets its delta from the current residuals).
   * @param y - targets
   * @param raw - current raw predictions
   * @param w - sample weights
   */
  beginStage(y: Float64Array, raw: Float64Array, w: Float64Array): void;
  /**
   * The negative gradient of every sample and raw column.
   * @param y - targets
   * @param raw - raw predictions (n x k)
   * @param out - n x k, written
   */
  negativeGradient(y: Float64Array, raw: Float64Array, out: Float64Array): void;
  /**
   * factor x the weighted mean loss over the given rows (all when rows is omitted).
   * @param y - targets
   * @param raw - raw predictions (n x k)
   * @param w - sample weights
   * @param rows - the rows to average over
   * @returns the loss
   */
  meanLoss(y: Float64Array, raw: Float64Array, w: Float64Array, rows?: Int32Array): number;
  /**
   * The line-searched value of one leaf of raw column j; absent where the tree's value (the mean of the negative
   * gradient over the leaf) is already the optimum (squared error).
   * @param rows - the in-bag training rows that reach the leaf
   * @param y - targets
   * @param negGrad - the stage's negative gradient (n x k)
   * @param raw - raw predictions before the stage (n x k)
   * @param j - the raw column
   * @param w - sample weights
   * @returns the leaf's value
   */
  leafValue?(rows: Int32Array, y: Float64Array, negGrad: Float64Array, raw: Float64Array, j: number, w: Float64Array): number;
}

const EPS = 2.220446049250313e-16;

/** scikit-learn's _safe_divide: 0 for a denominator of magnitude below 1e-150. */
function safeDivide(num: number, den: number): number {
  return Math.abs(den) < 1e-150 ? 0 : num / den;
}

/** log(1 + exp(x)) without overflow, with sklearn._loss's cut points (so values agree to the last bits). */
export function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= -2) return Math.log1p(Math.exp(x));
  if (x <= 18) return Math.log(1 + Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** The logistic function 1 / (1 + exp(-x)) (scipy's expit). */
export function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The weighted percentile of `values` (scikit-learn's _weighted_percentile with average=False: the smallest value
 * whose cumulative weight, in ascending order of value, reaches rank / 100 of the total).
 * @param values - the values
 * @param weights - one non-negative weight per value
 * @param rank - the percentile rank in [0, 100]
 * @returns the value; NaN when every weight is 0 or there are none
 */
export function weightedPercentile(values: Float64Array, weights: Float64Array, rank: number): number {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const cdf = new Float64Array(n);
  let total = 0;
  let anyWeight = false;
  for (let i = 0; i < n; i++) {
    const wi = weights[order[i]];
    if (wi !== 0) anyWeight = true;
    cdf[i] = total += wi;
  }
  if (!anyWeight) return NaN;
  let target = (rank / 100) * total;
  if (target === 0) target = Number.MIN_VALUE; // numpy.nextafter(0, 1): the first value with weight
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return values[order[Math.min(lo, n - 1)]];
}

/**
 * A percentile of y as the default init estimator computes it: numpy.percentile (linear interpolation) without user
 * weights, the weighted percentile with them.
 */
function initPercentile(y: Float64Array, w: Float64Array, weighted: boolean, rank: number): number {
  if (weighted) return weightedPercentile(y, w, rank);
  return sortedPercentile(Float64Array.from(y).sort(), rank);
}

/** Sum of w over the rows (all when omitted) and of w x f(row). */
function weightedMean(w: Float64Array, n: number, rows: Int32Array | undefined, f: (i: number) => number): number {
  let sw = 0;
  let s = 0;
  const count = rows ? rows.length : n;
  for (let r = 0; r < count; r++) {
    const i = rows ? rows[r] : r;
    sw += w[i];
    s += w[i] * f(i);
  }
  return s / sw;
}

/** The residuals y - raw[:, j] of the given rows and their weights. */
function residuals(rows: Int32Array, y: Float64Array, raw: Float64Array, k: number, j: number, w: Float64Array): [Float64Array, Float64Array] {
  const res = new Float64Array(rows.length);
  const sw = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    res[r] = y[i] - raw[i * k + j];
    sw[r] = w[i];
  }
  return [res, sw];
}

/** Half squared error (loss='squared_error'): the leaves keep the tree's mean residual (no leafValue); init is the weighted mean. */
export class SquaredErrorLoss implements BoostingLoss {
  readonly k = 1;
  readonly factor = 2;

  initRaw(y: Float64Array, w: Float64Array): Float64Array {
    return Float64Array.of(weightedMean(w, y.length, undefined, (i) => y[i]));
  }

  beginStage(): void {}

  negativeGradient(y: Float64Array, raw: Float64Array, out: Float64Array): void {
    for (let i = 0; i < y.length; i++) out[i] = y[i] - raw[i];
  }

  meanLoss(y: Float64Array, raw: Float64Array, w: Float64Array, rows?: Int32Array): number {
    return this.factor * weightedMean(w, y.length, rows, (i) => 0.5 * (y[i] - raw[i]) ** 2);
  }
}

/** Absolute error (loss='absolute_error'): leaves and init are (weighted) medians of the residuals. */
export class AbsoluteErrorLoss implements BoostingLoss {
  readonly k = 1;
  readonly factor = 1;

  initRaw(y: Float64Array, w: Float64Array, weighted: boolean): Float64Array {
    return Float64Array.of(initPercentile(y, w, weighted, 50));
  }

  beginStage(): void {}

  negativeGradient(y: Float64Array, raw: Float64Array, out: Float64Array): void {
    for (let i = 0; i < y.length; i++) out[i] = raw[i] > y[i] ? -1 : 1;
  }

  meanLoss(y: Float64Array, raw: Float64Array, w: Float64Array, rows?: Int32Array): number {
    return weightedMean(w, y.length, rows, (i) => Math.abs(raw[i] - y[i]));
  }

  leafValue(rows: Int32Array, y: Float64Array, _g: Float64Array, raw: Float64Array, j: number, w: Float64Array): number {
    const [res, sw] = residuals(rows, y, raw, 1, j, w);
    return weightedPercentile(res, sw, 50);
  }
}

/** Pinball loss (loss='quantile' with alpha): leaves and init are (weighted) alpha-quantiles of the residuals. */
export class QuantileLoss implements BoostingLoss {
  readonly k = 1;
  readonly factor = 1;

  /** @param alpha - the quantile, in (0, 1) */
  constructor(readonly alpha: number) {}

  initRaw(y: Float64Array, w: Float64Array, weighted: boolean): Float64Array {
    return Float64Array.of(initPercentile(y, w, weighted, this.alpha * 100));
  }

  beginStage(): void {}

  negativeGradient(y: Float64Array, raw: Float64Array, out: Float64Array): void {
    const q = this.alpha;
    for (let i = 0; i < y.length; i++) out[i] = y[i] >= raw[i] ? q : -(1 - q);
  }

  meanLoss(y: Float64Array, raw: Float64Array, w: Float64Array, rows?: Int32Array): number {
    const q = this.alpha;
    return weightedMean(w, y.length, rows, (i) => (y[i] >= raw[i] ? q * (y[i] - raw[i]) : (1 - q) * (raw[i] - y[i])));
  }

  leafValue(rows: Int32Array, y: Float64Array, _g: Float64Array, raw: Float64Array, j: number, w: Float64Array): number {
    const [res, sw] = residuals(rows, y, raw, 1, j, w);
    return weightedPercentile(res, sw, 100 * this.alpha);
  }
}

/**
 * Huber loss (loss='huber' with alpha): quadratic within delta of the target, linear beyond, delta being the
 * alpha-quantile of the absolute residuals at the start of each stage; a leaf's value is the weighted median of its
 * residuals plus the mean of the residuals' differences from it, clipped to delta.
 */
export class HuberLoss implements BoostingLoss {
  readonly k = 1;
  readonly factor = 1;
  /** The current delta (scikit-learn starts at 0.5 and sets it every stage). */
  delta = 0.5;

  /** @param alpha - the quantile of the absolute residuals that delta is, in (0, 1) */
  constructor(readonly alpha: number) {}

  initRaw(y: Float64Array, w: Float64Array, weighted: boolean): Float64Array {
    return Float64Array.of(initPercentile(y, w, weighted, 50));
  }

  beginStage(y: Float64Array, raw: Float64Array, w: Float64Array): void {
    this.delta = weightedPercentile(Float64Array.from(y, (v, i) => Math.abs(v - raw[i])), w, 100 * this.alpha);
  }

  negativeGradient(y: Float64Array, raw: Float64Array, out: Float64Array): void {
    const delta = this.delta;
    for (let i = 0; i < y.length; i++) {
      const res = raw[i] - y[i];
      out[i] = Math.abs(res) <= delta ? -res : res >= 0 ? -delta : delta;
    }
  }

  meanLoss(y: Float64Array, raw: Float64Array, w: Float64Array, rows?: Int32Array): number {
    const delta = this.delta;
    return weightedMean(w, y.length, rows, (i) => {
      const a = Math.abs(y[i] - raw[i]);
      return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    });
  }

  leafValue(rows: Int32Array, y: Float64Array, _g: Float64Array, raw: Float64Array, j: number, w: Float64Array): number {
    const [res, sw] = residuals(rows, y, raw, 1, j, w);
    const median = weightedPercentile(res, sw, 50);
    let s = 0;
    let total = 0;
    for (let r = 0; r < res.length; r++) {
      const diff = res[r] - median;
      s += sw[r] * Math.sign(diff) * Math.min(this.delta, Math.abs(diff));
      total += sw[r];
    }
    return median + s / total;
  }
}

/** The weighted class shares of y (DummyClassifier's 'prior'), clipped to [eps, 1 - eps]. */
function classPriors(y: Float64Array, w: Float64Array, classes: number): Float64Array {
  const p = new Float64Array(classes);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    p[y[i]] += w[i];
    total += w[i];
  }
  return p.map((v) => Math.min(Math.max(v / total, EPS), 1 - EPS));
}

/**
 * Binomial log loss (loss='log_loss', two classes): raw is the log-odds of the second class; a leaf's value is one
 * Newton step, sum(w g) / sum(w p (1 - p)).
 */
export class BinomialLoss implements BoostingLoss {
  readonly k = 1;
  readonly factor = 2;

  initRaw(y: Float64Array, w: Float64Array): Float64Array {
    const p = classPriors(y, w, 2)[1];
    return Float64Array.of(Math.log(p / (1 - p)));
  }

  beginStage(): void {}

  negativeGradient(y: Float64Array, raw: Float64Array, out: Float64Array): void {
    for (let i = 0; i < y.length; i++) {
      const r = raw[i];
      if (r > -37) {
        const e = Math.exp(-r);
        out[i] = -((1 - y[i] - y[i] * e) / (1 + e));
      } else {
        out[i] = -(Math.exp(r) - y[i]);
      }
    }
  }

  meanLoss(y: Float64Array, raw: Float64Array, w: Float64Array, rows?: Int32Array): number {
    return this.factor * weightedMean(w, y.length, rows, (i) => log1pexp(raw[i]) - y[i] * raw[i]);
  }

  leafValue(rows: Int32Array, y: Float64Array, g: Float64Array, _raw: Float64Array, _j: number, w: Float64Array): number {
    let num = 0;
    let den = 0;
    let sw = 0;
    for (const i of rows) {
      const p = y[i] - g[i];
      num += w[i] * g[i];
      den += w[i] * p * (1 - p);
      sw += w[i];
    }
    return safeDivide(num / sw, den / sw);
  }

  /**
   * Class probabilities from raw log-odds.
   * @param raw - n raw values
   * @returns n x 2 probabilities
   */
  proba(raw: Float64Array): Float64Array {
    const out = new Float64Array(2 * raw.length);
    for (let i = 0; i < raw.length; i++) {
      const p = expit(raw[i]);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
}

/**
 * Exponential loss (loss='exponential', two classes; AdaBoost's): raw is half the log-odds; a leaf's value is
 * sum(w g) / sum(w |g|).
 */
export class ExponentialLoss implements BoostingLoss {
  readonly k = 1;
  readonly factor = 1;

  initRaw(y: Float64Array, w: Float64Array): Float64Array {
    const p = classPriors(y, w, 2)[1];
    return Float64Array.of(0.5 * Math.log(p / (1 - p)));
  }

  beginStage(): void {}

  negativeGradient(y: Float64Array, raw: Float64Array, out: Float64Array): void {
    for (let i = 0; i < y.length; i++) {
      const t = Math.exp(raw[i]);
      out[i] = -(-y[i] / t + (1 - y[i]) * t);
    }
  }

  meanLoss(y: Float64Array, raw: Float64Array, w: Float64Array, rows?: Int32Array): number {
    return weightedMean(w, y.length, rows, (i) => {
      const t = Math.exp(raw[i]);
      return y[i] / t + (1 - y[i]) * t;
    });
  }

  leafValue(rows: Int32Array, y: Float64Array, g: Float64Array, _raw: Float64Array, _j: number, w: Float64Array): number {
    let num = 0;
    let den = 0;
    let sw = 0;
    for (const i of rows) {
      num += w[i] * g[i];
      den += w[i] * (y[i] === 0 ? -g[i] : g[i]);
      sw += w[i];
    }
    return safeDivide(num / sw, den / sw);
  }

  /**
   * Class probabilities from raw half log-odds.
   * @param raw - n raw values
   * @returns n x 2 probabilities
   */
  proba(raw: Float64Array): Float64Array {
    const out = new Float64Array(2 * raw.length);
    for (let i = 0; i < raw.length; i++) {
      const p = expit(2 * raw[i]);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
}

/**
 * Multinomial log loss (loss='log_loss', three classes or more): one raw value and one tree per class and stage
 * (the symmetric logit: raw values of a sample sum to 0 at init); a leaf's value is (K - 1) / K times one Newton step.
 */
export class MultinomialLoss implements BoostingLoss {
  readonly factor = 1;

  /** @param k - the number of classes, >= 3 */
  constructor(readonly k: number) {}

  initRaw(y: Float64Array, w: Float64Array): Float64Array {
    const logp = classPriors(y, w, this.k).map(Math.log);
    const mean = logp.reduce((a, b) => a + b, 0) / this.k;
    return logp.map((v) => v - mean);
  }

  beginStage(): void {}

  negativeGradient(y: Float64Array, raw: Float64Array, out: Float64Array): void {
    const k = this.k;
    for (let i = 0; i < y.length; i++) {
      softmaxRow(raw, i * k, k, out);
      for (let j = 0; j < k; j++) out[i * k + j] = (y[i] === j ? 1 : 0) - out[i * k + j];
    }
  }

  meanLoss(y: Float64Array, raw: Float64Array, w: Float64Array, rows?: Int32Array): number {
    const k = this.k;
    return weightedMean(w, y.length, rows, (i) => {
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, raw[i * k + j]);
      let s = 0;
      for (let j = 0; j < k; j++) s += Math.exp(raw[i * k + j] - max);
      return max + Math.log(s) - raw[i * k + y[i]];
    });
  }

  leafValue(rows: Int32Array, y: Float64Array, g: Float64Array, _raw: Float64Array, j: number, w: Float64Array): number {
    const k = this.k;
    let num = 0;
    let den = 0;
    let sw = 0;
    for (const i of rows) {
      const gi = g[i * k + j];
      const p = (y[i] === j ? 1 : 0) - gi;
      num += w[i] * gi;
      den += w[i] * p * (1 - p);
      sw += w[i];
    }
    return safeDivide(((num / sw) * (k - 1)) / k, den / sw);
  }

  /**
   * Class probabilities: the softmax of each row.
   * @param raw - n x k raw values
   * @returns n x k probabilities
   */
  proba(raw: Float64Array): Float64Array {
    const out = new Float64Array(raw.length);
    for (let at = 0; at < raw.length; at += this.k) softmaxRow(raw, at, this.k, out);
    return out;
  }
}

/** out[at .. at + k) = softmax(raw[at .. at + k)), shifted by the row's maximum. */
function softmaxRow(raw: Float64Array, at: number, k: number, out: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, raw[at + j]);
  let s = 0;
  for (let j = 0; j < k; j++) s += out[at + j] = Math.exp(raw[at + j] - max);
  for (let j = 0; j < k; j++) out[at + j] /= s;
}

/** A classification loss: it also turns raw predictions into class probabilities. */
export type ClassificationLoss = BinomialLoss | ExponentialLoss | MultinomialLoss;

/**
 * The classifier's loss object.
 * @param name - log_loss or exponential
 * @param classes - the number of classes
 * @returns the loss (exponential assumes two classes: the caller refuses more)
 */
export function classifierLoss(name: ClassifierLossName, classes: number): ClassificationLoss {
  if (name === 'exponential') return new ExponentialLoss();
  return classes === 2 ? new BinomialLoss() : new MultinomialLoss(classes);
}

/**
 * The regressor's loss object.
 * @param name - squared_error, absolute_error, huber or quantile
 * @param alpha - the quantile of huber and quantile
 * @returns the loss
 */
export function regressorLoss(name: RegressorLossName, alpha: number): BoostingLoss {
  switch (name) {
    case 'absolute_error': return new AbsoluteErrorLoss();
    case 'huber': return new HuberLoss(alpha);
    case 'quantile': return new QuantileLoss(alpha);
    default: return new SquaredErrorLoss();
  }
}
