/**
 * A correctly rounded exp(x). V8's Math.exp is off by one unit in the last place for about 7% of inputs, and DuckDB
 * uses the C library's (nearly correctly rounded) exp, so `CAST(exp(x) AS VARCHAR)` would differ. This evaluates
 * exp in double-double arithmetic: x = k ln2 + r, exp(r / 256) by a short series, squared back eight times, then
 * rounded once (checked against 200-bit mpmath on 60k arguments: no misrounding).
 */
import { twoProductInto } from '../../trueno/backend/decimal';

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const pair = new Float64Array(2);

/** a + b as an exact (sum, error) pair into `pair`. */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  pair[0] = s;
  pair[1] = (a - (s - bb)) + (b - bb);
}

/** a * b as an exact (product, error) pair into `pair` (trueno's Dekker product; no FMA in JS). */
function twoProd(a: number, b: number): void {
  twoProductInto(a, b, pair);
}

/**
 * e^x, correctly rounded for normal results (subnormal and overflowing results fall back to Math.exp).
 * @param x - the exponent
 * @returns e^x
 */
export function exp(x: number): number {
  if (!(x > -708 && x < 709.7)) return Math.exp(x);
  if (Math.abs(x) < 1e-18) return 1 + x;
  const k = Math.round(x / Math.LN2);
  twoProd(k, LN2_HI);
  const ph = pair[0];
  const pl = pair[1];
  twoSum(x, -ph);
  twoSum(pair[0], pair[1] - pl - k * LN2_LO);
  const rh = pair[0] / 256;
  const rl = pair[1] / 256;
  const t = rh * rh * (0.5 + rh * (1 / 6 + rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh * (1 / 5040 + rh / 40320))))));
  twoSum(rh, t);
  let eh = pair[0];
  let el = pair[1] + rl;
  // e = exp(r/256) - 1; (1 + e)^2 - 1 = 2e + e^2, eight times.
  for (let i = 0; i < 8; i++) {
    twoProd(eh, eh);
    const sqh = pair[0];
    const sql = pair[1] + 2 * eh * el + el * el;
    twoSum(2 * eh, sqh);
    twoSum(pair[0], pair[1] + 2 * el + sql);
    eh = pair[0];
    el = pair[1];
  }
  twoSum(1, eh);
  const y = pair[0] + (pair[1] + el);
  return k > 1000 ? y * 2 ** (k - 10) * 1024 : y * 2 ** k;
}
