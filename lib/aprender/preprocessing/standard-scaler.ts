/**
 * StandardScaler: z = (x - mean) / std per feature (scikit-learn's StandardScaler). The column means and variances
 * come from trueno's axis reductions (native SIMD, threaded) and the transform is two broadcast row ops, so no loop
 * over the data runs in JavaScript.
 */
import { add, div, mul, sub } from '../../trueno/ops/elementwise';
import { mean, variance } from '../../trueno/ops/reduce';
import { Tensor } from '../../trueno/tensor';
import { Transformer } from '../base/kinds';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike } from '../base/input';
import { boolean } from '../base/params';
import { registerEstimators } from '../base/registry';
import { sampleWeights } from '../metrics/inputs';

/** StandardScaler's hyperparameters. */
export interface StandardScalerParams {
  /** Center each feature on its mean (default true). */
  withMean: boolean;
  /** Divide each feature by its standard deviation (default true). */
  withStd: boolean;
}

/** Scale below which a feature counts as constant and keeps scale 1 (scikit-learn's _handle_zeros_in_scale). */
function safeScale(v: number, mean: number): number {
  const s = Math.sqrt(v);
  return s < 10 * Number.EPSILON * Math.max(1, Math.abs(mean)) ? 1 : s;
}

/**
 * Standardizes features by removing the mean and scaling to unit variance (population variance, ddof 0).
 * Learned: `mean_`, `var_`, `scale_` (1 for constant features), `nSamplesSeen_`.
 * @example
 * const scaler = new StandardScaler().fit(XTrain);
 * const Z = scaler.transform(XTest);
 */
export class StandardScaler extends Transformer<StandardScalerParams> {
  static override readonly params = {
    withMean: [boolean(), true],
    withStd: [boolean(), true],
  } as const;

  /** Per-feature mean (a 1-D float64 Tensor; null when withMean and withStd are both false). */
  mean_?: Tensor<'float64'> | null;
  /** Per-feature variance (null unless withStd). */
  var_?: Tensor<'float64'> | null;
  /** Per-feature scale (null unless withStd). */
  scale_?: Tensor<'float64'> | null;
  /** Samples seen by fit. */
  nSamplesSeen_?: number;

  protected fitImpl(X: unknown, _y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true);
    const w = sampleWeights(options.sampleWeight, m.rows);
    let mu: Tensor<'float64'>;
    let v: Tensor<'float64'>;
    if (w === undefined) {
      mu = mean(m.tensor, { axis: 0 }) as Tensor<'float64'>;
      v = variance(m.tensor, { axis: 0 }) as Tensor<'float64'>;
    } else {
      ({ mu, v } = weightedMoments(m.data, m.rows, m.cols, w));
    }
    const keepMean = this.params.withMean || this.params.withStd;
    this.mean_ = keepMean ? mu : null;
    this.var_ = this.params.withStd ? v : null;
    this.scale_ = this.params.withStd ? Tensor.from(Float64Array.from(v.data, (x, j) => safeScale(x, mu.data[j]))) as Tensor<'float64'> : null;
    this.nSamplesSeen_ = m.rows;
  }

  /**
   * Standardizes X with the fitted mean and scale.
   * @param X - samples with the features seen at fit
   * @returns a new float64 matrix
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    let out: Tensor = m.tensor;
    if (this.params.withMean && this.mean_) out = sub(out, this.mean_);
    if (this.scale_) out = div(out, this.scale_);
    return out === m.tensor ? m.tensor.clone() : out;
  }

  /**
   * Undoes transform: x = z * scale + mean.
   * @param X - standardized samples
   * @returns the samples in the original units
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  inverseTransform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    let out: Tensor = m.tensor;
    if (this.scale_) out = mul(out, this.scale_);
    if (this.params.withMean && this.mean_) out = add(out, this.mean_);
    return out === m.tensor ? m.tensor.clone() : out;
  }
}

function weightedMoments(x: Float64Array | Float32Array, rows: number, cols: number, w: Float64Array): { mu: Tensor<'float64'>; v: Tensor<'float64'> } {
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
  return { mu: Tensor.from(mu) as Tensor<'float64'>, v: Tensor.from(v) as Tensor<'float64'> };
}

registerEstimators(StandardScaler);
