/**
 * Pieces shared by PCA and TruncatedSVD: the randomized SVD of Halko, Martinsson and Tropp (scikit-learn's
 * _randomized_svd over trueno's randomizedRangeFinder, with the Gaussian test matrix drawn from the estimator's seed),
 * scikit-learn's svd_flip sign rule, and the top-k exact SVD that stands in for ARPACK.
 */
import { Random } from '../../common/random';
import { randomizedRangeFinder, svd } from '../../trueno/ops/linalg';
import { matmul, transpose } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';

/** A thin SVD: u (m x k), s (k), vt (k x n), all float64 row-major. */
export interface Svd {
  u: Float64Array;
  s: Float64Array;
  vt: Float64Array;
  m: number;
  n: number;
  k: number;
}

/**
 * scikit-learn's svd_flip(u, vt, u_based_decision=False), in place: each row of vt gets its entry of largest magnitude
 * (the first such) positive, and the matching column of u the same sign change.
 * @param r - the decomposition
 * @returns r
 */
export function svdFlip(r: Svd): Svd {
  for (let c = 0; c < r.k; c++) {
    let best = 0;
    for (let j = 1; j < r.n; j++) if (Math.abs(r.vt[c * r.n + j]) > Math.abs(r.vt[c * r.n + best])) best = j;
    if (r.vt[c * r.n + best] >= 0) continue;
    for (let j = 0; j < r.n; j++) r.vt[c * r.n + j] = -r.vt[c * r.n + j];
    for (let i = 0; i < r.m; i++) r.u[i * r.k + c] = -r.u[i * r.k + c];
  }
  return r;
}

/** The first k singular triplets of a thin SVD. */
function truncate(u: Float64Array, s: Float64Array, vt: Float64Array, m: number, n: number, full: number, k: number): Svd {
  const uk = new Float64Array(m * k);
  for (let i = 0; i < m; i++) uk.set(u.subarray(i * full, i * full + k), i * k);
  return { u: uk, s: s.slice(0, k), vt: vt.slice(0, k * n), m, n, k };
}

/**
 * The exact top-k SVD (what ARPACK converges to, computed directly), signs by svd_flip.
 * @param a - m x n float64
 * @param k - components, at most min(m, n)
 * @returns the decomposition
 */
export function topSvd(a: Tensor<'float64'>, k: number): Svd {
  const [m, n] = a.shape;
  const r = svd(a);
  return truncate(r.u.data as Float64Array, r.s.data as Float64Array, r.vt.data as Float64Array, m, n, Math.min(m, n), k);
}

/** Options of {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /** Extra random directions beyond k (scikit-learn's n_oversamples). */
  oversamples: number;
  /** Power iterations. */
  nIter: number;
  /** The seed of the Gaussian test matrix. */
  seed: number;
}

/**
 * scikit-learn's _randomized_svd (transpose='auto': a wide matrix is worked on transposed), signs by svd_flip.
 * @param a - m x n float64
 * @param k - components
 * @param options - oversamples, nIter, seed
 * @returns the approximate top-k decomposition
 */
export function randomizedSvd(a: Tensor<'float64'>, k: number, options: RandomizedSvdOptions): Svd {
  const [m, n] = a.shape;
  const wide = m < n;
  const M = wide ? (transpose(a) as Tensor<'float64'>) : a;
  const [rows, cols] = M.shape;
  const size = Math.min(k + options.oversamples, rows, cols);
  const rng = new Random(options.seed);
  const omega = Tensor.from(Float64Array.from({ length: cols * size }, () => rng.normal()), [cols, size]);
  const q = randomizedRangeFinder(M, omega, { nIter: options.nIter });
  const b = matmul(q, M, { transA: true }) as Tensor<'float64'>; // size x cols
  const small = svd(b);
  const uBig = matmul(q, small.u).data as Float64Array; // rows x size
  const sv = small.s.data as Float64Array;
  const vtSmall = small.vt.data as Float64Array; // size x cols
  if (!wide) return svdFlip(truncate(uBig, sv, vtSmall, rows, cols, size, k));
  // a = M^T = V s U^T: the left vectors of a are the rows of vt, the right ones the columns of uBig
  const u = new Float64Array(m * k);
  const vt = new Float64Array(k * n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < m; i++) u[i * k + c] = vtSmall[c * cols + i];
    for (let j = 0; j < n; j++) vt[c * n + j] = uBig[j * size + c];
  }
  return svdFlip({ u, s: sv.slice(0, k), vt, m, n, k });
}

/**
 * scikit-learn's iterated_power='auto' / n_iter='auto' rule: 7 power iterations for few components, else 4.
 * @param k - components
 * @param m - rows
 * @param n - columns
 * @returns the power iterations
 */
export function autoPowerIterations(k: number, m: number, n: number): number {
  return k < 0.1 * Math.min(m, n) ? 7 : 4;
}
