/**
 * The centered least-squares system shared by LinearRegression and Ridge (scikit-learn's _preprocess_data followed by
 * X^T X and X^T y): one native pass over X, read in place, gives X^T X, X^T y and the column sums of the shifted data;
 * the exact centering is then a rank-one correction of d x d numbers, so X is never copied or centered. Sample
 * weights take the slower path of scikit-learn (a centered copy scaled by sqrt(w)).
 */
import { gram } from '../../trueno/ops/linalg';
import { add } from '../../trueno/ops/elementwise';
import { matmul, matvec } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import type { Matrix } from '../base/input';
import type { Targets } from '../base/input';
import { rangeError, typeError } from '../errors';

/** The centered system of one fit. */
export interface CenteredSystem {
  /** Samples and features; targets (columns of y). */
  n: number;
  d: number;
  t: number;
  /** Xc^T Xc, d x d (weighted when sample weights are given). */
  gram: Float64Array;
  /** Xc^T yc, d x t. */
  xty: Float64Array;
  /** What was subtracted from X and y: their (weighted) means, or zeros without an intercept. */
  xOffset: Float64Array;
  yOffset: Float64Array;
  /** The centered (weighted) data themselves, built on first use (for the SVD-based solvers). */
  centered(): { X: Tensor<'float64'>; Y: Tensor<'float64'> };
}

/** y as numbers, n x t row-major; strings are refused (a regressor's targets). */
export function numericTargets(targets: Targets): Float64Array {
  if (targets.kind !== 'number') throw typeError('Expected numeric targets for a regressor but received strings');
  return targets.values;
}

/** The column means of a small strided sample of rows: a shift close enough to the mean to center with. */
function sampleMean(data: ArrayLike<number>, n: number, cols: number): Float64Array {
  const picks = Math.min(n, 256);
  const out = new Float64Array(cols);
  for (let p = 0; p < picks; p++) {
    const r = Math.floor((p * n) / picks);
    for (let j = 0; j < cols; j++) out[j] += data[r * cols + j];
  }
  for (let j = 0; j < cols; j++) out[j] /= picks || 1;
  return out;
}

/** X - offset, times sqrt(w) per row when weighted: a new float64 matrix. */
function centerRows(data: ArrayLike<number>, n: number, cols: number, offset: Float64Array, w?: Float64Array): Float64Array {
  const out = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const s = w === undefined ? 1 : Math.sqrt(w[i]);
    for (let j = 0; j < cols; j++) out[i * cols + j] = (data[i * cols + j] - offset[j]) * s;
  }
  return out;
}

/**
 * Builds the centered system.
 * @param m - X as checked by checkX (float32 or float64, row-major)
 * @param y - the targets, n x t row-major float64
 * @param t - the number of targets
 * @param fitIntercept - center X and y (else offsets are zero)
 * @param w - sample weights, or undefined
 * @returns the system
 */
