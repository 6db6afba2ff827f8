/**
 * SimpleImputer: missing values replaced per feature by its mean, median, most frequent value or a constant
 * (scikit-learn's SimpleImputer), on numeric data. Missing is NaN by default, or any number given as missingValues.
 */
import { Tensor } from '../../trueno/tensor';
import { boolean, custom, nullable, oneOf, real } from '../base/params';
import type { MatrixLike } from '../base/input';
import { Transformer } from '../base/kinds';
import { registerEstimators } from '../base/registry';
import { sortedPercentile } from './quantile';
import { featureVector, inputFeatureNames } from './shared';

/** SimpleImputer's hyperparameters. */
export interface SimpleImputerParams {
  /** The value that marks a missing entry (default NaN). */
  missingValues: number;
  /** 'mean' (default), 'median', 'most_frequent' (the smallest on ties) or 'constant' (fillValue). */
  strategy: 'mean' | 'median' | 'most_frequent' | 'constant';
  /** The value for 'constant' (default null: 0). */
  fillValue: number | null;
  /** Append one 0/1 column per feature that had missing values at fit (scikit-learn's MissingIndicator). */
  addIndicator: boolean;
  /** Keep features that were entirely missing at fit, imputed with 0 (default false: they are dropped). */
  keepEmptyFeatures: boolean;
}

/** Fill value and whether each feature is entirely missing. */
function statistic(values: Float64Array, strategy: SimpleImputerParams['strategy']): number {
  if (values.length === 0) return NaN;
  if (strategy === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  const sorted = values.sort();
  if (strategy === 'median') return sortedPercentile(sorted, 50);
  let best = sorted[0];
  let bestCount = 0;
  for (let i = 0; i < sorted.length;) {
    let k = i;
    while (k < sorted.length && sorted[k] === sorted[i]) k++;
    if (k - i > bestCount) {
      best = sorted[i];
      bestCount = k - i;
    }
    i = k;
  }
  return best;
}

/**
 * Imputes missing values per feature.
 * Learned: `statistics_` (the fill value per feature; NaN for a feature entirely missing at fit, which transform
 * drops unless keepEmptyFeatures), `indicatorFeatures_` (with addIndicator: the features that had missing values).
 * @example
 * const Z = new SimpleImputer({ strategy: 'median', addIndicator: true }).fitTransform(X);
 */
export class SimpleImputer extends Transformer<SimpleImputerParams> {
  static override readonly params = {
    missingValues: [custom('a number or NaN', (v) => typeof v === 'number' && !(v === Infinity || v === -Infinity)), NaN],
    strategy: [oneOf('mean', 'median', 'most_frequent', 'constant'), 'mean'],
    fillValue: [nullable(real()), null],
    addIndicator: [boolean(), false],
    keepEmptyFeatures: [boolean(), false],
  } as const;

  static override readonly tags = { ...Transformer.tags, allowNaN: true };

  /** The fill value of each feature. */
  statistics_?: Tensor<'float64'>;
  /** The features that had missing values at fit (with addIndicator). */
  indicatorFeatures_?: number[];

  private matrix(X: unknown, reset: boolean) {
    return this.checkX(X, reset, { allowNaN: Number.isNaN(this.params.missingValues) });
  }

  private isMissing(v: number): boolean {
    return Number.isNaN(this.params.missingValues) ? v !== v : v === this.params.missingValues;
  }

  protected fitImpl(X: unknown): void {
    const m = this.matrix(X, true);
    const { strategy, keepEmptyFeatures } = this.params;
    const stats = new Float64Array(m.cols);
    const hadMissing: number[] = [];
    for (let j = 0; j < m.cols; j++) {
      const present: number[] = [];
      for (let i = 0; i < m.rows; i++) {
        const v = m.data[i * m.cols + j];
        if (!this.isMissing(v)) present.push(v);
      }
      if (present.length < m.rows) hadMissing.push(j);
      if (strategy === 'constant') stats[j] = this.params.fillValue ?? 0;
      else stats[j] = present.length === 0 && keepEmptyFeatures ? 0 : statistic(Float64Array.from(present), strategy);
    }
    this.statistics_ = featureVector(stats);
    if (this.params.addIndicator) this.indicatorFeatures_ = hadMissing;
  }

  /** The features transform outputs: all but those entirely missing at fit (unless kept). */
  private keptFeatures(): number[] {
    const stats = (this.statistics_ as Tensor<'float64'>).data;
    return Array.from(stats.keys()).filter((j) => !Number.isNaN(stats[j]));
  }

  /**
   * Replaces missing values by the fitted statistics (and appends the missing-indicator columns).
   * @param X - samples with the features seen at fit
   * @returns a new float64 matrix
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X (NaN when missingValues is a
   *   number)
   */
  transform(X: MatrixLike): Tensor {
    const m = this.matrix(X, false);
    const stats = (this.statistics_ as Tensor<'float64'>).data;
    const kept = this.keptFeatures();
    const indicator = this.indicatorFeatures_ ?? [];
    const width = kept.length + indicator.length;
    const out = new Float64Array(m.rows * width);
    for (let i = 0; i < m.rows; i++) {
      const row = i * m.cols;
      kept.forEach((j, k) => {
        const v = m.data[row + j];
        out[i * width + k] = this.isMissing(v) ? stats[j] : v;
      });
      indicator.forEach((j, k) => {
        out[i * width + kept.length + k] = this.isMissing(m.data[row + j]) ? 1 : 0;
      });
    }
    return Tensor.from(out, [m.rows, width]);
  }

  /**
   * The names of the output columns: the kept input features, then `missingindicator_<feature>` per indicator.
   * @param inputFeatures - the input names to use (default: those seen at fit, else x0, x1, ...)
   * @returns one name per output column
   * @throws NotFittedError before fit; RangeError for inputFeatures of the wrong length
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.ensureFitted();
    const names = inputFeatureNames(this.featureNamesIn_, this.nFeaturesIn_ as number, inputFeatures);
    return [...this.keptFeatures().map((j) => names[j]), ...(this.indicatorFeatures_ ?? []).map((j) => `missingindicator_${names[j]}`)];
  }
}

registerEstimators(SimpleImputer);
