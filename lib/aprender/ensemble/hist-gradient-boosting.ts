/**
 * What HistGradientBoostingClassifier and HistGradientBoostingRegressor share (scikit-learn's
 * BaseHistGradientBoosting): the hyperparameters, the learned state, X's encoding (categorical features) and the
 * raw scores of fitted trees (trueno's forestPredict over every tree at once).
 */
import type { FitProgress } from '../base/estimator';
import { boolean, integer, nullable, oneOf, real, seed, anyOf } from '../base/params';
import { predictTrees, type FlatTrees } from '../tree/flat-trees';
import { boost, type BoostResult } from './hgb/boost';
import { categoricalFeaturesSpec, categoricalMask, encodeFit, encodePredict, type CategoricalFeatures, type XInput } from './hgb/inputs';
import type { HgbLoss } from './hgb/losses';

/** The hyperparameters both boosters take. */
export interface HistGradientBoostingParams {
  /** Shrinkage of each tree's leaf values (default 0.1). */
  learningRate: number;
  /** Boosting iterations at most (default 100); each adds one tree per output (per class for multiclass). */
  maxIter: number;
  /** Leaves per tree at most (default 31); null for no limit. */
  maxLeafNodes: number | null;
  /** Depth of each tree at most (edges from the root); null (default) for no limit. */
  maxDepth: number | null;
  /** Samples per leaf at least (default 20). */
  minSamplesLeaf: number;
  /** L2 penalty on leaf values (default 0). */
  l2Regularization: number;
  /** Bins of non-missing values per feature at most, <= 255 (default 255); missing values get one more. */
  maxBins: number;
  /** Categorical features: 'from_dtype' (default: string columns), null, indices, names or a boolean mask. */
  categoricalFeatures: CategoricalFeatures;
  /** 'auto' (default: on when there are more than 10000 samples), true or false. */
  earlyStopping: 'auto' | boolean;
  /** Early stopping's score: 'loss' (default), the loss on the validation data (else the training data). */
  scoring: 'loss';
  /** Held out for early stopping: a fraction in (0, 1), a count, or null to score the training data (default 0.1). */
  validationFraction: number | null;
  /** Stop when the last nIterNoChange scores do not improve on the one before by more than tol (default 10). */
  nIterNoChange: number;
  /** See nIterNoChange (default 1e-7). */
  tol: number;
  /** Seed of the validation split and the binning subsample (null: fresh each fit). */
  randomState: number | null;
}

/** The parameter table both share. */
export const HGB_PARAMS = {
  learningRate: [real({ min: 0, closed: 'neither' }), 0.1],
  maxIter: [integer({ min: 1 }), 100],
  maxLeafNodes: [nullable(integer({ min: 2 })), 31],
  maxDepth: [nullable(integer({ min: 1 })), null],
  minSamplesLeaf: [integer({ min: 1 }), 20],
  l2Regularization: [real({ min: 0 }), 0],
  maxBins: [integer({ min: 2, max: 255 }), 255],
  categoricalFeatures: [categoricalFeaturesSpec(), 'from_dtype'],
  earlyStopping: [anyOf(oneOf('auto'), boolean()), 'auto'],
  scoring: [oneOf('loss'), 'loss'],
  validationFraction: [nullable(anyOf(real({ min: 0, max: 1, closed: 'neither' }), integer({ min: 1 }))), 0.1],
  nIterNoChange: [integer({ min: 1 }), 10],
  tol: [real({ min: 0 }), 1e-7],
  randomState: [seed(), null],
} as const;

/** What a fitted booster keeps (the `_` fields both classes declare). */
export interface HgbLearned {
  trees_: FlatTrees;
  baseline_: Float64Array;
  nIter_: number;
  trainScore_: Float64Array;
  validationScore_: Float64Array;
  doEarlyStopping_: boolean;
  isCategorical_: Uint8Array;
  stringCategories_: (string[] | null)[];
  nTreesPerIteration_: number;
}

/**
 * Fits on X's columns.
 * @param input - X, checked
 * @param y - targets (class codes for the classifier)
 * @param sw - sample weights
 * @param params - the hyperparameters
 * @param loss - the loss
 * @param stratify - class codes for the validation split, or null
 * @param report - progress per iteration
 * @returns the learned state
 */
export function fitBooster(input: XInput, y: Float64Array, sw: Float64Array | undefined, params: HistGradientBoostingParams,
  loss: HgbLoss, stratify: Int32Array | null, report: (p: FitProgress) => void): HgbLearned {
  const mask = categoricalMask(params.categoricalFeatures, input);
  const { x, stringCategories, codes } = encodeFit(input, mask, params.maxBins);
  const [n, d] = input.kind === 'matrix' ? [input.m.rows, input.m.cols] : [input.c.rows, input.c.cols];
  const r: BoostResult = boost({ x, n, d, y, sw, categorical: mask, codes, stratify }, {
    loss, learningRate: params.learningRate, maxIter: params.maxIter, maxLeafNodes: params.maxLeafNodes,
    maxDepth: params.maxDepth, minSamplesLeaf: params.minSamplesLeaf, l2Regularization: params.l2Regularization,
    maxBins: params.maxBins, earlyStopping: params.earlyStopping, validationFraction: params.validationFraction,
    nIterNoChange: params.nIterNoChange, tol: params.tol, randomState: params.randomState,
  }, report);
  return {
    trees_: r.trees, baseline_: r.baseline, nIter_: r.nIter, trainScore_: Float64Array.from(r.trainScore),
    validationScore_: Float64Array.from(r.validationScore), doEarlyStopping_: r.doEarlyStopping, isCategorical_: mask,
    stringCategories_: stringCategories, nTreesPerIteration_: loss.k,
  };
}

/**
 * Raw scores (n x k, row-major): the baseline plus every tree's leaf values.
 * @param state - the learned state
 * @param input - X, checked against fit
 * @returns the scores
 */
export function rawScores(state: HgbLearned, input: XInput): Float64Array {
  const x = encodePredict(input, state.stringCategories_);
  const [n, d] = input.kind === 'matrix' ? [input.m.rows, input.m.cols] : [input.c.rows, input.c.cols];
  const k = state.nTreesPerIteration_;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) out.set(state.baseline_, i * k);
  return predictTrees(state.trees_, x, n, d, new Float64Array(state.trees_.roots.length).fill(1), out);
}

