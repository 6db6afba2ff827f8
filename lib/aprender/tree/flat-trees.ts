/**
 * Fitted trees in the flat layout of trueno.h ("ml: trees"), shared by every tree model: decision trees, forests,
 * gradient boosting and the histogram booster. The trees are plain data (TypedArrays in a plain object), so they
 * are learned state like any other: they cross fitAsync's worker and go into model files unchanged. One native kernel
 * walks them all (forestPredict / forestApply).
 */
import { kernels } from '../../trueno/backend/loader';
import { forestPredictFew } from '../../trueno/backend/reference-forest';
import { TreeFlag } from '../../trueno/backend/reference-hgb';
import { TreeNodeField } from '../../trueno/backend/reference-tree-grow';

/** Fields of one node record written by treeGrow (the same TRUENO_NODE_* codes, fields: their count). */
export const NODE = { ...TreeNodeField, fields: TreeNodeField.count } as const;

/** Node flags of the flat layout (TRUENO_TREE_MISSING_LEFT / CATEGORICAL). */
export const TREE_FLAGS = TreeFlag;

/**
 * Trees in the flat layout: tree t starts at node roots[t]; children hold absolute node indices (-1 for a leaf),
 * always greater than their parent's.
 */
export interface FlatTrees {
  /** Values per node (classes, outputs, or 1). */
  k: number;
  /** First node of each tree. */
  roots: Int32Array;
  /** Feature tested at each node, -1 for a leaf. */
  feature: Int32Array;
  /** Split threshold (x <= threshold goes left), or a categorical node's bitset index. */
  threshold: Float64Array;
  /** Left and right child of each node (2 per node, -1 for a leaf). */
  children: Int32Array;
  /** TREE_FLAGS per node. */
  flags: Uint8Array;
  /** 8 words (256 bits over category codes) per categorical bitset. */
  catBits: Int32Array;
  /** k values per node. */
  values: Float64Array;
  /** Impurity per node (treeGrow's trees). */
  impurity?: Float64Array;
  /** Samples with a nonzero weight per node (treeGrow's trees). */
  nodeSamples?: Float64Array;
  /** Total sample weight per node (treeGrow's trees). */
  nodeWeight?: Float64Array;
}

/** One tree with node indices from 0, as hgbGrow writes it. */
export interface LocalTree {
  feature: Int32Array;
  threshold: Float64Array;
  children: Int32Array;
  flags: Uint8Array;
  catBits: Int32Array;
  values: Float64Array;
}

/** A growable typed array (doubling), so appending T trees copies O(total) rather than O(T x total). */
class Grow<A extends Float64Array | Int32Array | Uint8Array> {
  private data: A;
  length = 0;

  constructor(private readonly make: (n: number) => A, start?: A) {
    this.data = make(Math.max(16, start?.length ?? 0));
    if (start) {
      this.data.set(start);
      this.length = start.length;
    }
  }

