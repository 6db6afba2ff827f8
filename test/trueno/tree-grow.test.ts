/**
 * treeGrow (trueno_tree_grow, CART growth) on every backend, ISA level and thread count: a tiny tree checked by hand,
 * scikit-learn's own trees (tree-grow-sklearn.json, written by tree_grow_sklearn.py) reproduced split for split,
 * every criterion, splitter and growth order equal to the plain-JS reference, native == wasm bit for bit, the async
 * form, and rejected inputs.
 */
import { kernels, setBackend } from '../../lib/trueno/backend/loader';
import { TreeCriterion, TreeNodeField, TreeParam } from '../../lib/trueno/backend/reference-tree-grow';
import { referenceKernels as ref } from '../../lib/trueno/backend/register-js';
import type { SyncKernels } from '../../lib/trueno/backend/kernels';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface SklearnCase {
  kind: 'c' | 'r'; params: Record<string, number | string>; weighted: boolean; seed: number; maxFeatures: number;
  minWeightLeaf: number; feature: number[]; threshold: number[]; left: number[]; right: number[]; impurity: number[];
  samples: number[]; weight: number[]; value: number[][];
}
const sklearn = JSON.parse(readFileSync(join(__dirname, 'tree-grow-sklearn.json'), 'utf8')) as {
  X: number[][]; yc: number[]; yr: number[]; sw: number[]; cases: SklearnCase[];
};

const configs = configurations();
afterAll(resetBackends);

const F = TreeNodeField.count;

interface Grown { nodes: Float64Array; values: Float64Array; count: Int32Array }
interface Problem {
  n: number; d: number; k: number; xt: Float32Array; y: Float64Array; weights: Float64Array; seeds: Float64Array;
  params: Float64Array; capacity: number;
}

/** Settings with scikit-learn's defaults, overridden by `over` (TreeParam names). */
function settings(criterion: number, maxFeatures: number, over: Partial<Record<keyof typeof TreeParam, number>> = {}) {
  const p = Float64Array.from([criterion, 0, -1, 2, 1, 0, maxFeatures, -1, 0]);
  for (const [name, v] of Object.entries(over)) p[TreeParam[name as keyof typeof TreeParam]] = v as number;
  return p;
}

function grow(p: Problem, fn: SyncKernels['treeGrow'] = kernels().treeGrow): Grown {
  const trees = p.seeds.length;
  const out = {
    nodes: new Float64Array(trees * p.capacity * F), values: new Float64Array(trees * p.capacity * p.k),
    count: new Int32Array(trees),
  };
  fn(p.n, p.d, p.k, p.xt, p.y, p.weights, p.seeds, p.params, p.capacity, out.nodes, out.values, out.count);
  return out;
}

/** Transposes row-major x (n x d) into float32 d x n. */
function transpose(x: ArrayLike<number>, n: number, d: number): Float32Array {
  const xt = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xt[j * n + i] = x[i * d + j];
  return xt;
}

/** A small problem without ties: 3 classes, or 1 or 2 regression outputs; 3 trees with bootstrap-like weights. */
function problem(criterion: number, over: Partial<Record<keyof typeof TreeParam, number>> = {}, outputs = 2): Problem {
  const n = 240, d = 5, trees = 3;
  const x = sym(7, n * d);
  const classification = criterion <= TreeCriterion.entropy;
  const k = classification ? 3 : outputs;
  const y = new Float64Array(classification ? n : n * k);
  for (let i = 0; i < n; i++) {
    const s = x[i * d] + 0.5 * x[i * d + 1] * x[i * d + 2];
    if (classification) y[i] = (s > 0.1 ? 1 : 0) + (x[i * d + 3] > 0.5 ? 1 : 0);
    else if (k === 1) y[i] = s + Math.sin(3 * x[i * d + 4]);
    else y[2 * i] = s, y[2 * i + 1] = Math.sin(3 * x[i * d + 4]);
  }
  const weights = new Float64Array(trees * n);
  for (let i = 0; i < trees * n; i++) weights[i] = i < n ? 1 : Math.floor(2 * (sym(8, trees * n)[i] + 1)) * 0.75;
  return {
    n, d, k, xt: transpose(x, n, d), y, weights, seeds: Float64Array.of(3, 0, 4294967295), capacity: 2 * n,
    params: settings(criterion, over.maxFeatures ?? 3, over),
  };
}

