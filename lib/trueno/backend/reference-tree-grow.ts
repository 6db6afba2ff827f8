/**
 * The plain-JS reference of trueno_tree_grow (trueno.h, "ml: trees"): CART growth as scikit-learn's
 * DepthFirstTreeBuilder / BestFirstTreeBuilder with its BestSplitter / RandomSplitter and criteria, written for
 * reading rather than speed. The native kernel follows the same steps in the same order (the same random draws, the
 * same sample order in every node, the same floating-point formulas), so both grow the same trees for the same seeds;
 * sorting is stable here and in the core, so that even ties give the same sample order.
 */
import { TruenoError } from '../errors';
import type { SyncKernels } from './kernels';
import { CriterionCode, NODE_FIELD_COUNT, NodeFieldCode, TREE_PARAM_COUNT, TreeParamCode } from './ops.generated';

/** Criterion codes (TRUENO_CRITERION_* in trueno_ops.def). */
export const TreeCriterion = {
  gini: CriterionCode.GINI, entropy: CriterionCode.ENTROPY, squaredError: CriterionCode.SQUARED_ERROR,
  friedmanMse: CriterionCode.FRIEDMAN_MSE, absoluteError: CriterionCode.ABSOLUTE_ERROR,
} as const;
/** Indices of treeGrow's params (TRUENO_TREE_* in trueno_ops.def). */
export const TreeParam = {
  criterion: TreeParamCode.CRITERION, randomSplits: TreeParamCode.RANDOM_SPLITS, maxDepth: TreeParamCode.MAX_DEPTH,
  minSamplesSplit: TreeParamCode.MIN_SAMPLES_SPLIT, minSamplesLeaf: TreeParamCode.MIN_SAMPLES_LEAF,
  minWeightLeaf: TreeParamCode.MIN_WEIGHT_LEAF, maxFeatures: TreeParamCode.MAX_FEATURES,
  maxLeafNodes: TreeParamCode.MAX_LEAF_NODES, minImpurityDecrease: TreeParamCode.MIN_IMPURITY_DECREASE,
  count: TREE_PARAM_COUNT,
} as const;
/** Fields of a node record (TRUENO_NODE_* in trueno_ops.def). */
export const TreeNodeField = {
  feature: NodeFieldCode.FEATURE, threshold: NodeFieldCode.THRESHOLD, left: NodeFieldCode.LEFT,
  right: NodeFieldCode.RIGHT, impurity: NodeFieldCode.IMPURITY, samples: NodeFieldCode.SAMPLES,
  weight: NodeFieldCode.WEIGHT, count: NODE_FIELD_COUNT,
} as const;

/** scikit-learn's FEATURE_THRESHOLD: feature values closer than this are one value. */
const FEATURE_THRESHOLD = 1e-7;
/** scikit-learn's EPSILON (float64 machine epsilon): impurities at or below it are zero. */
const EPSILON = 2.220446049250313e-16;
/** scikit-learn's RAND_R_MAX. */
const RAND_R_MAX = 0x7fffffff;
/** The threshold written for a leaf (scikit-learn's _TREE_UNDEFINED). */
const LEAF_THRESHOLD = -2;

interface Settings {
  criterion: number; random: boolean; maxDepth: number; minSamplesSplit: number; minSamplesLeaf: number;
  minWeightLeaf: number; maxFeatures: number; maxLeafNodes: number; minImpurityDecrease: number;
}

function einval(what: string): never {
  throw new TruenoError(`treeGrow: ${what}`, 'ERR_TRUENO_EINVAL');
}

const isInt = (v: number, lo: number, hi = Infinity): boolean => Number.isInteger(v) && v >= lo && v <= hi;