export function centeredSystem(m: Matrix, y: Float64Array, t: number, fitIntercept: boolean, w: Float64Array | undefined): CenteredSystem {
  const { rows: n, cols: d } = m;
  let xOffset = new Float64Array(d);
  let yOffset = new Float64Array(t);
  if (w !== undefined) {
    const total = w.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw rangeError('Expected sample weights with a positive sum but received weights that are all 0');
    if (fitIntercept) {
      const wt = Tensor.from(w);
      const x64 = m.tensor.dtype === 'float64' ? m.tensor : Tensor.from(Float64Array.from(m.data), [n, d]);
      xOffset = Float64Array.from(matvec(x64, wt, { trans: true }).data as Float64Array, (v) => v / total);
      yOffset = Float64Array.from(matvec(Tensor.from(y, [n, t]), wt, { trans: true }).data as Float64Array, (v) => v / total);
    }
    const X = Tensor.from(centerRows(m.data, n, d, xOffset, w), [n, d]) as Tensor<'float64'>;
    const Y = Tensor.from(centerRows(y, n, t, yOffset, w), [n, t]) as Tensor<'float64'>;
    const g = gram(X, { y: Y });
    return { n, d, t, gram: g.gram.data as Float64Array, xty: g.xty!.data as Float64Array, xOffset, yOffset, centered: () => ({ X, Y }) };
  }
  // Any shift works with the column sums (the centered gram is G - s s^T / n); a sampled mean keeps the shifted
  // values small, so the correction cancels nothing significant.
  const xShift = fitIntercept ? sampleMean(m.data, n, d) : new Float64Array(d);
  const yShift = fitIntercept ? sampleMean(y, n, t) : new Float64Array(t);
  const Ygram = m.tensor.dtype === 'float32' ? Tensor.from(Float32Array.from(y), [n, t]) : Tensor.from(y, [n, t]);
  const g = fitIntercept
    ? gram(m.tensor, { y: Ygram, xShift: Tensor.from(xShift), yShift: Tensor.from(yShift) })
    : gram(m.tensor, { y: Ygram });
  const G = g.gram.data as Float64Array;
  const XtY = g.xty!.data as Float64Array;
  if (fitIntercept) {
    const sx = g.xSum.data as Float64Array;
    const sy = g.ySum!.data as Float64Array;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) G[i * d + j] -= (sx[i] * sx[j]) / n;
      for (let c = 0; c < t; c++) XtY[i * t + c] -= (sx[i] * sy[c]) / n;
    }
    xOffset = Float64Array.from(xShift, (s, j) => s + sx[j] / n);
    yOffset = Float64Array.from(yShift, (s, c) => s + sy[c] / n);
  }
  let cache: { X: Tensor<'float64'>; Y: Tensor<'float64'> } | undefined;
  const centered = () => {
    cache ??= {
      X: Tensor.from(centerRows(m.data, n, d, xOffset), [n, d]) as Tensor<'float64'>,
      Y: Tensor.from(centerRows(y, n, t, yOffset), [n, t]) as Tensor<'float64'>,
    };
    return cache;
  };
  return { n, d, t, gram: G, xty: XtY, xOffset, yOffset, centered };
}

/**
 * The intercepts yOffset - xOffset . coef per target (0 without an intercept).
 * @param sys - the system
 * @param coef - t x d coefficients
 * @param fitIntercept - whether there is one
 * @returns t intercepts
 */
export function intercepts(sys: CenteredSystem, coef: Float64Array, fitIntercept: boolean): Float64Array {
  const out = new Float64Array(sys.t);
  if (!fitIntercept) return out;
  for (let c = 0; c < sys.t; c++) {
    let s = sys.yOffset[c];
    for (let j = 0; j < sys.d; j++) s -= sys.xOffset[j] * coef[c * sys.d + j];
    out[c] = s;
  }
  return out;
}

/** Whether y was given as a 2-D array (coef_ then has one row per target, even for a single target). */
export function isTwoDimensional(y: unknown): boolean {
  if (y instanceof Tensor) return y.ndim === 2;
  return Array.isArray(y) && y.length > 0 && Array.isArray(y[0]);
}

/** coef_ and intercept_ in scikit-learn's shapes: [d] and a number for 1-D y, [t, d] and [t] for 2-D y. */
export function linearState(coef: Float64Array, icpt: Float64Array, d: number, twoD: boolean): { coef: Tensor<'float64'>; intercept: number | Tensor<'float64'> } {
  return twoD
    ? { coef: Tensor.from(coef, [icpt.length, d]) as Tensor<'float64'>, intercept: Tensor.from(icpt) as Tensor<'float64'> }
    : { coef: Tensor.from(coef, [d]) as Tensor<'float64'>, intercept: icpt[0] };
}

/**
 * X coef^T + intercept: n values for a 1-D coef_, n x t for a 2-D one.
 * @param X - n x d float64 samples
 * @param coef - coef_
 * @param intercept - intercept_
 * @returns the predictions
 */
export function linearPredict(X: Tensor, coef: Tensor, intercept: number | Tensor): Tensor {
  if (coef.ndim === 1) return add(matvec(X, coef), intercept as number);
  return add(matmul(X, coef, { transB: true }), intercept);
}
