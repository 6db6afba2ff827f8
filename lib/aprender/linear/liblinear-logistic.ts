/**
 * LogisticRegression's 'liblinear' solver: liblinear's binary problems, min R(w) + sum_i c_i log(1 + e^(-y_i w.x_i))
 * over X augmented with the bias feature (interceptScaling; its weight is penalized like the others), with
 * R = 1/2 ||w||^2 (L2) or ||w||_1 (L1) and c_i = C times the sample and class weights. Both stop by liblinear's
 * primal rule: the gradient (L2) or the minimum-norm subgradient's 1-norm (L1) at most
 * tol max(min(#pos, #neg), 1) / n times its value at w = 0. The smooth part is one pass of the native logistic
 * kernel; L2 runs L-BFGS (liblinear: trust-region Newton), L1 accelerated proximal gradient with restarts
 * (liblinear: newGLMNET coordinate descent) - the same optima by other routes (L1 with a stricter stop, below).
 */
import { minimizeLbfgs } from '../optimize/lbfgs';
import { minimizeL1, type L1Result } from '../optimize/proximal';
import { logisticLossGrad, type LogisticProblem } from './kernels';

/** The solution over the augmented columns and the iterations run. */
export type LiblinearResult = L1Result;

/** Value and gradient of sum_i c_i loss_i (the c_i are the problem's sample weights). */
function smooth(lp: LogisticProblem, w: Float64Array): { f: number; g: Float64Array } {
  const g = new Float64Array(w.length);
  const f = logisticLossGrad(lp, w, g);
  return { f, g };
}

/** liblinear's primal tolerance factor tol max(min(#pos, #neg), 1) / n (positives: y > 0). */
export function liblinearTolerance(y: Float64Array, tol: number): number {
  let pos = 0;
  for (const v of y) if (v > 0) pos++;
  return (tol * Math.max(Math.min(pos, y.length - pos), 1)) / y.length;
}

/**
 * L2: L-BFGS on 1/2 ||w||^2 + sum c_i loss_i.
 * @param lp - augmented X (fitIntercept false), y in {0, 1}, sw = the costs c_i
 */
export function liblinearL2(lp: LogisticProblem, tol: number, maxIter: number): LiblinearResult {
  const evaluate = (w: Float64Array) => {
    const { f, g } = smooth(lp, w);
    let value = f;
    for (let j = 0; j < w.length; j++) {
      value += 0.5 * w[j] * w[j];
      g[j] += w[j];
    }
    return { f: value, g };
  };
  const w0 = new Float64Array(lp.p);
  const g0 = evaluate(w0).g;
  const g0Norm = Math.hypot(...g0);
  const gtol = (liblinearTolerance(lp.y, tol) * g0Norm) / Math.sqrt(lp.p);
  const r = minimizeLbfgs(evaluate, w0, { maxIter, gtol, ftol: 0, maxls: 20 });
  return { w: r.x, nIter: r.nIter, converged: r.stop === 'gtol' };
}

/**
 * L1: FISTA on ||w||_1 + sum c_i loss_i (optimize/proximal.ts). One newGLMNET iteration is a Newton step with up to
 * 100 inner coordinate sweeps, so maxIter allows 100 x maxIter proximal steps; the stop is 100x stricter than
 * liblinear's, as proximal gradient meets a given subgradient norm much further from the optimum than newGLMNET's
 * Newton steps do (on breast_cancer at tol 1e-4: 1.6e-3 vs 2e-7 relative in objective).
 * @param lp - as {@link liblinearL2}
 */
export function liblinearL1(lp: LogisticProblem, tol: number, maxIter: number): LiblinearResult {
  return minimizeL1((w) => smooth(lp, w), lp.p, 0.01 * liblinearTolerance(lp.y, tol), 100 * maxIter);
}