/** The settings of params, checked as the core checks them. */
function readSettings(params: Float64Array, d: number): Settings {
  if (params.length !== TreeParam.count) einval(`expected ${TreeParam.count} params but received ${params.length}`);
  const s: Settings = {
    criterion: params[0], random: params[1] === 1, maxDepth: params[2], minSamplesSplit: params[3],
    minSamplesLeaf: params[4], minWeightLeaf: params[5], maxFeatures: params[6], maxLeafNodes: params[7],
    minImpurityDecrease: params[8],
  };
  if (!isInt(s.criterion, 0, 4)) einval(`bad criterion ${params[0]}`);
  if (params[1] !== 0 && params[1] !== 1) einval(`randomSplits must be 0 or 1, not ${params[1]}`);
  if (!(s.maxDepth === -1 || isInt(s.maxDepth, 0))) einval(`bad maxDepth ${s.maxDepth}`);
  if (!isInt(s.minSamplesSplit, 2)) einval(`bad minSamplesSplit ${s.minSamplesSplit}`);
  if (!isInt(s.minSamplesLeaf, 1)) einval(`bad minSamplesLeaf ${s.minSamplesLeaf}`);
  if (!(Number.isFinite(s.minWeightLeaf) && s.minWeightLeaf >= 0)) einval(`bad minWeightLeaf ${s.minWeightLeaf}`);
  if (!isInt(s.maxFeatures, 1, d)) einval(`maxFeatures must be in [1, ${d}], not ${s.maxFeatures}`);
  if (!(s.maxLeafNodes === -1 || isInt(s.maxLeafNodes, 2))) einval(`bad maxLeafNodes ${s.maxLeafNodes}`);
  if (!(Number.isFinite(s.minImpurityDecrease) && s.minImpurityDecrease >= 0)) {
    einval(`bad minImpurityDecrease ${s.minImpurityDecrease}`);
  }
  return s;
}

/** The most nodes a tree of `samples` samples can have under the settings (capacity must reach it). */
function treeGrowCapacityNeeded(samples: number, maxDepth: number, maxLeafNodes: number): number {
  const leaves = maxLeafNodes >= 0 ? Math.min(samples, maxLeafNodes) : samples;
  const bySamples = 2 * leaves - 1;
  return maxDepth >= 0 && maxDepth < 30 ? Math.min(bySamples, 2 ** (maxDepth + 1) - 1) : bySamples;
}

/** scikit-learn's rand_r / rand_int / rand_uniform over a uint32 xorshift state. */
class RandR {
  constructor(private state: number) {}

  next(): number {
    let s = this.state;
    if (s === 0) s = 1;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return s % (RAND_R_MAX + 1);
  }

  int(low: number, high: number): number {
    return low + (this.next() % (high - low));
  }

  uniform(low: number, high: number): number {
    return ((high - low) * this.next()) / RAND_R_MAX + low;
  }
}

/** Weighted median of values (weights > 0) as scikit-learn's WeightedMedianCalculator: the mean of the two middle
 * values when the cumulative weight hits half the total exactly. */
function weightedMedian(vals: number[], ws: number[]): number {
  const order = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
  let total = 0;
  for (const w of ws) total += w;
  let sum = 0;
  for (let k = 0; k < order.length; k++) {
    sum += ws[order[k]];
    if (sum >= total / 2) {
      if (sum === total / 2 && k + 1 < order.length) return (vals[order[k]] + vals[order[k + 1]]) / 2;
      return vals[order[k]];
    }
  }
  return vals[order[order.length - 1]];
}

/**
 * The split criterion over samples[start, end) and its split at pos (scikit-learn's Criterion): running weighted sums
 * left of pos, updated forward or, for long jumps, backwards from the end as scikit-learn does (same sums, same bits).
 */
class Criterion {
  readonly classification: boolean;
  readonly sumTotal: Float64Array;
  readonly sumLeft: Float64Array;
  readonly sumRight: Float64Array;
  sqSumTotal = 0;
  weightNode = 0;
  weightLeft = 0;
  weightRight = 0;
  start = 0;
  end = 0;
  pos = 0;

  constructor(readonly code: number, readonly k: number, readonly y: Float64Array, readonly w: Float64Array,
    readonly samples: Int32Array, readonly weightTotal: number) {
    this.classification = code <= TreeCriterion.entropy;
    this.sumTotal = new Float64Array(k);
    this.sumLeft = new Float64Array(k);
    this.sumRight = new Float64Array(k);
  }

