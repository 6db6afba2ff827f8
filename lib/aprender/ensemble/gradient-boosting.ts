/**
 * What GradientBoostingClassifier and GradientBoostingRegressor share (scikit-learn's BaseGradientBoosting): the
 * parameters, the learned state, and the boosting itself. Each stage fits one regression tree per raw column to the
 * loss's negative gradient (trueno's CART kernel), replaces its leaf values by the loss's line search over the
 * in-bag rows that reach each leaf (scikit-learn's _update_terminal_regions), and adds learning rate x leaf value to
 * the raw predictions. Stochastic boosting (subsample < 1) draws the in-bag rows per stage and records the
 * out-of-bag loss; early stopping (nIterNoChange) holds out validationFraction of the rows and stops when the held-out
 * loss has not improved by tol in nIterNoChange stages; warmStart adds stages to an earlier fit.
 *
 * The trees are stored flat (one FlatTrees, k values per node: tree stage x k + j carries its values in column j and
 * zeros elsewhere, the learning rate already applied), so predicting is one native forestPredict call over all trees.
 */
import { Random, deriveSeed } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import { FIT_OPTIONS, type FitOptions, type FitProgress } from '../base/estimator';
import type { OptionKeys } from '../../common/validate';
import type { Matrix } from '../base/input';
import { boolean, integer, nullable, oneOf, real } from '../base/params';
import { rangeError } from '../errors';
import { FlatTreesBuilder, applyTrees, predictTrees, type FlatTrees } from '../tree/flat-trees';
import { ccpAlphaParam, growthParams } from '../tree/params';
import { earlyStoppingSplit, sampleMask } from './gradient-boosting-sampling';
import { featureImportances, nodeRecords, stageGrower, type GrownTree, type StageGrower, type TreeSettings } from './gradient-boosting-trees';
import type { BoostingLoss } from './losses';

/** The parameters both gradient boosting estimators have (camelCase of scikit-learn's). */
export interface GradientBoostingParams {
  /** Shrinks each tree's contribution (default 0.1), >= 0. */
  learningRate: number;
  /** Boosting stages (default 100). */
  nEstimators: number;
  /** Share of the rows each stage's trees are fitted on, in (0, 1] (default 1; below 1 is stochastic boosting). */
  subsample: number;
  /**
   * The trees' split criterion: 'friedman_mse' (default) or 'squared_error'. Both pick the same splits (Friedman's
   * improvement is the squared error's times the total weight); they differ only in what minImpurityDecrease is
   * compared with. scikit-learn 1.9 deprecates the parameter and always grows with 'squared_error'.
   */
  criterion: 'friedman_mse' | 'squared_error';
  /** Fewest samples to split a node: an integer >= 2, or a fraction in (0, 1) of the rows (default 2). */
  minSamplesSplit: number;
  /** Fewest samples in a leaf: an integer >= 1, or a fraction of the rows below 1 (default 1). */
  minSamplesLeaf: number;
  /** Least share of the total weight in a leaf, in [0, 0.5] (default 0). */
  minWeightFractionLeaf: number;
  /** Depth limit of each tree (default 3); null for none. */
  maxDepth: number | null;
  /** A split must decrease the weighted impurity by at least this (default 0). */
  minImpurityDecrease: number;
  /** The init estimator: null (default) for scikit-learn's (prior / mean / median / quantile), 'zero' for raw 0. */
  init: 'zero' | null;
  /** Seed of the trees' feature draws, the subsamples and the early-stopping split (null: a fresh seed per fit). */
  randomState: number | null;
  /** Features drawn per split: 'sqrt', 'log2', a count >= 1, a fraction in (0, 1), or null (default) for all. */
  maxFeatures: 'sqrt' | 'log2' | number | null;
  /** Grow each tree best-first to at most this many leaves (>= 2); null (default) for depth-first growth. */
  maxLeafNodes: number | null;
  /**
   * Keep the stages of the last fit and add stages up to nEstimators (default false); the draws of each stage
   * follow randomState and the stage's number, so 10 stages and 10 more are the 20-stage fit. With nIterNoChange
   * the held-out loss starts from the kept stages' predictions.
   */
  warmStart: boolean;
  /** The held-out share for early stopping, in (0, 1) (default 0.1). */
  validationFraction: number;
  /** Stop when the held-out loss has not improved by tol for this many stages; null (default) never stops early. */
  nIterNoChange: number | null;
  /** The least improvement early stopping counts (default 1e-4). */
  tol: number;
  /** Minimal cost-complexity pruning of each stage's trees (default 0: none). */
  ccpAlpha: number;
}

