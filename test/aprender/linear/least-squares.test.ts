/**
 * LinearRegression and Ridge against scikit-learn 1.9 on the real datasets (the figures of
 * test/aprender/reference/linear_dense.json, written by cases_linear_dense.py): learned arrays within 1e-6 relative
 * (to the largest entry of each array, so entries near 0 are held to the same absolute error), test R² within 1 point,
 * on every backend. Then the parts the figures do not cover: the Cholesky / SVD fallback, float32 input read in place,
 * bad parameters.
 */
import { LinearRegression, Ridge } from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno/tensor';
import { expectClose } from '../reference/close';
import { datasetsFor, describeEachBackend } from '../reference/backends';
import { loadSplit, reference, type DatasetName } from '../reference/data';

const ref = reference('linear_dense');

const values = (t: Tensor | number | undefined) => (t instanceof Tensor ? (t.data as Float64Array) : [t as number]);

/** y, or the two-target y2 = [y, 2 y + X[:, 0]] of the multi cases. */
function targets(X: Tensor, y: Float64Array | Int32Array, multi: boolean): Tensor | Float64Array {
  const yf = Float64Array.from(y);
  if (!multi) return yf;
  const d = X.shape[1];
  const x = X.data as Float64Array;
  return Tensor.from(Float64Array.from({ length: 2 * yf.length }, (_, k) => (k % 2 === 0 ? yf[k >> 1] : 2 * yf[k >> 1] + x[(k >> 1) * d])), [yf.length, 2]);
}

type Make = () => LinearRegression | Ridge;
const CASES: Array<[string, Make, { multi?: boolean; weighted?: boolean }]> = [
  ['LinearRegression', () => new LinearRegression(), {}],
  ['LinearRegression.multi', () => new LinearRegression(), { multi: true }],
  ['LinearRegression.noIntercept', () => new LinearRegression({ fitIntercept: false }), {}],
  ['LinearRegression.positive', () => new LinearRegression({ positive: true }), {}],
  ['LinearRegression.weighted', () => new LinearRegression(), { weighted: true }],
  ['Ridge', () => new Ridge(), {}],
  ['Ridge.svd', () => new Ridge({ alpha: 0.5, solver: 'svd' }), {}],
  ['Ridge.cholesky', () => new Ridge({ alpha: 2, solver: 'cholesky' }), {}],
  ['Ridge.lsqr', () => new Ridge({ alpha: 1, solver: 'lsqr', tol: 1e-10 }), {}],
  ['Ridge.multi', () => new Ridge({ alpha: [0.1, 3] }), { multi: true }],
  ['Ridge.noIntercept', () => new Ridge({ alpha: 0.3, fitIntercept: false }), {}],
  ['Ridge.weighted', () => new Ridge({ alpha: 0.7 }), { weighted: true }],
];

describeEachBackend((backend) => {
  for (const [id, make, { multi = false, weighted = false }] of CASES) {
    test.each(datasetsFor(backend, Object.keys(ref[id]) as DatasetName[]))(`${id} on %s matches scikit-learn`, (name) => {
      const want = ref[id][name];
      const s = loadSplit(name);
      const est = make();
      const yTrain = targets(s.XTrain, s.yTrain, multi);
      const sampleWeight = weighted ? Float64Array.from(s.yTrain, (_, i) => 1 + (i % 5)) : undefined;
      est.fit(s.XTrain, yTrain, { sampleWeight });
      expectClose(values(est.coef_), want.coef_, `${id} ${name} coef_`);
      expectClose(values(est.intercept_), want.intercept_, `${id} ${name} intercept_`);
      const score = est.score(s.XTest, targets(s.XTest, s.yTest, multi));
      expect(Math.abs(score - (want.score as number))).toBeLessThan(0.01);
      if (want.predict_head) expectClose(Array.from(values(est.predict(s.XTest))).slice(0, multi ? 10 : 5), want.predict_head, `${id} ${name} predict`);
      if (est instanceof LinearRegression && want.rank_ !== undefined) {
        expect(est.rank_).toBe(want.rank_);
        expectClose(values(est.singular_), want.singular_, `${id} ${name} singular_`);
      }
      if (est instanceof Ridge && want.n_iter_ !== undefined) expect(Array.from(est.nIter_!)).toEqual(want.n_iter_);
    });
  }
});

