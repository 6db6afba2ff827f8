/**
 * MinMaxScaler: x' = x * scale + min per feature, mapping each feature's training range onto featureRange
 * (scikit-learn's MinMaxScaler). The column minima and maxima come from trueno's axis reductions and the transform
 * is two broadcast row ops.
 */
import { add, div, mul, sub } from '../../trueno/ops/elementwise';
import { max, min } from '../../trueno/ops/reduce';
import { clip } from '../../trueno/ops/unary';
import type { Tensor } from '../../trueno/tensor';
import type { MatrixLike } from '../base/input';
import { boolean } from '../base/params';
import { registerEstimators } from '../base/registry';
import { columnRange, nanExtreme } from './quantile';
import { featureVector, handleZerosInScale, inPlaceTarget, IncrementalTransformer, rangePair, rowOps } from './shared';

/** MinMaxScaler's hyperparameters. */
export interface MinMaxScalerParams {
  /** The range [low, high] each feature is mapped onto (default [0, 1]). */
  featureRange: [number, number];
  /** Clip transformed values of new data to featureRange (default false). */
  clip: boolean;
  /** false: transform and inverseTransform scale a float64 Tensor X in place (default true: a new tensor). */
  copy: boolean;
}

/**
 * Scales each feature to a given range.
 * Learned: `dataMin_`, `dataMax_`, `dataRange_`, `scale_`, `min_` (1-D float64 Tensors), `nSamplesSeen_`;
 * `partialFit` widens the seen range batch by batch. NaN marks a missing value, as in scikit-learn: ignored at fit,
 * kept at transform.
 * @example
 * const Z = new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(X);
 */
export class MinMaxScaler extends IncrementalTransformer<MinMaxScalerParams> {
  static override readonly params = {
    featureRange: [rangePair(), [0, 1]],
    clip: [boolean(), false],
    copy: [boolean(), true],
  } as const;

  static override readonly tags = { ...IncrementalTransformer.tags, allowNaN: true };

  /** Per-feature minimum seen. */
  dataMin_?: Tensor<'float64'>;
  /** Per-feature maximum seen. */
  dataMax_?: Tensor<'float64'>;
  /** dataMax_ - dataMin_. */
  dataRange_?: Tensor<'float64'>;
  /** Per-feature multiplier. */
  scale_?: Tensor<'float64'>;
  /** Per-feature offset. */
  min_?: Tensor<'float64'>;

  protected update(X: unknown, _options: unknown, first: boolean): void {
    const m = this.checkX(X, first);
    const lo = Float64Array.from(min(m.tensor, { axis: 0 }).data as Float64Array);
    const hi = Float64Array.from(max(m.tensor, { axis: 0 }).data as Float64Array);
    for (let j = 0; j < m.cols; j++) {
      // trueno's min and max propagate NaN (as numpy's); a feature holding NaN is redone without its missing values
      if (Number.isNaN(lo[j])) [lo[j], hi[j]] = columnRange(m.data, m.rows, m.cols, j);
      if (!first) {
        lo[j] = nanExtreme(lo[j], (this.dataMin_ as Tensor<'float64'>).data[j], false);
        hi[j] = nanExtreme(hi[j], (this.dataMax_ as Tensor<'float64'>).data[j], true);
      }
    }
    const [low, high] = this.params.featureRange;
    const range = hi.map((h, j) => h - lo[j]);
    const scale = handleZerosInScale(range.slice()).map((r) => (high - low) / r);
    this.dataMin_ = featureVector(lo);
    this.dataMax_ = featureVector(hi);
    this.dataRange_ = featureVector(range);
    this.scale_ = featureVector(scale);
    this.min_ = featureVector(lo.map((l, j) => low - l * scale[j]));
    this.nSamplesSeen_ = (first ? 0 : (this.nSamplesSeen_ as number)) + m.rows;
  }

  /**
   * Scales X: x * scale_ + min_ (clipped to featureRange when clip is set).
   * @param X - samples with the features seen at fit
   * @returns a new float64 matrix
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const out = rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [mul, this.scale_], [add, this.min_]);
    return this.params.clip ? clip(out, this.params.featureRange[0], this.params.featureRange[1], { out }) : out;
  }

  /**
   * Undoes transform: x = (x' - min_) / scale_.
   * @param X - scaled samples
   * @returns the samples in the original units
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  inverseTransform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [sub, this.min_], [div, this.scale_]);
  }
}

registerEstimators(MinMaxScaler);