/** The declarations of {@link GradientBoostingParams}: the trees' as the tree models declare them, but depth 3. */
export const GRADIENT_BOOSTING_PARAMS = {
  learningRate: [real({ min: 0 }), 0.1],
  nEstimators: [integer({ min: 1 }), 100],
  subsample: [real({ min: 0, max: 1, closed: 'right' }), 1],
  criterion: [oneOf('friedman_mse', 'squared_error'), 'friedman_mse'],
  ...growthParams(null),
  maxDepth: [nullable(integer({ min: 1 })), 3],
  init: [oneOf('zero', null), null],
  warmStart: [boolean(), false],
  validationFraction: [real({ min: 0, max: 1, closed: 'neither' }), 0.1],
  nIterNoChange: [nullable(integer({ min: 1 })), null],
  tol: [real({ min: 0 }), 1e-4],
  ccpAlpha: ccpAlphaParam,
} as const;

/** The learned state both estimators hold. */
export interface BoostingState {
  /** Every tree, stage by stage: tree s x nTreesPerIteration_ + j adds to raw column j. */
  trees_?: FlatTrees;
  /** The init estimator's raw prediction, one constant per raw column (zeros for init 'zero'). */
  init_?: Tensor<'float64'>;
  /** Stages fitted (fewer than nEstimators when early stopping stopped). */
  nEstimators_?: number;
  /** Trees per stage: the classes for multiclass log_loss, else 1. */
  nTreesPerIteration_?: number;
  /** The loss after each stage on the in-bag rows (all training rows when subsample is 1). */
  trainScore_?: Tensor<'float64'>;
  /** The out-of-bag loss after each stage (subsample < 1). */
  oobScores_?: Tensor<'float64'>;
  /** The out-of-bag loss decrease of each stage (subsample < 1). */
  oobImprovement_?: Tensor<'float64'>;
  /** The last out-of-bag loss (subsample < 1). */
  oobScore_?: number;
  /** Impurity-based importances, summing to 1 (all 0 when every tree is a single leaf). */
  featureImportances_?: Tensor<'float64'>;
  /** The number of features each split draws. */
  maxFeatures_?: number;
  /** The seed the fit's draws derive from (randomState, or the fresh one drawn), so warmStart continues them. */
  seed_?: number;
}

/** fit's options inside the boosting estimators: warm start passes the earlier state (also through fitAsync). */
export interface BoostingFitOptions extends FitOptions {
  /** The learned state to continue from (warmStart). */
  previous?: BoostingState & Record<string, unknown>;
}

/** fit's option keys in the boosting estimators: warm start hands the earlier state on as `previous`. */
export const BOOSTING_FIT_OPTIONS: OptionKeys<BoostingFitOptions> = { ...FIT_OPTIONS, previous: true };

/** What one boosting fit needs besides the parameters. */
export interface BoostingProblem {
  /** X as float32 rows (scikit-learn fits and predicts gradient boosting on float32 X). */
  x: Float32Array;
  rows: number;
  cols: number;
  /** Targets (class indices for the classifier). */
  y: Float64Array;
  /** Sample weights (ones when none were given). */
  w: Float64Array;
  /** Whether the user gave weights. */
  weighted: boolean;
  loss: BoostingLoss;
  /** Class codes to stratify the early-stopping split on (the classifier). */
  strata?: Int32Array;
  /** Number of classes the training rows must all keep after the early-stopping split (the classifier). */
  classes?: number;
  /** The state to continue from (warmStart on a fitted estimator). */
  previous?: BoostingState;
  /** Progress per stage. */
  report: (p: FitProgress) => void;
  /** The estimator's class name, for messages. */
  owner: string;
}

/** The rows `rows` of a row-major n x d matrix (or of a vector when d is 1). */
function takeRows<A extends Float32Array | Float64Array>(a: A, d: number, rows: Int32Array): A {
  const out = new (a.constructor as new (n: number) => A)(rows.length * d);
  for (let r = 0; r < rows.length; r++) out.set(a.subarray(rows[r] * d, (rows[r] + 1) * d), r * d);
  return out;
}

