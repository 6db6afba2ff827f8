/**
 * The columnar kernels of trueno-db (filterCompare, groupAggregate, hashGroup, hashJoin, topK, sortIndices) on every
 * backend, ISA level and thread count, against the plain-JS reference: identical results to the bit (float sums repeat
 * one fixed block and lane order) on random columns with NaN, -0, nulls, masks, all-equal keys, empty input and one
 * row, over more than one block of rows; DuckDB's semantics checked directly on small cases; and bad arguments
 * refused with a clear error.
 */
import { kernels } from '../../lib/trueno/backend/loader';
import { referenceKernels } from '../../lib/trueno/backend/register-js';
import { ColumnarAgg, ColumnarCmp, type ColumnValues } from '../../lib/trueno/backend/kernels';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';

const configs = configurations();
afterAll(resetBackends);
const ref = referenceKernels;

/**
 * The inputs, built once and shared by every configuration and test (read-only: the kernels never write their
 * inputs, and a kernel that did would fail the bit-for-bit comparisons): building the 70 001-row columns in plain JS
 * for each of the eight configurations, dtypes and ops was most of this file's time.
 */
const fixtures = new Map<string, unknown>();
function fixture<T>(key: string, build: () => T): T {
  if (!fixtures.has(key)) fixtures.set(key, build());
  return fixtures.get(key) as T;
}

/** Values in a few distinct groups of magnitudes, with NaN, -0, +0 and repeats sprinkled in (shared, read-only). */
function values(seed: number, n: number, distinct = 0): Float64Array {
  return fixture(`values ${seed} ${n} ${distinct}`, () => freshValues(seed, n, distinct));
}

function freshValues(seed: number, n: number, distinct: number): Float64Array {
  const u = sym(seed, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = (u[i] + 1) / 2;
    out[i] = distinct > 0 ? Math.floor(r * distinct) - Math.floor(distinct / 3) : u[i] * 1000;
    if (i % 17 === 3) out[i] = NaN;
    else if (i % 23 === 5) out[i] = -0;
    else if (i % 29 === 7) out[i] = 0;
  }
  return out;
}

/**
 * Join keys: values() with most of its sprinkled NaN, -0 and +0 made distinct (every NaN matching every NaN, and every
 * zero every zero, multiplies pairs: 2.2 million of them, most of this file's time, where a tenth of each still
 * covers NaN = NaN and -0 = +0 in every block).
 */
function joinKeys(seed: number, n: number, distinct: number): Float64Array {
  return fixture(`join ${seed} ${n} ${distinct}`, () =>
    values(seed, n, distinct).map((v, i) => ((Number.isNaN(v) || Object.is(v, -0) || i % 29 === 7) && i % 20 > 1 ? 1e9 + i : v)));
}

function bytes(seed: number, n: number, pZero: number): Uint8Array {
  return fixture(`bytes ${seed} ${n} ${pZero}`, () => Uint8Array.from(sym(seed, n), (v) => ((v + 1) / 2 < pZero ? 0 : 1)));
}

/** x as each column dtype (integers from rounded values, NaN as 0); shared per x and dtype. */
const converted = new WeakMap<Float64Array, Map<string, ColumnValues>>();
function asDtype(x: Float64Array, dtype: string): ColumnValues {
  if (!converted.has(x)) converted.set(x, new Map());
  const forX = converted.get(x)!;
  if (!forX.has(dtype)) forX.set(dtype, freshDtype(x, dtype));
  return forX.get(dtype)!;
}

function freshDtype(x: Float64Array, dtype: string): ColumnValues {
  const ints = Array.from(x, (v) => (Number.isNaN(v) ? 0 : Math.round(v)));
  if (dtype === 'float32') return Float32Array.from(x);
  if (dtype === 'int32') return Int32Array.from(ints);
  if (dtype === 'int64') return BigInt64Array.from(ints.map((v) => BigInt(v) * 3_000_000_001n));
  return x;
}

