/**
 * Dense linear algebra (numpy.linalg names and semantics, float64 results): gram (X^T X and X^T y in one pass),
 * cholesky / choleskySolve, qr, eigh, svd, lstsq, and the randomized range finder of randomized SVD. The
 * factorizations run in native/core/ml on the native and WASM backends; float32 and integer input is converted to
 * float64 first, except by gram, which reads float32 X in place.
 */
import type { FloatArray } from '../dtype';
import { rangeError, TruenoError } from '../errors';
import { kernels } from '../backend/loader';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectBoolean, expectFinite, expectInteger, expectOptions, MAX_ELEMENTS } from '../validate';
import type { OptionKeys } from '../../common/validate';
import { allocateOutput, floatData, formatShape } from './operands';
import { matmul } from './matrix';
import { norm } from './reduce';

/** Options of {@link gram}. */
export interface GramOptions {
  /** Targets, n values (1-d) or n x t (2-d): X^T y is computed in the same pass. */
  y?: Tensor;
  /** d values subtracted from every row of X first (e.g. the column means, to center it without a copy). */
  xShift?: Tensor;
  /** t values (a scalar tensor or 1-d) subtracted from every row of y first. */
  yShift?: Tensor;
}

/** What {@link gram} returns. */
export interface GramResult {
  /** (X - xShift)^T (X - xShift), d x d, float64. */
  gram: Tensor<'float64'>;
  /** (X - xShift)^T (y - yShift): d values for a 1-d y, d x t for a 2-d y; null without y. */
  xty: Tensor<'float64'> | null;
  /**
   * The column sums of X - xShift (d values). With them any shift centers exactly: the centered gram is
   * gram - xSum xSum^T / n, so a cheap approximate mean as the shift loses no precision.
   */
  xSum: Tensor<'float64'>;
  /** The column sums of y - yShift (t values); null without y. */
  ySum: Tensor<'float64'> | null;
}

/** The error of a factorization that cannot be done on its input (numpy's LinAlgError): `.code` ERR_TRUENO_LINALG. */
function linalgError(message: string): TruenoError {
  return new TruenoError(message, 'ERR_TRUENO_LINALG');
}

function expectMatrix(a: unknown, name: string): Tensor {
  const t = expectTensor(a, name);
  if (t.ndim !== 2) throw rangeError(`Expected a 2-d tensor for ${name} but received shape ${formatShape(t.shape)}`);
  return t;
}

function expectSquare(a: unknown, name: string): Tensor {
  const t = expectMatrix(a, name);
  if (t.shape[0] !== t.shape[1]) throw rangeError(`Expected a square matrix for ${name} but received shape ${formatShape(t.shape)}`);
  return t;
}

/** Rejects NaN and infinities (the eigen and singular value iterations need finite input). */
function expectFiniteEntries(t: Tensor, name: string): void {
  if (t.size > 0 && !Number.isFinite(norm(t, { ord: Infinity }) as number)) {
    throw rangeError(`Expected finite values for ${name} but received a NaN or an infinity`);
  }
}

const f64 = (t: Tensor) => floatData(t, 'float64') as Float64Array;
const EMPTY = new Float64Array(0);
const matrix = (data: Float64Array, rows: number, cols: number) => trustedTensor(data, [rows, cols], 'float64');
const vector = (data: Float64Array) => trustedTensor(data, [data.length], 'float64');

interface GramPlan {
  args: Parameters<ReturnType<typeof kernels>['gram']>;
  result: GramResult;
}

