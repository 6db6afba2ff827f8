/**
 * The histogram booster's kernels (histBin, hgbGrow) on every backend, ISA level and thread count against the JS
 * reference (lib/trueno/backend/reference-hgb.ts): the same bins and the same tree to the bit (structure, bin
 * thresholds, categorical bitsets, leaf values and the raw predictions), with and without missing values,
 * categorical features and the constant-hessian path; then the rejected calls.
 */
import { kernels } from '../../lib/trueno/backend/loader';
import { HgbParam, hgbMaxLeaves } from '../../lib/trueno/backend/reference-hgb';
import { referenceKernels as ref } from '../../lib/trueno/backend/register-js';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';

const configs = configurations();
afterAll(resetBackends);

const N = 4000, D = 6;
const MISSING = 255;
const categoricalF = Uint8Array.from([0, 0, 1, 0, 0, 1]);

/** x with NaN in features 1 and 3 and small integer codes in the categorical features 2 and 5. */
function makeX(): Float64Array {
  const x = sym(3, N * D, 5);
  for (let i = 0; i < N; i++) {
    if (i % 17 === 0) x[i * D + 1] = NaN;
    if (i % 29 === 0) x[i * D + 3] = NaN;
    x[i * D + 2] = Math.floor((x[i * D + 2] + 5) * 1.2); // 0 .. 11
    x[i * D + 5] = i % 41 === 0 ? NaN : Math.floor((x[i * D + 5] + 5) / 2.5); // 0 .. 3
  }
  return x;
}

/** Thresholds: quantile-like cut points for numerical features (3 .. 200 of them), the codes for categorical ones. */
function makeThresholds(): { thresholds: Float64Array; offsets: Int32Array; nBins: Int32Array } {
  const all: number[] = [];
  const offsets = new Int32Array(D + 1);
  const nBins = new Int32Array(D);
  const counts = [200, 30, 12, 254, 3, 4];
  for (let f = 0; f < D; f++) {
    const m = counts[f];
    for (let b = 0; b < m; b++) all.push(categoricalF[f] ? b : -5 + (10 * (b + 0.5)) / m);
    offsets[f + 1] = all.length;
    nBins[f] = categoricalF[f] ? m : m + 1;
  }
  return { thresholds: Float64Array.from(all), offsets, nBins };
}

const x = makeX();
const { thresholds, offsets, nBins } = makeThresholds();
const hasMissing = Uint8Array.from([0, 1, 0, 1, 0, 1]);
const gradients = Float64Array.from(sym(11, N), (v, i) => v + (x[i * D] > 0 ? 0.8 : -0.5) + (Number.isNaN(x[i * D + 1]) ? 1 : 0) +
  ([1, 4, 7].includes(x[i * D + 2]) ? -0.7 : 0.2));
const hessians = Float64Array.from(sym(12, N), (v) => 0.3 + 0.2 * (v + 1));

function params(over: Partial<Record<keyof typeof HgbParam, number>> = {}): Float64Array {
  const p = new Float64Array(HgbParam.count);
  const base = { maxLeafNodes: 31, maxDepth: -1, minSamplesLeaf: 20, minHessianLeaf: 1e-3, l2: 0, minGain: 0, learningRate: 0.1, missingBin: MISSING, constantHessian: 0, ...over };
  for (const [k, v] of Object.entries(base)) p[HgbParam[k as keyof typeof HgbParam]] = v;
  return p;
}

function treeArrays(capacity: number) {
  return {
    feature: new Int32Array(capacity), threshold: new Float64Array(capacity), children: new Int32Array(2 * capacity),
    flags: new Uint8Array(capacity), catBits: new Int32Array(8 * capacity), values: new Float64Array(capacity),
    raw: Float64Array.from(sym(13, N)),
  };
}

function grow(k: typeof ref, binned: Uint8Array, p: Float64Array, h: Float64Array = hessians) {
  const t = treeArrays(2 * hgbMaxLeaves(N, p) - 1);
  const count = k.hgbGrow(N, D, binned, gradients, h, nBins, hasMissing, categoricalF, p, t.feature, t.threshold,
    t.children, t.flags, t.catBits, t.values, t.raw);
  return { count, ...t };
}

