/**
 * The primal L2-loss linear SVM, R(w) + sum_i c_i max(0, 1 - y_i w.x_i)^2 over X augmented with liblinear's bias
 * feature, with R = 1/2 ||w||^2 (L-BFGS) or ||w||_1 (FISTA, optimize/proximal.ts); trueno's native matrix-vector
 * products do the n x p work (X w and X^T v per evaluation). Both stop by liblinear's primal rules relative to
 * w = 0: the gradient's largest entry (scaled by 1 / sqrt(q), so never looser than liblinear's 2-norm test) for L2,
 * the minimum-norm subgradient's 1-norm for L1 (100x stricter, as for the logistic L1 solver).
 */
import { matvec } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import { minimizeLbfgs } from '../optimize/lbfgs';
import { minimizeL1, type Smooth } from '../optimize/proximal';
import { liblinearTolerance } from './liblinear-logistic';

/** The solution over the q columns of xAug (the bias feature's weight last when there is one) and the iterations. */
export interface PrimalSvmResult {
  w: Float64Array;
  nIter: number;
}

/** sum_i c_i max(0, 1 - y_i w.x_i)^2 and its gradient. */
function squaredHinge(xAug: Tensor<'float64'>, y: Float64Array, c: Float64Array): Smooth {
  const n = xAug.shape[0];
  return (w) => {
    const margins = matvec(xAug, Tensor.from(w)).data as Float64Array;
    const v = new Float64Array(n);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const slack = 1 - y[i] * margins[i];
      if (slack > 0) {
        f += c[i] * slack * slack;
        v[i] = -2 * c[i] * slack * y[i];
      }
    }
    return { f, g: matvec(xAug, Tensor.from(v), { trans: true }).data as Float64Array };
  };
}

/**
 * Fits one binary problem.
 * @param xAug - X with the bias column appended when there is an intercept (n x q, float64)
 * @param y - labels in {-1, 1}
 * @param c - per-sample costs
 * @param l1 - the L1 penalty instead of L2
 * @param tol - liblinear's eps
 * @param maxIter - iteration limit (L1: 100 x maxIter proximal steps, as for the logistic L1 solver)
 */
export function primalSquaredHinge(xAug: Tensor<'float64'>, y: Float64Array, c: Float64Array, l1: boolean, tol: number,
  maxIter: number): PrimalSvmResult {
  const q = xAug.shape[1];
  const h = squaredHinge(xAug, y, c);
  if (l1) {
    const r = minimizeL1(h, q, 0.01 * liblinearTolerance(y, tol), 100 * maxIter);
    return { w: r.w, nIter: r.nIter };
  }
  const evaluate = (w: Float64Array) => {
    const { f, g } = h(w);
    let value = f;
    const grad = Float64Array.from(g, (gj, j) => gj + w[j]);
    for (let j = 0; j < q; j++) value += 0.5 * w[j] * w[j];
    return { f: value, g: grad };
  };
  const g0 = evaluate(new Float64Array(q)).g;
  const gtol = (liblinearTolerance(y, tol) * Math.hypot(...g0)) / Math.sqrt(q);
  const r = minimizeLbfgs(evaluate, new Float64Array(q), { maxIter, gtol, ftol: 0, maxls: 20 });
  return { w: r.x, nIter: r.nIter };
}
