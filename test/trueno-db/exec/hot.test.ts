/**
 * The JS bodies of the columnar kernels (exec/hot.ts) against their contract in TDB.md: the same calls must hold when
 * the lead swaps the bodies for the native kernels.
 */
import { filterCompare, groupAggregate, hashGroup, hashJoin, sortIndices, topK } from '../../../lib/trueno-db/exec/hot';

const U0 = new Uint8Array(0);
const F0 = new Float64Array(0);
const I0 = new Int32Array(0);

describe('filterCompare', () => {
  const x = Float64Array.from([1, NaN, -0, 3, 2]);
  const valid = Uint8Array.from([1, 1, 1, 1, 0]);
  it.each([
    [0, 0, [0, 0, 1, 0, 0]], [1, 0, [1, 1, 0, 1, 0]], [2, 2, [1, 0, 1, 0, 0]], [3, 1, [1, 0, 1, 0, 0]],
    [4, 1, [0, 1, 0, 1, 0]], [5, 3, [0, 1, 0, 1, 0]],
  ])('op %i against %d: NULL gives 0, NaN is greatest, -0 equals 0', (op, value, want) => {
    const mask = new Uint8Array(5);
    filterCompare(5, x, op, value, valid, 0, mask);
    expect(Array.from(mask)).toEqual(want);
  });

  it('ANDs into the mask; compares with NaN; reads int32, float32 and bigint', () => {
    const mask = Uint8Array.from([1, 1, 0, 1, 1]);
    filterCompare(5, x, 5, 1, U0, 1, mask);
    expect(Array.from(mask)).toEqual([1, 1, 0, 1, 1]);
    filterCompare(5, x, 0, NaN, U0, 0, mask);
    expect(Array.from(mask)).toEqual([0, 1, 0, 0, 0]);
    const m3 = new Uint8Array(3);
    filterCompare(3, Int32Array.from([1, 2, 3]), 4, 1.5, U0, 0, m3);
    expect(Array.from(m3)).toEqual([0, 1, 1]);
    const m2 = new Uint8Array(2);
    filterCompare(2, BigInt64Array.from([9007199254740993n, 1n]), 4, 9007199254740992, U0, 0, m2);
    expect(Array.from(m2)).toEqual([1, 0]);
  });
});

describe('groupAggregate', () => {
  const groups = Int32Array.from([10, 11, 10, 12, 11]);
  const x = Float64Array.from([1, 2, 3, NaN, 5]);

  it('sums with base, mask and validity; adds to count and writes acc', () => {
    const count = new Float64Array(3).fill(1);
    const acc = new Float64Array(3).fill(99);
    groupAggregate(5, groups, 10, 3, x, Uint8Array.from([1, 1, 1, 1, 0]), Uint8Array.from([1, 1, 0, 1, 1]), F0, 0, 0, 0, F0,
      count, acc);
    expect(Array.from(count)).toEqual([2, 2, 2]);
    expect(acc[0]).toBe(1);
    expect(acc[1]).toBe(2);
    expect(acc[2]).toBeNaN();
  });

  it('fuses a predicate, min/max with NaN greatest, m2 around a mean', () => {
    const count = new Float64Array(1);
    const acc = new Float64Array(1);
    groupAggregate(5, I0, 0, 1, x, U0, U0, x, 4, 1.5, 0, F0, count, acc);
    expect([count[0], acc[0]]).toEqual([4, NaN]);
    const c3 = new Float64Array(3);
    const a3 = new Float64Array(3);
    groupAggregate(5, groups, 10, 3, x, U0, U0, F0, 0, 0, 2, F0, c3, a3);
    expect(Array.from(a3)).toEqual([3, 5, NaN]);
    groupAggregate(5, groups, 10, 3, x, U0, U0, F0, 0, 0, 1, F0, c3.fill(0), a3);
    expect(Array.from(a3)).toEqual([1, 2, NaN]);
    groupAggregate(5, groups, 10, 3, x, U0, U0, F0, 0, 0, 3, Float64Array.from([2, 3.5, 0]), c3.fill(0), a3);
    expect(Array.from(a3.subarray(0, 2))).toEqual([2, 4.5]);
  });

  // The kernels report both with status EINVAL (code ERR_TRUENO_EINVAL) on every backend; the executor names the
  // overflow (see 'an integer sum outside BIGINT' below).
  it('sums integers exactly into BigInt64Array and refuses an overflow or a group out of range', () => {
    const big = BigInt64Array.from([2n ** 62n, 2n ** 62n - 1n, 1n]);
    const count = new Float64Array(1);
    const acc = new BigInt64Array(1);
    groupAggregate(3, I0, 0, 1, Int32Array.from([2147483647, 2147483647, -5]), U0, U0, F0, 0, 0, 0, F0, count, acc);
    expect(acc[0]).toBe(4294967289n);
    const einval = { code: 'ERR_TRUENO_EINVAL' };
    expect(() => groupAggregate(3, I0, 0, 1, big, U0, U0, F0, 0, 0, 0, F0, count, acc)).toThrow(expect.objectContaining(einval));
    expect(acc[0]).toBe(4294967289n);
    expect(() => groupAggregate(2, Int32Array.from([0, 5]), 0, 2, F0, U0, U0, F0, 0, 0, 0, F0, new Float64Array(2), F0))
      .toThrow(expect.objectContaining(einval));
    expect(() => groupAggregate(2, Int32Array.from([0, 5]), 0, 2, F0, U0, Uint8Array.from([1, 0]), F0, 0, 0, 0, F0,
      new Float64Array(2), F0)).toThrow(expect.objectContaining(einval));
  });
});