function binnedBy(k: typeof ref): Uint8Array {
  const binned = new Uint8Array(N * D);
  k.histBin(N, D, x, thresholds, offsets, categoricalF, MISSING, binned);
  return binned;
}

const want = binnedBy(ref);
const settings: Array<[string, Float64Array, Float64Array]> = [
  ['31 leaves', params(), hessians],
  ['depth 3, l2 1, lr 0.5', params({ maxLeafNodes: -1, maxDepth: 3, l2: 1, learningRate: 0.5 }), hessians],
  ['constant hessian', params({ constantHessian: 1, minSamplesLeaf: 5 }), Float64Array.of(1)],
  ['min gain and min hessian', params({ minGain: 0.5, minHessianLeaf: 8, maxLeafNodes: 63 }), hessians],
];

test('the reference bins: NaN and unknown categories to the missing bin, values at a threshold to its bin', () => {
  expect(want[1 * N + 0]).toBe(MISSING); // x[0, 1] is NaN
  const code = x[0 * D + 2];
  expect(want[2 * N + 0]).toBe(code);
  const b = want[0];
  const v = x[0];
  expect(b === 0 || thresholds[b - 1] < v).toBe(true);
  expect(b === 200 || v <= thresholds[b]).toBe(true);
});

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  test('histBin gives the reference bins', () => {
    expect(Buffer.from(binnedBy(kernels())).equals(Buffer.from(want))).toBe(true);
  });

  test.each(settings)('hgbGrow grows the reference tree to the bit (%s)', (_, p, h) => {
    const a = grow(kernels(), want, p, h);
    const b = grow(ref, want, p, h);
    expect(a.count).toBe(b.count);
    expect(a.count).toBeGreaterThan(2);
    for (const key of ['feature', 'threshold', 'children', 'flags', 'catBits', 'values', 'raw'] as const) {
      expect(Buffer.from(a[key].buffer).equals(Buffer.from(b[key].buffer))).toBe(true);
    }
  });

  test('hgbGrowAsync resolves to the node count', async () => {
    const p = params();
    const t = treeArrays(61);
    const count = await kernels().hgbGrowAsync(N, D, want, gradients, hessians, nBins, hasMissing, categoricalF, p,
      t.feature, t.threshold, t.children, t.flags, t.catBits, t.values, t.raw);
    expect(count).toBe(grow(ref, want, p).count);
  });

  test('rejected calls throw and write nothing', () => {
    const k = kernels();
    const p = params();
    const t = treeArrays(61);
    const call = (over: { binned?: Uint8Array; g?: Float64Array; h?: Float64Array; p?: Float64Array; cap?: number; nb?: Int32Array }) => {
      const tt = over.cap ? treeArrays(over.cap) : t;
      return () => k.hgbGrow(N, D, over.binned ?? want, over.g ?? gradients, over.h ?? hessians, over.nb ?? nBins, hasMissing,
        categoricalF, over.p ?? p, tt.feature, tt.threshold, tt.children, tt.flags, tt.catBits, tt.values, tt.raw);
    };
    const bad = Uint8Array.from(want);
    bad[5] = 250; // feature 0 has 201 bins
    expect(call({ binned: bad })).toThrow();
    const g = Float64Array.from(gradients);
    g[7] = NaN;
    expect(call({ g })).toThrow();
    const h = Float64Array.from(hessians);
    h[3] = -1;
    expect(call({ h })).toThrow();
    expect(call({ p: params({ maxLeafNodes: 1 }) })).toThrow();
    expect(call({ p: params({ learningRate: 0 }) })).toThrow();
    expect(call({ p: params({ missingBin: 256 }) })).toThrow();
    expect(call({ cap: 10 })).toThrow();
    expect(call({ nb: Int32Array.from(nBins, (v) => v + 300) })).toThrow();
    expect(t.raw[0]).toBe(sym(13, 1)[0]);
    expect(t.feature.every((v) => v === 0)).toBe(true);
    const binned = new Uint8Array(N * D);
    expect(() => k.histBin(N, D, x, thresholds, Int32Array.from(offsets, (v, i) => (i === 1 ? 300 : v)), categoricalF, MISSING, binned)).toThrow();
    expect(() => k.histBin(N, D, x, thresholds, offsets, categoricalF, 256, binned)).toThrow();
  });
});

