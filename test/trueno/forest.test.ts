/**
 * forestPredict / forestApply (the one prediction kernel of every tree model) on every backend, ISA level and thread
 * count: random forests in the flat layout of trueno.h, with numerical, categorical and missing-value splits, walked
 * row by row here; sums equal to the bit (trees are added in order); float32 rows; the async form; and malformed
 * layouts refused with a clear error instead of a wild read. The packed pair (forestPack / forestPredictPacked): the
 * same slots byte for byte on every backend, the same sums as forestPredict, corrupt slots refused with out untouched.
 */
import { kernels } from '../../lib/trueno/backend/loader';
import { forestReference } from '../../lib/trueno/backend/reference-forest';
import { activate, configurations, resetBackends, sym } from './helpers';

const configs = configurations();
afterAll(resetBackends);

interface Forest {
  roots: Int32Array; feature: Int32Array; threshold: Float64Array; children: Int32Array; flags: Uint8Array;
  catBits: Int32Array; values: Float64Array;
}

const D = 5;
const K = 3;
const CATEGORICAL_FEATURE = 4;

/** Random trees grown breadth-first (children after parents), feature 4 categorical, some splits sending NaN left. */
function randomForest(trees: number, nodesPerTree: number): Forest {
  const u = sym(11, 100000).map((v) => (v + 1) / 2);
  let next = 0;
  const rand = () => u[next++ % u.length];
  const feature: number[] = [], threshold: number[] = [], children: number[] = [], flags: number[] = [];
  const catBits: number[] = [];
  const roots: number[] = [];
  for (let t = 0; t < trees; t++) {
    const base = feature.length;
    roots.push(base);
    const queue = [base];
    feature.push(0); threshold.push(0); children.push(-1, -1); flags.push(0);
    while (queue.length > 0) {
      const i = queue.shift()!;
      if (feature.length - base + 2 > nodesPerTree || (i > base && rand() < 0.2)) {
        feature[i] = -1;
        continue;
      }
      const f = Math.floor(rand() * D);
      feature[i] = f;
      flags[i] = rand() < 0.5 ? 1 : 0;
      if (f === CATEGORICAL_FEATURE) {
        flags[i] |= 2;
        threshold[i] = catBits.length / 8;
        for (let w = 0; w < 8; w++) catBits.push((rand() * 2 ** 32) | 0);
      } else {
        threshold[i] = sym(12, 1, 1)[0] * rand();
      }
      for (const side of [0, 1]) {
        children[2 * i + side] = feature.length;
        queue.push(feature.length);
        feature.push(0); threshold.push(0); children.push(-1, -1); flags.push(0);
      }
    }
  }
  const nodes = feature.length;
  return {
    roots: Int32Array.from(roots), feature: Int32Array.from(feature), threshold: Float64Array.from(threshold),
    children: Int32Array.from(children), flags: Uint8Array.from(flags), catBits: Int32Array.from(catBits),
    values: Float64Array.from(sym(13, nodes * K)),
  };
}

/** Rows with NaN sprinkled in and category codes 0..259 (some unknown to any bitset) in the categorical column. */
function rows(n: number): Float64Array {
  const x = sym(14, n * D);
  for (let i = 0; i < n; i++) {
    x[i * D + CATEGORICAL_FEATURE] = Math.floor(((x[i * D + CATEGORICAL_FEATURE] + 1) / 2) * 260);
    if (i % 17 === 3) x[i * D + (i % D)] = NaN;
  }
  return x;
}

/** The leaf of one row in one tree, walked here (trueno.h's rules). */
function leaf(f: Forest, x: ArrayLike<number>, r: number, t: number): number {
  let i = f.roots[t];
  while (f.feature[i] >= 0) {
    const v = x[r * D + f.feature[i]];
    let left: boolean;
    if (f.flags[i] & 2) {
      left = v >= 0 && v < 256 ? ((f.catBits[8 * f.threshold[i] + (Math.trunc(v) >> 5)] >>> (Math.trunc(v) & 31)) & 1) === 1 : (f.flags[i] & 1) === 1;
    } else {
      left = Number.isNaN(v) ? (f.flags[i] & 1) === 1 : v <= f.threshold[i];
    }
    i = f.children[2 * i + (left ? 0 : 1)];
  }
  return i;
}

const forest = randomForest(7, 61);
const n = 1000;
const x = rows(n);
const weights = Float64Array.from({ length: 7 }, (_, t) => 1 / (t + 2));

function want(xs: ArrayLike<number>): { sums: Float64Array; leaves: Int32Array } {
  const sums = new Float64Array(n * K).fill(0.25);
  const leaves = new Int32Array(n * 7);
  for (let r = 0; r < n; r++) {
    for (let t = 0; t < 7; t++) {
      const l = leaf(forest, xs, r, t);
      leaves[r * 7 + t] = l - forest.roots[t];
      for (let c = 0; c < K; c++) sums[r * K + c] += weights[t] * forest.values[l * K + c];
    }
  }
  return { sums, leaves };
}

