/**
 * FlatTreesBuilder and the prediction helpers: treeGrow's slot records and hgbGrow's local trees become one flat
 * forest with absolute children and renumbered bitsets; ranges, apply and warm starts behave; capacities bound the
 * nodes a tree can need.
 */
import { kernels } from '../../../lib/trueno/backend/loader';
import { applyTrees, FlatTreesBuilder, NODE, predictTrees, TREE_FLAGS, treeBytes, treeCapacity, treeRange } from '../../../lib/aprender/tree/flat-trees';

/** treeGrow-style records: a stump on feature 1 at 0.5 (slot 0) and a single leaf (slot 1), capacity 4, k = 2. */
function grown() {
  const capacity = 4;
  const nodes = new Float64Array(2 * capacity * NODE.fields);
  const rec = (t: number, i: number, fields: number[]) => nodes.set(fields, (t * capacity + i) * NODE.fields);
  rec(0, 0, [1, 0.5, 1, 2, 0.5, 10, 10]);
  rec(0, 1, [-1, -2, -1, -1, 0, 4, 4]);
  rec(0, 2, [-1, -2, -1, -1, 0, 6, 6]);
  rec(1, 0, [-1, -2, -1, -1, 0.3, 8, 9]);
  const values = new Float64Array(2 * capacity * 2);
  values.set([4, 6, 4, 0, 0, 6], 0);
  values.set([5, 4], capacity * 2);
  return { nodes, values, count: Int32Array.of(3, 1), capacity };
}

