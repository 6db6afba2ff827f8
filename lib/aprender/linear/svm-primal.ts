/**
 * The primal L2-loss linear SVM, 1/2 ||w||^2 + sum_i c_i max(0, 1 - y_i w.x_i)^2 over X augmented with liblinear's
 * bias feature, minimized by L-BFGS with trueno's native matrix-vector products doing the n x p work (X w and
 * X^T v per evaluation). It stops by liblinear's primal rule, ||g|| <= tol max(min(#pos, #neg), 1) / n ||g(0)||,
 * taken on the largest gradient entry (scaled by 1 / sqrt(p + 1), so never looser than liblinear's 2-norm test).
 */
import { matvec } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import { minimizeLbfgs } from '../optimize/lbfgs';

/** The solution over the q columns of xAug (the bias feature's weight last when there is one) and the iterations. */
export interface PrimalSvmResult {
  w: Float64Array;
  nIter: number;
}

/**
 * Fits one binary problem.
 * @param xAug - X with the bias column appended when bias > 0 (n x q, float64)
 * @param y - labels in {-1, 1}
 * @param c - per-sample costs
 * @param tol - liblinear's eps
 * @param maxIter - iteration limit
 */
export function primalSquaredHinge(xAug: Tensor<'float64'>, y: Float64Array, c: Float64Array, tol: number,
  maxIter: number): PrimalSvmResult {
  const [n, q] = xAug.shape;
  const evaluate = (w: Float64Array) => {
    const margins = matvec(xAug, Tensor.from(w)).data as Float64Array;
    const v = new Float64Array(n);
    let f = 0;
    for (let j = 0; j < q; j++) f += 0.5 * w[j] * w[j];
    for (let i = 0; i < n; i++) {
      const slack = 1 - y[i] * margins[i];
      if (slack > 0) {
        f += c[i] * slack * slack;
        v[i] = -2 * c[i] * slack * y[i];
      }
    }
    const g = Float64Array.from(matvec(xAug, Tensor.from(v), { trans: true }).data as Float64Array, (gj, j) => gj + w[j]);
    return { f, g };
  };
  const w0 = new Float64Array(q);
  let pos = 0;
  for (const v of y) if (v > 0) pos++;
  const g0 = evaluate(w0).g;
  const g0Norm = Math.sqrt(g0.reduce((s, v) => s + v * v, 0));
  const gtol = ((tol * Math.max(Math.min(pos, n - pos), 1)) / n) * g0Norm / Math.sqrt(q);
  const r = minimizeLbfgs(evaluate, w0, { maxIter, gtol, ftol: 0, maxls: 20 });
  return { w: r.x, nIter: r.nIter };
}
