/**
 * erf and erfc in float64 for the plain-JS backend (JavaScript has neither). Two convergent expansions free of
 * cancellation give close to full double precision: the series erf(x) = 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) /
 * (1*3*...*(2n+1)) (all terms positive) for |x| < 0.5, and the continued fraction of erfc beyond, evaluated bottom-up
 * with enough terms for its slower convergence near 0.5.
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

/** erfc(x) for x >= 0.5: 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) scaled by e^(-x^2)/sqrt(pi). */
function erfcContinuedFraction(x: number): number {
  const terms = Math.ceil(40 + 400 / (x * x));
  let f = x;
  for (let k = terms; k >= 1; k--) f = x + k / 2 / f;
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

/** The complementary error function 1 - erf(x), accurate in relative terms even where it is tiny. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 0.5) return 1 - erfSeries(x);
  if (x > 27) return 0;
  return erfcContinuedFraction(x);
}

/** The error function, accurate to a few ulp over the whole real line; NaN gives NaN. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const r = a < 0.5 ? erfSeries(a) : 1 - erfc(a);
  return x < 0 ? -r : r;
}
