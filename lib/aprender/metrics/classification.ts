/** Classification metrics, with scikit-learn's definitions (sklearn.metrics). */
import { rangeError, typeError, describe } from '../errors';
import { classPair, labelList, labelPair, sampleWeights, type ClassPair, type Label } from './inputs';

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

/** How confusionMatrix normalizes: over true rows, predicted columns, everything, or not at all. */
export type Normalize = 'true' | 'pred' | 'all' | null;

/**
 * Indices of the labels of a pair in a user's label list (-1 where absent).
 * @internal
 */
function positionsIn(pair: ClassPair, labels: readonly Label[]): Int32Array {
  const at = new Map<Label, number>(labels.map((l, i) => [l, i]));
  return Int32Array.from(pair.labels, (l) => at.get(l) ?? -1);
}

function labelsOption(labels: unknown, pair: ClassPair, name = 'labels'): Label[] | undefined {
  if (labels === undefined || labels === null) return undefined;
  return labelList(labels, typeof pair.labels[0] === 'string' ? 'string' : 'number', name);
}

/**
 * The confusion matrix C: C[i][j] counts (or weighs) samples of true label i predicted as j.
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - labels: the rows/columns and their order (default: every label seen, sorted; samples with other
 *   labels are left out); sampleWeight; normalize: 'true' (rows sum to 1), 'pred' (columns), 'all', or null
 * @returns the matrix as rows (number[][])
 * @throws TypeError / RangeError for bad input, or labels none of which is in yTrue
 * @example confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]); // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 */
export function confusionMatrix(yTrue: unknown, yPred: unknown, options: { labels?: readonly Label[]; sampleWeight?: unknown; normalize?: Normalize } = {}): number[][] {
  const pair = classPair(yTrue, yPred);
  const w = sampleWeights(options.sampleWeight, pair.n);
  const normalize = options.normalize ?? null;
  if (!([null, 'true', 'pred', 'all'] as unknown[]).includes(normalize)) {
    throw rangeError(`Expected 'true', 'pred', 'all' or null for normalize but received ${describe(normalize)}`);
  }
  const labels = labelsOption(options.labels, pair) ?? pair.labels;
  const pos = positionsIn(pair, labels);
  if (!pair.trueCodes.some((c) => pos[c] >= 0)) throw rangeError(`Expected at least one of the labels ${describe(labels)} in yTrue but received none`);
  const k = labels.length;
  const cm = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < pair.n; i++) {
    const r = pos[pair.trueCodes[i]];
    const c = pos[pair.predCodes[i]];
    if (r >= 0 && c >= 0) cm[r][c] += w ? w[i] : 1;
  }
  if (normalize !== null) normalizeInPlace(cm, normalize);
  return cm;
}

/** Divides by row, column or grand sums; 0/0 gives 0 (numpy.nan_to_num, as scikit-learn). */
function normalizeInPlace(cm: number[][], how: 'true' | 'pred' | 'all'): void {
  const k = cm.length;
  const rowSums = cm.map((r) => r.reduce((a, b) => a + b, 0));
  const colSums = cm[0].map((_, j) => cm.reduce((a, r) => a + r[j], 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = how === 'true' ? rowSums[i] : how === 'pred' ? colSums[j] : total;
      cm[i][j] = d === 0 ? 0 : cm[i][j] / d;
    }
  }
}

/**
 * The mean of per-class recall (accuracy that does not reward predicting the majority class). Classes predicted but
 * absent from yTrue are left out, as scikit-learn does.
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - sampleWeight; adjusted: rescale so chance gives 0 and perfect gives 1
 * @returns the balanced accuracy
 * @throws TypeError / RangeError for bad input
 * @example balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]); // 0.625
 */
