/** Classification metrics, with scikit-learn's definitions (sklearn.metrics). */
import { labelPair, sampleWeights } from './inputs';

/**
 * The fraction (or count) of samples whose predicted label equals the true one.
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - normalize: false gives the (weighted) count; sampleWeight
 * @returns accuracy in [0, 1], or the count
 * @throws TypeError / RangeError for mismatched or bad input
 * @example accuracyScore([0, 1, 1], [0, 1, 0]); // 0.666...
 */
export function accuracyScore(yTrue: unknown, yPred: unknown, options: { normalize?: boolean; sampleWeight?: unknown } = {}): number {
  const { yTrue: t, yPred: p, n } = labelPair(yTrue, yPred);
  const w = sampleWeights(options.sampleWeight, n);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    if (t.values[i] === p.values[i]) hit += wi;
    total += wi;
  }
  return options.normalize === false ? hit : hit / total;
}
