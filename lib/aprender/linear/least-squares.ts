/**
 * LinearRegression: ordinary least squares (scikit-learn's LinearRegression). The normal equations come from one
 * native pass over X (trueno gram, X read in place); a well-conditioned X^T X is solved by Cholesky, and an
 * ill-conditioned or rank-deficient one falls back to the SVD of the centered X (the minimum-norm solution, as
 * scikit-learn's scipy.linalg.lstsq). `positive` solves non-negative least squares (Lawson-Hanson) on the same
 * normal equations.
 */
import { cholesky, choleskySolve, eigh, lstsq } from '../../trueno/ops/linalg';
import { Tensor } from '../../trueno/tensor';
import { TruenoError } from '../../trueno/errors';
import type { FitOptions } from '../base/estimator';
import { toTargets, type MatrixLike } from '../base/input';
import { Regressor } from '../base/kinds';
import { boolean, integer, nullable, real } from '../base/params';
import { registerEstimators } from '../base/registry';
import { sampleWeights } from '../metrics/inputs';
import { nonNegativeLeastSquares } from './nnls';
import { centeredSystem, intercepts, isTwoDimensional, linearPredict, linearState, numericTargets, type CenteredSystem } from './normal-equations';

/** LinearRegression's hyperparameters. */
export interface LinearRegressionParams {
  /** Fit an intercept (center X and y first); default true. */
  fitIntercept: boolean;
  /** scikit-learn's copy_X: X is never modified here, so this has no effect (kept for parameter parity). */
  copyX: boolean;
  /** Singular values below tol * the largest are treated as zero (scipy.linalg.lstsq's cond); default 1e-6. */
  tol: number;
  /** scikit-learn's n_jobs: the native pass uses trueno's thread pool whatever this says. */
  nJobs: number | null;
  /** Constrain every coefficient to be >= 0 (non-negative least squares); default false. */
  positive: boolean;
}

/**
 * X^T X whose smallest eigenvalue is at least this fraction of the largest is solved by Cholesky: the normal
 * equations then lose at most ~1e9 * eps ~ 2e-7 relative accuracy, inside the 1e-6 promised against scikit-learn.
 * Anything worse goes through the SVD of the centered X.
 */
const CHOLESKY_MIN_RECIPROCAL_CONDITION = 1e-9;

/** The solution of the centered system: coef (t x d), and the rank and singular values of the centered X. */
interface Solution {
  coef: Float64Array;
  rank: number;
  singular: Float64Array;
}

/** Solves by Cholesky when the system is well conditioned, else by the SVD of the centered data. */
function solveLeastSquares(sys: CenteredSystem, tol: number): Solution {
  const { d, t } = sys;
  const G = Tensor.from(sys.gram, [d, d]);
  const lambda = eigh(G).eigenvalues.data as Float64Array;
  const largest = lambda[d - 1];
  if (largest > 0 && lambda[0] > largest * Math.max(CHOLESKY_MIN_RECIPROCAL_CONDITION, tol * tol)) {
    try {
      const solved = choleskySolve(cholesky(G), Tensor.from(sys.xty, [d, t])).data as Float64Array;
      const coef = new Float64Array(t * d);
      for (let j = 0; j < d; j++) for (let c = 0; c < t; c++) coef[c * d + j] = solved[j * t + c];
      return { coef, rank: d, singular: Float64Array.from(lambda, (_, i) => Math.sqrt(lambda[d - 1 - i])) };
    } catch (e) {
      if (!(e instanceof TruenoError)) throw e;
    }
  }
  const { X, Y } = sys.centered();
  const r = lstsq(X, Y, { rcond: tol });
  const x = r.x.data as Float64Array;
  const coef = new Float64Array(t * d);
  for (let j = 0; j < d; j++) for (let c = 0; c < t; c++) coef[c * d + j] = x[j * t + c];
  return { coef, rank: r.rank, singular: r.s.data as Float64Array };
}

/**
 * Ordinary least squares linear regression.
 * Learned: `coef_` ([n_features], or [n_targets, n_features] for 2-D y), `intercept_` (a number, or [n_targets]),
 * `rank_` and `singular_` (of the centered X; not set with `positive`), `nFeaturesIn_`.
 * @example
 * const reg = new LinearRegression().fit(XTrain, yTrain);
 * const r2 = reg.score(XTest, yTest);
 */
export class LinearRegression extends Regressor<LinearRegressionParams> {
  static override readonly params = {
    fitIntercept: [boolean(), true],
    copyX: [boolean(), true],
    tol: [real({ min: 0 }), 1e-6],
    nJobs: [nullable(integer()), null],
    positive: [boolean(), false],
  } as const;
  static override readonly tags = { ...Regressor.tags, multiOutput: true };

  /** Coefficients: [n_features] for 1-D y, [n_targets, n_features] for 2-D y. */
  coef_?: Tensor<'float64'>;
  /** Intercept: a number for 1-D y, [n_targets] for 2-D y (0 without fitIntercept). */
  intercept_?: number | Tensor<'float64'>;
  /** Rank of the centered X. */
  rank_?: number;
  /** Singular values of the centered X, descending. */
  singular_?: Tensor<'float64'>;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true, { dtype: 'keep' });
    const targets = toTargets(y, m.rows, { multi: true });
    const values = numericTargets(targets);
    const w = sampleWeights(options.sampleWeight, m.rows);
    const sys = centeredSystem(m, values, targets.cols, this.params.fitIntercept, w);
    let coef: Float64Array;
    if (this.params.positive) {
      coef = nonNegativeLeastSquares(sys.gram, sys.xty, sys.d, sys.t);
    } else {
      const s = solveLeastSquares(sys, this.params.tol);
      coef = s.coef;
      this.rank_ = s.rank;
      this.singular_ = Tensor.from(s.singular) as Tensor<'float64'>;
    }
    const state = linearState(coef, intercepts(sys, coef, this.params.fitIntercept), sys.d, isTwoDimensional(y));
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

registerEstimators(LinearRegression);
