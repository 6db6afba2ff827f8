/**
 * The Gaussian pieces of GaussianMixture, following scikit-learn's _gaussian_mixture.py step for step so a fit started
 * from the same parameters follows the same path: parameters from responsibilities (M-step), precision Cholesky
 * factors, and per-component log densities; the n-long products (R^T X, the weighted scatter matrices, X^T X and the
 * n x d by d x d products of the E-step) run on the core's gemm.
 */
import { matmul } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import { NumericError } from '../errors';

/** 'full': one d x d matrix per component; 'tied': one shared; 'diag': d variances each; 'spherical': one variance each. */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/** Row-major float64 samples. */
export interface Data {
  x: Float64Array;
  n: number;
  d: number;
}

/** The length of one covariance (or precision) array for k components in d dimensions. */
export function covarianceLength(type: CovarianceType, k: number, d: number): number {
  return type === 'full' ? k * d * d : type === 'tied' ? d * d : type === 'diag' ? k * d : k;
}

/** The shape of a covariance (or precision) array, as scikit-learn's. */
export function covarianceShape(type: CovarianceType, k: number, d: number): number[] {
  return type === 'full' ? [k, d, d] : type === 'tied' ? [d, d] : type === 'diag' ? [k, d] : [k];
}

const FIT_FAILED = 'Fitting the mixture model failed because some components have ill-defined empirical covariance (for instance caused by singleton or collapsed samples). Try to decrease the number of components, increase regCovar, or scale the input data.';

/**
 * Weights (not normalized: the summed responsibilities), means and covariances from responsibilities
 * (scikit-learn's _estimate_gaussian_parameters).
 * @param data - the samples
 * @param resp - n x k responsibilities
 * @param k - components
 * @param reg - added to the covariances' diagonals
 * @param type - the covariance type
 * @returns nk (k), means (k x d), covariances
 */
export function estimateParameters(data: Data, resp: Float64Array, k: number, reg: number, type: CovarianceType): { nk: Float64Array; means: Float64Array; cov: Float64Array } {
  const { x, n, d } = data;
  const X = Tensor.from(x, [n, d]);
  const R = Tensor.from(resp, [n, k]);
  const nk = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) nk[c] += resp[i * k + c];
  for (let c = 0; c < k; c++) nk[c] += 10 * Number.EPSILON;
  const means = Float64Array.from(matmul(R, X, { transA: true }).data as Float64Array);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] /= nk[c];
  const cov = new Float64Array(covarianceLength(type, k, d));
  if (type === 'full') {
    const weighted = new Float64Array(n * d), diff = new Float64Array(n * d);
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          const v = x[i * d + j] - means[c * d + j];
          diff[i * d + j] = v;
          weighted[i * d + j] = resp[i * k + c] * v;
        }
      }
      const outer = matmul(Tensor.from(weighted, [n, d]), Tensor.from(diff, [n, d]), { transA: true }).data as Float64Array;
      for (let e = 0; e < d * d; e++) cov[c * d * d + e] = outer[e] / nk[c];
      for (let a = 0; a < d; a++) cov[c * d * d + a * d + a] += reg;
    }
  } else if (type === 'tied') {
    const gram = matmul(X, X, { transA: true }).data as Float64Array;
    let total = 0;
    for (let c = 0; c < k; c++) total += nk[c];
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let m2 = 0;
        for (let c = 0; c < k; c++) m2 += nk[c] * means[c * d + a] * means[c * d + b];
        cov[a * d + b] = (gram[a * d + b] - m2) / total;
      }
      cov[a * d + a] += reg;
    }
  } else {
    const squares = Tensor.from(x.map((v) => v * v), [n, d]);
    const avg = matmul(R, squares, { transA: true }).data as Float64Array;
    const diag = new Float64Array(k * d);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) diag[c * d + j] = avg[c * d + j] / nk[c] - means[c * d + j] ** 2 + reg;
    if (type === 'diag') cov.set(diag);
    else for (let c = 0; c < k; c++) cov[c] = diag.subarray(c * d, (c + 1) * d).reduce((acc, v) => acc + v, 0) / d;
  }
  return { nk, means, cov };
}

/**
 * The lower Cholesky factor of the d x d matrix at a[off..].
 * @returns L with a = L L^T, or undefined when a is not positive definite
 */
export function cholesky(a: Float64Array, off: number, d: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[off + i * d + j];
      for (let p = 0; p < j; p++) s -= l[i * d + p] * l[j * d + p];
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  }
  return l;
}

/** (L^-1)^T for a lower-triangular L: the upper-triangular precision factor of a covariance L L^T. */
function inverseTransposed(l: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let col = 0; col < d; col++) {
    // L y = e_col by forward substitution: y is column col of L^-1, so row col of (L^-1)^T
    for (let i = 0; i < d; i++) {
      let s = i === col ? 1 : 0;
      for (let p = 0; p < i; p++) s -= l[i * d + p] * out[col * d + p];
      out[col * d + i] = s / l[i * d + i];
    }
  }
  return out;
}