export function balancedAccuracyScore(yTrue: unknown, yPred: unknown, options: { sampleWeight?: unknown; adjusted?: boolean } = {}): number {
  const cm = confusionMatrix(yTrue, yPred, { sampleWeight: options.sampleWeight });
  const perClass: number[] = [];
  cm.forEach((row, i) => {
    const s = row.reduce((a, b) => a + b, 0);
    if (s > 0) perClass.push(row[i] / s);
  });
  let score = perClass.reduce((a, b) => a + b, 0) / perClass.length;
  if (options.adjusted === true) {
    const chance = 1 / perClass.length;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/** How per-class scores combine (scikit-learn's `average`); null keeps one score per class. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | null;

/** The value of a score whose denominator is 0: 'warn' and 0 give 0, 1 gives 1, NaN gives NaN (left out of averages). */
export type ZeroDivision = 'warn' | 0 | 1 | number;

/** Options of the precision / recall / F family. */
export interface PRFOptions {
  /** Per-class labels to score and their order (default: every label seen, sorted). */
  labels?: readonly Label[];
  /** The positive class for average 'binary' (default 1). */
  posLabel?: Label;
  /** 'binary' (the default of the single scores), 'micro', 'macro', 'weighted', or null for per-class values. */
  average?: Average;
  /** One weight per sample. */
  sampleWeight?: unknown;
  /** The value of an undefined score (default 'warn', which gives 0). */
  zeroDivision?: ZeroDivision;
}

/** Per-class precision, recall, F-beta and support (the count of each class in yTrue), or their averages. */
export interface PRFSupport<T extends number | Float64Array = number | Float64Array> {
  precision: T;
  recall: T;
  fscore: T;
  /** Per-class support; null when averaged (as scikit-learn's None). */
  support: T extends number ? null : Float64Array;
}

function zeroValue(zd: unknown): number {
  if (zd === undefined || zd === 'warn') return 0;
  if (zd === 0 || zd === 1 || (typeof zd === 'number' && Number.isNaN(zd))) return zd;
  throw rangeError(`Expected 'warn', 0, 1 or NaN for zeroDivision but received ${describe(zd)}`);
}

const AVERAGES: readonly unknown[] = ['binary', 'micro', 'macro', 'weighted', null];

/** tp, predicted and true sums per scored label, as scikit-learn's multilabel_confusion_matrix. */
function prfCounts(pair: ClassPair, scored: Label[], w: Float64Array | undefined): { tp: Float64Array; pred: Float64Array; truth: Float64Array } {
  const pos = positionsIn(pair, scored);
  const k = scored.length;
  const tp = new Float64Array(k);
  const pred = new Float64Array(k);
  const truth = new Float64Array(k);
  for (let i = 0; i < pair.n; i++) {
    const wi = w ? w[i] : 1;
    const t = pos[pair.trueCodes[i]];
    const p = pos[pair.predCodes[i]];
    if (t >= 0) truth[t] += wi;
    if (p >= 0) pred[p] += wi;
    if (t >= 0 && t === p) tp[t] += wi;
  }
  return { tp, pred, truth };
}

/** The labels scored: the binary positive label, or the user's list, or every label seen. */
function scoredLabels(pair: ClassPair, average: Average, options: PRFOptions): Label[] {
  if (average === 'binary') {
    if (pair.labels.length > 2) throw rangeError(`Expected at most 2 classes for average 'binary' but received ${pair.labels.length} (the target is multiclass; choose average 'micro', 'macro', 'weighted' or null)`);
    const posLabel = options.posLabel ?? 1;
    if (!pair.labels.includes(posLabel) && pair.labels.length >= 2) {
      throw rangeError(`Expected one of the labels ${describe(pair.labels)} for posLabel but received ${describe(posLabel)}`);
    }
    return [posLabel];
  }
  return labelsOption(options.labels, pair) ?? pair.labels;
}

function divide(num: Float64Array, den: Float64Array, zero: number): Float64Array {
  return num.map((v, i) => (den[i] === 0 ? zero : v / den[i]));
}

/** The mean leaving NaN out (scikit-learn's _nanaverage); all-zero weights count as equal weights. */
function nanAverage(a: Float64Array, weights?: Float64Array): number {
  let sum = 0;
  let sw = 0;
  let plain = 0;
  let count = 0;
  a.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const wi = weights ? weights[i] : 1;
    sum += wi * v;
    sw += wi;
    plain += v;
    count++;
  });
  if (count === 0) return NaN;
  return sw === 0 ? plain / count : sum / sw;
}

/**
 * Precision, recall, F-beta and support per class or averaged, with scikit-learn's definitions:
 * precision = tp / (tp + fp), recall = tp / (tp + fn), F = (1 + β²) tp / ((1 + β²) tp + β² fn + fp).
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - beta (default 1) and {@link PRFOptions}; average defaults to null here (per class)
 * @returns the four values; arrays per label when average is null
 * @throws TypeError / RangeError for bad input, average 'binary' on more than 2 classes, an unknown posLabel
 * @example precisionRecallFscoreSupport(['a', 'b', 'a'], ['a', 'a', 'a'], { average: 'macro' }).fscore; // 0.4
 */
