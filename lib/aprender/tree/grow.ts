/**
 * Growing CART trees on trueno's treeGrow kernel, shared by the decision trees, the forests and gradient boosting.
 * It resolves scikit-learn's hyperparameters to the float64 settings of trueno.h (TRUENO_TREE_*), as scikit-learn's
 * BaseDecisionTree.fit does; lays X out as the kernel wants it (d x n float32, scikit-learn casts X to float32 too);
 * derives every tree's seed and bootstrap draw from randomState with the project's seeded generator, so the native,
 * WASM and JS backends grow the same trees; and grows trees in batches (one kernel call per batch, the trees of a
 * batch in parallel on the native thread pool) into a FlatTreesBuilder.
 */
import { availableCores } from '../../common/cores';
import { Random, deriveSeed } from '../../common/random';
import { backendInfo, kernels, setThreads } from '../../trueno/backend/loader';
import { TreeCriterion, TreeParam } from '../../trueno/backend/reference-tree-grow';
import { ParamError, rangeError } from '../errors';
import { rngFor } from '../model-selection/splitter';
import { FlatTreesBuilder, NODE, treeCapacity } from './flat-trees';

/** Indices of the float64 settings of treeGrow (TRUENO_TREE_* in trueno_ops.def). */
export const TREE_PARAM = TreeParam;

/** A split criterion by scikit-learn name. */
export type CriterionName = 'gini' | 'entropy' | 'log_loss' | 'squared_error' | 'friedman_mse' | 'absolute_error';

/** Split criteria by scikit-learn name, as treeGrow's codes (trueno.h's TRUENO_CRITERION_*). */
export const CRITERION_CODES: Readonly<Record<CriterionName, number>> = {
  gini: TreeCriterion.gini, entropy: TreeCriterion.entropy, log_loss: TreeCriterion.entropy,
  squared_error: TreeCriterion.squaredError, friedman_mse: TreeCriterion.friedmanMse,
  absolute_error: TreeCriterion.absoluteError,
};
/** The classification criteria. */
export const CLASSIFICATION_CRITERIA = ['gini', 'entropy', 'log_loss'] as const;
/** The regression criteria. */
export const REGRESSION_CRITERIA = ['squared_error', 'friedman_mse', 'absolute_error'] as const;

/** scikit-learn's tree hyperparameters, as the estimators hold them (before resolution against the data). */
export interface TreeGrowParams {
  criterion: CriterionName;
  /** 'best': the best threshold of each drawn feature (CART); 'random': one uniform threshold each (extra trees). */
  splitter: 'best' | 'random';
  /** Deepest a leaf may be; null for no bound. */
  maxDepth: number | null;
  /** An integer >= 2, or a fraction in (0, 1) of the samples (rounded up). */
  minSamplesSplit: number;
  /** An integer >= 1, or a fraction in (0, 1) of the samples (rounded up). */
  minSamplesLeaf: number;
  /** Least fraction of the total sample weight in a leaf, in [0, 0.5]. */
  minWeightFractionLeaf: number;
  /** Features drawn per split: 'sqrt', 'log2', an integer count, a fraction in (0, 1) of them, or null for all. */
  maxFeatures: 'sqrt' | 'log2' | number | null;
  /** Grow best-first up to this many leaves (>= 2); null: depth-first without a leaf bound. */
  maxLeafNodes: number | null;
  /** A split must decrease the weighted impurity by at least this much. */
  minImpurityDecrease: number;
}

/**
 * The number of features drawn per split (scikit-learn's max_features_).
 * @param maxFeatures - 'sqrt', 'log2', a count, a fraction in (0, 1), or null for all
 * @param d - the number of features
 * @param owner - the estimator's class name, for the message
 * @returns a count in [1, d]
 * @throws ParamError for a count above d
 */
export function resolveMaxFeatures(maxFeatures: TreeGrowParams['maxFeatures'], d: number, owner: string): number {
  if (maxFeatures === null) return d;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (Number.isInteger(maxFeatures)) {
    if (maxFeatures > d) throw new ParamError(`Expected at most ${d} (the number of features) for the maxFeatures parameter of ${owner} but received ${maxFeatures}`, 'maxFeatures');
    return maxFeatures;
  }
  return Math.max(1, Math.floor(maxFeatures * d));
}

