/**
 * What the forests share (scikit-learn's BaseForest): the parameters, growing the trees in batches on treeGrow (each
 * tree on its own bootstrap draw or on every sample), warm start, the out-of-bag predictions, and averaging the trees
 * on forestPredict.
 */
import { Tensor } from '../../trueno/tensor';
import type { Estimator } from '../base/estimator';
import type { Matrix } from '../base/input';
import { anyOf, boolean, callable, custom, integer, nullable, real } from '../base/params';
import { ParamError, rangeError } from '../errors';
import { subsampleClassFactors } from '../tree/class-weight';
import { applyTrees, FlatTreesBuilder, predictTrees, type FlatTrees } from '../tree/flat-trees';
import {
  bootstrapCounts, growTrees, resolveTreeParams, splitSeed, totalWeight, transposeToFloat32, treeSeeds, withThreads,
  type TreeGrowParams,
} from '../tree/grow';
import { ccpAlphaParam, growthParams } from '../tree/params';
import { pruneTrees } from '../tree/prune';
import {
  decisionPath, forestImportances, normalizeClassValues, rowsFloat32, sliceTree, treeImportances, type DecisionPath,
} from '../tree/structure';

/** An out-of-bag metric: (true targets, out-of-bag predictions) => score. */
export type OobMetric = (yTrue: unknown, yPred: unknown) => number;

/** The hyperparameters every forest has. */
export interface ForestParams extends Omit<TreeGrowParams, 'splitter'> {
  /** Trees in the forest (default 100). */
  nEstimators: number;
  /** Minimal cost-complexity pruning of each tree (default 0, none). */
  ccpAlpha: number;
  /**
   * Grow each tree on a bootstrap draw of the samples (default true for random forests, false for extra trees). With
   * sampleWeight (and class weights) the rows are drawn with probability proportional to their weight and each tree
   * weighs its rows by how often they were drawn, as scikit-learn 1.9; without bootstrap the weights go to the trees.
   */
  bootstrap: boolean;
  /** Score the forest on each sample's out-of-bag trees (needs bootstrap): true for accuracy / R², or a metric. */
  oobScore: boolean | OobMetric;
  /**
   * Threads of the native pool while fitting and predicting (the trees of a batch grow in parallel, one per thread;
   * prediction splits the rows). null keeps the pool's setting (trueno's setThreads), -1 uses every core. The count
   * is set for the call and restored after; WASM and JS run single-threaded.
   */
  nJobs: number | null;
  /** Seed of the bootstrap draws and the split draws; null for fresh ones per fit. */
  randomState: number | null;
  /** fit adds trees up to nEstimators to the trees of the last fit instead of starting over (fit only, not fitAsync). */
  warmStart: boolean;
  /** With bootstrap: rows drawn per tree, a count, or a fraction in (0, 1) of the samples (or of the total weight); null for n. */
  maxSamples: number | null;
}

/**
 * The parameter table entries every forest has.
 * @param bootstrap - the default of bootstrap
 * @param maxFeatures - the default of maxFeatures
 * @returns the entries
 */
export function forestParams(bootstrap: boolean, maxFeatures: TreeGrowParams['maxFeatures']) {
  return {
    nEstimators: [integer({ min: 1 }), 100],
    ...growthParams(maxFeatures),
    ccpAlpha: ccpAlphaParam,
    bootstrap: [boolean(), bootstrap],
    oobScore: [anyOf(boolean(), callable()), false],
    nJobs: [custom('null, -1 or an integer >= 1', (v) => v === null || v === -1 || (typeof v === 'number' && Number.isInteger(v) && v >= 1)), null],
    warmStart: [boolean(), false],
    maxSamples: [nullable(anyOf(integer({ min: 1 }), real({ min: 0, max: 1, closed: 'neither' }))), null],
  } as const;
}

/** The trees of an earlier fit to continue from (warm start). */
export interface WarmTrees {
  trees: FlatTrees;
  seeds: Float64Array;
}

/** What growing a forest needs. */
export interface ForestGrowth {
  owner: string;
  params: ForestParams;
  splitter: 'best' | 'random';
  m: Matrix;
  /** Class codes (as float64) or n x k targets. */
  y: Float64Array;
  k: number;
  classification: boolean;
  /**
   * Sample weights times class weights, or undefined: with bootstrap they weight the draw (scikit-learn 1.9), else
   * they are each tree's sample weights.
   */
  weights: Float64Array | undefined;
  /** 'balanced_subsample' with bootstrap: the class codes to balance each draw over. */
  subsample?: { codes: Int32Array; nClasses: number };
  /** Trees to keep (warm start). */
  previous?: WarmTrees;
  /** Progress: trees done of the total. */
  report(done: number, total: number): void;
}

/**
 * Checks the parameters that depend on each other (scikit-learn raises the same).
 * @param p - the parameters
 * @param owner - the class name
 * @throws ParamError for oobScore or maxSamples without bootstrap
 */
