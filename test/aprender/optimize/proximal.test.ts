/**
 * minimizeL1 (FISTA with restarts): on h(w) = 1/2 ||w - a||^2 the minimizer of h + ||w||_1 is the soft threshold of a
 * at 1, exactly zero where |a_j| <= 1; and a tiny step budget reports non-convergence.
 */
import { minimizeL1 } from '../../../lib/aprender/optimize/proximal';

const a = Float64Array.of(3, -0.5, 1.5, -4, 0.99, 0);
const h = (w: Float64Array) => ({
  f: w.reduce((s, v, j) => s + 0.5 * (v - a[j]) ** 2, 0),
  g: Float64Array.from(w, (v, j) => v - a[j]),
});

test('the soft threshold of a, to the tolerance', () => {
  const r = minimizeL1(h, a.length, 1e-10, 10000);
  expect(r.converged).toBe(true);
  const want = [2, 0, 0.5, -3, 0, 0];
  r.w.forEach((v, j) => expect(Math.abs(v - want[j])).toBeLessThan(1e-8));
  expect(r.w[1]).toBe(0);
  expect(r.w[4]).toBe(0);
});

test('a step budget too small to converge says so', () => {
  const r = minimizeL1((w) => ({ f: 1e6 * h(w).f, g: h(w).g.map((v) => 1e6 * v) }), a.length, 1e-14, 1);
  expect(r.converged).toBe(false);
  expect(r.nIter).toBe(1);
});
