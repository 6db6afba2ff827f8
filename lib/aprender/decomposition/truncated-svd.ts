/**
 * TruncatedSVD: dimensionality reduction by a truncated SVD of X itself, not centered (scikit-learn's TruncatedSVD,
 * latent semantic analysis). 'randomized' is Halko et al. seeded by randomState; 'arpack' is the exact top-k SVD (the
 * subspace scikit-learn's ARPACK call converges to).
 */
import { Random } from '../../common/random';
import { matmul } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { toMatrix, type MatrixLike, type TargetLike } from '../base/input';
import { Transformer } from '../base/kinds';
import { integer, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { FeatureMismatchError, ParamError } from '../errors';
import { randomizedSvd, topSvd } from './randomized-svd';

/** TruncatedSVD's hyperparameters. */
export interface TruncatedSVDParams {
  /** Components to keep (default 2). */
  nComponents: number;
  /** 'randomized' (default) or 'arpack' (exact). */
  algorithm: 'randomized' | 'arpack';
  /** Power iterations of 'randomized'; default 5. */
  nIter: number;
  /** Extra random directions of 'randomized'; default 10. */
  nOversamples: number;
  /** Seed of 'randomized' (null: a fresh seed per fit). */
  randomState: number | null;
  /** scikit-learn's ARPACK tolerance: 'arpack' is computed exactly here, so any value gives the exact result. */
  tol: number;
}

/** Population variance (ddof 0) of each column of an n x k matrix. */
function columnVariances(z: Float64Array, n: number, k: number): Float64Array {
  const mean = new Float64Array(k);
  const out = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) mean[c] += z[i * k + c] / n;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[c] += (z[i * k + c] - mean[c]) ** 2 / n;
  return out;
}

/**
 * Dimensionality reduction by truncated SVD (no centering, so it suits sparse-like count data).
 * Learned: `components_` (k x n_features), `explainedVariance_` (variance of each projection),
 * `explainedVarianceRatio_`, `singularValues_`, `nFeaturesIn_`.
 * @example
 * const svd = new TruncatedSVD({ nComponents: 5, randomState: 0 });
 * const Z = svd.fitTransform(X);
 */
export class TruncatedSVD extends Transformer<TruncatedSVDParams> {
  static override readonly params = {
    nComponents: [integer({ min: 1 }), 2],
    algorithm: [oneOf('randomized', 'arpack'), 'randomized'],
    nIter: [integer({ min: 0 }), 5],
    nOversamples: [integer({ min: 1 }), 10],
    randomState: [seed(), null],
    tol: [real({ min: 0 }), 0],
  } as const;
  static override readonly tags = { ...Transformer.tags, randomized: true };

  /** Right singular vectors, k x n_features. */
  components_?: Tensor<'float64'>;
  /** Variance of each component's projections of the training X. */
  explainedVariance_?: Tensor<'float64'>;
  /** That variance over the total variance of X. */
  explainedVarianceRatio_?: Tensor<'float64'>;
  /** The k largest singular values of X. */
  singularValues_?: Tensor<'float64'>;
  /** fitTransform is running: keep the fit's projections for it. */
  #keepProjections = false;
  /** Those projections, handed to fitTransform and dropped; never learned state. */
  #fitted: Tensor | undefined;

  protected fitImpl(X: unknown): void {
    const m = this.checkX(X, true);
    const { rows: n, cols: d } = m;
    const k = this.params.nComponents;
    if (d < 2) throw new ParamError(`Expected at least 2 features for TruncatedSVD but received X of shape [${n}, ${d}]`, 'nComponents');
    const arpack = this.params.algorithm === 'arpack';
    const limit = arpack ? Math.min(n, d) - 1 : d;
    if (k > limit || (!arpack && k > Math.min(n, d))) {
      throw new ParamError(`Expected nComponents <= ${Math.min(limit, arpack ? limit : Math.min(n, d))} for TruncatedSVD (algorithm '${this.params.algorithm}') on X of shape [${n}, ${d}] but received ${k}`, 'nComponents');
    }
    const x = m.tensor as Tensor<'float64'>;
    const seedValue = this.params.randomState ?? new Random(Math.floor(Math.random() * 4294967296)).seed();
    const r = arpack ? topSvd(x, k) : randomizedSvd(x, k, { oversamples: this.params.nOversamples, nIter: this.params.nIter, seed: seedValue });
    this.components_ = Tensor.from(r.vt, [k, d]) as Tensor<'float64'>;
    // the randomized approximation makes X V differ from U S, so scikit-learn projects X again in that case
    const z = arpack
      ? Float64Array.from(r.u, (v, i) => v * r.s[i % k])
      : (matmul(x, this.components_, { transB: true }).data as Float64Array);
    const variance = columnVariances(z, n, k);
    const total = columnVariances(m.data as Float64Array, n, d).reduce((a, b) => a + b, 0);
    this.explainedVariance_ = Tensor.from(variance) as Tensor<'float64'>;
    this.explainedVarianceRatio_ = Tensor.from(variance.map((v) => v / total)) as Tensor<'float64'>;
    this.singularValues_ = Tensor.from(r.s) as Tensor<'float64'>;
    this.#fitted = this.#keepProjections ? Tensor.from(z, [n, k]) : undefined;
  }

  /**
   * Projects X onto the components: X components_^T.
   * @param X - samples with the features seen at fit
   * @returns n x nComponents
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return matmul(m.tensor, this.components_!, { transB: true });
  }

  /**
   * Fits, then returns the projections of X (U S from the decomposition itself for 'arpack', as scikit-learn).
   * @param X - samples
   * @param y - ignored
   * @param options - as fit
   * @returns n x nComponents
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
    const z = this.#fitted!;
    this.#fitted = undefined;
    return z;
  }

  /**
   * Maps projections back to the feature space: Z components_.
   * @param X - n x nComponents projections
   * @returns n x n_features
   * @throws NotFittedError; FeatureMismatchError for another number of columns; TypeError / RangeError for bad X
   */
  inverseTransform(X: MatrixLike): Tensor {
    this.ensureFitted();
    const m = toMatrix(X);
    const k = this.components_!.shape[0];
    if (m.cols !== k) throw new FeatureMismatchError(`X has ${m.cols} features, but TruncatedSVD.inverseTransform is expecting ${k} features as input (the components)`);
    return matmul(m.tensor, this.components_!);
  }
}

registerEstimators(TruncatedSVD);
