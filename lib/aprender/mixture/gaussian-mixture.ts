/**
 * GaussianMixture (scikit-learn's): expectation-maximization for a mixture of Gaussians with full, tied, diagonal or
 * spherical covariances, started from k-means labels, k-means++ rows, random responsibilities or given weights /
 * means / precisions; the best lower bound of nInit runs is kept.
 */
import { Random } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { Clusterer } from '../base/kinds';
import { custom, integer, nullable, numbers, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { NumericError, rangeError } from '../errors';
import { KMeans } from '../cluster/k-means';
import { kmeansPlusPlus } from '../cluster/k-means-core';
import {
  cholesky, covarianceLength, covarianceShape, estimateParameters, logGaussian, normalizeRows, precisionCholesky,
  precisionCholeskyFromPrecisions, type CovarianceType, type Data,
} from './gaussian-parameters';

/** Numbers given as nested arrays or a Tensor (means, precisions). */
export type ArrayInit = readonly number[] | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[] | Tensor;

/** GaussianMixture's hyperparameters. */
export interface GaussianMixtureParams {
  /** Mixture components (default 1). */
  nComponents: number;
  /** 'full' (default), 'tied', 'diag' or 'spherical'. */
  covarianceType: CovarianceType;
  /** EM stops when the lower bound gains less than this (default 1e-3). */
  tol: number;
  /** Added to the covariances' diagonals, keeping them positive definite (default 1e-6). */
  regCovar: number;
  /** EM iterations per run at most (default 100). */
  maxIter: number;
  /** Runs; the best lower bound is kept (default 1). */
  nInit: number;
  /** Starting responsibilities: 'kmeans' (default), 'k-means++', 'random' or 'random_from_data'. */
  initParams: 'kmeans' | 'k-means++' | 'random' | 'random_from_data';
  /** Starting weights (nComponents, summing to 1; default null). */
  weightsInit: readonly number[] | null;
  /** Starting means (nComponents x nFeatures; default null). */
  meansInit: ArrayInit | null;
  /** Starting precisions, shaped as the covariances of covarianceType (default null). */
  precisionsInit: ArrayInit | null;
  /** Seed of the initialization and of sample (default null: fresh). */
  randomState: number | null;
}

const isArrayInit = (v: unknown) => v instanceof Tensor || (Array.isArray(v) && v.length > 0);

function flatValues(v: ArrayInit): { values: Float64Array; shape: number[] } {
  if (v instanceof Tensor) return { values: Float64Array.from(v.data as ArrayLike<number>), shape: v.shape.slice() };
  const shape: number[] = [];
  let level: unknown = v;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return { values: Float64Array.from((v as unknown[]).flat(2) as number[]), shape };
}

/**
 * A mixture of Gaussians fitted by EM.
 * Learned: `weights_`, `means_`, `covariances_`, `precisionsCholesky_`, `precisions_`, `converged_`, `nIter_`,
 * `lowerBound_`.
 * @example
 * const gm = new GaussianMixture({ nComponents: 3, randomState: 0 }).fit(X);
 * gm.predictProba(X); gm.bic(X);
 */
export class GaussianMixture extends Clusterer<GaussianMixtureParams> {
  static override readonly params = {
    nComponents: [integer({ min: 1 }), 1],
    covarianceType: [oneOf('full', 'tied', 'diag', 'spherical'), 'full'],
    tol: [real({ min: 0 }), 1e-3],
    regCovar: [real({ min: 0 }), 1e-6],
    maxIter: [integer({ min: 0 }), 100],
    nInit: [integer({ min: 1 }), 1],
    initParams: [oneOf('kmeans', 'k-means++', 'random', 'random_from_data'), 'kmeans'],
    weightsInit: [nullable(numbers({ min: 0 })), null],
    meansInit: [nullable(custom('an array or Tensor of numbers', isArrayInit)), null],
    precisionsInit: [nullable(custom('an array or Tensor of numbers', isArrayInit)), null],
    randomState: [seed(), null],
  } as const;
  static override readonly tags = { ...Clusterer.tags, randomized: true, tolerance: 1e-4 };

  /** Component weights (nComponents). */
  weights_?: Tensor<'float64'>;
  /** Component means (nComponents x nFeatures). */
  means_?: Tensor<'float64'>;
  /** Covariances, shaped by covarianceType ([k, d, d], [d, d], [k, d] or [k]). */
  covariances_?: Tensor<'float64'>;
  /** Cholesky factors of the precisions (upper triangular for full / tied), shaped as covariances_. */
  precisionsCholesky_?: Tensor<'float64'>;
  /** Precision matrices (inverse covariances), shaped as covariances_. */
  precisions_?: Tensor<'float64'>;
  /** Whether the best run converged. */
  converged_?: boolean;
  /** EM iterations of the best run. */
  nIter_?: number;
  /** Lower bound (mean log-likelihood) of the best run. */
  lowerBound_?: number;

  protected fitImpl(X: unknown, _y: unknown, _options: FitOptions): void {
    const m = this.checkX(X, true, { minSamples: 2 });
    const { nComponents: k, covarianceType: type, maxIter, tol, regCovar, nInit } = this.params;
    if (m.rows < k) throw rangeError(`Expected n_samples >= nComponents for X but received nComponents=${k} and n_samples=${m.rows}`);
    const data: Data = { x: m.data as Float64Array, n: m.rows, d: m.cols };
    const fixed = this.checkInits(k, m.cols);
    const rng = new Random(this.params.randomState ?? ((Math.random() * 2 ** 32) >>> 0));
    let best: { bound: number; params: Params; nIter: number; converged: boolean } | undefined;
    for (let run = 0; run < nInit; run++) {
      let params = this.initialParameters(data, k, rng, fixed);
      let bound = -Infinity, converged = false, iter = 0;
      for (iter = 1; iter <= maxIter; iter++) {
        const previous = bound;
        const { logResp, logLik } = eStep(data, params, type, k);
        params = mStep(data, logResp, k, regCovar, type);
        bound = logLik;
        this.reportProgress({ iteration: run * maxIter + iter, total: nInit * maxIter, loss: -bound });
        if (Math.abs(bound - previous) < tol) {
          converged = true;
          break;
        }
      }
      if (maxIter === 0) iter = 0;
      else if (!converged) iter = maxIter;
      if (!best || bound > best.bound || best.bound === -Infinity) best = { bound, params, nIter: iter, converged };
    }
    const found = best as NonNullable<typeof best>;
    const shape = covarianceShape(type, k, m.cols);
    this.weights_ = Tensor.from(found.params.weights) as Tensor<'float64'>;
    this.means_ = Tensor.from(found.params.means, [k, m.cols]) as Tensor<'float64'>;
    if (found.params.cov) this.covariances_ = Tensor.from(found.params.cov, shape) as Tensor<'float64'>;
    this.precisionsCholesky_ = Tensor.from(found.params.precChol, shape) as Tensor<'float64'>;
    this.precisions_ = Tensor.from(precisionsOf(found.params.precChol, type, k, m.cols), shape) as Tensor<'float64'>;
    this.converged_ = found.converged;
    this.nIter_ = found.nIter;
    this.lowerBound_ = found.bound;
  }

  /** The given weights / means / precisions, checked against the shapes they need. */
  private checkInits(k: number, d: number): Partial<Params> {
    const { weightsInit, meansInit, precisionsInit, covarianceType: type } = this.params;
    const out: Partial<Params> = {};
    if (weightsInit) {
      if (weightsInit.length !== k) throw rangeError(`Expected ${k} values (nComponents) for weightsInit but received ${weightsInit.length}`);
      const total = weightsInit.reduce((s, v) => s + v, 0);
      if (Math.abs(total - 1) > 1e-6) throw rangeError(`Expected weightsInit to sum to 1 but it sums to ${total}`);
      out.weights = Float64Array.from(weightsInit);
    }
    if (meansInit) {
      const { values, shape } = flatValues(meansInit);
      if (shape.length !== 2 || shape[0] !== k || shape[1] !== d) throw rangeError(`Expected meansInit of shape [${k}, ${d}] but received shape [${shape.join(', ')}]`);
      out.means = values;
    }
    if (precisionsInit) {
      const { values, shape } = flatValues(precisionsInit);
      const want = covarianceShape(type, k, d);
      if (shape.join() !== want.join()) throw rangeError(`Expected precisionsInit of shape [${want.join(', ')}] for covarianceType '${type}' but received shape [${shape.join(', ')}]`);
      out.precChol = precisionCholeskyFromPrecisions(values, type, k, d);
    }
    return out;
  }

  /** Starting parameters from initParams' responsibilities, overridden by the given inits (scikit-learn's _initialize). */
  private initialParameters(data: Data, k: number, rng: Random, fixed: Partial<Params>): Params {
    const { n } = data;
    const resp = new Float64Array(n * k);
    switch (this.params.initParams) {
      case 'kmeans': {
        const labels = new KMeans({ nClusters: k, nInit: 1, randomState: rng.seed() }).fit(Tensor.from(data.x, [n, data.d])).labels_ as Int32Array;
        labels.forEach((l, i) => (resp[i * k + l] = 1));
        break;
      }
      case 'random':
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let c = 0; c < k; c++) s += resp[i * k + c] = rng.next();
          for (let c = 0; c < k; c++) resp[i * k + c] /= s;
        }
        break;
      case 'random_from_data':
        rng.permutation(n).subarray(0, k).forEach((row, c) => (resp[row * k + c] = 1));
        break;
      default: {
        const centers = kmeansPlusPlus({ x: data.x, n, d: data.d }, k, rng);
        for (let c = 0; c < k; c++) resp[rowOf(data, centers.subarray(c * data.d, (c + 1) * data.d)) * k + c] = 1;
      }
    }
    const { nk, means, cov } = estimateParameters(data, resp, k, this.params.regCovar, this.params.covarianceType);
    return {
      weights: fixed.weights ?? nk.map((v) => v / n),
      means: fixed.means ?? means,
      cov: fixed.precChol ? undefined : cov,
      precChol: fixed.precChol ?? precisionCholesky(cov, this.params.covarianceType, k, data.d),
    };
  }

  private logResponsibilities(X: MatrixLike): { logResp: Float64Array; logLik: Float64Array; n: number } {
    const m = this.checkX(X, false);
    const k = this.params.nComponents;
    const params: Params = {
      weights: this.weights_?.data as Float64Array, means: this.means_?.data as Float64Array,
      precChol: this.precisionsCholesky_?.data as Float64Array,
    };
    const data: Data = { x: m.data as Float64Array, n: m.rows, d: m.cols };
    const logResp = logGaussian(data, params.means, params.precChol, this.params.covarianceType, k);
    const logLik = normalizeRows(logResp, params.weights.map(Math.log));
    return { logResp, logLik, n: m.rows };
  }

  /**
   * The most likely component of each sample.
   * @param X - samples
   * @returns component indices
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Int32Array {
    const { logResp, n } = this.logResponsibilities(X);
    const k = this.params.nComponents;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (logResp[i * k + c] > logResp[i * k + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /**
   * The posterior probability of each component for each sample.
   * @param X - samples
   * @returns n x nComponents probabilities (rows sum to 1)
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predictProba(X: MatrixLike): Tensor {
    const { logResp, n } = this.logResponsibilities(X);
    return Tensor.from(logResp.map(Math.exp), [n, this.params.nComponents]);
  }

  /**
   * The log-likelihood of each sample under the mixture.
   * @param X - samples
   * @returns n log densities
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  scoreSamples(X: MatrixLike): Tensor {
    return Tensor.from(this.logResponsibilities(X).logLik);
  }

  /**
   * The mean log-likelihood of the samples.
   * @param X - samples
   * @param _y - ignored
   * @returns the mean of scoreSamples
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  score(X: MatrixLike, _y?: TargetLike): number {
    const { logLik } = this.logResponsibilities(X);
    return logLik.reduce((s, v) => s + v, 0) / logLik.length;
  }

  /** Free parameters of the fitted model (scikit-learn's _n_parameters). */
  private nParameters(): number {
    const k = this.params.nComponents, d = this.nFeaturesIn_ as number;
    const cov = { full: (k * d * (d + 1)) / 2, diag: k * d, tied: (d * (d + 1)) / 2, spherical: k }[this.params.covarianceType];
    return Math.trunc(cov + d * k + k - 1);
  }

  /**
   * Bayesian information criterion on X (lower is better).
   * @param X - samples
   * @returns -2 log L + p ln n
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  bic(X: MatrixLike): number {
    const n = this.logResponsibilities(X).n;
    return -2 * this.score(X) * n + this.nParameters() * Math.log(n);
  }

  /**
   * Akaike information criterion on X (lower is better).
   * @param X - samples
   * @returns -2 log L + 2 p
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  aic(X: MatrixLike): number {
    const n = this.logResponsibilities(X).n;
    return -2 * this.score(X) * n + 2 * this.nParameters();
  }

  /**
   * Fits, then gives the component of each training sample (after a final E-step, as scikit-learn).
   * @param X - samples
   * @param y - ignored
   * @param options - as fit
   * @returns component indices
   */
  override fitPredict(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Int32Array {
    return this.fit(X, y, options).predict(X);
  }

  /**
   * Draws samples from the fitted mixture (seeded by randomState).
   * @param nSamples - how many (default 1)
   * @returns X (nSamples x nFeatures, grouped by component) and y, the component of each
   * @throws NotFittedError; RangeError for nSamples < 1
   */
  sample(nSamples = 1): { X: Tensor; y: Int32Array } {
    this.ensureFitted();
    if (!Number.isInteger(nSamples) || nSamples < 1) throw rangeError(`Expected an integer >= 1 for nSamples but received ${nSamples}`);
    const rng = new Random(this.params.randomState ?? ((Math.random() * 2 ** 32) >>> 0));
    const k = this.params.nComponents, d = this.nFeaturesIn_ as number, type = this.params.covarianceType;
    const w = this.weights_?.data as Float64Array, means = this.means_?.data as Float64Array;
    const counts = new Int32Array(k);
    for (let s = 0; s < nSamples; s++) {
      let u = rng.next(), c = 0;
      while (c < k - 1 && u >= w[c]) u -= w[c++];
      counts[c]++;
    }
    const cov = covariancesOf(this.precisions_?.data as Float64Array, type, k, d);
    const X = new Float64Array(nSamples * d), y = new Int32Array(nSamples);
    const z = new Float64Array(d);
    let row = 0;
    for (let c = 0; c < k; c++) {
      const l = type === 'full' || type === 'tied' ? cholesky(cov, type === 'full' ? c * d * d : 0, d) : undefined;
      if ((type === 'full' || type === 'tied') && !l) throw new NumericError('Expected positive definite covariances to sample from but the fitted ones are not');
      for (let s = 0; s < counts[c]; s++, row++) {
        for (let j = 0; j < d; j++) z[j] = rng.normal();
        for (let j = 0; j < d; j++) {
          let v = means[c * d + j];
          if (l) for (let p = 0; p <= j; p++) v += l[j * d + p] * z[p];
          else v += Math.sqrt(type === 'diag' ? cov[c * d + j] : cov[c]) * z[j];
          X[row * d + j] = v;
        }
        y[row] = c;
      }
    }
    return { X: Tensor.from(X, [nSamples, d]), y };
  }
}

