/**
 * The plain-JS reference of the dense linear algebra kernels (gram, cholesky, choleskySolve, qr, eigh, svd), in
 * float64. Where the core is built for speed, these are built to be obviously right: dot products are compensated, the
 * eigenproblem is solved by cyclic Jacobi rotations rather than the core's tridiagonal QL, and the SVD by one-sided
 * Jacobi on the matrix itself rather than after a QR, so the conformance suite compares two different algorithms.
 * Outputs follow the core's conventions (ascending eigenvalues, descending singular values, the entry of largest
 * magnitude of each eigenvector and right singular vector positive, LAPACK's QR signs).
 */
import type { FloatArray } from '../dtype';

/** Neumaier-compensated a . b (a plain loop: this is the reference's hot path, a closure per term costs too much). */
function dotOf(a: Float64Array, b: Float64Array, offsetA = 0, offsetB = 0, n = a.length - offsetA): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = a[offsetA + i] * b[offsetB + i];
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

/** Row r of a rows x cols row-major matrix as a view. */
const rowOf = (a: Float64Array, r: number, cols: number) => a.subarray(r * cols, (r + 1) * cols);

/** The columns of a (rows x cols, row-major) as separate arrays. */
function columnsOf(a: FloatArray, rows: number, cols: number): Float64Array[] {
  return Array.from({ length: cols }, (_, c) => Float64Array.from({ length: rows }, (_, r) => a[r * cols + c]));
}

/** -1 when the entry of largest magnitude (the first such) of v is negative, else 1. */
function signOfLargest(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[best])) best = i;
  return v[best] < 0 ? -1 : 1;
}

/** See SyncKernels.gram. */
export function gram(n: number, d: number, x: FloatArray, ldx: number, xShift: Float64Array, t: number, y: FloatArray,
  ldy: number, yShift: Float64Array, out: Float64Array): void {
  const xty = out.subarray(d * d);
  const sums = out.subarray(d * (d + t));
  // the shifted columns, each as one array, so every entry is a compensated dot product of two of them
  const column = (data: FloatArray, ld: number, shift: Float64Array, j: number) =>
    Float64Array.from({ length: n }, (_, r) => data[r * ld + j] - (shift.length ? shift[j] : 0));
  const xs = Array.from({ length: d }, (_, j) => column(x, ldx, xShift, j));
  const ys = Array.from({ length: d > 0 ? t : 0 }, (_, j) => column(y, ldy, yShift, j));
  const ones = new Float64Array(n).fill(1);
  xs.forEach((c, j) => (sums[j] = dotOf(c, ones)));
  ys.forEach((c, j) => (sums[d + j] = dotOf(c, ones)));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) out[i * d + j] = out[j * d + i] = dotOf(xs[i], xs[j]);
    for (let j = 0; j < t; j++) xty[i * t + j] = dotOf(xs[i], ys[j]);
  }
}

/** See SyncKernels.cholesky: the Cholesky-Banachiewicz recurrence; returns 0 or the order of the failing minor. */
export function cholesky(n: number, a: Float64Array, l: Float64Array): number {
  const f = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const s = a[i * n + j] - dotOf(f, f, i * n, j * n, j);
      if (j < i) {
        f[i * n + j] = s / f[j * n + j];
      } else if (s > 0 && Number.isFinite(s)) {
        f[i * n + i] = Math.sqrt(s);
      } else {
        f.fill(0, i * n);
        l.set(f);
        return i + 1;
      }
    }
  }
  l.set(f);
  return 0;
}

/** See SyncKernels.choleskySolve: forward then backward substitution, column by column of b. */
export function choleskySolve(n: number, nrhs: number, l: Float64Array, b: Float64Array, x: Float64Array): void {
  const result = new Float64Array(n * nrhs);
  for (let c = 0; c < nrhs; c++) {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = (b[i * nrhs + c] - dotOf(l, z, i * n, 0, i)) / l[i * n + i];
    for (let i = n - 1; i >= 0; i--) {
      const below = Float64Array.from({ length: n - i - 1 }, (_, k) => l[(i + 1 + k) * n + i]); // column i of l under the diagonal
      z[i] = (z[i] - dotOf(below, z, 0, i + 1)) / l[i * n + i];
    }
    for (let i = 0; i < n; i++) result[i * nrhs + c] = z[i];
  }
  x.set(result);
}

