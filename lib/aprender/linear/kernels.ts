/**
 * Internal wrappers over the ml kernels of the core (native/core/ml, registered for every backend): they lay out the
 * parameter and state arrays of trueno.h and read the results back. Not public API: the estimators of
 * lib/aprender/linear validate their input first and call these with float64, contiguous, consistent arrays.
 */
import { kernels } from '../../trueno/backend/loader';

const EMPTY = new Float64Array(0);

/** A dense float64 problem: X (n x p, row-major), targets y, optional sample weights (empty: all 1). */
export interface DenseProblem {
  x: Float64Array;
  y: Float64Array;
  sw?: Float64Array;
  n: number;
  p: number;
}

/** Settings of {@link coordinateDescent}, scikit-learn's enet_coordinate_descent arguments. */
export interface CoordinateDescentOptions {
  /** L1 strength (scikit-learn's alpha * l1_ratio * n). */
  alpha: number;
  /** L2 strength (scikit-learn's alpha * (1 - l1_ratio) * n). */
  beta: number;
  maxIter: number;
  tol: number;
  positive: boolean;
  /** Random coordinate order, driven by seed (a uint32). */
  random: boolean;
  seed: number;
  /** Gap-safe screening (scikit-learn's default). */
  screening: boolean;
}

/** What {@link coordinateDescent} returns. */
export interface CoordinateDescentResult {
  coef: Float64Array;
  gap: number;
  /** tol scaled by y . y: the gap the solver had to reach. */
  tolScaled: number;
  nIter: number;
}

/**
 * Elastic-net coordinate descent on one target: xt is X transposed (p rows of n values), w0 the start (zeros when
 * absent).
 */
export function coordinateDescent(xt: Float64Array, y: Float64Array, p: number, w0: Float64Array | undefined,
  options: CoordinateDescentOptions): CoordinateDescentResult {
  const o = options;
  const state = new Float64Array(p + 3);
  if (w0) state.set(w0);
  kernels().enetCd(y.length, p, xt, y, o.alpha, o.beta, o.maxIter, o.tol, +o.positive, +o.random, o.seed >>> 0, +o.screening, state);
  return { coef: state.slice(0, p), gap: state[p], tolScaled: state[p + 1], nIter: state[p + 2] };
}

/** A logistic problem: k == 1 binary (y in {0, 1}), k >= 2 multinomial (y a class index); coef is k x (p + fi). */
export interface LogisticProblem extends DenseProblem {
  k: number;
  fitIntercept: boolean;
}

/** The number of coefficients of a logistic problem: k x (p + fitIntercept). */
export const logisticSize = (lp: LogisticProblem) => lp.k * (lp.p + (lp.fitIntercept ? 1 : 0));

/** Sum of the weighted logistic losses at coef; its gradient goes into grad (coef's size). */
export function logisticLossGrad(lp: LogisticProblem, coef: Float64Array, grad: Float64Array): number {
  const out = new Float64Array(grad.length + 1);
  kernels().logisticGrad(lp.n, lp.p, lp.k, lp.x, lp.y, lp.sw ?? EMPTY, coef, +lp.fitIntercept, out);
  grad.set(out.subarray(1));
  return out[0];
}

/** The Hessian of the summed logistic loss at coef times s, into out. */
export function logisticHessianProduct(lp: LogisticProblem, coef: Float64Array, s: Float64Array, out: Float64Array): void {
  kernels().logisticHessp(lp.n, lp.p, lp.k, lp.x, lp.sw ?? EMPTY, coef, +lp.fitIntercept, s, out);
}

/** The SAG/SAGA state between epochs (trueno_saga_epoch's layout) and one epoch over a given sample order. */
export class SagaSolver {
  readonly state: Float64Array;
  private readonly params: Float64Array;

  /**
   * @param lp - the problem (k == 1: binomial log loss, else multinomial)
   * @param settings - step size, L2 and L1 strengths already divided by n, SAGA or SAG
   */
  constructor(private readonly lp: LogisticProblem, settings: { step: number; alpha: number; beta: number; saga: boolean }) {
    const { n, p, k } = lp;
    this.state = new Float64Array(2 * p * k + 2 * k + n * k + n + 2);
    this.params = Float64Array.from([settings.step, settings.alpha, settings.beta, +lp.fitIntercept, +settings.saga]);
  }

  /** Runs one epoch over the samples of order; returns false when a value overflowed. */
  epoch(order: Int32Array): boolean {
    const { n, p, k, x, y, sw } = this.lp;
    kernels().sagaEpoch(n, p, k, x, y, sw ?? EMPTY, order, this.params, this.state);
    return this.state[this.state.length - 1] === 0;
  }

