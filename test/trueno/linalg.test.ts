/**
 * Dense linear algebra on every backend, ISA level and thread count: gram against a direct sum (and the same bits at 1
 * and 2 threads), cholesky / choleskySolve, qr, eigh and svd by their defining identities and against the js
 * reference (a different algorithm for eigh and svd), numpy parity on fixed inputs (linalg-numpy.json, written by
 * linalg_numpy.py), lstsq on full-rank and rank-deficient systems, the randomized range finder, the async forms and
 * bad input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as T from '../../lib/trueno';
import { referenceKernels } from '../../lib/trueno/backend/register-js';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';


/** numpy's figures by name: a vector, a matrix (flattened row-major) or a number. */
const figures = JSON.parse(readFileSync(join(__dirname, 'linalg-numpy.json'), 'utf8')) as Record<string, number | number[] | number[][]>;
const np = (name: string): number[] => [figures[name]].flat(2);
const configs = configurations();
afterAll(resetBackends);

const mat = (rows: number, cols: number, seed: number) => T.Tensor.from(sym(seed, rows * cols), [rows, cols]);
const values = (t: T.Tensor) => Array.from(t.data as Float64Array);
const eye = (n: number) => T.Tensor.from(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))));

/** max |got - want| over the elements. */
function maxDiff(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let m = 0;
  for (let i = 0; i < got.length; i++) m = Math.max(m, Math.abs(got[i] - want[i]));
  return m;
}

/** max |x^T x - I| for the columns of x. */
function orthonormalityError(x: T.Tensor): number {
  return maxDiff(values(T.matmul(x, x, { transA: true })), values(eye(x.shape[1])));
}

