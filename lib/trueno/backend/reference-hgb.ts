/**
 * The plain-JS reference of the histogram booster's kernels (native/core/ml/hist_bin.c, hist_thresholds.c,
 * hgb_grow.c, hgb_split.c):
 * the same steps in the same order (per-feature histograms summed over each node's samples in order, the larger
 * child by subtraction, the same split scans), so every backend grows the same tree to the bit.
 */
import { TruenoError } from '../errors';
import type { SyncKernels } from './kernels';
import { HGB_PARAM_COUNT, HgbParamCode, TreeFlagCode } from './ops.generated';

/** Indices of hgbGrow's float64 settings (TRUENO_HGB_* in trueno_ops.def). */
export const HgbParam = {
  maxLeafNodes: HgbParamCode.MAX_LEAF_NODES, maxDepth: HgbParamCode.MAX_DEPTH,
  minSamplesLeaf: HgbParamCode.MIN_SAMPLES_LEAF, minHessianLeaf: HgbParamCode.MIN_HESSIAN_LEAF, l2: HgbParamCode.L2,
  minGain: HgbParamCode.MIN_GAIN, learningRate: HgbParamCode.LEARNING_RATE, missingBin: HgbParamCode.MISSING_BIN,
  constantHessian: HgbParamCode.CONSTANT_HESSIAN, count: HGB_PARAM_COUNT,
} as const;

/** Flags of a flat tree node (TRUENO_TREE_MISSING_LEFT / CATEGORICAL in trueno_ops.def). */
export const TreeFlag = { missingLeft: TreeFlagCode.MISSING_LEFT, categorical: TreeFlagCode.CATEGORICAL } as const;

/** scikit-learn's MIN_CAT_SUPPORT. */
const MIN_CAT_SUPPORT = 10;

function einval(kernel: string, why: string): never {
  throw new TruenoError(`the js backend rejected ${kernel}: ${why}`, 'ERR_TRUENO_EINVAL');
}

/** Count of the m sorted thresholds t[o ..] below v. */
function countBelow(t: Float64Array, o: number, m: number, v: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[o + mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function histBin(n: number, d: number, x: Float64Array, thresholds: Float64Array, offsets: Int32Array,
  categorical: Uint8Array, missingBin: number, binned: Uint8Array): void {
  if (!(missingBin >= 0 && missingBin <= 255) || offsets[0] !== 0) einval('histBin', 'offsets or missingBin');
  for (let f = 0; f < d; f++) {
    const m = offsets[f + 1] - offsets[f];
    if (!(m >= 0 && m <= 254)) einval('histBin', 'thresholds per feature');
  }
  for (let f = 0; f < d; f++) {
    const o = offsets[f];
    const m = offsets[f + 1] - o;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + f];
      let b: number;
      if (Number.isNaN(v)) b = missingBin;
      else {
        b = countBelow(thresholds, o, m, v);
        if (categorical[f] && !(b < m && thresholds[o + b] === v)) b = missingBin;
      }
      binned[f * n + i] = b;
    }
  }
}

/** Per-feature histograms of one node: g, h, count for `bins` bins per feature. */
interface Hist { g: Float64Array; h: Float64Array; c: Uint32Array }

interface Split {
  gain: number; gLeft: number; hLeft: number; nLeft: number; bin: number; missingLeft: boolean;
  categorical: boolean; bits: Uint32Array; feature: number;
}

interface Node { start: number; g: number; h: number; count: number; depth: number; hist?: Hist; split: Split }

interface Settings {
  msl: number; minH: number; l2: number; minGain: number; h0: number; constant: boolean; missingBin: number;
}

const nodeValue = (g: number, h: number, l2: number) => -g / (h + l2 + 1e-15);

function splitGain(gl: number, hl: number, gr: number, hr: number, lossNode: number, l2: number): number {
  let gain = lossNode;
  gain -= gl * nodeValue(gl, hl, l2);
  gain -= gr * nodeValue(gr, hr, l2);
  return gain;
}

const noSplit = (feature = 0): Split => ({
  gain: -1, gLeft: 0, hLeft: 0, nLeft: 0, bin: 0, missingLeft: false, categorical: false, bits: new Uint32Array(8), feature,
});

/** 0: allowed, 1: skip, 2: stop (hgb_split.c admissible). */
function admissible(s: Settings, nl: number, hl: number, nr: number, hr: number): number {
  if (nl < s.msl) return 1;
  if (nr < s.msl) return 2;
  if (hl < s.minH) return 1;
  if (hr < s.minH) return 2;
  return 0;
}

