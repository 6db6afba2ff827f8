/**
 * HistGradientBoostingClassifier: scikit-learn's histogram gradient boosting for classification (log loss; one tree
 * per iteration for two classes, one per class and iteration otherwise), native and fast: binning, histograms, split
 * search and tree growth run in trueno's histBin / hgbGrow kernels, prediction in forestPredict.
 */
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { toTargets, type MatrixLike } from '../base/input';
import { Classifier } from '../base/kinds';
import { decodeLabels, encodeLabels, labelDType } from '../base/labels';
import { oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import type { FlatTrees } from '../tree/flat-trees';
import { classWeights, classWeightSpec, type ClassWeight } from '../linear/linear-model';
import { sampleWeights } from '../metrics/inputs';
import { fitBooster, HGB_PARAMS, rawScores, type HgbLearned, type HistGradientBoostingParams } from './hist-gradient-boosting';
import { logLoss } from './hgb/losses';
import { needsColumns, type XInput } from './hgb/inputs';

/** HistGradientBoostingClassifier's hyperparameters. */
export interface HistGradientBoostingClassifierParams extends HistGradientBoostingParams {
  /** 'log_loss' (the only one, as in scikit-learn). */
  loss: 'log_loss';
  /** Class weights: null (default), 'balanced' (n / (k x count)) or { label: weight }; multiply sampleWeight. */
  classWeight: ClassWeight;
}

/**
 * Gradient boosting over histogram trees for classification. X may hold NaN (missing values go to the side learned
 * at each split) and categorical features (string columns, or codes named by categoricalFeatures). Learned:
 * `classes_`, `nIter_`, `nTreesPerIteration_`, `trainScore_` / `validationScore_` (with early stopping), `trees_`.
 * @example
 * const clf = new HistGradientBoostingClassifier({ maxIter: 200, earlyStopping: true }).fit(XTrain, yTrain);
 * clf.predictProba(XTest);
 */
export class HistGradientBoostingClassifier extends Classifier<HistGradientBoostingClassifierParams> {
  static override readonly params = {
    loss: [oneOf('log_loss'), 'log_loss'],
    ...HGB_PARAMS,
    classWeight: [classWeightSpec(), null],
  } as const;
  static override readonly tags = { ...Classifier.tags, allowNaN: true, randomized: true };

  /** The trees, in the flat layout (values: one column per tree of an iteration). */
  trees_?: FlatTrees;
  /** The constant raw prediction the trees add to (one per tree of an iteration). */
  baseline_?: Float64Array;
  /** Iterations run (fewer than maxIter when early stopping stopped). */
  nIter_?: number;
  /** Trees per iteration: 1 for two classes, else the number of classes. */
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
  /** The dtype numeric predictions come back in (y's). */
  labelDType_?: string;

  /** X as a row-major matrix, or as columns when it holds strings or is a table. */
  private readX(X: unknown, reset: boolean): XInput {
    return needsColumns(X) ? { kind: 'columns', c: this.checkColumns(X, reset) } : { kind: 'matrix', m: this.checkX(X, reset) };
  }

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const input = this.readX(X, true);
    const rows = input.kind === 'matrix' ? input.m.rows : input.c.rows;
    const t = toTargets(y, rows);
    const { classes, codes } = encodeLabels(t, 2, this.constructor.name);
    const given = sampleWeights(options.sampleWeight, rows);
    const perClass = classWeights(this.params.classWeight, classes, codes);
    const sw = perClass ? Float64Array.from(codes, (c, i) => perClass[c] * (given ? given[i] : 1)) : given;
    const state = fitBooster(input, Float64Array.from(codes), sw, this.params, logLoss(classes.length), codes,
      (p) => this.reportProgress(p));
    Object.assign(this, state);
    this.classes_ = classes;
    this.labelDType_ = labelDType(t);
  }

  /**
   * The raw scores: the log-odds of the second class for two classes, else one score per class.
   * @param X - samples with the features seen at fit
   * @returns [n] for two classes, else [n, k]
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  decisionFunction(X: MatrixLike): Tensor<'float64'> {
    const input = this.readX(X, false);
    const rows = input.kind === 'matrix' ? input.m.rows : input.c.rows;
    const raw = rawScores(this as HgbLearned, input);
    const k = this.nTreesPerIteration_ as number;
    return Tensor.from(raw, k === 1 ? [rows] : [rows, k]) as Tensor<'float64'>;
  }

  /**
   * Class probabilities: the sigmoid of the score for two classes, the softmax of the scores otherwise.
   * @param X - samples
   * @returns [n, classes], columns in the order of classes_
   * @throws as decisionFunction
   */
  predictProba(X: MatrixLike): Tensor<'float64'> {
    const input = this.readX(X, false);
    const rows = input.kind === 'matrix' ? input.m.rows : input.c.rows;
    const raw = rawScores(this as HgbLearned, input);
    const n = rows;
    const k = this.nTreesPerIteration_ as number;
    const c = k === 1 ? 2 : k;
    const out = new Float64Array(n * c);
    for (let i = 0; i < n; i++) {
      if (k === 1) {
        const s = raw[i];
        const p = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
        continue;
      }
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, raw[i * k + j]);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += out[i * k + j] = Math.exp(raw[i * k + j] - max);
      for (let j = 0; j < k; j++) out[i * k + j] /= sum;
    }
    return Tensor.from(out, [n, c]) as Tensor<'float64'>;
  }

  /**
   * The most probable class of each sample.
   * @param X - samples
   * @returns labels in the form y had at fit
   * @throws as decisionFunction
   */
  predict(X: MatrixLike): Tensor | string[] {
    const proba = this.predictProba(X);
    const [n, c] = proba.shape;
    const p = proba.data as Float64Array;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (p[i * c + j] > p[i * c + best]) best = j;
      codes[i] = best;
    }
    return decodeLabels(this.classes_ as (number | string)[], codes, this.labelDType_ as never);
  }
}

registerEstimators(HistGradientBoostingClassifier);
