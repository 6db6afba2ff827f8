/**
 * Plain-JS reference of the tree prediction kernels (trueno_forest_predict / trueno_forest_apply): the flat layout of
 * trueno.h walked one row and one tree at a time, with the same layout checks as the C.
 */
import type { FloatArray } from '../dtype';
import { TruenoError } from '../errors';
import type { SyncKernels } from './kernels';

const MISSING_LEFT = 1;
const CATEGORICAL = 2;

/** The flat trees as the kernels take them. */
interface Layout {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  children: Int32Array;
  flags: Uint8Array;
  catBits: Int32Array;
}

function invalid(what: string): TruenoError {
  return new TruenoError(`forest kernels: ${what}`, 'ERR_TRUENO_EINVAL');
}

/** Throws as the C returns EINVAL: roots, features, children (after their one parent) and bitset indices in range. */
function checkLayout(d: number, t: Layout): void {
  const nodes = t.feature.length;
  if (t.threshold.length !== nodes || t.flags.length !== nodes || t.children.length !== 2 * nodes) {
    throw invalid('threshold and flags need one entry per node, children two');
  }
  for (const r of t.roots) if (r < 0 || r >= nodes) throw invalid(`root ${r} outside [0, ${nodes})`);
  const bitsets = Math.floor(t.catBits.length / 8);
  if (d >= 2 ** 30) throw invalid(`d = ${d} >= 2^30`);
  const hasParent = new Uint8Array(nodes);
  for (let i = 0; i < nodes; i++) {
    const f = t.feature[i];
    if (f < 0) {
      if (f !== -1) throw invalid(`node ${i}: feature ${f}`);
      continue;
    }
    if (f >= d) throw invalid(`node ${i}: feature ${f} >= d = ${d}`);
    for (const c of [t.children[2 * i], t.children[2 * i + 1]]) {
      if (c <= i || c >= nodes) throw invalid(`node ${i}: child ${c} outside (${i}, ${nodes})`);
      if (hasParent[c]) throw invalid(`node ${c} is the child of two nodes`);
      hasParent[c] = 1;
    }
    const b = t.threshold[i];
    if (t.flags[i] & CATEGORICAL && !(Number.isInteger(b) && b >= 0 && b < bitsets)) throw invalid(`node ${i}: bitset ${b}`);
  }
}

/** Whether v goes left at inner node i (trueno.h's rule). */
function goesLeft(t: Layout, i: number, v: number): boolean {
  const flags = t.flags[i];
  if (flags & CATEGORICAL) {
    if (!(v >= 0 && v < 256)) return (flags & MISSING_LEFT) !== 0;
    const code = Math.trunc(v);
    return ((t.catBits[8 * t.threshold[i] + (code >> 5)] >>> (code & 31)) & 1) === 1;
  }
  if (Number.isNaN(v)) return (flags & MISSING_LEFT) !== 0;
  return v <= t.threshold[i];
}

function leafOf(t: Layout, x: FloatArray, row: number, d: number, tree: number): number {
  let i = t.roots[tree];
  while (t.feature[i] >= 0) i = t.children[2 * i + (goesLeft(t, i, x[row * d + t.feature[i]]) ? 0 : 1)];
  return i;
}

/** leafOf that checks each node it visits instead of relying on checkLayout: its cost is the walk, not the forest. */
function checkedLeafOf(t: Layout, x: FloatArray, row: number, d: number, tree: number, bitsets: number): number {
  const nodes = t.feature.length;
  let i = t.roots[tree];
  if (!(i >= 0 && i < nodes)) throw invalid(`root ${i} outside [0, ${nodes})`);
  for (let f = t.feature[i]; f >= 0; f = t.feature[i]) {
    if (f >= d) throw invalid(`node ${i}: feature ${f} >= d = ${d}`);
    const b = t.threshold[i];
    if (t.flags[i] & CATEGORICAL && !(Number.isInteger(b) && b >= 0 && b < bitsets)) throw invalid(`node ${i}: bitset ${b}`);
    const c = t.children[2 * i + (goesLeft(t, i, x[row * d + f]) ? 0 : 1)];
    // Children come after their parent, so every walk ends within `nodes` steps.
    if (!(c > i && c < nodes)) throw invalid(`node ${i}: child ${c} outside (${i}, ${nodes})`);
    i = c;
  }
  if (t.feature[i] !== -1) throw invalid(`node ${i}: feature ${t.feature[i]}`);
  return i;
}

/**
 * forestPredict for a few rows: each row walks the trees in place, checking every node it visits, so the work is the
 * nodes visited rather than the whole forest, which the kernels check (and the native one packs) on every call. A
 * served model predicting one row at a time needs that. Same sums, in the same order, as the kernels (the same bits).
 * @param n - rows
 * @param d - features
 * @param x - n x d rows
 * @param t - the trees (roots: the trees to use)
 * @param k - values per node
 * @param values - nodes x k
 * @param treeWeights - one per root
 * @param out - n x k sums to add to
 * @throws TruenoError ERR_TRUENO_EINVAL for a bad node on a walk, or arrays of the wrong lengths
 */
export function forestPredictFew(n: number, d: number, x: FloatArray, t: Layout, k: number, values: Float64Array,
  treeWeights: Float64Array, out: Float64Array): void {
  const nodes = t.feature.length;
  if (t.threshold.length !== nodes || t.flags.length !== nodes || t.children.length !== 2 * nodes || d >= 2 ** 30) {
    throw invalid('threshold and flags need one entry per node, children two');
  }
  if (k < 1 || values.length !== nodes * k || treeWeights.length !== t.roots.length || out.length !== n * k || x.length < n * d) {
    throw invalid('values nodes x k, treeWeights one per tree, out n x k');
  }
  if (!treeWeights.every(Number.isFinite)) throw invalid('non-finite tree weight');
  const bitsets = Math.floor(t.catBits.length / 8);
  for (let r = 0; r < n; r++) {
    for (let tree = 0; tree < t.roots.length; tree++) {
      const leaf = checkedLeafOf(t, x, r, d, tree, bitsets);
      for (let c = 0; c < k; c++) out[r * k + c] += treeWeights[tree] * values[leaf * k + c];
    }
  }
}

export const forestReference: Pick<SyncKernels, 'forestPredict' | 'forestApply'> = {
  forestPredict(n, d, x, roots, feature, threshold, children, flags, catBits, k, values, treeWeights, out) {
    const t = { roots, feature, threshold, children, flags, catBits };
    checkLayout(d, t);
    if (k < 1 || values.length !== feature.length * k || treeWeights.length !== roots.length || out.length !== n * k) {
      throw invalid('values nodes x k, treeWeights one per tree, out n x k');
    }
    if (!treeWeights.every(Number.isFinite)) throw invalid('non-finite tree weight');
    for (let r = 0; r < n; r++) {
      for (let tree = 0; tree < roots.length; tree++) {
        const leaf = leafOf(t, x, r, d, tree);
        for (let c = 0; c < k; c++) out[r * k + c] += treeWeights[tree] * values[leaf * k + c];
      }
    }
  },
  forestApply(n, d, x, roots, feature, threshold, children, flags, catBits, out) {
    const t = { roots, feature, threshold, children, flags, catBits };
    checkLayout(d, t);
    if (out.length !== n * roots.length) throw invalid('out n x trees');
    for (let r = 0; r < n; r++) {
      for (let tree = 0; tree < roots.length; tree++) out[r * roots.length + tree] = leafOf(t, x, r, d, tree) - roots[tree];
    }
  },
};
