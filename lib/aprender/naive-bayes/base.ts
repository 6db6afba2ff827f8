/**
 * What every naive Bayes classifier shares (scikit-learn's _BaseNB): labels for fit and partialFit, and predict /
 * predictProba / predictLogProba / predictJointLogProba from one joint log-likelihood per class.
 */
import type { DType } from '../../trueno/dtype';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { toTargets, type Matrix, type MatrixLike, type TargetLike } from '../base/input';
import { Classifier } from '../base/kinds';
import { decodeLabels, encodeLabels, encodeWith, labelDType } from '../base/labels';
import { rangeError, typeError } from '../errors';
import { untracked } from '../../trueno/result-memory';

/** Options of partialFit. */
export interface PartialFitOptions {
  /** Every class y may hold, required on the first call (as scikit-learn's `classes`). */
  classes?: readonly number[] | readonly string[];
  /** One weight per sample. */
  sampleWeight?: ArrayLike<number> | readonly number[];
}

/** Base of the naive Bayes classifiers: subclasses give the joint log-likelihood. */
export abstract class NaiveBayes<P extends object> extends Classifier<P> {
  /** The dtype numeric predictions come back in (y's at the first fit). */
  labelDType_?: DType;

  /**
   * log P(c) + log P(x | c) for every sample and class.
   * @param m - X from checkX
   * @returns n x classes, row-major
   */
  protected abstract jointLogLikelihood(m: Matrix): Float64Array;

  /**
   * Adds samples to the model: a fresh fit when `partial` is undefined or nothing is fitted yet, else an update.
   * @param X - samples
   * @param y - their labels
   * @param sampleWeight - one weight per sample, or undefined
   * @param partial - partialFit's options; undefined from fit
   */
  protected abstract update(X: unknown, y: unknown, sampleWeight: unknown, partial: PartialFitOptions | undefined): void;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    this.update(X, y, options.sampleWeight, undefined);
  }

  /**
   * Adds more samples (fits the model on the first call, which needs `classes`), as scikit-learn's partial_fit; the
   * discrete models add counts, GaussianNB merges means and variances exactly.
   * @param X - samples
   * @param y - their labels
   * @param options - `classes` (first call), `sampleWeight`
   * @returns this
   * @throws ParamError for bad hyperparameters; TypeError / RangeError for bad X, y, classes; FeatureMismatchError
   * @example nb.partialFit(X1, y1, { classes: [0, 1] }).partialFit(X2, y2);
   */
  partialFit(X: MatrixLike, y: TargetLike, options: PartialFitOptions = {}): this {
    options = this.checkFitOptions<PartialFitOptions>(options, 'partialFit', { ...this.fitOptionKeys(), classes: true });
    return untracked(() => {
      this.validateParams();
      this.update(X, y, options.sampleWeight, options);
      return this;
    });
  }

  /**
   * Encodes y for fit (refit: classes from y) or partialFit (classes given on the first call, then kept).
   * @param y - targets
   * @param rows - samples in X
   * @param partial - partialFit's options, or undefined for fit
   * @returns the class code of each sample
   * @throws RangeError / TypeError for bad y, a missing or changed `classes`, or a label outside them
   */
  protected encodeY(y: unknown, rows: number, partial: PartialFitOptions | undefined): Int32Array {
    const name = this.constructor.name;
    const t = toTargets(y, rows);
    if (partial === undefined) {
      const labels = encodeLabels(t, 2, name);
      this.classes_ = labels.classes;
      this.labelDType_ = labelDType(t);
      return labels.codes;
    }
    if (this.classes_ === undefined) {
      const given = partial.classes;
      if (!Array.isArray(given) || given.length === 0) {
        throw typeError(`Expected the classes option (every label y may hold) on the first partialFit of ${name} but received ${String(given)}`);
      }
      const strings = typeof given[0] === 'string';
      const unique = [...new Set(given as (number | string)[])];
      if (unique.some((c) => (typeof c === 'string') !== strings || (!strings && !Number.isFinite(c)))) {
        throw typeError(`Expected finite numbers or strings, not both, in the classes option of ${name}.partialFit but received ${JSON.stringify(given.slice(0, 5))}`);
      }
      this.classes_ = (strings ? (unique as string[]).sort() : (unique as number[]).sort((a, b) => a - b)) as number[] | string[];
      this.labelDType_ = labelDType(t);
    } else if (partial.classes !== undefined && JSON.stringify([...partial.classes].sort()) !== JSON.stringify([...this.classes_].sort())) {
      throw rangeError(`Expected the classes of the first partialFit of ${name} (${JSON.stringify(this.classes_)}) but received ${JSON.stringify(partial.classes)}`);
    }
    return encodeWith(t, this.classes_);
  }

  /**
   * The joint log-likelihood log P(c) + log P(x | c) of every sample and class (scikit-learn's predict_joint_log_proba).
   * @param X - samples
   * @returns an n x classes float64 Tensor
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predictJointLogProba(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return Tensor.from(this.jointLogLikelihood(m), [m.rows, (this.classes_ as unknown[]).length]);
  }

  /**
   * Log class probabilities: the joint log-likelihood minus its log-sum-exp over the classes.
   * @param X - samples
   * @returns an n x classes float64 Tensor
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predictLogProba(X: MatrixLike): Tensor {
    const jll = this.predictJointLogProba(X);
    const [n, c] = jll.shape;
    const out = Float64Array.from(jll.data as Float64Array);
    for (let i = 0; i < n; i++) {
      const row = out.subarray(i * c, (i + 1) * c);
      let max = -Infinity;
      for (const v of row) if (v > max) max = v;
      let s = 0;
      for (const v of row) s += Math.exp(v - max);
      const lse = Number.isFinite(max) ? max + Math.log(s) : max;
      for (let j = 0; j < c; j++) row[j] -= lse;
    }
    return Tensor.from(out, [n, c]);
  }

  /**
   * Class probabilities.
   * @param X - samples
   * @returns an n x classes float64 Tensor (columns in classes_ order)
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predictProba(X: MatrixLike): Tensor {
    const log = this.predictLogProba(X);
    return Tensor.from(Float64Array.from(log.data as Float64Array, Math.exp), log.shape);
  }

  /**
   * The most likely class of each sample (the first of equal ones).
   * @param X - samples
   * @returns labels in the form y had at fit
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Tensor | string[] {
    const m = this.checkX(X, false);
    const jll = this.jointLogLikelihood(m);
    const c = (this.classes_ as unknown[]).length;
    const codes = new Int32Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (jll[i * c + j] > jll[i * c + best]) best = j;
      codes[i] = best;
    }
    return decodeLabels(this.classes_ as number[] | string[], codes, this.labelDType_);
  }
}

/** np.isclose(a, 0): scikit-learn's test for a batch of weight ~0, which leaves the class's statistics alone. */
export function isCloseToZero(a: number): boolean {
  return Math.abs(a) <= 1e-8;
}