  /** Adds sign * w_i * (one-hot class, or y_i) into sums. */
  private add(sums: Float64Array, i: number, sign: number): void {
    const w = this.w[i];
    if (this.classification) sums[this.y[i]] += sign * w;
    else for (let j = 0; j < this.k; j++) sums[j] += sign * (w * this.y[i * this.k + j]);
  }

  init(start: number, end: number): void {
    this.start = start;
    this.end = end;
    this.sumTotal.fill(0);
    this.sqSumTotal = 0;
    this.weightNode = 0;
    for (let p = start; p < end; p++) {
      const i = this.samples[p];
      const w = this.w[i];
      if (this.classification) this.sumTotal[this.y[i]] += w;
      else {
        for (let j = 0; j < this.k; j++) {
          const yij = this.y[i * this.k + j];
          const wy = w * yij;
          this.sumTotal[j] += wy;
          this.sqSumTotal += wy * yij;
        }
      }
      this.weightNode += w;
    }
    this.reset();
  }

  reset(): void {
    this.pos = this.start;
    this.weightLeft = 0;
    this.weightRight = this.weightNode;
    this.sumLeft.fill(0);
    this.sumRight.set(this.sumTotal);
  }

  private reverseReset(): void {
    this.pos = this.end;
    this.weightLeft = this.weightNode;
    this.weightRight = 0;
    this.sumLeft.set(this.sumTotal);
    this.sumRight.fill(0);
  }

  update(newPos: number): void {
    if (newPos - this.pos <= this.end - newPos) {
      for (let p = this.pos; p < newPos; p++) {
        const i = this.samples[p];
        this.add(this.sumLeft, i, 1);
        this.weightLeft += this.w[i];
      }
    } else {
      this.reverseReset();
      for (let p = this.end - 1; p >= newPos; p--) {
        const i = this.samples[p];
        this.add(this.sumLeft, i, -1);
        this.weightLeft -= this.w[i];
      }
    }
    this.weightRight = this.weightNode - this.weightLeft;
    for (let j = 0; j < this.k; j++) this.sumRight[j] = this.sumTotal[j] - this.sumLeft[j];
    this.pos = newPos;
  }

  /** Impurity of the samples[from, to) whose sums are `sums` and weight `weight`. */
  private impurity(sums: Float64Array, weight: number, from: number, to: number, sqSum: number): number {
    const k = this.k;
    switch (this.code) {
      case TreeCriterion.gini: {
        let sq = 0;
        for (let c = 0; c < k; c++) sq += sums[c] * sums[c];
        return 1.0 - sq / (weight * weight);
      }
      case TreeCriterion.entropy: {
        let entropy = 0;
        for (let c = 0; c < k; c++) {
          if (sums[c] > 0) {
            const p = sums[c] / weight;
            entropy -= p * (Math.log(p) / Math.LN2);
          }
        }
        return entropy;
      }
      case TreeCriterion.absoluteError: {
        let total = 0;
        for (let j = 0; j < k; j++) {
          const median = this.median(from, to, j);
          for (let p = from; p < to; p++) {
            const i = this.samples[p];
            total += Math.abs(this.y[i * k + j] - median) * this.w[i];
          }
        }
        return total / (weight * k);
      }
      default: {
        let impurity = sqSum / weight;
        for (let j = 0; j < k; j++) {
          const mean = sums[j] / weight;
          impurity -= mean * mean;
        }
        return impurity / k;
      }
    }
  }

  private median(from: number, to: number, j: number): number {
    const vals: number[] = [], ws: number[] = [];
    for (let p = from; p < to; p++) {
      const i = this.samples[p];
      vals.push(this.y[i * this.k + j]);
      ws.push(this.w[i]);
    }
    return weightedMedian(vals, ws);
  }

  nodeImpurity(): number {
    return this.impurity(this.sumTotal, this.weightNode, this.start, this.end, this.sqSumTotal);
  }

