/** MultinomialNB: naive Bayes for counts (scikit-learn's MultinomialNB), on trueno's gemm. */
import { Tensor } from '../../trueno/tensor';
import type { Matrix } from '../base/input';
import { registerEstimators } from '../base/registry';
import { DISCRETE_NB_PARAMS, DiscreteNB, nonNegative, type DiscreteNBParams } from './discrete';

/** MultinomialNB's hyperparameters. */
export type MultinomialNBParams = DiscreteNBParams;

/**
 * Multinomial naive Bayes for non-negative counts (word counts, tf-idf). Learned: `classes_`, `classCount_`,
 * `featureCount_`, `featureLogProb_` = log((count + alpha) / sum over features), `classLogPrior_`.
 * @example
 * const nb = new MultinomialNB({ alpha: 0.5 }).fit(counts, labels);
 * nb.predict(newCounts);
 */
export class MultinomialNB extends DiscreteNB<MultinomialNBParams> {
  static override readonly params = DISCRETE_NB_PARAMS;
  static override readonly tags = { ...DiscreteNB.tags, nonNegative: true };

  protected prepareX(m: Matrix): Tensor {
    return nonNegative(m, 'MultinomialNB');
  }

  protected updateFeatureLogProb(alpha: Float64Array): void {
    const [c, d] = (this.featureCount_ as Tensor).shape;
    const fc = this.featureCount_?.data as Float64Array;
    const out = new Float64Array(c * d);
    for (let j = 0; j < c; j++) {
      let total = 0;
      for (let f = 0; f < d; f++) total += fc[j * d + f] + alpha[f];
      const logTotal = Math.log(total);
      for (let f = 0; f < d; f++) out[j * d + f] = Math.log(fc[j * d + f] + alpha[f]) - logTotal;
    }
    this.featureLogProb_ = Tensor.from(out, [c, d]) as Tensor<'float64'>;
  }

  protected jointLogLikelihood(m: Matrix): Float64Array {
    const jll = this.scores(m.tensor);
    const prior = this.classLogPrior_?.data as Float64Array;
    const c = prior.length;
    for (let t = 0; t < jll.length; t++) jll[t] += prior[t % c];
    return jll;
  }
}

registerEstimators(MultinomialNB);
