/**
 * The ml kernels (coordinate descent, logistic loss/gradient/Hessian product, SAGA and SGD epochs, SVM dual coordinate
 * descent) on every backend, ISA level and thread count against the plain-JS reference (lib/trueno/backend/reference-ml.ts) on the same input:
 * the iterative kernels follow the same steps, so their results agree to rounding (stated tolerances below), and the
 * raw bindings reject inconsistent arrays with an error instead of touching memory.
 */
import { setBackend } from '../../../lib/trueno';
import { kernels } from '../../../lib/trueno/backend/loader';
import {
  coordinateDescent, logisticHessianProduct, logisticLossGrad, logisticSize, SagaSolver, SgdSolver, svmDualCoordinateDescent,
  type LogisticProblem,
  type SgdSettings,
} from '../../../lib/aprender/linear/kernels';
import * as ref from '../../../lib/trueno/backend/reference-linear';
import { activate, configurations, resetBackends, sym, type Config } from '../../trueno/helpers';

const n = 1200, p = 9;
const x = sym(1, n * p);
const xt = new Float64Array(p * n);
const yReg = new Float64Array(n), yBin = new Float64Array(n), yCls = new Float64Array(n), yPm = new Float64Array(n);
const sw = Float64Array.from(sym(4, n), (v) => 1.5 + v);
for (let i = 0; i < n; i++) {
  let s = 0;
  for (let j = 0; j < p; j++) {
    xt[j * n + i] = x[i * p + j];
    s += x[i * p + j] * (j % 3 === 0 ? 0.9 : j % 3 === 1 ? -0.4 : 0);
  }
  const noise = sym(2, n)[i];
  yReg[i] = s + 0.1 * noise;
  yBin[i] = s + 0.4 * noise > 0 ? 1 : 0;
  yPm[i] = yBin[i] ? 1 : -1;
  yCls[i] = s > 0.3 ? 2 : s < -0.3 ? 0 : 1;
}
const order = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(got[i] - want[i]) > atol + rtol * Math.abs(want[i])) {
      throw new Error(`[${i}] got ${got[i]}, want ${want[i]} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

const cdOptions = { alpha: 3, beta: 10, maxIter: 500, tol: 1e-10, positive: false, random: false, seed: 3, screening: true };

describe.each(configurations())('$label', (config: Config) => {
  beforeAll(() => activate(config));
  afterAll(resetBackends);

  test.each([
    ['lasso', { alpha: 20, beta: 0 }], ['elastic net', { alpha: 3, beta: 10 }], ['ridge (alpha 0)', { alpha: 0, beta: 5 }],
    ['random order', { alpha: 3, beta: 10, random: true }], ['positive', { alpha: 3, beta: 0, positive: true }],
  ])('coordinate descent: %s matches the reference', (_label, change) => {
    const options = { ...cdOptions, ...change };
    const got = coordinateDescent(xt, yReg, p, undefined, options);
    const state = new Float64Array(p + 3);
    ref.enetCd(n, p, xt, yReg, options.alpha, options.beta, options.maxIter, options.tol, +options.positive,
      +options.random, options.seed, 1, state);
    expectClose(got.coef, state.subarray(0, p), 1e-7, 1e-9);
    expect(got.gap).toBeLessThanOrEqual(got.tolScaled);
    expect(Math.abs(got.nIter - state[p + 2])).toBeLessThanOrEqual(1);
  });

  test.each([[1, true], [1, false], [3, true], [3, false]] as const)('logistic k=%d fitIntercept=%s: loss, gradient and Hessian product match the reference', (k, fitIntercept) => {
    const lp: LogisticProblem = { x, y: k === 1 ? yBin : yCls, sw, n, p, k, fitIntercept };
    const len = logisticSize(lp);
    const coef = sym(5, len, 0.4), s = sym(6, len);
    const grad = new Float64Array(len);
    const loss = logisticLossGrad(lp, coef, grad);
    const want = new Float64Array(len + 1);
    ref.logisticGrad(n, p, k, lp.x, lp.y, sw, coef, +fitIntercept, want);
    expect(Math.abs(loss - want[0])).toBeLessThan(1e-12 * want[0]);
    expectClose(grad, want.subarray(1), 1e-11, 1e-11);
    const hs = new Float64Array(len), wantHs = new Float64Array(len);
    logisticHessianProduct(lp, coef, s, hs);
    ref.logisticHessp(n, p, k, x, sw, coef, +fitIntercept, s, wantHs);
    expectClose(hs, wantHs, 1e-11, 1e-11);
  });

  test.each([[1, 0, 0.002, true], [3, 0, 0.002, true], [1, 0.001, 0.005, true], [3, 0.001, 0.001, false]] as const)(
    'SAGA k=%d alpha=%d beta=%d saga=%s: 5 epochs match the reference', (k, alpha, beta, saga) => {
      const lp: LogisticProblem = { x, y: k === 1 ? yBin : yCls, n, p, k, fitIntercept: true };
      const solver = new SagaSolver(lp, { step: 0.05, alpha, beta, saga });
      const state = new Float64Array(solver.state.length);
      const params = Float64Array.from([0.05, alpha, beta, 1, +saga]);
      for (let e = 0; e < 5; e++) {
        expect(solver.epoch(order)).toBe(true);
        ref.sagaEpoch(n, p, k, x, lp.y, new Float64Array(0), order, params, state);
      }
      expectClose(solver.state, state, 1e-9, 1e-12);
    });

  // alpha 1e-2: with 'optimal' and a tiny alpha the first steps are ~10 long and the iterates chaotic, so rounding
  // differences between backends grow without bound; this alpha keeps the comparison meaningful.
  const sgdBase: SgdSettings = {
    loss: 'hinge', lossParam: 1, penalty: 'l2', alpha: 1e-2, l1Ratio: 0.15, schedule: 'optimal', eta0: 0, powerT: 0.5,
    fitIntercept: true, weightPos: 1, weightNeg: 1, average: 0,
  };
  test.each([
    ['hinge, l2, optimal', {}, yPm],
    ['log_loss, elasticnet, averaged', { loss: 'log_loss', penalty: 'elasticnet', average: 1 }, yBin],
    ['modified_huber, l1, invscaling', { loss: 'modified_huber', penalty: 'l1', schedule: 'invscaling', eta0: 0.01 }, yPm],
    ['squared_error, constant', { loss: 'squared_error', schedule: 'constant', eta0: 0.001, penalty: 'none' }, yReg],
    ['huber, class weights', { loss: 'huber', lossParam: 0.1, schedule: 'invscaling', eta0: 0.01, weightPos: 2 }, yReg],
    ['epsilon_insensitive', { loss: 'epsilon_insensitive', lossParam: 0.1, schedule: 'invscaling', eta0: 0.01 }, yReg],
    ['squared_epsilon_insensitive', { loss: 'squared_epsilon_insensitive', lossParam: 0.1, schedule: 'invscaling', eta0: 0.01 }, yReg],
    ['squared_hinge', { loss: 'squared_hinge' }, yPm],
  ] as const)('SGD %s: 3 epochs match the reference', (_label, change, y) => {
    const settings = { ...sgdBase, ...change } as SgdSettings;
    const solver = new SgdSolver({ x, y, sw, n, p }, settings);
    const want = new SgdSolver({ x, y, sw, n, p }, settings); // same initial state and params, run by the reference
    const params = Float64Array.from((want as unknown as { params: Float64Array }).params);
    for (let e = 0; e < 3; e++) {
      expect(Number.isFinite(solver.epoch(order))).toBe(true);
      ref.sgdEpoch(n, p, x, y, sw, order, params, want.state);
    }
    expectClose(solver.state, want.state, 1e-9, 1e-12);
  });

  test.each([['squared hinge', 0, 0.05], ['hinge', 1, 0.5]] as const)('SVM dual CD, %s: matches the reference', (_label, hinge, C) => {
    const c = Float64Array.from(sw, (v) => C * v);
    const got = svmDualCoordinateDescent({ x, y: yPm, n, p }, c, 1, hinge === 1, 200, 1e-3, 5);
    const state = new Float64Array(p + 2);
    ref.svmDualCd(n, p, x, yPm, c, 1, hinge, 200, 1e-3, 5, state);
    expectClose([...got.weights, got.biasWeight], state.subarray(0, p + 1), 1e-8, 1e-10);
    expect(Math.abs(got.nIter - state[p + 1])).toBeLessThanOrEqual(1);
  });
});

describe('raw native ml kernels reject inconsistent arrays', () => {
  setBackend('native');
  const k = kernels();
  afterAll(resetBackends);
  test.each([
    ['enetCd state too short', () => k.enetCd(n, p, xt, yReg, 1, 0, 10, 1e-4, 0, 0, 0, 1, new Float64Array(p))],
    ['enetCd float32 y', () => k.enetCd(n, p, xt, new Float32Array(n) as never, 1, 0, 10, 1e-4, 0, 0, 0, 1, new Float64Array(p + 3))],
    ['logisticGrad coef length', () => k.logisticGrad(n, p, 1, x, yBin, sw, new Float64Array(p), 1, new Float64Array(p + 2))],
    ['logisticGrad bad label', () => k.logisticGrad(n, p, 1, x, yCls, sw, new Float64Array(p + 1), 1, new Float64Array(p + 2))],
    ['sagaEpoch order out of range', () => k.sagaEpoch(n, p, 1, x, yBin, new Float64Array(0), Int32Array.of(n),
      Float64Array.of(0.1, 0, 0, 1, 1), new Float64Array(2 * p + 2 + 2 * n + 2))],
    ['sgdEpoch unknown loss', () => k.sgdEpoch(n, p, x, yPm, sw, order, Float64Array.of(99, 1, 2, 1e-4, 0, 2, 0, 0.5, 1, 1, 1, 0),
      new Float64Array(3 * p + 6))],
    ['svmDualCd label 0', () => k.svmDualCd(n, p, x, yBin, sw, 1, 0, 10, 1e-3, 0, new Float64Array(p + 2))],
    ['svmDualCd state too short', () => k.svmDualCd(n, p, x, yPm, sw, 1, 0, 10, 1e-3, 0, new Float64Array(p))],
  ])('%s', (_label, call) => {
    expect(call).toThrow(expect.objectContaining({ code: expect.stringMatching(/^ERR_TRUENO_/) }));
  });
});