  childrenImpurity(): [number, number] {
    let sqLeft = 0;
    if (this.code === TreeCriterion.squaredError || this.code === TreeCriterion.friedmanMse) {
      for (let p = this.start; p < this.pos; p++) {
        const i = this.samples[p];
        for (let j = 0; j < this.k; j++) {
          const yij = this.y[i * this.k + j];
          sqLeft += this.w[i] * yij * yij;
        }
      }
    }
    return [
      this.impurity(this.sumLeft, this.weightLeft, this.start, this.pos, sqLeft),
      this.impurity(this.sumRight, this.weightRight, this.pos, this.end, this.sqSumTotal - sqLeft),
    ];
  }

  /** A quantity ordered like the impurity improvement of the split at pos (cheaper to compute). */
  proxyImprovement(): number {
    const { k, sumLeft, sumRight, weightLeft, weightRight } = this;
    if (this.code === TreeCriterion.squaredError) {
      let left = 0, right = 0;
      for (let j = 0; j < k; j++) left += sumLeft[j] * sumLeft[j], right += sumRight[j] * sumRight[j];
      return left / weightLeft + right / weightRight;
    }
    if (this.code === TreeCriterion.friedmanMse) {
      let left = 0, right = 0;
      for (let j = 0; j < k; j++) left += sumLeft[j], right += sumRight[j];
      const diff = weightRight * left - weightLeft * right;
      return (diff * diff) / (weightLeft * weightRight);
    }
    const [impLeft, impRight] = this.childrenImpurity();
    return -weightRight * impRight - weightLeft * impLeft;
  }

  /** scikit-learn's weighted impurity decrease of the split at pos. */
  improvement(parent: number, impLeft: number, impRight: number): number {
    const { weightLeft, weightRight, weightNode } = this;
    if (this.code === TreeCriterion.friedmanMse) {
      let left = 0, right = 0;
      for (let j = 0; j < this.k; j++) left += this.sumLeft[j], right += this.sumRight[j];
      const diff = (weightRight * left - weightLeft * right) / this.k;
      return (diff * diff) / (weightLeft * weightRight * weightNode);
    }
    return (weightNode / this.weightTotal) *
      (parent - (weightRight / weightNode) * impRight - (weightLeft / weightNode) * impLeft);
  }

  /** The node's value: class weights, weighted means or weighted medians. */
  nodeValue(out: Float64Array, at: number): void {
    for (let j = 0; j < this.k; j++) {
      if (this.classification) out[at + j] = this.sumTotal[j];
      else if (this.code === TreeCriterion.absoluteError) out[at + j] = this.median(this.start, this.end, j);
      else out[at + j] = this.sumTotal[j] / this.weightNode;
    }
  }
}

interface Split {
  feature: number; threshold: number; pos: number; improvement: number; impurityLeft: number; impurityRight: number;
}

/** scikit-learn's BestSplitter / RandomSplitter over one tree's samples (the features permutation persists). */
class Splitter {
  readonly features: Int32Array;
  readonly constantFeatures: Int32Array;
  readonly values: Float32Array;
  readonly rng: RandR;

  constructor(readonly s: Settings, readonly n: number, readonly d: number, readonly xt: Float32Array,
    readonly samples: Int32Array, readonly criterion: Criterion, seed: number) {
    this.features = Int32Array.from({ length: d }, (_, f) => f);
    this.constantFeatures = new Int32Array(d);
    this.values = new Float32Array(samples.length);
    this.rng = new RandR(seed);
  }

  private x(i: number, f: number): number {
    return this.xt[f * this.n + i];
  }

  private swapFeatures(a: number, b: number): void {
    const t = this.features[a];
    this.features[a] = this.features[b];
    this.features[b] = t;
  }

  /** Puts samples[start, end) with x[f] <= threshold first; returns where the others begin. */
  private partition(start: number, end: number, f: number, threshold: number, keepValues: boolean): number {
    const { samples, values } = this;
    let p = start, partEnd = end;
    while (p < partEnd) {
      if ((keepValues ? values[p] : this.x(samples[p], f)) <= threshold) p++;
      else {
        partEnd--;
        let t = samples[p]; samples[p] = samples[partEnd]; samples[partEnd] = t;
        if (keepValues) t = values[p], values[p] = values[partEnd], values[partEnd] = t;
      }
    }
    return partEnd;
  }

