/**
 * The kinds of estimator (scikit-learn's ClassifierMixin, RegressorMixin, TransformerMixin, ClusterMixin): what each
 * adds to the base contract, and the `score` each kind means.
 */
import type { Tensor } from '../../trueno/tensor';
import { accuracyScore } from '../metrics/classification';
import { r2Score } from '../metrics/regression';
import { Estimator, type FitOptions } from './estimator';
import type { MatrixLike, TargetLike } from './input';
import { validate } from '../errors';

/** Options of score. */
export interface ScoreOptions {
  /** One weight per sample. */
  sampleWeight?: ArrayLike<number> | readonly number[];
}

/**
 * Checks score's options (first: a misspelt option is reported even when X is wrong too).
 * @param options - what the caller passed
 * @param owner - the estimator's class name, for the message
 * @returns the options ({} for undefined)
 * @throws TypeError (ERR_APRENDER_TYPE) for options that are not an object or hold an unknown key
 */
export function expectScoreOptions(options: unknown, owner: string): Partial<ScoreOptions> {
  return validate.expectOptions<ScoreOptions>(options, `${owner}.score options`, { sampleWeight: true });
}

/** A classifier: `predict` gives labels (strings as string[], numbers as a Tensor); score is accuracy. */
export abstract class Classifier<P extends object = object> extends Estimator<P> {
  static override readonly tags = { kind: 'classifier' as const, requiresY: true };
  /** The class labels seen at fit, sorted. */
  classes_?: number[] | string[];

  /**
   * Predicts the class of each sample.
   * @param X - samples with the features seen at fit
   * @returns labels, in the form y had at fit
   */
  abstract predict(X: MatrixLike): Tensor | string[];

  /**
   * The mean accuracy on (X, y).
   * @param X - samples
   * @param y - their true labels
   * @param options - sampleWeight
   * @returns accuracy in [0, 1]
   * @example clf.fit(XTrain, yTrain).score(XTest, yTest);
   */
  score(X: MatrixLike, y: TargetLike, options: ScoreOptions = {}): number {
    const opts = expectScoreOptions(options, this.constructor.name);
    return accuracyScore(y, this.predict(X), opts);
  }
}

/** A regressor: `predict` gives a Tensor; score is R². */
export abstract class Regressor<P extends object = object> extends Estimator<P> {
  static override readonly tags = { kind: 'regressor' as const, requiresY: true };

  /**
   * Predicts the target of each sample.
   * @param X - samples with the features seen at fit
   * @returns a 1-D Tensor (2-D for several targets)
   */
  abstract predict(X: MatrixLike): Tensor;

  /**
   * The coefficient of determination R² on (X, y).
   * @param X - samples
   * @param y - their true targets
   * @param options - sampleWeight
   * @returns R² (1 is perfect; it can be negative)
   * @example reg.fit(XTrain, yTrain).score(XTest, yTest);
   */
  score(X: MatrixLike, y: TargetLike, options: ScoreOptions = {}): number {
    const opts = expectScoreOptions(options, this.constructor.name);
    return r2Score(y, this.predict(X), opts);
  }
}

/** A transformer: `transform` maps X to a new matrix; `fitTransform` fits then transforms (or does both at once). */
export abstract class Transformer<P extends object = object> extends Estimator<P> {
  static override readonly tags = { kind: 'transformer' as const };

  /**
   * Transforms X.
   * @param X - samples with the features seen at fit
   * @returns the transformed matrix
   */
  abstract transform(X: MatrixLike): Tensor;

  /**
   * Fits, then transforms the same X.
   * @param X - samples
   * @param y - targets, for transformers that use them
   * @param options - as fit
   * @returns the transformed X
   * @example const Z = new StandardScaler().fitTransform(X);
   */
  fitTransform(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Tensor {
    return this.fit(X, y, options).transform(X);
  }
}

/** A clusterer: fit sets `labels_`; `fitPredict` returns them. */
export abstract class Clusterer<P extends object = object> extends Estimator<P> {
  static override readonly tags = { kind: 'clusterer' as const };
  /** The cluster of each training sample (-1: noise, for DBSCAN). */
  labels_?: Int32Array;

  /**
   * Fits and returns the cluster of each sample.
   * @param X - samples
   * @param y - ignored (scikit-learn's signature)
   * @param options - as fit
   * @returns labels_
   * @example const labels = new KMeans({ nClusters: 3, randomState: 0 }).fitPredict(X);
   */
  fitPredict(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Int32Array {
    this.fit(X, y, options);
    return this.labels_ as Int32Array;
  }
}
