/** Regression metrics, with scikit-learn's definitions (sklearn.metrics). */
import { rangeError } from '../errors';
import { labelPair, sampleWeights } from './inputs';

/** How several outputs combine: scikit-learn's `multioutput`. */
export type MultiOutput = 'uniform_average' | 'raw_values' | 'variance_weighted';

/**
 * The coefficient of determination R² = 1 - SS_res / SS_tot (per output, then combined).
 * A constant yTrue gives 1 when predicted exactly and 0 otherwise, as scikit-learn (force_finite).
 * @param yTrue - true values (1-D, or 2-D for several outputs)
 * @param yPred - predictions, same shape
 * @param options - sampleWeight; multioutput (default 'uniform_average')
 * @returns R², or one per output for 'raw_values'
 * @throws TypeError / RangeError for mismatched or bad input
 * @example r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486...
 */
export function r2Score(yTrue: unknown, yPred: unknown, options?: { sampleWeight?: unknown; multioutput?: Exclude<MultiOutput, 'raw_values'> }): number;
export function r2Score(yTrue: unknown, yPred: unknown, options: { sampleWeight?: unknown; multioutput: 'raw_values' }): Float64Array;
export function r2Score(yTrue: unknown, yPred: unknown, options: { sampleWeight?: unknown; multioutput?: MultiOutput } = {}): number | Float64Array {
  const { yTrue: t, yPred: p, n } = labelPair(yTrue, yPred, { multi: true });
  if (t.kind !== 'number' || p.kind !== 'number') throw rangeError('Expected numbers for yTrue and yPred but received strings');
  const w = sampleWeights(options.sampleWeight, n);
  const k = t.cols;
  const scores = new Float64Array(k);
  const denominators = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let sw = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1;
      sw += wi;
      mean += wi * t.values[i * k + j];
    }
    mean /= sw;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1;
      const yt = t.values[i * k + j];
      res += wi * (yt - p.values[i * k + j]) ** 2;
      tot += wi * (yt - mean) ** 2;
    }
    denominators[j] = tot;
    scores[j] = tot !== 0 ? 1 - res / tot : res === 0 ? 1 : 0;
  }
  const how = options.multioutput ?? 'uniform_average';
  if (how === 'raw_values') return scores;
  if (how === 'variance_weighted') {
    const total = denominators.reduce((a, b) => a + b, 0);
    if (total !== 0) return scores.reduce((a, s, j) => a + (s * denominators[j]) / total, 0);
  }
  return scores.reduce((a, b) => a + b, 0) / k;
}
