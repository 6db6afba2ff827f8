/**
 * The Tensor API a numpy or tfjs user reaches for: comparisons to bool, where, gather, slice / row / get, concat,
 * stack, cumsum, argsort and transpose, on every backend, ISA level and thread count (configurations()):
 *   - numpy parity on fixed inputs: tensor-api-numpy.json, written by tensor_api_numpy.py (numpy 2's results, exact:
 *     same dtype, shape and bits, NaN and -0 included; cumsum of uint8 is int64 here, uint64 in numpy);
 *   - conformance of the kernels (compare, where, gather, copyBlocks, cumsum, argsort) against the plain-JS reference
 *     on sizes 0, 1, 7, 17, 1023, 4099 with NaN, ±Infinity and ±0 spread in: exact (they compute no new values, or
 *     add in order in the input's precision);
 *   - views: reshape, row and contiguous slices share memory; everything else copies.
 * Methods forward to the functional ops (one implementation): checked here on a chain and by the bad-input cases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as T from '../../lib/trueno';
import { CompareOp, type SyncKernels } from '../../lib/trueno/backend/kernels';
import { referenceKernels as ref } from '../../lib/trueno/backend/register-js';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';
// The bad inputs of the functions and methods tested here: tensor-api-bad-input.ts, run by bad-input.test.ts.

type Tensor = T.Tensor;
interface Encoded { dtype: T.DType; shape: number[]; values: Array<number | string> }
interface Case { name: string; inputs: Encoded[]; expected: Encoded }

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'tensor-api-numpy.json'), 'utf8')) as { cases: Case[] };
const configs = configurations();
afterAll(resetBackends);

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 };
function decode(e: Encoded): Tensor {
  if (e.dtype === 'int64') return T.Tensor.from(BigInt64Array.from(e.values.map((v) => BigInt(v))), e.shape);
  return T.Tensor.from(e.values.map((v) => (typeof v === 'string' ? SPECIAL[v] : v)), e.shape, e.dtype);
}

/** The op of each case (the same names as tensor_api_numpy.py), written as a user would: methods and functions. */
const OPS: Record<string, (x: Tensor[]) => Tensor> = {
  'equal f64 scalar 0': ([a]) => a.equal(0),
  'not_equal f64 self': ([a]) => a.notEqual(a),
  'less f64 scalar 1.5': ([a]) => a.less(1.5),
  'greater_equal f64 reversed': ([a]) => T.greaterEqual(2, a),
  'less_equal f32 scalar 0.1': ([a]) => a.lessEqual(0.1),
  'greater i32 scalar 2.5': ([a]) => a.greater(2.5),
  'equal i32 scalar 2^40': ([a]) => T.equal(a, 2 ** 40),
  'less i64 i64': ([a, b]) => a.less(b),
  'greater u8 scalar -1': ([a]) => a.greater(-1),
  'equal i64 scalar 2^60': ([a]) => a.equal(2 ** 60),
  'equal bool bool': ([a, b]) => a.equal(b),
  'less broadcast i32 f32': ([a, b]) => T.less(a, b),
  'where broadcast': ([c, a, b]) => T.where(c, a, b),
  'where i32 f32': ([c, a, b]) => T.where(c, a, b),
  'where bool bool': ([c, a, b]) => T.where(c, a, b),
  'where f32 scalar': ([c, a]) => T.where(c, a, 0),
  'where i32 scalar 2.5': ([c, a]) => T.where(c, a, 2.5),
  'where numbers': ([c]) => T.where(c, 1, 0),
  'where nonzero cond': ([c]) => T.where(c, 1.5 - 0.5, 2.5 - 0.5),
  'take axis 0': ([m]) => m.gather([2, 0, -1]),
  'take axis 1 2-d indices': ([m]) => m.gather(T.Tensor.from([[3, 0], [1, 1]], undefined, 'int32'), { axis: 2 }),
  'take axis 1 i64': ([m]) => T.gather(m, T.Tensor.from(BigInt64Array.from([2n, -3n])), { axis: 1 }),
  'slice rows': ([m]) => m.slice([1, 3]),
  'slice columns step': ([m]) => m.slice(null, [null, null, 2]),
  'slice row reversed': ([m]) => m.slice(2, [null, null, -1]),
  'slice negative row': ([m]) => m.row(-1),
  'slice mixed': ([m]) => T.slice(m, [null, null, -2], [1]),
  'slice clamped': ([m]) => m.slice([-10, 10], [5]),
  'slice 3-d': ([m]) => m.slice(1, [1], [1, 3]),
  'slice 3-d view': ([m]) => m.slice(1, [1, 3]),
  'concat axis 0': ([a, b]) => a.concat(b),
  'concat axis 1 mixed': ([a, b]) => T.concat([a, b], { axis: 1 }),
  'concat axis -1 3-d': ([a, b]) => T.concat([a, b], { axis: -1 }),
  'stack axis 0': ([a, b]) => T.stack([a, b]),
  'stack axis 2': ([a, b]) => T.stack([a, b], { axis: 2 }),
  'stack axis -1': ([a, b]) => T.stack([a, b], { axis: -1 }),
  'cumsum f32 flat': ([a]) => a.cumsum(),
  'cumsum f64 axis 1': ([a]) => a.cumsum({ axis: 1 }),
  'cumsum f64 specials': ([a]) => T.cumsum(a),
  'cumsum i32 axis 0': ([a]) => a.cumsum({ axis: 0 }),
  'cumsum i64 wraps': ([a]) => a.cumsum(),
  'cumsum u8': ([a]) => a.cumsum(),
  'cumsum bool': ([a]) => a.cumsum(),
  'cumsum 3-d axis 1': ([a]) => a.cumsum({ axis: 1 }),
  'argsort ties': ([a]) => a.argsort(),
  'argsort ties axis 0': ([a]) => a.argsort({ axis: 0 }),
  'argsort f64 specials': ([a]) => T.argsort(a),
  'argsort f32': ([a]) => a.argsort(),
  'argsort i64': ([a]) => a.argsort(),
  'argsort u8': ([a]) => a.argsort(),
  'argsort bool': ([a]) => a.argsort(),
  'argsort long': ([a]) => a.argsort(),
  'transpose 3-d axes': ([a]) => a.transpose([2, 0, 1]),
  'transpose 3-d default': ([a]) => a.T,
  'transpose i32 2-d': ([a]) => T.transpose(a),
};