describe.each(configs)('large nodes (partitioned in parallel chunks): $label', (config: Config) => {
  beforeEach(() => activate(config));
  const n = 40000, d = 3;
  const binned = Uint8Array.from(sym(21, n * d), (v, i) => (i < 2 * n ? Math.floor((v + 1) * 127.4) : i % 7 === 0 ? MISSING : Math.floor((v + 1) * 10)));
  const nb = Int32Array.of(255, 255, 21);
  const miss = Uint8Array.of(0, 0, 1);
  const cat = Uint8Array.of(0, 1, 0);
  const g = Float64Array.from(sym(22, n), (v, i) => v + (binned[i] > 100 ? 1 : -1) + (binned[2 * n + i] === MISSING ? 0.5 : 0));
  const h = Float64Array.from(sym(23, n), (v) => 1 + 0.5 * v);

  test('the reference tree to the bit', () => {
    const p = params({ minSamplesLeaf: 50 });
    const run = (k: typeof ref) => {
      const t = treeArrays(61);
      t.raw = new Float64Array(n);
      const count = k.hgbGrow(n, d, binned, g, h, nb, miss, cat, p, t.feature, t.threshold, t.children, t.flags, t.catBits, t.values, t.raw);
      return { count, ...t };
    };
    const a = run(kernels());
    const b = run(ref);
    expect(a.count).toBe(61);
    for (const key of ['feature', 'threshold', 'children', 'flags', 'catBits', 'values', 'raw'] as const) {
      expect(Buffer.from(a[key].buffer).equals(Buffer.from(b[key].buffer))).toBe(true);
    }
  });
});

describe.each(configs)('histThresholds: $label', (config: Config) => {
  beforeEach(() => activate(config));
  // 3000 rows: feature 0 continuous (percentiles), 1 with 40 distinct values (midpoints), 2 with NaN and ties.
  const n = 3000, d = 3;
  const xs = Float64Array.from(sym(31, n * d), (v, i) => (i % 3 === 0 ? v * 100 : i % 3 === 1 ? Math.round(v * 20) : i % 17 === 2 ? NaN : Math.round(v * 400) / 4));
  const weights = Float64Array.from(sym(32, n), (v, i) => (i % 11 === 0 ? 0 : 1 + v));
  const rows = Int32Array.from(sym(33, 5000), (v) => Math.floor((v + 1) * 0.5 * n) % n);
  const skip = Uint8Array.of(0, 0, 0);
  const run = (k: typeof ref, r: Int32Array, w: Float64Array, maxBins: number) => {
    const thresholds = new Float64Array(d * (maxBins - 1));
    const counts = new Int32Array(d);
    k.histThresholds(n, d, xs, r, w, skip, maxBins, thresholds, counts);
    return { thresholds, counts };
  };
  test.each([
    ['all rows, unweighted, 255 bins', new Int32Array(0), new Float64Array(0), 255],
    ['weighted, 64 bins', new Int32Array(0), weights, 64],
    ['a row sample with repeats, 16 bins', rows, new Float64Array(0), 16],
  ] as const)('the reference thresholds to the bit (%s)', (_, r, w, maxBins) => {
    const a = run(kernels(), r, w, maxBins);
    const b = run(ref, r, w, maxBins);
    expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
    expect(Buffer.from(a.thresholds.buffer).equals(Buffer.from(b.thresholds.buffer))).toBe(true);
    expect(a.counts[0]).toBe(maxBins - 1); // continuous: every percentile distinct
    for (let f = 0; f < d; f++) {
      const t = a.thresholds.subarray(f * (maxBins - 1), f * (maxBins - 1) + a.counts[f]);
      for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
    }
  });
  test('rejected calls', () => {
    const k = kernels();
    expect(() => run(k, Int32Array.of(n), new Float64Array(0), 16)).toThrow();
    expect(() => run(k, new Int32Array(0), Float64Array.from(weights, (v, i) => (i === 4 ? -1 : v)), 16)).toThrow();
    expect(() => run(k, new Int32Array(0), new Float64Array(0), 256)).toThrow();
  });
});
