/**
 * Every kernel of ASYNC_KERNELS, sync against async: one table with a case per kernel (small valid arguments, built
 * fresh for each call) runs both forms on every backend and requires every array argument to end bit-identical and
 * the results to be equal. The native async form runs on copies of the arrays and writes back only the last
 * Call::writes arrays its Prepare reads (native/addon/addon.cc), so a wrong count shows here: too small loses an
 * output (parity fails), too large writes stale copies over inputs the caller changed meanwhile (the input check
 * fails). Each case names the arguments the kernel writes, and the case itself is checked (those change, the others
 * do not), so a lost output cannot go unseen. An output transferred away while the call runs must make the call
 * reject with ERR_TRUENO_DETACHED, never crash, and the other outputs are still written. A kernel added to
 * ASYNC_KERNELS without a case here fails the first test.
 */
import { kernelTable, type BackendName } from '../../lib/trueno/backend/registry';
import { setBackend } from '../../lib/trueno/backend/loader';
import { ASYNC_KERNELS, UnaryOp, type AsyncKernelName, type Kernels } from '../../lib/trueno/backend/kernels';
import { HgbParam, hgbMaxLeaves } from '../../lib/trueno/backend/reference-hgb';
import { TreeCriterion, TreeNodeField, TreeParam } from '../../lib/trueno/backend/reference-tree-grow';
import { LinkageMethod, LinkageMetric } from '../../lib/trueno/backend/reference-cluster';
import { referenceKernels as ref } from '../../lib/trueno/backend/register-js';
import { sym } from './helpers';

type AnyArray = Float64Array | Float32Array | Int32Array | Uint8Array | BigInt64Array;
type Arg = number | AnyArray;

/** One kernel's case: fresh arguments per call, and the positions of the array arguments the kernel writes. */
interface Case {
  args(): Arg[];
  writes: number[];
}

/** A 6-node directed graph with a cycle, a self-loop and a repeated edge: its out- and in-CSR (with weights). */
function smallGraph() {
  const from = Int32Array.of(0, 1, 2, 2, 5, 3, 3, 1), to = Int32Array.of(1, 2, 0, 3, 4, 3, 4, 2);
  const weights = Float64Array.of(1, 2, 4, 0.5, 1, 3, 2, 1.5);
  const side = (a: Int32Array, b: Int32Array) => {
    const s = { off: new Int32Array(7), adj: new Int32Array(8), ids: new Int32Array(8), w: new Float64Array(8) };
    ref.graphCsr(6, a, b, weights, 0, s.off, s.adj, s.ids, s.w);
    return s;
  };
  return { from, to, weights, out: side(from, to), in: side(to, from) };
}

const f64 = (seed: number, n: number, scale = 1) => sym(seed, n, scale);
const f32 = (seed: number, n: number, scale = 1) => Float32Array.from(sym(seed, n, scale));
/** n labels in [0, k), every one present. */
const labelsOf = (n: number, k: number, seed: number) => Int32Array.from(sym(seed, n), (v, i) => (i < k ? i : Math.floor(((v + 1) / 2) * k) % k));
const EMPTY = new Float64Array(0);

/** Blobs: k separated centers and points around them (x n x d), and k starting centers drawn from the rows. */
function blobs(n: number, d: number, k: number, seed: number) {
  const base = sym(seed, k * d, 8);
  const noise = sym(seed + 1, n * d);
  const x = Float64Array.from({ length: n * d }, (_, i) => base[(Math.floor(i / d) % k) * d + (i % d)] + noise[i]);
  const centers = Float64Array.from({ length: k * d }, (_, i) => x[(Math.floor(i / d) * 5 + 2) * d + (i % d)]);
  return { x, centers };
}