  /** Stable sort of samples[start, end) by x[f], into values too (zeros as +0). */
  private sortBy(start: number, end: number, f: number): void {
    const idx = Array.from(this.samples.subarray(start, end));
    idx.sort((a, b) => this.x(a, f) - this.x(b, f));
    for (let p = start; p < end; p++) {
      this.samples[p] = idx[p - start];
      this.values[p] = this.x(idx[p - start], f) + 0; // -0 as +0, as the core's sort keys
    }
  }

  /**
   * The best split of samples[start, end) (criterion already at this node) over up to maxFeatures features drawn
   * without replacement, skipping the `known` features found constant above; returns the split (pos = end when none)
   * and the constant-feature count for the children.
   */
  split(start: number, end: number, impurity: number, known: number): [Split, number] {
    const { s, features, constantFeatures, criterion, values, rng } = this;
    const best: Split = {
      feature: 0, threshold: 0, pos: end, improvement: -Infinity, impurityLeft: Infinity, impurityRight: Infinity,
    };
    let bestProxy = -Infinity;
    let visited = 0, foundConstants = 0, drawnConstants = 0, totalConstants = known;
    let fi = this.d;
    let current = -1;
    while (fi > totalConstants && (visited < s.maxFeatures || visited <= foundConstants + drawnConstants)) {
      visited++;
      let fj = rng.int(drawnConstants, fi - foundConstants);
      if (fj < known) {
        this.swapFeatures(drawnConstants, fj);
        drawnConstants++;
        continue;
      }
      fj += foundConstants;
      const f = features[fj];
      current = f;
      let lo: number, hi: number;
      if (s.random) {
        lo = hi = this.x(this.samples[start], f);
        for (let p = start; p < end; p++) {
          const v = this.x(this.samples[p], f);
          values[p] = v;
          if (v < lo) lo = v;
          else if (v > hi) hi = v;
        }
      } else {
        this.sortBy(start, end, f);
        lo = values[start];
        hi = values[end - 1];
      }
      if (hi <= lo + FEATURE_THRESHOLD) {
        features[fj] = features[totalConstants];
        features[totalConstants] = f;
        foundConstants++;
        totalConstants++;
        continue;
      }
      fi--;
      this.swapFeatures(fi, fj);
      bestProxy = s.random ? this.tryRandom(start, end, f, lo, hi, best, bestProxy)
        : this.scanSorted(start, end, f, best, bestProxy);
    }
    if (best.pos < end) {
      if (!s.random || current !== best.feature) this.partition(start, end, best.feature, best.threshold, false);
      criterion.reset();
      criterion.update(best.pos);
      [best.impurityLeft, best.impurityRight] = criterion.childrenImpurity();
      best.improvement = criterion.improvement(impurity, best.impurityLeft, best.impurityRight);
    }
    // The constant features found above keep their order for the children; the new ones follow them.
    features.set(constantFeatures.subarray(0, known), 0);
    constantFeatures.set(features.subarray(known, known + foundConstants), known);
    return [best, totalConstants];
  }

  private admissible(start: number, end: number, pos: number): boolean {
    return pos - start >= this.s.minSamplesLeaf && end - pos >= this.s.minSamplesLeaf;
  }

  private weightAdmissible(): boolean {
    const c = this.criterion;
    return c.weightLeft >= this.s.minWeightLeaf && c.weightRight >= this.s.minWeightLeaf;
  }

  /** BestSplitter: every boundary between distinct values of the sorted feature f. */
  private scanSorted(start: number, end: number, f: number, best: Split, bestProxy: number): number {
    const { values, criterion } = this;
    criterion.reset();
    let p = start;
    while (p < end) {
      while (p + 1 < end && values[p + 1] <= values[p] + FEATURE_THRESHOLD) p++;
      const prev = p;
      p++;
      if (p >= end || !this.admissible(start, end, p)) continue;
      criterion.update(p);
      if (!this.weightAdmissible()) continue;
      const proxy = criterion.proxyImprovement();
      if (proxy > bestProxy) {
        bestProxy = proxy;
        let threshold = values[prev] / 2.0 + values[p] / 2.0;
        if (threshold === values[p] || threshold === Infinity || threshold === -Infinity) threshold = values[prev];
        Object.assign(best, { feature: f, threshold, pos: p });
      }
    }
    return bestProxy;
  }

