/**
 * GradientBoostingRegressor: scikit-learn's classic gradient boosting for regression, with the squared error, the
 * absolute error, huber and quantile (pinball) losses. The trees are trueno's CART kernel; see gradient-boosting.ts
 * for the stages.
 */
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { OptionKeys } from '../../common/validate';
import type { FitAsyncOptions } from '../base/fit-async';
import { toTargets, type MatrixLike, type TargetLike } from '../base/input';
import { Regressor } from '../base/kinds';
import { oneOf, real } from '../base/params';
import { registerEstimators } from '../base/registry';
import { typeError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { applyTrees, type FlatTrees } from '../tree/flat-trees';
import { totalWeight } from '../tree/grow';
import {
  BOOSTING_FIT_OPTIONS, fitBoosting, float32Rows, GRADIENT_BOOSTING_PARAMS, rawPredict, stagedRaw, withPrevious,
  type BoostingFitOptions, type BoostingState, type GradientBoostingParams,
} from './gradient-boosting';
import { regressorLoss, type RegressorLossName } from './losses';

export type { RegressorLossName } from './losses';

/** GradientBoostingRegressor's hyperparameters. */
export interface GradientBoostingRegressorParams extends GradientBoostingParams {
  /** 'squared_error' (default), 'absolute_error', 'huber' or 'quantile'. */
  loss: RegressorLossName;
  /** The quantile of 'quantile', and of the absolute residuals that is huber's delta, in (0, 1) (default 0.9). */
  alpha: number;
}

/**
 * Gradient boosted trees for regression (scikit-learn's GradientBoostingRegressor).
 * Learned: `trees_`, `init_`, `nEstimators_`, `nTreesPerIteration_` (1), `trainScore_`, `featureImportances_`,
 * `maxFeatures_`, with subsample < 1 `oobScores_`, `oobImprovement_`, `oobScore_`.
 * @example
 * const gb = new GradientBoostingRegressor({ loss: 'huber', nEstimators: 300, randomState: 0 }).fit(XTrain, yTrain);
 * gb.score(XTest, yTest);
 * const upper = new GradientBoostingRegressor({ loss: 'quantile', alpha: 0.95 }).fit(XTrain, yTrain).predict(XTest);
 */
export class GradientBoostingRegressor extends Regressor<GradientBoostingRegressorParams> implements BoostingState {
  static override readonly params = {
    loss: [oneOf('squared_error', 'absolute_error', 'huber', 'quantile'), 'squared_error'],
    alpha: [real({ min: 0, max: 1, closed: 'neither' }), 0.9],
    ...GRADIENT_BOOSTING_PARAMS,
  } as const;

  static override readonly tags = { ...Regressor.tags, randomized: true };

  trees_?: FlatTrees;
  init_?: Tensor<'float64'>;
  nEstimators_?: number;
  nTreesPerIteration_?: number;
  trainScore_?: Tensor<'float64'>;
  oobScores_?: Tensor<'float64'>;
  oobImprovement_?: Tensor<'float64'>;
  oobScore_?: number;
  featureImportances_?: Tensor<'float64'>;
  maxFeatures_?: number;
  seed_?: number;

  /**
   * Fits the stages (with warmStart on a fitted model: adds stages up to nEstimators).
   * @param X - samples
   * @param y - targets (1-D)
   * @param options - sampleWeight
   * @returns this
   * @throws ParamError for bad hyperparameters; TypeError / RangeError for bad X, y or weights, or warmStart with
   *   fewer stages than fitted
   * @example new GradientBoostingRegressor({ randomState: 0 }).fit(X, y).predict(XTest);
   */
  override fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): this {
    return super.fit(X, y, withPrevious(this, options ?? {}));
  }

  /**
   * fit off the event loop, with progress per stage and cancellable (see Estimator.fitAsync); warmStart continues
   * the fitted stages here too.
   * @param X - samples
   * @param y - targets
   * @param options - sampleWeight, signal, onProgress
   * @returns this, fitted
   * @throws as fit; FitAbortedError when aborted
   */
  override fitAsync(X: MatrixLike, y?: TargetLike, options: FitOptions & FitAsyncOptions = {}): Promise<this> {
    return super.fitAsync(X, y, withPrevious(this, options ?? {}));
  }

  protected override fitOptionKeys(): OptionKeys<FitOptions> {
    return BOOSTING_FIT_OPTIONS;
  }

  protected fitImpl(X: unknown, y: unknown, options: BoostingFitOptions): void {
    const name = this.constructor.name;
    const m = this.checkX(X, true, { dtype: 'keep' });
    const t = toTargets(y, m.rows);
    if (t.kind !== 'number') throw typeError(`Expected numeric targets for ${name} but received strings`);
    const w = sampleWeights(options.sampleWeight, m.rows);
    if (w !== undefined) totalWeight(w, m.rows);
    const state = fitBoosting(this.params, {
      x: float32Rows(m), rows: m.rows, cols: m.cols, y: t.values, w: w ?? new Float64Array(m.rows).fill(1),
      weighted: w !== undefined, loss: regressorLoss(this.params.loss, this.params.alpha), previous: options.previous,
      report: (p) => this.reportProgress(p), owner: name,
    });
    Object.assign(this, state);
  }

  private rows(X: MatrixLike): { x: Float32Array; n: number; d: number } {
    const m = this.checkX(X, false, { dtype: 'keep' });
    return { x: float32Rows(m), n: m.rows, d: m.cols };
  }

  /**
   * The predicted target of each sample: the init constant plus the trees' sum.
   * @param X - samples with the features seen at fit
   * @returns [n]
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Tensor<'float64'> {
    const { x, n, d } = this.rows(X);
    return Tensor.from(rawPredict(this, x, n, d)) as Tensor<'float64'>;
  }

  /**
   * predict after each stage (scikit-learn's staged_predict), for monitoring.
   * @param X - samples
   * @yields [n] predictions after stage 1, 2, ...
   * @throws as predict (on the first step)
   * @example for (const p of gb.stagedPredict(XTest)) curve.push(r2Score(yTest, p));
   */
  *stagedPredict(X: MatrixLike): Generator<Tensor<'float64'>> {
    const { x, n, d } = this.rows(X);
    for (const raw of stagedRaw(this, x, n, d)) yield Tensor.from(raw) as Tensor<'float64'>;
  }

  /**
   * The leaf each sample reaches in each tree (scikit-learn's apply).
   * @param X - samples
   * @returns int32 [n, nEstimators_] node indices within each tree
   * @throws as predict
   */
  apply(X: MatrixLike): Tensor<'int32'> {
    const { x, n, d } = this.rows(X);
    return Tensor.from(applyTrees(this.trees_ as FlatTrees, x, n, d), [n, this.nEstimators_ as number]) as Tensor<'int32'>;
  }
}

registerEstimators(GradientBoostingRegressor);
