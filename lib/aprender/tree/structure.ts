/**
 * What the tree models read off their fitted trees (FlatTrees): scikit-learn's tree_ arrays, depth and leaf counts,
 * impurity-based feature importances (MDI), decision paths, and the class fractions that predict_proba averages.
 */
import { treeRange, type FlatTrees } from './flat-trees';

/**
 * One fitted tree in scikit-learn's `tree_` terms (node indices from 0, the root first, children after parents).
 */
export interface TreeView {
  /** Number of nodes. */
  nodeCount: number;
  /** Left child of each node, -1 for a leaf. */
  childrenLeft: Int32Array;
  /** Right child of each node, -1 for a leaf. */
  childrenRight: Int32Array;
  /** Feature tested at each node, -2 for a leaf (scikit-learn's TREE_UNDEFINED). */
  feature: Int32Array;
  /** Threshold at each node (x <= threshold goes left), -2 for a leaf. */
  threshold: Float64Array;
  /** Impurity at each node. */
  impurity: Float64Array;
  /** Training samples (with a nonzero weight) that reached each node. */
  nNodeSamples: Int32Array;
  /** Their total weight. */
  weightedNNodeSamples: Float64Array;
  /**
   * nodeCount x k values: class fractions (classifiers, as scikit-learn >= 1.4) or the mean / median of each output
   * (regressors).
   */
  value: Float64Array;
  /** Values per node: classes or outputs. */
  k: number;
  /** The depth of the tree (0 for a lone root). */
  maxDepth: number;
  /** The number of leaves. */
  nLeaves: number;
}

/**
 * Turns the weighted class counts treeGrow writes into fractions, for the nodes from `first` on (the leaf fractions
 * are what predictProba averages, scikit-learn's tree_.value since 1.4). Nodes without weight keep zeros.
 * @param trees - the trees (values changed in place)
 * @param first - the first node to normalize (the new trees of a warm start)
 */
export function normalizeClassValues(trees: FlatTrees, first = 0): void {
  const { k, values } = trees;
  for (let i = first; i < trees.feature.length; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += values[i * k + j];
    if (s > 0) for (let j = 0; j < k; j++) values[i * k + j] /= s;
  }
}

/**
 * Tree t's depth: the most edges from its root to a leaf.
 * @param trees - the trees
 * @param t - the tree
 * @returns the depth
 */
export function treeDepth(trees: FlatTrees, t: number): number {
  const [start, end] = treeRange(trees, t);
  const depth = new Int32Array(end - start);
  let max = 0;
  // children come after their parent, so one forward pass sees every parent first
  for (let i = start; i < end; i++) {
    if (trees.feature[i] < 0) continue;
    const dChild = depth[i - start] + 1;
    depth[trees.children[2 * i] - start] = dChild;
    depth[trees.children[2 * i + 1] - start] = dChild;
    if (dChild > max) max = dChild;
  }
  return max;
}

/**
 * Tree t's number of leaves.
 * @param trees - the trees
 * @param t - the tree
 * @returns the count
 */
export function treeLeaves(trees: FlatTrees, t: number): number {
  const [start, end] = treeRange(trees, t);
  let leaves = 0;
  for (let i = start; i < end; i++) if (trees.feature[i] < 0) leaves++;
  return leaves;
}

/**
 * Tree t's impurity-based importances (scikit-learn's compute_feature_importances): each split's weighted impurity
 * decrease added to its feature, divided by the root's weight, then normalized to sum 1 (all 0 for a lone root).
 * @param trees - the trees (with impurity and nodeWeight, as treeGrow writes them)
 * @param t - the tree
 * @param d - the number of features
 * @returns d importances
 */
export function treeImportances(trees: FlatTrees, t: number, d: number): Float64Array {
  const [start, end] = treeRange(trees, t);
  const out = new Float64Array(d);
  const imp = trees.impurity as Float64Array;
  const w = trees.nodeWeight as Float64Array;
  for (let i = start; i < end; i++) {
    const f = trees.feature[i];
    if (f < 0) continue;
    const l = trees.children[2 * i];
    const r = trees.children[2 * i + 1];
    out[f] += w[i] * imp[i] - w[l] * imp[l] - w[r] * imp[r];
  }
  const root = w[start];
  let sum = 0;
  for (let f = 0; f < d; f++) sum += (out[f] /= root);
  if (sum > 0) for (let f = 0; f < d; f++) out[f] /= sum;
  return out;
}

/**
 * The importances of a forest (scikit-learn's BaseForest.feature_importances_): the mean of the trees' normalized
 * importances over the trees that split at all, normalized again.
 * @param trees - the trees
 * @param d - the number of features
 * @returns d importances (all 0 when no tree splits)
 */