function planGram(x: Tensor, options: GramOptions | undefined, op: string): GramPlan {
  const opts = expectOptions<GramOptions>(options, `${op} options`, { y: true, xShift: true, yShift: true });
  const X = expectMatrix(x, `${op} argument x`);
  const [n, d] = X.shape;
  const data: FloatArray = X.dtype === 'float32' ? (X.data as Float32Array) : f64(X);
  let t = 0;
  let yData: FloatArray = X.dtype === 'float32' ? new Float32Array(0) : EMPTY;
  if (opts.y !== undefined) {
    const y = expectTensor(opts.y, `${op} options.y`);
    if ((y.ndim !== 1 && y.ndim !== 2) || y.shape[0] !== n) {
      throw rangeError(`Expected ${n} rows (1-d or 2-d) for ${op} options.y but received shape ${formatShape(y.shape)}`);
    }
    t = y.ndim === 1 ? 1 : y.shape[1];
    yData = X.dtype === 'float32' ? floatData(y, 'float32') : f64(y);
  }
  const shift = (s: Tensor | undefined, length: number, name: string): Float64Array => {
    if (s === undefined) return EMPTY;
    const v = expectTensor(s, `${op} options.${name}`);
    if (v.size !== length || v.ndim > 1) throw rangeError(`Expected ${length} values for ${op} options.${name} but received shape ${formatShape(v.shape)}`);
    return f64(v);
  };
  const xShift = shift(opts.xShift, d, 'xShift');
  if (opts.yShift !== undefined && opts.y === undefined) throw rangeError(`Expected options.y with ${op} options.yShift but received no y`);
  const yShift = shift(opts.yShift, t, 'yShift');
  const out = allocateOutput('float64', d * (d + t) + d + t);
  if (d === 0) out.fill(0);
  const xty = out.subarray(d * d, d * (d + t));
  const sums = out.subarray(d * (d + t));
  const withY = opts.y !== undefined;
  const result: GramResult = {
    gram: matrix(out.subarray(0, d * d), d, d),
    xty: !withY ? null : opts.y!.ndim === 1 ? vector(xty) : matrix(xty, d, t),
    xSum: vector(sums.subarray(0, d)),
    ySum: withY ? vector(sums.subarray(d)) : null,
  };
  return { args: [n, d, data, d, xShift, t, yData, t, yShift, out], result };
}

/**
 * X^T X and X^T y in one pass over the rows of X, which is read in place (float32 X is converted a block at a time, so
 * nothing the size of X is allocated): the normal equations of least squares and the scatter matrix of PCA.
 * Threaded and blocked; the result bits do not depend on the thread count.
 * @param x - n x d samples (float32 or float64; other dtypes are converted to float64)
 * @param options - `y` (targets, 1-d or n x t), `xShift` / `yShift` (values subtracted per column, e.g. the means)
 * @returns `{ gram, xty, xSum, ySum }`, float64: gram d x d symmetric, xty d (1-d y) or d x t (null without y), the
 *   column sums of the shifted X and y
 * @throws TypeError for a non-tensor or bad options; RangeError for a non-2-d x, or y / shifts of the wrong size
 * @example const { gram: g, xty } = gram(x, { y, xShift: mean(x, { axis: 0 }) });
 */
export function gram(x: Tensor, options?: GramOptions): GramResult {
  const p = planGram(x, options, 'gram');
  kernels().gram(...p.args);
  return p.result;
}

/**
 * {@link gram} off the event loop (a libuv worker on the native backend, which computes on a copy of x).
 * @param x - as gram
 * @param options - as gram
 * @returns a Promise of `{ gram, xty }`
 * @throws (as a rejection) as gram
 * @example const { gram: g } = await gramAsync(x);
 */
export async function gramAsync(x: Tensor, options?: GramOptions): Promise<GramResult> {
  const p = planGram(x, options, 'gramAsync');
  await kernels().gramAsync(...p.args);
  return p.result;
}

/**
 * The lower Cholesky factor L of a symmetric positive definite matrix, a = L L^T (numpy.linalg.cholesky: only the
 * lower triangle of a is read).
 * @param a - n x n, symmetric positive definite
 * @returns L, n x n float64, zero above the diagonal
 * @throws TypeError for a non-tensor; RangeError for a non-square a; TruenoError ERR_TRUENO_LINALG when a is not
 *   positive definite (or holds NaN), naming the leading minor that fails
 * @example cholesky(Tensor.from([[4, 2], [2, 3]])).toArray() // [[2, 0], [1, 1.414...]]
 */
