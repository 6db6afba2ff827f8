/**
 * The trees of classic gradient boosting: one regression tree per raw column and stage, grown on the negative
 * gradient through the shared CART growth (lib/aprender/tree/grow.ts on trueno's treeGrow), as scikit-learn's
 * _fit_stage grows a DecisionTreeRegressor(splitter='best'); the leaf each training row reaches (forestApply), which
 * the line search groups rows by; and the impurity-based feature importances of the whole model.
 */
import { FlatTreesBuilder, NODE, applyTrees, treeRange, type FlatTrees } from '../tree/flat-trees';
import { TREE_PARAM, growTrees, resolveTreeParams, transposeToFloat32, type TreeGrowParams } from '../tree/grow';
import { pruneTrees } from '../tree/prune';
import { treeImportances } from '../tree/structure';

/** The tree hyperparameters of a boosting fit (scikit-learn's, resolved per fit against the training rows). */
export type TreeSettings = Omit<TreeGrowParams, 'splitter' | 'criterion'> & {
  criterion: 'friedman_mse' | 'squared_error';
  /** Minimal cost-complexity pruning of each tree as it is grown (0: none). */
  ccpAlpha: number;
};

/** One grown tree and where the training rows fall in it. */
export interface GrownTree {
  /** The tree alone (k = 1; values: the weighted mean of the target in each node). */
  tree: FlatTrees;
  /** The node (index within the tree) each training row reaches. */
  leaves: Int32Array;
}

/** Grows the stage trees of one fit. */
export interface StageGrower {
  /** The number of features each split draws (scikit-learn's max_features_). */
  readonly maxFeatures: number;
  /**
   * Grows one regression tree.
   * @param target - the negative gradient of one raw column, one value per training row
   * @param weights - the rows' weights (0 for rows out of the bag)
   * @param seed - the tree's seed (its feature draws)
   * @returns the tree and each training row's leaf
   */
  grow(target: Float64Array, weights: Float64Array, seed: number): GrownTree;
}

/**
 * Prepares the growth of a fit's trees: X transposed once, the settings resolved once (min_weight_fraction_leaf is
 * resolved per tree, against that tree's weights, as scikit-learn's per-stage trees do). Each tree is pruned with
 * ccpAlpha before the rows are placed in its leaves, as scikit-learn's tree prunes within its fit.
 * @param x - the training rows, float32 n x d
 * @param n - rows
 * @param d - features
 * @param settings - the tree hyperparameters
 * @param owner - the estimator's class name, for messages
 * @returns the grower
 * @throws ParamError for a maxFeatures count above d
 */
export function stageGrower(x: Float32Array, n: number, d: number, settings: TreeSettings, owner: string): StageGrower {
  const xt = transposeToFloat32(x, n, d);
  const params = resolveTreeParams({ ...settings, splitter: 'best' }, n, d, n, owner);
  const options = { minWeightFractionLeaf: settings.minWeightFractionLeaf };
  return {
    maxFeatures: params[TREE_PARAM.maxFeatures],
    grow(target, weights, seed) {
      const builder = new FlatTreesBuilder(1, undefined, true);
      growTrees({ n, d, k: 1, xt, y: target }, params, { count: 1, seed: () => seed, weights: (_, out) => out.set(weights) }, builder, options);
      const grown = builder.build();
      const tree = settings.ccpAlpha > 0 ? pruneTrees(grown, settings.ccpAlpha) : grown;
      return { tree, leaves: applyTrees(tree, x, n, d) };
    },
  };
}

/**
 * A lone tree (k = 1, from a StageGrower) as treeGrow's node records, for FlatTreesBuilder.addGrown (which keeps the
 * node statistics the importances need).
 * @param tree - the tree, its nodes indexed from 0
 * @returns nodes x NODE.fields records
 */
export function nodeRecords(tree: FlatTrees): Float64Array {
  const count = tree.feature.length;
  const out = new Float64Array(count * NODE.fields);
  for (let i = 0; i < count; i++) {
    const r = i * NODE.fields;
    out[r + NODE.feature] = tree.feature[i];
    out[r + NODE.threshold] = tree.threshold[i];
    out[r + NODE.left] = tree.children[2 * i];
    out[r + NODE.right] = tree.children[2 * i + 1];
    out[r + NODE.impurity] = (tree.impurity as Float64Array)[i];
    out[r + NODE.samples] = (tree.nodeSamples as Float64Array)[i];
    out[r + NODE.weight] = (tree.nodeWeight as Float64Array)[i];
  }
  return out;
}

/**
 * Impurity-based feature importances of a boosting model (scikit-learn's BaseGradientBoosting.feature_importances_):
 * the mean over the trees that split of each tree's weighted impurity decreases per feature divided by the root's
 * weight (not normalized per tree, unlike a forest's), then normalized to sum 1. The per-tree sums come from
 * treeImportances, which normalizes them: its normalized values times the tree's total decrease (the root's impurity
 * less its leaves' weighted impurities, over the root's weight, by telescoping) are the unnormalized ones.
 * @param trees - the model's trees (with impurity and nodeWeight)
 * @param d - the number of features
 * @returns d importances summing to 1 (all 0 when no tree splits)
 */
export function featureImportances(trees: FlatTrees, d: number): Float64Array {
  const out = new Float64Array(d);
  const imp = trees.impurity as Float64Array;
  const w = trees.nodeWeight as Float64Array;
  let used = 0;
  for (let t = 0; t < trees.roots.length; t++) {
    const [start, end] = treeRange(trees, t);
    if (end - start <= 1) continue;
    let decrease = imp[start];
    for (let i = start; i < end; i++) if (trees.feature[i] < 0) decrease -= (w[i] / w[start]) * imp[i];
    const normalized = treeImportances(trees, t, d);
    for (let f = 0; f < d; f++) out[f] += normalized[f] * decrease;
    used++;
  }
  if (used === 0) return out;
  let sum = 0;
  for (let f = 0; f < d; f++) sum += out[f];
  if (sum > 0) for (let f = 0; f < d; f++) out[f] /= sum;
  return out;
}
