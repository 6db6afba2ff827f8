/**
 * The solvers of LogisticRegression, as scikit-learn runs them: lbfgs and newton-cg on
 * mean(weighted loss) + l2 / 2 ||W||^2 with l2 = 1 / (C sum(w)) (the intercept is not penalized), the loss, gradient
 * and Hessian products from the native one-pass kernels; and SAG/SAGA epochs with scikit-learn's automatic step
 * size and its stopping rule (largest weight change / largest weight <= tol).
 */
import type { Random } from '../../common/random';
import { MoreThuente } from '../optimize/line-search';
import { minimizeLbfgs, type LbfgsIteration } from '../optimize/lbfgs';
import { logisticHessianProduct, logisticLossGrad, logisticSize, SagaSolver, type LogisticProblem } from './kernels';

/** What a solver returns: coefficients (k x (p + fitIntercept), row-major) and the iteration count. */
export interface SolverResult {
  coef: Float64Array;
  nIter: number;
  converged: boolean;
}

/** The penalized mean loss of scikit-learn's LinearModelLoss. */
export class LogisticObjective {
  readonly size: number;
  private readonly swSum: number;

  constructor(readonly lp: LogisticProblem, readonly l2: number) {
    this.size = logisticSize(lp);
    this.swSum = lp.sw ? lp.sw.reduce((a, b) => a + b, 0) : lp.n;
  }

  private isWeight(i: number): boolean {
    return !this.lp.fitIntercept || i % (this.lp.p + 1) !== this.lp.p;
  }

  /** Value and gradient at coef. */
  evaluate(coef: Float64Array): { f: number; g: Float64Array } {
    const g = new Float64Array(this.size);
    let f = logisticLossGrad(this.lp, coef, g) / this.swSum;
    for (let i = 0; i < this.size; i++) {
      g[i] /= this.swSum;
      if (this.isWeight(i)) {
        f += 0.5 * this.l2 * coef[i] * coef[i];
        g[i] += this.l2 * coef[i];
      }
    }
    return { f, g };
  }

  /** The Hessian at coef times s. */
  hessp(coef: Float64Array, s: Float64Array): Float64Array {
    const out = new Float64Array(this.size);
    logisticHessianProduct(this.lp, coef, s, out);
    for (let i = 0; i < this.size; i++) out[i] = out[i] / this.swSum + (this.isWeight(i) ? this.l2 * s[i] : 0);
    return out;
  }
}