function predict(xs: Float32Array | Float64Array, out = new Float64Array(n * K).fill(0.25)): Float64Array {
  const f = forest;
  kernels().forestPredict(n, D, xs, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, K, f.values, weights, out);
  return out;
}

describe.each(configs)('$label', (config) => {
  beforeAll(() => activate(config));

  test('sums the trees leaf values in order, bit for bit, and finds the same leaves', () => {
    const expected = want(x);
    expect(predict(x)).toEqual(expected.sums);
    const leaves = new Int32Array(n * 7);
    const f = forest;
    kernels().forestApply(n, D, x, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, leaves);
    expect(leaves).toEqual(expected.leaves);
  });

  test('float32 rows compare exactly as float64', () => {
    const x32 = Float32Array.from(x);
    expect(predict(x32)).toEqual(want(Float64Array.from(x32)).sums);
  });

  test('the async form gives the same sums', async () => {
    const f = forest;
    const out = new Float64Array(n * K).fill(0.25);
    await kernels().forestPredictAsync(n, D, x, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, K, f.values, weights, out);
    expect(out).toEqual(want(x).sums);
  });

  test.each([
    ['a cycle (child before its parent)', (f: Forest) => { f.children[2 * f.feature.findIndex((v, j) => j > 1 && v >= 0)] = 1; }],
    ['a self loop', (f: Forest) => { f.children[1] = 0; }],
    ['a node with two parents', (f: Forest) => { f.children[0] = f.children[1]; }],
    ['a child past the end', (f: Forest) => { f.children[1] = f.feature.length; }],
    ['a feature past d', (f: Forest) => { f.feature[0] = D; }],
    ['a root past the end', (f: Forest) => { f.roots[1] = f.feature.length; }],
    ['a bitset index past catBits', (f: Forest) => {
      const i = f.feature.findIndex((v, j) => v === CATEGORICAL_FEATURE && (f.flags[j] & 2) !== 0);
      f.threshold[i] = f.catBits.length / 8;
    }],
  ])('refuses %s and writes nothing', (_what, spoil) => {
    const f = { ...forest, roots: forest.roots.slice(), feature: forest.feature.slice(), threshold: forest.threshold.slice(), children: forest.children.slice() };
    spoil(f);
    const out = new Float64Array(n * K);
    expect(() => kernels().forestPredict(n, D, x, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, K,
      f.values, weights, out)).toThrow(/forest|EINVAL|rejected|status/i);
    expect(out.every((v) => v === 0)).toBe(true);
    expect(() => kernels().forestApply(n, D, x, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits,
      new Int32Array(n * 7))).toThrow();
  });
});

/** The forest packed by a backend's forestPack (slots: nodes + trees, each tree's nodes and its pad). */
function pack(k: Pick<typeof forestReference, 'forestPack'>, f: Forest = forest) {
  const slots = f.feature.length + f.roots.length;
  const packed = new Float64Array(2 * slots), origin = new Int32Array(slots), roots = new Int32Array(f.roots.length);
  const used = k.forestPack(D, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, packed, origin, roots);
  return { used, packed, origin, roots, ints: new Int32Array(packed.buffer) };
}

