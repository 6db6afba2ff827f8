/**
 * Ranking metrics of scores against binary (or one-vs-rest multiclass) truth, with scikit-learn's definitions: the ROC
 * curve and its area, the precision-recall curve and average precision. Samples are sorted by descending score once;
 * tied scores form one threshold.
 */
import { toTargets, type Targets } from '../base/input';
import { encodeLabels } from '../base/labels';
import { describe, rangeError } from '../errors';
import { labelList, sampleCount, sampleWeights, scoreMatrix, type Label } from './inputs';

/** Cumulative counts at each distinct score, highest first (scikit-learn's confusion_matrix_at_thresholds). */
interface Thresholds {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/** Options of the binary curves. */
export interface CurveOptions {
  /** The positive label (default 1 for labels in {0, 1} or {-1, 1}; required for other labels). */
  posLabel?: Label;
  /** One weight per sample. */
  sampleWeight?: unknown;
}

function isPositive(t: Targets, posLabel: Label | undefined): Uint8Array {
  const distinct = [...new Set<Label>(t.values)];
  if (posLabel === undefined) {
    const standard = t.kind === 'number' && distinct.every((v) => v === 0 || v === 1 || v === -1) && !(distinct.includes(0) && distinct.includes(-1));
    if (!standard) throw rangeError(`Expected posLabel for labels other than {0, 1} or {-1, 1} but received labels ${describe(distinct.slice(0, 5))}`);
    posLabel = 1;
  }
  if (distinct.length > 2) throw rangeError(`Expected binary yTrue (at most 2 labels) for a binary curve but received ${distinct.length} labels`);
  if (distinct.length === 2 && !distinct.includes(posLabel)) throw rangeError(`Expected one of the labels ${describe(distinct)} for posLabel but received ${describe(posLabel)}`);
  return Uint8Array.from(t.values as ArrayLike<Label>, (v) => (v === posLabel ? 1 : 0));
}

/**
 * True/false positive counts at each threshold.
 * @param truth - 1 for positive samples
 * @param score - the scores
 * @param w - weights, or undefined
 * @returns counts and thresholds, highest threshold first
 */
function countsAtThresholds(truth: ArrayLike<number>, score: ArrayLike<number>, w: Float64Array | undefined): Thresholds {
  let order = Int32Array.from({ length: truth.length }, (_, i) => i);
  if (w) order = order.filter((i) => w[i] !== 0);
  // Stable descending sort (numpy's argsort(stable=True, descending=True)).
  order.sort((a, b) => score[b] - score[a] || a - b);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const wi = w ? w[i] : 1;
    tp += truth[i] * wi;
    fp += (1 - truth[i]) * wi;
    if (k === order.length - 1 || score[order[k + 1]] !== score[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(score[i]);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}

function binaryInputs(yTrue: unknown, yScore: unknown, options: CurveOptions): { truth: Uint8Array; score: Float64Array; w: Float64Array | undefined } {
  const n = sampleCount(yTrue, 'yTrue');
  if (n === 0) throw rangeError('Expected at least 1 sample for yTrue but received an empty array');
  const t = toTargets(yTrue, n, { name: 'yTrue' });
  const s = scoreMatrix(yScore, n);
  if (s.cols !== 1) throw rangeError(`Expected 1-D scores for yScore (those of the positive class) but received ${s.cols} columns`);
  return { truth: isPositive(t, options.posLabel), score: s.values, w: sampleWeights(options.sampleWeight, n) };
}

/** Keeps the points where keep(i) holds, plus the first and last. */
function dropPoints(c: Thresholds, keep: (i: number) => boolean): Thresholds {
  const idx: number[] = [];
  for (let i = 0; i < c.tps.length; i++) if (i === 0 || i === c.tps.length - 1 || keep(i)) idx.push(i);
  const pick = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]);
  return { fps: pick(c.fps), tps: pick(c.tps), thresholds: pick(c.thresholds) };
}

/** A ROC curve: false and true positive rates at decreasing thresholds (the first threshold is +Infinity). */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/**
 * The receiver operating characteristic curve of binary scores.
 * @param yTrue - binary true labels
 * @param yScore - scores of the positive class (probabilities or decision values)
 * @param options - posLabel, sampleWeight; dropIntermediate: drop collinear points that do not change the curve's
 *   shape (default true)
 * @returns fpr, tpr (NaN when a class is missing) and thresholds
 * @throws TypeError / RangeError for bad input, more than 2 labels, a missing posLabel for non-standard labels
 * @example rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).tpr; // [0, 0.5, 0.5, 1, 1]
 */
export function rocCurve(yTrue: unknown, yScore: unknown, options: CurveOptions & { dropIntermediate?: boolean } = {}): RocCurve {
  const { truth, score, w } = binaryInputs(yTrue, yScore, options);
  return rocFrom(countsAtThresholds(truth, score, w), options.dropIntermediate !== false);
}

function rocFrom(raw: Thresholds, drop: boolean): RocCurve {
  let c = raw;
  if (drop && c.fps.length > 2) {
    const corner = (a: Float64Array, i: number) => a[i + 1] - 2 * a[i] + a[i - 1] !== 0;
    c = dropPoints(c, (i) => corner(c.fps, i) || corner(c.tps, i));
  }
  const k = c.fps.length;
  const fpMax = c.fps[k - 1];
  const tpMax = c.tps[k - 1];
  const fpr = new Float64Array(k + 1);
  const tpr = new Float64Array(k + 1);
  const thresholds = new Float64Array(k + 1);
  thresholds[0] = Infinity;
  for (let i = 0; i < k; i++) {
    fpr[i + 1] = fpMax > 0 ? c.fps[i] / fpMax : NaN;
    tpr[i + 1] = tpMax > 0 ? c.tps[i] / tpMax : NaN;
    thresholds[i + 1] = c.thresholds[i];
  }
  if (!(fpMax > 0)) fpr[0] = NaN;
  if (!(tpMax > 0)) tpr[0] = NaN;
  return { fpr, tpr, thresholds };
}

/** The trapezoidal area under (x, y), x monotonic (scikit-learn's auc). */
function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return x.length > 1 && x[x.length - 1] < x[0] ? -area : area;
}

