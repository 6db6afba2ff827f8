/**
 * SGDRegressor (scikit-learn's): a linear model fitted by plain SGD on squared_error, huber, epsilon_insensitive or
 * squared_epsilon_insensitive loss, epochs run by the native kernel; partialFit continues from the current model.
 */
import { Random } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { toTargets } from '../base/input';
import { Regressor } from '../base/kinds';
import { oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { NumericError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { SgdSolver, type DenseProblem } from './kernels';
import { float64Data, linearScores } from './linear-model';
import { runSgd, sgdParamSpecs, sgdSettings, validationSplit, type SgdParams } from './sgd';
import { untracked } from '../../trueno/result-memory';
import { SGD_NSCALARS, SgdStateCode } from '../../trueno/backend/ops.generated';

/** SGDRegressor's hyperparameters. */
export interface SGDRegressorParams extends SgdParams {
  /** 'squared_error' (default), 'huber', 'epsilon_insensitive' or 'squared_epsilon_insensitive'. */
  loss: 'squared_error' | 'huber' | 'epsilon_insensitive' | 'squared_epsilon_insensitive';
}

/**
 * A linear regressor fitted by stochastic gradient descent. Learned: `coef_` (p), `intercept_` ([1]), `nIter_`,
 * `t_`.
 * @example const reg = new SGDRegressor({ randomState: 0 }).fit(XTrainScaled, yTrain);
 */
export class SGDRegressor extends Regressor<SGDRegressorParams> {
  static override readonly params = {
    loss: [oneOf('squared_error', 'huber', 'epsilon_insensitive', 'squared_epsilon_insensitive'), 'squared_error'],
    ...sgdParamSpecs('invscaling', 0.25),
  } as const;
  static override readonly tags = { ...Regressor.tags, randomized: true, tolerance: 1e-4 };

  coef_?: Tensor<'float64'>;
  intercept_?: Tensor<'float64'>;
  nIter_?: number;
  t_?: number;
  /** The kernel state (w, intercept, averages, t, L1 bookkeeping), kept for partialFit. */
  state_?: Float64Array;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows);
    this.learn(float64Data(m), m.rows, m.cols, t.values as Float64Array, sampleWeights(options.sampleWeight, m.rows), this.params.maxIter);
  }

  /**
   * One epoch over (X, y), continuing from the current model.
   * @param X - samples
   * @param y - targets
   * @param options - sampleWeight
   * @returns this
   * @throws ParamError; TypeError / RangeError for bad X or y; FeatureMismatchError after the first call
   */
  partialFit(X: MatrixLike, y: TargetLike, options: FitOptions = {}): this {
    options = this.checkFitOptions(options, 'partialFit');
    return untracked(() => {
      this.validateParams();
      const m = this.checkX(X, this.state_ === undefined);
      const t = toTargets(y, m.rows);
      this.learn(float64Data(m), m.rows, m.cols, t.values as Float64Array, sampleWeights(options.sampleWeight, m.rows), 1);
      return this;
    });
  }

  private learn(x: Float64Array, n: number, p: number, y: Float64Array, sw: Float64Array | undefined, maxIter: number): void {
    const params = this.params;
    const random = new Random(params.randomState ?? (Math.random() * 2 ** 32) >>> 0);
    const { train, validation } = validationSplit(n, params.validationFraction, params.earlyStopping, random);
    const problem: DenseProblem = { x, y, sw, n, p };
    const settings = sgdSettings(params, params.loss, 1, 1);
    const solver = new SgdSolver(problem, settings);
    const t0 = this.t_ ?? 1;
    if (this.state_) solver.state.set(this.state_);
    solver.state[p + SgdStateCode.T] = t0;
    solver.state[p + SgdStateCode.U] = 0; // scikit-learn restarts the L1 bookkeeping per call
    solver.state.fill(0, 2 * p + SGD_NSCALARS);
    const score = validation.length ? (w: Float64Array, b: number) => {
      let mean = 0, total = 0;
      for (const i of validation) {
        mean += (sw ? sw[i] : 1) * y[i];
        total += sw ? sw[i] : 1;
      }
      mean /= total;
      let res = 0, tot = 0;
      for (const i of validation) {
        let s = b;
        for (let j = 0; j < p; j++) s += w[j] * x[i * p + j];
        const wi = sw ? sw[i] : 1;
        res += wi * (y[i] - s) ** 2;
        tot += wi * (y[i] - mean) ** 2;
      }
      return tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
    } : undefined;
    let run;
    try {
      run = runSgd(problem, train, settings, params, random, score,
        (epoch, loss) => this.reportProgress({ iteration: epoch, total: maxIter, loss }), maxIter, solver);
    } catch (e) {
      throw new NumericError(`${(e as Error).message} (${this.constructor.name})`);
    }
    this.t_ = t0 + run.nIter * n;
    this.nIter_ = run.nIter;
    this.state_ = run.solver.state;
    const coef = run.solver.coef(settings.average > 0 && settings.average <= this.t_ - 1);
    this.coef_ = Tensor.from(coef.weights) as Tensor<'float64'>;
    this.intercept_ = Tensor.from([coef.intercept]) as Tensor<'float64'>;
  }

  /**
   * Predicts X w + b.
   * @param X - samples with the features seen at fit
   * @returns a 1-D float64 Tensor
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const coef = (this.coef_ as Tensor<'float64'>).reshape([1, m.cols]) as Tensor<'float64'>;
    return linearScores(m, coef, this.intercept_ as Tensor<'float64'>).reshape([m.rows]);
  }
}

registerEstimators(SGDRegressor);
