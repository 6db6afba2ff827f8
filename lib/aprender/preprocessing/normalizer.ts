/**
 * Normalizer: each sample (row) scaled to unit l1, l2 or max norm (scikit-learn's Normalizer). Stateless: fit only
 * checks X and records the number of features. The row norms come from trueno's axis reduction.
 */
import { div } from '../../trueno/ops/elementwise';
import { norm } from '../../trueno/ops/reduce';
import type { Tensor } from '../../trueno/tensor';
import type { MatrixLike } from '../base/input';
import { boolean, oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { handleZerosInScale, inPlaceTarget, OneToOneTransformer, rowOps } from './shared';

/** Normalizer's hyperparameters. */
export interface NormalizerParams {
  /** The norm each row is scaled to 1 in: 'l1', 'l2' (default) or 'max' (largest absolute value). */
  norm: 'l1' | 'l2' | 'max';
  /** false: transform and inverseTransform scale a float64 Tensor X in place (default true: a new tensor). */
  copy: boolean;
}

const ORD = { l1: 1, l2: 2, max: Infinity } as const;

/**
 * Scales each sample to unit norm; rows of norm 0 stay as they are.
 * @example
 * const Z = new Normalizer({ norm: 'l1' }).fitTransform(X); // each row sums to 1 in absolute value
 */
export class Normalizer extends OneToOneTransformer<NormalizerParams> {
  static override readonly params = {
    norm: [oneOf('l1', 'l2', 'max'), 'l2'],
    copy: [boolean(), true],
  } as const;

  protected fitImpl(X: unknown): void {
    this.checkX(X, true);
  }

  /**
   * Scales each row of X to unit norm.
   * @param X - samples with the features seen at fit
   * @returns a new float64 matrix
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const norms = norm(m.tensor, { axis: 1, keepDims: true, ord: ORD[this.params.norm] });
    handleZerosInScale(norms.data as Float64Array);
    return rowOps(m.tensor, inPlaceTarget(this.params.copy, X, m), [div, norms]);
  }
}

registerEstimators(Normalizer);