/** One set of mixture parameters. */
interface Params {
  weights: Float64Array;
  means: Float64Array;
  /** Covariances (absent while they come from precisionsInit only). */
  cov?: Float64Array;
  precChol: Float64Array;
}

function eStep(data: Data, p: Params, type: CovarianceType, k: number): { logResp: Float64Array; logLik: number } {
  const logResp = logGaussian(data, p.means, p.precChol, type, k);
  const norm = normalizeRows(logResp, p.weights.map(Math.log));
  return { logResp, logLik: norm.reduce((s, v) => s + v, 0) / data.n };
}

function mStep(data: Data, logResp: Float64Array, k: number, reg: number, type: CovarianceType): Params {
  const { nk, means, cov } = estimateParameters(data, logResp.map(Math.exp), k, reg, type);
  const total = nk.reduce((s, v) => s + v, 0);
  return { weights: nk.map((v) => v / total), means, cov, precChol: precisionCholesky(cov, type, k, data.d) };
}

/** The sample nearest to a center row (its own row, for k-means++ centers). */
function rowOf(data: Data, center: ArrayLike<number>): number {
  let best = 0, bestDist = Infinity;
  for (let i = 0; i < data.n; i++) {
    let s = 0;
    for (let j = 0; j < data.d; j++) s += (data.x[i * data.d + j] - center[j]) ** 2;
    if (s < bestDist) bestDist = s, best = i;
  }
  return best;
}