  /** RandomSplitter: one threshold drawn uniformly in (lo, hi) for feature f. */
  private tryRandom(start: number, end: number, f: number, lo: number, hi: number, best: Split,
    bestProxy: number): number {
    let threshold = this.rng.uniform(lo, hi);
    if (threshold === hi) threshold = lo;
    const pos = this.partition(start, end, f, threshold, true);
    if (!this.admissible(start, end, pos)) return bestProxy;
    this.criterion.reset();
    this.criterion.update(pos);
    if (!this.weightAdmissible()) return bestProxy;
    const proxy = this.criterion.proxyImprovement();
    if (proxy <= bestProxy) return bestProxy;
    Object.assign(best, { feature: f, threshold, pos });
    return proxy;
  }
}

/** One tree's output slots: node records and values from `node` = 0, and the count. */
class TreeWriter {
  count = 0;

  constructor(readonly nodes: Float64Array, readonly values: Float64Array, readonly base: number,
    readonly k: number) {}

  /** Appends a node (a leaf until split() marks it) under parent (-1 for the root); returns its index. */
  add(parent: number, isLeft: boolean, impurity: number, samples: number, weight: number): number {
    const id = this.count++;
    const r = (this.base + id) * TreeNodeField.count;
    this.nodes[r + TreeNodeField.feature] = -1;
    this.nodes[r + TreeNodeField.threshold] = LEAF_THRESHOLD;
    this.nodes[r + TreeNodeField.left] = -1;
    this.nodes[r + TreeNodeField.right] = -1;
    this.nodes[r + TreeNodeField.impurity] = impurity;
    this.nodes[r + TreeNodeField.samples] = samples;
    this.nodes[r + TreeNodeField.weight] = weight;
    if (parent >= 0) {
      this.nodes[(this.base + parent) * TreeNodeField.count + (isLeft ? TreeNodeField.left : TreeNodeField.right)] = id;
    }
    return id;
  }

  split(id: number, feature: number, threshold: number): void {
    const r = (this.base + id) * TreeNodeField.count;
    this.nodes[r + TreeNodeField.feature] = feature;
    this.nodes[r + TreeNodeField.threshold] = threshold;
  }

  valueAt(id: number): number {
    return (this.base + id) * this.k;
  }
}

/** Whether a node of `samples` samples and weight `weight` at `depth` must stay a leaf before any split is tried. */
function mustBeLeaf(s: Settings, depth: number, samples: number, weight: number, impurity: number): boolean {
  return (s.maxDepth >= 0 && depth >= s.maxDepth) || samples < s.minSamplesSplit ||
    samples < 2 * s.minSamplesLeaf || weight < 2 * s.minWeightLeaf || impurity <= EPSILON;
}

/** DepthFirstTreeBuilder: nodes in pre-order, the left subtree first. */
function growDepthFirst(s: Settings, splitter: Splitter, out: TreeWriter): void {
  const criterion = splitter.criterion;
  interface Task { start: number; end: number; depth: number; parent: number; isLeft: boolean; impurity: number;
    constants: number }
  const stack: Task[] = [{
    start: 0, end: splitter.samples.length, depth: 0, parent: -1, isLeft: false, impurity: Infinity, constants: 0,
  }];
  while (stack.length) {
    const t = stack.pop() as Task;
    criterion.init(t.start, t.end);
    const impurity = t.parent < 0 ? criterion.nodeImpurity() : t.impurity;
    let leaf = mustBeLeaf(s, t.depth, t.end - t.start, criterion.weightNode, impurity);
    let split: Split | undefined, constants = 0;
    if (!leaf) {
      [split, constants] = splitter.split(t.start, t.end, impurity, t.constants);
      leaf = split.pos >= t.end || split.improvement + EPSILON < s.minImpurityDecrease;
    }
    const id = out.add(t.parent, t.isLeft, impurity, t.end - t.start, criterion.weightNode);
    criterion.nodeValue(out.values, out.valueAt(id));
    if (!leaf && split) {
      out.split(id, split.feature, split.threshold);
      stack.push({ start: split.pos, end: t.end, depth: t.depth + 1, parent: id, isLeft: false,
        impurity: split.impurityRight, constants });
      stack.push({ start: t.start, end: split.pos, depth: t.depth + 1, parent: id, isLeft: true,
        impurity: split.impurityLeft, constants });
    }
  }
}

