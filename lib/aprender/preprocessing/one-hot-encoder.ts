/**
 * OneHotEncoder: each categorical feature becomes one 0/1 column per category (scikit-learn's OneHotEncoder), on
 * numeric and string columns alike. The output is a dense float64 matrix: sparseOutput accepts only false (a sparse
 * matrix type is not part of trueno), unlike scikit-learn's default of true.
 */
import { Tensor } from '../../trueno/tensor';
import { anyOf, custom, integer, nullable, oneOf } from '../base/params';
import { toMatrix, type MatrixLike } from '../base/input';
import { registerEstimators } from '../base/registry';
import { rangeError } from '../errors';
import { categoriesSpec, categoryIndex, categoryName, minFrequencySpec, type Category, type FeatureCategories } from './categories';
import { assembleCategories, CategoricalEncoder, type EncoderParams } from './encoder-base';
import { inputFeatureNames } from './shared';

/** OneHotEncoder's hyperparameters. */
export interface OneHotEncoderParams extends EncoderParams {
  /**
   * Drop one category per feature: null (default: keep all), 'first', 'if_binary' (only features with exactly two
   * output categories), or one category per feature to drop.
   */
  drop: null | 'first' | 'if_binary' | readonly Category[];
  /** Only false: the output is a dense matrix. */
  sparseOutput: false;
  /**
   * Unknown categories at transform: 'error' (default), 'ignore' (all zeros) or 'infrequent_if_exist' (the
   * infrequent column where the feature has one, else all zeros).
   */
  handleUnknown: 'error' | 'ignore' | 'infrequent_if_exist';
}

/** One feature's output columns: per category index its column (-1: none, dropped) and how many columns. */
interface Layout {
  column: Int32Array;
  size: number;
  /** Where unknown values go under 'infrequent_if_exist' (-1: nowhere). */
  unknownColumn: number;
}

/**
 * Encodes categorical features as a one-hot numeric matrix.
 * Learned: `categories_`, `dropIdx_` (per feature the index in categories_ of the dropped category, or null; null
 * when nothing is dropped), `infrequentCategories_` (with minFrequency / maxCategories).
 * @example
 * const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(table); // string and numeric columns
 * enc.transform(table);               // [n, total categories] float64 Tensor
 * enc.getFeatureNamesOut();           // ['color_blue', 'color_red', 'size_1.0', ...]
 */
export class OneHotEncoder extends CategoricalEncoder<OneHotEncoderParams> {
  static override readonly params = {
    categories: [categoriesSpec(), 'auto'],
    drop: [anyOf(oneOf(null, 'first', 'if_binary'), custom('an array of categories (one per feature)', (v) => Array.isArray(v))), null],
    sparseOutput: [oneOf(false), false],
    handleUnknown: [oneOf('error', 'ignore', 'infrequent_if_exist'), 'error'],
    minFrequency: [minFrequencySpec(), null],
    maxCategories: [nullable(integer({ min: 1 })), null],
  } as const;

  /** Per feature the index of the dropped category in categories_, or null; null when drop is null. */
  dropIdx_?: (number | null)[] | null;

  protected fitImpl(X: unknown): void {
    const c = this.fitEncoder(X, this.params.handleUnknown === 'error');
    this.dropIdx_ = this.dropIndices(c.cols);
  }

  private dropIndices(nFeatures: number): (number | null)[] | null {
    const drop = this.params.drop;
    if (drop === null) return null;
    if (Array.isArray(drop) && drop.length !== nFeatures) {
      throw rangeError(`Expected one category per feature (${nFeatures}) for the drop parameter of OneHotEncoder but received ${drop.length}`);
    }
    return Array.from({ length: nFeatures }, (_, j) => {
      const cats = (this.categories_ as FeatureCategories[])[j];
      const { position, size } = this.grouped(j);
      if (drop === 'first' || drop === 'if_binary') {
        if (drop === 'if_binary' && size !== 2) return null;
        return position.indexOf(0);
      }
      const value = (drop as readonly Category[])[j];
      const at = categoryIndex(cats).get(value);
      if (at === undefined) throw rangeError(`Expected the category to drop for feature ${j} among its categories seen at fit but received ${JSON.stringify(value)}`);
      if (this.infrequentCategories_?.[j]?.includes(value as never)) {
        throw rangeError(`Expected a frequent category to drop for feature ${j} but ${JSON.stringify(value)} is infrequent`);
      }
      return at;
    });
  }

  private layout(j: number): Layout {
    const { position, size, infrequentSlot } = this.grouped(j);
    const dropAt = this.dropIdx_?.[j];
    const dropped = dropAt === null || dropAt === undefined ? -1 : position[dropAt];
    const shift = (p: number) => (p === dropped ? -1 : p - (dropped >= 0 && p > dropped ? 1 : 0));
    return { column: position.map(shift), size: size - (dropped >= 0 ? 1 : 0), unknownColumn: infrequentSlot < 0 ? -1 : shift(infrequentSlot) };
  }