/** See SyncKernels.qr: Householder reflectors with dgeqrf's signs, Q formed by applying them to the identity. */
export function qr(m: number, n: number, a: Float64Array, out: Float64Array): void {
  const k = Math.min(m, n);
  const q = out.subarray(0, m * k);
  const r = out.subarray(m * k);
  const cols = columnsOf(a, m, n);
  const reflectors: Array<{ v: Float64Array; tau: number; j: number }> = [];
  const reflect = (col: Float64Array, { v, tau, j }: { v: Float64Array; tau: number; j: number }) => {
    const s = tau * dotOf(v, col, 0, j, m - j);
    for (let i = 0; i < m - j; i++) col[j + i] -= s * v[i];
  };
  for (let j = 0; j < k; j++) {
    const x = cols[j];
    const tail = x.subarray(j + 1);
    const xnorm = Math.sqrt(dotOf(tail, tail));
    if (xnorm === 0) continue;
    const alpha = x[j];
    const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
    const v = Float64Array.from({ length: m - j }, (_, i) => (i === 0 ? 1 : x[j + i] / (alpha - beta)));
    const h = { v, tau: (beta - alpha) / beta, j };
    reflectors.push(h);
    for (let c = j; c < n; c++) reflect(cols[c], h);
  }
  for (let i = 0; i < k; i++) for (let c = 0; c < n; c++) r[i * n + c] = c < i ? 0 : cols[c][i];
  for (let c = 0; c < k; c++) {
    const e = new Float64Array(m);
    e[c] = 1;
    for (let h = reflectors.length - 1; h >= 0; h--) reflect(e, reflectors[h]);
    for (let i = 0; i < m; i++) q[i * k + c] = e[i];
  }
}

/** Applies the plane rotation (c, s) to rows p and q of a rows x len matrix: p' = c p - s q, q' = s p + c q. */
function rotateRows(a: Float64Array, len: number, p: number, q: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const x = a[p * len + i];
    const y = a[q * len + i];
    a[p * len + i] = c * x - s * y;
    a[q * len + i] = s * x + c * y;
  }
}

/** The rotation angle that zeroes the off-diagonal gamma of the 2 x 2 symmetric [[alpha, gamma], [gamma, beta]]. */
function jacobiRotation(alpha: number, beta: number, gamma: number): [number, number] {
  const zeta = (beta - alpha) / (2 * gamma);
  const t = (zeta < 0 ? -1 : 1) / (Math.abs(zeta) + Math.hypot(1, zeta));
  const c = 1 / Math.sqrt(1 + t * t);
  return [c, c * t];
}

const MAX_SWEEPS = 100;

/** See SyncKernels.eigh: cyclic two-sided Jacobi on the symmetric matrix (lower triangle read). */
export function eigh(n: number, a: Float64Array, out: Float64Array): void {
  out[0] = eighInto(n, a, out.subarray(1, 1 + n), out.subarray(1 + n));
}

/** Eigenvalues into w, vectors into v; returns 0, or 1 when the sweeps did not converge. */
function eighInto(n: number, a: Float64Array, w: Float64Array, v: Float64Array): number {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) s[i * n + j] = s[j * n + i] = a[i * n + j];
  const vt = new Float64Array(n * n); // eigenvectors by rows
  for (let i = 0; i < n; i++) vt[i * n + i] = 1;
  // off-diagonal entries this small next to the whole matrix are zero to working precision (rotations leave about
  // that much rounding behind, so a smaller threshold would never be met)
  const negligible = Number.EPSILON * Math.sqrt(dotOf(s, s));
  let converged = n < 2;
  for (let sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
    converged = true;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const gamma = s[p * n + q];
        if (Math.abs(gamma) <= negligible) continue;
        converged = false;
        // the rotation that diagonalizes the p, q block: S <- J^T S J with columns p' = c p - s q, q' = s p + c q
        const [c, sn] = jacobiRotation(s[p * n + p], s[q * n + q], gamma);
        rotateRows(s, n, p, q, c, sn);
        for (let i = 0; i < n; i++) {
          const x = s[i * n + p];
          const y = s[i * n + q];
          s[i * n + p] = c * x - sn * y;
          s[i * n + q] = sn * x + c * y;
        }
        rotateRows(vt, n, p, q, c, sn);
      }
    }
  }
  if (!converged) return 1;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s[i * n + i] - s[j * n + j] || i - j);
  order.forEach((src, c) => {
    const vec = rowOf(vt, src, n);
    const sign = signOfLargest(vec);
    w[c] = s[src * n + src];
    for (let i = 0; i < n; i++) v[i * n + c] = sign * vec[i];
  });
  return 0;
}

