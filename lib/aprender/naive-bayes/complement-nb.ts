/** ComplementNB: naive Bayes from each class's complement (scikit-learn's ComplementNB), on trueno's gemm. */
import { Tensor } from '../../trueno/tensor';
import type { Matrix } from '../base/input';
import { boolean } from '../base/params';
import { registerEstimators } from '../base/registry';
import { DISCRETE_NB_PARAMS, DiscreteNB, nonNegative, type DiscreteNBParams } from './discrete';

/** ComplementNB's hyperparameters. */
export interface ComplementNBParams extends DiscreteNBParams {
  /** Normalize the weights by their sum per class (default false), as in Rennie et al. */
  norm: boolean;
}

/**
 * Complement naive Bayes (Rennie et al. 2003), suited to imbalanced text classes. Learned: `classes_`, `classCount_`,
 * `featureCount_`, `featureAll_` (counts over every class), `featureLogProb_` (the negated log complement
 * probabilities, or their normalized form), `classLogPrior_` (used only with a single class, as scikit-learn).
 * @example
 * const nb = new ComplementNB().fit(counts, labels);
 * nb.predictProba(newCounts);
 */
export class ComplementNB extends DiscreteNB<ComplementNBParams> {
  static override readonly params = { ...DISCRETE_NB_PARAMS, norm: [boolean(), false] } as const;
  static override readonly tags = { ...DiscreteNB.tags, nonNegative: true };

  /** Each feature's count summed over the classes. */
  featureAll_?: Tensor<'float64'>;

  protected prepareX(m: Matrix): Tensor {
    return nonNegative(m, 'ComplementNB');
  }

  protected updateFeatureLogProb(alpha: Float64Array): void {
    const [c, d] = (this.featureCount_ as Tensor).shape;
    const fc = this.featureCount_?.data as Float64Array;
    const all = new Float64Array(d);
    for (let j = 0; j < c; j++) for (let f = 0; f < d; f++) all[f] += fc[j * d + f];
    const out = new Float64Array(c * d);
    for (let j = 0; j < c; j++) {
      const row = out.subarray(j * d, (j + 1) * d);
      for (let f = 0; f < d; f++) row[f] = all[f] + alpha[f] - fc[j * d + f];
      const total = row.reduce((s, v) => s + v, 0);
      for (let f = 0; f < d; f++) row[f] = Math.log(row[f] / total);
      const summed = row.reduce((s, v) => s + v, 0);
      for (let f = 0; f < d; f++) row[f] = this.params.norm ? row[f] / summed : -row[f];
    }
    this.featureAll_ = Tensor.from(all) as Tensor<'float64'>;
    this.featureLogProb_ = Tensor.from(out, [c, d]) as Tensor<'float64'>;
  }

  protected jointLogLikelihood(m: Matrix): Float64Array {
    const jll = this.scores(m.tensor);
    const prior = this.classLogPrior_?.data as Float64Array;
    if (prior.length === 1) for (let t = 0; t < jll.length; t++) jll[t] += prior[0];
    return jll;
  }
}

registerEstimators(ComplementNB);