interface Frontier {
  id: number; start: number; end: number; pos: number; depth: number; leaf: boolean; improvement: number;
  impurityLeft: number; impurityRight: number; feature: number; threshold: number;
}

/** The frontier of best-first growth: a binary max-heap on improvement, as libstdc++'s push_heap / pop_heap. */
class FrontierHeap {
  readonly items: Frontier[] = [];

  private less(a: Frontier, b: Frontier): boolean {
    return a.improvement < b.improvement;
  }

  private siftUp(hole: number, top: number, value: Frontier): void {
    let parent = (hole - 1) >> 1;
    while (hole > top && this.less(this.items[parent], value)) {
      this.items[hole] = this.items[parent];
      hole = parent;
      parent = (hole - 1) >> 1;
    }
    this.items[hole] = value;
  }

  push(value: Frontier): void {
    this.items.push(value);
    this.siftUp(this.items.length - 1, 0, value);
  }

  pop(): Frontier {
    const a = this.items;
    const top = a[0];
    const value = a[a.length - 1];
    const len = a.length - 1;
    a[len] = top;
    let hole = 0, second = 0;
    while (second < (len - 1) >> 1) {
      second = 2 * (second + 1);
      if (this.less(a[second], a[second - 1])) second--;
      a[hole] = a[second];
      hole = second;
    }
    if ((len & 1) === 0 && second === (len - 2) >> 1 && len >= 2) {
      second = 2 * (second + 1);
      a[hole] = a[second - 1];
      hole = second - 1;
    }
    if (len > 0) this.siftUp(hole, 0, value);
    a.pop();
    return top;
  }
}

/** BestFirstTreeBuilder: the frontier node with the largest improvement is split next, up to maxLeafNodes leaves. */
function growBestFirst(s: Settings, splitter: Splitter, out: TreeWriter): void {
  const criterion = splitter.criterion;
  const addNode = (start: number, end: number, impurity: number, parent: number, isLeft: boolean,
    depth: number): Frontier => {
    criterion.init(start, end);
    if (parent < 0) impurity = criterion.nodeImpurity();
    let leaf = mustBeLeaf(s, depth, end - start, criterion.weightNode, impurity);
    let split: Split | undefined;
    if (!leaf) {
      [split] = splitter.split(start, end, impurity, 0);
      leaf = split.pos >= end || split.improvement + EPSILON < s.minImpurityDecrease;
    }
    const id = out.add(parent, isLeft, impurity, end - start, criterion.weightNode);
    criterion.nodeValue(out.values, out.valueAt(id));
    if (leaf || !split) {
      return { id, start, end, pos: end, depth, leaf: true, improvement: 0, impurityLeft: impurity,
        impurityRight: impurity, feature: -1, threshold: LEAF_THRESHOLD };
    }
    return { id, start, end, pos: split.pos, depth, leaf: false, improvement: split.improvement,
      impurityLeft: split.impurityLeft, impurityRight: split.impurityRight, feature: split.feature,
      threshold: split.threshold };
  };
  const frontier = new FrontierHeap();
  frontier.push(addNode(0, splitter.samples.length, Infinity, -1, false, 0));
  let splitsLeft = s.maxLeafNodes - 1;
  while (frontier.items.length) {
    const r = frontier.pop();
    if (r.leaf || splitsLeft <= 0) continue;
    splitsLeft--;
    out.split(r.id, r.feature, r.threshold);
    const left = addNode(r.start, r.pos, r.impurityLeft, r.id, true, r.depth + 1);
    const right = addNode(r.pos, r.end, r.impurityRight, r.id, false, r.depth + 1);
    frontier.push(left);
    frontier.push(right);
  }
}

