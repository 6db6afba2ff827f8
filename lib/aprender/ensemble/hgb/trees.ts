/**
 * The trees of the histogram booster: hgbGrow writes each over bins (thresholds are bin indices, categorical bitsets
 * over bins); here they are walked on binned rows (validation scores, leaf refits) and turned into the flat layout
 * over raw values that forestPredict reads (scikit-learn's bin_thresholds and raw category bitsets).
 */
import { TREE_FLAGS, type LocalTree } from '../../tree/flat-trees';
import type { BinMapper } from './binning';

/** One tree as hgbGrow writes it (node indices from 0, over bins). */
export interface BinTree {
  count: number;
  feature: Int32Array;
  threshold: Float64Array;
  children: Int32Array;
  flags: Uint8Array;
  catBits: Int32Array;
  values: Float64Array;
}

/**
 * Fresh output arrays for hgbGrow.
 * @param capacity - node slots
 * @returns the arrays (count 0)
 */
export function binTreeBuffers(capacity: number): BinTree {
  return {
    count: 0, feature: new Int32Array(capacity), threshold: new Float64Array(capacity),
    children: new Int32Array(2 * capacity), flags: new Uint8Array(capacity), catBits: new Int32Array(8 * capacity),
    values: new Float64Array(capacity),
  };
}

/**
 * The leaf each binned row reaches.
 * @param t - the tree
 * @param binned - d x n bins
 * @param n - rows
 * @param missingBin - the bin of missing values
 * @returns n node indices
 */
export function leavesBinned(t: BinTree, binned: Uint8Array, n: number, missingBin: number): Int32Array {
  const out = new Int32Array(n);
  const { feature, threshold, children, flags, catBits } = t;
  for (let i = 0; i < n; i++) {
    let node = 0;
    while (feature[node] >= 0) {
      const b = binned[feature[node] * n + i];
      let left: boolean;
      if (flags[node] & TREE_FLAGS.categorical) left = ((catBits[8 * node + (b >>> 5)] >>> (b & 31)) & 1) === 1;
      else left = b === missingBin ? (flags[node] & TREE_FLAGS.missingLeft) !== 0 : b <= threshold[node];
      node = children[2 * node + (left ? 0 : 1)];
    }
    out[i] = node;
  }
  return out;
}

/**
 * Adds the tree's leaf value of each binned row to raw.
 * @param t - the tree
 * @param binned - d x n bins
 * @param n - rows
 * @param missingBin - the bin of missing values
 * @param raw - n raw predictions, updated
 */
export function addBinned(t: BinTree, binned: Uint8Array, n: number, missingBin: number, raw: Float64Array): void {
  const leaves = leavesBinned(t, binned, n, missingBin);
  for (let i = 0; i < n; i++) raw[i] += t.values[leaves[i]];
}

/**
 * The tree over raw values: numerical thresholds are the bin thresholds (+Infinity for the split between the last
 * non-missing bin and the missing one), categorical bitsets hold category codes, with the codes unknown at fit on the
 * side missing values go (as scikit-learn treats unknown categories). Values go to column `column` of k per node.
 * @param t - the tree over bins
 * @param mapper - the fitted bins
 * @param k - values per node
 * @param column - this tree's column
 * @returns the tree for FlatTreesBuilder.addTree
 */
export function rawTree(t: BinTree, mapper: BinMapper, k: number, column: number): LocalTree {
  const { count } = t;
  const threshold = new Float64Array(count);
  const values = new Float64Array(count * k);
  const bitsets: number[] = [];
  for (let i = 0; i < count; i++) {
    values[i * k + column] = t.values[i];
    const f = t.feature[i];
    if (f < 0) continue;
    const o = mapper.offsets[f];
    if (t.flags[i] & TREE_FLAGS.categorical) {
      const index = bitsets.length / 8;
      const bits = new Int32Array(8);
      const known = new Uint8Array(256);
      for (let b = 0; b < mapper.nBins[f]; b++) {
        const code = mapper.thresholds[o + b];
        known[code] = 1;
        if ((t.catBits[8 * i + (b >>> 5)] >>> (b & 31)) & 1) bits[code >>> 5] |= 1 << (code & 31);
      }
      if (t.flags[i] & TREE_FLAGS.missingLeft) for (let code = 0; code < 256; code++) if (!known[code]) bits[code >>> 5] |= 1 << (code & 31);
      bitsets.push(...bits);
      threshold[i] = index;
    } else {
      const bin = t.threshold[i];
      threshold[i] = bin < mapper.offsets[f + 1] - o ? mapper.thresholds[o + bin] : Infinity;
    }
  }
  return {
    feature: t.feature.slice(0, count), threshold, children: t.children.slice(0, 2 * count), flags: t.flags.slice(0, count),
    catBits: Int32Array.from(bitsets), values,
  };
}