/** Two flat trees (numerical, categorical and missing-value splits), as forest.test.ts describes the layout. */
function smallForest() {
  // tree 0: nodes 0..2, root on feature 0; tree 1: nodes 3..7, a categorical root (bitset 0) then feature 2.
  const feature = Int32Array.from([0, -1, -1, 1, 2, -1, -1, -1]);
  const threshold = Float64Array.from([0.1, -2, -2, 0, -0.2, -2, -2, -2]);
  const children = Int32Array.from([1, 2, -1, -1, -1, -1, 4, 5, 6, 7, -1, -1, -1, -1, -1, -1]);
  const flags = Uint8Array.from([1, 0, 0, 3, 0, 0, 0, 0]);
  const catBits = Int32Array.from([0b1011010011, 0, 0, 0, 0, 0, 0, 0]);
  return { roots: Int32Array.of(0, 3), feature, threshold, children, flags, catBits };
}

/** The hgbGrow problem: feature 0 numerical, 1 numerical with missing values (bin 255), 2 categorical (4 codes). */
function hgbProblem() {
  const n = 400, d = 3;
  const u = sym(71, n * d);
  const binned = new Uint8Array(n * d);
  const gradients = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b0 = Math.floor(((u[i] + 1) / 2) * 16), b1 = i % 9 === 0 ? 255 : Math.floor(((u[n + i] + 1) / 2) * 10);
    const b2 = Math.floor(((u[2 * n + i] + 1) / 2) * 4);
    binned[i] = b0; binned[n + i] = b1; binned[2 * n + i] = b2;
    gradients[i] = 0.3 * u[(i * 7) % n] + (b0 > 7 ? 0.9 : -0.6) + (b1 === 255 ? 1.1 : 0) + (b2 === 1 || b2 === 3 ? -0.8 : 0.4);
  }
  const p = new Float64Array(HgbParam.count);
  p[HgbParam.maxLeafNodes] = 8; p[HgbParam.maxDepth] = -1; p[HgbParam.minSamplesLeaf] = 10; p[HgbParam.minHessianLeaf] = 1e-3;
  p[HgbParam.learningRate] = 0.1; p[HgbParam.missingBin] = 255;
  return {
    n, d, binned, gradients, hessians: Float64Array.from(sym(72, n), (v) => 0.4 + 0.2 * v), nBins: Int32Array.of(16, 10, 4),
    hasMissing: Uint8Array.of(0, 1, 0), categorical: Uint8Array.of(0, 0, 1), params: p, capacity: 2 * hgbMaxLeaves(n, p) - 1,
  };
}

