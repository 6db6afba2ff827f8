/**
 * L-BFGS against scipy's L-BFGS-B on the 4-d Rosenbrock function from (-1.2, 1, -0.5, 0.8) with gtol 1e-8,
 * ftol 64 eps, maxls 50: scipy 1.x stops by the projected-gradient rule after 44 iterations and 56 evaluations at
 * (1, 1, 1, 1). The same algorithm lands on the same point; the counts may differ by a few where rounding in the
 * two-loop recursion (scipy uses the compact form) changes a line-search decision.
 */
import { minimizeLbfgs } from '../../../lib/aprender/optimize/lbfgs';

function rosen(x: Float64Array): { f: number; g: Float64Array } {
  let f = 0;
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return { f, g };
}

test('Rosenbrock: the minimum, by the gradient rule, in about scipy\'s iterations', () => {
  const r = minimizeLbfgs(rosen, Float64Array.of(-1.2, 1, -0.5, 0.8), { gtol: 1e-8, ftol: 64 * Number.EPSILON, maxls: 50 });
  expect(r.stop).toBe('gtol');
  for (const v of r.x) expect(Math.abs(v - 1)).toBeLessThan(1e-8);
  expect(Math.abs(r.nIter - 44)).toBeLessThanOrEqual(4);
  expect(r.nFev).toBeLessThan(80);
});

test('stops at maxIter and reports every iteration', () => {
  const seen: number[] = [];
  const r = minimizeLbfgs(rosen, Float64Array.of(-1.2, 1, -0.5, 0.8), { maxIter: 5 }, (it) => seen.push(it.iteration));
  expect(r.stop).toBe('maxIter');
  expect(r.nIter).toBe(5);
  expect(seen).toEqual([1, 2, 3, 4, 5]);
});

test('a start at the minimum stops before any iteration', () => {
  const r = minimizeLbfgs(rosen, Float64Array.of(1, 1, 1, 1));
  expect(r.nIter).toBe(0);
  expect(r.stop).toBe('gtol');
});