/** scipy's L-BFGS-B with scikit-learn's settings: maxls 50, gtol tol, ftol 64 eps. */
export function solveLbfgs(obj: LogisticObjective, coef0: Float64Array, maxIter: number, tol: number,
  onIteration: (it: LbfgsIteration) => void): SolverResult {
  const r = minimizeLbfgs((x) => obj.evaluate(x), coef0, { maxIter, gtol: tol, ftol: 64 * Number.EPSILON, maxls: 50 }, onIteration);
  return { coef: r.x, nIter: Math.min(r.nIter, maxIter), converged: r.stop === 'gtol' || r.stop === 'ftol' };
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

/** scikit-learn's _cg: truncated conjugate gradient for H x = -g with capped curvature. */
function conjugateGradient(hessp: (s: Float64Array) => Float64Array, g: Float64Array, maxInner: number, tol: number): Float64Array {
  const eps = 16 * Number.EPSILON;
  const x = new Float64Array(g.length);
  const r = Float64Array.from(g);
  let p = Float64Array.from(r, (v) => -v);
  let dri0 = dot(r, r), pNorm2 = dri0;
  for (let i = 0; i <= maxInner; i++) {
    if (r.reduce((s, v) => s + Math.abs(v), 0) <= tol) break;
    const ap = hessp(p);
    const curv = dot(p, ap);
    if (curv >= 0 && curv <= eps * pNorm2) break;
    if (curv < 0) {
      if (i === 0) for (let j = 0; j < x.length; j++) x[j] += (dri0 / curv) * p[j];
      break;
    }
    const alpha = dri0 / curv;
    for (let j = 0; j < x.length; j++) {
      x[j] += alpha * p[j];
      r[j] += alpha * ap[j];
    }
    const dri1 = dot(r, r), beta = dri1 / dri0;
    p = Float64Array.from(r, (v, j) => -v + beta * p[j]);
    pNorm2 = dri1 + beta * beta * pNorm2;
    dri0 = dri1;
  }
  return x;
}

/**
 * scikit-learn's _newton_cg: Newton steps from truncated CG (forcing term min(0.5, sqrt(|g|_1)) |g|_1, 200 inner
 * iterations at most) with a Wolfe line search (c1 1e-4, c2 0.9), until max |g| <= tol.
 */
export function solveNewtonCg(obj: LogisticObjective, coef0: Float64Array, maxIter: number, tol: number,
  onIteration: (it: LbfgsIteration) => void): SolverResult {
  let x = Float64Array.from(coef0);
  let { f, g } = obj.evaluate(x);
  let oldOld: number | undefined;
  let k = 0;
  while (k < maxIter) {
    const maxAbs = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (maxAbs <= tol) return { coef: x, nIter: k, converged: true };
    const mag = g.reduce((s, v) => s + Math.abs(v), 0);
    const at = x;
    const d = conjugateGradient((s) => obj.hessp(at, s), g, 200, Math.min(0.5, Math.sqrt(mag)) * mag);
    const gd = dot(g, d);
    if (!(gd < 0)) break;
    let stp = oldOld !== undefined ? Math.min(1, (1.01 * 2 * (f - oldOld)) / gd) : 1;
    if (!(stp > 0)) stp = 1;
    const search = new MoreThuente(stp, f, gd, { ftol: 1e-4, gtol: 0.9, xtol: 1e-14, stpmin: 1e-8, stpmax: 50 });
    let accepted = false;
    let trial = x, ft = f, gt = g;
    for (let evals = 0; evals < 100; evals++) {
      trial = Float64Array.from(x, (v, j) => v + search.stp * d[j]);
      ({ f: ft, g: gt } = obj.evaluate(trial));
      const status = search.next(ft, dot(gt, d));
      if (status === 'converged') {
        accepted = true;
        break;
      }
      if (status === 'warning') break;
    }
    if (!accepted) break;
    oldOld = f;
    x = trial;
    f = ft;
    g = gt;
    k++;
    onIteration({ iteration: k, f, gradientNorm: g.reduce((m, v) => Math.max(m, Math.abs(v)), 0) });
  }
  const maxAbs = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return { coef: x, nIter: k, converged: maxAbs <= tol };
}

/**
 * SAG/SAGA over epochs of n samples drawn with replacement (scikit-learn's SequentialDataset.random), stopping when
 * max |w - w_prev| / max |w| <= tol after an epoch.
 * @returns coef as k rows of (w, b)
 * @throws Error when a value overflowed (the caller turns it into a NumericError)
 */
export function solveSaga(lp: LogisticProblem, settings: { C: number; l1Ratio: number; saga: boolean },
  maxIter: number, tol: number, random: Random, onIteration: (it: LbfgsIteration) => void): SolverResult {
  const { n, p, k, x } = lp;
  let maxSquaredSum = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += x[i * p + j] * x[i * p + j];
    maxSquaredSum = Math.max(maxSquaredSum, s);
  }
  const alpha = ((1 / settings.C) * (1 - settings.l1Ratio)) / n, beta = ((1 / settings.C) * settings.l1Ratio) / n;
  const L = 0.25 * (maxSquaredSum + (lp.fitIntercept ? 1 : 0)) + alpha;
  const step = settings.saga ? 1 / (2 * L + Math.min(2 * n * alpha, L)) : 1 / L;
  const solver = new SagaSolver(lp, { step, alpha, beta, saga: settings.saga });
  const order = new Int32Array(n);
  let previous = new Float64Array(p * k);
  let nIter = 0, converged = false;
  while (nIter < maxIter) {
    for (let i = 0; i < n; i++) order[i] = random.int(n);
    if (!solver.epoch(order)) throw new Error(`Floating-point under-/overflow occurred at epoch #${nIter + 1}`);
    nIter++;
    const w = solver.state.subarray(0, p * k);
    let maxWeight = 0, maxChange = 0;
    for (let i = 0; i < w.length; i++) {
      maxWeight = Math.max(maxWeight, Math.abs(w[i]));
      maxChange = Math.max(maxChange, Math.abs(w[i] - previous[i]));
    }
    previous = Float64Array.from(w);
    onIteration({ iteration: nIter, f: NaN, gradientNorm: maxWeight === 0 ? 0 : maxChange / maxWeight });
    if ((maxWeight !== 0 && maxChange / maxWeight <= tol) || (maxWeight === 0 && maxChange === 0)) {
      converged = true;
      break;
    }
  }
  const { weights, intercept } = solver.coef();
  const stride = p + (lp.fitIntercept ? 1 : 0);
  const coef = new Float64Array(k * stride);
  for (let c = 0; c < k; c++) {
    coef.set(weights.subarray(c * p, (c + 1) * p), c * stride);
    if (lp.fitIntercept) coef[c * stride + p] = intercept[c];
  }
  return { coef, nIter, converged };
}
