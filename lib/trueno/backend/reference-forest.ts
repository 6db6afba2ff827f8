/**
 * Plain-JS reference of the tree prediction kernels (trueno_forest_predict / trueno_forest_apply, and the packed pair
 * trueno_forest_pack / trueno_forest_predict_packed): the flat layout of trueno.h walked one row and one tree at a
 * time, with the same layout checks as the C, and the packed slots written byte for byte as the C writes them.
 */
import type { FloatArray } from '../dtype';
import { TruenoError } from '../errors';
import { checkArgTypes, requireLengths } from './kernel-args';
import type { SyncKernels } from './kernels';
import { TreeFlagCode } from './ops.generated';

const MISSING_LEFT = TreeFlagCode.MISSING_LEFT;
const CATEGORICAL = TreeFlagCode.CATEGORICAL;

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

/** Bit 30 of a packed slot's feature: a split with flags (read through its origin). */
const PACKED_FLAGGED = 1 << 30;

/** The slots each tree takes packed (its nodes plus the pad after its root), from subtree sizes (children follow parents). */
function packedSlots(t: Layout): number {
  const size = new Float64Array(t.feature.length);
  for (let i = size.length - 1; i >= 0; i--) size[i] = t.feature[i] >= 0 ? 1 + size[t.children[2 * i]] + size[t.children[2 * i + 1]] : 1;
  let sum = 0;
  for (const r of t.roots) sum += size[r] + 1;
  return sum;
}

/** The int32 view of packed slots: slot q's feature at 4q + 2, its left at 4q + 3 (its threshold is packed[2q]). */
function slotInts(packed: Float64Array): Int32Array {
  return new Int32Array(packed.buffer, packed.byteOffset, packed.length * 2);
}

/** trueno_forest_pack: the layout checked, then each tree breadth-first, root at an even slot followed by a pad. */
function forestPack(d: number, t: Layout, packed: Float64Array, origin: Int32Array, packedRoots: Int32Array): number {
  checkLayout(d, t);
  if (packed.length !== 2 * origin.length || packedRoots.length !== t.roots.length) throw invalid('packed two per origin slot, packedRoots one per root');
  const need = packedSlots(t);
  if (need > origin.length || need > 2 ** 31 - 1) throw invalid(`${need} slots needed, ${origin.length} given`);
  const ints = slotInts(packed);
  const write = (q: number, threshold: number, feature: number, left: number) => {
    packed[2 * q] = threshold;
    ints[4 * q + 2] = feature;
    ints[4 * q + 3] = left;
  };
  let count = 0;
  for (let tree = 0; tree < t.roots.length; tree++) {
    if (count & 1) {
      write(count, 0, -1, -1);
      origin[count++] = -1;
    }
    const base = count;
    origin[base] = t.roots[tree];
    origin[base + 1] = -1;
    count = base + 2;
    for (let q = base; q < count; q++) {
      const o = origin[q];
      if (o < 0) {
        write(q, 0, -1, -1);
        continue;
      }
      const f = t.feature[o];
      if (f < 0) {
        write(q, t.threshold[o], -1, o);
        continue;
      }
      write(q, t.threshold[o], f | (t.flags[o] ? PACKED_FLAGGED : 0), count);
      origin[count] = t.children[2 * o];
      origin[count + 1] = t.children[2 * o + 1];
      count += 2;
    }
    packedRoots[tree] = base;
  }
  return count;
}

/** The packed arrays of trueno_forest_predict_packed and the original layout's flags and bitsets. */
interface Packed {
  roots: Int32Array;
  packed: Float64Array;
  ints: Int32Array;
  origin: Int32Array;
  flags: Uint8Array;
  catBits: Int32Array;
}

/** The original leaf a row reaches from packed root `tree`, each slot checked as the C checks it. */
function packedLeafOf(p: Packed, x: FloatArray, row: number, d: number, tree: number): number {
  const slots = p.origin.length, nodes = p.flags.length;
  let at = p.roots[tree];
  if (!(at >= 0 && at < slots)) throw invalid(`packed root ${at} outside [0, ${slots})`);
  for (;;) {
    const feature = p.ints[4 * at + 2], left = p.ints[4 * at + 3];
    if (feature < 0) {
      if (!(left >= 0 && left < nodes)) throw invalid(`slot ${at}: leaf node ${left}`);
      return left;
    }
    const f = feature & (PACKED_FLAGGED - 1);
    if (!(left > at && left < slots - 1 && f < d)) throw invalid(`slot ${at}: children at ${left}, feature ${f}`);
    const v = x[row * d + f];
    const threshold = p.packed[2 * at];
    let goLeft: boolean;
    if (feature & PACKED_FLAGGED) {
      const o = p.origin[at];
      if (!(o >= 0 && o < nodes)) throw invalid(`slot ${at}: origin ${o}`);
      const flags = p.flags[o];
      if (flags & CATEGORICAL) {
        if (!(threshold >= 0 && threshold < Math.floor(p.catBits.length / 8))) throw invalid(`slot ${at}: bitset ${threshold}`);
        if (!(v >= 0 && v < 256)) goLeft = (flags & MISSING_LEFT) !== 0;
        else {
          const code = Math.trunc(v);
          goLeft = ((p.catBits[8 * Math.trunc(threshold) + (code >> 5)] >>> (code & 31)) & 1) === 1;
        }
      } else goLeft = Number.isNaN(v) ? (flags & MISSING_LEFT) !== 0 : v <= threshold;
    } else goLeft = v <= threshold;
    at = left + (goLeft ? 0 : 1);
  }
}

