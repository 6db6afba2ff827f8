/**
 * Feature binning of the histogram booster (scikit-learn's _BinMapper): each numerical feature gets at most
 * maxBins - 1 thresholds - the midpoints of its distinct values when it has at most maxBins of them, else the
 * maxBins-quantiles (numpy's 'midpoint' percentiles) of a subsample of 2e5 rows - and each categorical feature its
 * sorted known category codes. Bins come from trueno's histBin kernel; NaN goes to the missing bin (maxBins).
 */
import type { Random } from '../../../common/random';
import { kernels } from '../../../trueno/backend/loader';

/** Rows the thresholds are computed from at most (scikit-learn's subsample). */
export const BIN_SUBSAMPLE = 200000;
/** Thresholds above this are clipped (scikit-learn's ALMOST_INF): +inf stays for the split on missing values only. */
const ALMOST_INF = 1e300;

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

/** numpy.percentile(sorted, p, method='midpoint') for each p in linspace(0, 100, maxBins + 1)[1:-1]. */
function midpointPercentiles(sorted: Float64Array, maxBins: number): number[] {
  const n = sorted.length;
  const step = 100 / maxBins;
  const out: number[] = [];
  for (let i = 1; i < maxBins; i++) {
    const v = (n - 1) * ((i * step) / 100);
    const lo = Math.floor(v);
    if (v === lo) out.push(sorted[lo]);
    else {
      const a = sorted[lo];
      const b = sorted[Math.min(lo + 1, n - 1)];
      out.push(b - (b - a) * 0.5);
    }
  }
  return out;
}

/** The thresholds of one numerical feature's non-missing values (sorted in place). */
function numericalThresholds(values: Float64Array, maxBins: number): number[] {
  const sorted = values.sort();
  // Distinct values, counted only up to maxBins + 1 (past it the percentiles are used).
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= maxBins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  let cuts: number[];
  if (distinct.length <= maxBins) {
    cuts = [];
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push((distinct[i] + distinct[i + 1]) * 0.5);
  } else {
    cuts = midpointPercentiles(sorted, maxBins);
  }
  return cuts.map((c) => Math.min(c, ALMOST_INF));
}

/**
 * Fits the bins.
 * @param x - n x d row-major values (NaN missing; categorical features hold integer codes)
 * @param n - rows
 * @param d - features
 * @param categorical - 1 per categorical feature
 * @param categories - each categorical feature's known codes, sorted (from all of the fit's X); null otherwise
 * @param maxBins - non-missing bins at most (<= 255)
 * @param random - draws the subsample when n > BIN_SUBSAMPLE
 * @returns the bin mapper
 */
export function fitBins(x: Float64Array, n: number, d: number, categorical: Uint8Array, categories: (number[] | null)[],
  maxBins: number, random: Random): BinMapper {
  let rows: Int32Array | null = null;
  if (n > BIN_SUBSAMPLE) rows = random.permutation(n).subarray(0, BIN_SUBSAMPLE).sort();
  const m = rows ? rows.length : n;
  const all: number[] = [];
  const offsets = new Int32Array(d + 1);
  const nBins = new Int32Array(d);
  const column = new Float64Array(m);
  for (let f = 0; f < d; f++) {
    let cuts: number[];
    if (categorical[f]) {
      cuts = categories[f] as number[];
      nBins[f] = cuts.length;
    } else {
      let k = 0;
      for (let r = 0; r < m; r++) {
        const v = x[(rows ? rows[r] : r) * d + f];
        if (v === v) column[k++] = v;
      }
      cuts = numericalThresholds(column.subarray(0, k), maxBins);
      nBins[f] = cuts.length + 1;
    }
    for (const c of cuts) all.push(c);
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
