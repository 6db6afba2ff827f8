/**
 * HistGradientBoostingRegressor: scikit-learn's histogram gradient boosting for regression (squared_error,
 * absolute_error, poisson), native and fast: binning, histograms, split search and tree growth run in trueno's
 * histBin / hgbGrow kernels, prediction in forestPredict.
 */
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { toTargets, type MatrixLike } from '../base/input';
import { Regressor } from '../base/kinds';
import { oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { rangeError, typeError } from '../errors';
import type { FlatTrees } from '../tree/flat-trees';
import { sampleWeights } from '../metrics/inputs';
import { fitBooster, HGB_PARAMS, rawScores, type HgbLearned, type HistGradientBoostingParams } from './hist-gradient-boosting';
import { REGRESSION_LOSSES } from './hgb/losses';
import { needsColumns, type XInput } from './hgb/inputs';

/** HistGradientBoostingRegressor's hyperparameters. */
export interface HistGradientBoostingRegressorParams extends HistGradientBoostingParams {
  /** 'squared_error' (default), 'absolute_error' (leaves refit to the median residual) or 'poisson' (log link, y >= 0). */
  loss: 'squared_error' | 'absolute_error' | 'poisson';
}

/**
 * Gradient boosting over histogram trees for regression. X may hold NaN (missing values go to the side learned at
 * each split) and categorical features (string columns, or codes named by categoricalFeatures). Learned: `nIter_`,
 * `trainScore_` / `validationScore_` (with early stopping), `trees_`.
 * @example
 * const reg = new HistGradientBoostingRegressor({ loss: 'absolute_error' }).fit(XTrain, yTrain);
 * reg.predict(XTest);
 */
export class HistGradientBoostingRegressor extends Regressor<HistGradientBoostingRegressorParams> {
  static override readonly params = {
    loss: [oneOf('squared_error', 'absolute_error', 'poisson'), 'squared_error'],
    ...HGB_PARAMS,
  } as const;
  static override readonly tags = { ...Regressor.tags, allowNaN: true, randomized: true };

  /** The trees, in the flat layout. */
  trees_?: FlatTrees;
  /** The constant raw prediction the trees add to. */
  baseline_?: Float64Array;
  /** Iterations run (fewer than maxIter when early stopping stopped). */
  nIter_?: number;
  /** Trees per iteration (1). */
  nTreesPerIteration_?: number;
  /** Minus the training loss, before the first iteration and after each (with early stopping; else empty). */
  trainScore_?: Float64Array;
  /** Minus the validation loss, likewise (empty without early stopping or without validation data). */
  validationScore_?: Float64Array;
  /** Whether early stopping was on. */
  doEarlyStopping_?: boolean;
  /** 1 for each categorical feature. */
  isCategorical_?: Uint8Array;
  /** Per feature: the string categories of a string column, else null. */
  stringCategories_?: (string[] | null)[];
  /** The loss fit used (predict applies its inverse link: exp for 'poisson'). */
  loss_?: HistGradientBoostingRegressorParams['loss'];

  /** X as a row-major matrix, or as columns when it holds strings or is a table. */
  private readX(X: unknown, reset: boolean): XInput {
    return needsColumns(X) ? { kind: 'columns', c: this.checkColumns(X, reset) } : { kind: 'matrix', m: this.checkX(X, reset) };
  }

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const input = this.readX(X, true);
    const rows = input.kind === 'matrix' ? input.m.rows : input.c.rows;
    const t = toTargets(y, rows);
    if (t.kind !== 'number') throw typeError(`Expected numeric targets for ${this.constructor.name} but received strings`);
    const values = Float64Array.from(t.values);
    const loss = this.params.loss;
    if (loss === 'poisson' && (values.some((v) => v < 0) || !values.some((v) => v > 0))) {
      throw rangeError(`Expected non-negative y with a positive sum for loss 'poisson' of ${this.constructor.name}`);
    }
    const sw = sampleWeights(options.sampleWeight, rows);
    Object.assign(this, fitBooster(input, values, sw, this.params, REGRESSION_LOSSES[loss], null, (p) => this.reportProgress(p)));
    this.loss_ = loss;
  }

  /**
   * Predicts the target of each sample (exp of the raw score for 'poisson').
   * @param X - samples with the features seen at fit
   * @returns [n]
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Tensor<'float64'> {
    const input = this.readX(X, false);
    const rows = input.kind === 'matrix' ? input.m.rows : input.c.rows;
    const raw = rawScores(this as HgbLearned, input);
    if (this.loss_ === 'poisson') for (let i = 0; i < raw.length; i++) raw[i] = Math.exp(raw[i]);
    return Tensor.from(raw, [rows]) as Tensor<'float64'>;
  }
}

registerEstimators(HistGradientBoostingRegressor);
