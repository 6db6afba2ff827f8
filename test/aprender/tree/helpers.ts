/** What the tree and forest parity tests share: rank correlation of importances and the tie-aware split comparison. */
import type { TreeView } from '../../../lib/aprender';

/** Ranks (1-based, ties averaged) of the values. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let t = i; t <= j; t++) out[order[t][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/**
 * Spearman's rank correlation of ours and scikit-learn's importances over scikit-learn's `top` most important
 * features.
 * @param ours - our importances
 * @param theirs - scikit-learn's
 * @param top - how many features
 * @returns the correlation
 */
export function topSpearman(ours: ArrayLike<number>, theirs: readonly number[], top: number): number {
  const idx = theirs.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.min(top, theirs.length)).map(([, i]) => i);
  const a = ranks(idx.map((i) => ours[i]));
  const b = ranks(idx.map((i) => theirs[i]));
  const mean = (a.length + 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - mean) * (b[i] - mean);
    da += (a[i] - mean) ** 2;
    db += (b[i] - mean) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** scikit-learn's tree_ arrays as stored by cases_trees.py. */
export interface SklearnStructure {
  node_count: number;
  feature: number[];
  threshold: number[];
  children_left: number[];
  children_right: number[];
  impurity: number[];
  n_node_samples: number[];
  weighted_n_node_samples: number[];
  value: number[][];
}

/**
 * Walks both trees from the root in step and compares every node whose path has no tied split (in scikit-learn's
 * tree): both leaves or both splits, the same samples, impurity and values (to 1e-9), and for a split that is not
 * tied the same feature and threshold (bitwise), then its children.
 * @param ours - our tree_
 * @param theirs - scikit-learn's
 * @param ties - scikit-learn's tie flag per node
 * @returns how many nodes were compared
 * @throws on the first difference, naming the node
 */
export function expectSameSplits(ours: TreeView, theirs: SklearnStructure, ties: number[]): number {
  let compared = 0;
  const stack: Array<[number, number, string]> = [[0, 0, 'root']];
  while (stack.length > 0) {
    const [a, b, path] = stack.pop() as [number, number, string];
    compared++;
    const leafA = ours.childrenLeft[a] === -1;
    const leafB = theirs.children_left[b] === -1;
    const at = `node ${path} (ours ${a}, scikit-learn ${b})`;
    if (leafA !== leafB) throw new Error(`${at}: ${leafA ? 'leaf' : 'split'} vs scikit-learn's ${leafB ? 'leaf' : 'split'}`);
    if (ours.nNodeSamples[a] !== theirs.n_node_samples[b]) throw new Error(`${at}: ${ours.nNodeSamples[a]} samples vs ${theirs.n_node_samples[b]}`);
    if (Math.abs(ours.impurity[a] - theirs.impurity[b]) > 1e-9 * Math.max(1, Math.abs(theirs.impurity[b]))) {
      throw new Error(`${at}: impurity ${ours.impurity[a]} vs ${theirs.impurity[b]}`);
    }
    const k = ours.k;
    for (let j = 0; j < k; j++) {
      const v = ours.value[a * k + j];
      const w = theirs.value[b][j];
      if (Math.abs(v - w) > 1e-9 * Math.max(1, Math.abs(w))) throw new Error(`${at}: value[${j}] ${v} vs ${w}`);
    }
    if (leafA || ties[b]) continue;
    if (ours.feature[a] !== theirs.feature[b] || ours.threshold[a] !== theirs.threshold[b]) {
      throw new Error(`${at}: split x${ours.feature[a]} <= ${ours.threshold[a]} vs scikit-learn's x${theirs.feature[b]} <= ${theirs.threshold[b]}`);
    }
    stack.push([ours.childrenRight[a], theirs.children_right[b], `${path}R`], [ours.childrenLeft[a], theirs.children_left[b], `${path}L`]);
  }
  return compared;
}
