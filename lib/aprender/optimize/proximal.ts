/**
 * L1-regularized minimization, min h(w) + ||w||_1 for a smooth h, by FISTA (Beck and Teboulle) with backtracking on
 * the step and gradient-based restarts (O'Donoghue and Candès), stopping on the 1-norm of the minimum-norm
 * subgradient (liblinear's L1 stopping quantity) relative to its value at w = 0.
 */

/** A smooth part: its value and gradient at w. */
export type Smooth = (w: Float64Array) => { f: number; g: Float64Array };

/** The result of {@link minimizeL1}. */
export interface L1Result {
  w: Float64Array;
  nIter: number;
  converged: boolean;
}

/** sum_j |minimum-norm subgradient_j| of h + ||w||_1 at w, given h's gradient g. */
function subgradientNorm1(w: Float64Array, g: Float64Array): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) {
    if (w[j] > 0) s += Math.abs(g[j] + 1);
    else if (w[j] < 0) s += Math.abs(g[j] - 1);
    else s += Math.max(Math.abs(g[j]) - 1, 0);
  }
  return s;
}

const softThreshold = (v: number, t: number) => (v > t ? v - t : v < -t ? v + t : 0);

/**
 * Minimizes h(w) + ||w||_1 from w = 0.
 * @param h - the smooth part
 * @param q - the number of variables
 * @param relTol - stop when the subgradient 1-norm is at most relTol times its value at 0
 * @param maxSteps - proximal steps allowed
 */
export function minimizeL1(h: Smooth, q: number, relTol: number, maxSteps: number): L1Result {
  let w: Float64Array = new Float64Array(q), z: Float64Array = new Float64Array(q);
  const stop = relTol * subgradientNorm1(w, h(w).g);
  let step = 1, t = 1, nIter = 0;
  while (nIter < maxSteps) {
    const at = h(z);
    let next: Float64Array;
    for (;;) {
      next = Float64Array.from(z, (v, j) => softThreshold(v - step * at.g[j], step));
      let quad = at.f;
      for (let j = 0; j < q; j++) {
        const d = next[j] - z[j];
        quad += at.g[j] * d + (d * d) / (2 * step);
      }
      if (h(next).f <= quad + 1e-12 * Math.abs(quad) || step < 1e-16) break;
      step /= 2;
    }
    nIter++;
    const restart = next.reduce((s, v, j) => s + (z[j] - v) * (v - w[j]), 0) > 0;
    const tNext = restart ? 1 : (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    z = restart ? Float64Array.from(next) : Float64Array.from(next, (v, j) => v + ((t - 1) / tNext) * (v - w[j]));
    w = next;
    t = tNext;
    if (subgradientNorm1(w, h(w).g) <= stop) return { w, nIter, converged: true };
    step *= 1.5;
  }
  return { w, nIter, converged: false };
}
