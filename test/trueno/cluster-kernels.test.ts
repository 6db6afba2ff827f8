/**
 * The clustering kernels (native/core/ml) on every backend, ISA level and thread count, against the float64 reference
 * (lib/trueno/backend/reference-cluster.ts) and direct computations: Lloyd and Elkan assignments, sums, counts and
 * inertia (float64 and float32), the same bits for 1 and 2 threads, a k-means++ step, and linkage trees checked
 * against scipy's output; then the rejected calls.
 */
import { kernels } from '../../lib/trueno/backend/loader';
import { LinkageMethod, LinkageMetric } from '../../lib/trueno/backend/reference-cluster';
import { referenceKernels as ref } from '../../lib/trueno/backend/register-js';
import { activate, configurations, firstMismatch, resetBackends, sym, type Config } from './helpers';

const configs = configurations();
afterAll(resetBackends);

/** Blobs: k well-separated centers, points around them (margins far above rounding, so labels are exact). */
function blobs(n: number, d: number, k: number, seed: number): { x: Float64Array; centers: Float64Array } {
  const base = sym(seed, k * d, 10);
  const noise = sym(seed + 1, n * d);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = base[(i % k) * d + j] + noise[i * d + j];
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centers[c * d + j] = x[(c * 7 + 3) * d + j];
  return { x, centers };
}

const N = 3001, D = 6, K = 5;
const { x, centers } = blobs(N, D, K, 40);
const weights = Float64Array.from(sym(50, N), (v) => 1.5 + v);

function runLloyd(xs: Float64Array | Float32Array, cs: Float64Array | Float32Array, weighted: number) {
  const labels = new Int32Array(N), sums = new Float64Array(K * D), counts = new Float64Array(K);
  const inertia = kernels().kmeansLloyd(N, D, K, xs, weights, weighted, cs, labels, sums, counts);
  return { labels, sums, counts, inertia };
}