function binaryAuc(truth: ArrayLike<number>, score: ArrayLike<number>, w: Float64Array | undefined): number {
  let pos = 0;
  for (let i = 0; i < truth.length; i++) pos += truth[i];
  if (pos === 0 || pos === truth.length) return NaN; // one class only: undefined, as scikit-learn (which warns)
  const roc = rocFrom(countsAtThresholds(truth, score, w), true);
  return trapezoid(roc.fpr, roc.tpr);
}

/** Options of rocAucScore. */
export interface RocAucOptions {
  /** Multiclass: 'ovr' (one class against the rest) or 'ovo' (every pair); 'raise' (default) refuses multiclass. */
  multiClass?: 'raise' | 'ovr' | 'ovo';
  /** Multiclass averaging: 'macro' (default), 'weighted' (by prevalence), 'micro' (ovr only), null (ovr: per class). */
  average?: 'micro' | 'macro' | 'weighted' | null;
  /** The classes of yScore's columns, sorted (default: those of yTrue). */
  labels?: readonly Label[];
  /** One weight per sample (not with 'ovo'). */
  sampleWeight?: unknown;
}

/**
 * The area under the ROC curve: binary (yScore 1-D, the score of the greater label) or multiclass (yScore n x k
 * probabilities with rows summing to 1, one-vs-rest or one-vs-one).
 * @param yTrue - true labels
 * @param yScore - scores
 * @param options - {@link RocAucOptions}
 * @returns the AUC (NaN when yTrue holds one class), or one per class for ovr with average null
 * @throws TypeError / RangeError for bad input or options scikit-learn refuses
 * @example rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAucScore(yTrue: unknown, yScore: unknown, options?: RocAucOptions & { average?: 'micro' | 'macro' | 'weighted' }): number;
export function rocAucScore(yTrue: unknown, yScore: unknown, options: RocAucOptions & { average: null }): Float64Array;
export function rocAucScore(yTrue: unknown, yScore: unknown, options: RocAucOptions = {}): number | Float64Array {
  const n = sampleCount(yTrue, 'yTrue');
  if (n === 0) throw rangeError('Expected at least 1 sample for yTrue but received an empty array');
  const t = toTargets(yTrue, n, { name: 'yTrue' });
  const s = scoreMatrix(yScore, n);
  const w = sampleWeights(options.sampleWeight, n);
  const { classes, codes } = encodeLabels(t, 1, 'rocAucScore');
  if (classes.length <= 2 && s.cols === 1) {
    // The greater label is the positive class (label_binarize's last column).
    const truth = Uint8Array.from(codes, (c) => (classes.length === 2 && c === 1 ? 1 : 0));
    return binaryAuc(truth, s.values, w);
  }
  return multiclassAuc(t, s.values, s.cols, w, options);
}

function multiclassAuc(t: Targets, score: Float64Array, k: number, w: Float64Array | undefined, options: RocAucOptions): number | Float64Array {
  const how = options.multiClass ?? 'raise';
  if (how !== 'ovr' && how !== 'ovo') throw rangeError(`Expected multiClass 'ovr' or 'ovo' for multiclass yTrue or 2-D yScore but received ${describe(how)}`);
  const average = options.average === undefined ? 'macro' : options.average;
  const allowed: unknown[] = how === 'ovr' ? ['micro', 'macro', 'weighted', null] : ['macro', 'weighted'];
  if (!allowed.includes(average)) throw rangeError(`Expected one of ${allowed.map((a) => describe(a)).join(', ')} for average with multiClass '${how}' but received ${describe(average)}`);
  for (let i = 0; i < score.length / k; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += score[i * k + j];
    if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5)) throw rangeError(`Expected probabilities for multiclass yScore (rows summing to 1) but row ${i} sums to ${sum}`);
  }
  const classes = classesOf(t, options.labels, k);
  const codes = Int32Array.from(t.values as ArrayLike<Label>, (v) => classes.indexOf(v));
  const bad = codes.indexOf(-1);
  if (bad >= 0) throw rangeError(`Expected yTrue labels among labels ${describe(classes)} but received ${describe(t.values[bad])}`);
  if (how === 'ovo') {
    if (w) throw rangeError('Expected no sampleWeight for multiClass \'ovo\' (scikit-learn does not define it) but received weights');
    return ovoAuc(codes, score, k, average === 'weighted');
  }
  return ovrAuc(codes, score, k, w, average);
}

function classesOf(t: Targets, labels: readonly Label[] | undefined, k: number): Label[] {
  if (labels === undefined || labels === null) {
    const classes = encodeLabels(t, 1, 'rocAucScore').classes;
    if (classes.length !== k) throw rangeError(`Expected ${classes.length} columns in yScore (the classes in yTrue) but received ${k}; give the labels option when yTrue lacks some classes`);
    return classes;
  }
  const list = labelList(labels, t.kind);
  const sorted = [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.some((v, i) => v !== list[i])) throw rangeError(`Expected sorted labels for labels but received ${describe(list)}`);
  if (list.length !== k) throw rangeError(`Expected ${k} labels (one per column of yScore) but received ${list.length}`);
  return list;
}

function ovrAuc(codes: Int32Array, score: Float64Array, k: number, w: Float64Array | undefined, average: 'micro' | 'macro' | 'weighted' | null): number | Float64Array {
  const n = codes.length;
  if (average === 'micro') {
    const truth = new Uint8Array(n * k);
    codes.forEach((c, i) => (truth[i * k + c] = 1));
    const ww = w ? Float64Array.from({ length: n * k }, (_, i) => w[Math.floor(i / k)]) : undefined;
    return binaryAuc(truth, score, ww);
  }
  const per = new Float64Array(k);
  const prevalence = new Float64Array(k);
  const column = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) column[i] = score[i * k + j];
    const truth = Uint8Array.from(codes, (c) => (c === j ? 1 : 0));
    truth.forEach((v, i) => (prevalence[j] += v * (w ? w[i] : 1)));
    per[j] = binaryAuc(truth, column, w);
  }
  if (average === null) return per;
  if (average === 'weighted') {
    const total = prevalence.reduce((a, b) => a + b, 0);
    if (Math.abs(total) <= 1e-8) return 0;
    return per.reduce((a, v, j) => a + v * prevalence[j], 0) / total;
  }
  return per.reduce((a, b) => a + b, 0) / k;
}

function ovoAuc(codes: Int32Array, score: Float64Array, k: number, weighted: boolean): number {
  const present = [...new Set(codes)].sort((a, b) => a - b);
  let sum = 0;
  let sw = 0;
  for (let x = 0; x < present.length; x++) {
    for (let y = x + 1; y < present.length; y++) {
      const a = present[x];
      const b = present[y];
      const rows = codes.reduce<number[]>((acc, c, i) => (c === a || c === b ? (acc.push(i), acc) : acc), []);
      const aTruth = rows.map((i) => (codes[i] === a ? 1 : 0));
      const bTruth = rows.map((i) => (codes[i] === b ? 1 : 0));
      const pairScore = (binaryAuc(aTruth, rows.map((i) => score[i * k + a]), undefined) + binaryAuc(bTruth, rows.map((i) => score[i * k + b]), undefined)) / 2;
      const weight = weighted ? rows.length / codes.length : 1;
      sum += pairScore * weight;
      sw += weight;
    }
  }
  return sum / sw;
}

/** A precision-recall curve: precision and recall at increasing thresholds, ending at (recall 0, precision 1). */
export interface PrecisionRecallCurve {
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
}

