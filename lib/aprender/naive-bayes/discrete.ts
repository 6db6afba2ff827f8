/**
 * What the discrete naive Bayes models share (scikit-learn's _BaseDiscreteNB): per-class feature counts Yᵀ X (a
 * trueno gemm), class counts, smoothing alpha, class log priors, fit and partialFit. Each model says how it reads X,
 * how counts become feature_log_prob_, and its joint log-likelihood.
 */
import { matmul } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import type { Matrix } from '../base/input';
import { anyOf, boolean, nullable, numbers, real } from '../base/params';
import { ParamError, rangeError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { NaiveBayes, type PartialFitOptions } from './base';

/** The hyperparameters every discrete naive Bayes model has. */
export interface DiscreteNBParams {
  /** Additive (Laplace / Lidstone) smoothing, >= 0: one number, or one per feature (default 1). */
  alpha: number | number[];
  /** Use alpha as given even below 1e-10 (default true; false raises it to 1e-10, as scikit-learn). */
  forceAlpha: boolean;
  /** Learn class priors from the class counts (default true); false: uniform priors. */
  fitPrior: boolean;
  /** Class priors, one per class (default null: as fitPrior says). */
  classPrior: number[] | null;
}

/** The declarations of {@link DiscreteNBParams}. */
export const DISCRETE_NB_PARAMS = {
  alpha: [anyOf(real({ min: 0 }), numbers({ min: 0 })), 1],
  forceAlpha: [boolean(), true],
  fitPrior: [boolean(), true],
  classPrior: [nullable(numbers({ min: 0 })), null],
} as const;

/** Base of MultinomialNB, ComplementNB and BernoulliNB. */
export abstract class DiscreteNB<P extends DiscreteNBParams> extends NaiveBayes<P> {
  /** Weighted count of each class. */
  classCount_?: Tensor<'float64'>;
  /** Weighted sum of each feature per class (classes x features). */
  featureCount_?: Tensor<'float64'>;
  /** log P(feature | class) as the model defines it (classes x features). */
  featureLogProb_?: Tensor<'float64'>;
  /** log P(class). */
  classLogPrior_?: Tensor<'float64'>;

  /**
   * X as the model counts it (checked non-negative, or binarized).
   * @param m - X from checkX
   * @returns a float64 n x d tensor
   */
  protected abstract prepareX(m: Matrix): Tensor;

  /** Sets featureLogProb_ (and any derived count) from the counts and the smoothing. */
  protected abstract updateFeatureLogProb(alpha: Float64Array): void;

  protected update(X: unknown, y: unknown, sampleWeight: unknown, partial: PartialFitOptions | undefined): void {
    const first = partial === undefined || !this.isFitted();
    const m = this.checkX(X, first);
    const codes = this.encodeY(y, m.rows, partial);
    const w = sampleWeights(sampleWeight, m.rows);
    const c = (this.classes_ as unknown[]).length;
    const alpha = this.checkAlpha(m.cols);
    // Y: one row per sample, its weight in its class's column (scikit-learn's label_binarize times sample_weight)
    const Y = new Float64Array(m.rows * c);
    codes.forEach((j, i) => (Y[i * c + j] = w ? w[i] : 1));
    const counts = first ? new Float64Array(c) : Float64Array.from(this.classCount_?.data as Float64Array);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < c; j++) counts[j] += Y[i * c + j];
    const batch = matmul(Tensor.from(Y, [m.rows, c]), this.prepareX(m), { transA: true }).data as Float64Array;
    const features = first ? batch : Float64Array.from(this.featureCount_?.data as Float64Array, (v, t) => v + batch[t]);
    this.classCount_ = Tensor.from(counts) as Tensor<'float64'>;
    this.featureCount_ = Tensor.from(features, [c, m.cols]) as Tensor<'float64'>;
    this.updateFeatureLogProb(alpha);
    this.classLogPrior_ = Tensor.from(this.classLogPrior(counts)) as Tensor<'float64'>;
  }

  /** alpha per feature (scikit-learn's _check_alpha: below 1e-10 raised to it unless forceAlpha). */
  private checkAlpha(d: number): Float64Array {
    const given = this.params.alpha;
    const alpha = typeof given === 'number' ? new Float64Array(d).fill(given) : Float64Array.from(given);
    if (alpha.length !== d) {
      throw new ParamError(`Expected one alpha per feature (${d}) for the alpha parameter of ${this.constructor.name} but received ${alpha.length}`, 'alpha');
    }
    return this.params.forceAlpha ? alpha : alpha.map((a) => Math.max(a, 1e-10));
  }

  private classLogPrior(counts: Float64Array): Float64Array {
    const c = counts.length;
    const given = this.params.classPrior;
    if (given !== null) {
      if (given.length !== c) {
        throw new ParamError(`Expected ${c} class priors (one per class) for the classPrior parameter of ${this.constructor.name} but received ${given.length}`, 'classPrior');
      }
      return Float64Array.from(given, Math.log);
    }
    if (!this.params.fitPrior) return new Float64Array(c).fill(-Math.log(c));
    const logTotal = Math.log(counts.reduce((s, v) => s + v, 0));
    return counts.map((v) => Math.log(v) - logTotal);
  }

  /** X · featureLogProb_ᵀ (a gemm), the core of every discrete joint log-likelihood. */
  protected scores(X: Tensor, logProb: Tensor = this.featureLogProb_ as Tensor): Float64Array {
    return Float64Array.from(matmul(X, logProb, { transB: true }).data as Float64Array);
  }
}

/**
 * Checks X holds no negative value (MultinomialNB and ComplementNB count it).
 * @param m - X
 * @param name - the class name
 * @returns X as a tensor
 * @throws RangeError for a negative value
 */
export function nonNegative(m: Matrix, name: string): Tensor {
  const at = m.data.findIndex((v) => v < 0);
  if (at >= 0) throw rangeError(`Expected non-negative values in X for ${name} (it counts features) but received ${m.data[at]} at flat index ${at}`);
  return m.tensor;
}