export function cholesky(a: Tensor): Tensor<'float64'> {
  const A = expectSquare(a, 'cholesky argument a');
  const n = A.shape[0];
  const l = allocateOutput('float64', n * n);
  const info = kernels().cholesky(n, f64(A), l);
  if (info !== 0) throw linalgError(`Expected a positive definite matrix for cholesky but the leading minor of order ${info} is not positive definite`);
  return matrix(l, n, n);
}

/**
 * Solves a x = b given the Cholesky factor L of a (scipy.linalg.cho_solve with lower=True).
 * @param l - n x n lower triangular factor from {@link cholesky}
 * @param b - n values or n x k right-hand sides
 * @returns x, float64, the shape of b
 * @throws TypeError for a non-tensor; RangeError for a non-square l, b of another length, or a zero or non-finite
 *   diagonal of l
 * @example const x = choleskySolve(cholesky(a), b);
 */
export function choleskySolve(l: Tensor, b: Tensor): Tensor<'float64'> {
  const L = expectSquare(l, 'choleskySolve argument l');
  const B = expectTensor(b, 'choleskySolve argument b');
  const n = L.shape[0];
  if ((B.ndim !== 1 && B.ndim !== 2) || B.shape[0] !== n) {
    throw rangeError(`Expected ${n} rows (1-d or 2-d) for choleskySolve argument b but received shape ${formatShape(B.shape)}`);
  }
  const ld = f64(L);
  for (let i = 0; i < n; i++) {
    const v = ld[i * n + i];
    if (v === 0 || !Number.isFinite(v)) throw rangeError(`Expected a nonzero finite diagonal for choleskySolve argument l but received ${v} at [${i}, ${i}]`);
  }
  const nrhs = B.ndim === 1 ? 1 : B.shape[1];
  const x = allocateOutput('float64', n * nrhs);
  kernels().choleskySolve(n, nrhs, ld, f64(B), x);
  return trustedTensor(x, B.shape, 'float64');
}

/** What {@link qr} returns. */
export interface QrResult {
  /** m x k, orthonormal columns (k = min(m, n)). */
  q: Tensor<'float64'>;
  /** k x n, upper triangular. */
  r: Tensor<'float64'>;
}

function planQr(a: Tensor, op: string) {
  const A = expectMatrix(a, `${op} argument a`);
  const [m, n] = A.shape;
  const k = Math.min(m, n);
  const out = allocateOutput('float64', m * k + k * n);
  return { args: [m, n, f64(A), out] as const, result: { q: matrix(out.subarray(0, m * k), m, k), r: matrix(out.subarray(m * k), k, n) } };
}

/**
 * Thin Householder QR, numpy.linalg.qr(a, mode='reduced'), with LAPACK's signs (the same as numpy's).
 * @param a - m x n
 * @returns `{ q, r }`: q m x k with orthonormal columns, r k x n upper triangular, k = min(m, n), a = q r
 * @throws TypeError for a non-tensor; RangeError for a non-2-d a
 * @example const { q, r } = qr(a);
 */
export function qr(a: Tensor): QrResult {
  const p = planQr(a, 'qr');
  kernels().qr(...p.args);
  return p.result;
}

/**
 * {@link qr} off the event loop.
 * @param a - as qr
 * @returns a Promise of `{ q, r }`
 * @throws (as a rejection) as qr
 * @example const { q } = await qrAsync(a);
 */
export async function qrAsync(a: Tensor): Promise<QrResult> {
  const p = planQr(a, 'qrAsync');
  await kernels().qrAsync(...p.args);
  return p.result;
}

/** What {@link eigh} returns (numpy's EighResult). */
export interface EighResult {
  /** n eigenvalues, ascending. */
  eigenvalues: Tensor<'float64'>;
  /** n x n; column i is the unit eigenvector of eigenvalue i, its entry of largest magnitude positive. */
  eigenvectors: Tensor<'float64'>;
}

function planEigh(a: Tensor, op: string) {
  const A = expectSquare(a, `${op} argument a`);
  const n = A.shape[0];
  const data = f64(A);
  expectFiniteEntries(A, `${op} argument a`);
  const out = allocateOutput('float64', 1 + n + n * n);
  const result = { eigenvalues: vector(out.subarray(1, 1 + n)), eigenvectors: matrix(out.subarray(1 + n), n, n) };
  return { args: [n, data, out] as const, out, result };
}