const CASES: Record<AsyncKernelName, Case> = {
  unary: { args: () => [UnaryOp.tanh, f64(1, 37, 3), new Float64Array(37)], writes: [2] },
  gemm: {
    // c = 0.7 a^T b + 0.5 c, float32, a stored k x m (transA), c rows 5 apart (ldc > n)
    args: () => [1, 0, 4, 3, 6, 0.7, f32(2, 6 * 4), 4, f32(3, 6 * 3), 3, 0.5, f32(4, 4 * 5), 5],
    writes: [11],
  },
  matvec: { args: () => [1, 7, 5, f64(5, 35), f64(6, 7), f64(7, 5)], writes: [5] },
  softmaxRows: { args: () => [6, 9, f32(8, 54, 4), new Float32Array(54), 1], writes: [3] },
  pdist2: { args: () => [9, 7, 4, f64(9, 36), f64(10, 28), new Float64Array(63)], writes: [5] },
  classMoments: {
    args: () => [40, 3, 4, f64(11, 120), labelsOf(40, 4, 12), Float64Array.from(sym(13, 40), (v) => 1.2 + v), 1,
      new Float64Array(4 * 7)],
    writes: [7],
  },
  gaussianNbJll: {
    args: () => [30, 4, 3, f64(14, 120), f64(15, 12), Float64Array.from(sym(16, 12), (v) => 0.5 + v * v),
      Float64Array.of(-1.2, -0.9, -1.3), new Float64Array(90)],
    writes: [7],
  },
  kmeansLloyd: {
    args: () => {
      const { x, centers } = blobs(60, 3, 4, 17);
      return [60, 3, 4, Float32Array.from(x), Float64Array.from(sym(18, 60), (v) => 1.5 + v), 1, Float32Array.from(centers),
        new Int32Array(60).fill(-1), new Float64Array(12), new Float64Array(4)];
    },
    writes: [7, 8, 9],
  },
  kmeansElkan: {
    // The second iteration on unclustered points (so labels move): bounds and labels from an init call (the
    // reference's) at the first k rows, centers moved to their means by `shifts`.
    args: () => {
      const n = 60, d = 3, k = 4;
      const x = f64(19, n * d);
      const centers = x.slice(0, k * d);
      const labels = new Int32Array(n), upper = new Float64Array(n), lower = new Float64Array(n * k);
      const sums = new Float64Array(k * d), counts = new Float64Array(k);
      ref.kmeansElkan(n, d, k, x, EMPTY, 0, centers, new Float64Array(k), 1, labels, upper, lower, sums, counts);
      const moved = Float64Array.from(sums, (s, i) => s / counts[Math.floor(i / d)]);
      const shifts = Float64Array.from({ length: k }, (_, c) =>
        Math.hypot(...Array.from({ length: d }, (_, j) => moved[c * d + j] - centers[c * d + j])));
      return [n, d, k, x, EMPTY, 0, moved, shifts, 0, labels, upper, lower, new Float64Array(k * d), new Float64Array(k)];
    },
    writes: [9, 10, 11, 12, 13],
  },
  kmeansPpStep: {
    args: () => {
      const n = 50, d = 3;
      const x = f64(20, n * d);
      const closest = Float64Array.from({ length: n }, (_, i) => (x[i * d] - x[0]) ** 2 + (x[i * d + 1] - x[1]) ** 2 + (x[i * d + 2] - x[2]) ** 2);
      return [n, d, x, Float64Array.from(sym(21, n), (v) => 1 + 0.5 * v), 1, Int32Array.of(7, 19, 33, 41), closest, new Float64Array(4)];
    },
    writes: [6, 7],
  },
  linkage: { args: () => [12, 3, f64(22, 36), LinkageMetric.euclidean, LinkageMethod.ward, new Float64Array(44)], writes: [5] },
  enetCd: {
    // xt: p = 5 rows of n = 30; state = [w (5), gap, tol y.y, sweeps], w starting at 0.1
    args: () => [30, 5, f64(23, 150), f64(24, 30), 0.05, 0.1, 200, 1e-8, 0, 1, 7, 1, Float64Array.of(0.1, 0.1, 0.1, 0.1, 0.1, 0, 0, 0)],
    writes: [12],
  },
  logisticGrad: {
    args: () => [25, 4, 3, f64(25, 100), Float64Array.from(labelsOf(25, 3, 26)), Float64Array.from(sym(27, 25), (v) => 1 + 0.5 * v),
      f64(28, 15), 1, new Float64Array(16)],
    writes: [8],
  },
  logisticHessp: {
    args: () => [25, 4, 1, f64(29, 100), EMPTY, f64(30, 5), 1, f64(31, 5), new Float64Array(5)],
    writes: [8],
  },
  sagaEpoch: {
    args: () => {
      const n = 20, p = 3, k = 3;
      return [n, p, k, f64(32, n * p), Float64Array.from(labelsOf(n, k, 33)), EMPTY,
        Int32Array.from({ length: n }, (_, i) => (i * 7) % n), Float64Array.of(0.05, 0.01, 0.001, 1, 1),
        new Float64Array(2 * p * k + 2 * k + n * k + n + 2)];
    },
    writes: [8],
  },
  sgdEpoch: {
    args: () => {
      const n = 24, p = 4;
      const state = new Float64Array(3 * p + 6);
      state[p + 2] = 1; // t starts at 1
      // modified huber, elastic net, invscaling, intercept, class weights 1 and 1.5, averaging from t = 5
      return [n, p, f64(34, n * p), Float64Array.from(sym(35, n), (v) => (v > 0 ? 1 : -1)), Float64Array.from(sym(36, n), (v) => 1 + 0.5 * v),
        Int32Array.from({ length: n }, (_, i) => (i * 5) % n), Float64Array.of(3, 0, 3, 1e-3, 0.3, 3, 0.1, 0.25, 1, 1, 1.5, 5), state];
    },
    writes: [7],
  },
  svmDualCd: {
    args: () => [30, 3, f64(37, 90), Float64Array.from(sym(38, 30), (v) => (v > 0 ? 1 : -1)), new Float64Array(30).fill(0.8), 1, 1,
      100, 1e-4, 3, new Float64Array(5)],
    writes: [10],
  },
  gram: {
    // X 8 x 3 in rows of 4 (ldx 4), Y 8 x 2, both shifted: out = gram (9), xty (6), sums (5)
    args: () => [8, 3, f64(39, 32), 4, Float64Array.of(0.1, -0.2, 0.3), 2, f64(40, 16), 2, Float64Array.of(0.5, -0.5), new Float64Array(20)],
    writes: [9],
  },
  qr: { args: () => [7, 4, f64(41, 28), new Float64Array(28 + 16)], writes: [3] },
  eigh: { args: () => [5, f64(42, 25), new Float64Array(1 + 5 + 25)], writes: [2] },
  svd: { args: () => [4, 6, f64(43, 24), new Float64Array(1 + 16 + 4 + 24)], writes: [3] },
  forestPredict: {
    args: () => {
      const f = smallForest();
      const n = 20, d = 3;
      const x = f64(44, n * d);
      for (let i = 0; i < n; i++) x[i * d + 1] = i % 7 === 0 ? NaN : i % 12; // codes, some unknown to the bitset, NaN
      return [n, d, x, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, 2, f64(45, 16), Float64Array.of(1, 0.5),
        f64(46, 40)];
    },
    writes: [12],
  },
  treeGrow: {
    // 2 gini trees of 40 samples, 3 features (2 drawn per node), bootstrap-like weights, best-first with 6 leaves
    args: () => {
      const n = 40, d = 3, k = 3, trees = 2, capacity = 11;
      const params = new Float64Array(TreeParam.count);
      params[TreeParam.criterion] = TreeCriterion.gini; params[TreeParam.maxDepth] = -1; params[TreeParam.minSamplesSplit] = 2;
      params[TreeParam.minSamplesLeaf] = 1; params[TreeParam.maxFeatures] = 2; params[TreeParam.maxLeafNodes] = 6;
      return [n, d, k, f32(47, n * d), Float64Array.from(labelsOf(n, k, 48)),
        Float64Array.from({ length: trees * n }, (_, i) => (i * 7) % 3), Float64Array.of(12345, 987654321), params, capacity,
        new Float64Array(trees * capacity * TreeNodeField.count), new Float64Array(trees * capacity * k), new Int32Array(trees)];
    },
    writes: [9, 10, 11],
  },
  hgbGrow: {
    args: () => {
      const h = hgbProblem();
      const cap = h.capacity;
      return [h.n, h.d, h.binned, h.gradients, h.hessians, h.nBins, h.hasMissing, h.categorical, h.params,
        new Int32Array(cap).fill(-9), new Float64Array(cap).fill(-9), new Int32Array(2 * cap).fill(-9), new Uint8Array(cap).fill(99),
        new Int32Array(8 * cap).fill(-9), new Float64Array(cap).fill(-9), f64(73, h.n)];
    },
    writes: [9, 10, 11, 12, 13, 14, 15],
  },
  graphCsr: {
    args: () => {
      const g = smallGraph();
      return [6, g.from, g.to, g.weights, 1, new Int32Array(7).fill(-9), new Int32Array(16).fill(-9), new Int32Array(16).fill(-9),
        new Float64Array(16).fill(-9)];
    },
    writes: [5, 6, 7, 8],
  },
  graphBfs: {
    args: () => {
      const g = smallGraph();
      return [6, g.out.off, g.out.adj, g.in.off, g.in.adj, Int32Array.of(5, 0), -1, new Int32Array(6).fill(-9),
        new Int32Array(6).fill(-9), new Int32Array(6).fill(-9)];
    },
    writes: [7, 8, 9],
  },
  graphDijkstra: {
    args: () => {
      const g = smallGraph();
      return [6, g.out.off, g.out.adj, g.out.w, new Int32Array(0), new Int32Array(0), EMPTY, 1, -1, new Float64Array(6).fill(-9),
        new Int32Array(6).fill(-9)];
    },
    writes: [9, 10],
  },
  graphPagerank: {
    args: () => {
      const g = smallGraph();
      return [6, g.in.off, g.in.adj, g.in.w, 0.85, Float64Array.of(1, 0, 2, 0, 1, 1), 1e-10, 1000, new Float64Array(6).fill(-9)];
    },
    writes: [8],
  },
  graphWcc: {
    args: () => {
      const g = smallGraph();
      return [6, g.out.off, g.out.adj, new Int32Array(6).fill(-9), new Int32Array(6).fill(-9)];
    },
    writes: [3, 4],
  },
  graphScc: {
    args: () => {
      const g = smallGraph();
      return [6, g.out.off, g.out.adj, new Int32Array(6).fill(-9), new Int32Array(6).fill(-9)];
    },
    writes: [3, 4],
  },
  graphDfs: {
    args: () => {
      const g = smallGraph();
      return [6, g.out.off, g.out.adj, g.in.off, g.in.adj, 1, new Int32Array(6).fill(-9), new Int32Array(6).fill(-9),
        new Int32Array(6).fill(-9), new Int32Array(6).fill(-9)];
    },
    writes: [6, 7, 8, 9],
  },
  graphBetweenness: {
    args: () => {
      const g = smallGraph();
      return [6, g.out.off, g.out.adj, g.out.w, Int32Array.of(0, 1, 2, 5, 1), new Float64Array(6).fill(-9)];
    },
    writes: [5],
  },
  graphTriangles: {
    args: () => {
      const g = smallGraph();
      return [6, g.out.off, g.out.adj, g.in.off, g.in.adj, new Int32Array(6).fill(-9), new Int32Array(6).fill(-9)];
    },
    writes: [5, 6],
  },
  graphLouvain: {
    args: () => {
      const g = smallGraph();
      const both = { off: new Int32Array(7), adj: new Int32Array(16), ids: new Int32Array(16), w: new Float64Array(16) };
      ref.graphCsr(6, g.from, g.to, g.weights, 1, both.off, both.adj, both.ids, both.w);
      return [6, both.off, both.adj, both.w, 1, 7, -1, 3, new Int32Array(6).fill(-9)];
    },
    writes: [8],
  },
  graphMst: {
    args: () => {
      const g = smallGraph();
      return [6, g.from, g.to, g.weights, new Int32Array(8).fill(-9)];
    },
    writes: [4],
  },
  graphToposort: {
    args: () => {
      const g = smallGraph();
      return [6, g.out.off, g.out.adj, g.in.off, g.in.adj, new Int32Array(6).fill(-9)];
    },
    writes: [5],
  },
};

