/** BernoulliNB: naive Bayes for binary features (scikit-learn's BernoulliNB), on trueno's gemm. */
import { Tensor } from '../../trueno/tensor';
import type { Matrix } from '../base/input';
import { nullable, real } from '../base/params';
import { registerEstimators } from '../base/registry';
import { DISCRETE_NB_PARAMS, DiscreteNB, type DiscreteNBParams } from './discrete';

/** BernoulliNB's hyperparameters. */
export interface BernoulliNBParams extends DiscreteNBParams {
  /** Threshold mapping each feature to x > binarize ? 1 : 0 (default 0); null: X is already binary. */
  binarize: number | null;
}

/**
 * Bernoulli naive Bayes: each feature present or absent per class. Learned: `classes_`, `classCount_`,
 * `featureCount_`, `featureLogProb_` = log((count + alpha) / (class count + 2 alpha)), `classLogPrior_`.
 * @example
 * const nb = new BernoulliNB({ binarize: 0.5 }).fit(X, y);
 * nb.predictLogProba(XTest);
 */
export class BernoulliNB extends DiscreteNB<BernoulliNBParams> {
  static override readonly params = { ...DISCRETE_NB_PARAMS, binarize: [nullable(real()), 0] } as const;

  protected prepareX(m: Matrix): Tensor {
    const t = this.params.binarize;
    if (t === null) return m.tensor;
    return Tensor.from(Float64Array.from(m.data, (v) => (v > t ? 1 : 0)), [m.rows, m.cols]);
  }

  protected updateFeatureLogProb(alpha: Float64Array): void {
    const [c, d] = (this.featureCount_ as Tensor).shape;
    const fc = this.featureCount_?.data as Float64Array;
    const cc = this.classCount_?.data as Float64Array;
    const out = new Float64Array(c * d);
    for (let j = 0; j < c; j++) {
      for (let f = 0; f < d; f++) out[j * d + f] = Math.log(fc[j * d + f] + alpha[f]) - Math.log(cc[j] + alpha[f] * 2);
    }
    this.featureLogProb_ = Tensor.from(out, [c, d]) as Tensor<'float64'>;
  }

  protected jointLogLikelihood(m: Matrix): Float64Array {
    const flp = this.featureLogProb_?.data as Float64Array;
    const [c, d] = (this.featureLogProb_ as Tensor).shape;
    const neg = Float64Array.from(flp, (v) => Math.log(1 - Math.exp(v)));
    const jll = this.scores(this.prepareX(m), Tensor.from(Float64Array.from(flp, (v, t) => v - neg[t]), [c, d]));
    const prior = this.classLogPrior_?.data as Float64Array;
    const negSum = new Float64Array(c);
    for (let j = 0; j < c; j++) for (let f = 0; f < d; f++) negSum[j] += neg[j * d + f];
    for (let t = 0; t < jll.length; t++) jll[t] += prior[t % c] + negSum[t % c];
    return jll;
  }
}

registerEstimators(BernoulliNB);