/**
 * X as float32 rows: scikit-learn casts gradient boosting's X to float32 at fit and at predict, so thresholds and
 * the rows they are compared with agree to the bit.
 * @param m - X from checkX
 * @returns the float32 rows (the caller's own when X was float32 already)
 */
export function float32Rows(m: Matrix): Float32Array {
  return m.data instanceof Float32Array ? m.data : Float32Array.from(m.data);
}

/** The tree settings of a fit: scikit-learn's DecisionTreeRegressor(criterion, splitter='best', ...) per stage. */
function treeSettings(p: GradientBoostingParams): TreeSettings {
  return {
    criterion: p.criterion, maxDepth: p.maxDepth, minSamplesSplit: p.minSamplesSplit, minSamplesLeaf: p.minSamplesLeaf,
    minWeightFractionLeaf: p.minWeightFractionLeaf, minImpurityDecrease: p.minImpurityDecrease, maxFeatures: p.maxFeatures,
    maxLeafNodes: p.maxLeafNodes, ccpAlpha: p.ccpAlpha,
  };
}

/**
 * The raw predictions of rows x: the init constants plus every tree's contribution.
 * @param state - a fitted state
 * @param x - float32 rows
 * @param n - rows
 * @param d - features
 * @returns n x nTreesPerIteration_ raw values
 */
export function rawPredict(state: BoostingState, x: Float32Array, n: number, d: number): Float64Array {
  const trees = state.trees_ as FlatTrees;
  const out = tileInit(state.init_?.data as Float64Array, n);
  if (trees.roots.length > 0) predictTrees(trees, x, n, d, new Float64Array(trees.roots.length).fill(1), out);
  return out;
}

/**
 * The raw predictions after each stage, computed stage by stage.
 * @param state - a fitted state
 * @param x - float32 rows
 * @param n - rows
 * @param d - features
 * @yields n x nTreesPerIteration_ raw values after stage 1, 2, ... (a fresh array each)
 */
export function* stagedRaw(state: BoostingState, x: Float32Array, n: number, d: number): Generator<Float64Array> {
  const trees = state.trees_ as FlatTrees;
  const k = state.nTreesPerIteration_ as number;
  const raw = tileInit(state.init_?.data as Float64Array, n);
  const ones = new Float64Array(k).fill(1);
  for (let s = 0; s < (state.nEstimators_ as number); s++) {
    predictTrees(trees, x, n, d, ones, raw, [s * k, (s + 1) * k]);
    yield raw.slice();
  }
}

function tileInit(init: Float64Array, n: number): Float64Array {
  const k = init.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) out.set(init, i * k);
  return out;
}

/** The in-bag rows of each leaf: rows grouped by leaf, and each leaf's slice [start[leaf], start[leaf + 1]). */
function rowsByLeaf(leaves: Int32Array, nodes: number, mask: Uint8Array | null): { rows: Int32Array; start: Int32Array } {
  const start = new Int32Array(nodes + 1);
  for (let i = 0; i < leaves.length; i++) if (mask === null || mask[i]) start[leaves[i] + 1]++;
  for (let v = 0; v < nodes; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nodes);
  const rows = new Int32Array(start[nodes]);
  for (let i = 0; i < leaves.length; i++) if (mask === null || mask[i]) rows[fill[leaves[i]]++] = i;
  return { rows, start };
}

/**
 * Fits the stages of a gradient boosting model (scikit-learn's BaseGradientBoosting.fit with _fit_stages and
 * _fit_stage); see the module comment.
 * @param p - the checked parameters
 * @param problem - the data, the loss and the earlier state
 * @returns the learned state
 * @throws RangeError when the early-stopping split cannot be made or loses a class, or warmStart is asked for fewer
 *   stages than fitted
 */
