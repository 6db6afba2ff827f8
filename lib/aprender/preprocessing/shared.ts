/**
 * Pieces the preprocessing estimators share: scikit-learn's treatment of zero scales, per-feature vectors as float64
 * Tensors, feature names out, and the parameter spec of a [low, high] range.
 */
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike } from '../base/input';
import { Transformer } from '../base/kinds';
import { custom, type ParamSpec } from '../base/params';

/** A per-feature vector as a 1-D float64 Tensor. */
export function featureVector(values: Float64Array): Tensor<'float64'> {
  return Tensor.from(values) as Tensor<'float64'>;
}

/**
 * Scales of (near) constant features become 1, so that they pass through unscaled (scikit-learn's
 * _handle_zeros_in_scale): a scale below 10 machine epsilons, or where `constant` says so.
 * @param scale - the scales, changed in place
 * @param constant - optional per-feature mask of features known to be constant
 * @returns scale
 */
export function handleZerosInScale(scale: Float64Array, constant?: ArrayLike<boolean>): Float64Array {
  for (let j = 0; j < scale.length; j++) if (constant?.[j] === true || scale[j] < 10 * Number.EPSILON) scale[j] = 1;
  return scale;
}

/**
 * The output names of a transformer that keeps one output per input feature (scikit-learn's OneToOneFeatureMixin).
 * @param featureNamesIn - the names seen at fit, when X had names
 * @param nFeatures - the number of features seen at fit
 * @returns the names: those seen at fit, else x0, x1, ...
 */
export function inputFeatureNames(featureNamesIn: readonly string[] | undefined, nFeatures: number): string[] {
  return featureNamesIn !== undefined ? [...featureNamesIn] : Array.from({ length: nFeatures }, (_, j) => `x${j}`);
}

/** A pair [low, high] of finite numbers with low < high (MinMaxScaler's featureRange). */
export function rangePair(bounds: { min?: number; max?: number } = {}): ParamSpec {
  const lo = bounds.min ?? -Infinity;
  const hi = bounds.max ?? Infinity;
  const text = bounds.min === undefined ? '' : ` within [${lo}, ${hi}]`;
  return custom(`a pair [low, high] of numbers with low < high${text}`, (v) =>
    Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi) && v[0] < v[1]);
}

/** A transformer with one output per input feature, named as the input (scikit-learn's OneToOneFeatureMixin). */
export abstract class OneToOneTransformer<P extends object = object> extends Transformer<P> {
  /**
   * The names of the output features: the input's.
   * @returns the names seen at fit, else x0, x1, ...
   * @throws NotFittedError before fit
   * @example new StandardScaler().fit(table).getFeatureNamesOut(); // the table's column names
   */
  getFeatureNamesOut(): string[] {
    this.ensureFitted();
    return inputFeatureNames(this.featureNamesIn_, this.nFeaturesIn_ as number);
  }
}

/**
 * A one-to-one transformer that can also learn batch by batch (scikit-learn's partial_fit): fit is one update from
 * scratch, partialFit one update from the state so far.
 */
export abstract class IncrementalTransformer<P extends object = object> extends OneToOneTransformer<P> {
  /** Samples seen by fit and partialFit. */
  nSamplesSeen_?: number;

  protected fitImpl(X: unknown, _y: unknown, options: FitOptions): void {
    this.update(X, options, true);
  }

  /**
   * Updates the learned statistics with one more batch (the first call, or any call after fit, starts from the state
   * fit left, as scikit-learn does).
   * @param X - a batch of samples (the same features each time)
   * @param _y - ignored
   * @param options - sampleWeight for this batch, where the estimator supports weights
   * @returns this
   * @throws ParamError for a bad hyperparameter; FeatureMismatchError for another number of features than earlier
   *   batches; TypeError / RangeError for bad X
   * @example for (const batch of batches) scaler.partialFit(batch);
   */
  partialFit(X: MatrixLike, _y?: unknown, options: FitOptions = {}): this {
    this.validateParams();
    this.update(X, options ?? {}, !this.isFitted());
    return this;
  }

  /** Learns from one batch; `first` starts from scratch. */
  protected abstract update(X: unknown, options: FitOptions, first: boolean): void;
}