const notConverged = (op: string) => linalgError(`Expected ${op} to converge but its iteration did not (an extremely ill-scaled matrix)`);

/**
 * Eigenvalues and eigenvectors of a symmetric matrix (numpy.linalg.eigh with UPLO='L': the lower triangle is read):
 * Householder tridiagonalization and implicit QL. Each eigenvector's sign is fixed (its entry of largest magnitude is
 * positive), where numpy's depends on LAPACK.
 * @param a - n x n, symmetric, finite
 * @returns `{ eigenvalues, eigenvectors }`, float64, eigenvalues ascending
 * @throws TypeError for a non-tensor; RangeError for a non-square a or a NaN/infinite entry; TruenoError
 *   ERR_TRUENO_LINALG if the iteration does not converge
 * @example const { eigenvalues, eigenvectors } = eigh(cov);
 */
export function eigh(a: Tensor): EighResult {
  const p = planEigh(a, 'eigh');
  kernels().eigh(...p.args);
  if (p.out[0] !== 0) throw notConverged('eigh');
  return p.result;
}

/**
 * {@link eigh} off the event loop.
 * @param a - as eigh
 * @returns a Promise of `{ eigenvalues, eigenvectors }`
 * @throws (as a rejection) as eigh
 * @example const { eigenvalues } = await eighAsync(cov);
 */
export async function eighAsync(a: Tensor): Promise<EighResult> {
  const p = planEigh(a, 'eighAsync');
  await kernels().eighAsync(...p.args);
  if (p.out[0] !== 0) throw notConverged('eighAsync');
  return p.result;
}

/** What {@link svd} returns. */
export interface SvdResult {
  /** m x k left singular vectors (columns), k = min(m, n); m x m with `full`. */
  u: Tensor<'float64'>;
  /** k singular values, descending. */
  s: Tensor<'float64'>;
  /** k x n right singular vectors (rows); n x n with `full`. */
  vt: Tensor<'float64'>;
}

/** Options of {@link svd}. */
export interface SvdOptions {
  /**
   * numpy's full_matrices: false (default) gives the thin u (m x k) and vt (k x n); true completes them to square
   * orthogonal matrices (u m x m, vt n x n; k = min(m, n) singular values either way).
   */
  full?: boolean;
}

function planSvd(a: Tensor, options: SvdOptions | undefined, op: string) {
  const opts = expectOptions<SvdOptions>(options, `${op} options`, { full: true });
  const A = expectMatrix(a, `${op} argument a`);
  const full = opts.full === undefined ? false : expectBoolean(opts.full, `${op} options.full`);
  const [m, n] = A.shape;
  const k = Math.min(m, n);
  const data = f64(A);
  expectFiniteEntries(A, `${op} argument a`);
  const out = allocateOutput('float64', 1 + m * k + k + k * n);
  const u = matrix(out.subarray(1, 1 + m * k), m, k);
  const s = vector(out.subarray(1 + m * k, 1 + m * k + k));
  return { args: [m, n, data, out] as const, out, full, result: { u, s, vt: matrix(out.subarray(1 + m * k + k), k, n) } };
}

/**
 * An orthonormal basis of R^rows whose first k columns are the orthonormal columns of b (rows x k): the Q of the QR of
 * [b | I], whose leading columns span b, with b itself kept in front.
 */
function completeBasis(b: Float64Array, rows: number, k: number): Float64Array {
  const wide = new Float64Array(rows * (k + rows));
  for (let i = 0; i < rows; i++) {
    wide.set(b.subarray(i * k, (i + 1) * k), i * (k + rows));
    wide[i * (k + rows) + k + i] = 1;
  }
  const q = qr(matrix(wide, rows, k + rows)).q.data as Float64Array;
  const out = Float64Array.from(q);
  for (let i = 0; i < rows; i++) out.set(b.subarray(i * k, (i + 1) * k), i * rows);
  return out;
}