const isArray = (a: Arg): a is AnyArray => ArrayBuffer.isView(a);
const bytes = (a: AnyArray) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
/** The array arguments by position. */
const arrays = (args: Arg[]) => args.flatMap((a, i) => (isArray(a) ? [[i, a] as const] : []));
type Fn = (...args: Arg[]) => unknown;
const sync = (k: Kernels, name: AsyncKernelName) => k[name] as unknown as Fn;
const async = (k: Kernels, name: AsyncKernelName) => k[`${name}Async`] as unknown as (...args: Arg[]) => Promise<unknown>;

/** A sync run: the arguments after the call and the result. */
function runSync(k: Kernels, name: AsyncKernelName): { args: Arg[]; result: unknown } {
  const args = CASES[name].args();
  return { args, result: sync(k, name)(...args) };
}

/** Positions of array arguments that differ between two argument lists. */
function differing(a: Arg[], b: Arg[]): number[] {
  return arrays(a).filter(([i, x]) => !bytes(x).equals(bytes(b[i] as AnyArray))).map(([i]) => i);
}

const NAMES = Object.keys(CASES) as AsyncKernelName[];
const BACKENDS: BackendName[] = ['native', 'wasm', 'js'];
const tables = new Map<BackendName, Kernels>();
beforeAll(() => {
  for (const b of BACKENDS) {
    setBackend(b);
    tables.set(b, kernelTable(b).kernels);
  }
  setBackend('native');
});

