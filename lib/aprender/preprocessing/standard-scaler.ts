/**
 * StandardScaler: z = (x - mean) / std per feature (scikit-learn's StandardScaler). The column means and variances
 * come from trueno's axis reductions (native SIMD, threaded) and the transform is two broadcast row ops, so no loop
 * over the data runs in JavaScript.
 */
import { add, div, mul, sub } from '../../trueno/ops/elementwise';
import { mean, variance } from '../../trueno/ops/reduce';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { Matrix, MatrixLike } from '../base/input';
import { boolean } from '../base/params';
import { registerEstimators } from '../base/registry';
import { sampleWeights } from '../metrics/inputs';
import { featureVector, handleZerosInScale, inPlaceTarget, IncrementalTransformer, rowOps } from './shared';

/** StandardScaler's hyperparameters. */
export interface StandardScalerParams {
  /** Center each feature on its mean (default true). */
  withMean: boolean;
  /** Divide each feature by its standard deviation (default true). */
  withStd: boolean;
  /** false: transform and inverseTransform scale a float64 Tensor X in place (default true: a new tensor). */
  copy: boolean;
}

/**
 * Whether each feature is indistinguishable from a constant one: its variance is within the error bound of the
 * two-pass variance (scikit-learn's _is_constant_feature, after Chan, Golub and LeVeque).
 */
function constantFeatures(v: Float64Array, mu: Float64Array, n: Float64Array): boolean[] {
  return Array.from(v, (x, j) => x <= n[j] * Number.EPSILON * x + (n[j] * mu[j] * Number.EPSILON) ** 2);
}

/** Per feature: the count (or weight sum) of non-NaN values, their mean and variance. */
interface Moments {
  n: Float64Array;
  mu: Float64Array;
  v: Float64Array;
}

/**
 * Standardizes features by removing the mean and scaling to unit variance (population variance, ddof 0).
 * Learned: `mean_`, `var_`, `scale_` (1 for constant features), `nSamplesSeen_`. NaN marks a missing value, as in
 * scikit-learn: ignored at fit (`nSamplesSeen_` then counts per feature) and kept at transform. `partialFit` updates them batch by
 * batch (Chan et al.'s pairwise update, as scikit-learn's _incremental_mean_and_var), so data larger than memory can
 * be scaled in chunks.
 * @example
 * const scaler = new StandardScaler().fit(XTrain);
 * const Z = scaler.transform(XTest);
 * @example
 * const online = new StandardScaler();
 * for (const batch of batches) online.partialFit(batch);
 */
export class StandardScaler extends IncrementalTransformer<StandardScalerParams> {
  static override readonly params = {
    withMean: [boolean(), true],
    withStd: [boolean(), true],
    copy: [boolean(), true],
  } as const;

  static override readonly tags = { ...IncrementalTransformer.tags, allowNaN: true };

  /** Per-feature mean (a 1-D float64 Tensor; null when withMean and withStd are both false). */
  mean_?: Tensor<'float64'> | null;
  /** Per-feature variance (null unless withStd). */
  var_?: Tensor<'float64'> | null;
  /** Per-feature scale (null unless withStd). */
  scale_?: Tensor<'float64'> | null;

  protected update(X: unknown, options: FitOptions, first: boolean): void {
    const m = this.checkX(X, first);
    const w = sampleWeights(options.sampleWeight, m.rows);
    const batch = batchMoments(m, w);
    const prev = first ? undefined : this.moments(m.cols);
    const { n, mu, v } = prev === undefined ? batch : combine(prev, batch);
    // one count when every feature saw the same number of values, else one per feature (scikit-learn's rule)
    this.nSamplesSeen_ = n.every((c) => c === n[0]) ? n[0] : Array.from(n);
    const keepMean = this.params.withMean || this.params.withStd;
    this.mean_ = keepMean ? featureVector(mu) : null;
    this.var_ = this.params.withStd ? featureVector(v) : null;
    this.scale_ = this.params.withStd ? featureVector(handleZerosInScale(v.map(Math.sqrt), constantFeatures(v, mu, n))) : null;
  }