/**
 * Resolves the hyperparameters against the data into treeGrow's settings, as scikit-learn's BaseDecisionTree.fit:
 * fractions of samples rounded up, minSamplesSplit at least 2 x minSamplesLeaf, the weight fraction times the total
 * weight.
 * @param p - the hyperparameters
 * @param n - samples (X's rows)
 * @param d - features
 * @param totalWeight - the sum of the sample weights (n without weights)
 * @param owner - the estimator's class name, for messages
 * @returns TREE_PARAM.count settings
 * @throws ParamError for a maxFeatures count above d
 */
export function resolveTreeParams(p: TreeGrowParams, n: number, d: number, totalWeight: number, owner: string): Float64Array {
  const out = new Float64Array(TREE_PARAM.count);
  const leaf = Number.isInteger(p.minSamplesLeaf) ? p.minSamplesLeaf : Math.ceil(p.minSamplesLeaf * n);
  const split = Number.isInteger(p.minSamplesSplit) ? p.minSamplesSplit : Math.max(2, Math.ceil(p.minSamplesSplit * n));
  out[TREE_PARAM.criterion] = CRITERION_CODES[p.criterion];
  out[TREE_PARAM.randomSplits] = p.splitter === 'random' ? 1 : 0;
  out[TREE_PARAM.maxDepth] = p.maxDepth ?? -1;
  out[TREE_PARAM.minSamplesSplit] = Math.max(split, 2 * leaf);
  out[TREE_PARAM.minSamplesLeaf] = Math.max(1, leaf);
  out[TREE_PARAM.minWeightLeaf] = p.minWeightFractionLeaf * totalWeight;
  out[TREE_PARAM.maxFeatures] = resolveMaxFeatures(p.maxFeatures, d, owner);
  out[TREE_PARAM.maxLeafNodes] = p.maxLeafNodes ?? -1;
  out[TREE_PARAM.minImpurityDecrease] = p.minImpurityDecrease;
  return out;
}

/**
 * X (n x d row-major) as treeGrow wants it: d x n float32 (feature-major, so each split scans one contiguous column).
 * @param x - the rows
 * @param n - rows
 * @param d - features
 * @returns the transpose, cast to float32
 */
export function transposeToFloat32(x: ArrayLike<number>, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let f = 0; f < d; f++) out[f * n + i] = x[row + f];
  }
  return out;
}

/** What every tree of a growTrees call is grown on. */
export interface GrowData {
  /** Samples. */
  n: number;
  /** Features. */
  d: number;
  /** Classes (classification criteria) or outputs (regression). */
  k: number;
  /** X transposed to d x n float32 ({@link transposeToFloat32}). */
  xt: Float32Array;
  /** n class codes in [0, k) (as float64), or n x k regression targets row-major. */
  y: Float64Array;
}

/** The trees to grow: their count, seeds and sample weights. */
export interface TreeSource {
  /** How many trees. */
  count: number;
  /**
   * At most this many samples have a nonzero weight in any one tree (default n): sizes the node slots, e.g. the draws
   * of a small bootstrap (a tree of m samples has at most 2m - 1 nodes).
   */
  samples?: number;
  /** Tree t's seed for the kernel's generator (a uint32; draws the features and random thresholds). */
  seed(t: number): number;
  /**
   * Writes tree t's sample weights into `out` (n entries, all >= 0; 0 leaves a sample out): bootstrap counts times
   * the sample weights for a forest, the sample weights for a lone tree, a subsample mask for boosting.
   */
  weights(t: number, out: Float64Array): void;
}

/** Options of growTrees. */
export interface GrowOptions {
  /**
   * scikit-learn's min_weight_fraction_leaf: when > 0, each tree's least leaf weight is this fraction of that
   * tree's total weight (overriding the settings' minWeightLeaf), as a forest's trees each resolve it on their own.
   */
  minWeightFractionLeaf?: number;
  /** Called after each batch with the trees grown so far (progress for fitAsync). */
  onBatch?: (done: number, total: number) => void;
  /** Largest number of trees per kernel call (default: from the memory a tree's slots take and the threads). */
  batch?: number;
}

/** Memory the node slots of one batch may take (a batch's trees are grown at once into preallocated slots). */
const BATCH_BYTES = 256 * 1024 * 1024;

/** One batch's buffers, reused across batches. */
interface Batch {
  size: number;
  capacity: number;
  weights: Float64Array;
  seeds: Float64Array;
  nodes: Float64Array;
  values: Float64Array;
  nodeCount: Int32Array;
}

