/**
 * The boosting loop shared by HistGradientBoostingClassifier and HistGradientBoostingRegressor (scikit-learn's
 * BaseHistGradientBoosting.fit): bin X, start from the loss's constant baseline, then per iteration compute the
 * gradients and hessians once and grow one tree per output with trueno's hgbGrow (which also adds the tree to the
 * training raw predictions), stopping early when the validation (or training) loss stops improving by tol over
 * nIterNoChange iterations.
 */
import { Random } from '../../../common/random';
import { kernels } from '../../../trueno/backend/loader';
import { HgbParam, hgbMaxLeaves } from '../../../trueno/backend/reference-hgb';
import type { FitProgress } from '../../base/estimator';
import { FlatTreesBuilder, type FlatTrees } from '../../tree/flat-trees';
import { binRows, fitBins } from './binning';
import type { HgbLoss } from './losses';
import { weightedMedian } from './losses';
import { validationSplit } from './split';
import { addBinned, binTreeBuffers, leavesBinned, rawTree, type BinTree } from './trees';

/** The settings of one fit. */
export interface BoostSettings {
  loss: HgbLoss;
  learningRate: number;
  maxIter: number;
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  earlyStopping: 'auto' | boolean;
  validationFraction: number | null;
  nIterNoChange: number;
  tol: number;
  randomState: number | null;
}

/** What a fit learns. */
export interface BoostResult {
  trees: FlatTrees;
  baseline: Float64Array;
  nIter: number;
  trainScore: number[];
  validationScore: number[];
  doEarlyStopping: boolean;
}

/** The data of one fit: X (n x d row-major, categorical codes), targets (class codes for classifiers), weights. */
export interface BoostData {
  x: Float64Array;
  n: number;
  d: number;
  y: Float64Array;
  sw: Float64Array | undefined;
  categorical: Uint8Array;
  /** Known codes of each categorical feature (null for numerical ones). */
  codes: (number[] | null)[];
  /** Class codes to stratify the validation split by (classifiers), else null. */
  stratify: Int32Array | null;
}