/** The thin result, or with `full` the square completions of u (tall a) or vt (wide a). */
function svdResult(p: ReturnType<typeof planSvd>, op: string): SvdResult {
  if (p.out[0] !== 0) throw notConverged(op);
  if (!p.full) return p.result;
  const [m, n] = p.args;
  const k = Math.min(m, n);
  const u = m > k ? matrix(completeBasis(p.result.u.data as Float64Array, m, k), m, m) : p.result.u;
  let vt = p.result.vt;
  if (n > k) {
    const v = new Float64Array(n * k);
    const vd = vt.data as Float64Array;
    for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) v[j * k + c] = vd[c * n + j];
    const vFull = completeBasis(v, n, k);
    const vtFull = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vtFull[i * n + j] = vFull[j * n + i];
    vt = matrix(vtFull, n, n);
  }
  return { u, s: p.result.s, vt };
}

/**
 * Singular value decomposition, numpy.linalg.svd: one-sided Jacobi after a QR (accurate for small singular values
 * too), thin by default (full_matrices=False). Signs follow scikit-learn's svd_flip(u_based_decision=False): each row
 * of vt has its entry of largest magnitude positive, so the result is deterministic (numpy's signs depend on LAPACK).
 * @param a - m x n, finite
 * @param options - `full` (square u and vt, as numpy's full_matrices=True)
 * @returns `{ u, s, vt }`, float64, a = u diag(s) vt (over the first k = min(m, n) columns of u and rows of vt),
 *   s descending
 * @throws TypeError for a non-tensor or a bad option; RangeError for a non-2-d a or a NaN/infinite entry; TruenoError
 *   ERR_TRUENO_LINALG if the iteration does not converge
 * @example const { u, s, vt } = svd(x);
 */
export function svd(a: Tensor, options?: SvdOptions): SvdResult {
  const p = planSvd(a, options, 'svd');
  kernels().svd(...p.args);
  return svdResult(p, 'svd');
}

/**
 * {@link svd} off the event loop.
 * @param a - as svd
 * @param options - as svd
 * @returns a Promise of `{ u, s, vt }`
 * @throws (as a rejection) as svd
 * @example const { s } = await svdAsync(x);
 */
export async function svdAsync(a: Tensor, options?: SvdOptions): Promise<SvdResult> {
  const p = planSvd(a, options, 'svdAsync');
  await kernels().svdAsync(...p.args);
  return svdResult(p, 'svdAsync');
}

/** Options of {@link lstsq}. */
export interface LstsqOptions {
  /** Singular values below rcond * the largest count as zero. Default: machine epsilon * max(m, n), as numpy. */
  rcond?: number;
}

/** What {@link lstsq} returns (numpy.linalg.lstsq's four results). */
export interface LstsqResult {
  /** The minimum-norm least-squares solution, n (1-d b) or n x k. */
  x: Tensor<'float64'>;
  /** Squared residual norm per column of b when rank == n < m, else an empty tensor (numpy's rule). */
  residuals: Tensor<'float64'>;
  /** The effective rank of a. */
  rank: number;
  /** The singular values of a, descending. */
  s: Tensor<'float64'>;
}

/**
 * The least-squares solution of a x = b, numpy.linalg.lstsq: through the SVD, so it is the minimum-norm solution
 * for a rank-deficient a (the fallback of LinearRegression when X^T X is ill-conditioned).
 * @param a - m x n, finite
 * @param b - m values or m x k, finite
 * @param options - `rcond` (the relative cutoff for small singular values)
 * @returns `{ x, residuals, rank, s }`
 * @throws TypeError for a non-tensor or a bad option; RangeError for shapes that do not match or a NaN/infinite entry
 * @example const { x } = lstsq(a, b);
 */
