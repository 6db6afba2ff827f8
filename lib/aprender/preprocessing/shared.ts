/**
 * Pieces the preprocessing estimators share: scikit-learn's treatment of zero scales, per-feature vectors as float64
 * Tensors, feature names out, and the parameter spec of a [low, high] range.
 */
import { Table } from 'apache-arrow';
import { ArrowDataset } from '../../alimentar/dataset';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { Matrix, MatrixLike } from '../base/input';
import { Transformer } from '../base/kinds';
import { custom, type ParamSpec } from '../base/params';
import { describe, rangeError } from '../errors';
import { untracked } from '../../trueno/result-memory';

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
 * The input feature names a transformer names its outputs after (scikit-learn's _check_feature_names_in).
 * @param featureNamesIn - the names seen at fit, when X had names
 * @param nFeatures - the number of features seen at fit
 * @param given - names the caller passes instead (a Pipeline or ColumnTransformer passing names through)
 * @returns the given names, else those seen at fit, else x0, x1, ...
 * @throws RangeError when given names differ in number from the features, or from the names seen at fit
 */
export function inputFeatureNames(featureNamesIn: readonly string[] | undefined, nFeatures: number, given?: readonly string[]): string[] {
  if (given !== undefined) {
    if (!Array.isArray(given) || given.length !== nFeatures || !given.every((g) => typeof g === 'string')) {
      throw rangeError(`Expected ${nFeatures} feature names for inputFeatures but received ${describe(given)}`);
    }
    if (featureNamesIn !== undefined && given.some((g, j) => g !== featureNamesIn[j])) {
      throw rangeError(`Expected inputFeatures equal to the feature names seen at fit [${featureNamesIn.join(', ')}] but received [${given.join(', ')}]`);
    }
    return [...given];
  }
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
   * @param inputFeatures - the input names to use (default: those seen at fit, else x0, x1, ...)
   * @returns one name per output column
   * @throws NotFittedError before fit; RangeError for inputFeatures of the wrong length
   * @example new StandardScaler().fit(table).getFeatureNamesOut(); // the table's column names
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.ensureFitted();
    return inputFeatureNames(this.featureNamesIn_, this.nFeaturesIn_ as number, inputFeatures);
  }
}

/**
 * A one-to-one transformer that can also learn batch by batch (scikit-learn's partial_fit): fit is one update from
 * scratch, partialFit one update from the state so far.
 */
export abstract class IncrementalTransformer<P extends object = object> extends OneToOneTransformer<P> {
  /** Samples seen by fit and partialFit (StandardScaler: one count per feature when NaN made them differ). */
  nSamplesSeen_?: number | number[];

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
    const opts = this.checkFitOptions(options, 'partialFit');
    return untracked(() => {
      this.validateParams();
      this.update(X, opts, !this.isFitted());
      return this;
    });
  }

  /** Learns from one batch; `first` starts from scratch. */
  protected abstract update(X: unknown, options: FitOptions, first: boolean): void;
}

type RowOp = (a: Tensor, b: Tensor, options?: { out?: Tensor }) => Tensor;

/**
 * Where a transform with `copy: false` may write (scikit-learn's in-place scaling): the matrix checkX gave, unless it
 * shares memory with an Arrow column (Arrow data stays immutable).
 * @param copy - the estimator's copy parameter
 * @param X - what the caller passed
 * @param m - checkX's matrix of it
 * @returns the tensor to write into, or undefined for a new one
 */
export function inPlaceTarget(copy: boolean, X: unknown, m: Matrix): Tensor | undefined {
  return copy || X instanceof Table || X instanceof ArrowDataset ? undefined : m.tensor;
}

/**
 * Applies per-feature row ops in turn (e.g. subtract the mean, then divide by the scale), allocating the output at
 * most once: the first op writes a new tensor (or `into`) and the next ones work in place on it. On large X the
 * allocation's first-touch page faults cost more than the arithmetic, so this halves a transform's time.
 * @param x - the matrix
 * @param into - where to write (x itself for in-place scaling), or undefined for a new tensor
 * @param steps - [op, per-feature vector or null] in order; absent vectors are skipped
 * @returns the result (a copy of x, or into, when every vector is absent)
 */
export function rowOps(x: Tensor, into: Tensor | undefined, ...steps: [RowOp, Tensor | null | undefined][]): Tensor {
  let out = into;
  let src = x;
  for (const [op, v] of steps) {
    if (!v) continue;
    out = out === undefined ? op(src, v) : op(src, v, { out });
    src = out;
  }
  if (out === undefined) return x.clone();
  if (src !== out) out.data.set(x.data as never);
  return out;
}
