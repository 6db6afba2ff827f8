/**
 * classMoments and gaussianLogLikelihood on every backend, ISA level and thread count: against direct two-pass sums
 * (1e-12 relative), the same bits for 1 and 2 threads, scikit-learn parity (GaussianNB on a fixed input, values
 * printed by scikit-learn 1.9; GaussianNB adds var_smoothing * max variance to each variance), and bad input.
 */
import * as T from '../../lib/trueno';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';

const configs = configurations();
afterAll(resetBackends);

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number): void {
  expect(got.length).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    if (Math.abs(got[t] - want[t]) > rtol * Math.max(1, Math.abs(want[t]))) throw new Error(`[${t}] got ${got[t]}, want ${want[t]}`);
  }
}

const n = 5000;
const d = 6;
const c = 3;
const x = T.Tensor.from(Array.from(sym(1, n * d), (v) => 5 + v), [n, d]);
const labels = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 0 : 1 + (i % 2)));
const y = T.Tensor.from(labels, undefined, 'int32');
const w = T.Tensor.from(Array.from(sym(2, n), (v) => 1.5 + v));

/** Direct weighted two-pass moments. */
function direct(weights?: Float64Array) {
  const xd = x.data as Float64Array;
  const sw = new Float64Array(c);
  const mean = new Float64Array(c * d);
  const vars = new Float64Array(c * d);
  labels.forEach((j, i) => {
    sw[j] += weights ? weights[i] : 1;
    for (let f = 0; f < d; f++) mean[j * d + f] += (weights ? weights[i] : 1) * xd[i * d + f];
  });
  mean.forEach((v, t) => (mean[t] = v / sw[Math.floor(t / d)]));
  labels.forEach((j, i) => {
    for (let f = 0; f < d; f++) vars[j * d + f] += (weights ? weights[i] : 1) * (xd[i * d + f] - mean[j * d + f]) ** 2;
  });
  vars.forEach((v, t) => (vars[t] = v / sw[Math.floor(t / d)]));
  return { sw, mean, vars };
}

let firstBits: Float64Array | undefined;

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  test.each([false, true])('classMoments (weighted: %s) match direct two-pass sums', (weighted) => {
    const m = T.classMoments(x, y, c, weighted ? { sampleWeight: w } : undefined);
    const want = direct(weighted ? (w.data as Float64Array) : undefined);
    expectClose(m.weights.data as Float64Array, want.sw, 1e-12);
    expectClose(m.means.data as Float64Array, want.mean, 1e-12);
    expectClose(m.variances.data as Float64Array, want.vars, 1e-10);
    expect(m.means.shape).toEqual([c, d]);
  });

  test('same bits whatever the thread count (per backend and ISA level)', () => {
    const bits = T.classMoments(x, y, c).variances.data as Float64Array;
    if (config.threads === 1) firstBits = bits;
    else expect(Array.from(bits)).toEqual(Array.from(firstBits!));
  });

  test('a class without rows holds zeros', () => {
    const m = T.classMoments(x, y, 4);
    expect(Array.from(m.means.data).slice(3 * d)).toEqual(new Array(d).fill(0));
    expect((m.weights.toArray() as number[])[3]).toBe(0);
  });

  test('gaussianLogLikelihood matches the direct formula', () => {
    const theta = T.Tensor.from(Array.from(sym(3, c * d), (v) => 5 + v), [c, d]);
    const variance = T.Tensor.from(Array.from(sym(4, c * d), (v) => 0.5 + 0.4 * v), [c, d]);
    const logPrior = T.Tensor.from([Math.log(0.2), Math.log(0.3), Math.log(0.5)]);
    const got = T.gaussianLogLikelihood(x, theta, variance, logPrior);
    const xd = x.data as Float64Array;
    const td = theta.data as Float64Array;
    const vd = variance.data as Float64Array;
    const want = new Float64Array(n * c);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < c; j++) {
        let norm = 0;
        let s = 0;
        for (let f = 0; f < d; f++) {
          norm += Math.log(2 * Math.PI * vd[j * d + f]);
          s += (xd[i * d + f] - td[j * d + f]) ** 2 / vd[j * d + f];
        }
        want[i * c + j] = (logPrior.data as Float64Array)[j] - 0.5 * norm - 0.5 * s;
      }
    }
    expectClose(got.data as Float64Array, want, 1e-12);
  });

  test('scikit-learn parity: GaussianNB().fit(X, y) moments and predict_joint_log_proba', () => {
    const X = T.Tensor.from([[1, 2], [2, 1], [3, 5], [4, 4], [0, 0.5]]);
    const m = T.classMoments(X, T.Tensor.from([0, 0, 1, 1, 0], undefined, 'int32'), 2);
    expectClose(m.means.data as Float64Array, [1.0, 1.1666666666666667, 3.5, 4.5], 1e-15);
    const epsilon = 3.0000000000000004e-09;
    const smoothed = T.add(m.variances, epsilon);
    expectClose(smoothed.data as Float64Array, [0.6666666696666667, 0.38888889188888887, 0.250000003, 0.250000003], 1e-14);
    const jll = T.gaussianLogLikelihood(T.Tensor.from([[1.5, 1.5], [3, 3]]), m.means, smoothed, T.Tensor.from([Math.log(0.6), Math.log(0.4)]));
    expectClose(jll.data as Float64Array, [-2.0040964787193234, -27.36787313716361, -8.995167862399809, -6.36787338916361], 1e-13);
  });
});

