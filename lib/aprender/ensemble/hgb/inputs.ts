/**
 * X for the histogram booster: which features are categorical (scikit-learn's categorical_features: 'from_dtype',
 * indices, names or a boolean mask), string categories encoded as codes 0..k-1 in sorted order (unknown strings
 * become -1 at predict, which the trees send where missing values go), numeric categories checked to be integer
 * codes in [0, maxBins), and the columns assembled into the row-major float64 matrix the kernels read.
 */
import type { Columns } from '../../base/columns';
import type { Matrix } from '../../base/input';
import { custom, type ParamSpec } from '../../base/params';
import { rangeError, typeError } from '../../errors';

/** X as read: numeric matrices stay one row-major array; tables and nested arrays with strings come as columns. */
export type XInput = { kind: 'matrix'; m: Matrix } | { kind: 'columns'; c: Columns };

/**
 * Whether X needs the column path (Arrow data, or a nested array holding strings or nulls).
 * @param X - the input
 * @returns true for the column path
 */
export function needsColumns(X: unknown): boolean {
  if (Array.isArray(X)) return Array.isArray(X[0]) && (X[0] as unknown[]).some((v) => typeof v !== 'number');
  return !(ArrayBuffer.isView(X)) && typeof X === 'object' && X !== null && !('shape' in X && 'data' in X);
}

const shapeOf = (input: XInput) => (input.kind === 'matrix' ? { rows: input.m.rows, cols: input.m.cols, featureNames: input.m.featureNames } :
  { rows: input.c.rows, cols: input.c.cols, featureNames: input.c.featureNames });

/** How categorical features are named. */
export type CategoricalFeatures = 'from_dtype' | null | number[] | string[] | boolean[];

/** The spec of the categoricalFeatures parameter. */
export function categoricalFeaturesSpec(): ParamSpec {
  return custom("'from_dtype', null, or an array of feature indices, feature names or booleans", (v) =>
    v === 'from_dtype' || v === null ||
    (Array.isArray(v) && (v.every((x) => Number.isInteger(x) && x >= 0) || v.every((x) => typeof x === 'string') ||
      v.every((x) => typeof x === 'boolean'))));
}

/**
 * The categorical mask for X's columns.
 * @param spec - the parameter
 * @param columns - X as columns (string columns are categorical under 'from_dtype')
 * @returns 1 per categorical feature
 * @throws RangeError for an index out of range, an unknown name, a mask of another length, or names without
 *   feature names
 */
export function categoricalMask(spec: CategoricalFeatures, input: XInput): Uint8Array {
  const { cols: d, featureNames } = shapeOf(input);
  const mask = new Uint8Array(d);
  if (spec === null) return mask;
  if (spec === 'from_dtype') {
    if (input.kind === 'columns') input.c.columns.forEach((c, j) => (mask[j] = c.kind === 'string' ? 1 : 0));
    return mask;
  }
  if (spec.length === 0) return mask;
  if (typeof spec[0] === 'boolean') {
    if (spec.length !== d) throw rangeError(`Expected a categoricalFeatures mask of ${d} booleans (one per feature) but received ${spec.length}`);
    spec.forEach((b, j) => (mask[j] = b ? 1 : 0));
  } else if (typeof spec[0] === 'number') {
    for (const j of spec as number[]) {
      if (j >= d) throw rangeError(`Expected categoricalFeatures indices in [0, ${d}) but received ${j}`);
      mask[j] = 1;
    }
  } else {
    const names = featureNames;
    if (!names) throw rangeError('Expected X with feature names (an Arrow table or dataset) for categoricalFeatures given by name');
    for (const name of spec as string[]) {
      const j = names.indexOf(name);
      if (j < 0) throw rangeError(`Expected categoricalFeatures to name features of X (${names.join(', ')}) but received '${name}'`);
      mask[j] = 1;
    }
  }
  return mask;
}

/** X encoded for the kernels, with what fit learned about each categorical feature. */
export interface EncodedX {
  /** n x d row-major; NaN for missing values; categorical features as codes. */
  x: Float64Array;
  /** Per feature: its sorted string categories (string columns), else null. */
  stringCategories: (string[] | null)[];
  /** Per categorical feature: its known codes, sorted; null for numerical features. */
  codes: (number[] | null)[];
}

