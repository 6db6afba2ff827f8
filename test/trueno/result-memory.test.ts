/**
 * Reused result memory (issue 7.8): dispose() and tidy() hand large op results back, the next result of the same size
 * takes the block, memory stays bounded, and no result ever aliases memory that JS can still read.
 */
import { add, exp, keep, matmul, mul, setBackend, sum, Tensor, tidy, type BackendName } from '../../lib/trueno';
import {
  adoptResult, POOL_BYTES, POOLED_MIN_BYTES, releaseResult, resultMemoryStats, takeReleased,
} from '../../lib/trueno/result-memory';
import { resetBackends } from './helpers';

/** 64Ki float32 = 256 KiB: a pooled size. */
const N = 1 << 16;
const ones = () => Tensor.from<'float32'>(new Float32Array(N).fill(1));

afterAll(resetBackends);

describe.each(['native', 'wasm', 'js'] as BackendName[])('%s backend', (backend) => {
  beforeAll(() => setBackend(backend));

  test('1,000 allocating adds in tidy() reuse one block: no new memory after the first, values right', () => {
    const a = ones();
    const b = Tensor.from<'float32'>(new Float32Array(N).fill(2));
    tidy(() => {
      add(a, b); // warm: the pool now holds a block of this size
    });
    const before = resultMemoryStats();
    let checks = 0;
    for (let i = 0; i < 1000; i++) {
      checks += tidy(() => {
        const c = add(a, b);
        return c.data[i] + c.data[N - 1 - i];
      });
    }
    const after = resultMemoryStats();
    expect(checks).toBe(6000);
    expect(after.fresh - before.fresh).toBe(0);
    expect(after.reused - before.reused).toBe(1000);
    expect(after.bytes).toBeLessThanOrEqual(POOL_BYTES);
  });

  test('dispose() in a loop: the next result takes the block, and the disposed tensor is retired', () => {
    const a = ones();
    const first = exp(a);
    const firstData = first.data;
    first.dispose();
    const before = resultMemoryStats();
    const second = exp(a);
    expect(resultMemoryStats().reused - before.reused).toBe(1);
    expect(second.data[7]).toBeCloseTo(Math.E, 5);
    // The retired tensor and its kept data array see no elements: they cannot read the new result.
    expect(firstData.length).toBe(0);
    expect(first.data.length).toBe(0);
    expect(() => add(first, 1)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DETACHED' }));
    expect(String(first)).toBe('Tensor(float32, [65536])\n<detached>');
    first.dispose(); // twice is allowed
    second.dispose();
  });

  test('what tidy() returns survives (views and containers included); what it leaks is retired, never aliased', () => {
    const a = ones();
    let leaked: Tensor | undefined;
    let kept: Tensor | undefined;
    const [view, nested] = tidy(() => {
      const c = add(a, a);
      leaked = mul(c, 3);
      kept = keep(mul(c, 4));
      return [c.reshape([256, 256]), { deep: new Map([['x', add(c, 1)]]) }] as const;
    });
    expect(view.data[0]).toBe(2);
    expect(nested.deep.get('x')?.data[N - 1]).toBe(3);
    expect(kept?.data[5]).toBe(8);
    expect(leaked?.data.length).toBe(0);
    expect(() => sum(leaked as Tensor)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DETACHED' }));
    // New results may take the leaked block, but never the memory of a live tensor.
    const live = new Set<ArrayBufferLike>([view.data.buffer, nested.deep.get('x')?.data.buffer as ArrayBufferLike, kept?.data.buffer as ArrayBufferLike, a.data.buffer]);
    for (let i = 0; i < 4; i++) {
      const r = add(a, 5);
      expect(live.has(r.data.buffer)).toBe(false);
      expect(r.data[0]).toBe(6);
      live.add(r.data.buffer);
    }
    expect(view.data[0]).toBe(2);
    expect(kept?.data[5]).toBe(8);
  });

  test('nested scopes: the inner result belongs to the outer scope, which releases it unless returned', () => {
    const a = ones();
    let inner: Tensor | undefined;
    const outer = tidy(() => {
      inner = tidy(() => add(a, a));
      expect(inner.data[0]).toBe(2); // alive after the inner scope
      return sum(inner);
    });
    expect(outer).toBe(2 * N);
    expect(inner?.data.length).toBe(0);
  });

  test('a throwing scope releases its results and rethrows; the caller-provided memory is never taken', () => {
    const mine = new Float32Array(N).fill(7);
    const a = Tensor.from(mine);
    let made: Tensor | undefined;
    expect(() => tidy(() => {
      made = add(a, 1);
      throw new Error('boom');
    })).toThrow('boom');
    expect(made?.data.length).toBe(0);
    a.dispose(); // retires the tensor only: the caller's array keeps its memory and values
    expect(mine.length).toBe(N);
    expect(mine[N - 1]).toBe(7);
    expect(() => add(a, 1)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DETACHED' }));
  });
});

test('a scope returning a Promise is refused and releases nothing (async kernels may still write)', async () => {
  setBackend('native');
  const a = ones();
  let started: Promise<Tensor> | undefined;
  expect(() => tidy(() => (started = Promise.resolve(add(a, a))))).toThrow(
    expect.objectContaining({ name: 'TypeError', code: 'ERR_TRUENO_TYPE', message: expect.stringMatching(/^Expected a synchronous function for tidy fn but received one that returned a Promise/) }),
  );
  expect((await started)?.data[0]).toBe(2);
  resetBackends();
});

test('small results are retired by dispose() but not pooled', () => {
  const small = add(Tensor.from(new Float32Array(10).fill(1)), 1);
  const before = resultMemoryStats();
  small.dispose();
  expect(resultMemoryStats().released).toBe(before.released);
  expect(() => add(small, 1)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DETACHED' }));
});

test('the pool keeps at most POOL_BYTES: blocks released beyond it are dropped', () => {
  // Untouched ArrayBuffers (no pages faulted in) stand for results here, so the bound is checked without 300 MB of RSS.
  const block = 32 << 20;
  const before = resultMemoryStats();
  const buffers = Array.from({ length: POOL_BYTES / block + 2 }, () => new ArrayBuffer(block));
  for (const b of buffers) adoptResult(b, true);
  for (const b of buffers) expect(releaseResult(b)).toBe(true);
  const after = resultMemoryStats();
  expect(after.bytes).toBeLessThanOrEqual(POOL_BYTES);
  expect(after.dropped - before.dropped).toBeGreaterThanOrEqual(2);
  // The oldest went first: the newest block is still there for the next result of its size.
  expect(takeReleased(block)).toBeDefined();
  expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
  expect(releaseResult(new ArrayBuffer(POOLED_MIN_BYTES))).toBe(false); // memory the pool never handed out
});

test('matmul in tidy(): float64 results reuse their block too', () => {
  const m = Tensor.from(new Float64Array(128 * 128).fill(0.5), [128, 128]);
  tidy(() => {
    matmul(m, m);
  });
  const before = resultMemoryStats();
  for (let i = 0; i < 10; i++) expect(tidy(() => matmul(m, m).data[i])).toBe(32);
  expect(resultMemoryStats().fresh - before.fresh).toBe(0);
});

describe('bad input', () => {
  test.each([undefined, null, 1, 'f', {}, [], Symbol('s')])('tidy(%p) is a TypeError with a code', (fn) => {
    expect(() => tidy(fn as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_TRUENO_TYPE', message: expect.stringMatching(/^Expected a function for tidy fn but received /) }),
    );
  });
  test.each([undefined, null, 1, NaN, Infinity, {}, new Float32Array(2)])('keep(%p) is a TypeError with a code', (t) => {
    expect(() => keep(t as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_TRUENO_TYPE', message: expect.stringMatching(/^Expected a Tensor for keep tensor but received /) }),
    );
  });
  test('keep() of a disposed tensor is ERR_TRUENO_DETACHED', () => {
    const t = add(ones(), 1);
    t.dispose();
    expect(() => keep(t)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DETACHED' }));
  });
});