test('every kernel of ASYNC_KERNELS has a case (and no case names another kernel)', () => {
  expect([...NAMES].sort()).toEqual([...ASYNC_KERNELS].sort());
});

describe.each(NAMES)('%s', (name) => {
  test('the case is valid: the arguments it names as written change, no other array does', () => {
    const before = CASES[name].args();
    expect(arrays(before).length).toBeGreaterThan(0);
    expect(differing(runSync(ref as unknown as Kernels, name).args, before)).toEqual(CASES[name].writes);
  });

  test.each(BACKENDS)('%s: the async form leaves every array argument bit-identical and resolves to the same result', async (backend) => {
    const k = tables.get(backend)!;
    // The backend's own kernels, not ones it took from a later backend of the chain.
    expect(kernelTable(backend).fallbacks).not.toHaveProperty(name);
    expect(kernelTable(backend).fallbacks).not.toHaveProperty(`${name}Async`);
    const want = runSync(k, name);
    const args = CASES[name].args();
    const got = await async(k, name)(...args);
    expect(differing(args, want.args)).toEqual([]);
    expect(Object.is(got, want.result)).toBe(true);
  });

  test('native: inputs changed while the call runs keep the change, and the outputs are those of the arguments at call time', async () => {
    const k = tables.get('native')!;
    const want = runSync(k, name);
    const args = CASES[name].args();
    const pending = async(k, name)(...args);
    const inputs = arrays(args).filter(([i]) => !CASES[name].writes.includes(i));
    for (const [, a] of inputs) (a as Float64Array).fill(typeof a[0] === 'bigint' ? (7n as never) : 7);
    const got = await pending;
    for (const [i, a] of inputs) expect([i, Array.from(a as Float64Array).every((v) => v === 7)]).toEqual([i, true]);
    expect(differing(args, want.args).filter((i) => CASES[name].writes.includes(i))).toEqual([]);
    expect(Object.is(got, want.result)).toBe(true);
  });

  test.each(CASES[name].writes)('native: output %d transferred while the call runs rejects with ERR_TRUENO_DETACHED, the other outputs still written', async (position) => {
    const k = tables.get('native')!;
    const want = runSync(k, name);
    const args = CASES[name].args();
    const pending = async(k, name)(...args);
    const out = args[position] as AnyArray;
    structuredClone(out.buffer, { transfer: [out.buffer] });
    expect(out.length).toBe(0);
    await expect(pending).rejects.toMatchObject({ code: 'ERR_TRUENO_DETACHED' });
    const others = CASES[name].writes.filter((i) => i !== position);
    expect(others.filter((i) => !bytes(args[i] as AnyArray).equals(bytes(want.args[i] as AnyArray)))).toEqual([]);
  });
});