function numerical(s: Settings, hist: Hist, o: number, nBins: number, hasMissing: boolean, node: Node, out: Split): void {
  const lossNode = node.g * nodeValue(node.g, node.h, s.l2);
  let gl = 0;
  let hl = 0;
  let nl = 0;
  const end = nBins - 1 + (hasMissing ? 1 : 0);
  for (let b = 0; b < end; b++) {
    nl += hist.c[o + b];
    hl = s.constant ? nl * s.h0 : hl + hist.h[o + b];
    gl += hist.g[o + b];
    if (hist.c[o + b] === 0) continue; // an empty bin repeats the previous candidate: it cannot win (strict >)
    const nr = node.count - nl;
    const hr = node.h - hl;
    const gr = node.g - gl;
    const a = admissible(s, nl, hl, nr, hr);
    if (a === 1) continue;
    if (a === 2) break;
    const gain = splitGain(gl, hl, gr, hr, lossNode, s.l2);
    if (gain > out.gain && gain > s.minGain) Object.assign(out, { gain, bin: b, missingLeft: false, gLeft: gl, hLeft: hl, nLeft: nl });
  }
  if (!hasMissing || nBins < 2) return;
  let gr = 0;
  let hr = 0;
  let nr = 0;
  for (let b = nBins - 2; b >= 0; b--) {
    nr += hist.c[o + b + 1];
    hr = s.constant ? nr * s.h0 : hr + hist.h[o + b + 1];
    gr += hist.g[o + b + 1];
    if (hist.c[o + b + 1] === 0) continue;
    const nl2 = node.count - nr;
    const hl2 = node.h - hr;
    const gl2 = node.g - gr;
    const a = admissible(s, nr, hr, nl2, hl2);
    if (a === 1) continue;
    if (a === 2) break;
    const gain = splitGain(gl2, hl2, gr, hr, lossNode, s.l2);
    if (gain > out.gain && gain > s.minGain) Object.assign(out, { gain, bin: b, missingLeft: true, gLeft: gl2, hLeft: hl2, nLeft: nl2 });
  }
}

function categoricalSplit(s: Settings, hist: Hist, o: number, nBins: number, hasMissing: boolean, node: Node, out: Split): void {
  const cats: Array<{ value: number; bin: number }> = [];
  const support = node.count / node.h;
  for (let i = 0; i < nBins + (hasMissing ? 1 : 0); i++) {
    const b = i < nBins ? i : s.missingBin;
    const h = s.constant ? hist.c[o + b] * s.h0 : hist.h[o + b];
    if (h * support >= MIN_CAT_SUPPORT) cats.push({ value: hist.g[o + b] / (h + MIN_CAT_SUPPORT), bin: b });
  }
  const used = cats.length;
  if (used <= 1) return;
  cats.sort((p, q) => (p.value < q.value ? -1 : p.value > q.value ? 1 : p.bin - q.bin));
  const lossNode = node.g * nodeValue(node.g, node.h, s.l2);
  let bestDir = 0;
  let bestAt = 0;
  for (const dir of [1, -1]) {
    const middle = ((used + 1) >>> 1) - (dir === 1 ? 0 : 1);
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let i = 0; i < middle; i++) {
      const at = dir === 1 ? i : used - 1 - i;
      const b = o + cats[at].bin;
      nl += hist.c[b];
      hl = s.constant ? nl * s.h0 : hl + hist.h[b];
      gl += hist.g[b];
      const nr = node.count - nl;
      const hr = node.h - hl;
      const gr = node.g - gl;
      if (nl < s.msl || hl < s.minH) continue;
      if (nr < s.msl || hr < s.minH) break;
      const gain = splitGain(gl, hl, gr, hr, lossNode, s.l2);
      if (gain > out.gain && gain > s.minGain) {
        Object.assign(out, { gain, bin: 0, missingLeft: false, gLeft: gl, hLeft: hl, nLeft: nl });
        bestDir = dir;
        bestAt = at;
      }
    }
  }
  if (bestDir === 0) return;
  out.bits.fill(0);
  const [lo, hi] = bestDir === 1 ? [0, bestAt] : [bestAt, used - 1];
  for (let i = lo; i <= hi; i++) out.bits[cats[i].bin >>> 5] |= 1 << (cats[i].bin & 31);
  out.missingLeft = hasMissing && ((out.bits[s.missingBin >>> 5] >>> (s.missingBin & 31)) & 1) === 1;
}

