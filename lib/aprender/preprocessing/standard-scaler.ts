/**
 * StandardScaler: z = (x - mean) / std per feature (scikit-learn's StandardScaler). The column means and variances
 * come from trueno's axis reductions (native SIMD, threaded) and the transform is two broadcast row ops, so no loop
 * over the data runs in JavaScript.
 */
import { add, div, mul, sub } from '../../trueno/ops/elementwise';
import { mean, variance } from '../../trueno/ops/reduce';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike } from '../base/input';
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
function constantFeatures(v: Float64Array, mu: Float64Array, n: number): boolean[] {
  return Array.from(v, (x, j) => x <= n * Number.EPSILON * x + (n * mu[j] * Number.EPSILON) ** 2);
}

/** One batch's count (or weight sum), per-feature mean and variance. */
interface Moments {
  n: number;
  mu: Float64Array;
  v: Float64Array;
}

/**
 * Standardizes features by removing the mean and scaling to unit variance (population variance, ddof 0).
 * Learned: `mean_`, `var_`, `scale_` (1 for constant features), `nSamplesSeen_`. `partialFit` updates them batch by
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

  /** Per-feature mean (a 1-D float64 Tensor; null when withMean and withStd are both false). */
  mean_?: Tensor<'float64'> | null;
  /** Per-feature variance (null unless withStd). */
  var_?: Tensor<'float64'> | null;
  /** Per-feature scale (null unless withStd). */
  scale_?: Tensor<'float64'> | null;

  protected update(X: unknown, options: FitOptions, first: boolean): void {
    const m = this.checkX(X, first);
    const w = sampleWeights(options.sampleWeight, m.rows);
    const keepMean = this.params.withMean || this.params.withStd;
    const seen = first ? 0 : (this.nSamplesSeen_ as number);
    if (!keepMean) {
      this.mean_ = null;
      this.var_ = null;
      this.scale_ = null;
      this.nSamplesSeen_ = seen + (w === undefined ? m.rows : w.reduce((a, b) => a + b, 0));
      return;
    }
    const batch = w === undefined ? {
      n: m.rows,
      mu: mean(m.tensor, { axis: 0 }).data as Float64Array,
      v: variance(m.tensor, { axis: 0 }).data as Float64Array,
    } : weightedMoments(m.data, m.rows, m.cols, w);
    const prev = seen > 0 && this.mean_ ? { n: seen, mu: this.mean_.data, v: this.var_?.data ?? new Float64Array(m.cols) } : undefined;
    const { n, mu, v } = prev === undefined ? batch : combine(prev, batch);
    this.mean_ = featureVector(mu);
    this.nSamplesSeen_ = n;
    if (!this.params.withStd) {
      this.var_ = null;
      this.scale_ = null;
      return;
    }
    this.var_ = featureVector(v);
    this.scale_ = featureVector(handleZerosInScale(v.map(Math.sqrt), constantFeatures(v, mu, n)));
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

function weightedMoments(x: Float64Array | Float32Array, rows: number, cols: number, w: Float64Array): Moments {
  const mu = new Float64Array(cols);
  const v = new Float64Array(cols);
  let sw = 0;
  for (let i = 0; i < rows; i++) {
    sw += w[i];
    for (let j = 0; j < cols; j++) mu[j] += w[i] * x[i * cols + j];
  }
  for (let j = 0; j < cols; j++) mu[j] /= sw;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) v[j] += w[i] * (x[i * cols + j] - mu[j]) ** 2;
  }
  for (let j = 0; j < cols; j++) v[j] /= sw;
  return { n: sw, mu, v };
}

/**
 * The moments of two batches together: Chan, Golub and LeVeque's pairwise update, which scikit-learn's
 * _incremental_mean_and_var computes (through sums; the same quantities).
 */
function combine(a: Moments, b: Moments): Moments {
  const n = a.n + b.n;
  const mu = new Float64Array(a.mu.length);
  const v = new Float64Array(a.mu.length);
  for (let j = 0; j < mu.length; j++) {
    const delta = b.mu[j] - a.mu[j];
    mu[j] = (a.n * a.mu[j] + b.n * b.mu[j]) / n;
    v[j] = (a.n * a.v[j] + b.n * b.v[j] + (delta * delta * a.n * b.n) / n) / n;
  }
  return { n, mu, v };
}

registerEstimators(StandardScaler);