describe('LinearRegression paths', () => {
  test('a rank-deficient X takes the SVD path: the minimum-norm solution, its rank and singular values', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [Math.sin(i), Math.cos(3 * i), Math.sin(i) + Math.cos(3 * i)]);
    const y = rows.map(([a, b]) => 1 + 2 * a - b);
    const reg = new LinearRegression().fit(rows, y);
    expect(reg.rank_).toBe(2);
    const c = Array.from(values(reg.coef_));
    // any c with c0 + c2 = 2 and c1 + c2 = -1 fits exactly; the one of least norm has c2 = 1/3
    expect(c[0] + c[2]).toBeCloseTo(2, 10);
    expect(c[1] + c[2]).toBeCloseTo(-1, 10);
    expect(c[2]).toBeCloseTo(1 / 3, 10);
    expect(reg.intercept_ as number).toBeCloseTo(1, 10);
  });

  test('float32 X is read in place and agrees with float64 within float32 precision', () => {
    const s = loadSplit('diabetes');
    const x32 = Tensor.from(Float32Array.from(s.XTrain.data as Float64Array), s.XTrain.shape);
    const x64 = Tensor.from(Float64Array.from(x32.data as Float32Array), s.XTrain.shape);
    const a = new LinearRegression().fit(x32, s.yTrain);
    const b = new LinearRegression().fit(x64, s.yTrain);
    expectClose(values(a.coef_), Array.from(values(b.coef_)), 'float32 coef_', 1e-4);
  });

  test('one sample: zero coefficients and the target as intercept, as scikit-learn', () => {
    const reg = new LinearRegression().fit([[1, 2, 3]], [4]);
    expect(Array.from(values(reg.coef_))).toEqual([0, 0, 0]);
    expect(reg.intercept_).toBe(4);
  });

  test('bad input: coded errors', () => {
    expect(() => new LinearRegression({ tol: -1 }).fit([[1], [2]], [1, 2])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    expect(() => new LinearRegression().fit([[1], [2]], ['a', 'b'])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_TYPE' }));
    expect(() => new LinearRegression().fit([[1], [2]], [1, 2], { sampleWeight: [0, 0] })).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_RANGE' }));
    expect(() => new LinearRegression().fit([[1], [2]], [1, 2], { sampleWeight: [1] })).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_RANGE' }));
  });
});

describe('Ridge paths', () => {
  test('alpha 0 on a singular system falls back from Cholesky to the SVD', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [i, 2 * i]);
    const ridge = new Ridge({ alpha: 0 }).fit(rows, rows.map(([a]) => a));
    expect(ridge.solver_).toBe('svd');
    const [a, b] = values(ridge.coef_);
    expect(a + 2 * b).toBeCloseTo(1, 10);
  });

  test('positive coefficients with solver auto', () => {
    const s = loadSplit('diabetes');
    const ridge = new Ridge({ positive: true, alpha: 0.01 }).fit(s.XTrain, s.yTrain);
    expect(Array.from(values(ridge.coef_)).every((v) => v >= 0)).toBe(true);
    expect(ridge.solver_).toBe('nnls');
  });

  test('bad parameters name what is allowed', () => {
    expect(() => new Ridge({ solver: 'sag' as never }).fit([[1], [2]], [1, 2])).toThrow(/'auto', 'svd', 'cholesky', 'lsqr'/);
    expect(() => new Ridge({ alpha: [1, 2, 3] }).fit([[1], [2]], [1, 2])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    expect(() => new Ridge({ alpha: -1 }).fit([[1], [2]], [1, 2])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
    expect(() => new Ridge({ positive: true, solver: 'svd' }).fit([[1], [2]], [1, 2])).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM' }));
  });
});
