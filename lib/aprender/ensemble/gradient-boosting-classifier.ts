/**
 * GradientBoostingClassifier: scikit-learn's classic gradient boosting for classification. Binary log_loss and the
 * exponential loss grow one regression tree per stage on the log-odds (half log-odds); multiclass log_loss grows one
 * per class and stage. The trees are trueno's CART kernel; see gradient-boosting.ts for the stages.
 */
import type { DType } from '../../trueno/dtype';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { OptionKeys } from '../../common/validate';
import type { FitAsyncOptions } from '../base/fit-async';
import { toTargets, type MatrixLike, type TargetLike } from '../base/input';
import { Classifier } from '../base/kinds';
import { decodeLabels, encodeLabels, labelDType } from '../base/labels';
import { oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { ParamError, rangeError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { applyTrees, type FlatTrees } from '../tree/flat-trees';
import { totalWeight } from '../tree/grow';
import {
  BOOSTING_FIT_OPTIONS, fitBoosting, float32Rows, GRADIENT_BOOSTING_PARAMS, rawPredict, stagedRaw, withPrevious,
  type BoostingFitOptions, type BoostingState, type GradientBoostingParams,
} from './gradient-boosting';
import { classifierLoss, type ClassificationLoss, type ClassifierLossName } from './losses';

export type { BoostingFitOptions, BoostingState, GradientBoostingParams } from './gradient-boosting';
export type { ClassifierLossName } from './losses';

/** GradientBoostingClassifier's hyperparameters. */
export interface GradientBoostingClassifierParams extends GradientBoostingParams {
  /** 'log_loss' (default; binomial or multinomial deviance) or 'exponential' (AdaBoost's, two classes only). */
  loss: ClassifierLossName;
}

/**
 * Gradient boosted trees for classification (scikit-learn's GradientBoostingClassifier).
 * Learned: `classes_`, `nClasses_`, `trees_`, `init_`, `nEstimators_`, `nTreesPerIteration_`, `trainScore_`,
 * `featureImportances_`, `maxFeatures_`, with subsample < 1 `oobScores_`, `oobImprovement_`, `oobScore_`.
 * @example
 * const gb = new GradientBoostingClassifier({ nEstimators: 200, learningRate: 0.05, randomState: 0 }).fit(XTrain, yTrain);
 * gb.predictProba(XTest);
 * for (const p of gb.stagedPredict(XTest)) console.log(accuracyScore(yTest, p));
 */
export class GradientBoostingClassifier extends Classifier<GradientBoostingClassifierParams> implements BoostingState {
  static override readonly params = {
    loss: [oneOf('log_loss', 'exponential'), 'log_loss'],
    ...GRADIENT_BOOSTING_PARAMS,
  } as const;

  static override readonly tags = { ...Classifier.tags, randomized: true };

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
  /** The number of classes. */
  nClasses_?: number;
  /** The dtype numeric predictions come back in (y's). */
  labelDType_?: DType;

  /**
   * Fits the stages (with warmStart on a fitted model: adds stages up to nEstimators).
   * @param X - samples
   * @param y - class labels (numbers or strings), at least two classes
   * @param options - sampleWeight
   * @returns this
   * @throws ParamError for bad hyperparameters or loss 'exponential' with more than two classes; TypeError /
   *   RangeError for bad X, y or weights, an early-stopping split that loses a class, or warmStart with fewer stages
   * @example new GradientBoostingClassifier({ randomState: 0 }).fit(X, y).score(XTest, yTest);
   */
  override fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): this {
    return super.fit(X, y, withPrevious(this, options ?? {}));
  }

  /**
   * fit off the event loop, with progress per stage and cancellable (see Estimator.fitAsync); warmStart continues
   * the fitted stages here too.
   * @param X - samples
   * @param y - class labels
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
    const { classes, codes } = encodeLabels(t, 2, name);
    const w = sampleWeights(options.sampleWeight, m.rows);
    if (w !== undefined) {
      totalWeight(w, m.rows);
      const weighted = new Float64Array(classes.length);
      codes.forEach((c, i) => (weighted[c] += w[i]));
      const kept = weighted.filter((v) => v > 0).length;
      if (kept < 2) throw rangeError(`Expected at least 2 classes with a positive total weight for ${name} but received ${kept}`);
    }
    if (this.params.loss === 'exponential' && classes.length > 2) {
      throw new ParamError(`Expected 'log_loss' for the loss parameter of ${name} with ${classes.length} classes ('exponential' is for two classes) but received 'exponential'`, 'loss');
    }
    const previous = options.previous;
    if (previous !== undefined && JSON.stringify(previous.classes_) !== JSON.stringify(classes)) {
      throw rangeError(`Expected the classes of the fit warmStart continues (${JSON.stringify(previous.classes_)}) but received ${JSON.stringify(classes)}`);
    }
    const state = fitBoosting(this.params, {
      x: float32Rows(m), rows: m.rows, cols: m.cols, y: Float64Array.from(codes), w: w ?? new Float64Array(m.rows).fill(1),
      weighted: w !== undefined, loss: classifierLoss(this.params.loss, classes.length), strata: codes,
      classes: classes.length, previous, report: (p) => this.reportProgress(p), owner: name,
    });
    Object.assign(this, state);
    this.classes_ = classes;
    this.nClasses_ = classes.length;
    this.labelDType_ = labelDType(t);
  }

  private get loss(): ClassificationLoss {
    return classifierLoss(this.params.loss, this.nClasses_ as number);
  }

  private rows(X: MatrixLike): { x: Float32Array; n: number; d: number } {
    const m = this.checkX(X, false, { dtype: 'keep' });
    return { x: float32Rows(m), n: m.rows, d: m.cols };
  }

  /** Raw predictions as scikit-learn shapes them: [n] for one tree per stage, [n, classes] otherwise. */
  private rawTensor(raw: Float64Array, n: number): Tensor<'float64'> {
    const k = this.nTreesPerIteration_ as number;
    return Tensor.from(raw, k === 1 ? [n] : [n, k]) as Tensor<'float64'>;
  }

  private labels(raw: Float64Array, n: number): Tensor | string[] {
    const k = this.nTreesPerIteration_ as number;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (k === 1) {
        codes[i] = raw[i] >= 0 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let j = 1; j < k; j++) if (raw[i * k + j] > raw[i * k + best]) best = j;
      codes[i] = best;
    }
    return decodeLabels(this.classes_ as number[] | string[], codes, this.labelDType_);
  }

  private proba(raw: Float64Array, n: number): Tensor<'float64'> {
    return Tensor.from(this.loss.proba(raw), [n, this.nClasses_ as number]) as Tensor<'float64'>;
  }

  /**
   * The raw scores: the init constant plus the trees' sum (log-odds of the second class for binary log_loss, half
   * that for exponential, one score per class for multiclass).
   * @param X - samples with the features seen at fit
   * @returns [n] for two classes, [n, classes] otherwise
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  decisionFunction(X: MatrixLike): Tensor<'float64'> {
    const { x, n, d } = this.rows(X);
    return this.rawTensor(rawPredict(this, x, n, d), n);
  }

  /**
   * The predicted class of each sample (the second class when its raw score is >= 0; the largest score otherwise).
   * @param X - samples
   * @returns labels in y's form (strings, or a Tensor of y's dtype)
   * @throws as decisionFunction
   */
  predict(X: MatrixLike): Tensor | string[] {
    const { x, n, d } = this.rows(X);
    return this.labels(rawPredict(this, x, n, d), n);
  }

  /**
   * Class probabilities (the logistic of the raw score; softmax for multiclass).
   * @param X - samples
   * @returns [n, classes], columns in classes_ order
   * @throws as decisionFunction
   */
  predictProba(X: MatrixLike): Tensor<'float64'> {
    const { x, n, d } = this.rows(X);
    return this.proba(rawPredict(this, x, n, d), n);
  }

  /**
   * The logarithm of predictProba.
   * @param X - samples
   * @returns [n, classes]
   * @throws as decisionFunction
   */
  predictLogProba(X: MatrixLike): Tensor<'float64'> {
    const p = this.predictProba(X);
    return Tensor.from(Float64Array.from(p.data as Float64Array, Math.log), p.shape) as Tensor<'float64'>;
  }

  /**
   * decisionFunction after each stage (scikit-learn's staged_decision_function), for monitoring.
   * @param X - samples
   * @yields the raw scores after stage 1, 2, ...
   * @throws as decisionFunction (on the first step)
   */
  *stagedDecisionFunction(X: MatrixLike): Generator<Tensor<'float64'>> {
    const { x, n, d } = this.rows(X);
    for (const raw of stagedRaw(this, x, n, d)) yield this.rawTensor(raw, n);
  }

  /**
   * predict after each stage.
   * @param X - samples
   * @yields the labels after stage 1, 2, ...
   * @throws as decisionFunction (on the first step)
   * @example for (const p of gb.stagedPredict(XTest)) scores.push(accuracyScore(yTest, p));
   */
  *stagedPredict(X: MatrixLike): Generator<Tensor | string[]> {
    const { x, n, d } = this.rows(X);
    for (const raw of stagedRaw(this, x, n, d)) yield this.labels(raw, n);
  }

  /**
   * predictProba after each stage.
   * @param X - samples
   * @yields [n, classes] probabilities after stage 1, 2, ...
   * @throws as decisionFunction (on the first step)
   */
  *stagedPredictProba(X: MatrixLike): Generator<Tensor<'float64'>> {
    const { x, n, d } = this.rows(X);
    for (const raw of stagedRaw(this, x, n, d)) yield this.proba(raw, n);
  }

  /**
   * The leaf each sample reaches in each tree (scikit-learn's apply).
   * @param X - samples
   * @returns int32 [n, nEstimators_, nTreesPerIteration_] node indices within each tree
   * @throws as decisionFunction
   */
  apply(X: MatrixLike): Tensor<'int32'> {
    const { x, n, d } = this.rows(X);
    const leaves = applyTrees(this.trees_ as FlatTrees, x, n, d);
    return Tensor.from(leaves, [n, this.nEstimators_ as number, this.nTreesPerIteration_ as number]) as Tensor<'int32'>;
  }
}

registerEstimators(GradientBoostingClassifier);