  /** The weights as k rows of p (the state keeps them feature-major) and the intercepts. */
  coef(): { weights: Float64Array; intercept: Float64Array } {
    const { p, k } = this.lp;
    const weights = new Float64Array(k * p);
    for (let f = 0; f < p; f++) for (let c = 0; c < k; c++) weights[c * p + f] = this.state[f * k + c];
    return { weights, intercept: this.state.slice(p * k, p * k + k) };
  }
}

/** SGD losses, penalties and schedules (trueno.h's TRUENO_SGD_* codes). */
export const SGD_LOSS = {
  hinge: 0, squared_hinge: 1, log_loss: 2, modified_huber: 3, squared_error: 4, huber: 5, epsilon_insensitive: 6,
  squared_epsilon_insensitive: 7, perceptron: 0,
} as const;
export const SGD_PENALTY = { none: 0, l1: 1, l2: 2, elasticnet: 3 } as const;
export const SGD_SCHEDULE = { constant: 1, optimal: 2, invscaling: 3 } as const;

/** Settings of one SGD problem (trueno_sgd_epoch's params). */
export interface SgdSettings {
  loss: keyof typeof SGD_LOSS;
  /** hinge threshold (perceptron: 0) or epsilon */
  lossParam: number;
  penalty: keyof typeof SGD_PENALTY;
  alpha: number;
  l1Ratio: number;
  schedule: keyof typeof SGD_SCHEDULE;
  eta0: number;
  powerT: number;
  fitIntercept: boolean;
  weightPos: number;
  weightNeg: number;
  /** 0: no averaging; else averaging starts once t reaches it */
  average: number;
}

const SGD_SCALARS = 6;

/** The plain-SGD state of one binary or regression problem (w, intercept, averages, t, L1 bookkeeping). */
export class SgdSolver {
  readonly state: Float64Array;
  private readonly params: Float64Array;

  constructor(private readonly problem: DenseProblem, settings: SgdSettings) {
    const p = problem.p;
    this.state = new Float64Array(3 * p + SGD_SCALARS);
    this.state[p + 2] = 1; // t starts at 1, as scikit-learn's t_
    const s = settings;
    this.params = Float64Array.from([SGD_LOSS[s.loss], s.lossParam, SGD_PENALTY[s.penalty], s.alpha, s.l1Ratio,
      SGD_SCHEDULE[s.schedule], s.eta0, s.powerT, +s.fitIntercept, s.weightPos, s.weightNeg, s.average]);
  }

  /** Sets the learning rate of the constant schedule (the adaptive schedule lowers it between epochs). */
  setEta0(eta0: number): void {
    this.params[6] = eta0;
  }

  /** Runs one epoch over order; returns the summed objective, or NaN when a value overflowed. */
  epoch(order: Int32Array): number {
    const { n, p, x, y, sw } = this.problem;
    kernels().sgdEpoch(n, p, x, y, sw ?? EMPTY, order, this.params, this.state);
    return this.state[p + 5] === 0 ? this.state[p + 4] : NaN;
  }

  get t(): number {
    return this.state[this.problem.p + 2];
  }

  /** The plain (averaged: false) or averaged weights and intercept. */
  coef(averaged: boolean): { weights: Float64Array; intercept: number } {
    const p = this.problem.p;
    return averaged
      ? { weights: this.state.slice(p + SGD_SCALARS, 2 * p + SGD_SCALARS), intercept: this.state[p + 1] }
      : { weights: this.state.slice(0, p), intercept: this.state[p] };
  }
}

/** What {@link svmDualCoordinateDescent} returns: weights, the bias feature's weight and the sweeps run. */
export interface SvmDualResult {
  weights: Float64Array;
  biasWeight: number;
  nIter: number;
}

/**
 * liblinear's dual coordinate descent for one binary linear SVM (y in {-1, 1}, per-sample costs c).
 * @param bias - the constant feature's value (liblinear's intercept_scaling), 0 for no intercept
 */
export function svmDualCoordinateDescent(problem: DenseProblem, c: Float64Array, bias: number, hinge: boolean,
  maxIter: number, tol: number, seed: number): SvmDualResult {
  const { n, p, x, y } = problem;
  const state = new Float64Array(p + 2);
  kernels().svmDualCd(n, p, x, y, c, bias, +hinge, maxIter, tol, seed >>> 0, state);
  return { weights: state.slice(0, p), biasWeight: state[p], nIter: state[p + 1] };
}
