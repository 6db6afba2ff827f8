/**
 * PCA: principal component analysis (scikit-learn's PCA). Solvers: 'covariance_eigh' (the covariance from one native
 * gram pass over X read in place, then a symmetric eigendecomposition: what 'auto' picks for tall data), 'full' (the
 * SVD of the centered X), 'randomized' (Halko et al., seeded by randomState), 'arpack' (the exact top-k SVD, the
 * subspace ARPACK converges to) and 'auto' (scikit-learn's rule). Components carry svd_flip's signs.
 */
import { Random } from '../../common/random';
import { cholesky, choleskySolve, eigh, gram } from '../../trueno/ops/linalg';
import { TruenoError } from '../../trueno/errors';
import { matmul } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { toMatrix, type Matrix, type MatrixLike, type TargetLike } from '../base/input';
import { Transformer } from '../base/kinds';
import { anyOf, boolean, integer, nullable, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { FeatureMismatchError, NumericError, ParamError } from '../errors';
import { mleDimension } from './mle-dimension';
import { autoPowerIterations, randomizedSvd, svdFlip, topSvd, type Svd } from './randomized-svd';

/** PCA's solvers. */
export type PcaSolver = 'auto' | 'full' | 'covariance_eigh' | 'randomized' | 'arpack';

/** PCA's hyperparameters. */
export interface PCAParams {
  /**
   * Components to keep: an integer, a fraction in (0, 1) (as many as explain that share of the variance, with
   * 'full' / 'covariance_eigh'), 'mle' (Minka's maximum-likelihood choice; n_samples >= n_features), or null for
   * min(n_samples, n_features) (one less with 'arpack'). Default null.
   */
  nComponents: number | 'mle' | null;
  /** scikit-learn's copy: X is never modified here, so this has no effect (kept for parameter parity). */
  copy: boolean;
  /** Scale the projections to unit variance; default false. */
  whiten: boolean;
  /** 'auto' (default), 'full', 'covariance_eigh', 'randomized' or 'arpack'. */
  svdSolver: PcaSolver;
  /** scikit-learn's ARPACK tolerance: 'arpack' is computed exactly here, so any value gives the exact result. */
  tol: number;
  /** Power iterations of 'randomized' ('auto': 7 for few components, else 4). */
  iteratedPower: number | 'auto';
  /** Extra random directions of 'randomized'; default 10. */
  nOversamples: number;
  /** Seed of 'randomized' (null: a fresh seed per fit). */
  randomState: number | null;
}

/** The centered X as a new float64 matrix, and the column means. */
function centered(m: Matrix): { X: Tensor<'float64'>; mean: Float64Array } {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j] - mean[j];
  return { X: Tensor.from(out, [rows, cols]) as Tensor<'float64'>, mean };
}

/** What a solver found: the decomposition (u null for covariance_eigh), the explained variances, the mean. */
interface Decomposition {
  svd: Svd;
  hasU: boolean;
  variance: Float64Array;
  mean: Float64Array;
  /** The total variance (for the truncated solvers, from the data; else the sum of all variances). */
  total: number;
}

/** The covariance from the gram of X read in place (shifted by a sampled mean, then corrected exactly), and its eigh. */
function covarianceEigh(m: Matrix): Decomposition {
  const { rows: n, cols: d, data } = m;
  const shift = new Float64Array(d);
  const picks = Math.min(n, 256);
  for (let p = 0; p < picks; p++) for (let j = 0; j < d; j++) shift[j] += data[Math.floor((p * n) / picks) * d + j] / picks;
  const g = gram(m.tensor, { xShift: Tensor.from(shift) });
  const C = g.gram.data as Float64Array;
  const s = g.xSum.data as Float64Array;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) C[i * d + j] = (C[i * d + j] - (s[i] * s[j]) / n) / (n - 1);
  const { eigenvalues, eigenvectors } = eigh(g.gram);
  const w = eigenvalues.data as Float64Array;
  const v = eigenvectors.data as Float64Array;
  const variance = Float64Array.from({ length: d }, (_, i) => Math.max(0, w[d - 1 - i]));
  const vt = new Float64Array(d * d);
  for (let c = 0; c < d; c++) for (let j = 0; j < d; j++) vt[c * d + j] = v[j * d + (d - 1 - c)];
  const svd = svdFlip({ u: new Float64Array(0), s: variance.map((x) => Math.sqrt(x * (n - 1))), vt, m: 0, n: d, k: d });
  const mean = Float64Array.from(shift, (x, j) => x + s[j] / n);
  return { svd, hasU: false, variance, mean, total: variance.reduce((a, b) => a + b, 0) };
}