function reference(weighted: number) {
  const labels = new Int32Array(N), sums = new Float64Array(K * D), counts = new Float64Array(K);
  const inertia = ref.kmeansLloyd(N, D, K, x, weights, weighted, centers, labels, sums, counts);
  return { labels, sums, counts, inertia };
}

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  test.each([0, 1])('Lloyd step matches the reference (weighted %d), float64 and float32', (weighted) => {
    const want = reference(weighted);
    for (const [xs, cs, rtol] of [[x, centers, 1e-12], [Float32Array.from(x), Float32Array.from(centers), 1e-5]] as const) {
      const got = runLloyd(xs, cs, weighted);
      expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
      expect(firstMismatch(got.sums, want.sums, rtol, 1e-9)).toBeUndefined();
      expect(firstMismatch(got.counts, want.counts, rtol, 1e-9)).toBeUndefined();
      expect(got.inertia).toBeCloseTo(want.inertia, rtol > 1e-6 ? 0 : 6);
    }
    if (!weighted) expect(Array.from(want.counts).reduce((a, b) => a + b)).toBe(N);
  });

  test.each(['float64', 'float32'] as const)('Elkan iterations give Lloyd assignments as the centers move (%s)', (dtype) => {
    const xs = dtype === 'float64' ? x : Float32Array.from(x);
    const c = dtype === 'float64' ? Float64Array.from(centers) : Float32Array.from(centers);
    const labels = new Int32Array(N), upper = new Float64Array(N), lower = new Float64Array(N * K);
    const sums = new Float64Array(K * D), counts = new Float64Array(K), shifts = new Float64Array(K);
    for (let iter = 0; iter < 5; iter++) {
      const want = runLloyd(xs, c, 1);
      const inertia = kernels().kmeansElkan(N, D, K, xs, weights, 1, c, shifts, iter === 0 ? 1 : 0, labels, upper, lower, sums, counts);
      expect(Array.from(labels)).toEqual(Array.from(want.labels));
      expect(firstMismatch(sums, want.sums, 1e-12, 1e-9)).toBeUndefined();
      expect(inertia).toBeCloseTo(want.inertia, 6);
      for (let k = 0; k < K; k++) {
        let moved = 0;
        for (let j = 0; j < D; j++) {
          const before = c[k * D + j];
          c[k * D + j] = sums[k * D + j] / counts[k];
          moved += (c[k * D + j] - before) ** 2;
        }
        shifts[k] = Math.sqrt(moved);
      }
    }
  });

  test('k-means++ step: potentials, the winner and the lowered distances', () => {
    const closest = new Float64Array(N).fill(Infinity);
    const pots = new Float64Array(1);
    expect(kernels().kmeansPpStep(N, D, x, weights, 1, Int32Array.of(11), closest, pots)).toBe(0);
    const candidates = Int32Array.of(4, 900, 2500, 17);
    const want = Float64Array.from(closest), wantPots = new Float64Array(4);
    const best = ref.kmeansPpStep(N, D, x, weights, 1, candidates, want, wantPots);
    const got = new Float64Array(4);
    expect(kernels().kmeansPpStep(N, D, x, weights, 1, candidates, closest, got)).toBe(best);
    expect(firstMismatch(got, wantPots, 1e-9, 0)).toBeUndefined();
    expect(firstMismatch(closest, want, 1e-9, 1e-9)).toBeUndefined();
  });

  // scipy.cluster.hierarchy.linkage(P, method) for P = [[0,0],[0,1],[4,0],[4,2],[9,9],[1,7]] (metric euclidean)
  const P = Float64Array.of(0, 0, 0, 1, 4, 0, 4, 2, 9, 9, 1, 7);
  test.each([
    ['single', [[0, 1, 1, 2], [2, 3, 2, 2], [6, 7, 4, 4], [5, 8, 5.830951894845301, 5], [4, 9, 8.246211251235321, 6]], true],
    ['complete', [[0, 1, 1, 2], [2, 3, 2, 2], [6, 7, 4.47213595499958, 4], [5, 8, 7.615773105863909, 5], [4, 9, 12.727922061357855, 6]], false],
    ['average', [[0, 1, 1, 2], [2, 3, 2, 2], [6, 7, 4.179586801558726, 4], [5, 8, 6.650138835718225, 5], [4, 9, 10.382736659883019, 6]], false],
    ['ward', [[0, 1, 1, 2], [2, 3, 2, 2], [6, 7, 5.7008771254956905, 4], [5, 8, 8.006247560499238, 5], [4, 9, 12.964052864234496, 6]], false],
  ] as const)('%s linkage matches scipy', (method, want, unorderedPairs) => {
    const out = new Float64Array(20);
    kernels().linkage(6, 2, P, LinkageMetric.euclidean, LinkageMethod[method], out);
    want.forEach((row, i) => {
      const pair = [out[i * 4], out[i * 4 + 1]];
      expect(unorderedPairs ? [...pair].sort((a, b) => a - b) : pair).toEqual([...row.slice(0, 2)].sort((a, b) => a - b));
      expect(out[i * 4 + 2]).toBeCloseTo(row[2], 12);
      expect(out[i * 4 + 3]).toBe(row[3]);
    });
  });

  test('linkage on blobs equals the reference for every metric and method', () => {
    const n = 120, xs = x.subarray(0, n * D);
    for (const metric of [LinkageMetric.euclidean, LinkageMetric.manhattan, LinkageMetric.cosine]) {
      for (const method of [0, 1, 2, 3]) {
        if (method === LinkageMethod.ward && metric !== LinkageMetric.euclidean) continue;
        const got = new Float64Array((n - 1) * 4), want = new Float64Array((n - 1) * 4);
        kernels().linkage(n, D, xs, metric, method, got);
        ref.linkage(n, D, xs, metric, method, want);
        expect(firstMismatch(got, want, 1e-10, 1e-12)).toBeUndefined();
      }
    }
  });
});

describe('clustering kernels: threads and rejected calls', () => {
  test('Lloyd sums and inertia have the same bits with 1 and 2 native threads', () => {
    const native = configs.filter((c) => c.backend === 'native');
    if (native.length === 0) return;
    const results = native.filter((c) => c.isa === native[0].isa).map((c) => {
      activate(c);
      return runLloyd(x, centers, 1);
    });
    for (const r of results) {
      expect(Array.from(r.sums)).toEqual(Array.from(results[0].sums));
      expect(r.inertia).toBe(results[0].inertia);
    }
  });

  test.each(configs.filter((c) => c.backend !== 'js'))('$label rejects out-of-range state with .code', (config) => {
    activate(config);
    const labels = new Int32Array(N).fill(K), upper = new Float64Array(N), lower = new Float64Array(N * K);
    const sums = new Float64Array(K * D).fill(7), counts = new Float64Array(K);
    const call = () => kernels().kmeansElkan(N, D, K, x, weights, 1, centers, new Float64Array(K), 0, labels, upper, lower, sums, counts);
    expect(call).toThrow(expect.objectContaining({ code: expect.stringMatching(/EINVAL/) }));
    expect(sums[0]).toBe(7);
    const pp = () => kernels().kmeansPpStep(N, D, x, weights, 1, Int32Array.of(N), new Float64Array(N), new Float64Array(1));
    expect(pp).toThrow(expect.objectContaining({ code: expect.stringMatching(/EINVAL/) }));
    const link = () => kernels().linkage(6, 2, P2, LinkageMetric.manhattan, LinkageMethod.ward, new Float64Array(20));
    expect(link).toThrow(expect.objectContaining({ code: expect.stringMatching(/EINVAL/) }));
  });
});

const P2 = new Float64Array(12);