  /**
   * One-hot encodes X.
   * @param X - samples with the features seen at fit (a Tensor, nested array or Arrow table)
   * @returns a [n, output features] float64 Tensor of 0 and 1
   * @throws NotFittedError; FeatureMismatchError; RangeError for an unknown category under handleUnknown 'error'
   *   or a column of another type than at fit
   */
  transform(X: MatrixLike): Tensor {
    const { columns, encoded } = this.lookup(X);
    if (this.params.handleUnknown === 'error') this.refuseUnknown(encoded);
    const layouts = encoded.map((_, j) => this.layout(j));
    const width = layouts.reduce((s, l) => s + l.size, 0);
    const out = new Float64Array(columns.rows * width);
    let offset = 0;
    encoded.forEach(({ codes }, j) => {
      const { column, unknownColumn } = layouts[j];
      const toUnknown = this.params.handleUnknown === 'infrequent_if_exist' ? unknownColumn : -1;
      for (let i = 0; i < codes.length; i++) {
        const at = codes[i] < 0 ? toUnknown : column[codes[i]];
        if (at >= 0) out[i * width + offset + at] = 1;
      }
      offset += layouts[j].size;
    });
    return Tensor.from(out, [columns.rows, width]);
  }

  /**
   * One-hot rows back to categories: per feature, the category of the column holding the row's 1; a row of zeros
   * gives the dropped category where the feature has one, else null (an unknown category at transform).
   * @param X - an encoded matrix [n, output features] (a Tensor or number[][])
   * @returns a float64 Tensor when every category is a number (NaN for unknowns), else rows of categories; an
   *   infrequent group gives 'infrequent_sklearn'
   * @throws NotFittedError; RangeError for another number of columns, or (handleUnknown 'error', no drop) a feature
   *   whose columns are all zero
   */
  inverseTransform(X: MatrixLike): Tensor | Category[][] {
    this.ensureFitted();
    const m = toMatrix(X);
    const layouts = (this.categories_ as FeatureCategories[]).map((_, j) => this.layout(j));
    const width = layouts.reduce((s, l) => s + l.size, 0);
    if (m.cols !== width) throw rangeError(`Expected ${width} columns (the encoded width) for OneHotEncoder.inverseTransform but received ${m.cols}`);
    let offset = 0;
    const decoded = layouts.map(({ column, size, unknownColumn }, j) => {
      const cats = (this.categories_ as FeatureCategories[])[j] as Category[];
      const numeric = cats.every((c) => typeof c === 'number');
      const byColumn: Category[] = new Array<Category>(size);
      cats.forEach((c, k) => { if (column[k] >= 0 && byColumn[column[k]] === undefined) byColumn[column[k]] = c; });
      if (unknownColumn >= 0) byColumn[unknownColumn] = 'infrequent_sklearn';
      const dropAt = this.dropIdx_?.[j];
      const dropped = dropAt !== null && dropAt !== undefined;
      const zeros: Category = dropped ? cats[dropAt] : numeric ? NaN : null;
      const start = offset;
      offset += size;
      return Array.from({ length: m.rows }, (_, i): Category => {
        let best = -1;
        for (let k = 0, top = 0; k < size; k++) {
          const v = m.data[i * width + start + k];
          if (v > top) [best, top] = [k, v];
        }
        if (best >= 0) return byColumn[best];
        if (!dropped && this.params.handleUnknown === 'error') {
          throw rangeError(`Expected a 1 among the columns of feature ${j} in row ${i} for OneHotEncoder.inverseTransform (drop is null and handleUnknown 'error') but they are all 0`);
        }
        return zeros;
      });
    });
    return assembleCategories(decoded, m.rows);
  }

  /**
   * The names of the output columns: `<feature>_<category>` (numbers as Python floats, as scikit-learn prints
   * them; `<feature>_infrequent_sklearn` for a group of infrequent categories), dropped ones left out.
   * @param inputFeatures - the input names to use (default: those seen at fit, else x0, x1, ...)
   * @returns one name per output column
   * @throws NotFittedError before fit; RangeError for inputFeatures of the wrong length
   * @example new OneHotEncoder().fit([['a', 1], ['b', 2]]).getFeatureNamesOut(); // ['x0_a', 'x0_b', 'x1_1.0', 'x1_2.0']
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.ensureFitted();
    const inputs = inputFeatureNames(this.featureNamesIn_, this.nFeaturesIn_ as number, inputFeatures);
    return inputs.flatMap((feature, j) => {
      const { column, size, unknownColumn } = this.layout(j);
      const names = new Array<string>(size);
      const rare = this.infrequentCategories_?.[j];
      (this.categories_ as FeatureCategories[])[j].forEach((c: Category, k: number) => {
        if (column[k] >= 0) names[column[k]] = rare?.includes(c as never) ? `${feature}_infrequent_sklearn` : `${feature}_${categoryName(c)}`;
      });
      if (unknownColumn >= 0) names[unknownColumn] = `${feature}_infrequent_sklearn`;
      return names;
    });
  }
}

registerEstimators(OneHotEncoder);
