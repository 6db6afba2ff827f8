/**
 * Ridge: least squares with an L2 penalty (scikit-learn's Ridge), one alpha or one per target. Solvers:
 * 'cholesky' ((X^T X + alpha I) w = X^T y on the native gram, X read in place; a singular system falls back to 'svd'
 * as in scikit-learn), 'svd' (the SVD of the centered X, most stable), 'lsqr' (scipy's damped LSQR iteration), 'auto'
 * (cholesky; non-negative least squares with `positive`, where scikit-learn runs L-BFGS to its tolerance).
 */
import { cholesky, choleskySolve, svd } from '../../trueno/ops/linalg';
import { matmul } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import { TruenoError } from '../../trueno/errors';
import type { FitOptions } from '../base/estimator';
import { toTargets, type MatrixLike } from '../base/input';
import { Regressor } from '../base/kinds';
import { anyOf, boolean, integer, nullable, numbers, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { ParamError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { lsqr } from './lsqr';
import { nonNegativeLeastSquares } from './nnls';
import { centeredSystem, intercepts, isTwoDimensional, linearPredict, linearState, numericTargets, type CenteredSystem } from './normal-equations';

/** Ridge's solvers (scikit-learn's sparse_cg, sag, saga and lbfgs are not offered). */
export type RidgeSolver = 'auto' | 'svd' | 'cholesky' | 'lsqr';

/** Ridge's hyperparameters. */
export interface RidgeParams {
  /** The L2 penalty: one number >= 0, or one per target. Default 1. */
  alpha: number | readonly number[];
  /** Fit an intercept (center X and y first); default true. */
  fitIntercept: boolean;
  /** scikit-learn's copy_X: X is never modified here, so this has no effect (kept for parameter parity). */
  copyX: boolean;
  /** Iteration limit of 'lsqr' (default null: 2 x n_features, scipy's). */
  maxIter: number | null;
  /** Tolerance of 'lsqr' (its atol and btol); default 1e-4. */
  tol: number;
  /** 'auto' (default), 'svd', 'cholesky' or 'lsqr'. */
  solver: RidgeSolver;
  /** Constrain the coefficients to be >= 0 (solver 'auto' only); default false. */
  positive: boolean;
  /** Accepted for parity with scikit-learn (only its stochastic solvers, not offered here, draw random numbers). */
  randomState: number | null;
}

/** Per-target alphas (one number repeated, or the array checked against the number of targets). */
function alphasFor(alpha: number | readonly number[], t: number): Float64Array {
  if (typeof alpha === 'number') return new Float64Array(t).fill(alpha);
  if (alpha.length === 1) return new Float64Array(t).fill(alpha[0]);
  if (alpha.length !== t) throw new ParamError(`Expected 1 or ${t} values (one per target) for the alpha parameter of Ridge but received ${alpha.length}`, 'alpha');
  return Float64Array.from(alpha);
}

/** (G + alpha I) w = X^T y per target (targets sharing an alpha share one factorization); t x d. */
function solveCholesky(sys: CenteredSystem, alphas: Float64Array): Float64Array {
  const { d, t } = sys;
  const coef = new Float64Array(t * d);
  const done = new Set<number>();
  for (let c = 0; c < t; c++) {
    if (done.has(c)) continue;
    const group = Array.from({ length: t }, (_, k) => k).filter((k) => alphas[k] === alphas[c]);
    group.forEach((k) => done.add(k));
    const a = Float64Array.from(sys.gram);
    for (let j = 0; j < d; j++) a[j * d + j] += alphas[c];
    const rhs = new Float64Array(d * group.length);
    for (let j = 0; j < d; j++) group.forEach((k, i) => (rhs[j * group.length + i] = sys.xty[j * t + k]));
    const w = choleskySolve(cholesky(Tensor.from(a, [d, d])), Tensor.from(rhs, [d, group.length])).data as Float64Array;
    group.forEach((k, i) => {
      for (let j = 0; j < d; j++) coef[k * d + j] = w[j * group.length + i];
    });
  }
  return coef;
}

/** scikit-learn's _solve_svd: w = V diag(s / (s^2 + alpha)) U^T y, singular values <= 1e-15 dropped; t x d. */
function solveSvd(sys: CenteredSystem, alphas: Float64Array): Float64Array {
  const { d, t } = sys;
  const { X, Y } = sys.centered();
  const { u, s, vt } = svd(X);
  const sv = s.data as Float64Array;
  const k = sv.length;
  const uty = matmul(u, Y, { transA: true }).data as Float64Array; // k x t
  const V = vt.data as Float64Array; // k x d
  const coef = new Float64Array(t * d);
  for (let c = 0; c < t; c++) {
    for (let i = 0; i < k; i++) {
      if (!(sv[i] > 1e-15)) continue;
      const f = (sv[i] / (sv[i] * sv[i] + alphas[c])) * uty[i * t + c];
      for (let j = 0; j < d; j++) coef[c * d + j] += f * V[i * d + j];
    }
  }
  return coef;
}

/** LSQR per target on the centered X; t x d, and the iterations of each. */
function solveLsqr(sys: CenteredSystem, alphas: Float64Array, maxIter: number | null, tol: number): { coef: Float64Array; iterations: Int32Array } {
  const { d, t, n } = sys;
  const { X, Y } = sys.centered();
  const y = Y.data as Float64Array;
  const coef = new Float64Array(t * d);
  const iterations = new Int32Array(t);
  for (let c = 0; c < t; c++) {
    const b = Float64Array.from({ length: n }, (_, i) => y[i * t + c]);
    const r = lsqr(X, b, Math.sqrt(alphas[c]), tol, maxIter ?? 2 * d);
    coef.set(r.x, c * d);
    iterations[c] = r.iterations;
  }
  return { coef, iterations };
}

/**
 * Linear least squares with L2 regularization: minimizes ||y - X w||^2 + alpha ||w||^2.
 * Learned: `coef_` ([n_features], or [n_targets, n_features] for 2-D y), `intercept_`, `nIter_` (per target, 'lsqr'
 * only; else null), `solver_` (the solver that ran), `nFeaturesIn_`.
 * @example
 * const ridge = new Ridge({ alpha: 0.5 }).fit(XTrain, yTrain);
 * const yPred = ridge.predict(XTest);
 */
export class Ridge extends Regressor<RidgeParams> {
  static override readonly params = {
    alpha: [anyOf(real({ min: 0 }), numbers({ min: 0 })), 1],
    fitIntercept: [boolean(), true],
    copyX: [boolean(), true],
    maxIter: [nullable(integer({ min: 1 })), null],
    tol: [real({ min: 0 }), 1e-4],
    solver: [oneOf('auto', 'svd', 'cholesky', 'lsqr'), 'auto'],
    positive: [boolean(), false],
    randomState: [seed(), null],
  } as const;
  static override readonly tags = { ...Regressor.tags, multiOutput: true };

  /** Coefficients: [n_features] for 1-D y, [n_targets, n_features] for 2-D y. */
  coef_?: Tensor<'float64'>;
  /** Intercept: a number for 1-D y, [n_targets] for 2-D y (0 without fitIntercept). */
  intercept_?: number | Tensor<'float64'>;
  /** Iterations per target of 'lsqr'; null for the direct solvers. */
  nIter_?: Int32Array | null;
  /** The solver used ('auto' resolved). */
  solver_?: string;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const { positive, solver, fitIntercept } = this.params;
    if (positive && solver !== 'auto') {
      throw new ParamError(`Expected solver 'auto' for the solver parameter of Ridge with positive=true but received '${solver}' (only 'auto' supports positive)`, 'solver');
    }
    const m = this.checkX(X, true, { dtype: 'keep' });
    const targets = toTargets(y, m.rows, { multi: true });
    const values = numericTargets(targets);
    const alphas = alphasFor(this.params.alpha, targets.cols);
    const w = sampleWeights(options.sampleWeight, m.rows);
    const sys = centeredSystem(m, values, targets.cols, fitIntercept, w);
    let coef: Float64Array;
    let used: string = solver === 'auto' ? (positive ? 'nnls' : 'cholesky') : solver;
    this.nIter_ = null;
    if (used === 'nnls') {
      coef = new Float64Array(sys.t * sys.d);
      for (let c = 0; c < sys.t; c++) {
        const G = Float64Array.from(sys.gram);
        for (let j = 0; j < sys.d; j++) G[j * sys.d + j] += alphas[c];
        const b = Float64Array.from({ length: sys.d }, (_, j) => sys.xty[j * sys.t + c]);
        coef.set(nonNegativeLeastSquares(G, b, sys.d, 1), c * sys.d);
      }
    } else if (used === 'lsqr') {
      const r = solveLsqr(sys, alphas, this.params.maxIter, this.params.tol);
      coef = r.coef;
      this.nIter_ = r.iterations;
    } else if (used === 'cholesky') {
      try {
        coef = solveCholesky(sys, alphas);
      } catch (e) {
        if (!(e instanceof TruenoError)) throw e;
        used = 'svd';
        coef = solveSvd(sys, alphas);
      }
    } else {
      coef = solveSvd(sys, alphas);
    }
    this.solver_ = used;
    const state = linearState(coef, intercepts(sys, coef, fitIntercept), sys.d, isTwoDimensional(y));
    this.coef_ = state.coef;
    this.intercept_ = state.intercept;
  }

  /**
   * Predicts with the fitted linear model.
   * @param X - samples with the features seen at fit
   * @returns n predictions, or n x n_targets for a model fitted on 2-D y
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return linearPredict(m.tensor, this.coef_ as Tensor, this.intercept_ as number | Tensor);
  }
}

registerEstimators(Ridge);