/**
 * Principal component analysis: projects the centered data onto the directions of largest variance.
 * Learned: `components_` (k x n_features), `explainedVariance_`, `explainedVarianceRatio_`, `singularValues_`,
 * `mean_`, `noiseVariance_`, `nComponents_`, `nSamples_`, `nFeaturesIn_`.
 * @example
 * const pca = new PCA({ nComponents: 2 }).fit(X);
 * const Z = pca.transform(X);
 */
export class PCA extends Transformer<PCAParams> {
  static override readonly params = {
    nComponents: [nullable(anyOf(integer({ min: 0 }), real({ min: 0, max: 1, closed: 'neither' }), oneOf('mle'))), null],
    copy: [boolean(), true],
    whiten: [boolean(), false],
    svdSolver: [oneOf('auto', 'full', 'covariance_eigh', 'randomized', 'arpack'), 'auto'],
    tol: [real({ min: 0 }), 0],
    iteratedPower: [anyOf(integer({ min: 0 }), oneOf('auto')), 'auto'],
    nOversamples: [integer({ min: 1 }), 10],
    randomState: [seed(), null],
  } as const;
  static override readonly tags = { ...Transformer.tags, randomized: true };

  /** Principal axes, k x n_features, by decreasing explained variance. */
  components_?: Tensor<'float64'>;
  /** Variance of each component (ddof 1). */
  explainedVariance_?: Tensor<'float64'>;
  /** Share of the total variance of each component. */
  explainedVarianceRatio_?: Tensor<'float64'>;
  /** Singular values of the centered X for each component. */
  singularValues_?: Tensor<'float64'>;
  /** Per-feature mean of the training X. */
  mean_?: Tensor<'float64'>;
  /** The probabilistic PCA noise variance (mean of the discarded variances; 0 when none is discarded). */
  noiseVariance_?: number;
  /** Components kept. */
  nComponents_?: number;
  /** Samples seen at fit. */
  nSamples_?: number;
  /** The solver that ran ('auto' resolved). */
  svdSolver_?: string;
  /** fitTransform is running: keep the solver's projections (u * s) for it. */
  #keepProjections = false;
  /** Those projections, handed to fitTransform and dropped; never learned state. */
  #fitted: Float64Array | undefined;

