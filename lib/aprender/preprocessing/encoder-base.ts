/**
 * The base of OneHotEncoder and OrdinalEncoder (scikit-learn's _BaseEncoder): X as typed columns (numbers or
 * strings, from a Tensor, nested array or Arrow table), the categories learned per feature, infrequent categories
 * grouped, and each value of new data looked up as a category index.
 */
import { Tensor } from '../../trueno/tensor';
import type { Columns } from '../base/columns';
import { Transformer } from '../base/kinds';
import { rangeError } from '../errors';
import {
  categoryIndex, fitCategories, groupedPositions, infrequentIndices, type CategoriesParam, type Category, type FeatureCategories,
} from './categories';

/** The hyperparameters both encoders have. */
export interface EncoderParams {
  /** 'auto' (the sorted distinct values of each feature) or one category list per feature (default 'auto'). */
  categories: CategoriesParam;
  /** Categories seen fewer times (a count >= 1, or a fraction of the samples in (0, 1)) are grouped as infrequent. */
  minFrequency: number | null;
  /** At most this many output categories per feature, the infrequent group included (default null: no limit). */
  maxCategories: number | null;
}

/** The index of each value of one column in its feature's categories (-1: not a category). */
export interface EncodedColumn {
  codes: Int32Array;
  /** The first unknown value, for the message of handleUnknown 'error'. */
  firstUnknown?: Category;
}

/**
 * The categories inverseTransform recovered, one array per feature, as rows: a float64 Tensor when every value is a
 * number, else rows of categories.
 * @param decoded - per feature, the category of each row
 * @param rows - the number of rows
 * @returns the Tensor or the rows
 */
export function assembleCategories(decoded: Category[][], rows: number): Tensor | Category[][] {
  const cols = decoded.length;
  if (decoded.every((d) => d.every((v) => typeof v === 'number'))) {
    return Tensor.from(Float64Array.from({ length: rows * cols }, (_, k) => decoded[k % cols][Math.floor(k / cols)] as number), [rows, cols]);
  }
  return Array.from({ length: rows }, (_, i) => decoded.map((d) => d[i]));
}

/** Base class of the encoders; see the module comment. */
export abstract class CategoricalEncoder<P extends EncoderParams> extends Transformer<P> {
  static override readonly tags = { ...Transformer.tags, input: 'categorical' as const, allowNaN: true };

  /** The categories of each feature, as learned (or given): numbers ascending or strings, the missing value last. */
  categories_?: FeatureCategories[];
  /** Each feature's infrequent categories (null for a feature without), when minFrequency or maxCategories is set. */
  infrequentCategories_?: (FeatureCategories | null)[];

  /**
   * Learns the categories (and the infrequent ones) from X.
   * @param X - the training data
   * @param strict - given categories must cover every training value
   * @returns X as columns
   */
  protected fitEncoder(X: unknown, strict: boolean): Columns {
    const c = this.checkColumns(X, true);
    const categories = fitCategories(this.params.categories, c.columns, strict, this.constructor.name);
    this.categories_ = categories;
    if (this.params.minFrequency !== null || this.params.maxCategories !== null) {
      this.infrequentCategories_ = categories.map((cats, j) => {
        const rare = infrequentIndices(cats, c.columns[j], this.params.minFrequency, this.params.maxCategories);
        return rare.length === 0 ? null : (rare.map((i) => cats[i]) as FeatureCategories);
      });
    }
    return c;
  }

  /**
   * Each category's position once the infrequent ones share one slot.
   * @param j - the feature
   * @returns position per category index, the number of positions and the infrequent slot (-1: none)
   */
  protected grouped(j: number): { position: Int32Array; size: number; infrequentSlot: number } {
    const cats = (this.categories_ as FeatureCategories[])[j];
    const rare = this.infrequentCategories_?.[j];
    const index = categoryIndex(cats);
    const rareIdx = rare ? (rare as Category[]).map((c) => index.get(c) as number) : [];
    const { position, size } = groupedPositions(cats.length, rareIdx);
    return { position, size, infrequentSlot: rareIdx.length > 0 ? size - 1 : -1 };
  }

  /**
   * Looks X's values up in the categories.
   * @param X - new data with the features seen at fit
   * @returns the columns (for missing-value masks) and per feature the category index of each value (-1: unknown)
   */
  protected lookup(X: unknown): { columns: Columns; encoded: EncodedColumn[] } {
    const columns = this.checkColumns(X, false);
    const cats = this.categories_ as FeatureCategories[];
    const encoded = columns.columns.map((col, j): EncodedColumn => {
      const cj = cats[j];
      if ((col.kind === 'number') !== (cj.length === 0 || typeof cj.find((v) => v !== null) === 'number')) {
        throw rangeError(`Expected ${col.kind === 'number' ? 'string' : 'numeric'} values in feature ${j} for ${this.constructor.name} (as at fit) but received ${col.kind === 'number' ? 'numbers' : 'strings'}`);
      }
      const index = categoryIndex(cj);
      const out: EncodedColumn = { codes: new Int32Array(col.values.length) };
      col.values.forEach((v: Category, i: number) => {
        const code = index.get(v);
        if (code === undefined && out.firstUnknown === undefined) out.firstUnknown = v;
        out.codes[i] = code ?? -1;
      });
      return out;
    });
    return { columns, encoded };
  }

  /**
   * Throws for the first value not among its feature's categories (handleUnknown 'error').
   * @param encoded - lookup's result
   * @throws RangeError naming the feature and the value
   */
  protected refuseUnknown(encoded: EncodedColumn[]): void {
    encoded.forEach((e, j) => {
      if (e.firstUnknown !== undefined) {
        throw rangeError(`Expected only categories seen at fit in feature ${j} for ${this.constructor.name}.transform but found unknown category ${JSON.stringify(e.firstUnknown)} (set handleUnknown to allow them)`);
      }
    });
  }
}
