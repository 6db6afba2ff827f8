/**
 * Class labels: the sorted distinct values of y (numbers ascending, strings in code-unit order, as numpy.unique) and
 * each sample's index into them. Predictions come back in the form y came in: strings as `string[]`, numbers as a
 * Tensor of y's dtype (float64 for `number[]`).
 */
import type { DType } from '../../trueno/dtype';
import { Tensor } from '../../trueno/tensor';
import { rangeError } from '../errors';
import type { Targets } from './input';

/** The classes of y and y as class indices. */
export interface EncodedLabels {
  classes: number[] | string[];
  /** y[i] as an index into classes. */
  codes: Int32Array;
}

/**
 * Finds the classes and encodes y.
 * @param y - targets from toTargets (1-D)
 * @param minClasses - fewest classes allowed (2 for classifiers; 1 where a single class is meaningful)
 * @param estimator - the class name for the message
 * @returns classes and codes
 * @throws RangeError when y has fewer classes than minClasses, or is not 1-D
 */
export function encodeLabels(y: Targets, minClasses: number, estimator: string): EncodedLabels {
  if (y.cols !== 1) throw rangeError(`Expected a 1-D y for ${estimator} but received ${y.cols} targets per sample`);
  let classes: number[] | string[];
  let codes: Int32Array;
  if (y.kind === 'string') {
    classes = [...new Set(y.values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(classes.map((c, i) => [c, i]));
    codes = Int32Array.from(y.values, (v) => index.get(v) as number);
  } else {
    ({ classes, codes } = encodeNumbers(y.values));
  }
  if (classes.length < minClasses) {
    throw rangeError(`Expected at least ${minClasses} classes in y for ${estimator} but received ${classes.length} (${JSON.stringify(classes.slice(0, 3))})`);
  }
  return { classes, codes };
}

/** Labels 0..SMALL_LABEL_MAX (the usual case) are encoded through a lookup table instead of a Map. */
const SMALL_LABEL_MAX = 65535;

/**
 * The sorted distinct numbers of y and each value's index among them, in typed arrays (a Map lookup per sample cost
 * more than a whole GaussianNB fit on 50k rows).
 */
function encodeNumbers(values: Float64Array): EncodedLabels {
  const n = values.length;
  const codes = new Int32Array(n);
  let max = 0;
  let small = true;
  for (let i = 0; i < n && small; i++) {
    const v = values[i];
    small = v >= 0 && v <= SMALL_LABEL_MAX && Number.isInteger(v);
    if (v > max) max = v;
  }
  if (small) {
    const code = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) code[values[i]] = 0;
    const classes: number[] = [];
    for (let v = 0; v <= max; v++) if (code[v] === 0) code[v] = classes.push(v) - 1;
    for (let i = 0; i < n; i++) codes[i] = code[values[i]];
    return { classes, codes };
  }
  const sorted = Float64Array.from(values).sort();
  const classes: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) classes.push(sorted[i]);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = classes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (classes[mid] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    codes[i] = lo;
  }
  return { classes, codes };
}

/**
 * Encodes y against known classes (partialFit, metrics with given labels).
 * @param y - targets
 * @param classes - the known classes
 * @param name - the argument's name
 * @returns codes
 * @throws RangeError for a value not among the classes
 */
export function encodeWith(y: Targets, classes: readonly (number | string)[], name = 'y'): Int32Array {
  const index = new Map<number | string, number>(classes.map((c, i) => [c, i]));
  return Int32Array.from(y.values as ArrayLike<number | string>, (v, i) => {
    const code = index.get(v);
    if (code === undefined) throw rangeError(`Expected one of the classes ${JSON.stringify(classes.slice(0, 10))} in ${name} but received ${JSON.stringify(v)} at ${i}`);
    return code;
  });
}

/** The dtype predictions of numeric labels come back in: y's own when it was an integer or float array. */
export function labelDType(y: Targets): DType {
  if (y.kind === 'string') return 'float64';
  return y.dtype === 'int32' || y.dtype === 'float32' || y.dtype === 'uint8' ? y.dtype : 'float64';
}

/**
 * Class indices back to labels.
 * @param classes - the classes
 * @param codes - indices into classes
 * @param dtype - the Tensor dtype for numeric classes
 * @returns string[] for string classes, else a 1-D Tensor
 */
export function decodeLabels(classes: readonly (number | string)[], codes: ArrayLike<number>, dtype: DType = 'float64'): Tensor | string[] {
  if (typeof classes[0] === 'string') return Array.from(codes, (c) => classes[c] as string);
  const values = Array.from(codes, (c) => classes[c] as number);
  return Tensor.from(values, [values.length], dtype === 'int64' || dtype === 'bool' ? 'float64' : dtype);
}