/** Node records of tree t (count of them), as plain rows. */
function records(g: Grown, t: number, capacity: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < g.count[t]; i++) rows.push(Array.from(g.nodes.subarray((t * capacity + i) * F, (t * capacity + i + 1) * F)));
  return rows;
}

/** The first difference between two growths: structure and counts exactly, impurities and values to rtol. */
function treeMismatch(got: Grown, want: Grown, p: Problem, rtol: number): string | undefined {
  const close = (a: number, b: number) => Math.abs(a - b) <= rtol * Math.abs(b);
  for (let t = 0; t < p.seeds.length; t++) {
    if (got.count[t] !== want.count[t]) return `tree ${t}: ${got.count[t]} nodes, want ${want.count[t]}`;
    for (let i = 0; i < got.count[t]; i++) {
      for (let f = 0; f < F; f++) {
        const a = got.nodes[(t * p.capacity + i) * F + f], b = want.nodes[(t * p.capacity + i) * F + f];
        if (f === TreeNodeField.impurity ? !close(a, b) : !Object.is(a, b)) return `tree ${t} node ${i} field ${f}: ${a}, want ${b}`;
      }
      for (let j = 0; j < p.k; j++) {
        const at = (t * p.capacity + i) * p.k + j;
        if (!close(got.values[at], want.values[at])) return `tree ${t} node ${i} value ${j}: ${got.values[at]}, want ${want.values[at]}`;
      }
    }
  }
  return undefined;
}

const CRITERIA = Object.entries(TreeCriterion);
const VARIANTS: Array<[string, Partial<Record<keyof typeof TreeParam, number>>]> = [
  ['best splits, depth-first', {}],
  ['random splits', { randomSplits: 1 }],
  ['best-first (maxLeafNodes 12)', { maxLeafNodes: 12 }],
  ['bounded (depth 4, leaf 3, weight 2, decrease 1e-3)',
    { maxDepth: 4, minSamplesLeaf: 3, minSamplesSplit: 6, minWeightLeaf: 2, minImpurityDecrease: 1e-3 }],
];

