/**
 * The inputs of every metric: y_true and y_pred (labels or values: Tensor, TypedArray, number[], string[], Arrow
 * column) of one length, and optional sample weights. Checked once here so each metric only computes.
 */
import { Tensor } from '../../trueno/tensor';
import { describe, rangeError, typeError } from '../errors';
import { expectFiniteValues, toTargets, type Targets } from '../base/input';

/** Labels of both sides, as values of one kind. */
export interface LabelPair {
  yTrue: Targets;
  yPred: Targets;
  n: number;
}

function length(y: unknown, name: string): number {
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
  const n = length(yTrue, 'yTrue');
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