export function checkForestParams(p: ForestParams, owner: string): void {
  if (p.oobScore !== false && !p.bootstrap) throw new ParamError(`Expected bootstrap: true for the oobScore parameter of ${owner} (out-of-bag estimates need bootstrap draws) but received bootstrap false`, 'oobScore');
  if (p.maxSamples !== null && !p.bootstrap) throw new ParamError(`Expected bootstrap: true for the maxSamples parameter of ${owner} (it sizes the bootstrap draw) but received bootstrap false`, 'maxSamples');
}

/**
 * Rows drawn per tree (scikit-learn's _get_n_samples_bootstrap).
 * @param p - the parameters
 * @param n - samples
 * @param weights - the draw weights, or undefined
 * @returns the count
 */
function bootstrapSize(p: ForestParams, n: number, weights: Float64Array | undefined): number {
  const ms = p.maxSamples;
  if (ms === null) return n;
  if (Number.isInteger(ms)) return ms;
  return Math.max(Math.floor(ms * totalWeight(weights, n)), 1);
}

/**
 * Grows the forest's new trees (all of them, or those beyond the previous fit's) and returns the whole forest.
 * @param g - the data and settings
 * @returns the trees (classifier values as class fractions) and each tree's seed
 * @throws ParamError for nEstimators below the trees kept; RangeError for weights summing to 0
 */
export function growForest(g: ForestGrowth): WarmTrees {
  const { m, k, params: p, weights } = g;
  const n = m.rows;
  const d = m.cols;
  const kept = g.previous?.seeds.length ?? 0;
  if (p.nEstimators < kept) throw new ParamError(`Expected at least ${kept} (the trees already grown) for the nEstimators parameter of ${g.owner} with warmStart but received ${p.nEstimators}`, 'nEstimators');
  const more = p.nEstimators - kept;
  const seeds = new Float64Array(p.nEstimators);
  if (g.previous) seeds.set(g.previous.seeds);
  seeds.set(treeSeeds(p.randomState, kept, more), kept);
  const sum = totalWeight(weights, n);
  const settings = resolveTreeParams({ ...p, splitter: g.splitter }, n, d, sum, g.owner);
  const builder = new FlatTreesBuilder(k, g.previous?.trees, true);
  const firstNew = g.previous?.trees.feature.length ?? 0;
  const draws = bootstrapSize(p, n, weights);
  const factors = g.subsample ? new Float64Array(n) : undefined;
  const treeWeights = (t: number, out: Float64Array<ArrayBuffer>): void => {
    if (!p.bootstrap) {
      if (weights) out.set(weights);
      else out.fill(1);
      return;
    }
    bootstrapCounts(seeds[kept + t], n, draws, weights, out);
    if (g.subsample && factors) {
      subsampleClassFactors(out, g.subsample.codes, g.subsample.nClasses, factors);
      for (let i = 0; i < n; i++) out[i] *= factors[i];
    }
  };
  withThreads(p.nJobs, () => growTrees({ n, d, k, xt: transposeToFloat32(m.data, n, d), y: g.y }, settings, {
    count: more, seed: (t) => splitSeed(seeds[kept + t]), weights: treeWeights, samples: p.bootstrap ? draws : n,
  }, builder, {
    minWeightFractionLeaf: p.minWeightFractionLeaf,
    onBatch: (done) => g.report(kept + done, p.nEstimators),
  }));
  const trees = builder.build();
  if (g.classification) normalizeClassValues(trees, firstNew);
  return { trees: p.ccpAlpha > 0 ? pruneTrees(trees, p.ccpAlpha, kept) : trees, seeds };
}

/**
 * The mean over the trees of each row's leaf values (class fractions: predict_proba; or regression values).
 * @param trees - the forest
 * @param m - X, checked
 * @param nJobs - the nJobs parameter
 * @returns n x k
 */
export function forestMean(trees: FlatTrees, m: Matrix, nJobs: number | null): Float64Array {
  const count = trees.roots.length;
  // One pass: the kernel packs the trees a cache-sized chunk at a time itself (forest_predict.c).
  return withThreads(nJobs, () => predictTrees(trees, rowsFloat32(m.data), m.rows, m.cols, new Float64Array(count).fill(1 / count)));
}

/**
 * Out-of-bag predictions (scikit-learn's _compute_oob_predictions): each sample's mean over the trees whose bootstrap
 * draw left it out; a sample in every draw gets 0 (as scikit-learn, which warns).
 * @param g - the growth the trees came from (its X, weights and parameters)
 * @param forest - the trees and seeds
 * @returns n x k means
 */