describe.each(configs)('packed: $label', (config) => {
  beforeAll(() => activate(config));
  const reference = pack(forestReference);

  test('forestPack writes the same slots, byte for byte, as the reference', () => {
    const p = pack(kernels());
    expect(p.used).toBe(forest.feature.length + forest.roots.length);
    expect(Buffer.from(p.packed.buffer).equals(Buffer.from(reference.packed.buffer))).toBe(true);
    expect(p.origin).toEqual(reference.origin);
    expect(p.roots).toEqual(reference.roots);
  });

  test('forestPredictPacked adds the same sums as forestPredict, bit for bit, on float64 and float32 rows', () => {
    const p = pack(kernels());
    for (const xs of [x, Float32Array.from(x)]) {
      const out = new Float64Array(n * K).fill(0.25);
      kernels().forestPredictPacked(n, D, xs, p.roots, p.packed, p.origin, forest.flags, forest.catBits, K, forest.values, weights, out);
      expect(out).toEqual(predict(xs));
    }
  });

  test('a subset of the trees in another order: the same sums as forestPredict over their roots', () => {
    const p = pack(kernels());
    const pick = [5, 0, 3];
    const w = Float64Array.from(pick, (t) => weights[t]);
    const want = new Float64Array(n * K), got = new Float64Array(n * K);
    const f = forest;
    kernels().forestPredict(n, D, x, Int32Array.from(pick, (t) => f.roots[t]), f.feature, f.threshold, f.children, f.flags, f.catBits, K, f.values, w, want);
    kernels().forestPredictPacked(n, D, x, Int32Array.from(pick, (t) => p.roots[t]), p.packed, p.origin, f.flags, f.catBits, K, f.values, w, got);
    expect(got).toEqual(want);
  });

  test('forestPack refuses a bad layout or too few slots and writes nothing', () => {
    const bad = { ...forest, children: forest.children.slice() };
    bad.children[1] = 0; // a self loop
    expect(() => pack(kernels(), bad)).toThrow(/forest|EINVAL|rejected|status/i);
    const origin = new Int32Array(4).fill(-9);
    expect(() => kernels().forestPack(D, forest.roots, forest.feature, forest.threshold, forest.children, forest.flags, forest.catBits,
      new Float64Array(8), origin, new Int32Array(forest.roots.length))).toThrow(/forest|EINVAL|rejected|status/i);
    expect(origin.every((v) => v === -9)).toBe(true);
  });

  /** Slot q's feature and left as int32 (its threshold is packed[2q]). */
  const slot = (q: number) => ({ feature: 4 * q + 2, left: 4 * q + 3 });
  const leafSlot = reference.ints.findIndex((v, i) => i % 4 === 2 && v === -1 && reference.ints[i + 1] >= 0) >> 2;
  const catSlot = reference.origin.findIndex((o) => o >= 0 && (forest.flags[o] & 2) !== 0 && forest.feature[o] >= 0);
  test.each([
    ['a root past the end', (p: typeof reference) => { p.roots[1] = p.origin.length; }],
    ['a pad reached', (p: typeof reference) => { p.roots[0] += 1; }],
    ['children before their parent', (p: typeof reference) => { p.ints[slot(p.roots[0]).left] = p.roots[0]; }],
    ['children past the end', (p: typeof reference) => { p.ints[slot(p.roots[0]).left] = p.origin.length - 1; }],
    ['a feature past d', (p: typeof reference) => { p.ints[slot(p.roots[0]).feature] = D; }],
    ['a leaf past the nodes', (p: typeof reference) => { p.ints[slot(leafSlot).left] = forest.feature.length; }],
    ['an origin past the nodes', (p: typeof reference) => { p.origin[catSlot] = forest.feature.length; }],
    ['a bitset past catBits', (p: typeof reference) => { p.packed[2 * catSlot] = forest.catBits.length / 8; }],
  ])('forestPredictPacked refuses %s and writes nothing', (_what, spoil) => {
    const p = { ...reference, packed: reference.packed.slice(), origin: reference.origin.slice(), roots: reference.roots.slice() };
    p.ints = new Int32Array(p.packed.buffer);
    spoil(p);
    const out = new Float64Array(n * K);
    expect(() => kernels().forestPredictPacked(n, D, x, p.roots, p.packed, p.origin, forest.flags, forest.catBits, K, forest.values,
      weights, out)).toThrow(/forest|EINVAL|rejected|status/i);
    expect(out.every((v) => v === 0)).toBe(true);
  });
});

describe('forestPredictFew (the in-place walk for a few rows, used by predictTrees)', () => {
  const { forestPredictFew } = require('../../lib/trueno/backend/reference-forest') as typeof import('../../lib/trueno/backend/reference-forest');

  it('adds the same sums as the kernels, to the bit, on float64 and float32 rows', () => {
    const expected = want(x).sums;
    const got = new Float64Array(n * K).fill(0.25);
    forestPredictFew(n, D, x, forest, K, forest.values, weights, got);
    expect(Array.from(got)).toEqual(Array.from(expected));
    const x32 = Float32Array.from(x);
    const got32 = new Float64Array(n * K).fill(0.25);
    forestPredictFew(n, D, x32, forest, K, forest.values, weights, got32);
    expect(Array.from(got32)).toEqual(Array.from(want(x32).sums));
  });

  it('refuses a bad node on a walk (a child before its parent, a feature or bitset out of range) instead of looping or reading wild', () => {
    const row = new Float64Array(D).fill(0.1);
    const run = (f: typeof forest) => forestPredictFew(1, D, row, f, K, f.values, Float64Array.of(1), new Float64Array(K));
    const one = { ...forest, roots: forest.roots.subarray(0, 1) };
    const loop = { ...one, children: Int32Array.from(forest.children) };
    loop.children[0] = 0; // the root is its own child
    loop.children[1] = 0;
    expect(() => run(loop)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_EINVAL' }));
    const far = { ...one, children: Int32Array.from(forest.children) };
    far.children[0] = far.children[1] = forest.feature.length + 5;
    expect(() => run(far)).toThrow(/outside/);
    const feature = { ...one, feature: Int32Array.from(forest.feature) };
    feature.feature[0] = D;
    expect(() => run(feature)).toThrow(/feature 5 >= d = 5/);
    expect(() => run({ ...one, roots: Int32Array.of(-1) })).toThrow(/root -1/);
    expect(() => forestPredictFew(1, D, row, one, K, forest.values, Float64Array.of(NaN), new Float64Array(K))).toThrow(/non-finite/);
    expect(() => forestPredictFew(1, D, row, one, K, forest.values, Float64Array.of(1), new Float64Array(1))).toThrow(/out n x k/);
  });
});
