/**
 * y as the tree models take it and give it back: class labels encoded to codes (the kernel's y) and decoded from
 * the most probable class; regression targets one or several per sample.
 */
import type { DType } from '../../trueno/dtype';
import { Tensor } from '../../trueno/tensor';
import { toTargets } from '../base/input';
import { decodeLabels, encodeLabels, labelDType } from '../base/labels';
import { typeError } from '../errors';

/** Encoded class labels. */
export interface ClassTargets {
  classes: number[] | string[];
  /** Each sample's class index. */
  codes: Int32Array;
  /** The codes as float64, treeGrow's y. */
  y: Float64Array;
  /** The dtype numeric predictions come back in. */
  dtype: DType;
}

/**
 * Encodes a classifier's y (at least two classes, one label per sample).
 * @param y - the labels
 * @param rows - X's rows
 * @param owner - the estimator's class name
 * @returns classes, codes, y for the kernel, the label dtype
 * @throws TypeError / RangeError for a missing or bad y, or a single class
 */
export function classTargets(y: unknown, rows: number, owner: string): ClassTargets {
  const t = toTargets(y, rows);
  const { classes, codes } = encodeLabels(t, 2, owner);
  return { classes, codes, y: Float64Array.from(codes), dtype: labelDType(t) };
}

/** Regression targets. */
export interface RegressionTargets {
  /** n x k row-major. */
  y: Float64Array;
  /** Outputs per sample. */
  k: number;
  /** y was 2-D (predict then gives n x k even for one output). */
  outputs2d: boolean;
}

/**
 * Reads a regressor's y: numbers, one per sample or n x k.
 * @param y - the targets
 * @param rows - X's rows
 * @param owner - the estimator's class name
 * @returns the targets
 * @throws TypeError for strings; TypeError / RangeError for a missing or bad y
 */
export function regressionTargets(y: unknown, rows: number, owner: string): RegressionTargets {
  const t = toTargets(y, rows, { multi: true });
  if (t.kind !== 'number') throw typeError(`Expected numeric targets for ${owner} but received strings`);
  const outputs2d = (y instanceof Tensor && y.ndim === 2) || (Array.isArray(y) && Array.isArray(y[0]));
  return { y: t.values, k: t.cols, outputs2d };
}

/**
 * The labels of the most probable classes (the first on ties, as numpy's argmax).
 * @param proba - n x c probabilities
 * @param n - rows
 * @param classes - the labels
 * @param dtype - the dtype of numeric labels
 * @returns labels in y's form
 */
export function argmaxLabels(proba: Float64Array, n: number, classes: readonly (number | string)[], dtype: DType): Tensor | string[] {
  const c = classes.length;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (proba[i * c + j] > proba[i * c + best]) best = j;
    codes[i] = best;
  }
  return decodeLabels(classes, codes, dtype);
}

/**
 * Regression predictions in y's shape: 1-D for one output given as 1-D, else n x k.
 * @param values - n x k predictions
 * @param n - rows
 * @param k - outputs
 * @param outputs2d - y was 2-D at fit
 * @returns the Tensor
 */
export function regressionOutput(values: Float64Array, n: number, k: number, outputs2d: boolean): Tensor {
  return k === 1 && !outputs2d ? Tensor.from(values, [n]) : Tensor.from(values, [n, k]);
}

/**
 * log of probabilities (log 0 = -Infinity, as numpy).
 * @param proba - the probabilities Tensor
 * @returns a new Tensor of their logs
 */
export function logOf(proba: Tensor): Tensor {
  return Tensor.from(Float64Array.from(proba.data as Float64Array, Math.log), proba.shape);
}