export function forestImportances(trees: FlatTrees, d: number): Float64Array {
  const out = new Float64Array(d);
  let used = 0;
  for (let t = 0; t < trees.roots.length; t++) {
    const [start, end] = treeRange(trees, t);
    if (end - start <= 1) continue;
    const imp = treeImportances(trees, t, d);
    for (let f = 0; f < d; f++) out[f] += imp[f];
    used++;
  }
  if (used === 0) return out;
  let sum = 0;
  for (let f = 0; f < d; f++) sum += (out[f] /= used);
  if (sum > 0) for (let f = 0; f < d; f++) out[f] /= sum;
  return out;
}

/** A decision path in compressed sparse row form (scikit-learn's decision_path indicator matrix, as CSR). */
export interface DecisionPath {
  /**
   * n + 1 offsets: the nodes row i passes through are indices[indptr[i] .. indptr[i + 1]), ascending (the root
   * first, the leaf last within each tree).
   */
  indptr: Int32Array;
  /** Node ids: within the tree for a lone tree; for a forest, tree t's node j is nNodesPtr[t] + j. */
  indices: Int32Array;
  /** The number of columns of the indicator matrix (every node of every tree). */
  nNodes: number;
  /** For a forest: nNodesPtr[t] is the column of tree t's root (trees + 1 entries, the last = nNodes). */
  nNodesPtr: Int32Array;
}

/**
 * The nodes each row passes through in trees [first, end) (x as float32, compared as float64 as the kernels do).
 * @param trees - the trees
 * @param x - n x d rows
 * @param n - rows
 * @param d - features
 * @param first - the first tree
 * @param end - one past the last tree
 * @returns the path as CSR
 */
export function decisionPath(trees: FlatTrees, x: Float32Array, n: number, d: number, first = 0, end = trees.roots.length): DecisionPath {
  const base = trees.roots[first] ?? 0;
  const nNodesPtr = new Int32Array(end - first + 1);
  for (let t = first; t < end; t++) nNodesPtr[t - first + 1] = treeRange(trees, t)[1] - base;
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = first; t < end; t++) {
      let node = trees.roots[t];
      for (;;) {
        indices.push(node - base);
        const f = trees.feature[node];
        if (f < 0) break;
        node = x[i * d + f] <= trees.threshold[node] ? trees.children[2 * node] : trees.children[2 * node + 1];
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), nNodes: nNodesPtr[end - first], nNodesPtr };
}

/**
 * Tree t as scikit-learn's tree_ arrays (copies, indices from 0).
 * @param trees - the trees
 * @param t - the tree
 * @returns the view
 */
export function treeView(trees: FlatTrees, t: number): TreeView {
  const [start, end] = treeRange(trees, t);
  const count = end - start;
  const { k } = trees;
  const childrenLeft = new Int32Array(count);
  const childrenRight = new Int32Array(count);
  const feature = new Int32Array(count);
  const threshold = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const node = start + i;
    const leaf = trees.feature[node] < 0;
    childrenLeft[i] = leaf ? -1 : trees.children[2 * node] - start;
    childrenRight[i] = leaf ? -1 : trees.children[2 * node + 1] - start;
    feature[i] = leaf ? -2 : trees.feature[node];
    threshold[i] = leaf ? -2 : trees.threshold[node];
  }
  return {
    nodeCount: count, childrenLeft, childrenRight, feature, threshold,
    impurity: trees.impurity?.slice(start, end) ?? new Float64Array(count),
    nNodeSamples: Int32Array.from(trees.nodeSamples?.subarray(start, end) ?? new Float64Array(count)),
    weightedNNodeSamples: trees.nodeWeight?.slice(start, end) ?? new Float64Array(count),
    value: trees.values.slice(start * k, end * k), k,
    maxDepth: treeDepth(trees, t), nLeaves: treeLeaves(trees, t),
  };
}

/**
 * X's rows as float32 (what the trees were grown on: scikit-learn predicts on float32 X too, so a value equal to a
 * threshold in float32 goes the same way as at fit).
 * @param data - n x d rows
 * @returns float32 rows (data itself when already float32)
 */
export function rowsFloat32(data: Float64Array | Float32Array): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/**
 * Tree t of a forest as its own FlatTrees (copies, node indices from 0), e.g. to hand one tree to a
 * DecisionTreeClassifier.
 * @param trees - the forest
 * @param t - the tree
 * @returns the one tree
 */
export function sliceTree(trees: FlatTrees, t: number): FlatTrees {
  const [start, end] = treeRange(trees, t);
  const { k } = trees;
  const children = trees.children.slice(2 * start, 2 * end);
  for (let i = 0; i < children.length; i++) if (children[i] >= 0) children[i] -= start;
  return {
    k, roots: Int32Array.of(0), feature: trees.feature.slice(start, end), threshold: trees.threshold.slice(start, end),
    children, flags: trees.flags.slice(start, end), catBits: new Int32Array(0), values: trees.values.slice(start * k, end * k),
    impurity: trees.impurity?.slice(start, end), nodeSamples: trees.nodeSamples?.slice(start, end),
    nodeWeight: trees.nodeWeight?.slice(start, end),
  };
}