  protected fitImpl(X: unknown): void {
    this.#fitted = undefined;
    const m = this.checkX(X, true, { dtype: 'keep' });
    const { rows: n, cols: d } = m;
    const given = this.params.nComponents;
    const mle = given === 'mle';
    let solver: string = this.params.svdSolver;
    const requested = mle ? Math.min(n, d) : given ?? (solver === 'arpack' ? Math.min(n, d) - 1 : Math.min(n, d));
    if (solver === 'auto') {
      if (d <= 1000 && n >= 10 * d) solver = 'covariance_eigh';
      else if (Math.max(n, d) <= 500 || mle) solver = 'full';
      else if (requested >= 1 && requested < 0.8 * Math.min(n, d)) solver = 'randomized';
      else solver = 'full';
    }
    this.svdSolver_ = solver;
    const truncated = solver === 'randomized' || solver === 'arpack';
    if (mle && (truncated || n < d)) {
      throw new ParamError(`Expected svdSolver 'full', 'covariance_eigh' or 'auto' and n_samples >= n_features for nComponents 'mle' of PCA but received '${solver}' on X of shape [${n}, ${d}]`, 'nComponents');
    }
    const isFraction = !mle && !Number.isInteger(requested);
    const low = truncated ? 1 : 0;
    const high = solver === 'arpack' ? Math.min(n, d) - 1 : Math.min(n, d);
    if (truncated && isFraction) throw new ParamError(`Expected an integer for the nComponents parameter of PCA with svdSolver '${solver}' but received ${requested}`, 'nComponents');
    if (!isFraction && (requested < low || requested > high)) {
      throw new ParamError(`Expected nComponents between ${low} and ${high} for PCA with svdSolver '${solver}' on X of shape [${n}, ${d}] but received ${requested}`, 'nComponents');
    }
    const dec = truncated ? this.truncatedDecomposition(m, requested, solver) : this.fullDecomposition(m, solver);
    const ratio = dec.variance.map((v) => v / dec.total);
    let k = requested;
    if (mle) k = mleDimension(dec.variance, n);
    else if (isFraction) {
      let cum = 0;
      k = 0;
      while (k < ratio.length && cum + ratio[k] <= requested) cum += ratio[k++];
      k = Math.min(k + 1, ratio.length);
    }
    const kept = Math.min(n, d);
    this.components_ = Tensor.from(dec.svd.vt.slice(0, k * d), [k, d]) as Tensor<'float64'>;
    this.explainedVariance_ = Tensor.from(dec.variance.slice(0, k)) as Tensor<'float64'>;
    this.explainedVarianceRatio_ = Tensor.from(ratio.slice(0, k)) as Tensor<'float64'>;
    this.singularValues_ = Tensor.from(dec.svd.s.slice(0, k)) as Tensor<'float64'>;
    this.mean_ = Tensor.from(dec.mean) as Tensor<'float64'>;
    if (k >= kept) this.noiseVariance_ = 0;
    else if (truncated) this.noiseVariance_ = (dec.total - dec.variance.slice(0, k).reduce((a, b) => a + b, 0)) / (kept - k);
    else this.noiseVariance_ = dec.variance.slice(k).reduce((a, b) => a + b, 0) / (dec.variance.length - k);
    this.nComponents_ = k;
    this.nSamples_ = n;
    if (dec.hasU && this.#keepProjections) this.#fitted = this.projectionsFromU(dec.svd, k, n);
  }

  private fullDecomposition(m: Matrix, solver: string): Decomposition {
    if (solver === 'covariance_eigh') return covarianceEigh(m);
    const { X, mean } = centered(m);
    const r = topSvd(X, Math.min(m.rows, m.cols));
    const variance = r.s.map((s) => (s * s) / (m.rows - 1));
    return { svd: r, hasU: true, variance, mean, total: variance.reduce((a, b) => a + b, 0) };
  }

  private truncatedDecomposition(m: Matrix, k: number, solver: string): Decomposition {
    const { X, mean } = centered(m);
    const { rows: n, cols: d } = m;
    const seedValue = this.params.randomState ?? new Random(Math.floor(Math.random() * 4294967296)).seed();
    const power = this.params.iteratedPower;
    const r = solver === 'arpack'
      ? topSvd(X, k)
      : randomizedSvd(X, k, { oversamples: this.params.nOversamples, nIter: power === 'auto' ? autoPowerIterations(k, n, d) : power, seed: seedValue });
    const variance = r.s.map((s) => (s * s) / (n - 1));
    const xc = X.data as Float64Array;
    let total = 0;
    for (let i = 0; i < xc.length; i++) total += xc[i] * xc[i];
    return { svd: r, hasU: true, variance, mean, total: total / (n - 1) };
  }

  /** u * s (or u * sqrt(n - 1) when whitening) for the first k components: scikit-learn's fit_transform result. */
  private projectionsFromU(r: Svd, k: number, n: number): Float64Array {
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) out[i * k + c] = r.u[i * r.k + c] * (this.params.whiten ? Math.sqrt(n - 1) : r.s[c]);
    }
    return out;
  }

  /** The per-component scale of whitening, sqrt(explained variance) floored at machine epsilon. */
  private whitenScale(): Float64Array {
    return Float64Array.from(this.explainedVariance_!.data as Float64Array, (v) => Math.max(Math.sqrt(v), Number.EPSILON));
  }

  /**
   * Projects X onto the principal components: (X - mean_) components_^T, divided by sqrt(explainedVariance_) when
   * whitening.
   * @param X - samples with the features seen at fit
   * @returns n x nComponents_
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const comps = this.components_!;
    const k = comps.shape[0];
    const z = matmul(m.tensor, comps, { transB: true }).data as Float64Array;
    const shift = matmul(this.mean_!.reshape([1, m.cols]), comps, { transB: true }).data as Float64Array;
    const scale = this.params.whiten ? this.whitenScale() : undefined;
    for (let i = 0; i < m.rows; i++) {
      for (let c = 0; c < k; c++) {
        const v = z[i * k + c] - shift[c];
        z[i * k + c] = scale ? v / scale[c] : v;
      }
    }
    return Tensor.from(z, [m.rows, k]);
  }

  /**
   * Fits, then returns the projections of X (from the SVD itself where the solver computed it, as scikit-learn).
   * @param X - samples
   * @param y - ignored
   * @param options - as fit
   * @returns n x nComponents_
   * @throws as fit
   */
  override fitTransform(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Tensor {
    this.checkFitOptions(options, 'fitTransform');
    this.#keepProjections = true;
    try {
      this.fit(X, y, options);
    } finally {
      this.#keepProjections = false;
    }
    const z = this.#fitted;
    this.#fitted = undefined;
    return z ? Tensor.from(z, [this.nSamples_!, this.nComponents_!]) : this.transform(X);
  }

  /**
   * The covariance of the probabilistic PCA model: components_^T diag(explainedVariance_ - noiseVariance_)
   * components_ + noiseVariance_ I (scikit-learn's get_covariance, its whitening scaling included).
   * @returns n_features x n_features
   * @throws NotFittedError
   */
  getCovariance(): Tensor<'float64'> {
    this.ensureFitted();
    const comps = this.components_!.data as Float64Array;
    const ev = this.explainedVariance_!.data as Float64Array;
    const noise = this.noiseVariance_!;
    const [k, d] = this.components_!.shape;
    const cov = new Float64Array(d * d);
    for (let c = 0; c < k; c++) {
      const scale = this.params.whiten ? ev[c] : 1;
      const weight = (ev[c] > noise ? ev[c] - noise : 0) * scale;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] += weight * comps[c * d + i] * comps[c * d + j];
    }
    for (let i = 0; i < d; i++) cov[i * d + i] += noise;
    return Tensor.from(cov, [d, d]) as Tensor<'float64'>;
  }

  /**
   * The log-likelihood of each sample under the probabilistic PCA model (scikit-learn's score_samples).
   * @param X - samples with the features seen at fit
   * @returns n log-likelihoods
   * @throws NotFittedError; FeatureMismatchError; NumericError when the model covariance is singular (every
   *   component kept on rank-deficient data); TypeError / RangeError for bad X
   */
  scoreSamples(X: MatrixLike): Tensor<'float64'> {
    const m = this.checkX(X, false);
    const { rows: n, cols: d } = m;
    const mean = this.mean_!.data as Float64Array;
    const xr = Float64Array.from(m.data, (v, i) => v - mean[i % d]);
    let l: Tensor<'float64'>;
    try {
      l = cholesky(this.getCovariance());
    } catch (e) {
      if (!(e instanceof TruenoError)) throw e;
      throw new NumericError('Expected a positive definite model covariance for PCA.scoreSamples but it is singular (every component kept on rank-deficient data)', { cause: e });
    }
    const ld = l.data as Float64Array;
    let logdetCov = 0;
    for (let i = 0; i < d; i++) logdetCov += 2 * Math.log(ld[i * d + i]);
    // the quadratic form x^T C^-1 x of every sample, by solving C Z = Xr^T
    const xrT = new Float64Array(d * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xrT[j * n + i] = xr[i * d + j];
    const z = choleskySolve(l, Tensor.from(xrT, [d, n])).data as Float64Array;
    const out = new Float64Array(n);
    const constant = 0.5 * (d * Math.log(2 * Math.PI) + logdetCov);
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += xrT[j * n + i] * z[j * n + i];
      out[i] = -0.5 * q - constant;
    }
    return Tensor.from(out) as Tensor<'float64'>;
  }

  /**
   * The mean log-likelihood of the samples under the probabilistic PCA model (scikit-learn's PCA.score).
   * @param X - samples with the features seen at fit
   * @returns the average log-likelihood
   * @throws as scoreSamples
   */
  score(X: MatrixLike): number {
    const s = this.scoreSamples(X).data as Float64Array;
    return s.reduce((a, b) => a + b, 0) / s.length;
  }

  /**
   * Maps projections back to the feature space: Z components_ + mean_ (undoing whitening first).
   * @param X - n x nComponents_ projections
   * @returns n x n_features
   * @throws NotFittedError; FeatureMismatchError for another number of columns; TypeError / RangeError for bad X
   */
  inverseTransform(X: MatrixLike): Tensor {
    this.ensureFitted();
    const m = toMatrix(X);
    const k = this.nComponents_!;
    if (m.cols !== k) throw new FeatureMismatchError(`X has ${m.cols} features, but PCA.inverseTransform is expecting ${k} features as input (the components)`);
    let z: Tensor = m.tensor;
    if (this.params.whiten) {
      const scale = Float64Array.from(this.explainedVariance_!.data as Float64Array, Math.sqrt);
      const data = Float64Array.from(m.data, (v, i) => v * scale[i % k]);
      z = Tensor.from(data, [m.rows, k]);
    }
    const out = matmul(z, this.components_!).data as Float64Array;
    const mean = this.mean_!.data as Float64Array;
    const d = mean.length;
    for (let i = 0; i < out.length; i++) out[i] += mean[i % d];
    return Tensor.from(out, [m.rows, d]);
  }
}

registerEstimators(PCA);
