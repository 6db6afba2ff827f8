/**
 * Exact decimal-to-double conversion from ASCII digits, shared by the CSV kernel's reference and alimentar's text
 * readers. A significand below 2^53 with a power of ten up to 22 converts with one correctly rounded IEEE operation
 * (Clinger's fast path), so the result is the same double as `Number(text)`. Significands of up to 19 digits and
 * powers of ten up to 280 go through double-double arithmetic with an error bound: when the bound proves the rounding, that double is returned;
 * otherwise (about one value in 2^37) the caller decides with `Number`.
 */

/** 10^0 ... 10^22, each exact in double. */
export const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** 2^53: integers below it are exact in double. */
export const MAX_EXACT = 9007199254740992;
/** Veltkamp's splitter 2^27 + 1, for exact products of doubles (Dekker's TwoProduct). */
const SPLIT = 134217729;
/** Margin of the rounding check: far above the ~2^-103 relative error of the double-double result, far below half an ulp. */
const MARGIN = 2 ** -90;
let productLow = 0;

/** a * b rounded; the exact rounding error goes to `productLow` (Dekker). */
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  productLow = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}

/**
 * a * b as the exact pair (product, rounding error) written into out[0], out[1] (Dekker), for other double-double
 * code (trueno-db's correctly rounded exp).
 * @param a - a factor
 * @param b - the other factor
 * @param out - receives the pair
 */
export function twoProductInto(a: number, b: number, out: Float64Array): void {
  out[0] = twoProduct(a, b);
  out[1] = productLow;
}

/** a + b as hi + lo exactly when |a| >= |b| (fast two-sum); lo goes to `sumLow`. */
let sumLow = 0;
function fastTwoSum(a: number, b: number): number {
  const s = a + b;
  sumLow = b - (s - a);
  return s;
}

/** The largest power of ten scaled here: results stay far from overflow's and subnormals' loss of precision. */
export const MAX_EXP10 = 280;

/** 10^k (23 <= k <= MAX_EXP10) as hi + lo (lo in `powLow`): 10^22 raised by repeated double-double products. */
let powLow = 0;
function pow10dd(k: number): number {
  let hi = POW10[k % 22];
  let lo = 0;
  for (let q = Math.floor(k / 22); q > 0; q--) {
    const p = twoProduct(hi, POW10[22]);
    hi = fastTwoSum(p, productLow + lo * POW10[22]);
    lo = sumLow;
  }
  powLow = lo;
  return hi;
}

/**
 * The double nearest to digits x 10^exp, where the digits are the decimal digits in bytes [s, e) ('.' skipped), or
 * NaN when that cannot be proved here (more than 19 significant digits, |exp| > 280, a result outside [1e-280,
 * 1e280], or too close to a tie). The same algorithm as the C of trueno_csv_numeric.
 * @param b - the bytes
 * @param s - first digit (after any sign)
 * @param e - end of the digits (before any exponent)
 * @param exp - power of ten that scales the integer the digits spell
 * @returns the double, or NaN
 */
export function longDecimal(b: Uint8Array, s: number, e: number, exp: number): number {
  let first = s;
  while (first < e && (b[first] === 48 || b[first] === 46)) first++;
  // trailing zeros (1e19 printed as 10000000000000000000) go to the exponent, not the significant digits
  while (e > first && (b[e - 1] === 48 || b[e - 1] === 46)) {
    if (b[e - 1] === 48) exp++;
    e--;
  }
  if (exp < -MAX_EXP10 || exp > MAX_EXP10) return NaN;
  let n = 0;
  for (let i = first; i < e; i++) if (b[i] !== 46) n++;
  if (n > 19) return NaN;
  // The last 8 significant digits go to lo, the ones before (at most 11) to hi: both stay exact integers.
  let hi = 0;
  let lo = 0;
  let k = 0;
  for (let i = first; i < e; i++) {
    const d = b[i] - 48;
    if (d < 0) continue;
    if (k++ < n - 8) hi = hi * 10 + d;
    else lo = lo * 10 + d;
  }
  // w = hi * 1e8 + lo exactly, as the unevaluated sum wh + wl: hi = h1 * 2^15 + h0, and h1 * 2^15 * 1e8 has at most
  // 42 significant bits (h1 < 2^22), h0 * 1e8 + lo fewer than 53, so each part is exact before the TwoSum.
  const h1 = Math.floor(hi / 32768);
  const x1 = h1 * 3276800000000;
  const x0 = (hi - h1 * 32768) * 1e8 + lo;
  const wh = x1 + x0;
  const bb = wh - x1;
  const wl = (x1 - (wh - bb)) + (x0 - bb);
  const p = exp < 0 ? -exp : exp;
  const dh = p <= 22 ? POW10[p] : pow10dd(p);
  const dl = p <= 22 ? 0 : powLow;
  let q: number;
  let r: number;
  if (exp < 0) {
    // w / d: q = wh / dh, then the remainder w - q d (exact up to q * dl) divided by dh
    q = wh / dh;
    const ph = twoProduct(q, dh);
    r = ((((wh - ph) - productLow) + wl) - q * dl) / dh;
  } else {
    q = twoProduct(wh, dh);
    r = productLow + wl * dh + wh * dl;
  }
  const sum = q + r;
  const t = r - (sum - q);
  const m = Math.abs(sum) * MARGIN;
  if (!(Math.abs(sum) >= 1e-280 && Math.abs(sum) <= 1e280)) return NaN;
  return sum + (t + m) === sum && sum + (t - m) === sum ? sum : NaN;
}

/**
 * The double nearest to the canonical significand `mant` (trailing zeros already moved into exp) x 10^exp, as the C's
 * decimal_value: zero, Clinger's fast path, else {@link longDecimal} over the digits as written; NaN when that cannot
 * be proved (the text kernels' references then give up, as the C does).
 * @param mant - the significand without its trailing zeros (exact below 2^53; only compared above it)
 * @param exp - its power of ten
 * @param b - the bytes of the digits
 * @param s - first digit (after any sign)
 * @param e - end of the digits (before any exponent)
 * @param trailing - trailing zeros moved into exp (longDecimal counts them itself)
 * @returns the double, or NaN
 * @example decimalValue(15, -1, new TextEncoder().encode('1.5'), 0, 3, 0); // 1.5
 */
export function decimalValue(mant: number, exp: number, b: Uint8Array, s: number, e: number, trailing: number): number {
  if (mant === 0) return 0;
  if (exp < -MAX_EXP10 || exp > MAX_EXP10) return NaN;
  if (mant < MAX_EXACT && exp >= -22 && exp <= 22) return exp < 0 ? mant / POW10[-exp] : mant * POW10[exp];
  return longDecimal(b, s, e, exp - trailing);
}
