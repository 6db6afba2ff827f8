/**
 * Minimal cost-complexity pruning (scikit-learn's ccp_alpha and cost_complexity_pruning_path): repeatedly collapse the
 * inner node whose subtree buys the least impurity per extra leaf (its effective alpha) while that alpha is at most
 * ccp_alpha, then rebuild the tree from the nodes that remain, in pre-order, as scikit-learn's _build_pruned_tree_ccp.
 */
import { treeRange, type FlatTrees } from './flat-trees';

/** The pruning path of a tree: the effective alphas at which subtrees go, and the leaves' total impurity after each. */
export interface PruningPath {
  /** Increasing effective alphas, the first 0 (the whole tree). */
  ccpAlphas: Float64Array;
  /** Sum of the weighted leaf impurities of the subtree kept at each alpha. */
  impurities: Float64Array;
}

/**
 * Runs scikit-learn's _cost_complexity_prune over tree t: returns the leaves of the pruned tree (a mask over the
 * tree's nodes), calling `save` with each effective alpha and the subtree's impurity, stopping when `stop` says so.
 */
function costComplexityPrune(trees: FlatTrees, t: number, stop: (alpha: number) => boolean,
  save: (alpha: number, impurity: number) => void): Uint8Array {
  const [start, end] = treeRange(trees, t);
  const count = end - start;
  const left = (i: number) => (trees.feature[start + i] < 0 ? -1 : trees.children[2 * (start + i)] - start);
  const right = (i: number) => trees.children[2 * (start + i) + 1] - start;
  const weight = trees.nodeWeight as Float64Array;
  const impurity = trees.impurity as Float64Array;
  const total = weight[start];
  const rNode = Float64Array.from({ length: count }, (_, i) => (weight[start + i] * impurity[start + i]) / total);
  const parent = new Int32Array(count).fill(-1);
  const leaves = new Uint8Array(count);
  const nLeaves = new Int32Array(count);
  const rBranch = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (left(i) < 0) leaves[i] = 1;
    else {
      parent[left(i)] = i;
      parent[right(i)] = i;
    }
  }
  for (let leaf = 0; leaf < count; leaf++) {
    if (!leaves[leaf]) continue;
    rBranch[leaf] = rNode[leaf];
    for (let i = leaf; i !== 0; i = parent[i]) {
      rBranch[parent[i]] += rNode[leaf];
      nLeaves[parent[i]] += 1;
    }
  }
  const candidate = Uint8Array.from(leaves, (l) => 1 - l);
  const inSubtree = new Uint8Array(count).fill(1);
  save(0, rBranch[0]);
  while (candidate[0]) {
    let alpha = Number.MAX_VALUE;
    let pruned = -1;
    for (let i = 0; i < count; i++) {
      if (!candidate[i]) continue;
      const a = (rNode[i] - rBranch[i]) / (nLeaves[i] - 1);
      if (a < alpha) {
        alpha = a;
        pruned = i;
      }
    }
    if (stop(alpha)) break;
    const stack = [pruned];
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if (!inSubtree[i]) continue;
      candidate[i] = 0;
      leaves[i] = 0;
      inSubtree[i] = 0;
      if (left(i) >= 0) stack.push(left(i), right(i));
    }
    leaves[pruned] = 1;
    inSubtree[pruned] = 1;
    const gone = nLeaves[pruned] - 1;
    nLeaves[pruned] = 0;
    const diff = rNode[pruned] - rBranch[pruned];
    rBranch[pruned] = rNode[pruned];
    for (let i = parent[pruned]; i !== -1; i = parent[i]) {
      nLeaves[i] -= gone;
      rBranch[i] += diff;
    }
    save(alpha, rBranch[0]);
  }
  return leaves;
}

/**
 * Tree t's pruning path (scikit-learn's ccp_pruning_path).
 * @param trees - the trees (with impurity and nodeWeight)
 * @param t - the tree
 * @returns the alphas and impurities
 */
export function pruningPath(trees: FlatTrees, t: number): PruningPath {
  const alphas: number[] = [];
  const impurities: number[] = [];
  costComplexityPrune(trees, t, () => false, (a, r) => {
    alphas.push(a);
    impurities.push(r);
  });
  return { ccpAlphas: Float64Array.from(alphas), impurities: Float64Array.from(impurities) };
}

/**
 * Prunes trees [first, end) with ccpAlpha (scikit-learn's _prune_tree): each becomes its largest subtree whose
 * effective alphas all exceed ccpAlpha, rebuilt in pre-order; trees before `first` (kept by a warm start, pruned
 * already) are copied as they are.
 * @param trees - the trees (with impurity, nodeSamples and nodeWeight)
 * @param ccpAlpha - the complexity parameter, > 0
 * @param first - the first tree to prune
 * @returns the new trees
 */
export function pruneTrees(trees: FlatTrees, ccpAlpha: number, first = 0): FlatTrees {
  const { k } = trees;
  const total = trees.roots.length;
  const feature: number[] = [];
  const threshold: number[] = [];
  const children: number[] = [];
  const values: number[] = [];
  const impurity: number[] = [];
  const samples: number[] = [];
  const weight: number[] = [];
  const roots = new Int32Array(total);
  const stats = [trees.impurity, trees.nodeSamples, trees.nodeWeight] as Float64Array[];
  for (let t = 0; t < total; t++) {
    const [start, end] = treeRange(trees, t);
    const keepLeaves = t < first ? null : costComplexityPrune(trees, t, (a) => ccpAlpha < a, () => undefined);
    const base = feature.length;
    roots[t] = base;
    const isLeaf = (i: number) => (keepLeaves ? keepLeaves[i - start] === 1 : trees.feature[i] < 0);
    // pre-order (left subtree first), as scikit-learn rebuilds; a warm-started tree keeps its own order
    const order: number[] = [];
    if (keepLeaves) {
      const stack = [start];
      while (stack.length > 0) {
        const i = stack.pop() as number;
        order.push(i);
        if (!isLeaf(i)) stack.push(trees.children[2 * i + 1], trees.children[2 * i]);
      }
    } else for (let i = start; i < end; i++) order.push(i);
    const newId = new Map(order.map((i, j) => [i, base + j]));
    for (const i of order) {
      const leaf = isLeaf(i);
      feature.push(leaf ? -1 : trees.feature[i]);
      threshold.push(leaf ? 0 : trees.threshold[i]);
      children.push(leaf ? -1 : (newId.get(trees.children[2 * i]) as number), leaf ? -1 : (newId.get(trees.children[2 * i + 1]) as number));
      for (let c = 0; c < k; c++) values.push(trees.values[i * k + c]);
      impurity.push(stats[0][i]);
      samples.push(stats[1][i]);
      weight.push(stats[2][i]);
    }
  }
  return {
    k, roots, feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), children: Int32Array.from(children),
    flags: new Uint8Array(feature.length), catBits: new Int32Array(0), values: Float64Array.from(values),
    impurity: Float64Array.from(impurity), nodeSamples: Float64Array.from(samples), nodeWeight: Float64Array.from(weight),
  };
}