describe('hashGroup, hashJoin, topK, sortIndices', () => {
  it('numbers groups by first occurrence over column-major keys (NaN = NaN, -0 = 0)', () => {
    const keys = Float64Array.from([1, NaN, 1, -0, NaN, 0, /* key 2 */ 5, 6, 5, 7, 6, 7]);
    const groups = new Int32Array(6);
    const first = new Int32Array(6);
    expect(hashGroup(6, 2, keys, groups, first)).toBe(3);
    expect(Array.from(groups)).toEqual([0, 1, 0, 2, 1, 2]);
    expect(Array.from(first.subarray(0, 3))).toEqual([0, 1, 3]);
  });

  it('joins pairs ordered by probe then build row, skips invalid rows, reports the total past capacity', () => {
    const build = Float64Array.from([2, 1, 2, 3]);
    const probe = Float64Array.from([2, 9, 1, 2]);
    const ob = new Int32Array(3);
    const op = new Int32Array(3);
    const total = hashJoin(4, 1, build, Uint8Array.from([1, 1, 1, 0]), 4, probe, Uint8Array.from([1, 1, 1, 1]), 3, ob, op);
    expect(total).toBe(5);
    expect([Array.from(op), Array.from(ob)]).toEqual([[0, 0, 2], [0, 2, 1]]);
  });

  it('top-k is stable, NULLs first or last, NaN greatest', () => {
    const x = Float64Array.from([3, NaN, 3, 1, 7, 0]);
    const valid = Uint8Array.from([1, 1, 1, 1, 1, 0]);
    const out = new Int32Array(4);
    expect(topK(6, x, valid, 4, 1, 0, out)).toBe(4);
    expect(Array.from(out)).toEqual([1, 4, 0, 2]);
    topK(6, x, valid, 4, 0, 1, out);
    expect(Array.from(out)).toEqual([5, 3, 0, 2]);
    expect(topK(2, x.subarray(0, 2), U0, 5, 0, 0, out)).toBe(2);
  });

  it('sortIndices is a stable multi-key argsort', () => {
    const keys = Float64Array.from([1, 0, 1, 0, /* key 2 */ 5, 5, 4, 6]);
    const out = new Int32Array(4);
    sortIndices(4, 2, keys, Uint8Array.from([0, 1]), out);
    expect(Array.from(out)).toEqual([3, 1, 0, 2]);
  });
});
