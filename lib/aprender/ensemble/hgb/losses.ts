/**
 * The losses of the histogram booster (scikit-learn's sklearn/_loss "half" losses): the constant baseline raw
 * prediction, gradients and hessians per sample (times the sample weight), and the weighted mean loss that early
 * stopping scores. Raw predictions are k x n, one row per tree of an iteration (k = 1 except multiclass log_loss).
 */

import { kernels } from '../../../trueno/backend/loader';
import { UnaryOp } from '../../../trueno/backend/kernels';

/** One loss. */
export interface HgbLoss {
  /** Trees per iteration. */
  k: number;
  /** Whether the hessian is the same (1) for every sample when there are no sample weights. */
  constantHessian: boolean;
  /** Whether leaf values are refit after growth (absolute_error: the median of the residuals in each leaf). */
  refitLeaves: boolean;
  /** The k baseline raw predictions. */
  baseline(y: Float64Array, sw: Float64Array | undefined): Float64Array;
  /** Gradients and hessians (k x n each) at raw (k x n); with constantHessian and no weights h stays untouched. */
  gradients(y: Float64Array, raw: Float64Array, sw: Float64Array | undefined, g: Float64Array, h: Float64Array): void;
  /** The weighted mean loss at raw (k x n). */
  loss(y: Float64Array, raw: Float64Array, sw: Float64Array | undefined): number;
}

const EPS = 2.220446049250313e-16;

function average(values: Float64Array, sw: Float64Array | undefined): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < values.length; i++) {
    const wi = sw ? sw[i] : 1;
    s += wi * values[i];
    w += wi;
  }
  return s / w;
}

/**
 * The median of values (numpy.median: the mean of the two middle values for an even count), or with weights the
 * smallest value whose cumulative weight reaches half the total (scikit-learn's _weighted_percentile).
 * @param values - the values (not modified)
 * @param sw - weights, or undefined
 * @returns the median
 */
export function weightedMedian(values: Float64Array, sw: Float64Array | undefined): number {
  const n = values.length;
  if (!sw) {
    const s = Float64Array.from(values).sort();
    return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let i = 0; i < n; i++) total += sw[i];
  let acc = 0;
  for (const i of order) {
    acc += sw[i];
    if (acc >= 0.5 * total) return values[i];
  }
  return values[order[n - 1]];
}

function meanLoss(n: number, sw: Float64Array | undefined, each: (i: number) => number): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const wi = sw ? sw[i] : 1;
    s += wi * each(i);
    w += wi;
  }
  return s / w;
}

/** log(1 + e^r) without overflow. */
function log1pExp(r: number): number {
  return r <= -37 ? Math.exp(r) : r <= 18 ? Math.log1p(Math.exp(r)) : r <= 33.3 ? r + Math.exp(-r) : r;
}

const squaredError: HgbLoss = {
  k: 1, constantHessian: true, refitLeaves: false,
  baseline: (y, sw) => Float64Array.of(average(y, sw)),
  gradients(y, raw, sw, g, h) {
    for (let i = 0; i < y.length; i++) {
      const w = sw ? sw[i] : 1;
      g[i] = w * (raw[i] - y[i]);
      if (sw) h[i] = w;
    }
  },
  loss: (y, raw, sw) => meanLoss(y.length, sw, (i) => 0.5 * (raw[i] - y[i]) ** 2),
};

const absoluteError: HgbLoss = {
  k: 1, constantHessian: true, refitLeaves: true,
  baseline: (y, sw) => Float64Array.of(weightedMedian(y, sw)),
  gradients(y, raw, sw, g, h) {
    for (let i = 0; i < y.length; i++) {
      const w = sw ? sw[i] : 1;
      g[i] = raw[i] > y[i] ? w : -w;
      if (sw) h[i] = w;
    }
  },
  loss: (y, raw, sw) => meanLoss(y.length, sw, (i) => Math.abs(y[i] - raw[i])),
};

const poisson: HgbLoss = {
  k: 1, constantHessian: false, refitLeaves: false,
  baseline: (y, sw) => Float64Array.of(Math.log(Math.max(average(y, sw), 10 * EPS))),
  gradients(y, raw, sw, g, h) {
    for (let i = 0; i < y.length; i++) {
      const w = sw ? sw[i] : 1;
      const e = Math.exp(raw[i]);
      g[i] = w * (e - y[i]);
      h[i] = w * e;
    }
  },
  loss: (y, raw, sw) => meanLoss(y.length, sw, (i) => Math.exp(raw[i]) - y[i] * raw[i]),
};

const binomial: HgbLoss = {
  k: 1, constantHessian: false, refitLeaves: false,
  baseline(y, sw) {
    const p = Math.min(Math.max(average(y, sw), EPS), 1 - EPS);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(y, raw, sw, g, h) {
    kernels().unary(UnaryOp.sigmoid, raw, g); // the probabilities, by the native vectorized kernel
    for (let i = 0; i < y.length; i++) {
      const w = sw ? sw[i] : 1;
      const p = g[i];
      g[i] = w * (p - y[i]);
      h[i] = w * p * (1 - p);
    }
  },
  loss: (y, raw, sw) => meanLoss(y.length, sw, (i) => log1pExp(raw[i]) - y[i] * raw[i]),
};

/** Multinomial log loss over k classes (y holds class codes). */
function multinomial(k: number): HgbLoss {
  return {
    k, constantHessian: false, refitLeaves: false,
    baseline(y, sw) {
      const p = new Float64Array(k);
      let total = 0;
      for (let i = 0; i < y.length; i++) {
        const w = sw ? sw[i] : 1;
        p[y[i]] += w;
        total += w;
      }
      let meanLog = 0;
      for (let c = 0; c < k; c++) {
        p[c] = Math.log(Math.min(Math.max(p[c] / total, EPS), 1 - EPS));
        meanLog += p[c];
      }
      meanLog /= k;
      return p.map((v) => v - meanLog);
    },
    gradients(y, raw, sw, g, h) {
      const n = y.length;
      const e = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += e[c] = Math.exp(raw[c * n + i] - max);
        const w = sw ? sw[i] : 1;
        for (let c = 0; c < k; c++) {
          const p = e[c] / sum;
          g[c * n + i] = w * (p - (y[i] === c ? 1 : 0));
          h[c * n + i] = w * p * (1 - p);
        }
      }
    },
    loss(y, raw, sw) {
      const n = y.length;
      return meanLoss(n, sw, (i) => {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(raw[c * n + i] - max);
        return max + Math.log(sum) - raw[y[i] * n + i];
      });
    },
  };
}

/** The regressor's losses by name. */
export const REGRESSION_LOSSES = { squared_error: squaredError, absolute_error: absoluteError, poisson } as const;

/**
 * The classifier's log loss.
 * @param classes - number of classes (2: binomial, one tree per iteration; more: multinomial, one per class)
 * @returns the loss
 */
export function logLoss(classes: number): HgbLoss {
  return classes === 2 ? binomial : multinomial(classes);
}
