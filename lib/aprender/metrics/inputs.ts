/**
 * The inputs of every metric: y_true and y_pred (labels or values: Tensor, TypedArray, number[], string[], Arrow
 * column) of one length, and optional sample weights. Checked once here so each metric only computes.
 */
import { Tensor } from '../../trueno/tensor';
import { describe, rangeError, typeError } from '../errors';
import { expectFiniteValues, toTargets, type Targets } from '../base/input';
import { encodeLabels } from '../base/labels';

/** Labels of both sides, as values of one kind. */
export interface LabelPair {
  yTrue: Targets;
  yPred: Targets;
  n: number;
}

/**
 * The number of samples of a y-like argument.
 * @param y - labels, values or scores
 * @param name - the argument's name
 * @returns its length (rows for a 2-D Tensor)
 * @throws TypeError for another kind of value
 */
export function sampleCount(y: unknown, name: string): number {
  if (y instanceof Tensor) return y.ndim === 2 ? y.shape[0] : y.size;
  if (Array.isArray(y) || ArrayBuffer.isView(y)) return (y as ArrayLike<unknown>).length;
  if (y !== null && typeof y === 'object' && 'length' in y) return (y as { length: number }).length;
  throw typeError(`Expected a Tensor, TypedArray, number[], string[] or Arrow column for ${name} but received ${describe(y)}`);
}

/**
 * Checks and converts y_true and y_pred.
 * @param yTrue - the true labels / values
 * @param yPred - the predicted ones
 * @param options - multi: allow 2-D (several outputs)
 * @returns both, same length, at least one sample
 * @throws TypeError / RangeError for other kinds, different lengths, empty input, NaN, or mixed strings and numbers
 */
export function labelPair(yTrue: unknown, yPred: unknown, options: { multi?: boolean } = {}): LabelPair {
  const n = sampleCount(yTrue, 'yTrue');
  if (n === 0) throw rangeError('Expected at least 1 sample for yTrue but received an empty array');
  const t = toTargets(yTrue, n, { name: 'yTrue', multi: options.multi });
  const p = toTargets(yPred, n, { name: 'yPred', multi: options.multi });
  if (t.kind !== p.kind) throw typeError(`Expected yTrue and yPred of one kind but received ${t.kind}s and ${p.kind}s`);
  if (t.cols !== p.cols) throw rangeError(`Expected yPred with ${t.cols} output(s) as yTrue but received ${p.cols}`);
  return { yTrue: t, yPred: p, n };
}

/**
 * Sample weights, or undefined for none.
 * @param w - the weights
 * @param n - the number of samples
 * @returns a Float64Array of n finite non-negative numbers
 * @throws TypeError / RangeError otherwise
 */
export function sampleWeights(w: unknown, n: number): Float64Array | undefined {
  if (w === undefined || w === null) return undefined;
  const t = toTargets(w, n, { name: 'sampleWeight' });
  if (t.kind !== 'number') throw typeError('Expected numbers for sampleWeight but received strings');
  expectFiniteValues(t.values, false, 'sampleWeight');
  if (t.values.some((v) => v < 0)) throw rangeError('Expected non-negative values for sampleWeight but received a negative weight');
  return t.values;
}

/** A class label: a number or a string. */
export type Label = number | string;

/** The labels of a classification metric: the sorted union of both sides and each side as indices into it. */
export interface ClassPair {
  /** Sorted distinct labels of yTrue and yPred together (numpy.unique order). */
  labels: Label[];
  /** yTrue as indices into labels. */
  trueCodes: Int32Array;
  /** yPred as indices into labels. */
  predCodes: Int32Array;
  n: number;
}

/**
 * Checks a classification metric's labels: both sides 1-D labels of one kind, numbers integer-valued (continuous
 * values are a regression target, as scikit-learn's type_of_target says).
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @returns the labels and both sides encoded
 * @throws TypeError / RangeError for bad input or continuous values
 */
export function classPair(yTrue: unknown, yPred: unknown): ClassPair {
  const { yTrue: t, yPred: p, n } = labelPair(yTrue, yPred);
  if (t.kind === 'number') expectDiscrete(t.values, 'yTrue');
  if (p.kind === 'number') expectDiscrete(p.values, 'yPred');
  const both = t.kind === 'string'
    ? { kind: 'string' as const, values: [...t.values, ...(p.values as string[])], cols: 1 as const }
    : { kind: 'number' as const, values: Float64Array.from([...t.values, ...(p.values as Float64Array)]), dtype: 'float64' as const, cols: 1 };
  const { classes, codes } = encodeLabels(both, 1, 'the metric');
  return { labels: classes, trueCodes: codes.subarray(0, n), predCodes: codes.subarray(n), n };
}

/**
 * Refuses continuous values where class labels are expected.
 * @param values - numeric labels
 * @param name - the argument
 * @throws RangeError for a non-integer value
 */
export function expectDiscrete(values: Float64Array, name: string): void {
  const bad = values.findIndex((v) => !Number.isInteger(v));
  if (bad >= 0) throw rangeError(`Expected class labels (strings or integer numbers) for ${name} but received the continuous value ${values[bad]} at ${bad}; classification metrics cannot handle continuous targets`);
}

/**
 * Checks a user's label list (`labels` options): distinct numbers or strings of the kind of y.
 * @param labels - the list
 * @param kind - the kind of y's labels
 * @param name - the option's name
 * @returns the list
 * @throws TypeError / RangeError otherwise
 */
export function labelList(labels: unknown, kind: 'number' | 'string', name = 'labels'): Label[] {
  if (!Array.isArray(labels) && !ArrayBuffer.isView(labels)) throw typeError(`Expected an array of labels for ${name} but received ${describe(labels)}`);
  const list = Array.from(labels as ArrayLike<unknown>);
  if (list.length === 0) throw rangeError(`Expected at least one label for ${name} but received an empty array`);
  for (const v of list) {
    if (typeof v !== kind) throw typeError(`Expected ${kind} labels (the kind of y) for ${name} but received ${describe(v)}`);
  }
  if (new Set(list).size !== list.length) throw rangeError(`Expected distinct labels for ${name} but received ${describe(list)}`);
  return list as Label[];
}

/** Scores or probabilities: one column (binary) or one per class, row-major. */
export interface ScoreMatrix {
  values: Float64Array;
  cols: number;
}

/**
 * Checks y_score / y_proba: a 1-D or 2-D Tensor, TypedArray, number[] or number[][] of finite numbers, one row per sample.
 * @param yScore - the scores
 * @param n - the number of samples
 * @param name - the argument's name
 * @returns the scores
 * @throws TypeError / RangeError otherwise
 */
export function scoreMatrix(yScore: unknown, n: number, name = 'yScore'): ScoreMatrix {
  const t = toTargets(yScore, n, { name, multi: true });
  if (t.kind !== 'number') throw typeError(`Expected numbers for ${name} but received strings`);
  return { values: t.values, cols: t.cols };
}