/** Precisions U U^T from their factors (full, tied) or squares (diag, spherical). */
function precisionsOf(precChol: Float64Array, type: CovarianceType, k: number, d: number): Float64Array {
  if (type === 'diag' || type === 'spherical') return precChol.map((v) => v * v);
  const out = new Float64Array(precChol.length);
  for (let c = 0; c < (type === 'full' ? k : 1); c++) {
    const b = c * d * d;
    for (let a = 0; a < d; a++) for (let e = 0; e < d; e++) {
      let s = 0;
      for (let p = 0; p < d; p++) s += precChol[b + a * d + p] * precChol[b + e * d + p];
      out[b + a * d + e] = s;
    }
  }
  return out;
}

/** Covariances as the inverses of precisions (for sampling). */
function covariancesOf(precisions: Float64Array, type: CovarianceType, k: number, d: number): Float64Array {
  if (type === 'diag' || type === 'spherical') return precisions.map((v) => 1 / v);
  const out = new Float64Array(covarianceLength(type, k, d));
  for (let c = 0; c < (type === 'full' ? k : 1); c++) out.set(invert(precisions.subarray(c * d * d, (c + 1) * d * d), d), c * d * d);
  return out;
}

/** The inverse of a symmetric positive definite matrix, by Gauss-Jordan elimination (small d). */
function invert(a: ArrayLike<number>, d: number): Float64Array {
  const m = Float64Array.from(a), inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) inv[i * d + i] = 1;
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(m[r * d + col]) > Math.abs(m[pivot * d + col])) pivot = r;
    for (let j = 0; j < d; j++) {
      [m[col * d + j], m[pivot * d + j]] = [m[pivot * d + j], m[col * d + j]];
      [inv[col * d + j], inv[pivot * d + j]] = [inv[pivot * d + j], inv[col * d + j]];
    }
    const p = m[col * d + col];
    for (let j = 0; j < d; j++) m[col * d + j] /= p, inv[col * d + j] /= p;
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const f = m[r * d + col];
      for (let j = 0; j < d; j++) m[r * d + j] -= f * m[col * d + j], inv[r * d + j] -= f * inv[col * d + j];
    }
  }
  return inv;
}

registerEstimators(GaussianMixture);
