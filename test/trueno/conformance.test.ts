/**
 * Conformance: every op on every backend (native, wasm, js), at every ISA level of each backend's chain and with 1 and
 * 2 threads (native), against the float64 reference kernels (lib/trueno/backend/register-js.ts run on float64 copies
 * of the inputs). Sizes 0, 1, 7, 17, 1023, 4099 (non-multiples of every vector width) and NaN / ±Infinity inputs.
 *
 * Stated tolerances (|got - ref| <= atol + rtol * scale):
 *   add sub mul div, scalar and broadcast forms, fill, copy, cast, clip, abs, neg, square, relu, transpose, outer:
 *                  exact (float32 results equal the float64 result rounded once to float32)
 *   sqrt           float32 exact (IEEE correctly rounded), float64 exact
 *   exp log sigmoid tanh gelu
 *                  float32: rtol 4e-6, atol 1e-7 (scale |ref|); float64: rtol 1e-13, atol 1e-300; for gelu the scale
 *                  is max(|ref|, |x|): its defining form 0.5 x (1 + erf(x/sqrt 2)), as PyTorch computes it, loses
 *                  relative accuracy where 1 + erf cancels (large negative x)
 *   axpy           scale |y| + |alpha x|: float32 rtol 1.2e-7 (two roundings, or one with FMA), float64 rtol 2.3e-16
 *   sum mean norm1 norm2 dot (scale: sum of |terms|)
 *                  float32: rtol 2e-6; float64: rtol 1e-14
 *   variance       float32: rtol 1e-5 of (mean of squares); float64: 1e-13
 *   min max argmin argmax normInf: exact
 *   gemm matvec (scale per element: sum_k |a_ik||b_kj|)
 *                  float32: rtol 2e-5; float64: rtol 1e-13
 *   softmax log-softmax: float32 rtol 1e-5, atol 1e-7; float64 rtol 1e-12, atol 1e-300
 *   pdist2 (|x|^2 + |y|^2 - 2 x.y, scale |x|^2 + |y|^2): float32 rtol 2e-5; float64 rtol 1e-12
 */
import * as T from '../../lib/trueno';
import { BinaryOp, ReduceOp, UnaryOp } from '../../lib/trueno/backend/kernels';
import { referenceKernels as ref } from '../../lib/trueno/backend/register-js';
import { activate, configurations, firstMismatch, resetBackends, sym, type Config } from './helpers';

type FloatDType = 'float32' | 'float64';
const SIZES = [0, 1, 7, 17, 1023, 4099];
const DTYPES: FloatDType[] = ['float32', 'float64'];
const configs = configurations();
afterAll(resetBackends);

const cast = (x: Float64Array, dtype: FloatDType) => (dtype === 'float32' ? new Float32Array(x) : new Float64Array(x));
const f64 = (x: ArrayLike<number>) => Float64Array.from(x);
const round = (x: Float64Array, dtype: FloatDType) => (dtype === 'float32' ? f64(new Float32Array(x)) : x);
const TRANSCENDENTAL = { float32: [4e-6, 1e-7], float64: [1e-13, 1e-300] } as const;

/** Values with the special cases spread in: NaN, ±Infinity, ±0, and a large value. */
function withSpecials(x: Float64Array): Float64Array {
  const out = x.slice();
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1e30];
  specials.forEach((v, i) => {
    const at = Math.floor(((i + 1) * out.length) / (specials.length + 1));
    if (at < out.length) out[at] = v;
  });
  return out;
}

