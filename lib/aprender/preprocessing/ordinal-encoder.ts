/**
 * OrdinalEncoder: each categorical feature becomes one column of category codes 0..k-1 (scikit-learn's
 * OrdinalEncoder), on numeric and string columns alike; missing values (NaN, Arrow nulls) become encodedMissingValue.
 */
import { Tensor } from '../../trueno/tensor';
import { custom, integer, nullable, oneOf } from '../base/params';
import type { MatrixLike } from '../base/input';
import { registerEstimators } from '../base/registry';
import { ParamError, rangeError } from '../errors';
import { categoriesSpec, minFrequencySpec, type Category, type FeatureCategories } from './categories';
import { assembleCategories, CategoricalEncoder, type EncoderParams } from './encoder-base';
import { inputFeatureNames } from './shared';

/** OrdinalEncoder's hyperparameters. */
export interface OrdinalEncoderParams extends EncoderParams {
  /** Unknown categories at transform: 'error' (default) or 'use_encoded_value' (they become unknownValue). */
  handleUnknown: 'error' | 'use_encoded_value';
  /** The code of unknown categories: an integer outside 0..k-1 or NaN; required with 'use_encoded_value' (default null). */
  unknownValue: number | null;
  /** The code of missing values (default NaN). */
  encodedMissingValue: number;
}

const integerOrNaN = custom('an integer or NaN', (v) => typeof v === 'number' && (Number.isInteger(v) || Number.isNaN(v)));

function isMissing(v: Category): boolean {
  return v === null || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * Encodes categorical features as integer codes (in float64, so that NaN can mark missing or unknown values).
 * Learned: `categories_`, `infrequentCategories_` (with minFrequency / maxCategories: infrequent categories share
 * the code after the frequent ones).
 * @example
 * const enc = new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: -1 }).fit(table);
 * enc.transform(table); // [n, features] float64 codes
 */
export class OrdinalEncoder extends CategoricalEncoder<OrdinalEncoderParams> {
  static override readonly params = {
    categories: [categoriesSpec(), 'auto'],
    handleUnknown: [oneOf('error', 'use_encoded_value'), 'error'],
    unknownValue: [nullable(integerOrNaN), null],
    encodedMissingValue: [integerOrNaN, NaN],
    minFrequency: [minFrequencySpec(), null],
    maxCategories: [nullable(integer({ min: 1 })), null],
  } as const;

  protected fitImpl(X: unknown): void {
    const { handleUnknown, unknownValue, encodedMissingValue } = this.params;
    if ((handleUnknown === 'use_encoded_value') !== (unknownValue !== null)) {
      throw new ParamError(`Expected unknownValue to be set (an integer or NaN) exactly when handleUnknown is 'use_encoded_value' but received unknownValue ${String(unknownValue)} with handleUnknown '${handleUnknown}'`, 'unknownValue');
    }
    this.fitEncoder(X, handleUnknown === 'error');
    for (let j = 0; j < (this.nFeaturesIn_ as number); j++) {
      const cats = (this.categories_ as FeatureCategories[])[j] as Category[];
      const { size } = this.grouped(j);
      const known = size - (cats.some(isMissing) ? 1 : 0);
      if (unknownValue !== null && unknownValue >= 0 && unknownValue < known) {
        throw new ParamError(`Expected an unknownValue outside the codes 0..${known - 1} of feature ${j} (it would collide with a category) but received ${unknownValue}`, 'unknownValue');
      }
      if (cats.some(isMissing) && encodedMissingValue >= 0 && encodedMissingValue < known) {
        throw new ParamError(`Expected an encodedMissingValue outside the codes 0..${known - 1} of feature ${j}, which has missing values, but received ${encodedMissingValue}`, 'encodedMissingValue');
      }
    }
  }

  /**
   * Encodes X.
   * @param X - samples with the features seen at fit (a Tensor, nested array or Arrow table)
   * @returns a [n, features] float64 Tensor of codes
   * @throws NotFittedError; FeatureMismatchError; RangeError for an unknown category under handleUnknown 'error'
   */
  transform(X: MatrixLike): Tensor {
    const { columns, encoded } = this.lookup(X);
    if (this.params.handleUnknown === 'error') this.refuseUnknown(encoded);
    const { rows, cols } = columns;
    const out = new Float64Array(rows * cols);
    encoded.forEach(({ codes }, j) => {
      const { position } = this.grouped(j);
      const values = columns.columns[j].values as ArrayLike<Category>;
      for (let i = 0; i < rows; i++) {
        const c = codes[i];
        out[i * cols + j] = isMissing(values[i]) ? this.params.encodedMissingValue : c < 0 ? (this.params.unknownValue as number) : position[c];
      }
    });
    return Tensor.from(out, [rows, cols]);
  }

  /**
   * Codes back to categories.
   * @param X - codes, [n, features] (a Tensor or number[][])
   * @returns a float64 Tensor when every feature is numeric, else rows of categories (null for unknown or missing
   *   codes; an infrequent code gives 'infrequent_sklearn')
   * @throws NotFittedError; RangeError for a code that is neither a category's nor unknownValue / encodedMissingValue
   */
  inverseTransform(X: MatrixLike): Tensor | Category[][] {
    const m = this.checkColumns(X, false);
    const cats = this.categories_ as FeatureCategories[];
    const decoded = m.columns.map((col, j) => {
      const { position, size, infrequentSlot } = this.grouped(j);
      const byCode = new Map<number, Category>();
      (cats[j] as Category[]).forEach((c, k) => { if (!isMissing(c) && position[k] !== infrequentSlot) byCode.set(position[k], c); });
      const numeric = cats[j].every((c) => typeof c === 'number');
      return Array.from(col.values as ArrayLike<number>, (code, i): Category => {
        if (code === infrequentSlot && infrequentSlot >= 0) return 'infrequent_sklearn';
        const c = byCode.get(code);
        if (c !== undefined) return c;
        if (Number.isNaN(code) || code === this.params.encodedMissingValue || code === this.params.unknownValue) return numeric ? NaN : null;
        throw rangeError(`Expected codes 0..${size - 1} in feature ${j} for OrdinalEncoder.inverseTransform but received ${code} at row ${i}`);
      });
    });
    return assembleCategories(decoded, m.rows);
  }

  /**
   * The names of the output columns: the input's.
   * @param inputFeatures - the input names to use (default: those seen at fit, else x0, x1, ...)
   * @returns one name per output column
   * @throws NotFittedError before fit; RangeError for inputFeatures of the wrong length
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.ensureFitted();
    return inputFeatureNames(this.featureNamesIn_, this.nFeaturesIn_ as number, inputFeatures);
  }
}

registerEstimators(OrdinalEncoder);
