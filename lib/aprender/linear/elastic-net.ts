/**
 * ElasticNet and Lasso (scikit-learn's, dense X): 1 / (2n) ||y - X w - b||^2 + alpha l1Ratio ||w||_1
 * + alpha (1 - l1Ratio) / 2 ||w||^2, solved by the native coordinate descent kernel (scikit-learn's
 * enet_coordinate_descent: duality-gap stopping rule, gap-safe screening) on centered data; sample weights rescale
 * rows by sqrt(w) after centering on the weighted means, as scikit-learn does. A 2-D y fits one model per target.
 */
import { Random } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike } from '../base/input';
import { toTargets } from '../base/input';
import { Regressor } from '../base/kinds';
import { boolean, integer, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { sampleWeights } from '../metrics/inputs';
import { coordinateDescent } from './kernels';
import { float64Data, linearScores } from './linear-model';

/** ElasticNet's hyperparameters (scikit-learn's names in camelCase, its defaults). */
export interface ElasticNetParams {
  /** Penalty strength (default 1). */
  alpha: number;
  /** L1 share of the penalty in [0, 1] (default 0.5; Lasso fixes it at 1). */
  l1Ratio: number;
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
  /** Sweep limit (default 1000). */
  maxIter: number;
  /** Duality-gap tolerance, relative to y.y (default 1e-4). */
  tol: number;
  /** Constrain the coefficients to be >= 0 (default false). */
  positive: boolean;
  /** 'cyclic' (default) or 'random' coordinate order. */
  selection: 'cyclic' | 'random';
  /** Seed of the random order (default null: fresh per fit). */
  randomState: number | null;
}

/** Lasso's hyperparameters: ElasticNet's without l1Ratio. */
export type LassoParams = Omit<ElasticNetParams, 'l1Ratio'>;

const LASSO_PARAMS = {
  alpha: [real({ min: 0 }), 1],
  fitIntercept: [boolean(), true],
  maxIter: [integer({ min: 1 }), 1000],
  tol: [real({ min: 0 }), 1e-4],
  positive: [boolean(), false],
  selection: [oneOf('cyclic', 'random'), 'cyclic'],
  randomState: [seed(), null],
} as const;

/** The coordinate-descent fit and prediction ElasticNet and Lasso share; each says its L1 share. */
abstract class CoordinateDescentRegressor<P extends LassoParams> extends Regressor<P> {
  static override readonly tags = { ...Regressor.tags, multiOutput: true, tolerance: 1e-6 };

  /** The L1 share of the penalty. */
  protected abstract l1Share(): number;

  /** Coefficients: [p] for a 1-D y, [targets, p] for a 2-D y. */
  coef_?: Tensor<'float64'>;
  /** The intercept (a number), or one per target ([targets]). */
  intercept_?: number | Tensor<'float64'>;
  /** Sweeps run (per target for a 2-D y). */
  nIter_?: number | number[];
  /** The final duality gap, divided by n as scikit-learn reports it (per target for a 2-D y). */
  dualGap_?: number | Float64Array;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows, { multi: true });
    const targets = t.values as Float64Array, nt = t.cols;
    const { rows: n, cols: p } = m;
    const x = float64Data(m);
    const given = sampleWeights(options.sampleWeight, n);
    // scikit-learn rescales the weights to sum to n before centering and the sqrt(w) row scaling
    const total = given ? given.reduce((a, b) => a + b, 0) : n;
    const w = given ? Float64Array.from(given, (v) => (v * n) / total) : undefined;
    const xMean = new Float64Array(p), yMean = new Float64Array(nt);
    if (this.params.fitIntercept) {
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i] : 1;
        for (let c = 0; c < nt; c++) yMean[c] += wi * targets[i * nt + c];
        for (let j = 0; j < p; j++) xMean[j] += wi * x[i * p + j];
      }
      for (let c = 0; c < nt; c++) yMean[c] /= n;
      for (let j = 0; j < p; j++) xMean[j] /= n;
    }
    const xt = new Float64Array(p * n);
    for (let i = 0; i < n; i++) {
      const s = w ? Math.sqrt(w[i]) : 1;
      for (let j = 0; j < p; j++) xt[j * n + i] = (x[i * p + j] - xMean[j]) * s;
    }
    const { alpha } = this.params;
    const l1Ratio = this.l1Share();
    const random = this.params.selection === 'random' ? new Random(this.params.randomState ?? (Math.random() * 2 ** 32) >>> 0) : undefined;
    // several targets: one independent problem each (scikit-learn's ElasticNet loops over them too)
    const coef = new Float64Array(nt * p), intercept = new Float64Array(nt), nIter: number[] = [], gaps: number[] = [];
    for (let c = 0; c < nt; c++) {
      const yc = Float64Array.from({ length: n }, (_, i) => (targets[i * nt + c] - yMean[c]) * (w ? Math.sqrt(w[i]) : 1));
      const r = coordinateDescent(xt, yc, p, undefined, {
        alpha: alpha * l1Ratio * n, beta: alpha * (1 - l1Ratio) * n, maxIter: this.params.maxIter, tol: this.params.tol,
        positive: this.params.positive, random: random !== undefined, seed: random ? random.int(2147483647) : 0, screening: true,
      });
      coef.set(r.coef, c * p);
      intercept[c] = this.params.fitIntercept ? yMean[c] - r.coef.reduce((s, v, j) => s + v * xMean[j], 0) : 0;
      nIter.push(r.nIter);
      gaps.push(r.gap / n);
      this.reportProgress({ iteration: c + 1, total: nt, loss: r.gap / n });
    }
    const single = t.cols === 1 && toTargetsIs1d(y);
    this.coef_ = (single ? Tensor.from(coef) : Tensor.from(coef, [nt, p])) as Tensor<'float64'>;
    this.intercept_ = single ? intercept[0] : Tensor.from(intercept) as Tensor<'float64'>;
    this.nIter_ = single ? nIter[0] : nIter;
    this.dualGap_ = single ? gaps[0] : Float64Array.from(gaps);
  }


  /**
   * Predicts X w + b.
   * @param X - samples with the features seen at fit
   * @returns a 1-D float64 Tensor
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const coef = this.coef_ as Tensor<'float64'>;
    if (typeof this.intercept_ === 'number') {
      return linearScores(m, coef.reshape([1, m.cols]) as Tensor<'float64'>, Tensor.from([this.intercept_]) as Tensor<'float64'>).reshape([m.rows]);
    }
    return linearScores(m, coef, this.intercept_ as Tensor<'float64'>);
  }
}

/**
 * Linear regression with combined L1 and L2 penalties. Learned: `coef_` (p), `intercept_`, `nIter_`, `dualGap_`.
 * @example
 * const reg = new ElasticNet({ alpha: 0.01, l1Ratio: 0.5 }).fit(XTrain, yTrain);
 * const r2 = reg.score(XTest, yTest);
 */
export class ElasticNet extends CoordinateDescentRegressor<ElasticNetParams> {
  static override readonly params = { ...LASSO_PARAMS, l1Ratio: [real({ min: 0, max: 1 }), 0.5] } as const;

  protected l1Share(): number {
    return this.params.l1Ratio;
  }
}

/**
 * Linear regression with an L1 penalty (ElasticNet with l1Ratio 1). Learned: as ElasticNet.
 * @example const reg = new Lasso({ alpha: 0.1 }).fit(XTrain, yTrain);
 */
export class Lasso extends CoordinateDescentRegressor<LassoParams> {
  static override readonly params = LASSO_PARAMS;

  protected l1Share(): number {
    return 1;
  }
}

/** Whether y was given as a 1-D target (a 2-D y of one column keeps its 2-D shape in coef_, as in scikit-learn). */
function toTargetsIs1d(y: unknown): boolean {
  if (Array.isArray(y)) return !Array.isArray(y[0]);
  return !(y instanceof Tensor) || y.ndim === 1;
}

registerEstimators(ElasticNet, Lasso);