function batchPlan(data: GrowData, params: Float64Array, options: GrowOptions, source: TreeSource): Batch {
  const total = source.count;
  const samples = Math.min(data.n, source.samples ?? data.n);
  const capacity = treeCapacity(samples, params[TREE_PARAM.maxDepth], params[TREE_PARAM.maxLeafNodes]);
  const perTree = 8 * (capacity * (NODE.fields + data.k) + data.n);
  const byThreads = Math.max(8, 4 * backendInfo().threads);
  const size = Math.max(1, Math.min(total, options.batch ?? byThreads, Math.floor(BATCH_BYTES / perTree)));
  return {
    size, capacity, weights: new Float64Array(size * data.n), seeds: new Float64Array(size),
    nodes: new Float64Array(size * capacity * NODE.fields), values: new Float64Array(size * capacity * data.k),
    nodeCount: new Int32Array(size),
  };
}

/**
 * Fills the batch from trees [first, first + count) and returns the settings of its trees and how many it took: the
 * batch ends early at a tree whose least leaf weight differs (only when minWeightFractionLeaf follows each tree's
 * total weight), since one kernel call has one set of settings.
 */
function fillBatch(b: Batch, source: TreeSource, first: number, count: number, data: GrowData, params: Float64Array,
  options: GrowOptions): { params: Float64Array; count: number } {
  const n = data.n;
  const frac = options.minWeightFractionLeaf ?? 0;
  let settings = params;
  let taken = 0;
  for (; taken < count; taken++) {
    const w = b.weights.subarray(taken * n, (taken + 1) * n);
    w.fill(0);
    source.weights(first + taken, w);
    if (frac > 0) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += w[i];
      const leafWeight = frac * sum;
      if (taken === 0) {
        settings = params.slice();
        settings[TREE_PARAM.minWeightLeaf] = leafWeight;
      } else if (leafWeight !== settings[TREE_PARAM.minWeightLeaf]) break;
    }
    b.seeds[taken] = kernelSeed(source.seed(first + taken));
  }
  return { params: settings, count: taken };
}

/** A uint32 seed the kernel's xorshift32 can use (0 is its fixed point, so it becomes 1). */
function kernelSeed(seed: number): number {
  return seed >>> 0 || 1;
}

/** The views of one kernel call over the first `count` slots of a batch. */
function callArgs(b: Batch, count: number, data: GrowData) {
  const { n, k } = data;
  return {
    weights: b.weights.subarray(0, count * n), seeds: b.seeds.subarray(0, count),
    nodes: b.nodes.subarray(0, count * b.capacity * NODE.fields), values: b.values.subarray(0, count * b.capacity * k),
    nodeCount: b.nodeCount.subarray(0, count),
  };
}

/**
 * After the first batch, before it is added, makes room in the builder for all `total` trees (their nodes estimated
 * from the first batch's, with a margin), so that a forest's node arrays are allocated about once instead of doubling.
 */
function expectMore(builder: FlatTreesBuilder, nodeCount: Int32Array, total: number): void {
  if (total <= nodeCount.length) return;
  let nodes = 0;
  for (const c of nodeCount) nodes += c;
  builder.expectNodes((nodes / nodeCount.length) * total * 1.05);
}

/**
 * Grows `source.count` trees and appends them to `builder`, in batches of one treeGrow call each.
 * @param data - X transposed, y, sizes
 * @param params - settings from {@link resolveTreeParams}
 * @param source - the trees' seeds and weights
 * @param builder - collects the trees (values as the kernel writes them: weighted class counts, or means / medians)
 * @param options - minWeightFractionLeaf per tree, onBatch progress, batch size
 * @throws RangeError when the kernel refuses the input (non-finite values, bad codes)
 */
export function growTrees(data: GrowData, params: Float64Array, source: TreeSource, builder: FlatTreesBuilder, options: GrowOptions = {}): void {
  const total = source.count;
  if (total === 0) return;
  const b = batchPlan(data, params, options, source);
  for (let done = 0; done < total;) {
    const { params: settings, count } = fillBatch(b, source, done, Math.min(b.size, total - done), data, params, options);
    const a = callArgs(b, count, data);
    kernels().treeGrow(data.n, data.d, data.k, data.xt, data.y, a.weights, a.seeds, settings, b.capacity, a.nodes, a.values, a.nodeCount);
    if (done === 0) expectMore(builder, a.nodeCount, total);
    builder.addGrown(a.nodes, a.values, a.nodeCount, b.capacity);
    done += count;
    options.onBatch?.(done, total);
  }
}

/**
 * {@link growTrees} off the event loop: each batch runs as one treeGrowAsync call (the native worker pool; WASM and
 * JS run it on this thread).
 * @param data - X transposed, y, sizes
 * @param params - settings from {@link resolveTreeParams}
 * @param source - the trees' seeds and weights
 * @param builder - collects the trees
 * @param options - as growTrees, plus signal: stops between batches (rejects with the signal's reason)
 * @returns when every tree is grown
 */