export function fitBoosting(p: GradientBoostingParams, problem: BoostingProblem): Required<Pick<BoostingState, 'trees_' | 'init_' | 'nEstimators_' | 'nTreesPerIteration_' | 'trainScore_' | 'featureImportances_' | 'maxFeatures_' | 'seed_'>> & BoostingState {
  const { loss, cols: d, previous } = problem;
  const k = loss.k;
  if (previous !== undefined && p.nEstimators < (previous.nEstimators_ as number)) {
    throw rangeError(`Expected nEstimators >= the ${previous.nEstimators_} stages already fitted when warmStart is true but received ${p.nEstimators}`);
  }
  const seedValue = previous?.seed_ ?? p.randomState ?? (Math.random() * 4294967296) >>> 0;

  let { x, y, w } = problem;
  let n = problem.rows;
  let val: { x: Float32Array; y: Float64Array; w: Float64Array; n: number } | null = null;
  if (p.nIterNoChange !== null) {
    const split = earlyStoppingSplit(n, p.validationFraction, seedValue, problem.strata);
    val = { x: takeRows(x, d, split.validation), y: takeRows(y, 1, split.validation), w: takeRows(w, 1, split.validation), n: split.validation.length };
    [x, y, w, n] = [takeRows(x, d, split.train), takeRows(y, 1, split.train), takeRows(w, 1, split.train), split.train.length];
    if (problem.classes !== undefined && new Set(y).size !== problem.classes) {
      throw rangeError('Expected every class in the training rows left by the early-stopping split but some class is missing there; try another randomState or a smaller validationFraction');
    }
  }

  let raw: Float64Array;
  let init: Float64Array;
  let begin = 0;
  if (previous === undefined) {
    init = p.init === 'zero' ? new Float64Array(k) : loss.initRaw(y, w, problem.weighted);
    raw = tileInit(init, n);
  } else {
    init = previous.init_?.data as Float64Array;
    begin = previous.nEstimators_ as number;
    raw = rawPredict(previous, x, n, d);
  }
  const valRaw = val === null ? null : previous === undefined ? tileInit(init, val.n) : rawPredict(previous, val.x, val.n, d);

  const grower = stageGrower(x, n, d, treeSettings(p), problem.owner);
  const builder = new FlatTreesBuilder(k, previous?.trees_, true);
  const trainScore = [...((previous?.trainScore_?.data as Float64Array | undefined) ?? [])];
  const stochastic = p.subsample < 1;
  // stages fitted without subsampling have no out-of-bag loss: 0, as scikit-learn's resized arrays
  const oobScores = [...((previous?.oobScores_?.data as Float64Array | undefined) ?? new Float64Array(begin))];
  const oobImprovement = [...((previous?.oobImprovement_?.data as Float64Array | undefined) ?? new Float64Array(begin))];
  const inBag = Math.max(1, Math.floor(p.subsample * n));
  const history = new Float64Array(p.nIterNoChange ?? 0).fill(Infinity);
  const negGrad = new Float64Array(n * k);

  let stages = begin;
  for (let i = begin; i < p.nEstimators; i++) {
    const rng = new Random(deriveSeed(seedValue, i));
    let mask: Uint8Array | null = null;
    let inRows: Int32Array | undefined;
    let oobRows: Int32Array | undefined;
    let initialOob = 0;
    if (stochastic) {
      mask = sampleMask(n, inBag, rng);
      inRows = Int32Array.from({ length: n }, (_, r) => r).filter((r) => mask?.[r] === 1);
      oobRows = Int32Array.from({ length: n }, (_, r) => r).filter((r) => mask?.[r] === 0);
      if (i === 0) initialOob = loss.meanLoss(y, raw, w, oobRows);
    }
    fitStage(p, loss, grower, builder, { y, w, raw, negGrad, mask, rng, valRaw, val, k, d });
    stages = i + 1;

    trainScore[i] = loss.meanLoss(y, raw, w, inRows);
    if (stochastic) {
      oobScores[i] = loss.meanLoss(y, raw, w, oobRows);
      oobImprovement[i] = (i === 0 ? initialOob : oobScores[i - 1]) - oobScores[i];
    }
    problem.report({ iteration: i + 1, total: p.nEstimators, loss: trainScore[i] });

    if (val !== null && valRaw !== null) {
      const validationLoss = loss.meanLoss(val.y, valRaw, val.w);
      if (history.some((h) => validationLoss + p.tol < h)) history[i % history.length] = validationLoss;
      else break;
    }
  }

  const trees = builder.build();
  const state: ReturnType<typeof fitBoosting> = {
    trees_: trees,
    init_: Tensor.from(init) as Tensor<'float64'>,
    nEstimators_: stages,
    nTreesPerIteration_: k,
    trainScore_: Tensor.from(Float64Array.from(trainScore.slice(0, stages))) as Tensor<'float64'>,
    featureImportances_: Tensor.from(featureImportances(trees, d)) as Tensor<'float64'>,
    maxFeatures_: grower.maxFeatures,
    seed_: seedValue,
  };
  if (stochastic || oobScores.length > 0) {
    while (oobScores.length < stages) oobScores.push(0);
    while (oobImprovement.length < stages) oobImprovement.push(0);
    state.oobScores_ = Tensor.from(Float64Array.from(oobScores.slice(0, stages))) as Tensor<'float64'>;
    state.oobImprovement_ = Tensor.from(Float64Array.from(oobImprovement.slice(0, stages))) as Tensor<'float64'>;
    state.oobScore_ = oobScores[stages - 1];
  }
  return state;
}