describe('naive Bayes ops bad input', () => {
  const theta = T.Tensor.from([[0, 0]]);
  const variance = T.Tensor.from([[1, 1]]);
  const prior = T.Tensor.from([0]);
  const X = T.Tensor.from([[1, 2], [3, 4]]);
  const Y = T.Tensor.from([0, 1], undefined, 'int32');
  test.each([
    ['x not a tensor', () => T.classMoments([[1]] as never, Y, 2), TypeError, /Expected a Tensor for classMoments argument x/],
    ['x 1-d', () => T.classMoments(T.Tensor.from([1, 2]), Y, 2), RangeError, /Expected a 2-d tensor for classMoments argument x but received shape \[2\]/],
    ['y of other length', () => T.classMoments(X, T.Tensor.from([0], undefined, 'int32'), 2), RangeError, /Expected shape \[2\] for classMoments argument y but received \[1\]/],
    ['float y', () => T.classMoments(X, T.Tensor.from([0, 1]), 2), TypeError, /Expected an integer tensor for classMoments argument y but received float64/],
    ['label too big', () => T.classMoments(X, Y, 1), RangeError, /Expected labels in \[0, 1\) for classMoments argument y but received values in \[0, 1\]/],
    ['negative label', () => T.classMoments(X, T.Tensor.from([-1, 0], undefined, 'int32'), 2), RangeError, /Expected labels in \[0, 2\)/],
    ['no classes', () => T.classMoments(X, Y, 0), RangeError, /Expected an integer in \[1, 2147483647\] for classMoments argument nClasses but received 0/],
    ['weights of other length', () => T.classMoments(X, Y, 2, { sampleWeight: T.Tensor.from([1]) }), RangeError, /Expected shape \[2\] for classMoments options.sampleWeight/],
    ['theta not a tensor', () => T.gaussianLogLikelihood(X, 1 as never, variance, prior), TypeError, /Expected a Tensor for gaussianLogLikelihood argument theta/],
    ['theta width', () => T.gaussianLogLikelihood(X, T.Tensor.from([[0]]), variance, prior), RangeError, /Expected theta and variance of shape \[c >= 1, 2\]/],
    ['variance shape', () => T.gaussianLogLikelihood(X, theta, T.Tensor.from([[1, 1], [1, 1]]), prior), RangeError, /Expected theta and variance of shape/],
    ['prior length', () => T.gaussianLogLikelihood(X, theta, variance, T.Tensor.from([0, 0])), RangeError, /Expected shape \[1\] for gaussianLogLikelihood argument logPrior but received \[2\]/],
  ])('%s', (_label, fn, type, message) => {
    expect(fn).toThrow(type as ErrorConstructor);
    expect(fn).toThrow(message as RegExp);
  });
});
