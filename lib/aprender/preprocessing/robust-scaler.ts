/**
 * RobustScaler: x' = (x - median) / (q_high - q_low) per feature, statistics that outliers barely move
 * (scikit-learn's RobustScaler). Quantiles follow numpy's nanpercentile ('linear'); NaN is ignored at fit and kept at
 * transform, as scikit-learn does.
 */
import { add, div, mul, sub } from '../../trueno/ops/elementwise';
import type { Tensor } from '../../trueno/tensor';
import type { MatrixLike } from '../base/input';
import { boolean } from '../base/params';
import { registerEstimators } from '../base/registry';
import { normalQuantile, sortedColumn, sortedPercentile } from './quantile';
import { featureVector, handleZerosInScale, inPlaceTarget, OneToOneTransformer, rangePair, rowOps } from './shared';

/** RobustScaler's hyperparameters. */
export interface RobustScalerParams {
  /** Subtract the median (default true). */
  withCentering: boolean;
  /** Divide by the quantile range (default true). */
  withScaling: boolean;
  /** The percentiles [low, high] whose difference is the scale, within [0, 100] (default [25, 75]: the IQR). */
  quantileRange: [number, number];
  /** Rescale so that normally distributed features get variance 1 (default false). */
  unitVariance: boolean;
  /** false: transform and inverseTransform scale a float64 Tensor X in place (default true: a new tensor). */
  copy: boolean;
}

/**
 * Scales features with statistics robust to outliers: the median and a quantile range.
 * Learned: `center_` (null unless withCentering), `scale_` (null unless withScaling; 1 where the range is 0).
 * @example
 * const Z = new RobustScaler({ quantileRange: [10, 90] }).fitTransform(X);
 */
export class RobustScaler extends OneToOneTransformer<RobustScalerParams> {
  static override readonly params = {
    withCentering: [boolean(), true],
    withScaling: [boolean(), true],
    quantileRange: [rangePair({ min: 0, max: 100 }), [25, 75]],
    unitVariance: [boolean(), false],
    copy: [boolean(), true],
  } as const;

  static override readonly tags = { ...OneToOneTransformer.tags, allowNaN: true };

  /** Per-feature median. */
  center_?: Tensor<'float64'> | null;
  /** Per-feature quantile range. */
  scale_?: Tensor<'float64'> | null;

  protected fitImpl(X: unknown): void {
    const m = this.checkX(X, true);
    const [qLow, qHigh] = this.params.quantileRange;
    const center = new Float64Array(m.cols);
    const scale = new Float64Array(m.cols);
    for (let j = 0; j < m.cols; j++) {
      const col = sortedColumn(m.data, m.rows, m.cols, j);
      center[j] = sortedPercentile(col, 50);
      scale[j] = sortedPercentile(col, qHigh) - sortedPercentile(col, qLow);
    }
    handleZerosInScale(scale);
    if (this.params.unitVariance) {
      const spread = normalQuantile(qHigh / 100) - normalQuantile(qLow / 100);
      for (let j = 0; j < m.cols; j++) scale[j] /= spread;
    }
    this.center_ = this.params.withCentering ? featureVector(center) : null;
    this.scale_ = this.params.withScaling ? featureVector(scale) : null;
  }

  /**
   * Centers and scales X.
   * @param X - samples with the features seen at fit (NaN stays NaN)
   * @returns a new float64 matrix
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [sub, this.center_], [div, this.scale_]);
  }

  /**
   * Undoes transform: x = x' * scale_ + center_.
   * @param X - scaled samples
   * @returns the samples in the original units
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  inverseTransform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [mul, this.scale_], [add, this.center_]);
  }
}

registerEstimators(RobustScaler);
