/**
 * GaussianNB: one normal distribution per class and feature (scikit-learn's GaussianNB), with partialFit. The
 * per-class moments and the log-likelihood are trueno's native kernels (classMoments, gaussianLogLikelihood).
 */
import { gaussianLogLikelihood, classMoments } from '../../trueno/ops/naive-bayes';
import { variance } from '../../trueno/ops/reduce';
import { Tensor } from '../../trueno/tensor';
import type { Matrix } from '../base/input';
import { nullable, numbers, real } from '../base/params';
import { registerEstimators } from '../base/registry';
import { ParamError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { isCloseToZero, NaiveBayes, type PartialFitOptions } from './base';

/** GaussianNB's hyperparameters. */
export interface GaussianNBParams {
  /** Class priors (one per class, summing to 1); null (default) estimates them from the class weights. */
  priors: number[] | null;
  /** Added to every variance: this fraction of the largest feature variance of X (default 1e-9). */
  varSmoothing: number;
}

/**
 * Gaussian naive Bayes. Learned: `classes_`, `theta_` and `var_` (classes x features means and variances, var_
 * including epsilon_), `classPrior_`, `classCount_` (weight sums), `epsilon_`.
 * @example
 * const nb = new GaussianNB().fit(XTrain, yTrain);
 * nb.predictProba(XTest);
 * nb.partialFit(XMore, yMore); // update with more data
 */
export class GaussianNB extends NaiveBayes<GaussianNBParams> {
  static override readonly params = {
    priors: [nullable(numbers({ min: 0 })), null],
    varSmoothing: [real({ min: 0 }), 1e-9],
  } as const;

  /** Per-class feature means (classes x features). */
  theta_?: Tensor<'float64'>;
  /** Per-class feature variances, epsilon_ included (classes x features). */
  var_?: Tensor<'float64'>;
  /** Class priors. */
  classPrior_?: Tensor<'float64'>;
  /** Weight (count) of each class seen. */
  classCount_?: Tensor<'float64'>;
  /** The variance smoothing added: varSmoothing x the largest feature variance of the last X. */
  epsilon_?: number;

  protected update(X: unknown, y: unknown, sampleWeight: unknown, partial: PartialFitOptions | undefined): void {
    const first = partial === undefined || !this.isFitted();
    const m = this.checkX(X, first);
    const codes = this.encodeY(y, m.rows, partial);
    const w = sampleWeights(sampleWeight, m.rows);
    const c = (this.classes_ as unknown[]).length;
    const d = m.cols;
    const epsilon = this.params.varSmoothing * (variance(m.tensor, { axis: 0 }).data as Float64Array).reduce((a, v) => Math.max(a, v), -Infinity);
    const theta = first ? new Float64Array(c * d) : Float64Array.from(this.theta_?.data as Float64Array);
    const vars = first ? new Float64Array(c * d) : Float64Array.from(this.var_?.data as Float64Array, (v) => v - epsilon);
    const counts = first ? new Float64Array(c) : Float64Array.from(this.classCount_?.data as Float64Array);
    const batch = classMoments(m.tensor, Tensor.from(codes, [m.rows], 'int32'), c, w ? { sampleWeight: Tensor.from(w) } : undefined);
    const nNew = batch.weights.data as Float64Array;
    const mu = batch.means.data as Float64Array;
    const sigma = batch.variances.data as Float64Array;
    for (let j = 0; j < c; j++) {
      if (!isCloseToZero(nNew[j])) mergeMoments(counts[j], nNew[j], theta, vars, mu, sigma, j * d, d);
      counts[j] += nNew[j];
    }
    for (let t = 0; t < vars.length; t++) vars[t] += epsilon;
    this.epsilon_ = epsilon;
    this.theta_ = Tensor.from(theta, [c, d]) as Tensor<'float64'>;
    this.var_ = Tensor.from(vars, [c, d]) as Tensor<'float64'>;
    this.classCount_ = Tensor.from(counts) as Tensor<'float64'>;
    this.classPrior_ = Tensor.from(this.priors(counts)) as Tensor<'float64'>;
  }

  /** The given priors (checked against the classes) or the class weight fractions. */
  private priors(counts: Float64Array): Float64Array {
    const given = this.params.priors;
    if (given === null) {
      const total = counts.reduce((s, v) => s + v, 0);
      return counts.map((v) => v / total);
    }
    const c = counts.length;
    const sum = Array.from(given).reduce((s, v) => s + v, 0);
    if (given.length !== c || Math.abs(sum - 1) > 1e-8 + 1e-5) {
      throw new ParamError(`Expected ${c} priors summing to 1 (one per class) for the priors parameter of GaussianNB but received ${given.length} summing to ${sum}`, 'priors');
    }
    return Float64Array.from(given);
  }

  protected jointLogLikelihood(m: Matrix): Float64Array {
    const logPrior = Tensor.from(Float64Array.from(this.classPrior_?.data as Float64Array, Math.log));
    return gaussianLogLikelihood(m.tensor, this.theta_ as Tensor, this.var_ as Tensor, logPrior).data as Float64Array;
  }
}

/**
 * Merges a batch's mean and variance of class row `at` into the running ones (scikit-learn's _update_mean_variance:
 * Chan et al.'s pairwise update), in place.
 */
function mergeMoments(nPast: number, nNew: number, theta: Float64Array, vars: Float64Array, mu: Float64Array, sigma: Float64Array, at: number, d: number): void {
  if (nPast === 0) {
    theta.set(mu.subarray(at, at + d), at);
    vars.set(sigma.subarray(at, at + d), at);
    return;
  }
  const total = nPast + nNew;
  for (let f = at; f < at + d; f++) {
    const totalMu = (nNew * mu[f] + nPast * theta[f]) / total;
    const ssd = nPast * vars[f] + nNew * sigma[f] + ((nNew * nPast) / total) * (theta[f] - mu[f]) ** 2;
    theta[f] = totalMu;
    vars[f] = ssd / total;
  }
}

registerEstimators(GaussianNB);