function validParams(p: Float64Array): boolean {
  if (!p.every(Number.isFinite)) return false;
  const leaves = p[HgbParam.maxLeafNodes];
  const depth = p[HgbParam.maxDepth];
  const int = Number.isInteger;
  if (!(leaves === -1 || (leaves >= 2 && leaves <= 2 ** 31 - 1 && int(leaves)))) return false;
  if (!(depth === -1 || (depth >= 1 && depth <= 1e6 && int(depth)))) return false;
  const msl = p[HgbParam.minSamplesLeaf];
  const mb = p[HgbParam.missingBin];
  if (!(msl >= 1 && int(msl)) || !(mb >= 1 && mb <= 255 && int(mb))) return false;
  if (p[HgbParam.minHessianLeaf] < 0 || p[HgbParam.l2] < 0 || p[HgbParam.minGain] < 0) return false;
  if (!(p[HgbParam.learningRate] > 0)) return false;
  return p[HgbParam.constantHessian] === 0 || p[HgbParam.constantHessian] === 1;
}

/** The most leaves the settings allow (hgb_grow.c max_leaves). */
export function hgbMaxLeaves(n: number, p: ArrayLike<number>): number {
  const msl = p[HgbParam.minSamplesLeaf];
  let leaves = msl < n ? Math.floor(n / msl) : 1;
  const ml = p[HgbParam.maxLeafNodes];
  const md = p[HgbParam.maxDepth];
  if (ml > 0 && ml < leaves) leaves = ml;
  if (md > 0 && md < 62 && 2 ** md < leaves) leaves = 2 ** md;
  return leaves;
}