/** The reference's trees per (criterion, variant), grown once. */
const references = new Map<string, Grown>();
function referenceOf(name: string, p: Problem): Grown {
  if (!references.has(name)) references.set(name, grow(p, ref.treeGrow));
  return references.get(name) as Grown;
}

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  test('a tiny tree checked by hand: one split at the midpoint, pure leaves, class counts', () => {
    const p: Problem = {
      n: 4, d: 1, k: 2, xt: Float32Array.of(1, 2, 3, 4), y: Float64Array.of(0, 0, 1, 1),
      weights: Float64Array.of(1, 0, 2, 1), seeds: Float64Array.of(1), params: settings(TreeCriterion.gini, 1),
      capacity: 7,
    };
    const g = grow(p);
    expect(g.count[0]).toBe(3);
    // The zero-weight sample (x = 2) is left out: the threshold falls between 1 and 3; gini of weights [1, 3] / 4.
    expect(records(g, 0, 7)).toEqual([[0, 2, 1, 2, 1 - 10 / 16, 3, 4], [-1, -2, -1, -1, 0, 1, 1], [-1, -2, -1, -1, 0, 2, 3]]);
    expect(Array.from(g.values.subarray(0, 6))).toEqual([1, 3, 1, 0, 0, 3]);
  });

  test.each(sklearn.cases.map((c, i) => [i, `${c.kind} ${JSON.stringify(c.params)}${c.weighted ? ' weighted' : ''}`]))(
    'scikit-learn case %i (%s): the same tree', (i) => {
      const c = sklearn.cases[i as number];
      const n = sklearn.X.length, d = sklearn.X[0].length, classification = c.kind === 'c';
      const params = c.params;
      const leaf = (params.min_samples_leaf as number) ?? 1;
      const criterion = TreeCriterion[params.criterion === 'squared_error' ? 'squaredError' : params.criterion as 'gini'];
      const p: Problem = {
        n, d, k: classification ? 3 : 1, xt: transpose(sklearn.X.flat(), n, d),
        y: Float64Array.from(classification ? sklearn.yc : sklearn.yr),
        weights: c.weighted ? Float64Array.from(sklearn.sw) : new Float64Array(n).fill(1), seeds: Float64Array.of(c.seed),
        params: settings(criterion, c.maxFeatures, {
          randomSplits: params.splitter === 'random' ? 1 : 0, maxDepth: (params.max_depth as number) ?? -1,
          minSamplesSplit: Math.max(2, 2 * leaf), minSamplesLeaf: leaf, minWeightLeaf: c.minWeightLeaf,
          maxLeafNodes: (params.max_leaf_nodes as number) ?? -1,
          minImpurityDecrease: (params.min_impurity_decrease as number) ?? 0,
        }),
        capacity: 2 * n,
      };
      const g = grow(p);
      expect(g.count[0]).toBe(c.feature.length);
      for (let i = 0; i < g.count[0]; i++) {
        const r = g.nodes.subarray(i * F, (i + 1) * F);
        const leafNode = c.feature[i] < 0;
        expect([r[0], leafNode ? -2 : r[1], r[2], r[3], r[5], r[6]])
          .toEqual([leafNode ? -1 : c.feature[i], c.threshold[i], c.left[i], c.right[i], c.samples[i], c.weight[i]]);
        expect(r[4]).toBeCloseTo(c.impurity[i], 12);
        const v = Array.from(g.values.subarray(i * p.k, (i + 1) * p.k));
        const total = classification ? v.reduce((a, b) => a + b) : 1; // scikit-learn stores class fractions
        v.forEach((x, j) => expect(x / total).toBeCloseTo(c.value[i][j], 12));
      }
    });

  test('the async form grows the same trees', async () => {
    const p = problem(TreeCriterion.gini);
    const want = grow(p);
    const got = { nodes: new Float64Array(want.nodes.length), values: new Float64Array(want.values.length), count: new Int32Array(3) };
    await kernels().treeGrowAsync(p.n, p.d, p.k, p.xt, p.y, p.weights, p.seeds, p.params, p.capacity, got.nodes,
      got.values, got.count);
    expect(got).toEqual(want);
  });

  test.each<[string, (p: Problem) => void]>([
    ['NaN in x', (p) => { p.xt[5] = NaN; }],
    ['a class code >= k', (p) => { p.y[3] = 3; }],
    ['a negative weight', (p) => { p.weights[2] = -1; }],
    ['a tree without weight', (p) => { p.weights.fill(0, 0, p.n); }],
    ['capacity below 2 n - 1', (p) => { p.capacity = 100; }],
    ['maxFeatures above d', (p) => { p.params[TreeParam.maxFeatures] = 6; }],
    ['an unknown criterion', (p) => { p.params[TreeParam.criterion] = 9; }],
    ['minSamplesLeaf 0', (p) => { p.params[TreeParam.minSamplesLeaf] = 0; }],
    ['a seed above 2^32 - 1', (p) => { p.seeds[1] = 2 ** 32; }],
  ])('rejects %s (EINVAL, nothing written)', (_, spoil) => {
    const p = problem(TreeCriterion.gini);
    spoil(p);
    const nodes = new Float64Array(p.seeds.length * p.capacity * F).fill(5);
    const values = new Float64Array(p.seeds.length * p.capacity * p.k), count = new Int32Array(3);
    expect(() => kernels().treeGrow(p.n, p.d, p.k, p.xt, p.y, p.weights, p.seeds, p.params, p.capacity, nodes, values,
      count)).toThrow(expect.objectContaining({ code: expect.stringMatching(/EINVAL/) }));
    expect(nodes.every((v) => v === 5) && count.every((v) => v === 0)).toBe(true);
  });

  test('rejects arrays of the wrong length with a clear error', () => {
    const p = problem(TreeCriterion.gini);
    expect(() => grow({ ...p, weights: p.weights.subarray(1) })).toThrow(/weights/);
  });
});

