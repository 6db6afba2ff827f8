/**
 * Per-feature quantiles as numpy's nanpercentile with its default 'linear' method (the one RobustScaler and
 * SimpleImputer's median use in scikit-learn), and the standard normal quantile function (RobustScaler's
 * unitVariance).
 */

/**
 * The q-th percentile of sorted values, numpy's 'linear' method (virtual index q/100 * (n - 1) and numpy's lerp,
 * which interpolates from the nearer end).
 * @param sorted - ascending values without NaN
 * @param q - the percentile in [0, 100]
 * @returns the percentile; NaN for no values
 */
export function sortedPercentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const at = (q / 100) * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, n - 1);
  const t = at - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The non-NaN values of one column of a row-major matrix.
 * @param data - the matrix
 * @param rows - its rows
 * @param cols - its columns
 * @param j - the column
 * @returns the column's values without NaN, in row order
 */
function presentValues(data: ArrayLike<number>, rows: number, cols: number, j: number): Float64Array {
  const out = new Float64Array(rows);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    const v = data[i * cols + j];
    if (v === v) out[k++] = v;
  }
  return out.subarray(0, k);
}

/**
 * The sorted non-NaN values of one column of a row-major matrix.
 * @param data - the matrix
 * @param rows - its rows
 * @param cols - its columns
 * @param j - the column
 * @returns the column's values without NaN, ascending
 */
export function sortedColumn(data: ArrayLike<number>, rows: number, cols: number, j: number): Float64Array {
  return presentValues(data, rows, cols, j).sort();
}

/**
 * numpy's fmin / fmax: the smaller (larger) of two numbers, NaN only when both are.
 * @param a - a number or NaN
 * @param b - a number or NaN
 * @param larger - fmax instead of fmin
 * @returns the extreme ignoring NaN
 */
export function nanExtreme(a: number, b: number, larger: boolean): number {
  if (a !== a) return b;
  if (b !== b) return a;
  return larger ? Math.max(a, b) : Math.min(a, b);
}

/**
 * The smallest and largest non-NaN values of one column of a row-major matrix (numpy's nanmin / nanmax).
 * @param data - the matrix
 * @param rows - its rows
 * @param cols - its columns
 * @param j - the column
 * @returns [min, max]; NaN for a column without values
 */
export function columnRange(data: ArrayLike<number>, rows: number, cols: number, j: number): [number, number] {
  let lo = NaN;
  let hi = NaN;
  for (let i = 0; i < rows; i++) {
    lo = nanExtreme(lo, data[i * cols + j], false);
    hi = nanExtreme(hi, data[i * cols + j], true);
  }
  return [lo, hi];
}

/**
 * The standard normal quantile function (scipy.stats.norm.ppf), by Acklam's rational approximation (relative error
 * below 1.2e-9, ample for the 1e-6 the parity tests ask).
 * @param p - a probability in (0, 1); 0 and 1 give -Infinity and Infinity
 * @returns z with P(Z <= z) = p
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (r: number) => (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