  /** Room for `extra` more entries; returns the array and the offset at which they go. */
  reserve(extra: number): [A, number] {
    if (this.length + extra > this.data.length) {
      const bigger = this.make(Math.max(2 * this.data.length, this.length + extra));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    const at = this.length;
    this.length += extra;
    return [this.data, at];
  }

  /** Room for `extra` more entries without a reallocation (exactly that much when it must grow). */
  ensure(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const bigger = this.make(this.length + extra);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  /** The entries (the array itself when it is exactly full: a later reserve reallocates, so it stays unchanged). */
  take(): A {
    return this.data.length === this.length ? this.data : this.data.slice(0, this.length) as A;
  }
}

/** Collects trees (from treeGrow's slots or hgbGrow's local trees) into one FlatTrees. */
export class FlatTreesBuilder {
  private readonly roots: number[];
  private readonly feature: Grow<Int32Array>;
  private readonly threshold: Grow<Float64Array>;
  private readonly children: Grow<Int32Array>;
  private readonly flags: Grow<Uint8Array>;
  private readonly catBits: Grow<Int32Array>;
  private readonly values: Grow<Float64Array>;
  private readonly stats: [Grow<Float64Array>, Grow<Float64Array>, Grow<Float64Array>] | null;

  /**
   * @param k - values per node
   * @param start - trees to continue from (warm start), copied
   * @param withStats - keep impurity, samples and weight per node (treeGrow's trees)
   */
  constructor(private readonly k: number, start?: FlatTrees, withStats = start?.impurity !== undefined) {
    if (start && start.k !== k) throw new RangeError(`Expected trees with ${k} values per node but received ${start.k}`);
    this.roots = start ? [...start.roots] : [];
    const f64 = (n: number) => new Float64Array(n);
    const i32 = (n: number) => new Int32Array(n);
    this.feature = new Grow(i32, start?.feature);
    this.threshold = new Grow(f64, start?.threshold);
    this.children = new Grow(i32, start?.children);
    this.flags = new Grow((n) => new Uint8Array(n), start?.flags);
    this.catBits = new Grow(i32, start?.catBits);
    this.values = new Grow(f64, start?.values);
    this.stats = withStats ? [new Grow(f64, start?.impurity), new Grow(f64, start?.nodeSamples), new Grow(f64, start?.nodeWeight)] : null;
  }

  /** Trees so far. */
  get treeCount(): number {
    return this.roots.length;
  }

  /**
   * Appends the trees treeGrow wrote: tree t's nodeCount[t] node records (NODE fields) and values start at slot
   * t x capacity.
   * @param nodes - trees x capacity x NODE.fields records
   * @param values - trees x capacity x k values
   * @param nodeCount - nodes per tree
   * @param capacity - the slot size the kernel was given
   */
  addGrown(nodes: Float64Array, values: Float64Array, nodeCount: Int32Array, capacity: number): void {
    const k = this.k;
    const F = NODE.fields;
    for (let t = 0; t < nodeCount.length; t++) {
      const count = nodeCount[t];
      const base = this.feature.length;
      this.roots.push(base);
      const [feature, at] = this.feature.reserve(count);
      const [threshold] = this.threshold.reserve(count);
      const [children] = this.children.reserve(2 * count);
      this.flags.reserve(count); // no missing values or categories in CART trees: flags stay 0
      const [vals, vAt] = this.values.reserve(count * k);
      vals.set(values.subarray(t * capacity * k, (t * capacity + count) * k), vAt);
      // locals, not this.stats?.[s][0][...] per node: this loop runs once per grown node (millions for a forest)
      let r = t * capacity * F;
      for (let i = 0; i < count; i++, r += F) {
        const left = nodes[r + NODE.left];
        if (left < 0) {
          feature[at + i] = -1;
          threshold[at + i] = 0;
          children[2 * (at + i)] = -1;
          children[2 * (at + i) + 1] = -1;
        } else {
          feature[at + i] = nodes[r + NODE.feature];
          threshold[at + i] = nodes[r + NODE.threshold];
          children[2 * (at + i)] = base + left;
          children[2 * (at + i) + 1] = base + nodes[r + NODE.right];
        }
      }
      if (this.stats) {
        const [impurity, sAt] = this.stats[0].reserve(count);
        const [samples] = this.stats[1].reserve(count);
        const [weight] = this.stats[2].reserve(count);
        r = t * capacity * F;
        for (let i = 0; i < count; i++, r += F) {
          impurity[sAt + i] = nodes[r + NODE.impurity];
          samples[sAt + i] = nodes[r + NODE.samples];
          weight[sAt + i] = nodes[r + NODE.weight];
        }
      }
    }
  }

  /**
   * Makes room for `nodes` more nodes at once (an estimate; appending more still works), so that a forest's many
   * trees grow the arrays once instead of doubling and copying them several times.
   * @param nodes - nodes expected to follow
   */
  expectNodes(nodes: number): void {
    const n = Math.max(0, Math.ceil(nodes));
    for (const g of [this.feature, this.threshold, this.flags, ...(this.stats ?? [])]) g.ensure(n);
    this.children.ensure(2 * n);
    this.values.ensure(n * this.k);
  }

  /**
   * Appends one tree whose node indices (children, bitset indices) start at 0.
   * @param tree - the tree's arrays (at least `count` nodes; catBits 8 words per bitset index used)
   * @param count - its node count
   */
  addTree(tree: LocalTree, count: number): void {
    const base = this.feature.length;
    const bitsetBase = this.catBits.length / 8;
    this.roots.push(base);
    const [feature, at] = this.feature.reserve(count);
    const [threshold] = this.threshold.reserve(count);
    const [children] = this.children.reserve(2 * count);
    const [flags] = this.flags.reserve(count);
    const [vals, vAt] = this.values.reserve(count * this.k);
    vals.set(tree.values.subarray(0, count * this.k), vAt);
    let bitsets = 0;
    for (let i = 0; i < count; i++) if (tree.feature[i] >= 0 && tree.flags[i] & TREE_FLAGS.categorical) bitsets = Math.max(bitsets, tree.threshold[i] + 1);
    if (bitsets > 0) {
      const [bits, bAt] = this.catBits.reserve(8 * bitsets);
      bits.set(tree.catBits.subarray(0, 8 * bitsets), bAt);
    }
    for (let i = 0; i < count; i++) {
      const leaf = tree.feature[i] < 0;
      feature[at + i] = leaf ? -1 : tree.feature[i];
      flags[at + i] = tree.flags[i];
      const categorical = !leaf && (tree.flags[i] & TREE_FLAGS.categorical) !== 0;
      threshold[at + i] = categorical ? bitsetBase + tree.threshold[i] : tree.threshold[i];
      children[2 * (at + i)] = leaf ? -1 : base + tree.children[2 * i];
      children[2 * (at + i) + 1] = leaf ? -1 : base + tree.children[2 * i + 1];
    }
    if (this.stats) for (const s of this.stats) s.reserve(count); // no node statistics: zeros
  }

  /**
   * The trees collected, in compact arrays. An array that is exactly full is handed over rather than copied, so
   * build once, when every tree is added (the estimators then change values in place, e.g. normalizeClassValues).
   */
  build(): FlatTrees {
    const trees: FlatTrees = {
      k: this.k, roots: Int32Array.from(this.roots), feature: this.feature.take(), threshold: this.threshold.take(),
      children: this.children.take(), flags: this.flags.take(), catBits: this.catBits.take(), values: this.values.take(),
    };
    if (this.stats) [trees.impurity, trees.nodeSamples, trees.nodeWeight] = this.stats.map((s) => s.take());
    return trees;
  }
}

/** Tree t's node range [start, end). */
export function treeRange(trees: FlatTrees, t: number): [number, number] {
  return [trees.roots[t], t + 1 < trees.roots.length ? trees.roots[t + 1] : trees.feature.length];
}

/** The roots of trees [first, end) (a view), after checking the range. */
function slice(trees: FlatTrees, first: number, end: number): Int32Array {
  if (!(Number.isInteger(first) && Number.isInteger(end) && first >= 0 && first <= end && end <= trees.roots.length)) {
    throw new RangeError(`Expected a tree range within [0, ${trees.roots.length}] but received [${first}, ${end})`);
  }
  return trees.roots.subarray(first, end);
}

/**
 * A forest packed once by trueno's forestPack for forestPredictPacked, and the arrays and width it was packed from
 * (arrays replaced by a refit or a warm start make it stale). Derived data: never saved, never sent to a worker.
 */
interface PackedForest {
  from: Pick<FlatTrees, 'roots' | 'feature' | 'threshold' | 'children' | 'flags' | 'catBits'>;
  d: number;
  packed: Float64Array;
  origin: Int32Array;
  /** The packed root of each tree (tree t of the flat trees). */
  roots: Int32Array;
}

const packedForests = new WeakMap<FlatTrees, PackedForest>();

/** The packed copy of the trees for width d, packed on first use and kept as long as the trees are. */
function packedForest(trees: FlatTrees, d: number): PackedForest {
  const p = packedForests.get(trees);
  const f = p?.from;
  if (p !== undefined && p.d === d && f!.roots === trees.roots && f!.feature === trees.feature && f!.threshold === trees.threshold
    && f!.children === trees.children && f!.flags === trees.flags && f!.catBits === trees.catBits) return p;
  // each tree takes its nodes plus one slot (the pad after its root); the trees of a flat forest share no node
  const slots = trees.feature.length + trees.roots.length;
  const packed = new Float64Array(2 * slots), origin = new Int32Array(slots), roots = new Int32Array(trees.roots.length);
  kernels().forestPack(d, trees.roots, trees.feature, trees.threshold, trees.children, trees.flags, trees.catBits, packed, origin, roots);
  const { feature, threshold, children, flags, catBits } = trees;
  const fresh = { from: { roots: trees.roots, feature, threshold, children, flags, catBits }, d, packed, origin, roots };
  packedForests.set(trees, fresh);
  return fresh;
}

/**
 * Adds the weighted sum of the trees' leaf values for each row of x (trueno's forestPredict, native and parallel).
 * @param trees - the trees
 * @param x - n x d rows (float32 rows are compared exactly as float64)
 * @param n - rows
 * @param d - features
 * @param treeWeights - one weight per tree in range (e.g. 1 / trees to average, or the learning rate)
 * @param out - n x k sums to add to (fresh zeros when omitted)
 * @param range - the trees [first, end) to use (all by default)
 * @returns out
 */
export function predictTrees(trees: FlatTrees, x: Float32Array | Float64Array, n: number, d: number, treeWeights: Float64Array,
  out: Float64Array = new Float64Array(n * trees.k), range: [number, number] = [0, trees.roots.length]): Float64Array {
  const roots = slice(trees, range[0], range[1]);
  // Checking (and packing) the whole forest costs O(nodes) whatever n: for a few rows (a served request), walking
  // just the visited nodes costs far less. Same sums in the same order, so the same bits.
  if (n * roots.length * FEW_ROWS_STEPS <= trees.feature.length) {
    forestPredictFew(n, d, x, { ...trees, roots }, trees.k, trees.values, treeWeights, out);
    return out;
  }
  // Larger batches walk a copy packed once per forest (forestPack checks the layout then), so a model predicting
  // batch after batch (a served one) no longer checks and packs every tree on every call; the same bits.
  const p = packedForest(trees, d);
  kernels().forestPredictPacked(n, d, x, p.roots.subarray(range[0], range[1]), p.packed, p.origin, trees.flags, trees.catBits,
    trees.k, trees.values, treeWeights, out);
  return out;
}

/** Walk steps per row and tree above which a whole-forest kernel call is cheaper than walking in place (measured). */
const FEW_ROWS_STEPS = 64;

/**
 * The leaf each row reaches in each tree (scikit-learn's apply): out[i x trees + t] = node index within tree t.
 * @param trees - the trees
 * @param x - n x d rows
 * @param n - rows
 * @param d - features
 * @param range - the trees [first, end) to use (all by default)
 * @returns n x trees leaf indices
 */
export function applyTrees(trees: FlatTrees, x: Float32Array | Float64Array, n: number, d: number,
  range: [number, number] = [0, trees.roots.length]): Int32Array {
  const roots = slice(trees, range[0], range[1]);
  const out = new Int32Array(n * roots.length);
  kernels().forestApply(n, d, x, roots, trees.feature, trees.threshold, trees.children, trees.flags, trees.catBits, out);
  return out;
}

/**
 * The node slots treeGrow needs per tree: a binary tree over `samples` samples has at most 2 x samples - 1 nodes,
 * fewer with a leaf or depth bound.
 * @param samples - samples with a nonzero weight (the most leaves)
 * @param maxDepth - depth bound, -1 for none
 * @param maxLeafNodes - leaf bound, -1 for none
 * @returns the capacity
 */
export function treeCapacity(samples: number, maxDepth: number, maxLeafNodes: number): number {
  let leaves = Math.max(1, samples);
  if (maxLeafNodes > 0) leaves = Math.min(leaves, maxLeafNodes);
  if (maxDepth >= 0 && maxDepth < 30) leaves = Math.min(leaves, 2 ** maxDepth);
  return 2 * leaves - 1;
}

/** Bytes held by the trees' arrays (the memory a fitted model keeps). */
export function treeBytes(trees: FlatTrees): number {
  const arrays = [trees.roots, trees.feature, trees.threshold, trees.children, trees.flags, trees.catBits, trees.values,
    trees.impurity, trees.nodeSamples, trees.nodeWeight];
  return arrays.reduce((s, a) => s + (a?.byteLength ?? 0), 0);
}