/**
 * Precision and recall of binary scores at every threshold.
 * @param yTrue - binary true labels
 * @param yScore - scores of the positive class
 * @param options - posLabel, sampleWeight; dropIntermediate: drop points that do not change the recall (default false)
 * @returns precision and recall (one longer than thresholds), thresholds increasing
 * @throws TypeError / RangeError for bad input
 * @example precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).precision; // [0.5, 0.666..., 0.5, 1, 1]
 */
export function precisionRecallCurve(yTrue: unknown, yScore: unknown, options: CurveOptions & { dropIntermediate?: boolean } = {}): PrecisionRecallCurve {
  const { truth, score, w } = binaryInputs(yTrue, yScore, options);
  let c = countsAtThresholds(truth, score, w);
  if (options.dropIntermediate === true && c.fps.length > 2) {
    const tps = c.tps;
    c = dropPoints(c, (i) => tps[i] !== tps[i - 1] || tps[i + 1] !== tps[i]);
  }
  const k = c.tps.length;
  const tpMax = c.tps[k - 1];
  const precision = new Float64Array(k + 1);
  const recall = new Float64Array(k + 1);
  const thresholds = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const j = k - 1 - i;
    const ps = c.tps[j] + c.fps[j];
    precision[i] = ps !== 0 ? c.tps[j] / ps : 0;
    recall[i] = tpMax === 0 ? 1 : c.tps[j] / tpMax;
    thresholds[i] = c.thresholds[j];
  }
  precision[k] = 1;
  recall[k] = 0;
  return { precision, recall, thresholds };
}