function hgbGrow(n: number, d: number, binned: Uint8Array, gradients: Float64Array, hessians: Float64Array,
  nBins: Int32Array, hasMissing: Uint8Array, categorical: Uint8Array, params: Float64Array, feature: Int32Array,
  threshold: Float64Array, children: Int32Array, flags: Uint8Array, catBits: Int32Array, values: Float64Array,
  raw: Float64Array): number {
  const capacity = feature.length;
  if (n === 0 || d === 0 || params.length !== HgbParam.count || !validParams(params)) einval('hgbGrow', 'n, d or params');
  const leaves = hgbMaxLeaves(n, params);
  if (capacity < 2 * leaves - 1) einval('hgbGrow', 'capacity');
  const constant = params[HgbParam.constantHessian] === 1;
  const missingBin = params[HgbParam.missingBin];
  for (let f = 0; f < d; f++) {
    if (nBins[f] < 0 || nBins[f] > missingBin) einval('hgbGrow', 'nBins');
    for (let i = 0; i < n; i++) {
      const b = binned[f * n + i];
      if (b >= nBins[f] && b !== missingBin) einval('hgbGrow', 'a bin above nBins');
    }
  }
  if (!gradients.subarray(0, n).every(Number.isFinite)) einval('hgbGrow', 'gradients');
  if (!hessians.subarray(0, constant ? 1 : n).every((v) => Number.isFinite(v) && v >= 0)) einval('hgbGrow', 'hessians');
  const s: Settings = {
    msl: params[HgbParam.minSamplesLeaf], minH: params[HgbParam.minHessianLeaf], l2: params[HgbParam.l2],
    minGain: params[HgbParam.minGain], h0: constant ? hessians[0] : 0, constant, missingBin,
  };
  const bins = missingBin + 1;
  const idx = new Uint32Array(n);
  const g = new Float64Array(n);
  const h = new Float64Array(constant ? 1 : n);
  let G = 0;
  let H = 0;
  for (let i = 0; i < n; i++) idx[i] = i, g[i] = gradients[i], G += gradients[i];
  if (constant) H = hessians[0] * n;
  else for (let i = 0; i < n; i++) h[i] = hessians[i], H += hessians[i];

  const newHist = (): Hist => ({ g: new Float64Array(d * bins), h: new Float64Array(d * bins), c: new Uint32Array(d * bins) });
  const build = (node: Node): Hist => {
    const hist = newHist();
    for (let f = 0; f < d; f++) {
      const o = f * bins;
      for (let i = node.start; i < node.start + node.count; i++) {
        const b = o + binned[f * n + idx[i]];
        hist.g[b] += g[i];
        if (!constant) hist.h[b] += h[i];
        hist.c[b]++;
      }
    }
    return hist;
  };
  const best = (node: Node): void => {
    let bestSplit = noSplit(0);
    for (let f = 0; f < d; f++) {
      const out = noSplit(f);
      out.categorical = categorical[f] !== 0;
      if (nBins[f] > 0) {
        if (out.categorical) categoricalSplit(s, node.hist!, f * bins, nBins[f], hasMissing[f] !== 0, node, out);
        else numerical(s, node.hist!, f * bins, nBins[f], hasMissing[f] !== 0, node, out);
      }
      if (f === 0 || out.gain > bestSplit.gain) bestSplit = out;
    }
    node.split = bestSplit;
  };
  const goesLeft = (sp: Split, b: number): boolean => {
    if (sp.categorical) return ((sp.bits[b >>> 5] >>> (b & 31)) & 1) === 1;
    return b === missingBin ? sp.missingLeft : b <= sp.bin;
  };

  const nodes: Node[] = [{ start: 0, g: G, h: H, count: n, depth: 0, split: noSplit() }];
  const firstChild: number[] = [0];
  const isLeaf: boolean[] = [false];
  const before = (a: number, b: number) => nodes[a].split.gain > nodes[b].split.gain ||
    (nodes[a].split.gain === nodes[b].split.gain && a < b);
  const heap: number[] = [];
  const pop = (): number => {
    let at = 0;
    for (let i = 1; i < heap.length; i++) if (before(heap[i], heap[at])) at = i;
    return heap.splice(at, 1)[0];
  };
  let finalized = 0;
  const maxLeafNodes = params[HgbParam.maxLeafNodes];
  const maxDepth = params[HgbParam.maxDepth];
  if (n < 2 * s.msl || H < s.minH) {
    isLeaf[0] = true, finalized = 1;
  } else {
    nodes[0].hist = build(nodes[0]);
    best(nodes[0]);
    if (nodes[0].split.gain > 0) heap.push(0);
    else isLeaf[0] = true, finalized = 1;
  }
  while (heap.length > 0) {
    const p = pop();
    const parent = nodes[p];
    const sp = parent.split;
    const l = nodes.length;
    const r = l + 1;
    firstChild[p] = l;
    // stable partition
    const col = sp.feature * n;
    const li: number[] = [];
    const ri: number[] = [];
    for (let i = parent.start; i < parent.start + parent.count; i++) (goesLeft(sp, binned[col + idx[i]]) ? li : ri).push(i);
    const order = li.concat(ri);
    const ni = order.map((i) => idx[i]);
    const ng = order.map((i) => g[i]);
    const nh = constant ? [] : order.map((i) => h[i]);
    for (let k = 0; k < order.length; k++) {
      idx[parent.start + k] = ni[k];
      g[parent.start + k] = ng[k];
      if (!constant) h[parent.start + k] = nh[k];
    }
    const left: Node = { start: parent.start, g: sp.gLeft, h: sp.hLeft, count: sp.nLeft, depth: parent.depth + 1, split: noSplit() };
    const right: Node = {
      start: parent.start + sp.nLeft, g: parent.g - sp.gLeft, h: parent.h - sp.hLeft, count: parent.count - sp.nLeft,
      depth: parent.depth + 1, split: noSplit(),
    };
    nodes.push(left, right);
    isLeaf.push(false, false);
    firstChild.push(0, 0);
    const leafCount = finalized + heap.length + 2;
    let splitL: boolean;
    let splitR: boolean;
    if (maxLeafNodes > 0 && leafCount === maxLeafNodes) {
      splitL = splitR = false;
      for (const q of heap) isLeaf[q] = true, finalized++, nodes[q].hist = undefined;
      heap.length = 0;
    } else if (maxDepth > 0 && parent.depth + 1 === maxDepth) {
      splitL = splitR = false;
    } else {
      splitL = left.count >= 2 * s.msl;
      splitR = right.count >= 2 * s.msl;
    }
    if (splitL || splitR) {
      const small = left.count < right.count ? left : right;
      const large = small === left ? right : left;
      small.hist = build(small);
      const ph = parent.hist!;
      const lh = newHist();
      for (let k = 0; k < d * bins; k++) {
        lh.g[k] = ph.g[k] - small.hist.g[k];
        lh.h[k] = ph.h[k] - small.hist.h[k];
        lh.c[k] = ph.c[k] - small.hist.c[k];
      }
      large.hist = lh;
      if (small === left ? splitL : splitR) best(small);
      if (large === left ? splitL : splitR) best(large);
    }
    parent.hist = undefined;
    for (const [child, wants] of [[l, splitL], [r, splitR]] as const) {
      if (wants && nodes[child].split.gain > 0) heap.push(child);
      else isLeaf[child] = true, finalized++, nodes[child].hist = undefined;
    }
  }
  const lr = params[HgbParam.learningRate];
  const count = nodes.length;
  catBits.fill(0, 0, 8 * count);
  for (let i = 0; i < count; i++) {
    const node = nodes[i];
    if (isLeaf[i]) {
      feature[i] = -1;
      threshold[i] = 0;
      children[2 * i] = children[2 * i + 1] = -1;
      flags[i] = 0;
      const v = nodeValue(node.g, node.h, s.l2) * lr;
      values[i] = v;
      for (let k = node.start; k < node.start + node.count; k++) raw[idx[k]] += v;
      continue;
    }
    const sp = node.split;
    values[i] = 0;
    feature[i] = sp.feature;
    children[2 * i] = firstChild[i];
    children[2 * i + 1] = firstChild[i] + 1;
    const missingLeft = hasMissing[sp.feature] ? sp.missingLeft : sp.nLeft > node.count - sp.nLeft;
    flags[i] = (missingLeft ? TreeFlag.missingLeft : 0) | (sp.categorical ? TreeFlag.categorical : 0);
    if (sp.categorical) {
      threshold[i] = i;
      for (let w = 0; w < 8; w++) catBits[8 * i + w] = sp.bits[w] | 0;
    } else threshold[i] = sp.bin;
  }
  return count;
}