export function lstsq(a: Tensor, b: Tensor, options?: LstsqOptions): LstsqResult {
  const opts = expectOptions<LstsqOptions>(options, 'lstsq options', { rcond: true });
  const A = expectMatrix(a, 'lstsq argument a');
  const B = expectTensor(b, 'lstsq argument b');
  const [m, n] = A.shape;
  if ((B.ndim !== 1 && B.ndim !== 2) || B.shape[0] !== m) {
    throw rangeError(`Expected ${m} rows (1-d or 2-d) for lstsq argument b but received shape ${formatShape(B.shape)}`);
  }
  expectFiniteEntries(B, 'lstsq argument b');
  const rcond = opts.rcond === undefined ? Number.EPSILON * Math.max(m, n) : expectFinite(opts.rcond, 'lstsq options.rcond');
  const k = Math.min(m, n);
  const nrhs = B.ndim === 1 ? 1 : B.shape[1];
  const { u, s, vt } = svd(A);
  const sv = s.data as Float64Array;
  const cutoff = rcond * (k > 0 ? sv[0] : 0);
  let rank = 0;
  while (rank < k && sv[rank] > cutoff) rank++;
  // x = V_r diag(1 / s_r) U_r^T b over the rank kept singular triplets
  const B2 = trustedTensor(f64(B), [m, nrhs], 'float64');
  const utb = matmul(u, B2, { transA: true }).data as Float64Array; // k x nrhs
  for (let i = 0; i < k; i++) for (let c = 0; c < nrhs; c++) utb[i * nrhs + c] = i < rank ? utb[i * nrhs + c] / sv[i] : 0;
  const x = matmul(vt, matrix(utb, k, nrhs), { transA: true }) as Tensor<'float64'>;
  let residuals = vector(new Float64Array(0));
  if (rank === n && m > n) {
    const r = (matmul(A.dtype === 'float64' ? A : matrix(f64(A), m, n), x).data as Float64Array);
    const bd = B2.data as Float64Array;
    const res = new Float64Array(nrhs);
    for (let i = 0; i < m; i++) for (let c = 0; c < nrhs; c++) res[c] += (bd[i * nrhs + c] - r[i * nrhs + c]) ** 2;
    residuals = vector(res);
  }
  return { x: B.ndim === 1 ? vector(x.data as Float64Array) : x, residuals, rank, s };
}

/** Options of {@link randomizedRangeFinder}. */
export interface RangeFinderOptions {
  /** Power iterations (default 4): each multiplies by a a^T once more, sharpening the spectrum's decay. */
  nIter?: number;
}

/**
 * An orthonormal basis Q (m x size) whose span approximates the range of a (Halko, Martinsson and Tropp, algorithm
 * 4.4; scikit-learn's randomized_range_finder with QR normalization between the power iterations). The caller draws
 * the random test matrix, so the result is reproducible under the caller's seed on every backend.
 * @param a - m x n, finite
 * @param omega - n x size test matrix (standard normal entries, drawn by the caller)
 * @param options - `nIter` (power iterations)
 * @returns Q, m x size float64 with orthonormal columns (size <= min(m, n))
 * @throws TypeError for a non-tensor or a bad option; RangeError for a non-2-d a, an omega of the wrong shape or
 *   size > min(m, n)
 * @example const q = randomizedRangeFinder(x, omega, { nIter: 7 });
 */
export function randomizedRangeFinder(a: Tensor, omega: Tensor, options?: RangeFinderOptions): Tensor<'float64'> {
  const opts = expectOptions<RangeFinderOptions>(options, 'randomizedRangeFinder options', { nIter: true });
  const A = expectMatrix(a, 'randomizedRangeFinder argument a');
  const O = expectMatrix(omega, 'randomizedRangeFinder argument omega');
  const nIter = opts.nIter === undefined ? 4 : expectInteger(opts.nIter, 'randomizedRangeFinder options.nIter', 0, MAX_ELEMENTS);
  const [m, n] = A.shape;
  if (O.shape[0] !== n || O.shape[1] > Math.min(m, n)) {
    throw rangeError(`Expected an omega of ${n} rows and at most ${Math.min(m, n)} columns for randomizedRangeFinder but received shape ${formatShape(O.shape)}`);
  }
  const A64 = A.dtype === 'float64' ? A : matrix(f64(A), m, n);
  let q = qr(matmul(A64, O.dtype === 'float64' ? O : matrix(f64(O), n, O.shape[1]))).q;
  for (let i = 0; i < nIter; i++) {
    q = qr(matmul(A64, qr(matmul(A64, q, { transA: true })).q)).q;
  }
  return q;
}

