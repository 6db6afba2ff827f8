/**
 * What DecisionTreeClassifier and DecisionTreeRegressor share: growing the one tree on treeGrow, and the questions
 * asked of a fitted tree (apply, decisionPath, depth, leaves, tree_, feature importances).
 */
import { Tensor } from '../../trueno/tensor';
import type { Matrix } from '../base/input';
import { applyTrees, FlatTreesBuilder, predictTrees, type FlatTrees } from './flat-trees';
import { growTrees, resolveTreeParams, splitSeed, totalWeight, transposeToFloat32, treeSeeds, type TreeGrowParams } from './grow';
import { pruneTrees } from './prune';
import { decisionPath, normalizeClassValues, rowsFloat32, treeImportances, type DecisionPath } from './structure';

/** Hyperparameters of a lone tree. */
export interface DecisionTreeParams extends TreeGrowParams {
  /** Minimal cost-complexity pruning: collapse every subtree whose effective alpha is at most this (default 0, none). */
  ccpAlpha: number;
  /** Seed of the feature (and, for splitter 'random', threshold) draws; null for a fresh one per fit. */
  randomState: number | null;
}

/** What fitting one tree needs. */
export interface OneTreeFit {
  owner: string;
  params: DecisionTreeParams;
  m: Matrix;
  /** Class codes (as float64) or n x k targets. */
  y: Float64Array;
  k: number;
  /** Sample weights times class weights, or undefined. */
  weights: Float64Array | undefined;
  classification: boolean;
}

/**
 * Grows the tree (scikit-learn's BaseDecisionTree._fit) and returns it, classifier values as class fractions, pruned
 * with ccpAlpha.
 * @param fit - the data and settings
 * @returns the tree in the flat layout
 * @throws RangeError for weights summing to 0; ParamError for a maxFeatures above the feature count
 */
export function fitOneTree(fit: OneTreeFit): FlatTrees {
  const { m, k, weights } = fit;
  const n = m.rows;
  const d = m.cols;
  const settings = resolveTreeParams(fit.params, n, d, totalWeight(weights, n), fit.owner);
  const seed = treeSeeds(fit.params.randomState, 0, 1)[0];
  const builder = new FlatTreesBuilder(k, undefined, true);
  growTrees({ n, d, k, xt: transposeToFloat32(m.data, n, d), y: fit.y }, settings, {
    count: 1,
    seed: () => splitSeed(seed),
    weights: (_t, out) => (weights ? out.set(weights) : out.fill(1)),
  }, builder);
  const trees = builder.build();
  if (fit.classification) normalizeClassValues(trees);
  return fit.params.ccpAlpha > 0 ? pruneTrees(trees, fit.params.ccpAlpha) : trees;
}

/**
 * The tree's values at each row's leaf (class fractions or regression values).
 * @param trees - the tree
 * @param m - X, checked
 * @returns n x k
 */
export function leafValues(trees: FlatTrees, m: Matrix): Float64Array {
  return predictTrees(trees, rowsFloat32(m.data), m.rows, m.cols, Float64Array.of(1));
}

/**
 * The leaf each row ends in (scikit-learn's apply).
 * @param trees - the tree
 * @param m - X, checked
 * @returns n node indices
 */
export function treeApply(trees: FlatTrees, m: Matrix): Int32Array {
  return applyTrees(trees, rowsFloat32(m.data), m.rows, m.cols);
}

/**
 * The nodes each row passes through.
 * @param trees - the tree
 * @param m - X, checked
 * @returns the CSR path
 */
export function treeDecisionPath(trees: FlatTrees, m: Matrix): DecisionPath {
  return decisionPath(trees, rowsFloat32(m.data), m.rows, m.cols);
}

/**
 * The tree's impurity-based importances as a Tensor.
 * @param trees - the tree
 * @param d - features
 * @returns d importances summing to 1 (0 for a lone root)
 */
export function importancesOf(trees: FlatTrees, d: number): Tensor<'float64'> {
  return Tensor.from(treeImportances(trees, 0, d)) as Tensor<'float64'>;
}