/** Checks the data arrays as the core does (codes, finiteness, weights, capacity). */
function checkInputs(n: number, d: number, k: number, s: Settings, xt: Float32Array, y: Float64Array,
  weights: Float64Array, seeds: Float64Array, capacity: number, nodes: Float64Array, values: Float64Array,
  nodeCount: Int32Array): void {
  const trees = seeds.length;
  if (!isInt(n, 1) || !isInt(d, 1) || !isInt(k, 1) || trees === 0) {
    einval(`bad sizes n ${n}, d ${d}, k ${k}, trees ${trees}`);
  }
  const classification = s.criterion <= TreeCriterion.entropy;
  if (xt.length !== n * d) einval(`xt holds ${xt.length} values, not n * d = ${n * d}`);
  if (y.length !== (classification ? n : n * k)) einval(`y holds ${y.length} values`);
  if (weights.length !== trees * n) einval(`weights hold ${weights.length} values, not trees * n = ${trees * n}`);
  if (nodeCount.length !== trees) einval(`nodeCount holds ${nodeCount.length} values, not ${trees}`);
  if (!isInt(capacity, 1)) einval(`bad capacity ${capacity}`);
  if (nodes.length !== trees * capacity * TreeNodeField.count || values.length !== trees * capacity * k) {
    einval('nodes / values do not hold trees * capacity records');
  }
  for (let i = 0; i < xt.length; i++) if (!Number.isFinite(xt[i])) einval(`xt[${i}] is ${xt[i]}`);
  for (let i = 0; i < y.length; i++) {
    if (classification ? !isInt(y[i], 0, k - 1) : !Number.isFinite(y[i])) einval(`y[${i}] is ${y[i]}`);
  }
  for (let t = 0; t < trees; t++) {
    if (!isInt(seeds[t], 0, 0xffffffff)) einval(`seeds[${t}] is ${seeds[t]}, not a uint32`);
    let samples = 0, total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[t * n + i];
      if (!(Number.isFinite(w) && w >= 0)) einval(`weights[${t * n + i}] is ${w}`);
      if (w !== 0) samples++, total += w;
    }
    if (!(total > 0 && Number.isFinite(total))) einval(`tree ${t} has no sample with a positive weight`);
    const needed = treeGrowCapacityNeeded(samples, s.maxDepth, s.maxLeafNodes);
    if (capacity < needed) einval(`capacity ${capacity} is below the ${needed} nodes tree ${t} can need`);
  }
}

/** Grows one tree into its slots. */
function growTree(t: number, n: number, d: number, k: number, s: Settings, xt: Float32Array, y: Float64Array,
  weights: Float64Array, seed: number, capacity: number, nodes: Float64Array, values: Float64Array): number {
  const w = weights.subarray(t * n, (t + 1) * n);
  const kept: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] !== 0) kept.push(i);
    total += w[i];
  }
  const samples = Int32Array.from(kept);
  const criterion = new Criterion(s.criterion, k, y, w, samples, total);
  const splitter = new Splitter(s, n, d, xt, samples, criterion, seed);
  const out = new TreeWriter(nodes, values, t * capacity, k);
  if (s.maxLeafNodes < 0) growDepthFirst(s, splitter, out);
  else growBestFirst(s, splitter, out);
  return out.count;
}

/** The plain-JS treeGrow (trueno_tree_grow). */
export const treeGrow: SyncKernels['treeGrow'] = (n, d, k, xt, y, weights, seeds, params, capacity, nodes, values,
  nodeCount) => {
  const s = readSettings(params, d);
  checkInputs(n, d, k, s, xt, y, weights, seeds, capacity, nodes, values, nodeCount);
  for (let t = 0; t < seeds.length; t++) {
    nodeCount[t] = growTree(t, n, d, k, s, xt, y, weights, seeds[t], capacity, nodes, values);
  }
};