/** The per-fit arrays one stage reads and updates. */
interface StageData {
  y: Float64Array;
  w: Float64Array;
  /** n x k raw predictions, updated in place. */
  raw: Float64Array;
  /** n x k scratch for the negative gradient. */
  negGrad: Float64Array;
  /** In-bag rows (stochastic boosting) or null for all. */
  mask: Uint8Array | null;
  /** The stage's generator (after the mask draw): the trees' seeds. */
  rng: Random;
  /** Validation raw predictions (early stopping), updated in place, or null. */
  valRaw: Float64Array | null;
  val: { x: Float32Array; n: number } | null;
  k: number;
  d: number;
}

/**
 * One stage: the negative gradient, then per raw column a tree on it, its leaf values by line search over the in-bag
 * rows, and the raw predictions moved by learning rate x leaf value (scikit-learn's _fit_stage and
 * _update_terminal_regions).
 */
function fitStage(p: GradientBoostingParams, loss: BoostingLoss, grower: StageGrower, builder: FlatTreesBuilder, s: StageData): void {
  const { y, w, raw, negGrad, mask, k } = s;
  const n = y.length;
  loss.beginStage(y, raw, w);
  loss.negativeGradient(y, raw, negGrad);
  const treeWeights = mask === null ? w : Float64Array.from(w, (v, i) => v * mask[i]);
  const target = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) target[i] = negGrad[i * k + j];
    const grown: GrownTree = grower.grow(target, treeWeights, s.rng.seed());
    const count = grown.tree.feature.length;
    const value = grown.tree.values.slice();
    if (loss.leafValue !== undefined) {
      const { rows, start } = rowsByLeaf(grown.leaves, count, mask);
      for (let v = 0; v < count; v++) {
        if (grown.tree.feature[v] < 0) value[v] = loss.leafValue(rows.subarray(start[v], start[v + 1]), y, negGrad, raw, j, w);
      }
    }
    for (let v = 0; v < count; v++) value[v] *= p.learningRate;
    for (let i = 0; i < n; i++) raw[i * k + j] += value[grown.leaves[i]];
    if (s.valRaw !== null && s.val !== null) {
      const valLeaves = applyTrees(grown.tree, s.val.x, s.val.n, s.d);
      for (let i = 0; i < s.val.n; i++) s.valRaw[i * k + j] += value[valLeaves[i]];
    }
    const spread = new Float64Array(count * k);
    for (let v = 0; v < count; v++) spread[v * k + j] = value[v];
    builder.addGrown(nodeRecords(grown.tree), spread, Int32Array.of(count), count);
  }
}

/**
 * fit's options with the estimator's learned state as `previous` when warmStart continues it (a fitted estimator
 * with warmStart true), so fit (which forgets the state first) and fitAsync (whose worker starts from a fresh copy)
 * can both add stages to it.
 * @param est - the estimator
 * @param options - fit's options
 * @returns the options, with previous when warm starting
 */
export function withPrevious<O extends FitOptions>(est: { isFitted(): boolean; learnedState(): Record<string, unknown>; getParams(deep?: boolean): object },
  options: O): O & BoostingFitOptions {
  const warm = (est.getParams(false) as { warmStart?: boolean }).warmStart === true;
  return warm && est.isFitted() ? { ...options, previous: est.learnedState() } : options;
}
