/**
 * Feature binning of the histogram booster (scikit-learn 1.9's _BinMapper): each numerical feature gets at most
 * maxBins - 1 thresholds - the midpoints of its distinct values when it has at most maxBins of them, else its
 * maxBins-quantiles by numpy's 'averaged_inverted_cdf' method (weighted by the sample weights, as scikit-learn's
 * _weighted_percentile with average=True), duplicates removed - computed on at most 2e5 rows drawn with replacement
 * (with probabilities proportional to the weights, which are then not used again). A categorical feature's
 * thresholds are its sorted known category codes. Bins come from trueno's histBin kernel; NaN goes to the missing
 * bin (maxBins). The thresholds of numerical features come from trueno's histThresholds kernel.
 */
import type { Random } from '../../../common/random';
import { kernels } from '../../../trueno/backend/loader';

/** Rows the thresholds are computed from at most (scikit-learn's subsample). */
export const BIN_SUBSAMPLE = 200000;

/** The fitted bins of every feature. */
export interface BinMapper {
  /** Feature f's sorted thresholds (numerical) or category codes (categorical): thresholds[offsets[f] .. offsets[f+1]). */
  thresholds: Float64Array;
  offsets: Int32Array;
  /** 1 for a categorical feature. */
  categorical: Uint8Array;
  /** Non-missing bins per feature. */
  nBins: Int32Array;
  /** The bin of missing values (maxBins). */
  missingBin: number;
}

/** BIN_SUBSAMPLE rows drawn with replacement, with probabilities proportional to the weights when given. */
function subsample(n: number, sw: Float64Array | undefined, random: Random): Int32Array {
  const rows = new Int32Array(BIN_SUBSAMPLE);
  if (!sw) {
    for (let i = 0; i < BIN_SUBSAMPLE; i++) rows[i] = random.int(n);
    return rows;
  }
  const cum = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cum[i] = total += sw[i];
  for (let i = 0; i < BIN_SUBSAMPLE; i++) {
    const u = random.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    rows[i] = lo;
  }
  return rows;
}

/**
 * Fits the bins.
 * @param x - n x d row-major values (NaN missing; categorical features hold integer codes)
 * @param n - rows
 * @param d - features
 * @param sw - sample weights, or undefined
 * @param categorical - 1 per categorical feature
 * @param categories - each categorical feature's known codes, sorted (from all of the fit's X); null otherwise
 * @param maxBins - non-missing bins at most (<= 255)
 * @param random - draws the subsample when n > BIN_SUBSAMPLE
 * @returns the bin mapper
 */
export function fitBins(x: Float64Array, n: number, d: number, sw: Float64Array | undefined, categorical: Uint8Array,
  categories: (number[] | null)[], maxBins: number, random: Random): BinMapper {
  let rows: Int32Array | null = null;
  let weights = sw;
  if (n > BIN_SUBSAMPLE) {
    rows = subsample(n, sw, random);
    weights = undefined;
  }
  // Numerical features: trueno's histThresholds (sorted per feature in parallel, natively).
  const slot = maxBins - 1;
  const numThresholds = new Float64Array(d * slot);
  const counts = new Int32Array(d);
  kernels().histThresholds(n, d, x, rows ?? new Int32Array(0), weights ?? new Float64Array(0), categorical, maxBins,
    numThresholds, counts);
  const all: number[] = [];
  const offsets = new Int32Array(d + 1);
  const nBins = new Int32Array(d);
  for (let f = 0; f < d; f++) {
    if (categorical[f]) {
      const cuts = categories[f] as number[];
      nBins[f] = cuts.length;
      for (const c of cuts) all.push(c);
    } else {
      nBins[f] = counts[f] + 1;
      for (let i = 0; i < counts[f]; i++) all.push(numThresholds[f * slot + i]);
    }
    offsets[f + 1] = all.length;
  }
  return { thresholds: Float64Array.from(all), offsets, categorical, nBins, missingBin: maxBins };
}

/**
 * The bins of n rows (d x n, column-major, as hgbGrow reads them).
 * @param mapper - fitted bins
 * @param x - n x d row-major values
 * @param n - rows
 * @param d - features
 * @returns the binned data
 */
export function binRows(mapper: BinMapper, x: Float64Array, n: number, d: number): Uint8Array {
  const binned = new Uint8Array(n * d);
  kernels().histBin(n, d, x, mapper.thresholds, mapper.offsets, mapper.categorical, mapper.missingBin, binned);
  return binned;
}
