/**
 * PolynomialFeatures: all products of features up to a degree (scikit-learn's PolynomialFeatures), in
 * scikit-learn's column order: the bias, then degree by degree the index combinations (with replacement unless
 * interactionOnly) in lexicographic order.
 */
import { Tensor } from '../../trueno/tensor';
import { boolean, custom } from '../base/params';
import type { MatrixLike } from '../base/input';
import { Transformer } from '../base/kinds';
import { registerEstimators } from '../base/registry';
import { ParamError } from '../errors';
import { inputFeatureNames } from './shared';

/** PolynomialFeatures' hyperparameters. */
export interface PolynomialFeaturesParams {
  /** The highest degree (default 2), or [min, max]: only degrees min..max (and the bias). */
  degree: number | [number, number];
  /** Only products of distinct features (no x0^2) (default false). */
  interactionOnly: boolean;
  /** Include the all-ones column (default true). */
  includeBias: boolean;
}

const degreeSpec = custom('an integer >= 0 or a pair [min, max] of integers with 0 <= min <= max', (v) =>
  (typeof v === 'number' && Number.isInteger(v) && v >= 0)
  || (Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0) && v[0] <= v[1]));

/** Index combinations of `k` of `n` features, ascending, each index at least `from` (lexicographic order). */
function combinations(n: number, k: number, repeat: boolean, from = 0, prefix: number[] = [], out: number[][] = []): number[][] {
  if (k === 0) {
    out.push(prefix);
    return out;
  }
  for (let i = from; i < n; i++) combinations(n, k - 1, repeat, repeat ? i : i + 1, [...prefix, i], out);
  return out;
}

/**
 * Generates polynomial and interaction features.
 * Learned: `powers_` (per output column the exponent of each input feature), `nOutputFeatures_`.
 * @example
 * new PolynomialFeatures({ degree: 2 }).fitTransform([[2, 3]]); // [[1, 2, 3, 4, 6, 9]]
 */
export class PolynomialFeatures extends Transformer<PolynomialFeaturesParams> {
  static override readonly params = {
    degree: [degreeSpec, 2],
    interactionOnly: [boolean(), false],
    includeBias: [boolean(), true],
  } as const;

  /** Per output column, the exponent of each input feature. */
  powers_?: number[][];
  /** The number of output columns. */
  nOutputFeatures_?: number;

  protected fitImpl(X: unknown): void {
    const m = this.checkX(X, true);
    const { degree, interactionOnly, includeBias } = this.params;
    const [lo, hi] = typeof degree === 'number' ? [0, degree] : degree;
    if (hi === 0 && !includeBias) throw new ParamError('Expected a degree above 0 or includeBias true for PolynomialFeatures (the output would have no columns) but received degree 0 with includeBias false', 'degree');
    const combos: number[][] = includeBias ? [[]] : [];
    for (let d = Math.max(1, lo); d <= hi; d++) combos.push(...combinations(m.cols, d, !interactionOnly));
    this.powers_ = combos.map((c) => {
      const p = new Array<number>(m.cols).fill(0);
      for (const j of c) p[j]++;
      return p;
    });
    this.nOutputFeatures_ = combos.length;
  }

  /**
   * Computes the polynomial features of X.
   * @param X - samples with the features seen at fit
   * @returns a [n, nOutputFeatures_] float64 Tensor
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const powers = this.powers_ as number[][];
    const width = powers.length;
    const terms = powers.map((p) => p.flatMap((e, j) => new Array<number>(e).fill(j)));
    const out = new Float64Array(m.rows * width);
    for (let i = 0; i < m.rows; i++) {
      const row = i * m.cols;
      for (let k = 0; k < width; k++) {
        let v = 1;
        for (const j of terms[k]) v *= m.data[row + j];
        out[i * width + k] = v;
      }
    }
    return Tensor.from(out, [m.rows, width]);
  }

  /**
   * The names of the output columns, as scikit-learn writes them: '1', 'x0', 'x0^2', 'x0 x1', ...
   * @param inputFeatures - the input names to use (default: those seen at fit, else x0, x1, ...)
   * @returns one name per output column
   * @throws NotFittedError before fit; RangeError for inputFeatures of the wrong length
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.ensureFitted();
    const names = inputFeatureNames(this.featureNamesIn_, this.nFeaturesIn_ as number, inputFeatures);
    return (this.powers_ as number[][]).map((p) => {
      const parts = p.flatMap((e, j) => (e === 0 ? [] : [e === 1 ? names[j] : `${names[j]}^${e}`]));
      return parts.length === 0 ? '1' : parts.join(' ');
    });
  }
}

registerEstimators(PolynomialFeatures);