function expectSame(got: Tensor, want: Tensor, label: string): void {
  expect([label, got.dtype, got.shape]).toEqual([label, want.dtype, want.shape]);
  for (let i = 0; i < want.size; i++) {
    const g = got.data[i];
    const w = want.data[i];
    if (!Object.is(g, w)) throw new Error(`${label}: [${i}] got ${String(g)}, want ${String(w)}`);
  }
}

/** Values with the special cases spread in: NaN, ±Infinity, ±0, and repeated values (ties for argsort). */
function specials(seed: number, n: number): Float64Array {
  const x = sym(seed, n, 8).map((v) => Math.round(v * 4) / 4);
  [NaN, Infinity, -Infinity, 0, -0, 1e30].forEach((v, i) => {
    const at = Math.floor(((i + 1) * n) / 7);
    if (at < n) x[at] = v;
  });
  return x;
}

/** x as a `dtype` array (integers by casting, as Tensor cast does: NaN -> 0, saturating). */
function asDType(x: Float64Array, dtype: T.DType): T.TensorData {
  return T.cast(T.Tensor.from(x), dtype).data;
}

const DTYPES: T.DType[] = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool'];
const SIZES = [0, 1, 7, 17, 1023, 4099];

/** Runs the active kernel and the reference on fresh outputs and expects the same bits. */
function sameAsReference<K extends keyof SyncKernels>(name: K, make: () => Parameters<SyncKernels[K]>, outIndex: number, label: string): void {
  const mine = make();
  const theirs = make();
  const run = (kernels: SyncKernels, args: unknown) => (kernels[name] as (...a: unknown[]) => void)(...(args as unknown[]));
  run(T.backendInfo().backend === 'js' ? ref : kernelsOfActive(), mine);
  run(ref, theirs);
  const got = mine[outIndex] as T.TensorData;
  const want = theirs[outIndex] as T.TensorData;
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`${label}: [${i}] got ${String(got[i])}, want ${String(want[i])}`);
  }
}