/** The flat layout's lengths, as the addon's ReadForest requires them: one threshold and flag, two children a node. */
function layoutLengths(feature: Int32Array, threshold: Float64Array, children: Int32Array, flags: Uint8Array): void {
  const nodes = feature.length;
  requireLengths(threshold.length === nodes && children.length === 2 * nodes && flags.length === nodes,
    'threshold and flags one per node, children two per node');
}

/**
 * The forest kernels' argument reading, as the addon's (kernel-args.ts): types, then the arrays' lengths against the
 * sizes, before any value. The js and WASM backends run it first: a WASM call copies each array by its length and the
 * C reads them by the sizes, so a short array (or a wrong element type) would be read or written past its copy in the
 * module's memory, and the js walk would read undefined as a feature value.
 */
export const checkForestArgs: { [K in 'forestPredict' | 'forestApply' | 'forestPack' | 'forestPredictPacked']: (...args: Parameters<SyncKernels[K]>) => void } = {
  forestPredict: (n, d, x, roots, feature, threshold, children, flags, catBits, k, values, treeWeights, out) => {
    checkArgTypes('forestPredict', { n, d, x, roots, feature, threshold, children, flags, catBits, k, values, treeWeights, out }, 'nnFiifiuinfff');
    requireLengths(x.length === n * d, 'x n x d');
    layoutLengths(feature, threshold, children, flags);
    requireLengths(values.length === feature.length * k && treeWeights.length === roots.length, 'values nodes x k, treeWeights one per tree');
    requireLengths(out.length === n * k, 'out n x k');
  },
  forestApply: (n, d, x, roots, feature, threshold, children, flags, catBits, out) => {
    checkArgTypes('forestApply', { n, d, x, roots, feature, threshold, children, flags, catBits, out }, 'nnFiifiuii');
    requireLengths(x.length === n * d, 'x n x d');
    layoutLengths(feature, threshold, children, flags);
    requireLengths(out.length === n * roots.length, 'out n x trees');
  },
  forestPack: (d, roots, feature, threshold, children, flags, catBits, packed, origin, packedRoots) => {
    checkArgTypes('forestPack', { d, roots, feature, threshold, children, flags, catBits, packed, origin, packedRoots }, 'niifiuifii');
    layoutLengths(feature, threshold, children, flags);
    requireLengths(packed.length === 2 * origin.length && packedRoots.length === roots.length, 'packed two per origin slot, packedRoots one per root');
  },
  forestPredictPacked: (n, d, x, packedRoots, packed, origin, flags, catBits, k, values, treeWeights, out) => {
    checkArgTypes('forestPredictPacked', { n, d, x, packedRoots, packed, origin, flags, catBits, k, values, treeWeights, out }, 'nnFifiuinfff');
    requireLengths(x.length === n * d, 'x n x d');
    requireLengths(packed.length === 2 * origin.length, 'packed two per origin slot');
    requireLengths(values.length === flags.length * k && treeWeights.length === packedRoots.length, 'values nodes x k, treeWeights one per tree');
    requireLengths(out.length === n * k, 'out n x k');
  },
};

export const forestReference: Pick<SyncKernels, 'forestPredict' | 'forestApply' | 'forestPack' | 'forestPredictPacked'> = {
  forestPack(d, roots, feature, threshold, children, flags, catBits, packed, origin, packedRoots) {
    checkForestArgs.forestPack(d, roots, feature, threshold, children, flags, catBits, packed, origin, packedRoots);
    return forestPack(d, { roots, feature, threshold, children, flags, catBits }, packed, origin, packedRoots);
  },
  forestPredictPacked(n, d, x, packedRoots, packed, origin, flags, catBits, k, values, treeWeights, out) {
    checkForestArgs.forestPredictPacked(n, d, x, packedRoots, packed, origin, flags, catBits, k, values, treeWeights, out);
    if (packed.length !== 2 * origin.length || x.length !== n * d) throw invalid('packed two per origin slot, x n x d');
    if (k < 1 || values.length !== flags.length * k || treeWeights.length !== packedRoots.length || out.length !== n * k) {
      throw invalid('values nodes x k, treeWeights one per tree, out n x k');
    }
    if (d >= 2 ** 30) throw invalid(`d = ${d} >= 2^30`);
    if (!treeWeights.every(Number.isFinite)) throw invalid('non-finite tree weight');
    const p = { roots: packedRoots, packed, ints: slotInts(packed), origin, flags, catBits };
    // summed into a copy: a failed check leaves out untouched
    const sums = out.slice();
    for (let r = 0; r < n; r++) {
      for (let tree = 0; tree < packedRoots.length; tree++) {
        const leaf = packedLeafOf(p, x, r, d, tree);
        for (let c = 0; c < k; c++) sums[r * k + c] += treeWeights[tree] * values[leaf * k + c];
      }
    }
    out.set(sums);
  },
  forestPredict(n, d, x, roots, feature, threshold, children, flags, catBits, k, values, treeWeights, out) {
    checkForestArgs.forestPredict(n, d, x, roots, feature, threshold, children, flags, catBits, k, values, treeWeights, out);
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
    checkForestArgs.forestApply(n, d, x, roots, feature, threshold, children, flags, catBits, out);
    const t = { roots, feature, threshold, children, flags, catBits };
    checkLayout(d, t);
    if (out.length !== n * roots.length) throw invalid('out n x trees');
    for (let r = 0; r < n; r++) {
      for (let tree = 0; tree < roots.length; tree++) out[r * roots.length + tree] = leafOf(t, x, r, d, tree) - roots[tree];
    }
  },
};
