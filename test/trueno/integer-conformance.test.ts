/**
 * Conformance of the integer and bool dtypes (int32, int64, uint8, bool) on every backend, ISA level and thread count,
 * against a reference computed here in BigInt (exact): tolerance is exact for every result. Semantics (numpy's):
 * add/sub/mul wrap modulo 2^bits; int / int is float64; bool arithmetic computes in int32; sum accumulates in int64,
 * min/max keep the dtype, argmin/argmax give the first index; mean computes in float64; float -> integer casts
 * truncate and saturate (NaN -> 0), integer -> narrower integer wraps, -> bool is x != 0.
 */
import * as T from '../../lib/trueno';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';

type IntDType = 'int32' | 'int64' | 'uint8';
const SIZES = [1, 7, 17, 1023, 4099];
const BITS: Record<IntDType, [bigint, boolean]> = { int32: [32n, true], int64: [64n, true], uint8: [8n, false] };
const configs = configurations();
afterAll(resetBackends);

/** Deterministic integers spread over the whole range of the dtype. */
function ints(seed: number, n: number, dtype: IntDType): bigint[] {
  const hi = sym(seed, n);
  const lo = sym(seed + 100, n);
  return Array.from(hi, (h, i) => wrap(BigInt(Math.floor(h * 2 ** 31)) * 2n ** 33n + BigInt(Math.floor((lo[i] + 1) * 2 ** 32)), dtype));
}
function wrap(v: bigint, dtype: IntDType): bigint {
  const [bits, signed] = BITS[dtype];
  return signed ? BigInt.asIntN(Number(bits), v) : BigInt.asUintN(Number(bits), v);
}
function tensor(values: bigint[], dtype: IntDType, shape?: number[]): T.Tensor {
  return dtype === 'int64' ? T.Tensor.from(BigInt64Array.from(values), shape) : T.Tensor.from(values.map(Number), shape, dtype);
}
const asBig = (t: T.Tensor) => Array.from(t.data as ArrayLike<number | bigint>, (v) => BigInt(v));

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  describe.each(['int32', 'int64', 'uint8'] as IntDType[])('%s', (dtype) => {
    test.each(SIZES)('add, sub, mul wrap in all forms, n=%i', (n) => {
      const a = ints(1, n, dtype);
      const b = ints(2, n, dtype);
      const ta = tensor(a, dtype);
      const tb = tensor(b, dtype);
      const ops = { add: (x: bigint, y: bigint) => x + y, sub: (x: bigint, y: bigint) => x - y, mul: (x: bigint, y: bigint) => x * y };
      for (const [name, f] of Object.entries(ops) as Array<['add' | 'sub' | 'mul', (x: bigint, y: bigint) => bigint]>) {
        const got = T[name](ta, tb);
        expect(got.dtype).toBe(dtype);
        expect(asBig(got)).toEqual(a.map((v, i) => wrap(f(v, b[i]), dtype)));
        expect(asBig(T[name](ta, 3))).toEqual(a.map((v) => wrap(f(v, 3n), dtype)));
        expect(asBig(T[name](-7, ta))).toEqual(a.map((v) => wrap(f(wrap(-7n, dtype), v), dtype)));
      }
      const cols = 7;
      const rows = Math.floor(n / cols);
      if (rows > 0) {
        const m = tensor(a.slice(0, rows * cols), dtype, [rows, cols]);
        const row = tensor(b.slice(0, cols), dtype);
        expect(asBig(T.mul(m, row))).toEqual(a.slice(0, rows * cols).map((v, i) => wrap(v * b[i % cols], dtype)));
      }
      expect(T.div(ta, tb).dtype).toBe('float64');
    });

    test.each(SIZES)('reductions: sum in int64, min, max, argmin, argmax, mean in float64, n=%i', (n) => {
      const a = ints(3, n, dtype);
      const t = tensor(a, dtype);
      const total = BigInt.asIntN(64, a.reduce((s, v) => s + v, 0n));
      if (Number.isSafeInteger(Number(total))) expect(BigInt(T.sum(t))).toBe(total);
      const min = a.reduce((m, v) => (v < m ? v : m));
      const max = a.reduce((m, v) => (v > m ? v : m));
      expect(T.min(t)).toBe(Number(min)); // whole reductions give numbers (exact up to 2^53)
      expect(T.max(t)).toBe(Number(max));
      expect(T.argmin(t)).toBe(a.indexOf(min));
      expect(T.argmax(t)).toBe(a.indexOf(max));
      expect(T.mean(t)).toBeCloseTo(a.reduce((s, v) => s + Number(v), 0) / n, -Math.log10(Math.abs(Number(max)) + 1) + 6);
      const cols = n > 7 ? 7 : 1;
      const rows = Math.floor(n / cols);
      const m = tensor(a.slice(0, rows * cols), dtype, [rows, cols]);
      const colSums = T.sum(m, { axis: 0 });
      expect(colSums.dtype).toBe('int64');
      expect(asBig(colSums)).toEqual(Array.from({ length: cols }, (_, c) =>
        BigInt.asIntN(64, a.slice(0, rows * cols).filter((_, i) => i % cols === c).reduce((s, v) => s + v, 0n))));
      const rowMax = T.max(m, { axis: 1 });
      expect(rowMax.dtype).toBe(dtype);
      const rowArg = T.argmax(m, { axis: 1 });
      for (let r = 0; r < rows; r++) {
        const slice = a.slice(r * cols, (r + 1) * cols);
        const best = slice.reduce((x, v) => (v > x ? v : x));
        expect(BigInt(rowMax.data[r])).toBe(best);
        expect(rowArg.data[r]).toBe(slice.indexOf(best));
      }
    });

    test('casts: float -> integer truncates and saturates, integer -> narrower wraps, -> bool is nonzero', () => {
      const f = T.Tensor.from([NaN, Infinity, -Infinity, 2.9, -2.9, 1e30, -0.5, 0, 300, -300]);
      const sat: Record<IntDType, bigint[]> = {
        int32: [0n, 2147483647n, -2147483648n, 2n, -2n, 2147483647n, 0n, 0n, 300n, -300n],
        int64: [0n, 2n ** 63n - 1n, -(2n ** 63n), 2n, -2n, 2n ** 63n - 1n, 0n, 0n, 300n, -300n],
        uint8: [0n, 255n, 0n, 2n, 0n, 255n, 0n, 0n, 255n, 0n],
      };
      expect(asBig(T.cast(f, dtype))).toEqual(sat[dtype]);
      expect(asBig(T.cast(T.cast(f, 'float32'), dtype))).toEqual(sat[dtype]);
      const wide = [-1n, 256n, 2n ** 32n + 5n, -(2n ** 63n)];
      expect(asBig(T.cast(T.Tensor.from(BigInt64Array.from(wide)), dtype))).toEqual(wide.map((v) => wrap(v, dtype)));
      const a = ints(4, 17, dtype);
      const flags = T.cast(tensor(a, dtype), 'bool');
      expect(flags.dtype).toBe('bool');
      expect(Array.from(flags.data)).toEqual(a.map((v) => (v !== 0n ? 1 : 0)));
      expect(asBig(T.cast(tensor(a, dtype), 'float64'))).toEqual(a.map((v) => BigInt(Number(v))));
      expect(asBig(T.cast(T.cast(tensor(a, dtype), 'int64'), dtype))).toEqual(a);
    });

    test('fill and full hold the value exactly', () => {
      const t = T.Tensor.zeros([1029], dtype);
      const value = dtype === 'uint8' ? 200 : -123456;
      T.fill(t, value);
      expect(asBig(t).every((v) => v === BigInt(value))).toBe(true);
      expect(asBig(T.Tensor.full([3], 7, dtype))).toEqual([7n, 7n, 7n]);
    });
  });

  test('bool: arithmetic promotes to int32, sum counts, min/max are all/any, casts give 0 or 1', () => {
    const bits = Array.from(sym(9, 1031), (v) => (v > 0 ? 1 : 0));
    const b = T.Tensor.from(Uint8Array.from(bits), undefined, 'bool');
    expect(b.dtype).toBe('bool');
    const twice = T.add(b, b);
    expect(twice.dtype).toBe('int32');
    expect(Array.from(twice.data as Int32Array)).toEqual(bits.map((v) => 2 * v));
    expect(T.sum(b)).toBe(bits.reduce((s: number, v) => s + v, 0));
    expect(T.max(b)).toBe(1);
    expect(T.min(b)).toBe(0);
    expect(T.argmax(b)).toBe(bits.indexOf(1));
    expect(T.max(b, { axis: 0, keepDims: true }).dtype).toBe('bool');
    expect(Array.from(T.cast(T.Tensor.from([0, -0, 0.5, NaN, -3]), 'bool').data)).toEqual([0, 0, 1, 1, 1]);
    expect(T.add(b, T.Tensor.from([1.5])).dtype).toBe('float64');
  });
});