export async function growTreesAsync(data: GrowData, params: Float64Array, source: TreeSource, builder: FlatTreesBuilder,
  options: GrowOptions & { signal?: AbortSignal } = {}): Promise<void> {
  const total = source.count;
  if (total === 0) return;
  const b = batchPlan(data, params, options, source);
  for (let done = 0; done < total;) {
    options.signal?.throwIfAborted();
    const { params: settings, count } = fillBatch(b, source, done, Math.min(b.size, total - done), data, params, options);
    const a = callArgs(b, count, data);
    await kernels().treeGrowAsync(data.n, data.d, data.k, data.xt, data.y, a.weights, a.seeds, settings, b.capacity, a.nodes, a.values, a.nodeCount);
    if (done === 0) expectMore(builder, a.nodeCount, total);
    builder.addGrown(a.nodes, a.values, a.nodeCount, b.capacity);
    done += count;
    options.onBatch?.(done, total);
  }
}

/**
 * The seeds of trees [skip, skip + count) of a model seeded with randomState: the master generator's draws in order,
 * so a warm-started forest of 5 + 5 trees has the trees of a 10-tree forest (as scikit-learn's warm start). Each seed
 * drives the tree's bootstrap draw ({@link bootstrapCounts}) and, derived, the kernel's generator ({@link splitSeed}).
 * @param randomState - the seed, or null for a fresh one
 * @param skip - trees already grown
 * @param count - trees to seed
 * @returns count uint32 seeds
 */
export function treeSeeds(randomState: number | null, skip: number, count: number): Float64Array {
  const master = rngFor(randomState);
  for (let t = 0; t < skip; t++) master.seed();
  return Float64Array.from({ length: count }, () => master.seed());
}

/**
 * The kernel's seed of a tree (its feature and threshold draws), kept apart from the tree's bootstrap draw.
 * @param treeSeed - the tree's seed from {@link treeSeeds}
 * @returns a uint32
 */
export function splitSeed(treeSeed: number): number {
  return deriveSeed(treeSeed, 1);
}

/**
 * A bootstrap sample as counts: `draws` rows drawn with replacement, uniformly or, with weights, with probability
 * proportional to the weight (scikit-learn 1.9's _generate_sample_indices).
 * @param treeSeed - the tree's seed
 * @param n - rows
 * @param draws - rows to draw
 * @param weights - sample weights, or undefined
 * @param out - n counts, overwritten (fresh when omitted)
 * @returns out
 */
export function bootstrapCounts(treeSeed: number, n: number, draws: number, weights?: Float64Array, out: Float64Array = new Float64Array(n)): Float64Array {
  const rng = new Random(treeSeed);
  out.fill(0);
  if (weights === undefined) {
    for (let i = 0; i < draws; i++) out[rng.int(n)] += 1;
    return out;
  }
  const cumulative = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cumulative[i] = acc += weights[i];
  for (let i = 0; i < draws; i++) {
    const target = rng.next() * acc;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    out[lo] += 1;
  }
  return out;
}

/**
 * Runs fn with the native thread pool at `nJobs` threads (scikit-learn's n_jobs: null keeps the pool as it is, -1 all
 * cores), restoring the previous count afterwards. WASM and JS are single-threaded and ignore it.
 * @param nJobs - threads, -1, or null
 * @param fn - the work
 * @returns fn's result
 */
export function withThreads<T>(nJobs: number | null, fn: () => T): T {
  const info = backendInfo();
  if (nJobs === null || info.backend !== 'native') return fn();
  const wanted = nJobs === -1 ? Math.min(64, availableCores()) : Math.min(64, nJobs);
  if (wanted === info.threads) return fn();
  setThreads(wanted);
  try {
    return fn();
  } finally {
    setThreads(info.threads);
  }
}


/**
 * The total of the weights, refusing an all-zero set (no tree can be grown on it).
 * @param weights - sample weights, or undefined for n ones
 * @param n - samples
 * @returns the sum
 * @throws RangeError when every weight is 0
 */
export function totalWeight(weights: Float64Array | undefined, n: number): number {
  if (weights === undefined) return n;
  let s = 0;
  for (let i = 0; i < n; i++) s += weights[i];
  if (!(s > 0)) throw rangeError(`Expected sample weights with a positive sum but received weights summing to ${s}`);
  return s;
}
