/**
 * Non-negative least squares on the normal equations (Lawson and Hanson's active-set algorithm, the one behind
 * scipy.optimize.nnls): minimizes ||X b - y||^2 over b >= 0 given only G = X^T X and X^T y, so the data pass stays the
 * single native gram. Each step solves the system restricted to the passive set (d x d at most, d = features).
 */
import { cholesky, choleskySolve, lstsq } from '../../trueno/ops/linalg';
import { Tensor } from '../../trueno/tensor';
import { TruenoError } from '../../trueno/errors';
import { NumericError } from '../errors';

/** G[P, P] z = b[P] for the passive set P (least squares when G[P, P] is singular). */
function solvePassive(G: Float64Array, b: Float64Array, d: number, passive: number[]): Float64Array {
  const k = passive.length;
  const sub = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sub[i * k + j] = G[passive[i] * d + passive[j]];
  const rhs = Float64Array.from(passive, (p) => b[p]);
  const A = Tensor.from(sub, [k, k]);
  try {
    return choleskySolve(cholesky(A), Tensor.from(rhs)).data as Float64Array;
  } catch (e) {
    if (!(e instanceof TruenoError)) throw e;
    return lstsq(A, Tensor.from(rhs)).x.data as Float64Array;
  }
}

/** One target: b >= 0 minimizing b^T G b - 2 b^T xty. */
function nnlsOne(G: Float64Array, xty: Float64Array, d: number): Float64Array {
  const x = new Float64Array(d);
  const passive = new Array<boolean>(d).fill(false);
  const scale = Math.max(1e-300, ...Array.from(xty, Math.abs), ...Array.from({ length: d }, (_, j) => G[j * d + j]));
  const tol = 10 * d * Number.EPSILON * scale;
  const maxIter = 3 * d + 30;
  const gradient = () => Float64Array.from({ length: d }, (_, j) => {
    let s = xty[j];
    for (let k = 0; k < d; k++) s -= G[j * d + k] * x[k];
    return s;
  });
  for (let iter = 0; iter < maxIter; iter++) {
    const w = gradient();
    let best = -1;
    for (let j = 0; j < d; j++) if (!passive[j] && w[j] > tol && (best < 0 || w[j] > w[best])) best = j;
    if (best < 0) return x;
    passive[best] = true;
    for (let inner = 0; inner <= d; inner++) {
      const P = passive.flatMap((p, j) => (p ? [j] : []));
      const z = solvePassive(G, xty, d, P);
      if (z.every((v) => v > 0)) {
        x.fill(0);
        P.forEach((p, i) => (x[p] = z[i]));
        break;
      }
      // step from x towards z until the first passive coefficient reaches 0, and drop those that did
      let alpha = Infinity;
      P.forEach((p, i) => {
        if (z[i] <= 0) alpha = Math.min(alpha, x[p] / (x[p] - z[i]));
      });
      P.forEach((p, i) => {
        x[p] += alpha * (z[i] - x[p]);
        if (x[p] <= tol || z[i] <= 0 && x[p] <= 0) {
          x[p] = 0;
          passive[p] = false;
        }
      });
    }
  }
  throw new NumericError(`Expected non-negative least squares to converge within ${maxIter} iterations but it did not`);
}

/**
 * Non-negative coefficients per target.
 * @param G - X^T X, d x d
 * @param xty - X^T y, d x t
 * @param d - features
 * @param t - targets
 * @returns coef, t x d
 * @throws NumericError when the active-set iteration does not settle
 */
export function nonNegativeLeastSquares(G: Float64Array, xty: Float64Array, d: number, t: number): Float64Array {
  const coef = new Float64Array(t * d);
  for (let c = 0; c < t; c++) {
    const b = Float64Array.from({ length: d }, (_, j) => xty[j * t + c]);
    coef.set(nnlsOne(G, b, d), c * d);
  }
  return coef;
}
