/** Log loss (cross-entropy) of predicted probabilities, as scikit-learn's log_loss. */
import { toTargets } from '../base/input';
import { encodeLabels, encodeWith } from '../base/labels';
import { describe, rangeError } from '../errors';
import { expectDiscrete, labelList, sampleCount, sampleWeights, scoreMatrix, type Label } from './inputs';

/**
 * The negative log-likelihood of the true labels under the predicted probabilities,
 * -mean(Σ_k y_ik log p_ik), with p clipped to [ε, 1 - ε] (ε = 2.2e-16, float64's machine epsilon).
 * @param yTrue - true labels
 * @param yProba - probabilities: n x k, columns in the sorted order of the labels (as predictProba gives), or 1-D
 *   (the probability of the greater of two labels)
 * @param options - labels: all classes when yTrue lacks some; normalize: false sums instead; sampleWeight
 * @returns the loss (>= 0)
 * @throws TypeError / RangeError for bad input, probabilities outside [0, 1], a column count that does not match
 *   the classes, or a single class without `labels`
 * @example logLoss(['spam', 'ham', 'ham', 'spam'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.2161...
 */
export function logLoss(yTrue: unknown, yProba: unknown, options: { labels?: readonly Label[]; normalize?: boolean; sampleWeight?: unknown } = {}): number {
  const t = toTargets(yTrue, sampleCount(yTrue, 'yTrue'), { name: 'yTrue' });
  const n = t.values.length;
  if (n === 0) throw rangeError('Expected at least 1 sample for yTrue but received an empty array');
  if (t.kind === 'number') expectDiscrete(t.values, 'yTrue');
  const p = scoreMatrix(yProba, n, 'yProba');
  const w = sampleWeights(options.sampleWeight, n);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of p.values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo < 0 || hi > 1) throw rangeError(`Expected probabilities in [0, 1] for yProba but received values in [${lo}, ${hi}]`);
  let classes: readonly Label[];
  let codes: Int32Array;
  if (options.labels !== undefined && options.labels !== null) {
    classes = labelList(options.labels, t.kind).slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    codes = encodeWith(t, classes, 'yTrue');
  } else {
    ({ classes, codes } = encodeLabels(t, 1, 'logLoss'));
  }
  if (classes.length < 2) {
    throw rangeError(`Expected at least 2 classes for logLoss but yTrue holds only ${describe(classes)}; give every class in the labels option`);
  }
  const k = p.cols === 1 ? 2 : p.cols;
  if (k !== classes.length) throw rangeError(`Expected ${classes.length} probability columns for yProba (one per class) but received ${p.cols}`);
  const eps = Number.EPSILON;
  let sum = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    const raw = p.cols === 1 ? (c === 1 ? p.values[i] : 1 - p.values[i]) : p.values[i * k + c];
    const wi = w ? w[i] : 1;
    sum += -Math.log(Math.min(Math.max(raw, eps), 1 - eps)) * wi;
    sw += wi;
  }
  return options.normalize === false ? sum : sum / sw;
}