function rows(x: Float64Array, d: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * d);
  idx.forEach((r, i) => out.set(x.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

const pick = (v: Float64Array, idx: Int32Array) => Float64Array.from(idx, (r) => v[r]);

/** scikit-learn's _should_stop: no score of the last nIterNoChange beats the one before them by more than tol. */
function shouldStop(scores: number[], nIterNoChange: number, tol: number): boolean {
  const ref = nIterNoChange + 1;
  if (scores.length < ref) return false;
  const reference = scores[scores.length - ref] + tol;
  return !scores.slice(scores.length - ref + 1).some((s) => s > reference);
}

/** absolute_error: each leaf's value becomes learningRate x the weighted median of its residuals (y - raw before). */
function refitLeaves(t: BinTree, leaves: Int32Array, y: Float64Array, before: Float64Array, sw: Float64Array | undefined,
  learningRate: number, raw: Float64Array): void {
  const members = new Map<number, number[]>();
  leaves.forEach((leaf, i) => {
    const m = members.get(leaf);
    if (m) m.push(i);
    else members.set(leaf, [i]);
  });
  for (const [leaf, idx] of members) {
    const residuals = Float64Array.from(idx, (i) => y[i] - before[i]);
    t.values[leaf] = learningRate * weightedMedian(residuals, sw ? Float64Array.from(idx, (i) => sw[i]) : undefined);
  }
  leaves.forEach((leaf, i) => (raw[i] = before[i] + t.values[leaf]));
}

/**
 * Fits the booster.
 * @param data - X, y, weights, categorical features
 * @param s - the settings
 * @param report - progress per iteration
 * @returns the trees and scores
 */
export function boost(data: BoostData, s: BoostSettings, report: (p: FitProgress) => void): BoostResult {
  const { d } = data;
  const { loss } = s;
  const K = loss.k;
  const random = new Random(s.randomState ?? (Math.random() * 2 ** 32) >>> 0);
  const doEarlyStopping = s.earlyStopping === 'auto' ? data.n > 10000 : s.earlyStopping;
  let x = data.x, y = data.y, sw = data.sw, n = data.n;
  let xVal: Float64Array | null = null, yVal: Float64Array | null = null, swVal: Float64Array | undefined;
  if (doEarlyStopping && s.validationFraction !== null) {
    const split = validationSplit(n, s.validationFraction, random, data.stratify);
    xVal = rows(x, d, split.validation);
    yVal = pick(y, split.validation);
    swVal = sw && pick(sw, split.validation);
    x = rows(x, d, split.train);
    y = pick(y, split.train);
    sw = sw && pick(sw, split.train);
    n = split.train.length;
  }
  const mapper = fitBins(x, n, d, sw, data.categorical, data.codes, s.maxBins, random);
  const binned = binRows(mapper, x, n, d);
  const nVal = yVal ? yVal.length : 0;
  const binnedVal = xVal ? binRows(mapper, xVal, nVal, d) : null;
  const hasMissing = new Uint8Array(d);
  for (let f = 0; f < d; f++) hasMissing[f] = binned.subarray(f * n, (f + 1) * n).includes(mapper.missingBin) ? 1 : 0;

  const baseline = loss.baseline(y, sw);
  const raw = new Float64Array(K * n);
  const rawVal = new Float64Array(K * nVal);
  for (let c = 0; c < K; c++) raw.fill(baseline[c], c * n, (c + 1) * n), rawVal.fill(baseline[c], c * nVal, (c + 1) * nVal);
  const constant = loss.constantHessian && !sw;
  const g = new Float64Array(K * n);
  const h = constant ? Float64Array.of(1) : new Float64Array(K * n);
  const params = new Float64Array(HgbParam.count);
  params[HgbParam.maxLeafNodes] = s.maxLeafNodes ?? -1;
  params[HgbParam.maxDepth] = s.maxDepth ?? -1;
  params[HgbParam.minSamplesLeaf] = s.minSamplesLeaf;
  params[HgbParam.minHessianLeaf] = 1e-3;
  params[HgbParam.l2] = s.l2Regularization;
  params[HgbParam.minGain] = 0;
  params[HgbParam.learningRate] = s.learningRate;
  params[HgbParam.missingBin] = mapper.missingBin;
  params[HgbParam.constantHessian] = constant ? 1 : 0;
  const t = binTreeBuffers(2 * hgbMaxLeaves(n, params) - 1);
  const builder = new FlatTreesBuilder(K);
  const k = kernels();

  const trainScore: number[] = [];
  const validationScore: number[] = [];
  const score = (): boolean => {
    if (!doEarlyStopping) return false;
    trainScore.push(-loss.loss(y, raw, sw));
    if (yVal) validationScore.push(-loss.loss(yVal, rawVal, swVal));
    return shouldStop(yVal ? validationScore : trainScore, s.nIterNoChange, s.tol);
  };
  score();
  let nIter = 0;
  while (nIter < s.maxIter) {
    loss.gradients(y, raw, sw, g, h);
    for (let c = 0; c < K; c++) {
      const rawC = raw.subarray(c * n, (c + 1) * n);
      const before = loss.refitLeaves ? rawC.slice() : null;
      t.count = k.hgbGrow(n, d, binned, g.subarray(c * n, (c + 1) * n), constant ? h : h.subarray(c * n, (c + 1) * n),
        mapper.nBins, hasMissing, mapper.categorical, params, t.feature, t.threshold, t.children, t.flags, t.catBits,
        t.values, rawC);
      if (before) refitLeaves(t, leavesBinned(t, binned, n, mapper.missingBin), y, before, sw, s.learningRate, rawC);
      builder.addTree(rawTree(t, mapper, K, c), t.count);
      if (binnedVal) addBinned(t, binnedVal, nVal, mapper.missingBin, rawVal.subarray(c * nVal, (c + 1) * nVal));
    }
    nIter++;
    const stop = score();
    report({ iteration: nIter, total: s.maxIter, ...(doEarlyStopping ? { loss: -(yVal ? validationScore : trainScore).at(-1)! } : {}) });
    if (stop) break;
  }
  return { trees: builder.build(), baseline, nIter, trainScore, validationScore, doEarlyStopping };
}
