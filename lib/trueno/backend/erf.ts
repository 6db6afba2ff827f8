/**
 * erf in float64 for the plain-JS backend (JavaScript has no Math.erf). Two convergent expansions, both free of
 * cancellation, give close to full double precision: the series erf(x) = 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) /
 * (1*3*...*(2n+1)) (all terms positive) for |x| < 3, and the continued fraction of erfc beyond.
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x >= 3 by the continued fraction 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up. */
function erfcContinuedFraction(x: number): number {
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

/** The error function, accurate to a few ulp over the whole real line; NaN gives NaN. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  const r = a < 3 ? erfSeries(a) : 1 - erfcContinuedFraction(a);
  return x < 0 ? -r : r;
}