describe('FlatTreesBuilder', () => {
  test('addGrown turns slot records into absolute flat trees with their node statistics', () => {
    const g = grown();
    const b = new FlatTreesBuilder(2, undefined, true);
    b.addGrown(g.nodes, g.values, g.count, g.capacity);
    const t = b.build();
    expect(Array.from(t.roots)).toEqual([0, 3]);
    expect(Array.from(t.feature)).toEqual([1, -1, -1, -1]);
    expect(Array.from(t.children)).toEqual([1, 2, -1, -1, -1, -1, -1, -1]);
    expect(Array.from(t.threshold)).toEqual([0.5, 0, 0, 0]);
    expect(Array.from(t.values)).toEqual([4, 6, 4, 0, 0, 6, 5, 4]);
    expect(Array.from(t.nodeSamples!)).toEqual([10, 4, 6, 8]);
    expect(Array.from(t.nodeWeight!)).toEqual([10, 4, 6, 9]);
    expect(treeRange(t, 0)).toEqual([0, 3]);
    expect(treeRange(t, 1)).toEqual([3, 4]);
    expect(treeBytes(t)).toBeGreaterThan(0);
    const x = Float64Array.of(0, 0.2, 0, 0.9);
    expect(Array.from(predictTrees(t, x, 2, 2, Float64Array.of(1, 0.5)))).toEqual([4 + 2.5, 0 + 2, 0 + 2.5, 6 + 2]);
    expect(Array.from(applyTrees(t, x, 2, 2))).toEqual([1, 0, 2, 0]);
    expect(Array.from(predictTrees(t, x, 2, 2, Float64Array.of(2), undefined, [1, 2]))).toEqual([10, 8, 10, 8]);
  });

  test('addTree renumbers children and categorical bitsets; a warm start continues a forest', () => {
    const local = {
      feature: Int32Array.of(0, -1, -1), threshold: Float64Array.of(0, 0, 0), children: Int32Array.of(1, 2, -1, -1, -1, -1),
      flags: Uint8Array.of(TREE_FLAGS.categorical, 0, 0), catBits: Int32Array.of(0b100, 0, 0, 0, 0, 0, 0, 0),
      values: Float64Array.of(0, 1, -1),
    };
    const b = new FlatTreesBuilder(1);
    b.addTree(local, 3);
    const more = new FlatTreesBuilder(1, b.build());
    more.addTree(local, 3);
    const t = more.build();
    expect(Array.from(t.roots)).toEqual([0, 3]);
    expect(Array.from(t.threshold)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(Array.from(t.children.subarray(6))).toEqual([4, 5, -1, -1, -1, -1]);
    expect(t.catBits.length).toBe(16);
    const x = Float64Array.of(2, 3, NaN);
    expect(Array.from(predictTrees(t, x, 3, 1, Float64Array.of(1, 1)))).toEqual([2, -2, -2]);
    expect(() => new FlatTreesBuilder(2, t)).toThrow(/2 values per node/);
    expect(() => predictTrees(t, x, 3, 1, Float64Array.of(1), undefined, [1, 3])).toThrow(/tree range/);
  });
});

test('treeCapacity bounds the nodes by samples, leaves and depth', () => {
  expect(treeCapacity(100, -1, -1)).toBe(199);
  expect(treeCapacity(100, 3, -1)).toBe(15);
  expect(treeCapacity(100, -1, 10)).toBe(19);
  expect(treeCapacity(0, -1, -1)).toBe(1);
});

describe('predictTrees on batches (the forest packed once and kept)', () => {
  /** 30 chains of 41 nodes on 3 features: enough nodes that 50 rows take the packed kernel, not the few-rows walk. */
  function chains() {
    const b = new FlatTreesBuilder(1);
    for (let t = 0; t < 30; t++) {
      const n = 41, feature = new Int32Array(n).fill(-1), threshold = new Float64Array(n), children = new Int32Array(2 * n).fill(-1);
      for (let i = 0; i + 2 < n; i += 2) {
        feature[i] = (i + t) % 3;
        threshold[i] = Math.sin(i * 7 + t);
        children[2 * i] = i + 1;
        children[2 * i + 1] = i + 2;
      }
      b.addTree({ feature, threshold, children, flags: new Uint8Array(n), catBits: new Int32Array(0), values: Float64Array.from({ length: n }, (_, i) => Math.cos(i + t)) }, n);
    }
    return b.build();
  }
  const rows = Float64Array.from({ length: 50 * 3 }, (_, i) => Math.sin(i * 1.3));
  const weights = new Float64Array(30).fill(1 / 30);

  /** The unpacked kernel's sums (every tree checked and packed in the call). */
  function direct(t: ReturnType<typeof chains>, first = 0, end = 30): Float64Array {
    const out = new Float64Array(50);
    kernels().forestPredict(50, 3, rows, t.roots.subarray(first, end), t.feature, t.threshold, t.children, t.flags, t.catBits, 1, t.values, weights.subarray(first, end), out);
    return out;
  }

  test('gives the bits of the unpacked kernel, call after call and for a range of trees', () => {
    const t = chains();
    expect(50 * 30 * 64).toBeGreaterThan(t.feature.length); // the packed path, not the few-rows walk
    expect(predictTrees(t, rows, 50, 3, weights)).toEqual(direct(t));
    expect(predictTrees(t, rows, 50, 3, weights)).toEqual(direct(t));
    expect(predictTrees(t, rows, 50, 3, weights.subarray(5, 12), undefined, [5, 12])).toEqual(direct(t, 5, 12));
    const rows32 = Float32Array.from(rows), want32 = new Float64Array(50);
    kernels().forestPredict(50, 3, rows32, t.roots, t.feature, t.threshold, t.children, t.flags, t.catBits, 1, t.values, weights, want32);
    expect(predictTrees(t, rows32, 50, 3, weights)).toEqual(want32);
  });

  test('trees whose arrays were replaced (a refit or warm start) are packed again, never predicted stale', () => {
    const t = chains();
    const before = predictTrees(t, rows, 50, 3, weights);
    t.threshold = t.threshold.map((v) => v + 0.5);
    const after = predictTrees(t, rows, 50, 3, weights);
    expect(after).toEqual(direct(t));
    expect(after).not.toEqual(before);
  });

  test('a feature past the rows width is refused as by the kernel', () => {
    expect(() => predictTrees(chains(), rows.subarray(0, 100), 50, 2, weights)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_EINVAL' }));
  });
});
