/**
 * Internal wrappers over the ml kernels of the core (native/core/ml, registered for every backend): they lay out the
 * parameter and state arrays of trueno.h and read the results back. Not public API: the estimators of
 * lib/aprender/linear validate their input first and call these with float64, contiguous, consistent arrays.
 */
import { kernels } from '../../trueno/backend/loader';
import {
  SAGA_NPARAMS, SagaParamCode, SGD_NPARAMS, SGD_NSCALARS, SgdLossCode, SgdParamCode, SgdPenaltyCode, SgdScheduleCode,
  SgdStateCode, ENET_NSCALARS, EnetStateCode, SVM_NSCALARS, SvmStateCode,
} from '../../trueno/backend/ops.generated';

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
  const state = new Float64Array(p + ENET_NSCALARS);
  if (w0) state.set(w0);
  kernels().enetCd(y.length, p, xt, y, o.alpha, o.beta, o.maxIter, o.tol, +o.positive, +o.random, o.seed >>> 0, +o.screening, state);
  return { coef: state.slice(0, p), gap: state[p + EnetStateCode.GAP], tolScaled: state[p + EnetStateCode.TOL_SCALED], nIter: state[p + EnetStateCode.SWEEPS] };
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
    this.params = new Float64Array(SAGA_NPARAMS);
    this.params[SagaParamCode.STEP] = settings.step;
    this.params[SagaParamCode.ALPHA] = settings.alpha;
    this.params[SagaParamCode.BETA] = settings.beta;
    this.params[SagaParamCode.FIT_INTERCEPT] = +lp.fitIntercept;
    this.params[SagaParamCode.IS_SAGA] = +settings.saga;
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

/** SGD losses, penalties and schedules by scikit-learn name, as trueno_sgd_epoch's codes (trueno_ops.def). */
export const SGD_LOSS = {
  hinge: SgdLossCode.HINGE, squared_hinge: SgdLossCode.SQUARED_HINGE, log_loss: SgdLossCode.LOG,
  modified_huber: SgdLossCode.MODIFIED_HUBER, squared_error: SgdLossCode.SQUARED_ERROR, huber: SgdLossCode.HUBER,
  epsilon_insensitive: SgdLossCode.EPSILON_INSENSITIVE, squared_epsilon_insensitive: SgdLossCode.SQUARED_EPSILON_INSENSITIVE,
  perceptron: SgdLossCode.HINGE,
} as const;
export const SGD_PENALTY = {
  none: SgdPenaltyCode.NO_PENALTY, l1: SgdPenaltyCode.L1, l2: SgdPenaltyCode.L2, elasticnet: SgdPenaltyCode.ELASTICNET,
} as const;
export const SGD_SCHEDULE = {
  constant: SgdScheduleCode.CONSTANT, optimal: SgdScheduleCode.OPTIMAL, invscaling: SgdScheduleCode.INVSCALING,
} as const;

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


/** The plain-SGD state of one binary or regression problem (w, intercept, averages, t, L1 bookkeeping). */
export class SgdSolver {
  readonly state: Float64Array;
  private readonly params: Float64Array;

  constructor(private readonly problem: DenseProblem, settings: SgdSettings) {
    const p = problem.p;
    this.state = new Float64Array(3 * p + SGD_NSCALARS);
    this.state[p + SgdStateCode.T] = 1; // t starts at 1, as scikit-learn's t_
    const s = settings;
    const params = new Float64Array(SGD_NPARAMS);
    params[SgdParamCode.LOSS] = SGD_LOSS[s.loss];
    params[SgdParamCode.LOSS_PARAM] = s.lossParam;
    params[SgdParamCode.PENALTY] = SGD_PENALTY[s.penalty];
    params[SgdParamCode.ALPHA] = s.alpha;
    params[SgdParamCode.L1_RATIO] = s.l1Ratio;
    params[SgdParamCode.SCHEDULE] = SGD_SCHEDULE[s.schedule];
    params[SgdParamCode.ETA0] = s.eta0;
    params[SgdParamCode.POWER_T] = s.powerT;
    params[SgdParamCode.FIT_INTERCEPT] = +s.fitIntercept;
    params[SgdParamCode.WEIGHT_POS] = s.weightPos;
    params[SgdParamCode.WEIGHT_NEG] = s.weightNeg;
    params[SgdParamCode.AVERAGE] = s.average;
    this.params = params;
  }

  /** Sets the learning rate of the constant schedule (the adaptive schedule lowers it between epochs). */
  setEta0(eta0: number): void {
    this.params[SgdParamCode.ETA0] = eta0;
  }

  /** Runs one epoch over order; returns the summed objective, or NaN when a value overflowed. */
  epoch(order: Int32Array): number {
    const { n, p, x, y, sw } = this.problem;
    kernels().sgdEpoch(n, p, x, y, sw ?? EMPTY, order, this.params, this.state);
    return this.state[p + SgdStateCode.STATUS] === 0 ? this.state[p + SgdStateCode.OBJECTIVE] : NaN;
  }

  get t(): number {
    return this.state[this.problem.p + SgdStateCode.T];
  }

  /** The plain (averaged: false) or averaged weights and intercept. */
  coef(averaged: boolean): { weights: Float64Array; intercept: number } {
    const p = this.problem.p;
    return averaged
      ? { weights: this.state.slice(p + SGD_NSCALARS, 2 * p + SGD_NSCALARS), intercept: this.state[p + SgdStateCode.AVG_INTERCEPT] }
      : { weights: this.state.slice(0, p), intercept: this.state[p + SgdStateCode.INTERCEPT] };
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
  const state = new Float64Array(p + SVM_NSCALARS);
  kernels().svmDualCd(n, p, x, y, c, bias, +hinge, maxIter, tol, seed >>> 0, state);
  return { weights: state.slice(0, p), biasWeight: state[p + SvmStateCode.BIAS_WEIGHT], nIter: state[p + SvmStateCode.ITERATIONS] };
}