describe('integer dtypes: promotion and bad input', () => {
  test('promotion follows numpy: the wider integer, int32/int64 with float32 -> float64, uint8 with float32 -> float32', () => {
    const i32 = T.Tensor.from([1, 2], undefined, 'int32');
    const u8 = T.Tensor.from([1, 2], undefined, 'uint8');
    const i64 = T.Tensor.from([1n, 2n], undefined, 'int64');
    const f32 = T.Tensor.from([1, 2], undefined, 'float32');
    expect(T.add(u8, i32).dtype).toBe('int32');
    expect(T.add(i32, i64).dtype).toBe('int64');
    expect(T.add(i32, f32).dtype).toBe('float64');
    expect(T.add(u8, f32).dtype).toBe('float32');
    expect(T.add(i32, 0.5).dtype).toBe('float64');
    expect(T.add(i32, 2 ** 60).dtype).toBe('float64');
  });

  test('int64 tensors take bigints and give bigints from toArray', () => {
    const t = T.Tensor.from([[2n ** 62n, -1n], [3n, 4n]], undefined, 'int64');
    expect(t.toArray()).toEqual([[2n ** 62n, -1n], [3n, 4n]]);
    expect(T.Tensor.full([2], -(2n ** 63n), 'int64').toArray()).toEqual([-(2n ** 63n), -(2n ** 63n)]);
    expect(T.Tensor.from([5], undefined, 'int64').toArray()).toEqual([5n]);
  });

  test.each([
    ['full int32 out of range', () => T.Tensor.full([2], 2 ** 31, 'int32'), RangeError, /Expected a 32-bit integer for value \(dtype int32\) but received 2147483648/],
    ['from uint8 negative', () => T.Tensor.from([-1], undefined, 'uint8'), RangeError, /Expected an integer in \[0, 255\] for values at depth 0 \(dtype uint8\) but received -1/],
    ['from int64 beyond 2^63', () => T.Tensor.from([2n ** 63n], undefined, 'int64'), RangeError, /Expected a 64-bit integer for values at depth 0/],
    ['from int64 unsafe number', () => T.Tensor.from([2 ** 60], undefined, 'int64'), RangeError, /Expected a safe integer/],
    ['fill bool with 2', () => T.fill(T.Tensor.zeros([1], 'bool'), 2), RangeError, /Expected 0 or 1 for fill value \(dtype bool\) but received 2/],
    ['fill int32 with NaN', () => T.fill(T.Tensor.zeros([1], 'int32'), NaN), RangeError, /Expected a 32-bit integer for fill value/],
    ['bool from bytes other than 0/1', () => T.Tensor.from(Uint8Array.from([0, 2]), undefined, 'bool'), RangeError, /Expected only 0 and 1/],
    ['axpy into int64', () => T.axpy(1, T.Tensor.zeros([1]), T.Tensor.zeros([1], 'int64')), TypeError, /for axpy argument y but received int64/],
    ['min of an empty int32 tensor', () => T.min(T.Tensor.zeros([0], 'int32')), RangeError, /Expected a non-empty tensor for min/],
  ])('%s', (_label, fn, type, message) => {
    expect(fn).toThrow(type as ErrorConstructor);
    expect(fn).toThrow(message as RegExp);
  });
});