function expectClose(label: string, got: ArrayLike<number | bigint>, want: ArrayLike<number>, rtol: number, atol: number, scale?: ArrayLike<number>) {
  const mismatch = firstMismatch(got, want, rtol, atol, scale);
  if (mismatch) throw new Error(`${label}: ${mismatch}`);
}

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  describe.each(DTYPES)('%s', (dtype) => {
    test.each(SIZES)('binary ops, scalar forms and broadcasting, n=%i', (n) => {
      const a64 = round(withSpecials(sym(1, n, 4)), dtype);
      const b64 = round(sym(2, n, 4).map((v) => v || 0.5), dtype);
      const a = T.Tensor.from(cast(a64, dtype));
      const b = T.Tensor.from(cast(b64, dtype));
      for (const [name, fn] of [['add', T.add], ['sub', T.sub], ['mul', T.mul], ['div', T.div]] as const) {
        const op = BinaryOp[name];
        const want = new Float64Array(n);
        ref.binary(op, a64, b64, want);
        expectClose(`${name} tensor-tensor`, fn(a, b).data, round(want, dtype), 0, 0);
        ref.binaryScalar(op, a64, 1.5, want, 0);
        expectClose(`${name} tensor-scalar`, fn(a, 1.5).data, round(want, dtype), 0, 0);
        ref.binaryScalar(op, a64, 1.5, want, 1);
        expectClose(`${name} scalar-tensor`, fn(1.5, a).data, round(want, dtype), 0, 0);
      }
      const cols = 7;
      const rows = Math.floor(n / cols);
      if (rows > 0) {
        const m = T.Tensor.from(cast(a64.subarray(0, rows * cols), dtype), [rows, cols]);
        const row = T.Tensor.from(cast(b64.subarray(0, cols), dtype));
        const want = new Float64Array(rows * cols);
        ref.binaryRows(BinaryOp.mul, a64.subarray(0, rows * cols), b64.subarray(0, cols), want, rows, cols);
        expectClose('mul rows', T.mul(m, row).data, round(want, dtype), 0, 0);
        const column = T.Tensor.from(cast(b64.subarray(0, rows), dtype), [rows, 1]);
        const got = T.sub(column, row);
        expect(got.shape).toEqual([rows, cols]);
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            expect(got.data[r * cols + c]).toBe(round(f64([b64[r] - b64[c]]), dtype)[0]);
          }
        }
      }
    });

    test.each(SIZES)('axpy, fill, cast, clip, n=%i', (n) => {
      const x64 = round(withSpecials(sym(3, n, 2)), dtype);
      const y64 = round(sym(4, n, 2), dtype);
      const y = T.Tensor.from(cast(y64, dtype));
      T.axpy(0.75, T.Tensor.from(cast(x64, dtype)), y);
      const want = y64.slice();
      ref.axpy(0.75, x64, want);
      const axpyScale = y64.map((v, i) => Math.abs(v) + Math.abs(0.75 * x64[i]));
      expectClose('axpy', y.data, want, dtype === 'float32' ? 1.2e-7 : 2.3e-16, 0, axpyScale);
      expect(Array.from(T.fill(T.Tensor.zeros([n], dtype), -2.5).data as Float64Array)).toEqual(new Array(n).fill(-2.5));
      const other = dtype === 'float32' ? 'float64' : 'float32';
      expectClose('cast', T.cast(T.Tensor.from(cast(x64, dtype)), other).data, round(x64, other), 0, 0);
      const clipped = T.clip(T.Tensor.from(cast(x64, dtype)), -0.5, 0.25).data;
      ref.clip(x64, want, -0.5, 0.25);
      expectClose('clip', clipped, want, 0, 0);
    });

    test.each(SIZES)('unary ops with NaN and infinities, n=%i', (n) => {
      const x64 = round(withSpecials(sym(5, n, 10)), dtype);
      const x = T.Tensor.from(cast(x64, dtype));
      const exact = { abs: T.abs, neg: T.neg, square: T.square, relu: T.relu, sqrt: T.sqrt };
      const approx = { exp: T.exp, log: T.log, sigmoid: T.sigmoid, tanh: T.tanh, gelu: T.gelu };
      const want = new Float64Array(n);
      for (const [name, fn] of Object.entries(exact)) {
        ref.unary(UnaryOp[name as keyof typeof UnaryOp], x64, want);
        expectClose(name, fn(x).data, round(want, dtype), 0, 0);
      }
      const [rtol, atol] = TRANSCENDENTAL[dtype];
      for (const [name, fn] of Object.entries(approx)) {
        ref.unary(UnaryOp[name as keyof typeof UnaryOp], x64, want);
        const scale = name === 'gelu' ? want.map((w, i) => Math.max(Math.abs(w), Math.abs(x64[i]))) : undefined;
        expectClose(name, fn(x).data, want, rtol, atol, scale);
      }
      const inPlace = T.Tensor.from(cast(x64, dtype));
      T.exp(inPlace, { out: inPlace });
      ref.unary(UnaryOp.exp, x64, want);
      expectClose('exp in place', inPlace.data, want, rtol, atol);
    });

    test.each(SIZES)('whole-tensor reductions, n=%i', (n) => {
      const x64 = round(sym(6, n, 3), dtype);
      const x = T.Tensor.from(cast(x64, dtype));
      const absSum = ref.reduce(ReduceOp.norm1, x64, 0);
      const rtol = dtype === 'float32' ? 2e-6 : 1e-14;
      const close = (label: string, got: number, want: number, scale: number) => expectClose(label, [got], [want], rtol, 0, [scale]);
      close('sum', T.sum(x), ref.reduce(ReduceOp.sum, x64, 0), absSum);
      if (n > 0) close('mean', T.mean(x), ref.reduce(ReduceOp.mean, x64, 0), absSum / n);
      close('norm1', T.norm(x, { ord: 1 }), absSum, absSum);
      close('norm2', T.norm(x), ref.reduce(ReduceOp.norm2, x64, 0), ref.reduce(ReduceOp.norm2, x64, 0));
      close('dot', T.dot(x, x), ref.dot(x64, x64), ref.dot(x64, x64));
      if (n > 1) {
        const meanSq = ref.dot(x64, x64) / n;
        expectClose('variance', [T.variance(x, { ddof: 1 })], [ref.reduce(ReduceOp.variance, x64, 1)], dtype === 'float32' ? 1e-5 : 1e-13, 0, [meanSq]);
      }
      if (n > 0) {
        expect(T.min(x)).toBe(ref.reduce(ReduceOp.min, x64, 0));
        expect(T.max(x)).toBe(ref.reduce(ReduceOp.max, x64, 0));
        expect(T.argmin(x)).toBe(ref.reduce(ReduceOp.argmin, x64, 0));
        expect(T.argmax(x)).toBe(ref.reduce(ReduceOp.argmax, x64, 0));
        expect(T.norm(x, { ord: Infinity })).toBe(ref.reduce(ReduceOp.normInf, x64, 0));
        const nan = x64.slice();
        nan[Math.floor(n / 2)] = NaN;
        const tn = T.Tensor.from(cast(nan, dtype));
        expect(T.min(tn)).toBeNaN();
        expect(T.max(tn)).toBeNaN();
        expect(T.sum(tn)).toBeNaN();
        expect(T.argmax(tn)).toBe(Math.floor(n / 2));
        expect(T.argmin(tn)).toBe(Math.floor(n / 2));
      } else {
        expect(T.sum(x)).toBe(0);
        expect(T.mean(x)).toBeNaN();
      }
    });

    test.each([[1, 1], [7, 17], [17, 7], [33, 1023], [1023, 5]])('axis reductions, %i x %i', (rows, cols) => {
      const x64 = round(sym(7, rows * cols, 3), dtype);
      x64[cols + 1 < x64.length ? cols + 1 : 0] = 2.5; // a tie-free maximum away from index 0
      const x = T.Tensor.from(cast(x64, dtype), [rows, cols]);
      const rtol = dtype === 'float32' ? 2e-6 : 1e-14;
      for (const axis of [0, 1]) {
        const outer = axis === 0 ? 1 : rows;
        const len = axis === 0 ? rows : cols;
        const inner = axis === 0 ? cols : 1;
        const want = new Float64Array(outer * inner);
        const scale = new Float64Array(outer * inner);
        ref.reduceAxis(ReduceOp.norm1, x64, outer, len, inner, 0, scale);
        for (const name of ['sum', 'mean'] as const) {
          ref.reduceAxis(ReduceOp[name], x64, outer, len, inner, 0, want);
          const got = T[name](x, { axis });
          expect(got.shape).toEqual([axis === 0 ? cols : rows]);
          expectClose(`${name} axis ${axis}`, got.data, want, rtol, 0, name === 'mean' ? scale.map((s) => s / len) : scale);
        }
        for (const name of ['min', 'max', 'argmin', 'argmax'] as const) {
          ref.reduceAxis(ReduceOp[name], x64, outer, len, inner, 0, want);
          const got = T[name](x, { axis, keepDims: true });
          expect(got.shape).toEqual(axis === 0 ? [1, cols] : [rows, 1]);
          expectClose(`${name} axis ${axis}`, got.data, want, 0, 0);
        }
        if (len > 1) {
          ref.reduceAxis(ReduceOp.variance, x64, outer, len, inner, 1, want);
          expectClose(`variance axis ${axis}`, T.variance(x, { axis, ddof: 1 }).data, want, dtype === 'float32' ? 1e-5 : 1e-13, 1e-6);
        }
      }
    });

    test.each([
      [0, 0, 0], [1, 1, 1], [7, 17, 5], [17, 7, 33], [33, 100, 17], [1, 255, 64], [64, 1, 255], [100, 64, 1], [130, 257, 129],
    ])('matmul %i x %i x %i, all transposes, alpha and beta', (m, n, k) => {
      const a64 = round(sym(8, m * k), dtype);
      const b64 = round(sym(9, k * n), dtype);
      const rtol = dtype === 'float32' ? 2e-5 : 1e-13;
      const absA = a64.map(Math.abs);
      const absB = b64.map(Math.abs);
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = T.Tensor.from(cast(a64, dtype), transA ? [k, m] : [m, k]);
          const b = T.Tensor.from(cast(b64, dtype), transB ? [n, k] : [k, n]);
          const want = new Float64Array(m * n);
          const scale = new Float64Array(m * n);
          const ta = transA ? 1 : 0;
          const tb = transB ? 1 : 0;
          ref.gemm(ta, tb, m, n, k, 1, a64, transA ? m : k, b64, transB ? k : n, 0, want, n);
          ref.gemm(ta, tb, m, n, k, 1, absA, transA ? m : k, absB, transB ? k : n, 0, scale, n);
          const got = T.matmul(a, b, { transA, transB });
          expect(got.shape).toEqual([m, n]);
          expectClose(`matmul transA=${transA} transB=${transB}`, got.data, want, rtol, 0, scale);
          const c64 = round(sym(10, m * n), dtype);
          const out = T.Tensor.from(cast(c64, dtype), [m, n]);
          T.matmul(a, b, { transA, transB, alpha: -0.5, beta: 2, out });
          const wantAB = c64.slice();
          ref.gemm(ta, tb, m, n, k, -0.5, a64, transA ? m : k, b64, transB ? k : n, 2, wantAB, n);
          expectClose('matmul alpha/beta', out.data, wantAB, rtol, 0, scale.map((s, i) => 0.5 * s + 2 * Math.abs(c64[i])));
        }
      }
      if (m * n > 0) {
        const out = T.Tensor.full([m, n], NaN, dtype);
        const a = T.Tensor.from(cast(a64, dtype), [m, k]);
        const b = T.Tensor.from(cast(b64, dtype), [k, n]);
        T.matmul(a, b, { out });
        expect(Array.from(out.data).some(Number.isNaN)).toBe(false);
      }
    });

    test('matmul propagates NaN and Infinity from its inputs', () => {
      const a64 = sym(11, 17 * 9);
      const b64 = sym(12, 9 * 13);
      a64[3 * 9 + 4] = NaN;
      b64[2 * 13 + 5] = Infinity;
      const got = T.matmul(T.Tensor.from(cast(a64, dtype), [17, 9]), T.Tensor.from(cast(b64, dtype), [9, 13]));
      const want = new Float64Array(17 * 13);
      ref.gemm(0, 0, 17, 13, 9, 1, round(a64, dtype), 9, round(b64, dtype), 13, 0, want, 13);
      for (let i = 0; i < want.length; i++) {
        if (!Number.isFinite(want[i])) expect(got.data[i]).toBe(want[i]);
      }
      expect(Number.isNaN(got.data[3 * 13])).toBe(true);
    });

    test.each([[0, 3], [1, 1], [7, 17], [129, 1023]])('matvec, transpose, outer %i x %i', (rows, cols) => {
      const a64 = round(sym(13, rows * cols), dtype);
      const a = T.Tensor.from(cast(a64, dtype), [rows, cols]);
      const rtol = dtype === 'float32' ? 2e-5 : 1e-13;
      for (const trans of [false, true]) {
        const x64 = round(sym(14, trans ? rows : cols), dtype);
        const want = new Float64Array(trans ? cols : rows);
        const scale = new Float64Array(want.length);
        ref.matvec(trans ? 1 : 0, rows, cols, a64, x64, want);
        ref.matvec(trans ? 1 : 0, rows, cols, a64.map(Math.abs), x64.map(Math.abs), scale);
        expectClose(`matvec trans=${trans}`, T.matvec(a, T.Tensor.from(cast(x64, dtype)), { trans }).data, want, rtol, 0, scale);
      }
      const t = T.transpose(a);
      expect(t.shape).toEqual([cols, rows]);
      const wantT = new Float64Array(rows * cols);
      ref.transpose(rows, cols, a64, wantT);
      expectClose('transpose', t.data, wantT, 0, 0);
      const u64 = round(sym(15, rows), dtype);
      const v64 = round(sym(16, cols), dtype);
      const wantO = new Float64Array(rows * cols);
      ref.outer(u64, v64, wantO);
      expectClose('outer', T.outer(T.Tensor.from(cast(u64, dtype)), T.Tensor.from(cast(v64, dtype))).data, round(wantO, dtype), 0, 0);
    });

    test.each([[1, 1], [3, 7], [17, 1023], [1000, 33]])('softmax and log-softmax per row, %i x %i', (rows, cols) => {
      const x64 = round(sym(17, rows * cols, 20), dtype);
      const x = T.Tensor.from(cast(x64, dtype), [rows, cols]);
      const [rtol, atol] = dtype === 'float32' ? [1e-5, 1e-7] : [1e-12, 1e-300];
      const want = new Float64Array(rows * cols);
      ref.softmaxRows(rows, cols, x64, want, 0);
      expectClose('softmax', T.softmax(x).data, want, rtol, atol);
      ref.softmaxRows(rows, cols, x64, want, 1);
      expectClose('logSoftmax', T.logSoftmax(x).data, want, rtol, Math.max(atol, 1e-5 * (dtype === 'float32' ? 1 : 1e-7)));
      const t = new Float64Array(rows * cols);
      ref.transpose(rows, cols, x64, t);
      ref.softmaxRows(cols, rows, t, t, 0);
      const wantAxis0 = new Float64Array(rows * cols);
      ref.transpose(cols, rows, t, wantAxis0);
      expectClose('softmax axis 0', T.softmax(x, { axis: 0 }).data, wantAxis0, rtol, atol);
    });

    test('softmax rows with infinities and NaN follow the float64 reference', () => {
      const x64 = f64([1, Infinity, 2, -Infinity, -Infinity, -Infinity, NaN, 0, 1, 1e30, -1e30, 3]);
      const want = new Float64Array(12);
      ref.softmaxRows(4, 3, x64, want, 0);
      expectClose('softmax specials', T.softmax(T.Tensor.from(cast(x64, dtype), [4, 3])).data, want, 1e-6, 1e-7);
    });

    test.each([[1, 1, 1], [7, 5, 3], [100, 37, 17], [300, 200, 64]])('pairwise squared distances %i x %i x %i', (n, m, d) => {
      const x64 = round(sym(18, n * d, 3), dtype);
      const y64 = round(sym(19, m * d, 3), dtype);
      const want = new Float64Array(n * m);
      ref.pdist2(n, m, d, x64, y64, want);
      const norms = (z: Float64Array, rows: number) => Array.from({ length: rows }, (_, r) => ref.dot(z.subarray(r * d, r * d + d), z.subarray(r * d, r * d + d)));
      const nx = norms(x64, n);
      const ny = norms(y64, m);
      const scale = want.map((_, i) => nx[Math.floor(i / m)] + ny[i % m]);
      const rtol = dtype === 'float32' ? 2e-5 : 1e-12;
      const x = T.Tensor.from(cast(x64, dtype), [n, d]);
      expectClose('pdist2', T.pairwiseSqDist(x, T.Tensor.from(cast(y64, dtype), [m, d])).data, want, rtol, 0, scale);
      const self = T.pairwiseSqDist(x);
      for (let i = 0; i < n; i++) expect(self.data[i * n + i]).toBe(0);
      expect(Array.from(self.data as Float64Array).every((v) => v >= 0)).toBe(true);
    });
  });
});