/**
 * Average precision: Σ (R_n - R_{n-1}) P_n over the thresholds (the step integral of the precision-recall curve,
 * without interpolation), for binary yTrue or, one-vs-rest, for multiclass yTrue with n x k yScore.
 * @param yTrue - true labels
 * @param yScore - scores (1-D binary, or n x k)
 * @param options - posLabel (binary), sampleWeight, average for multiclass ('macro' default, 'weighted', 'micro', null)
 * @returns the average precision, or one per class for average null
 * @throws TypeError / RangeError for bad input
 * @example averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333...
 */
export function averagePrecisionScore(yTrue: unknown, yScore: unknown, options?: CurveOptions & { average?: 'micro' | 'macro' | 'weighted' }): number;
export function averagePrecisionScore(yTrue: unknown, yScore: unknown, options: CurveOptions & { average: null }): Float64Array;
export function averagePrecisionScore(yTrue: unknown, yScore: unknown, options: CurveOptions & { average?: 'micro' | 'macro' | 'weighted' | null } = {}): number | Float64Array {
  const n = sampleCount(yTrue, 'yTrue');
  if (n === 0) throw rangeError('Expected at least 1 sample for yTrue but received an empty array');
  const s = scoreMatrix(yScore, n);
  if (s.cols === 1) return stepArea(precisionRecallCurve(yTrue, yScore, options));
  const t = toTargets(yTrue, n, { name: 'yTrue' });
  if (options.posLabel !== undefined && options.posLabel !== 1) throw rangeError(`Expected no posLabel for multiclass yTrue but received ${describe(options.posLabel)}`);
  const { classes, codes } = encodeLabels(t, 1, 'averagePrecisionScore');
  if (classes.length !== s.cols) throw rangeError(`Expected ${classes.length} columns in yScore (the classes in yTrue) but received ${s.cols}`);
  const w = sampleWeights(options.sampleWeight, n);
  const k = s.cols;
  const average = options.average === undefined ? 'macro' : options.average;
  const apOf = (truth: Uint8Array, score: Float64Array, ww: Float64Array | undefined) =>
    stepArea(precisionRecallCurve(truth, score, { sampleWeight: ww }));
  if (average === 'micro') {
    const truth = new Uint8Array(n * k);
    codes.forEach((c, i) => (truth[i * k + c] = 1));
    return apOf(truth, s.values, w ? Float64Array.from({ length: n * k }, (_, i) => w[Math.floor(i / k)]) : undefined);
  }
  const per = new Float64Array(k);
  const prevalence = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const truth = Uint8Array.from(codes, (c) => (c === j ? 1 : 0));
    truth.forEach((v, i) => (prevalence[j] += v * (w ? w[i] : 1)));
    per[j] = apOf(truth, Float64Array.from({ length: n }, (_, i) => s.values[i * k + j]), w);
  }
  if (average === null) return per;
  if (average === 'weighted') return per.reduce((a, v, j) => a + v * prevalence[j], 0) / prevalence.reduce((a, b) => a + b, 0);
  if (average !== 'macro') throw rangeError(`Expected 'micro', 'macro', 'weighted' or null for average but received ${describe(average)}`);
  return per.reduce((a, b) => a + b, 0) / k;
}

function stepArea(c: PrecisionRecallCurve): number {
  let sum = 0;
  for (let i = 0; i + 1 < c.recall.length; i++) sum -= (c.recall[i + 1] - c.recall[i]) * c.precision[i];
  return Math.max(0, sum);
}