export function precisionRecallFscoreSupport(yTrue: unknown, yPred: unknown, options: PRFOptions & { beta?: number; average: Exclude<Average, null> }): PRFSupport<number>;
export function precisionRecallFscoreSupport(yTrue: unknown, yPred: unknown, options?: PRFOptions & { beta?: number; average?: null }): PRFSupport<Float64Array>;
export function precisionRecallFscoreSupport(yTrue: unknown, yPred: unknown, options: PRFOptions & { beta?: number } = {}): PRFSupport {
  const average = options.average === undefined ? null : options.average;
  if (!AVERAGES.includes(average)) throw rangeError(`Expected 'binary', 'micro', 'macro', 'weighted' or null for average but received ${describe(average)}`);
  const beta = options.beta ?? 1;
  if (typeof beta !== 'number' || !(beta >= 0)) throw rangeError(`Expected a number >= 0 for beta but received ${describe(beta)}`);
  const zero = zeroValue(options.zeroDivision);
  const pair = classPair(yTrue, yPred);
  const w = sampleWeights(options.sampleWeight, pair.n);
  let { tp, pred, truth } = prfCounts(pair, scoredLabels(pair, average, options), w);
  if (average === 'micro') [tp, pred, truth] = [tp, pred, truth].map((a) => Float64Array.of(a.reduce((s, v) => s + v, 0)));
  const precision = divide(tp, pred, zero);
  const recall = divide(tp, truth, zero);
  const b2 = beta * beta;
  const fscore = beta === Infinity ? recall : beta === 0 ? precision : divide(tp.map((v) => (1 + b2) * v), truth.map((v, i) => b2 * v + pred[i]), zero);
  if (average === null) return { precision, recall, fscore, support: truth };
  const weights = average === 'weighted' ? truth : undefined;
  return { precision: nanAverage(precision, weights), recall: nanAverage(recall, weights), fscore: nanAverage(fscore, weights), support: null };
}

function single(which: 'precision' | 'recall' | 'fscore', yTrue: unknown, yPred: unknown, options: PRFOptions & { beta?: number }): number | Float64Array {
  const average = options.average === undefined ? 'binary' : options.average;
  return precisionRecallFscoreSupport(yTrue, yPred, { ...options, average } as PRFOptions & { average: null })[which];
}

/**
 * Precision tp / (tp + fp): of the samples predicted positive, the fraction that are.
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - {@link PRFOptions} (average defaults to 'binary' with posLabel 1)
 * @returns the precision, or one per label for average null
 * @throws TypeError / RangeError for bad input
 * @example precisionScore([0, 1, 1, 0], [1, 1, 1, 0]); // 0.666...
 */
export function precisionScore(yTrue: unknown, yPred: unknown, options?: PRFOptions & { average?: Exclude<Average, null> }): number;
export function precisionScore(yTrue: unknown, yPred: unknown, options: PRFOptions & { average: null }): Float64Array;
export function precisionScore(yTrue: unknown, yPred: unknown, options: PRFOptions = {}): number | Float64Array {
  return single('precision', yTrue, yPred, options ?? {});
}

/**
 * Recall tp / (tp + fn): of the positive samples, the fraction predicted positive.
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - {@link PRFOptions} (average defaults to 'binary' with posLabel 1)
 * @returns the recall, or one per label for average null
 * @throws TypeError / RangeError for bad input
 * @example recallScore([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 */
export function recallScore(yTrue: unknown, yPred: unknown, options?: PRFOptions & { average?: Exclude<Average, null> }): number;
export function recallScore(yTrue: unknown, yPred: unknown, options: PRFOptions & { average: null }): Float64Array;
export function recallScore(yTrue: unknown, yPred: unknown, options: PRFOptions = {}): number | Float64Array {
  return single('recall', yTrue, yPred, options ?? {});
}

/**
 * The F-beta score: the weighted harmonic mean of precision and recall (beta > 1 favours recall).
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - beta (required, >= 0) and {@link PRFOptions}
 * @returns the score, or one per label for average null
 * @throws TypeError / RangeError for bad input
 * @example fbetaScore([0, 1, 1, 0], [1, 1, 0, 0], { beta: 2 }); // 0.5
 */
export function fbetaScore(yTrue: unknown, yPred: unknown, options: PRFOptions & { beta: number; average?: Exclude<Average, null> }): number;
export function fbetaScore(yTrue: unknown, yPred: unknown, options: PRFOptions & { beta: number; average: null }): Float64Array;
export function fbetaScore(yTrue: unknown, yPred: unknown, options: PRFOptions & { beta: number }): number | Float64Array {
  if (options === null || typeof options !== 'object' || typeof options.beta !== 'number') {
    throw typeError(`Expected options with a number beta for fbetaScore but received ${describe(options)}`);
  }
  return single('fscore', yTrue, yPred, options);
}

/**
 * The F1 score 2 tp / (2 tp + fp + fn), the harmonic mean of precision and recall.
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - {@link PRFOptions} (average defaults to 'binary' with posLabel 1)
 * @returns the score, or one per label for average null
 * @throws TypeError / RangeError for bad input
 * @example f1Score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 0.2666...
 */
export function f1Score(yTrue: unknown, yPred: unknown, options?: PRFOptions & { average?: Exclude<Average, null> }): number;
export function f1Score(yTrue: unknown, yPred: unknown, options: PRFOptions & { average: null }): Float64Array;
export function f1Score(yTrue: unknown, yPred: unknown, options: PRFOptions = {}): number | Float64Array {
  return single('fscore', yTrue, yPred, { ...(options ?? {}), beta: 1 });
}
