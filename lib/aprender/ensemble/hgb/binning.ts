/**
 * Feature binning of the histogram booster (scikit-learn 1.9's _BinMapper): each numerical feature gets at most
 * maxBins - 1 thresholds - the midpoints of its distinct values when it has at most maxBins of them, else its
 * maxBins-quantiles by numpy's 'averaged_inverted_cdf' method (weighted by the sample weights, as scikit-learn's
 * _weighted_percentile with average=True), duplicates removed - computed on at most 2e5 rows drawn with replacement
 * (with probabilities proportional to the weights, which are then not used again). A categorical feature's
 * thresholds are its sorted known category codes. Bins come from trueno's histBin kernel; NaN goes to the missing
 * bin (maxBins).
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

/**
 * The averaged-inverted-cdf percentiles linspace(0, 100, maxBins + 1)[1:-1] of sorted values (with their weights,
 * or unit weights): the first value whose cumulative weight reaches the rank, or the mean of it and the next when
 * the cumulative weight equals the rank exactly.
 */
function percentiles(sorted: Float64Array, weights: Float64Array | null, maxBins: number): number[] {
  const n = sorted.length;
  let total = 0;
  if (weights) for (let i = 0; i < n; i++) total += weights[i];
  else total = n;
  const step = 100 / maxBins;
  const out: number[] = [];
  let k = 0;
  let cum = weights ? weights[0] : 1;
  for (let i = 1; i < maxBins; i++) {
    const rank = total * ((i * step) / 100);
    while (cum < rank && k < n - 1) cum += weights ? weights[++k] : (++k, 1);
    if (cum === rank && k < n - 1) {
      const a = sorted[k];
      const b = sorted[k + 1];
      out.push(b - (b - a) * 0.5);
    } else out.push(sorted[k]);
  }
  return out;
}

/** The thresholds of one numerical feature from its non-missing values (and weights), sorted here. */
function numericalThresholds(values: Float64Array, weights: Float64Array | null, maxBins: number): number[] {
  let sorted: Float64Array;
  let w: Float64Array | null = null;
  if (weights) {
    const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
    sorted = Float64Array.from(order, (i) => values[i]);
    w = Float64Array.from(order, (i) => weights[i]);
  } else sorted = values.sort();
  // Distinct values, counted only up to maxBins + 1 (past it the percentiles are used).
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= maxBins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push((distinct[i] + distinct[i + 1]) / 2);
  } else {
    for (const c of percentiles(sorted, w, maxBins)) if (cuts.length === 0 || c !== cuts[cuts.length - 1]) cuts.push(c);
  }
  return cuts.map((c) => Math.min(c, ALMOST_INF));
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
  const m = rows ? rows.length : n;
  const all: number[] = [];
  const offsets = new Int32Array(d + 1);
  const nBins = new Int32Array(d);
  const column = new Float64Array(m);
  const columnWeights = weights ? new Float64Array(m) : null;
  for (let f = 0; f < d; f++) {
    let cuts: number[];
    if (categorical[f]) {
      cuts = categories[f] as number[];
      nBins[f] = cuts.length;
    } else {
      let k = 0;
      for (let r = 0; r < m; r++) {
        const row = rows ? rows[r] : r;
        const v = x[row * d + f];
        if (v !== v || (weights && weights[row] === 0)) continue; // missing values and zero weights take no part
        if (columnWeights) columnWeights[k] = (weights as Float64Array)[row];
        column[k++] = v;
      }
      cuts = numericalThresholds(column.subarray(0, k), columnWeights && columnWeights.subarray(0, k), maxBins);
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