/** The averaged-inverted-cdf percentiles of m sorted values (weights w or unit), duplicates dropped. */
function percentiles(v: Float64Array, w: Float64Array | null, maxBins: number): number[] {
  const m = v.length;
  let total = 0;
  if (w) for (let i = 0; i < m; i++) total += w[i];
  else total = m;
  const step = 100 / maxBins;
  const out: number[] = [];
  let k = 0;
  let cum = w ? w[0] : 1;
  for (let i = 1; i < maxBins; i++) {
    const rank = total * ((i * step) / 100);
    while (cum < rank && k < m - 1) cum += w ? w[++k] : (++k, 1);
    const q = cum === rank && k < m - 1 ? v[k + 1] - (v[k + 1] - v[k]) * 0.5 : v[k];
    if (out.length === 0 || q !== out[out.length - 1]) out.push(q);
  }
  return out;
}

function histThresholds(n: number, d: number, x: Float64Array, rowIdx: Int32Array, weights: Float64Array, skip: Uint8Array,
  maxBins: number, thresholds: Float64Array, counts: Int32Array): void {
  if (!(maxBins >= 2 && maxBins <= 255)) einval('histThresholds', 'maxBins');
  if (rowIdx.some((r) => r < 0 || r >= n)) einval('histThresholds', 'a row index');
  if (weights.length && weights.some((v) => !(v >= 0) || v === Infinity)) einval('histThresholds', 'weights');
  const rows = rowIdx.length ? rowIdx.length : n;
  const slot = maxBins - 1;
  for (let f = 0; f < d; f++) {
    counts[f] = 0;
    thresholds.fill(0, f * slot, (f + 1) * slot);
    if (skip[f]) continue;
    const values: number[] = [];
    const rowOf: number[] = [];
    for (let r = 0; r < rows; r++) {
      const row = rowIdx.length ? rowIdx[r] : r;
      const v = x[row * d + f] + 0; // -0 as 0
      if (v !== v || (weights.length && weights[row] === 0)) continue;
      values.push(v);
      rowOf.push(row);
    }
    const m = values.length;
    if (m === 0) continue;
    let sorted: Float64Array;
    let w: Float64Array | null = null;
    if (weights.length) {
      const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
      sorted = Float64Array.from(order, (i) => values[i]);
      w = Float64Array.from(order, (i) => weights[rowOf[i]]);
    } else sorted = Float64Array.from(values).sort();
    const distinct: number[] = [];
    for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
    let cuts: number[];
    if (distinct.length <= maxBins) {
      cuts = [];
      for (let i = 0; i + 1 < distinct.length; i++) cuts.push((distinct[i] + distinct[i + 1]) / 2);
    } else cuts = percentiles(sorted, w, maxBins);
    cuts.forEach((c, i) => (thresholds[f * slot + i] = Math.min(c, 1e300)));
    counts[f] = cuts.length;
  }
}

/** The histogram booster's kernels for the 'js' backend. */
export const hgbReference: Pick<SyncKernels, 'histBin' | 'hgbGrow' | 'histThresholds'> = { histBin, hgbGrow, histThresholds };