/** See SyncKernels.svd: one-sided Jacobi on the columns of a (or of a^T when it is wide). */
export function svd(m: number, n: number, a: Float64Array, out: Float64Array): void {
  const k = Math.min(m, n);
  out[0] = svdInto(m, n, a, out.subarray(1, 1 + m * k), out.subarray(1 + m * k, 1 + m * k + k), out.subarray(1 + m * k + k));
}

/** u, s, vt of a; returns 0, or 1 when the sweeps did not converge. */
function svdInto(m: number, n: number, a: Float64Array, u: Float64Array, s: Float64Array, vt: Float64Array): number {
  const k = Math.min(m, n);
  if (k === 0) return 0;
  const wide = m < n;
  const big = wide ? n : m;
  // g: the k columns of B = a (tall) or a^T (wide), by rows; vj: the right rotations, by rows
  const g = new Float64Array(k * big);
  for (let c = 0; c < k; c++) for (let i = 0; i < big; i++) g[c * big + i] = wide ? a[c * n + i] : a[i * n + c];
  const vj = new Float64Array(k * k);
  for (let i = 0; i < k; i++) vj[i * k + i] = 1;
  // columns this small are zero to working precision: rotating them only stirs rounding noise
  const negligible = Number.EPSILON ** 2 * dotOf(g, g);
  const small = Math.sqrt(negligible);
  // columns of length big are orthogonal to working precision at this cosine (LAPACK's dgesvj uses sqrt(m) eps): a
  // rotation leaves rounding of that size behind, so a tighter test would never be met
  const orthogonal = Number.EPSILON * Math.sqrt(big);
  let converged = false;
  for (let sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
    converged = true;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const gp = rowOf(g, p, big);
        const gq = rowOf(g, q, big);
        const alpha = dotOf(gp, gp);
        const beta = dotOf(gq, gq);
        const gamma = dotOf(gp, gq);
        if (alpha <= negligible || beta <= negligible) continue;
        if (gamma === 0 || Math.abs(gamma) <= orthogonal * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        converged = false;
        const [c, sn] = jacobiRotation(alpha, beta, gamma);
        rotateRows(g, big, p, q, c, sn);
        rotateRows(vj, k, p, q, c, sn);
      }
    }
  }
  if (!converged) return 1;
  const sigma = Array.from({ length: k }, (_, c) => Math.sqrt(dotOf(rowOf(g, c, big), rowOf(g, c, big))));
  const left = completeOrthonormal(g, sigma, big, small);
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => sigma[j] - sigma[i] || i - j);
  order.forEach((src, c) => {
    // B = left diag(sigma) vj^T; a = B or B^T
    const rightOfA = wide ? rowOf(left, src, big) : rowOf(vj, src, k);
    const leftOfA = wide ? rowOf(vj, src, k) : rowOf(left, src, big);
    const sign = signOfLargest(rightOfA);
    s[c] = sigma[src];
    for (let j = 0; j < n; j++) vt[c * n + j] = sign * rightOfA[j];
    for (let i = 0; i < m; i++) u[i * k + c] = sign * leftOfA[i];
  });
  return 0;
}

/**
 * The columns of g (by rows, length len) divided by their norms sigma; one whose norm is at most `small` (zero to
 * working precision) is replaced by a unit vector orthogonal to all the others (Gram-Schmidt, twice, on e_0, e_1, ...).
 */
function completeOrthonormal(g: Float64Array, sigma: number[], len: number, small: number): Float64Array {
  const k = sigma.length;
  const out = new Float64Array(k * len);
  for (let c = 0; c < k; c++) for (let i = 0; i < len; i++) out[c * len + i] = sigma[c] > small ? g[c * len + i] / sigma[c] : 0;
  for (let c = 0; c < k; c++) {
    if (sigma[c] > small) continue;
    const x = rowOf(out, c, len);
    for (let e = 0; e < len; e++) {
      x.fill(0);
      x[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let o = 0; o < k; o++) {
          if (o === c || (sigma[o] <= small && o > c)) continue;
          const other = rowOf(out, o, len);
          const proj = dotOf(other, x);
          for (let i = 0; i < len; i++) x[i] -= proj * other[i];
        }
      }
      const norm = Math.sqrt(dotOf(x, x));
      if (norm > 0.5) {
        for (let i = 0; i < len; i++) x[i] /= norm;
        break;
      }
    }
  }
  return out;
}