describe.each(configs.filter((c) => c.backend !== 'js'))('$label against the plain-JS reference', (config: Config) => {
  beforeEach(() => activate(config));

  describe.each(CRITERIA)('%s', (name, criterion) => {
    // Regression runs with one output too: the core has a faster scan for it (and for two-class gini).
    const cases = criterion <= TreeCriterion.entropy ? VARIANTS
      : [...VARIANTS, ...VARIANTS.map(([v, o]): [string, typeof o] => [`${v}, one output`, o])];
    test.each(cases)('%s: the reference trees', (variant, over) => {
      const p = problem(criterion, over, variant.endsWith('one output') ? 1 : 2);
      // Entropy's log may differ in its last bit between libm and V8; every other figure is the same float64 value.
      const want = referenceOf(`${name} ${variant}`, p);
      expect(want.count.every((c) => c > 2)).toBe(true);
      expect(treeMismatch(grow(p), want, p, criterion === TreeCriterion.entropy ? 1e-14 : 0)).toBeUndefined();
    });
  });

  test('two-class gini (the register scan of the core) equals the reference, weights fractional', () => {
    const p = problem(TreeCriterion.gini, { maxFeatures: 2 });
    p.k = 2;
    p.y = p.y.map((c) => (c > 0 ? 1 : 0));
    p.weights = p.weights.map((w, i) => (i % 7 === 0 ? w * 0.37 : w));
    const want = referenceOf('gini two classes', p);
    expect(treeMismatch(grow(p), want, p, 0)).toBeUndefined();
  });

  // Integer weights make every class sum exact, so the random splitter sums candidates without moving samples (the
  // kernel's order-free path); these check it against the reference's partition-per-candidate, bounds included.
  test.each([
    ['two classes, integer bootstrap counts', 2, {}],
    ['two classes, leaf and weight bounds', 2, { minSamplesLeaf: 4, minSamplesSplit: 9, minWeightLeaf: 5, maxDepth: 7 }],
    ['three classes, entropy', 3, {}],
  ] as Array<[string, number, Partial<Record<keyof typeof TreeParam, number>>]>)('random splits with integer weights: %s', (name, k, over) => {
    const criterion = k === 3 ? TreeCriterion.entropy : TreeCriterion.gini;
    const p = problem(criterion, { randomSplits: 1, maxFeatures: 2, ...over });
    if (k === 2) p.y = p.y.map((c) => (c > 0 ? 1 : 0));
    p.k = k;
    p.weights = p.weights.map((w, i) => (i < p.n ? 1 : Math.round(w / 0.75)));
    const want = referenceOf(`random integer ${name}`, p);
    expect(want.count.every((c) => c > 8)).toBe(true);
    expect(treeMismatch(grow(p), want, p, criterion === TreeCriterion.entropy ? 1e-14 : 0)).toBeUndefined();
  });

  test('random splits with integer weights and -0 in X (the least value is the first zero met) equal the reference', () => {
    const p = problem(TreeCriterion.gini, { randomSplits: 1, maxFeatures: 2 });
    p.y = p.y.map((c) => (c > 0 ? 1 : 0));
    p.k = 2;
    p.xt = p.xt.map((v, i) => (i % 3 === 0 ? Math.min(0, v) * 0 : i % 3 === 1 ? Math.max(0, v) * 0 : v));
    const want = referenceOf('random negative zero', p);
    expect(treeMismatch(grow(p), want, p, 0)).toBeUndefined();
  });
});

describe('treeGrow across backends', () => {
  test('native and wasm grow the same bits for the same seeds (every criterion, bootstrap weights)', () => {
    const available = configs.map((c) => c.backend);
    if (!available.includes('native') || !available.includes('wasm')) return;
    for (const [, criterion] of CRITERIA) {
      for (const [, over] of VARIANTS) {
        for (const outputs of criterion <= TreeCriterion.entropy ? [3] : [1, 2]) {
          const p = problem(criterion, over, outputs);
          setBackend('native');
          const a = grow(p);
          setBackend('wasm');
          const b = grow(p);
          expect(b).toEqual(a);
        }
      }
    }
  });
});
