/**
 * MaxAbsScaler: x' = x / max|x| per feature, which keeps zeros (and sparsity) and maps each feature into [-1, 1]
 * (scikit-learn's MaxAbsScaler).
 */
import { div, mul } from '../../trueno/ops/elementwise';
import { max } from '../../trueno/ops/reduce';
import { abs } from '../../trueno/ops/unary';
import type { Tensor } from '../../trueno/tensor';
import type { MatrixLike } from '../base/input';
import { boolean } from '../base/params';
import { registerEstimators } from '../base/registry';
import { columnRange, nanExtreme } from './quantile';
import { featureVector, handleZerosInScale, inPlaceTarget, IncrementalTransformer, rowOps } from './shared';

/** MaxAbsScaler's hyperparameters. */
export interface MaxAbsScalerParams {
  /** false: transform and inverseTransform scale a float64 Tensor X in place (default true: a new tensor). */
  copy: boolean;
}

/**
 * Scales each feature by its maximum absolute value.
 * Learned: `maxAbs_`, `scale_` (1 for all-zero features), `nSamplesSeen_`; `partialFit` updates them per batch. NaN
 * marks a missing value, as in scikit-learn: ignored at fit, kept at transform.
 * @example
 * const Z = new MaxAbsScaler().fitTransform(X);
 */
export class MaxAbsScaler extends IncrementalTransformer<MaxAbsScalerParams> {
  static override readonly params = {
    copy: [boolean(), true],
  } as const;

  static override readonly tags = { ...IncrementalTransformer.tags, allowNaN: true };

  /** Per-feature maximum absolute value seen. */
  maxAbs_?: Tensor<'float64'>;
  /** Per-feature divisor. */
  scale_?: Tensor<'float64'>;

  protected update(X: unknown, _options: unknown, first: boolean): void {
    const m = this.checkX(X, first);
    const top = Float64Array.from(max(abs(m.tensor), { axis: 0 }).data as Float64Array);
    for (let j = 0; j < m.cols; j++) {
      // trueno's max propagates NaN (as numpy's); a feature holding NaN is redone without its missing values
      if (Number.isNaN(top[j])) top[j] = Math.max(...columnRange(m.data, m.rows, m.cols, j).map(Math.abs));
      if (!first) top[j] = nanExtreme(top[j], (this.maxAbs_ as Tensor<'float64'>).data[j], true);
    }
    this.maxAbs_ = featureVector(top);
    this.scale_ = featureVector(handleZerosInScale(top.slice()));
    this.nSamplesSeen_ = (first ? 0 : (this.nSamplesSeen_ as number)) + m.rows;
  }

  /**
   * Scales X: x / scale_.
   * @param X - samples with the features seen at fit
   * @returns a new float64 matrix
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [div, this.scale_]);
  }

  /**
   * Undoes transform: x = x' * scale_.
   * @param X - scaled samples
   * @returns the samples in the original units
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  inverseTransform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [mul, this.scale_]);
  }
}

registerEstimators(MaxAbsScaler);