  /** The moments learned so far (withStd off: variance 0, which only the mean's update then reads). */
  private moments(cols: number): Moments {
    const seen = this.nSamplesSeen_ as number | number[];
    const n = typeof seen === 'number' ? new Float64Array(cols).fill(seen) : Float64Array.from(seen);
    return { n, mu: this.mean_?.data ?? new Float64Array(cols), v: this.var_?.data ?? new Float64Array(cols) };
  }

  /**
   * Standardizes X with the fitted mean and scale.
   * @param X - samples with the features seen at fit
   * @returns a new float64 matrix
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [sub, this.params.withMean ? this.mean_ : null], [div, this.scale_]);
  }

  /**
   * Undoes transform: x = z * scale + mean.
   * @param X - standardized samples
   * @returns the samples in the original units
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  inverseTransform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [mul, this.scale_], [add, this.params.withMean ? this.mean_ : null]);
  }
}

/**
 * One feature's count (or weight sum), mean and variance over its non-NaN values (the JS path for weighted fits and
 * for features holding NaN).
 */
function columnMoments(x: Float64Array | Float32Array, rows: number, cols: number, j: number, w?: Float64Array): [number, number, number] {
  let sw = 0;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const v = x[i * cols + j];
    if (v !== v) continue;
    const wi = w === undefined ? 1 : w[i];
    sw += wi;
    sum += wi * v;
  }
  const mu = sum / sw;
  let ss = 0;
  for (let i = 0; i < rows; i++) {
    const v = x[i * cols + j];
    if (v === v) ss += (w === undefined ? 1 : w[i]) * (v - mu) ** 2;
  }
  return [sw, mu, ss / sw];
}

/**
 * One batch's moments: trueno's axis reductions when unweighted, redone in JS (skipping NaN, as scikit-learn's
 * nan-aware statistics) for the features whose mean came out NaN; every feature in JS when weighted.
 */
function batchMoments(m: Matrix, w: Float64Array | undefined): Moments {
  const n = new Float64Array(m.cols).fill(m.rows);
  let mu: Float64Array;
  let v: Float64Array;
  if (w === undefined) {
    mu = Float64Array.from(mean(m.tensor, { axis: 0 }).data as Float64Array);
    v = Float64Array.from(variance(m.tensor, { axis: 0 }).data as Float64Array);
  } else {
    mu = new Float64Array(m.cols).fill(NaN);
    v = new Float64Array(m.cols);
  }
  for (let j = 0; j < m.cols; j++) if (Number.isNaN(mu[j])) [n[j], mu[j], v[j]] = columnMoments(m.data, m.rows, m.cols, j, w);
  return { n, mu, v };
}

/**
 * The moments of two batches together: Chan, Golub and LeVeque's pairwise update, which scikit-learn's
 * _incremental_mean_and_var computes (through sums; the same quantities).
 */
function combine(a: Moments, b: Moments): Moments {
  const n = new Float64Array(a.n.length);
  const mu = new Float64Array(a.n.length);
  const v = new Float64Array(a.n.length);
  for (let j = 0; j < n.length; j++) {
    n[j] = a.n[j] + b.n[j];
    if (a.n[j] === 0 || b.n[j] === 0) {
      const from = a.n[j] === 0 ? b : a;
      [mu[j], v[j]] = [from.mu[j], from.v[j]];
      continue;
    }
    const delta = b.mu[j] - a.mu[j];
    mu[j] = (a.n[j] * a.mu[j] + b.n[j] * b.mu[j]) / n[j];
    v[j] = (a.n[j] * a.v[j] + b.n[j] * b.v[j] + (delta * delta * a.n[j] * b.n[j]) / n[j]) / n[j];
  }
  return { n, mu, v };
}

registerEstimators(StandardScaler);