/**
 * The precision Cholesky factors of covariances (scikit-learn's _compute_precision_cholesky).
 * @param cov - covariances
 * @param type - their type
 * @param k - components
 * @param d - features
 * @returns factors U with precision = U U^T (full, tied: upper triangular; diag, spherical: 1 / sqrt(variance))
 * @throws NumericError when a covariance is not positive definite
 */
export function precisionCholesky(cov: Float64Array, type: CovarianceType, k: number, d: number): Float64Array {
  if (type === 'diag' || type === 'spherical') {
    if (cov.some((v) => !(v > 0))) throw new NumericError(FIT_FAILED);
    return cov.map((v) => 1 / Math.sqrt(v));
  }
  const out = new Float64Array(cov.length);
  for (let c = 0; c < (type === 'full' ? k : 1); c++) {
    const l = cholesky(cov, c * d * d, d);
    if (!l) throw new NumericError(FIT_FAILED);
    out.set(inverseTransposed(l, d), c * d * d);
  }
  return out;
}

/**
 * Precision Cholesky factors from precisions (scikit-learn's _compute_precision_cholesky_from_precisions: the
 * Cholesky factor of the reversed matrix, reversed back, so U is upper triangular with precision = U U^T).
 * @param precisions - precision matrices or values
 * @param type - their type
 * @param k - components
 * @param d - features
 * @returns the factors
 * @throws NumericError when a precision is not positive definite
 */
export function precisionCholeskyFromPrecisions(precisions: Float64Array, type: CovarianceType, k: number, d: number): Float64Array {
  if (type === 'diag' || type === 'spherical') {
    if (precisions.some((v) => !(v > 0))) throw new NumericError('Expected positive precisionsInit values for GaussianMixture');
    return precisions.map(Math.sqrt);
  }
  const out = new Float64Array(precisions.length);
  const flipped = new Float64Array(d * d);
  for (let c = 0; c < (type === 'full' ? k : 1); c++) {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) flipped[a * d + b] = precisions[c * d * d + (d - 1 - a) * d + (d - 1 - b)];
    const l = cholesky(flipped, 0, d);
    if (!l) throw new NumericError('Expected symmetric positive definite precisionsInit matrices for GaussianMixture');
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[c * d * d + a * d + b] = l[(d - 1 - a) * d + (d - 1 - b)];
  }
  return out;
}

/**
 * log N(x_i | mean_c, precision_c) for every sample and component (scikit-learn's _estimate_log_gaussian_prob).
 * @param data - the samples
 * @param means - k x d
 * @param precChol - the precision factors
 * @param type - the covariance type
 * @param k - components
 * @returns n x k log densities
 */
export function logGaussian(data: Data, means: Float64Array, precChol: Float64Array, type: CovarianceType, k: number): Float64Array {
  const { x, n, d } = data;
  const out = new Float64Array(n * k);
  const logDet = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    if (type === 'full' || type === 'tied') {
      const base = type === 'full' ? c * d * d : 0;
      for (let j = 0; j < d; j++) s += Math.log(precChol[base + j * d + j]);
    } else if (type === 'diag') for (let j = 0; j < d; j++) s += Math.log(precChol[c * d + j]);
    else s = d * Math.log(precChol[c]);
    logDet[c] = s;
  }
  if (type === 'full' || type === 'tied') {
    const X = Tensor.from(x, [n, d]);
    const shift = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      const base = type === 'full' ? c * d * d : 0;
      const u = precChol.subarray(base, base + d * d);
      const y = matmul(X, Tensor.from(u.slice(), [d, d])).data as Float64Array;
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let p = 0; p < d; p++) s += means[c * d + p] * u[p * d + j];
        shift[j] = s;
      }
      for (let i = 0; i < n; i++) {
        let q = 0;
        for (let j = 0; j < d; j++) q += (y[i * d + j] - shift[j]) ** 2;
        out[i * k + c] = q;
      }
    }
  } else {
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < n; i++) {
        let q = 0;
        for (let j = 0; j < d; j++) {
          const prec = type === 'diag' ? precChol[c * d + j] ** 2 : precChol[c] ** 2;
          q += prec * (x[i * d + j] - means[c * d + j]) ** 2;
        }
        out[i * k + c] = q;
      }
    }
  }
  const constant = d * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = -0.5 * (constant + out[i * k + c]) + logDet[c];
  return out;
}

/**
 * Adds log weights and normalizes each row in log space.
 * @param logProb - n x k log densities (turned into log responsibilities in place)
 * @param logWeights - k
 * @returns the per-sample log likelihoods (logsumexp of each weighted row)
 */
export function normalizeRows(logProb: Float64Array, logWeights: Float64Array): Float64Array {
  const k = logWeights.length, n = logProb.length / k;
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = (logProb[i * k + c] += logWeights[c]);
      if (v > max) max = v;
    }
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(logProb[i * k + c] - max);
    norm[i] = max === -Infinity ? -Infinity : max + Math.log(s);
    for (let c = 0; c < k; c++) logProb[i * k + c] -= norm[i];
  }
  return norm;
}