/** Checks a numeric categorical feature's codes and returns them sorted. */
function numericCodes(get: (i: number) => number, n: number, j: number, maxBins: number): number[] {
  const seen = new Uint8Array(maxBins);
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v !== v) continue;
    if (!(Number.isInteger(v) && v >= 0 && v < maxBins)) {
      throw rangeError(`Expected the categorical feature ${j} to hold integer codes in [0, ${maxBins}) (maxBins) or NaN but received ${v} at row ${i}; encode it with OrdinalEncoder first`);
    }
    seen[v] = 1;
  }
  const codes: number[] = [];
  seen.forEach((s, v) => s && codes.push(v));
  return codes;
}

/**
 * Encodes X at fit.
 * @param input - X
 * @param mask - categorical features
 * @param maxBins - categories per feature at most, and the bound of numeric codes
 * @returns the matrix and the categories
 * @throws TypeError for a string column that is not categorical; RangeError for a categorical feature with more
 *   than maxBins categories or numeric codes that are not integers in [0, maxBins)
 */
export function encodeFit(input: XInput, mask: Uint8Array, maxBins: number): EncodedX {
  if (input.kind === 'matrix') {
    const { rows: n, cols: d } = input.m;
    const x = input.m.data as Float64Array;
    const codes = Array.from(mask, (c, j) => (c ? numericCodes((i) => x[i * d + j], n, j, maxBins) : null));
    return { x, stringCategories: new Array(d).fill(null), codes };
  }
  const columns = input.c;
  const { rows: n, cols: d } = columns;
  const x = new Float64Array(n * d);
  const stringCategories: (string[] | null)[] = [];
  const codes: (number[] | null)[] = [];
  columns.columns.forEach((col, j) => {
    if (col.kind === 'string') {
      if (!mask[j]) throw typeError(`Expected numeric values in feature ${j} of X or that feature declared categorical (categoricalFeatures) but it holds strings`);
      const cats = [...new Set(col.values.filter((v): v is string => v !== null))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (cats.length > maxBins) throw rangeError(`Expected at most maxBins (${maxBins}) categories in feature ${j} but it has ${cats.length}`);
      const index = new Map(cats.map((c, i) => [c, i]));
      col.values.forEach((v, i) => (x[i * d + j] = v === null ? NaN : (index.get(v) as number)));
      stringCategories.push(cats);
      codes.push(cats.map((_, i) => i));
      return;
    }
    const values = col.values;
    for (let i = 0; i < n; i++) x[i * d + j] = values[i];
    stringCategories.push(null);
    codes.push(mask[j] ? numericCodes((i) => values[i], n, j, maxBins) : null);
  });
  return { x, stringCategories, codes };
}

/**
 * Encodes X for prediction with the categories fit learned.
 * @param input - X (already checked to have fit's features)
 * @param stringCategories - per feature, its string categories or null
 * @returns n x d row-major
 * @throws TypeError for strings in a feature that held numbers at fit, or numbers in one that held strings
 */
export function encodePredict(input: XInput, stringCategories: (string[] | null)[]): Float64Array {
  if (input.kind === 'matrix') {
    const j = stringCategories.findIndex((c) => c !== null);
    if (j >= 0) throw typeError(`Expected strings in feature ${j} of X, as at fit, but received numbers`);
    return input.m.data as Float64Array;
  }
  const columns = input.c;
  const { rows: n, cols: d } = columns;
  const x = new Float64Array(n * d);
  columns.columns.forEach((col, j) => {
    const cats = stringCategories[j];
    if ((col.kind === 'string') !== (cats !== null)) {
      throw typeError(`Expected ${cats ? 'strings' : 'numbers'} in feature ${j} of X, as at fit, but received ${col.kind === 'string' ? 'strings' : 'numbers'}`);
    }
    if (col.kind === 'string') {
      const index = new Map((cats as string[]).map((c, i) => [c, i]));
      col.values.forEach((v, i) => (x[i * d + j] = v === null ? NaN : index.get(v) ?? -1));
    } else {
      const values = col.values;
      for (let i = 0; i < n; i++) x[i * d + j] = values[i];
    }
  });
  return x;
}