export function oobPredictions(g: ForestGrowth, forest: WarmTrees): Float64Array {
  const { m, k } = g;
  const n = m.rows;
  const { trees, seeds } = forest;
  const x = rowsFloat32(m.data);
  const draws = bootstrapSize(g.params, n, g.weights);
  const sums = new Float64Array(n * k);
  const hits = new Float64Array(n);
  const counts = new Float64Array(n);
  const total = seeds.length;
  // every row's leaf in a chunk of trees at once (one native pass), then the out-of-bag ones added tree by tree
  const chunk = Math.max(1, Math.min(total, Math.floor(OOB_LEAVES / n)));
  for (let first = 0; first < total; first += chunk) {
    const end = Math.min(total, first + chunk);
    const leaves = withThreads(g.params.nJobs, () => applyTrees(trees, x, n, m.cols, [first, end]));
    const width = end - first;
    for (let t = first; t < end; t++) {
      bootstrapCounts(seeds[t], n, draws, g.weights, counts);
      const root = trees.roots[t];
      for (let i = 0; i < n; i++) {
        if (counts[i] !== 0) continue;
        const v = (root + leaves[i * width + t - first]) * k;
        for (let c = 0; c < k; c++) sums[i * k + c] += trees.values[v + c];
        hits[i] += 1;
      }
    }
  }
  for (let i = 0; i < n; i++) if (hits[i] > 0) for (let c = 0; c < k; c++) sums[i * k + c] /= hits[i];
  return sums;
}

/** Leaves (n x trees int32) found per native pass of the out-of-bag predictions: bounds their memory to 16 MB. */
const OOB_LEAVES = 4 * 1024 * 1024;

/**
 * The forest's feature importances as a Tensor.
 * @param trees - the forest
 * @param d - features
 * @returns d importances (mean of the trees', normalized)
 */
export function forestImportanceTensor(trees: FlatTrees, d: number): Tensor<'float64'> {
  return Tensor.from(forestImportances(trees, d)) as Tensor<'float64'>;
}

/**
 * The leaf of each row in each tree (scikit-learn's forest apply).
 * @param trees - the forest
 * @param m - X, checked
 * @param nJobs - the nJobs parameter
 * @returns an n x trees int32 Tensor of node indices within each tree
 */
export function forestApplyTensor(trees: FlatTrees, m: Matrix, nJobs: number | null): Tensor {
  const out = withThreads(nJobs, () => applyTrees(trees, rowsFloat32(m.data), m.rows, m.cols));
  return Tensor.from(out, [m.rows, trees.roots.length]);
}

/**
 * The nodes each row passes through in every tree (scikit-learn's forest decision_path), as one CSR matrix whose
 * columns are every tree's nodes in turn: tree t's node j is column nNodesPtr[t] + j.
 * @param trees - the forest
 * @param m - X, checked
 * @returns the path
 */
export function forestDecisionPath(trees: FlatTrees, m: Matrix): DecisionPath {
  return decisionPath(trees, rowsFloat32(m.data), m.rows, m.cols);
}

/**
 * The previous fit's trees to continue from, when warmStart applies, checked against this fit's X.
 * @param warmStart - the parameter
 * @param previous - the previous fit's trees, seeds and feature count (undefined before any fit)
 * @param d - this X's features
 * @param owner - the class name
 * @returns the trees to keep, or undefined
 * @throws RangeError when X has another number of features than the kept trees
 */
export function warmTrees(warmStart: boolean, previous: (WarmTrees & { nFeatures: number }) | undefined, d: number, owner: string): WarmTrees | undefined {
  if (!warmStart || previous === undefined) return undefined;
  if (previous.nFeatures !== d) throw rangeError(`Expected X with ${previous.nFeatures} features (those of the trees kept by warmStart) for ${owner} but received ${d}`);
  return previous;
}

/**
 * The forest's trees as fitted decision-tree estimators (scikit-learn's estimators_): each holds its own copy of its
 * tree and the forest's classes or outputs, with the forest's tree parameters and the tree's seed.
 * @param trees - the forest
 * @param d - features
 * @param make - a fresh tree estimator for tree t
 * @param shared - learned state every tree shares with the forest (classes_, nOutputs_, nFeaturesIn_, ...)
 * @returns one fitted estimator per tree
 */
export function treeEstimators<E extends Estimator>(trees: FlatTrees, d: number, make: (t: number) => E, shared: Record<string, unknown>): E[] {
  return Array.from({ length: trees.roots.length }, (_, t) => {
    const est = make(t);
    est.restoreState({ ...shared, trees_: sliceTree(trees, t), featureImportances_: Tensor.from(treeImportances(trees, t, d)) });
    return est;
  });
}

/**
 * The tree parameters a forest hands its trees (scikit-learn's estimator_params).
 * @param p - the forest's parameters
 * @param splitter - the forest's splitter
 * @param seed - the tree's seed
 * @returns the options of a DecisionTree*
 */
export function treeOptions(p: ForestParams & { criterion: string }, splitter: 'best' | 'random', seed: number): Record<string, unknown> {
  return {
    criterion: p.criterion, splitter, maxDepth: p.maxDepth, minSamplesSplit: p.minSamplesSplit, minSamplesLeaf: p.minSamplesLeaf,
    minWeightFractionLeaf: p.minWeightFractionLeaf, maxFeatures: p.maxFeatures, maxLeafNodes: p.maxLeafNodes,
    minImpurityDecrease: p.minImpurityDecrease, ccpAlpha: p.ccpAlpha, randomState: seed,
  };
}