function kernelsOfActive(): SyncKernels {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../lib/trueno/backend/loader') as typeof import('../../lib/trueno/backend/loader')).kernels();
}

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  test('numpy parity on fixed inputs', () => {
    expect(Object.keys(OPS).sort()).toEqual(fixture.cases.map((c) => c.name).sort());
    for (const c of fixture.cases) expectSame(OPS[c.name](c.inputs.map(decode)), decode(c.expected), c.name);
  });

  test('no kernel of the Tensor API falls back to another backend', () => {
    const fallbacks = T.backendInfo().fallbacks as Record<string, string>;
    for (const name of ['compare', 'where', 'gather', 'copyBlocks', 'cumsum', 'argsort']) expect(fallbacks[name]).toBeUndefined();
  });

  describe.each(DTYPES)('%s', (dtype) => {
    test.each(SIZES)('compare, where, gather, copyBlocks, cumsum, argsort match the reference, n=%i', (n) => {
      const x = asDType(specials(1, n), dtype);
      const y = asDType(specials(2, n), dtype);
      const cond = asDType(specials(3, n), 'bool') as Uint8Array;
      for (const op of Object.values(CompareOp)) {
        sameAsReference('compare', () => [op, x, y, new Uint8Array(n)], 3, `compare ${op}`);
        if (n > 0) sameAsReference('compare', () => [op, x, y.subarray(0, 1), new Uint8Array(n)], 3, `compare ${op} scalar`);
      }
      const alloc = () => asDType(new Float64Array(n), dtype);
      sameAsReference('where', () => [cond, x, y, alloc()], 3, 'where');
      const cols = 7;
      const rows = Math.floor(n / cols);
      const idx = Int32Array.from({ length: 2 * rows + 1 }, (_, i) => (i * 5) % Math.max(rows, 1));
      if (rows > 0) {
        const m = x.subarray(0, rows * cols);
        sameAsReference('gather', () => [m, 1, rows, cols, idx, asDType(new Float64Array(idx.length * cols), dtype)], 5, 'gather rows');
        sameAsReference('gather', () => [m, rows, cols, 1, Int32Array.from([6, 0, 3]), asDType(new Float64Array(rows * 3), dtype)], 5, 'gather columns');
        sameAsReference('copyBlocks', () => [m, rows, cols, asDType(new Float64Array(rows * (cols + 2)), dtype), cols + 2, 1], 3, 'copyBlocks');
        sameAsReference('cumsum', () => [m, rows, cols, 1, asDType(new Float64Array(rows * cols), T.cumsum(T.Tensor.zeros([1], dtype)).dtype)], 4, 'cumsum rows');
        sameAsReference('cumsum', () => [m, 1, rows, cols, asDType(new Float64Array(rows * cols), T.cumsum(T.Tensor.zeros([1], dtype)).dtype)], 4, 'cumsum columns');
        sameAsReference('argsort', () => [m, 1, rows, cols, new Int32Array(rows * cols)], 4, 'argsort columns');
      }
      sameAsReference('argsort', () => [x, 1, n, 1, new Int32Array(n)], 4, 'argsort');
      sameAsReference('cumsum', () => [x, 1, n, 1, asDType(new Float64Array(n), T.cumsum(T.Tensor.zeros([1], dtype)).dtype)], 4, 'cumsum');
    });
  });

  test('views share memory; copies do not', () => {
    const m = T.Tensor.arange(12, undefined, undefined, 'float32').reshape([3, 4]);
    const views = [m.reshape([4, 3]), m.row(1), m.slice([1, 3]), m.slice(2, [1, 3]), m.slice(null), T.row(m, 0)];
    for (const v of views) expect(v.data.buffer).toBe(m.data.buffer);
    m.row(1).data[0] = 100;
    expect(m.get(1, 0)).toBe(100);
    expect(m.slice([1, 3]).get(0, 0)).toBe(100);
    const copies = [m.T, m.transpose(), m.slice(null, [0, 2]), m.slice([null, null, 2]), m.gather([0]), m.concat(m), T.stack([m])];
    for (const c of copies) {
      c.data[0] = -1;
      expect(m.get(0, 0)).toBe(0);
    }
  });

  test('methods chain and give the functional results', () => {
    const a = T.Tensor.from([[1, 2], [3, 4]], undefined, 'float32');
    const b = T.Tensor.from([10, 20], undefined, 'float32');
    const chained = a.add(b).mul(2).sub(1).div(2);
    expect(chained.dtype).toBe('float32');
    expect(chained.toArray()).toEqual([[10.5, 21.5], [12.5, 23.5]]);
    expect(a.sum({ axis: 0 }).toArray()).toEqual([4, 6]);
    expect(a.sum()).toBe(10);
    expect(a.matmul(a.T).toArray()).toEqual(T.matmul(a, T.transpose(a)).toArray());
    expect(a.greater(2).toArray()).toEqual([[0, 0], [1, 1]]);
    expect(a.greater(2).sum()).toBe(2);
    expect(a.argmax({ axis: 1 }).toArray()).toEqual([1, 1]);
    expect(a.clip(2, 3).toArray()).toEqual([[2, 2], [3, 3]]);
    expect(a.cast('int32').dtype).toBe('int32');
    expect(a.neg().abs().sqrt().square().toArray()).toEqual(T.square(T.sqrt(T.abs(T.neg(a)))).toArray());
    expect((a.softmax().sum({ axis: 1 }).toArray() as number[]).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 1]);
    expect(T.Tensor.from([3, 4]).norm()).toBe(5);
    expect(T.Tensor.from([1, 2]).dot(T.Tensor.from([3, 4]))).toBe(11);
    expect(Object.keys(a)).not.toContain('add'); // methods live on the prototype, not enumerable
  });
});

describe('edge cases', () => {
  test('empty tensors give empty results', () => {
    const e = T.Tensor.zeros([0, 3]);
    expect(e.greater(0).shape).toEqual([0, 3]);
    expect(T.where(e.greater(0), e, 1).shape).toEqual([0, 3]);
    expect(e.gather([], { axis: 0 }).shape).toEqual([0, 3]);
    expect(e.cumsum({ axis: 0 }).shape).toEqual([0, 3]);
    expect(e.argsort({ axis: 0 }).shape).toEqual([0, 3]);
    expect(e.concat(e).shape).toEqual([0, 3]);
    expect(T.stack([e, e], { axis: 1 }).shape).toEqual([0, 2, 3]);
    expect(e.slice([1, 5]).shape).toEqual([0, 3]);
    expect(e.T.shape).toEqual([3, 0]);
  });
});