/** a (n x n) = b^T b + n I: symmetric positive definite. */
function spd(n: number, seed: number): T.Tensor {
  const b = mat(n, n, seed);
  return T.add(T.matmul(b, b, { transA: true }), T.mul(eye(n), n));
}

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  test('gram: X^T X and X^T y of shifted data in one pass, float32 read in place', () => {
    const n = 5003;
    const d = 6;
    const x = mat(n, d, 1);
    const y = mat(n, 2, 2);
    const xShift = T.Tensor.from([0.1, -0.2, 0.3, 0, 1, -1]);
    const yShift = T.Tensor.from([0.5, -0.5]);
    const { gram, xty } = T.gram(x, { y, xShift, yShift });
    const want = new Float64Array(d * (d + 2) + d + 2);
    referenceKernels.gram(n, d, x.data as Float64Array, d, xShift.data as Float64Array, 2, y.data as Float64Array, 2,
      yShift.data as Float64Array, want);
    const { xSum, ySum } = T.gram(x, { y, xShift, yShift });
    expect(maxDiff([...values(xSum), ...values(ySum!)], want.subarray(d * (d + 2)))).toBeLessThan(1e-12 * n);
    expect(gram.shape).toEqual([d, d]);
    expect(maxDiff(values(gram), want.subarray(0, d * d))).toBeLessThan(1e-13 * n);
    expect(maxDiff(values(xty!), want.subarray(d * d, d * (d + 2)))).toBeLessThan(1e-13 * n);
    const x32 = T.cast(x, 'float32');
    const g32 = T.gram(x32, { y: T.cast(y, 'float32') });
    const g64 = T.gram(T.cast(x32, 'float64'), { y: T.cast(T.cast(y, 'float32'), 'float64') });
    expect(maxDiff(values(g32.gram), values(g64.gram))).toBeLessThan(1e-10);
    expect(T.gram(x).xty).toBeNull();
    expect(T.gram(x, { y: T.Tensor.from(sym(3, n)) }).xty!.shape).toEqual([d]);
  });

  test('gram: any shift plus the column sums centers exactly', () => {
    const a = T.add(mat(300, 4, 16), 1000);
    const exact = T.gram(a, { xShift: T.mean(a, { axis: 0 }) }).gram;
    const first = T.Tensor.from(Array.from((a.data as Float64Array).subarray(0, 4)));
    const { gram, xSum } = T.gram(a, { xShift: first });
    const s = values(xSum);
    const centered = values(gram).map((v, k) => v - (s[Math.floor(k / 4)] * s[k % 4]) / 300);
    expect(maxDiff(centered, values(exact))).toBeLessThan(1e-10);
  });

  test('gram: numpy parity on centered data', () => {
    const a = T.Tensor.from([[2, -1, 0.5], [1, 3, -2], [0, 1, 4], [-1, 2, 1], [0.5, 0.25, -3]]);
    const b = T.Tensor.from([1, -2, 0.5, 3, 1]);
    const { gram, xty } = T.gram(a, { y: b, xShift: T.mean(a, { axis: 0 }), yShift: T.Tensor.from([T.mean(b)]) });
    expect(maxDiff(values(gram), np('gram_centered'))).toBeLessThan(1e-13);
    expect(maxDiff(values(xty!), np('xty_centered'))).toBeLessThan(1e-13);
  });

  test('cholesky and choleskySolve: numpy parity, a = L L^T, the not positive definite report', () => {
    const s = T.Tensor.from([[4, 1, -2, 0.5], [1, 3, 0, 1], [-2, 0, 5, -1], [0.5, 1, -1, 2]]);
    const l = T.cholesky(s);
    expect(maxDiff(values(l), np('cholesky'))).toBeLessThan(1e-14);
    expect(maxDiff(values(T.choleskySolve(l, T.Tensor.from([1, 2, 3, 4]))), np('cho_solve'))).toBeLessThan(1e-14);
    const a = spd(40, 3);
    const big = T.cholesky(a);
    expect(maxDiff(values(T.matmul(big, big, { transB: true })), values(a))).toBeLessThan(1e-10);
    const rhs = mat(40, 3, 4);
    const x = T.choleskySolve(big, rhs);
    expect(maxDiff(values(T.matmul(a, x)), values(rhs))).toBeLessThan(1e-12);
    expect(() => T.cholesky(T.Tensor.from([[1, 2], [2, 1]]))).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_LINALG', message: expect.stringContaining('order 2') }));
    expect(() => T.cholesky(T.Tensor.from([[NaN, 0], [0, 1]]))).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_LINALG' }));
  });

  test('qr: numpy parity (LAPACK signs), tall and wide', () => {
    const a = T.Tensor.from([[2, -1, 0.5], [1, 3, -2], [0, 1, 4], [-1, 2, 1], [0.5, 0.25, -3]]);
    const { q, r } = T.qr(a);
    expect(maxDiff(values(q), np('qr_q'))).toBeLessThan(1e-14);
    expect(maxDiff(values(r), np('qr_r'))).toBeLessThan(1e-14);
    const wide = T.qr(T.transpose(a));
    expect(maxDiff(values(wide.q), np('qrT_q'))).toBeLessThan(1e-14);
    expect(maxDiff(values(wide.r), np('qrT_r'))).toBeLessThan(1e-14);
    const tall = mat(500, 30, 5);
    const f = T.qr(tall);
    expect(maxDiff(values(T.matmul(f.q, f.r)), values(tall))).toBeLessThan(1e-13);
    expect(orthonormalityError(f.q)).toBeLessThan(1e-13);
  });

  test('eigh: numpy parity, a v = v diag(w), ascending, matches the Jacobi reference', () => {
    const s = T.Tensor.from([[4, 1, -2, 0.5], [1, 3, 0, 1], [-2, 0, 5, -1], [0.5, 1, -1, 2]]);
    const { eigenvalues, eigenvectors } = T.eigh(s);
    expect(maxDiff(values(eigenvalues), np('eigh_w'))).toBeLessThan(1e-14);
    expect(maxDiff(values(eigenvectors), np('eigh_v'))).toBeLessThan(1e-13);
    const n = 50;
    const a = T.sub(spd(n, 6), T.mul(eye(n), 60)); // indefinite
    const r = T.eigh(a);
    const w = values(r.eigenvalues);
    expect(w[0]).toBeLessThan(0);
    for (let i = 1; i < n; i++) expect(w[i]).toBeGreaterThanOrEqual(w[i - 1]);
    const av = T.matmul(a, r.eigenvectors);
    const vw = T.mul(r.eigenvectors, r.eigenvalues);
    expect(maxDiff(values(av), values(vw))).toBeLessThan(1e-11);
    expect(orthonormalityError(r.eigenvectors)).toBeLessThan(1e-13);
    const ref = new Float64Array(1 + n + n * n);
    referenceKernels.eigh(n, a.data as Float64Array, ref);
    expect(ref[0]).toBe(0);
    expect(maxDiff(w, ref.subarray(1, 1 + n))).toBeLessThan(1e-11);
    expect(maxDiff(values(r.eigenvectors), ref.subarray(1 + n))).toBeLessThan(1e-9);
  });

  test('svd: numpy parity with svd_flip signs, tall and wide, matches the reference', () => {
    const a = T.Tensor.from([[2, -1, 0.5], [1, 3, -2], [0, 1, 4], [-1, 2, 1], [0.5, 0.25, -3]]);
    const { u, s, vt } = T.svd(a);
    expect(maxDiff(values(s), np('svd_s'))).toBeLessThan(1e-14);
    expect(maxDiff(values(u), np('svd_u'))).toBeLessThan(1e-13);
    expect(maxDiff(values(vt), np('svd_vt'))).toBeLessThan(1e-13);
    const w = T.svd(T.transpose(a));
    expect(maxDiff(values(w.s), np('svdT_s'))).toBeLessThan(1e-14);
    expect(maxDiff(values(w.u), np('svdT_u'))).toBeLessThan(1e-13);
    expect(maxDiff(values(w.vt), np('svdT_vt'))).toBeLessThan(1e-13);
    const big = mat(300, 20, 7);
    const f = T.svd(big);
    expect(maxDiff(values(T.matmul(T.mul(f.u, f.s), f.vt)), values(big))).toBeLessThan(1e-13);
    expect(orthonormalityError(f.u)).toBeLessThan(1e-13);
    expect(orthonormalityError(T.transpose(f.vt))).toBeLessThan(1e-13);
    const ref = new Float64Array(1 + 300 * 20 + 20 + 20 * 20);
    referenceKernels.svd(300, 20, big.data as Float64Array, ref);
    expect(ref[0]).toBe(0);
    expect(maxDiff(values(f.u), ref.subarray(1, 1 + 6000))).toBeLessThan(1e-11);
    expect(maxDiff(values(f.s), ref.subarray(6001, 6021))).toBeLessThan(1e-13);
    expect(maxDiff(values(f.vt), ref.subarray(6021))).toBeLessThan(1e-11);
  });

  test('svd full: square orthogonal u (tall) and vt (wide) that extend the thin ones', () => {
    const tall = mat(9, 4, 17);
    const thin = T.svd(tall);
    const full = T.svd(tall, { full: true });
    expect(full.u.shape).toEqual([9, 9]);
    expect(full.vt.shape).toEqual([4, 4]);
    expect(orthonormalityError(full.u)).toBeLessThan(1e-13);
    const u = full.u.toArray() as number[][];
    expect(maxDiff(u.flatMap((r) => r.slice(0, 4)), values(thin.u))).toBe(0);
    const wide = T.svd(T.transpose(tall), { full: true });
    expect(wide.u.shape).toEqual([4, 4]);
    expect(wide.vt.shape).toEqual([9, 9]);
    expect(orthonormalityError(T.transpose(wide.vt))).toBeLessThan(1e-13);
    expect(maxDiff(values(wide.vt).slice(0, 36), values(T.svd(T.transpose(tall)).vt))).toBe(0);
  });

  test('svd of a rank-deficient matrix: a zero singular value and still orthonormal u', () => {
    const cols = mat(30, 3, 8).toArray() as number[][];
    const a = T.Tensor.from(cols.map(([p, q, r]) => [p, q, p + q, r, 0]));
    const { u, s, vt } = T.svd(a);
    const sv = values(s);
    expect(sv[3]).toBeLessThan(1e-14);
    expect(sv[4]).toBeLessThan(1e-14);
    expect(orthonormalityError(u)).toBeLessThan(1e-13);
    expect(maxDiff(values(T.matmul(T.mul(u, s), vt)), values(a))).toBeLessThan(1e-13);
  });

  test('lstsq: numpy parity, full rank with residuals and rank deficient (minimum norm)', () => {
    const a = T.Tensor.from([[2, -1, 0.5], [1, 3, -2], [0, 1, 4], [-1, 2, 1], [0.5, 0.25, -3]]);
    const b = T.Tensor.from([1, -2, 0.5, 3, 1]);
    const full = T.lstsq(a, b);
    expect(maxDiff(values(full.x), np('lstsq_x'))).toBeLessThan(1e-14);
    expect(maxDiff(values(full.residuals), np('lstsq_res'))).toBeLessThan(1e-13);
    expect(full.rank).toBe(np('lstsq_rank')[0]);
    const rows = a.toArray() as number[][];
    const d = T.Tensor.from(rows.map(([p, q]) => [p, q, p + q]));
    const deficient = T.lstsq(d, b);
    expect(deficient.rank).toBe(2);
    expect(maxDiff(values(deficient.x), np('lstsqD_x'))).toBeLessThan(1e-13);
    expect(deficient.residuals.size).toBe(0);
    expect(T.lstsq(a, b.reshape([5, 1])).x.shape).toEqual([3, 1]);
  });

  test('randomizedRangeFinder: an orthonormal basis that captures a low-rank range', () => {
    const left = mat(200, 4, 9);
    const right = mat(4, 60, 10);
    const a = T.matmul(left, right); // rank 4
    const q = T.randomizedRangeFinder(a, mat(60, 6, 11), { nIter: 2 });
    expect(q.shape).toEqual([200, 6]);
    expect(orthonormalityError(q)).toBeLessThan(1e-12);
    const projected = T.matmul(q, T.matmul(q, a, { transA: true }));
    expect(maxDiff(values(projected), values(a))).toBeLessThan(1e-11);
  });

  test('async forms give the sync results', async () => {
    const x = mat(400, 8, 12);
    const s = spd(8, 13);
    expect(values((await T.gramAsync(x)).gram)).toEqual(values(T.gram(x).gram));
    expect(values((await T.qrAsync(x)).r)).toEqual(values(T.qr(x).r));
    expect(values((await T.qrAsync(x)).q)).toEqual(values(T.qr(x).q));
    expect(values((await T.eighAsync(s)).eigenvectors)).toEqual(values(T.eigh(s).eigenvectors));
    expect(values((await T.svdAsync(x)).u)).toEqual(values(T.svd(x).u));
    expect(values((await T.eighAsync(s)).eigenvalues)).toEqual(values(T.eigh(s).eigenvalues));
    expect(values((await T.svdAsync(x)).s)).toEqual(values(T.svd(x).s));
  });
});

