/** Property tests (fast-check) of invariants that must hold for any input, on the native backend. */
import fc from 'fast-check';
import * as T from '../../lib/trueno';

beforeAll(() => T.setBackend('native'));
afterEach(() => T.setThreads(2));

const floats = (min: number, max: number) => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true });
const vector = (maxLength = 300) => fc.array(floats(-1e3, 1e3), { minLength: 1, maxLength }).map((a) => new Float32Array(a));
const matrix = fc.record({ m: fc.integer({ min: 1, max: 40 }), k: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 40 }), seed: fc.integer() });

function randomMatrix(rows: number, cols: number, seed: number): T.Tensor {
  const data = new Float64Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 32 - 0.5;
  }
  return T.Tensor.from(data, [rows, cols]);
}

test('add is commutative, bit for bit', () => {
  fc.assert(fc.property(vector(), (a) => {
    const b = a.map((v) => v * 0.5 + 1);
    expect(T.add(T.Tensor.from(a), T.Tensor.from(b)).data).toEqual(T.add(T.Tensor.from(b), T.Tensor.from(a)).data);
  }));
});

test('reductions give the same bits with 1 and 2 threads', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 3_000_000 }), fc.integer(), (n, seed) => {
    const x = T.Tensor.from(new Float32Array(randomMatrix(1, n, seed).data as Float64Array));
    T.setThreads(1);
    const one = [T.sum(x), T.dot(x, x), T.norm(x), T.variance(x)];
    T.setThreads(2);
    expect([T.sum(x), T.dot(x, x), T.norm(x), T.variance(x)]).toEqual(one);
  }), { numRuns: 12 });
});

test('(AB)ᵀ = BᵀAᵀ and transpose is an involution', () => {
  fc.assert(fc.property(matrix, ({ m, k, n, seed }) => {
    const a = randomMatrix(m, k, seed);
    const b = randomMatrix(k, n, seed + 1);
    const left = T.transpose(T.matmul(a, b));
    const right = T.matmul(b, a, { transA: true, transB: true });
    (left.data as Float64Array).forEach((v, i) => expect(Math.abs(v - (right.data[i] as number))).toBeLessThan(1e-12));
    expect(T.transpose(T.transpose(a)).data).toEqual(a.data);
  }));
});

test('softmax rows are positive and sum to 1; log-softmax is its log', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 60 }), fc.integer(), (rows, cols, seed) => {
    const x = T.scale(randomMatrix(rows, cols, seed), 40);
    const p = T.softmax(x);
    const sums = T.sum(p, { axis: 1 });
    (sums.data as Float64Array).forEach((s) => expect(Math.abs(s - 1)).toBeLessThan(1e-12));
    const lp = T.logSoftmax(x);
    (p.data as Float64Array).forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(Math.abs(Math.log(v) - (lp.data[i] as number))).toBeLessThan(1e-9 * Math.max(1, Math.abs(lp.data[i] as number)));
    });
  }));
});

test('argmax points at the max, and min <= mean <= max', () => {
  fc.assert(fc.property(vector(), (a) => {
    const t = T.Tensor.from(a);
    expect(a[T.argmax(t)]).toBe(T.max(t));
    expect(a[T.argmin(t)]).toBe(T.min(t));
    const m = T.mean(t);
    expect(T.min(t) <= m + 1e-3 && m <= T.max(t) + 1e-3).toBe(true);
  }));
});

test('float32 -> float64 -> float32 is the identity', () => {
  fc.assert(fc.property(vector(), (a) => {
    expect(T.cast(T.cast(T.Tensor.from(a), 'float64'), 'float32').data).toEqual(a);
  }));
});

test('pairwise squared distances are symmetric, non-negative and zero on the diagonal', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20 }), fc.integer(), (n, d, seed) => {
    const x = randomMatrix(n, d, seed);
    const dist = T.pairwiseSqDist(x);
    for (let i = 0; i < n; i++) {
      expect(dist.data[i * n + i]).toBe(0);
      for (let j = 0; j < n; j++) {
        expect(dist.data[i * n + j]).toBeGreaterThanOrEqual(0);
        expect(Math.abs((dist.data[i * n + j] as number) - (dist.data[j * n + i] as number))).toBeLessThan(1e-12);
      }
    }
  }));
});
