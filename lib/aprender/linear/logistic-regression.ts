/**
 * LogisticRegression (scikit-learn 1.9's): binary (one coefficient row, the second class positive) or multinomial
 * (softmax over every class) logistic regression with an L2, L1, elastic-net or no penalty, solved by lbfgs or
 * newton-cg on the native one-pass loss/gradient/Hessian kernels, by SAG/SAGA epochs in native code, or (two
 * classes) as liblinear's problem with the penalized bias feature.
 */
import { log } from '../../trueno/ops/unary';
import { logSoftmax, softmax } from '../../trueno/ops/matrix';
import { Random } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike } from '../base/input';
import { toTargets } from '../base/input';
import { Classifier } from '../base/kinds';
import { encodeLabels, labelDType } from '../base/labels';
import { boolean, integer, nullable, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { NumericError, ParamError, rangeError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import type { LogisticProblem } from './kernels';
import { LinearClassifier } from './linear-classifier';
import { applyClassWeight, classWeightSpec, float64Data, type ClassWeight } from './linear-model';
import { liblinearL1, liblinearL2 } from './liblinear-logistic';
import { LogisticObjective, solveLbfgs, solveNewtonCg, solveSaga, type SolverResult } from './logistic-solvers';

/** LogisticRegression's hyperparameters (scikit-learn's names in camelCase, its defaults). */
export interface LogisticRegressionParams {
  /** 'l2' (default), 'l1' (saga), 'elasticnet' (saga, mixed by l1Ratio) or null (no penalty). */
  penalty: 'l1' | 'l2' | 'elasticnet' | null;
  /** Inverse regularization strength (default 1; Infinity: no penalty). */
  C: number;
  /** Elastic-net mixing in [0, 1] (used with penalty 'elasticnet'; default 0). */
  l1Ratio: number;
  /** Stopping tolerance (default 1e-4): max |gradient| for lbfgs/newton-cg, relative weight change for saga. */
  tol: number;
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
  /** null, 'balanced' or { label: weight } (default null). */
  classWeight: ClassWeight;
  /** Seed of saga's sample draws (default null: a fresh seed per fit). */
  randomState: number | null;
  /** 'lbfgs' (default), 'newton-cg', 'sag', 'saga' or 'liblinear' (two classes; l1 or l2). */
  solver: 'lbfgs' | 'newton-cg' | 'sag' | 'saga' | 'liblinear';
  /** liblinear: the value of the constant feature carrying the intercept, whose weight is penalized (default 1). */
  interceptScaling: number;
  /** Iteration (epoch for sag/saga) limit (default 100). */
  maxIter: number;
}

/**
 * Logistic regression classifier. Learned: `coef_` ([1, p] for two classes, [k, p] otherwise), `intercept_`,
 * `classes_`, `nIter_`, `converged_`.
 * @example
 * const clf = new LogisticRegression({ C: 1, maxIter: 200 }).fit(XTrain, yTrain);
 * const proba = clf.predictProba(XTest);
 */
export class LogisticRegression extends LinearClassifier<LogisticRegressionParams> {
  static override readonly params = {
    penalty: [nullable(oneOf('l1', 'l2', 'elasticnet')), 'l2'],
    C: [{ accepts: (v: unknown) => typeof v === 'number' && v > 0, allowed: 'a number > 0 (Infinity allowed)' }, 1],
    l1Ratio: [real({ min: 0, max: 1 }), 0],
    tol: [real({ min: 0 }), 1e-4],
    fitIntercept: [boolean(), true],
    classWeight: [classWeightSpec(), null],
    randomState: [seed(), null],
    solver: [oneOf('lbfgs', 'newton-cg', 'sag', 'saga', 'liblinear'), 'lbfgs'],
    interceptScaling: [real({ min: 0, closed: 'neither' }), 1],
    maxIter: [integer({ min: 0 }), 100],
  } as const;
  static override readonly tags = { ...Classifier.tags, tolerance: 1e-4 };

  /** Iterations (epochs) the solver ran. */
  nIter_?: number;
  /** Whether the solver met its tolerance within maxIter. */
  converged_?: boolean;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const { penalty, solver } = this.params;
    const cls = this.constructor.name;
    if (penalty === 'elasticnet' && solver !== 'saga') {
      throw new ParamError(`Expected solver 'saga' for penalty 'elasticnet' of ${cls} but received '${solver}'`, 'solver');
    }
    if (penalty === 'l1' && solver !== 'saga' && solver !== 'liblinear') {
      throw new ParamError(`Expected solver 'saga' or 'liblinear' for penalty 'l1' of ${cls} but received '${solver}' (lbfgs, newton-cg and sag support only 'l2' or null)`, 'solver');
    }
    if (penalty === null && solver === 'liblinear') {
      throw new ParamError(`Expected penalty 'l1' or 'l2' for solver 'liblinear' of ${cls} but received null`, 'penalty');
    }
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows);
    const { classes, codes } = encodeLabels(t, 2, cls);
    const k = classes.length === 2 ? 1 : classes.length;
    if (solver === 'liblinear' && k > 1) {
      throw rangeError(`Expected two classes for solver 'liblinear' of ${cls} but received ${classes.length} (use another solver, or a one-versus-rest wrapper)`);
    }
    const sw = applyClassWeight(this.params.classWeight, classes, codes, sampleWeights(options.sampleWeight, m.rows));
    const lp: LogisticProblem = {
      x: float64Data(m), y: Float64Array.from(codes), sw,
      n: m.rows, p: m.cols, k, fitIntercept: this.params.fitIntercept,
    };
    const C = penalty === null ? Infinity : this.params.C;
    const stride = m.cols + (lp.fitIntercept ? 1 : 0);
    const coef0 = new Float64Array(k * stride);
    const report = (it: { iteration: number; f: number }) =>
      this.reportProgress({ iteration: it.iteration, total: this.params.maxIter, ...(Number.isFinite(it.f) ? { loss: it.f } : {}) });
    let result;
    if (solver === 'liblinear') {
      result = this.fitLiblinear(lp, penalty === 'l1');
    } else if (solver === 'lbfgs' || solver === 'newton-cg') {
      const swSum = sw ? sw.reduce((a, b) => a + b, 0) : m.rows;
      const objective = new LogisticObjective(lp, C === Infinity ? 0 : 1 / (C * swSum));
      result = (solver === 'lbfgs' ? solveLbfgs : solveNewtonCg)(objective, coef0, this.params.maxIter, this.params.tol, report);
    } else {
      const l1Ratio = penalty === 'l1' ? 1 : penalty === 'elasticnet' ? this.params.l1Ratio : 0;
      const random = new Random(this.params.randomState ?? (Math.random() * 2 ** 32) >>> 0);
      try {
        result = solveSaga(lp, { C, l1Ratio, saga: solver === 'saga' }, this.params.maxIter, this.params.tol, random, report);
      } catch (e) {
        throw new NumericError(`${(e as Error).message} fitting ${cls}: scaling X (StandardScaler) might help`);
      }
    }
    const coef = new Float64Array(k * m.cols), intercept = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      coef.set(result.coef.subarray(c * stride, c * stride + m.cols), c * m.cols);
      if (lp.fitIntercept) intercept[c] = result.coef[c * stride + m.cols];
    }
    if (!coef.every(Number.isFinite) || !intercept.every(Number.isFinite)) {
      throw new NumericError(`Expected finite coefficients from ${cls} but the solver diverged: scaling X might help`);
    }
    this.classes_ = classes;
    this.labelDType_ = labelDType(t);
    this.coef_ = Tensor.from(coef, [k, m.cols]) as Tensor<'float64'>;
    this.intercept_ = Tensor.from(intercept, [k]) as Tensor<'float64'>;
    this.nIter_ = result.nIter;
    this.converged_ = result.converged;
  }

  /** liblinear's problem: X with the bias column, costs C times the weights; returns coef as (w, b) rows. */
  private fitLiblinear(lp: LogisticProblem, l1: boolean): SolverResult {
    const { n, p, x } = lp;
    const bias = lp.fitIntercept ? this.params.interceptScaling : 0;
    const q = p + (bias > 0 ? 1 : 0);
    const xAug = bias > 0 ? new Float64Array(n * q) : x;
    if (bias > 0) {
      for (let i = 0; i < n; i++) {
        xAug.set(x.subarray(i * p, (i + 1) * p), i * q);
        xAug[i * q + p] = bias;
      }
    }
    const costs = Float64Array.from({ length: n }, (_, i) => this.params.C * (lp.sw ? lp.sw[i] : 1));
    const problem: LogisticProblem = { x: xAug, y: lp.y, sw: costs, n, p: q, k: 1, fitIntercept: false };
    const r = (l1 ? liblinearL1 : liblinearL2)(problem, this.params.tol, this.params.maxIter);
    if (bias > 0) r.w[p] *= bias;
    return { coef: r.w, nIter: r.nIter, converged: r.converged };
  }

  /**
   * Class probabilities: the sigmoid of the score for two classes, the softmax of the scores otherwise.
   * @param X - samples
   * @returns [n, k], columns in the order of classes_
   * @throws as decisionFunction
   */
  predictProba(X: MatrixLike): Tensor<'float64'> {
    const scores = this.decisionFunction(X);
    if (scores.ndim === 2) return softmax(scores, { axis: 1 }) as Tensor<'float64'>;
    const out = new Float64Array(scores.size * 2);
    scores.data.forEach((s, i) => {
      const pPos = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
      out[2 * i] = 1 - pPos;
      out[2 * i + 1] = pPos;
    });
    return Tensor.from(out, [scores.size, 2]) as Tensor<'float64'>;
  }

  /**
   * Log of predictProba (the log-softmax of the scores for several classes, computed stably).
   * @param X - samples
   * @returns [n, k]
   * @throws as decisionFunction
   */
  predictLogProba(X: MatrixLike): Tensor<'float64'> {
    const scores = this.decisionFunction(X);
    if (scores.ndim === 2) return logSoftmax(scores, { axis: 1 }) as Tensor<'float64'>;
    return log(this.predictProba(X)) as Tensor<'float64'>;
  }

}

registerEstimators(LogisticRegression);