describe('gram bits do not depend on the thread count', () => {
  test.each(configs.filter((c) => c.backend === 'native' && c.threads === 2))('$label', (config) => {
    const x = mat(40000, 12, 14);
    activate({ ...config, threads: 1 });
    const one = values(T.gram(x, { y: T.Tensor.from(sym(15, 40000)) }).gram);
    activate(config);
    expect(values(T.gram(x, { y: T.Tensor.from(sym(15, 40000)) }).gram)).toEqual(one);
  });
});

describe('bad input', () => {
  const m = T.Tensor.from([[1, 2], [3, 4]]);
  test.each<[string, () => unknown, string]>([
    ['gram of a 1-d tensor', () => T.gram(T.Tensor.from([1, 2])), 'ERR_TRUENO_RANGE'],
    ['gram of a non-tensor', () => T.gram([[1, 2]] as never), 'ERR_TRUENO_TYPE'],
    ['gram y of another length', () => T.gram(m, { y: T.Tensor.from([1, 2, 3]) }), 'ERR_TRUENO_RANGE'],
    ['gram xShift of another length', () => T.gram(m, { xShift: T.Tensor.from([1]) }), 'ERR_TRUENO_RANGE'],
    ['gram yShift without y', () => T.gram(m, { yShift: T.Tensor.from([1]) }), 'ERR_TRUENO_RANGE'],
    ['gram options not an object', () => T.gram(m, 3 as never), 'ERR_TRUENO_TYPE'],
    ['cholesky of a non-square matrix', () => T.cholesky(T.Tensor.zeros([2, 3])), 'ERR_TRUENO_RANGE'],
    ['cholesky of an indefinite matrix', () => T.cholesky(T.Tensor.from([[-1, 0], [0, 1]])), 'ERR_TRUENO_LINALG'],
    ['choleskySolve with a zero diagonal', () => T.choleskySolve(T.Tensor.zeros([2, 2]), T.Tensor.from([1, 2])), 'ERR_TRUENO_RANGE'],
    ['choleskySolve b of another length', () => T.choleskySolve(eye(2), T.Tensor.from([1, 2, 3])), 'ERR_TRUENO_RANGE'],
    ['qr of a 3-d tensor', () => T.qr(T.Tensor.zeros([2, 2, 2])), 'ERR_TRUENO_RANGE'],
    ['eigh of a non-square matrix', () => T.eigh(T.Tensor.zeros([2, 3])), 'ERR_TRUENO_RANGE'],
    ['eigh with NaN', () => T.eigh(T.Tensor.from([[1, 0], [NaN, 1]])), 'ERR_TRUENO_RANGE'],
    ['svd with Infinity', () => T.svd(T.Tensor.from([[1, Infinity]])), 'ERR_TRUENO_RANGE'],
    ['svd of a string', () => T.svd('a' as never), 'ERR_TRUENO_TYPE'],
    ['svd full not a boolean', () => T.svd(m, { full: 1 as never }), 'ERR_TRUENO_TYPE'],
    ['lstsq b of another length', () => T.lstsq(m, T.Tensor.from([1])), 'ERR_TRUENO_RANGE'],
    ['lstsq with NaN in b', () => T.lstsq(m, T.Tensor.from([1, NaN])), 'ERR_TRUENO_RANGE'],
    ['lstsq rcond NaN', () => T.lstsq(m, T.Tensor.from([1, 2]), { rcond: NaN }), 'ERR_TRUENO_RANGE'],
    ['range finder omega too wide', () => T.randomizedRangeFinder(m, T.Tensor.zeros([2, 3])), 'ERR_TRUENO_RANGE'],
    ['range finder nIter negative', () => T.randomizedRangeFinder(m, T.Tensor.zeros([2, 1]), { nIter: -1 }), 'ERR_TRUENO_RANGE'],
  ])('%s', (_name, call, code) => {
    expect(call).toThrow(expect.objectContaining({ code }));
  });

  test('empty matrices give empty results', () => {
    expect(T.gram(T.Tensor.zeros([0, 3])).gram.toArray()).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(T.gram(T.Tensor.zeros([4, 0]), { y: T.Tensor.zeros([4]) }).xty!.size).toBe(0);
    expect(T.svd(T.Tensor.zeros([0, 3])).s.size).toBe(0);
    expect(T.eigh(T.Tensor.zeros([0, 0])).eigenvalues.size).toBe(0);
    expect(T.qr(T.Tensor.zeros([3, 0])).r.shape).toEqual([0, 0]);
  });
});
