/**
 * What OneHotEncoder and OrdinalEncoder share (scikit-learn's _BaseEncoder): the categories of each feature (sorted
 * distinct values, the missing value last, or the lists the user gave), infrequent categories grouped by
 * minFrequency / maxCategories, and each category's position in the grouped output.
 */
import type { Column } from '../base/columns';
import { custom, type ParamSpec } from '../base/params';
import { describe, rangeError, typeError } from '../errors';

/** One category: a number, a string, or the missing value (NaN in numeric columns, null in string columns). */
export type Category = number | string | null;

/** The categories of one feature: numbers (ascending, NaN last) or strings (code-unit order, null last). */
export type FeatureCategories = number[] | (string | null)[];

/** The categories parameter: 'auto' or one list per feature. */
export type CategoriesParam = 'auto' | readonly (readonly Category[])[];

/** Spec of the categories parameter. */
export function categoriesSpec(): ParamSpec {
  return custom("'auto' or an array of category lists (one per feature, numbers or strings)", (v) =>
    v === 'auto' || (Array.isArray(v) && v.every((c) => Array.isArray(c) && c.every((x) => typeof x === 'number' || typeof x === 'string' || x === null))));
}

/** Spec of minFrequency: an integer count >= 1, a fraction in (0, 1), or null. */
export function minFrequencySpec(): ParamSpec {
  return custom('an integer >= 1, a number in (0, 1) or null', (v) =>
    v === null || (typeof v === 'number' && ((Number.isInteger(v) && v >= 1) || (v > 0 && v < 1))));
}

function isMissing(v: Category): boolean {
  return v === null || (typeof v === 'number' && Number.isNaN(v));
}

function compare(a: Category, b: Category): number {
  if (isMissing(a)) return isMissing(b) ? 0 : 1;
  if (isMissing(b)) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

/**
 * The sorted distinct values of a column (numpy.unique, with the missing value last as scikit-learn's _unique).
 * @param column - the column
 * @returns its categories
 */
export function uniqueSorted(column: Column): FeatureCategories {
  return [...new Set<Category>(column.values)].sort(compare) as FeatureCategories;
}

/**
 * The category lists, checked against the columns: found ('auto') or given (then every category must match the
 * column's type, numeric lists must be sorted, and with `strict` every training value must be among them).
 * @param param - 'auto' or the given lists
 * @param columns - the training columns
 * @param strict - values outside given categories are an error (handleUnknown 'error')
 * @param estimator - the class name for messages
 * @returns one category list per feature
 * @throws RangeError for a wrong number of lists, unsorted numeric lists or (strict) unknown training values;
 *   TypeError for a list whose type differs from its column
 */
export function fitCategories(param: CategoriesParam, columns: Column[], strict: boolean, estimator: string): FeatureCategories[] {
  if (param === 'auto') return columns.map(uniqueSorted);
  if (param.length !== columns.length) {
    throw rangeError(`Expected one category list per feature (${columns.length}) for the categories of ${estimator} but received ${param.length}`);
  }
  return columns.map((col, j) => {
    const given = param[j];
    const kind = col.kind === 'number' ? 'number' : 'string';
    if (!given.every((v) => v === null || typeof v === kind)) throw typeError(`Expected ${kind} categories for feature ${j} of ${estimator} (its column holds ${kind}s) but received ${describe(given)}`);
    if (kind === 'number' && given.some((v, i) => i > 0 && compare(given[i - 1], v) >= 0)) {
      throw rangeError(`Expected sorted distinct numeric categories for feature ${j} of ${estimator} but received ${describe(given)}`);
    }
    if (strict) {
      const known = new Set<Category>(given);
      const unknown = [...new Set<Category>(col.values)].filter((v) => !known.has(v));
      if (unknown.length > 0) throw rangeError(`Expected only the given categories in feature ${j} for ${estimator}.fit but found unknown categories ${describe(unknown.slice(0, 5))}`);
    }
    return [...given] as FeatureCategories;
  });
}

/**
 * Each feature's infrequent categories (scikit-learn's _identify_infrequent): those seen fewer than minFrequency
 * times (a count, or a fraction of the samples), then the rarest beyond maxCategories - 1 frequent ones.
 * @param categories - the feature's categories
 * @param column - its training column
 * @param minFrequency - count, fraction or null
 * @param maxCategories - the most output categories (the infrequent group included) or null
 * @returns the indices of the infrequent categories, ascending (empty when none)
 */
export function infrequentIndices(categories: FeatureCategories, column: Column, minFrequency: number | null, maxCategories: number | null): number[] {
  const index = categoryIndex(categories);
  const count = new Float64Array(categories.length);
  for (const v of column.values) {
    const c = index.get(v);
    if (c !== undefined) count[c]++;
  }
  const n = column.values.length;
  const threshold = minFrequency === null ? 0 : Number.isInteger(minFrequency) && minFrequency >= 1 ? minFrequency : minFrequency * n;
  const infrequent = Array.from(count, (c) => c < threshold);
  const nOut = count.length - infrequent.filter(Boolean).length + 1;
  if (maxCategories !== null && maxCategories < nOut) {
    const keep = maxCategories - 1;
    // the rarest first, ties in category order (numpy's stable mergesort argsort)
    const order = Array.from(count.keys()).sort((a, b) => count[a] - count[b] || a - b);
    for (const c of order.slice(0, order.length - keep)) infrequent[c] = true;
  }
  return infrequent.flatMap((f, c) => (f ? [c] : []));
}

/**
 * Each category's position once infrequent ones are grouped: frequent categories in order, then one shared slot.
 * @param nCategories - how many categories
 * @param infrequent - indices of the infrequent ones
 * @returns position per category and the number of positions
 */
export function groupedPositions(nCategories: number, infrequent: readonly number[]): { position: Int32Array; size: number } {
  const rare = new Set(infrequent);
  const position = new Int32Array(nCategories);
  let next = 0;
  for (let c = 0; c < nCategories; c++) if (!rare.has(c)) position[c] = next++;
  for (const c of rare) position[c] = next;
  return { position, size: next + (rare.size > 0 ? 1 : 0) };
}

/**
 * A lookup from value to category index (NaN finds NaN, as Map's SameValueZero).
 * @param categories - the categories
 * @returns the map
 */
export function categoryIndex(categories: FeatureCategories): Map<Category, number> {
  return new Map<Category, number>((categories as Category[]).map((c, i) => [c, i]));
}

/**
 * A category as scikit-learn prints it in feature names: numbers as Python floats ("1.0", "nan"), strings as they
 * are, the missing string as "None".
 * @param c - the category
 * @returns its text
 */
export function categoryName(c: Category): string {
  if (c === null) return 'None';
  if (typeof c === 'string') return c;
  if (Number.isNaN(c)) return 'nan';
  if (!Number.isFinite(c)) return c > 0 ? 'inf' : '-inf';
  if (Number.isInteger(c) && Math.abs(c) < 1e16) return `${c}.0`;
  const a = Math.abs(c);
  return a < 1e-4 || a >= 1e16 ? c.toExponential().replace(/e([+-])(\d)$/, 'e$10$2') : String(c);
}