/** Bit-exact equality of two float arrays (NaN equals NaN; -0 differs from +0). */
function expectSameBits(got: ArrayLike<number | bigint>, want: ArrayLike<number | bigint>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`entry ${i}: ${String(got[i])} != ${String(want[i])}`);
  }
}

const SIZES = [0, 1, 7, 1000, 70_001];

/** The reference's answer for one input, computed once and shared by every configuration (it is the slow part). */
const memo = new Map<string, unknown>();
function reference<T>(key: string, compute: () => T): T {
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key) as T;
}
const DTYPES = ['float64', 'float32', 'int32', 'int64'];

/** The js backend is the reference itself: the comparisons run on the others. */
const compared = configs.filter((c) => c.backend !== 'js');

describe.each(compared)('$label against the reference', (config: Config) => {
  beforeEach(() => activate(config));
  test.each(DTYPES)('filterCompare on %s matches the reference for every op, value, validity and and-mode', (dtype) => {
    for (const n of [0, 1, 1000, 70_001]) {
      const x = asDtype(values(1, n, 50), dtype);
      const valid = bytes(2, n, 0.1);
      const prior = bytes(3, n, 0.3);
      for (let op = 0; op < 6; op++) {
        for (const value of [0, -0, 3, 2.5, -1e300, NaN, Infinity, 2 ** 63]) {
          for (const [v, and] of [[new Uint8Array(0), 0], [valid, 1]] as const) {
            const got = prior.slice();
            kernels().filterCompare(n, x, op, value, v, and, got);
            const want = reference(`filter ${dtype} ${n} ${op} ${value} ${and}`, () => {
              const w = prior.slice();
              ref.filterCompare(n, x, op, value, v, and, w);
              return w;
            });
            expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
          }
        }
      }
    }
  });
  const AGG_CASES = [
    ...DTYPES.flatMap((dtype) => [0, 1, 2, 3].map((op) => ({ dtype, op }))),
  ];
  test.each(AGG_CASES)('groupAggregate op $op of $dtype matches the reference bit for bit', ({ dtype, op }) => {
    for (const n of SIZES) {
      const raw = values(4, n);
      const x = asDtype(raw, dtype);
      const intX = dtype === 'int32' || dtype === 'int64';
      for (const nGroups of [1, 3, 1000]) {
        const groups = fixture(`groups ${n} ${nGroups}`, () =>
          Int32Array.from(values(5, n, nGroups), (v) => (Number.isNaN(v) || Object.is(v, -0) ? 0 : v + Math.floor(nGroups / 3)) + 7));
        for (const grouped of [true, false]) {
          for (const filtered of [false, true]) {
            if (!grouped && nGroups !== 1) continue;
            const g = grouped ? groups : new Int32Array(0);
            const valid = filtered ? bytes(6, n, 0.2) : new Uint8Array(0);
            const mask = filtered ? bytes(7, n, 0.2) : new Uint8Array(0);
            const pred = filtered ? raw : new Float64Array(0);
            const mean = Float64Array.from(sym(8, nGroups, 10));
            const accType = intX && op === ColumnarAgg.sum ? BigInt64Array : Float64Array;
            const run = (k: typeof ref) => {
              const count = new Float64Array(nGroups).fill(2);
              const acc = new accType(nGroups);
              k.groupAggregate(n, g, 7, nGroups, x, valid, mask, pred, ColumnarCmp.gt, -100, op, mean, count, acc);
              return { count, acc };
            };
            const got = run(kernels());
            const want = reference(`agg ${dtype} ${op} ${n} ${nGroups} ${grouped} ${filtered}`, () => run(ref));
            expectSameBits(got.count, want.count);
            expectSameBits(got.acc, want.acc);
          }
        }
      }
    }
  });
  test.each([0, 1, 2, 3])('hashGroup with %i keys matches the reference (NaN, -0, all equal, empty, one row)', (m) => {
    for (const n of SIZES) {
      for (const distinct of [1, 7, 5000, 0]) {
        const keys = new Float64Array(m * n);
        for (let j = 0; j < m; j++) keys.set(values(10 + j, n, distinct), j * n);
        const run = (k: typeof ref) => {
          const groups = new Int32Array(n), firstRow = new Int32Array(n);
          const count = k.hashGroup(n, m, keys, groups, firstRow);
          return { count, groups, firstRow: firstRow.subarray(0, count) };
        };
        const got = run(kernels()), want = reference(`group ${m} ${n} ${distinct}`, () => run(ref));
        expect(got.count).toBe(want.count);
        expectSameBits(got.groups, want.groups);
        expectSameBits(got.firstRow, want.firstRow);
      }
    }
  });
  test.each([1, 2])('hashJoin on %i keys matches the reference, in parts when the room is short', (m) => {
    const cases = [[0, 5, 3], [5, 0, 3], [1, 1, 1], [1000, 3000, 30], [30_000, 70_001, 20_000]];
    for (const [nb, np, distinct] of cases) {
      const bk = new Float64Array(m * nb), pk = new Float64Array(m * np);
      for (let j = 0; j < m; j++) {
        bk.set(joinKeys(20 + j, nb, j === 0 ? distinct : 2), j * nb);
        pk.set(joinKeys(30 + j, np, j === 0 ? distinct : 2), j * np);
      }
      const bv = bytes(21, nb, 0.1), pv = bytes(31, np, 0.1);
      const run = (k: typeof ref, capacity: number) => {
        const ob = new Int32Array(capacity), op = new Int32Array(capacity);
        const total = k.hashJoin(nb, m, bk, bv, np, pk, pv, capacity, ob, op);
        return { total, ob: ob.subarray(0, Math.min(total, capacity)), op: op.subarray(0, Math.min(total, capacity)) };
      };
      const want = reference(`join ${m} ${nb} ${np}`, () => run(ref, run(ref, 0).total));
      const got = run(kernels(), want.total);
      expect(got.total).toBe(want.total);
      expectSameBits(got.ob, want.ob);
      expectSameBits(got.op, want.op);
      const part = run(kernels(), Math.floor(want.total / 3));
      expect(part.total).toBe(want.total);
      expectSameBits(part.ob, want.ob.subarray(0, part.ob.length));
      expectSameBits(part.op, want.op.subarray(0, part.op.length));
    }
  });
  test.each([[0, 0], [0, 1], [1, 0], [1, 1]])('topK descending=%i nullsFirst=%i matches the reference', (desc, nullsFirst) => {
    for (const n of SIZES) {
      for (const distinct of [0, 1, 20]) {
        const x = values(40, n, distinct);
        for (const valid of [new Uint8Array(0), bytes(41, n, 0.3)]) {
          for (const k of [0, 1, 10, 100, 20_000, n + 5]) {
            const run = (kk: typeof ref) => {
              const out = new Int32Array(Math.min(k, n));
              return { written: kk.topK(n, x, valid, k, desc, nullsFirst, out), out };
            };
            const got = run(kernels());
            const all = reference(`topk ${desc} ${nullsFirst} ${n} ${distinct} ${valid.length}`, () => {
              const out = new Int32Array(n);
              ref.topK(n, x, valid, n, desc, nullsFirst, out);
              return out;
            });
            const want = { written: Math.min(k, n), out: all.subarray(0, Math.min(k, n)) };
            expect(got.written).toBe(want.written);
            expectSameBits(got.out, want.out);
          }
        }
      }
    }
  });
  test.each([0, 1, 2, 3])('sortIndices on %i keys matches the reference (stable, NaN last ascending)', (m) => {
    for (const n of SIZES) {
      const keys = new Float64Array(m * n);
      for (let j = 0; j < m; j++) keys.set(values(50 + j, n, j === 0 ? 5 : j === 1 ? 0 : 3), j * n);
      const descending = Uint8Array.from({ length: m }, (_, j) => j % 2);
      const got = new Int32Array(n);
      kernels().sortIndices(n, m, keys, descending, got);
      const want = reference(`sort ${m} ${n}`, () => {
        const w = new Int32Array(n);
        ref.sortIndices(n, m, keys, descending, w);
        return w;
      });
      expectSameBits(got, want);
    }
  });
});

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));
  test('filterCompare follows DuckDB: NaN greatest and equal to NaN, -0 = +0, exact int64, NULL is false', () => {
    const x = Float64Array.from([NaN, -0, 0, 1, -Infinity, Infinity]);
    const run = (op: number, value: number, valid = new Uint8Array(0)) => {
      const mask = new Uint8Array(x.length);
      kernels().filterCompare(x.length, x, op, value, valid, 0, mask);
      return Array.from(mask);
    };
    expect(run(ColumnarCmp.gt, 1)).toEqual([1, 0, 0, 0, 0, 1]);
    expect(run(ColumnarCmp.eq, NaN)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(run(ColumnarCmp.lt, NaN)).toEqual([0, 1, 1, 1, 1, 1]);
    expect(run(ColumnarCmp.eq, 0)).toEqual([0, 1, 1, 0, 0, 0]);
    expect(run(ColumnarCmp.ne, 0)).toEqual([1, 0, 0, 1, 1, 1]);
    expect(run(ColumnarCmp.ge, -0, Uint8Array.from([1, 1, 0, 1, 1, 1]))).toEqual([1, 1, 0, 1, 0, 1]);
    const big = BigInt64Array.from([2n ** 53n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n]);
    const mask = new Uint8Array(4);
    kernels().filterCompare(4, big, ColumnarCmp.gt, 2 ** 53, new Uint8Array(0), 0, mask);
    expect(Array.from(mask)).toEqual([0, 1, 0, 1]);
    kernels().filterCompare(4, big, ColumnarCmp.le, -(2 ** 63), new Uint8Array(0), 0, mask);
    expect(Array.from(mask)).toEqual([0, 0, 1, 0]);
    kernels().filterCompare(4, Int32Array.from([1, 2, 3, 4]), ColumnarCmp.lt, 2.5, new Uint8Array(0), 0, mask);
    expect(Array.from(mask)).toEqual([1, 1, 0, 0]);
  });
  test('groupAggregate: Q1 and Q2 shapes, counts only, exact int64 extremes, overflow and bad groups', () => {
    const n = 200_003;
    const { x, g, wantSum, s, c } = fixture('Q1', () => {
      const x = Float64Array.from(sym(9, n), (v) => (v + 1) / 2);
      const wantSum = new Float64Array(1000);
      for (let i = 0; i < n; i++) wantSum[i % 1000] += x[i];
      let s = 0, c = 0;
      for (const v of x) if (v > 0.5) (s += v), c++;
      return { x, g: Int32Array.from({ length: n }, (_, i) => i % 1000), wantSum, s, c };
    });
    const count = new Float64Array(1000), acc = new Float64Array(1000);
    kernels().groupAggregate(n, g, 0, 1000, x, new Uint8Array(0), new Uint8Array(0), new Float64Array(0), 0, 0,
      ColumnarAgg.sum, new Float64Array(0), count, acc);
    // one expectation for the 1000 groups (a thousand expect() calls per configuration cost more than the kernel)
    const badGroup = wantSum.findIndex((w, k) => count[k] !== (k < 3 ? 201 : 200) || !(Math.abs(acc[k] - w) < 5e-10));
    expect(badGroup === -1 ? 'every group' : `group ${badGroup}: count ${count[badGroup]}, sum ${acc[badGroup]} vs ${wantSum[badGroup]}`).toBe('every group');
    const one = new Float64Array(1), sum = new Float64Array(1);
    kernels().groupAggregate(n, new Int32Array(0), 0, 1, x, new Uint8Array(0), new Uint8Array(0), x, ColumnarCmp.gt, 0.5,
      ColumnarAgg.sum, new Float64Array(0), one, sum);
    expect(one[0]).toBe(c);
    expect(sum[0]).toBeCloseTo(s, 6);
    const counts = new Float64Array(3);
    kernels().groupAggregate(4, Int32Array.from([0, 2, 2, 2]), 0, 3, new Float64Array(0), Uint8Array.from([1, 1, 0, 1]),
      new Uint8Array(0), new Float64Array(0), 0, 0, ColumnarAgg.sum, new Float64Array(0), counts, new Float64Array(0));
    expect(Array.from(counts)).toEqual([1, 0, 2]);
    const kept = Float64Array.from([7, 8, 9]);
    kernels().groupAggregate(4, Int32Array.from([0, 2, 2, 2]), 0, 3, new Float64Array(0), new Uint8Array(0),
      new Uint8Array(0), new Float64Array(0), 0, 0, ColumnarAgg.sum, new Float64Array(0), counts, kept);
    expect(Array.from(counts)).toEqual([2, 0, 5]);
    expect(Array.from(kept)).toEqual([7, 8, 9]);
    const empty = Float64Array.from([7, 8]);
    kernels().groupAggregate(0, new Int32Array(0), 0, 2, new Float64Array(0), new Uint8Array(0), new Uint8Array(0),
      new Float64Array(0), 0, 0, ColumnarAgg.min, new Float64Array(0), new Float64Array(2), empty);
    expect(Array.from(empty)).toEqual([NaN, NaN]);
    const big = BigInt64Array.from([2n ** 62n + 1n, -5n, 2n ** 62n + 3n]);
    const ext = new BigInt64Array(1), extF = new Float64Array(1);
    const none = new Uint8Array(0);
    kernels().groupAggregate(3, new Int32Array(0), 0, 1, big, none, none, new Float64Array(0), 0, 0, ColumnarAgg.max,
      new Float64Array(0), new Float64Array(1), ext);
    expect(ext[0]).toBe(2n ** 62n + 3n);
    kernels().groupAggregate(3, new Int32Array(0), 0, 1, big, none, none, new Float64Array(0), 0, 0, ColumnarAgg.min,
      new Float64Array(0), new Float64Array(1), extF);
    expect(extF[0]).toBe(-5);
    const total = new BigInt64Array(1);
    expect(() => kernels().groupAggregate(3, new Int32Array(0), 0, 1, big.map((v) => v * 2n), none, none,
      new Float64Array(0), 0, 0, ColumnarAgg.sum, new Float64Array(0), new Float64Array(1), total)).toThrow();
    const untouched = new Float64Array(2).fill(5);
    expect(() => kernels().groupAggregate(2, Int32Array.from([0, 2]), 0, 2, new Float64Array(2), none, none,
      new Float64Array(0), 0, 0, ColumnarAgg.sum, new Float64Array(0), untouched, new Float64Array(2))).toThrow();
    expect(Array.from(untouched)).toEqual([5, 5]);
    const minmax = new Float64Array(2);
    kernels().groupAggregate(4, Int32Array.from([0, 0, 1, 1]), 0, 2, Float64Array.from([NaN, 1, -0, 0]), none, none,
      new Float64Array(0), 0, 0, ColumnarAgg.max, new Float64Array(0), new Float64Array(2), minmax);
    expect(Number.isNaN(minmax[0])).toBe(true);
    expect(Object.is(minmax[1], -0)).toBe(true);
  });
  test('hashJoin: NaN matches NaN, -0 matches +0, NULL keys never match, pairs by probe then build row', () => {
    const bk = Float64Array.from([NaN, 0, 1, 1]), pk = Float64Array.from([1, -0, NaN, 2]);
    const ob = new Int32Array(8), op = new Int32Array(8);
    const total = kernels().hashJoin(4, 1, bk, Uint8Array.from([1, 1, 1, 1]), 4, pk, Uint8Array.from([1, 1, 1, 0]), 8, ob, op);
    expect(total).toBe(4);
    expect(Array.from(op.subarray(0, 4))).toEqual([0, 0, 1, 2]);
    expect(Array.from(ob.subarray(0, 4))).toEqual([2, 3, 1, 0]);
  });
  test('bad arguments are refused with a clear error', () => {
    const k = kernels();
    const none = new Uint8Array(0), f0 = new Float64Array(0);
    expect(() => k.filterCompare(3, new Float64Array(2), 0, 1, none, 0, new Uint8Array(3))).toThrow(/x/);
    expect(() => k.filterCompare(3, new Uint8Array(3) as never, 0, 1, none, 0, new Uint8Array(3))).toThrow(/x/);
    expect(() => k.filterCompare(3, new Float64Array(3), 6, 1, none, 0, new Uint8Array(3))).toThrow(/op/);
    expect(() => k.filterCompare(3, new Float64Array(3), 0, 1, new Uint8Array(2), 0, new Uint8Array(3))).toThrow(/valid/);
    expect(() => k.filterCompare(3, new Float64Array(3), 0, 1, none, 0, new Float64Array(3) as never)).toThrow();
    const agg = (over: Partial<Record<string, unknown>>) => () => {
      const a = { n: 2, groups: Int32Array.from([0, 1]), base: 0, nGroups: 2, x: new Float64Array(2), valid: none, mask: none,
        pred: f0 as ColumnValues, predOp: 0, predValue: 0, op: 0, mean: f0, count: new Float64Array(2),
        acc: new Float64Array(2) as Float64Array | BigInt64Array, ...over };
      k.groupAggregate(a.n as number, a.groups as Int32Array, a.base as number, a.nGroups as number, a.x as ColumnValues,
        a.valid as Uint8Array, a.mask as Uint8Array, a.pred, a.predOp as number, a.predValue as number, a.op as number,
        a.mean as Float64Array, a.count as Float64Array, a.acc);
    };
    expect(agg({})).not.toThrow();
    expect(agg({ groups: new Int32Array(1) })).toThrow(/groups/);
    expect(agg({ x: new Float64Array(3) })).toThrow(/x/);
    expect(agg({ x: new Int32Array(2) })).toThrow(/acc/);
    expect(agg({ op: 4 })).toThrow(/op/);
    expect(agg({ op: 3 })).toThrow(/mean/);
    expect(agg({ count: new Float64Array(1) })).toThrow(/count/);
    expect(agg({ base: 0.5 })).toThrow(/base/);
    expect(agg({ pred: new Float64Array(2), predOp: 9 })).toThrow(/predOp/);
    expect(agg({ groups: Int32Array.from([0, 5]) })).toThrow();
    expect(agg({ nGroups: 0, count: f0, acc: f0 })).toThrow();
    expect(() => k.hashGroup(3, 1, new Float64Array(2), new Int32Array(3), new Int32Array(3))).toThrow(/keys/);
    expect(() => k.hashGroup(3, 1, new Float64Array(3), new Int32Array(2), new Int32Array(3))).toThrow(/groups/);
    expect(() => k.hashJoin(2, 1, new Float64Array(2), none, 2, new Float64Array(2), none, 4, new Int32Array(3), new Int32Array(4)))
      .toThrow(/outBuild/);
    expect(() => k.hashJoin(2, 1, new Float64Array(2), new Uint8Array(1), 2, new Float64Array(2), none, 0, new Int32Array(0),
      new Int32Array(0))).toThrow(/buildValid/);
    expect(() => k.topK(3, new Float64Array(3), none, 2, 0, 0, new Int32Array(1))).toThrow(/out/);
    expect(() => k.topK(3, new Float32Array(3) as never, none, 2, 0, 0, new Int32Array(2))).toThrow();
    expect(() => k.sortIndices(3, 2, new Float64Array(6), new Uint8Array(1), new Int32Array(3))).toThrow(/descending/);
    expect(() => k.sortIndices(3, 1, new Float64Array(3), new Uint8Array(1), new Int32Array(2))).toThrow(/out/);
  });
});
