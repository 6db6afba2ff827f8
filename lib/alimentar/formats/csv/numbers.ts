/**
 * Number parsing straight from bytes. Decimal text with a significand below 2^53 and a power of ten up to 22 is
 * converted with one correctly rounded IEEE operation (Clinger's fast path), so the result is the same double as
 * `Number(text)`. Significands of up to 17 digits (what a shortest round-trip double prints) go through double-double
 * arithmetic with an error bound: when the bound proves the rounding, that double is returned, otherwise (about one
 * value in 2^37) and for anything longer, `Number` on the decoded text decides.
 */
export const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
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
 * The double nearest to digits x 10^exp, where the digits are the decimal digits in bytes [s, e) ('.' skipped), or
 * NaN when that cannot be proved here (more than 17 significant digits, |exp| > 22, or too close to a tie).
 * @param b - the bytes
 * @param s - first digit (after any sign)
 * @param e - end of the digits (before any exponent)
 * @param exp - power of ten that scales the integer the digits spell
 */
export function longDecimal(b: Uint8Array, s: number, e: number, exp: number): number {
  if (exp < -22 || exp > 22) return NaN;
  let first = s;
  while (first < e && (b[first] === 48 || b[first] === 46)) first++;
  let n = 0;
  for (let i = first; i < e; i++) if (b[i] !== 46) n++;
  if (n > 17) return NaN;
  // The last 8 significant digits go to lo, the ones before to hi: both stay exact integers.
  let hi = 0;
  let lo = 0;
  let k = 0;
  for (let i = first; i < e; i++) {
    const d = b[i] - 48;
    if (d < 0) continue;
    if (k++ < n - 8) hi = hi * 10 + d;
    else lo = lo * 10 + d;
  }
  // w = hi * 1e8 + lo exactly, as the unevaluated sum wh + wl (hi < 1e9 is split so each product is exact).
  const h1 = Math.floor(hi / 32768);
  const x1 = h1 * 3276800000000;
  const x0 = (hi - h1 * 32768) * 1e8 + lo;
  const wh = x1 + x0;
  const bb = wh - x1;
  const wl = (x1 - (wh - bb)) + (x0 - bb);
  let q: number;
  let r: number;
  if (exp < 0) {
    const d = POW10[-exp];
    q = wh / d;
    const ph = twoProduct(q, d);
    r = (((wh - ph) - productLow) + wl) / d;
  } else {
    const d = POW10[exp];
    q = twoProduct(wh, d);
    r = productLow + wl * d;
  }
  const sum = q + r;
  const t = r - (sum - q);
  const m = Math.abs(sum) * MARGIN;
  return sum + (t + m) === sum && sum + (t - m) === sum ? sum : NaN;
}
const SPECIAL: Record<string, number> = {
  nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
  infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
};

/** Result of the last parse: false when the text was not a number. */
export const parsed = { ok: true };

export function latin1(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 24) {
    let text = '';
    for (let i = s; i < e; i++) text += String.fromCharCode(b[i]);
    return text;
  }
  // not String.fromCharCode(...bytes): a spread or apply passes each byte as an argument and overflows the stack
  // from ~125,000 bytes on
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
}

/**
 * Parses a float from bytes [s, e); sets `parsed.ok`.
 * @param checkOnly - only check the syntax (type inference), returning 0: skips the slow path for long significands
 * @returns the value (NaN with parsed.ok false when it is not a number)
 */
export function parseFloatBytes(b: Uint8Array, s: number, e: number, checkOnly = false): number {
  let i = s;
  let neg = false;
  if (b[i] === 45) { neg = true; i++; } else if (b[i] === 43) i++;
  let mant = 0;
  let exp = 0;
  let digits = 0;
  while (i < e) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    digits++;
    i++;
  }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      exp--;
      digits++;
      i++;
    }
  }
  const digitsEnd = i;
  if (digits > 0 && i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    let eneg = false;
    if (b[i] === 45) { eneg = true; i++; } else if (b[i] === 43) i++;
    let ev = 0;
    let ed = 0;
    while (i < e) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      ev = ev * 10 + d;
      ed++;
      i++;
    }
    if (ed === 0) i = -1;
    exp += eneg ? -ev : ev;
  }
  if (i === e && digits > 0) {
    parsed.ok = true;
    if (checkOnly) return 0;
    if (mant < MAX_EXACT && exp >= -22 && exp <= 22) {
      const v = exp < 0 ? mant / POW10[-exp] : mant * POW10[exp];
      return neg ? -v : v;
    }
    const v = longDecimal(b, neg || b[s] === 43 ? s + 1 : s, digitsEnd, exp);
    if (v === v) return neg ? -v : v;
    return Number(latin1(b, s, e));
  }
  return special(latin1(b, s, e));
}

function special(text: string): number {
  const special = SPECIAL[text.toLowerCase()];
  parsed.ok = special !== undefined;
  return parsed.ok ? special : NaN;
}

/**
 * Parses an integer from bytes [s, e) when it is exactly representable as a double (|v| <= 2^53); sets `parsed.ok`.
 * Longer integers set ok false: the caller decides (BigInt for int64, an error otherwise).
 */
export function parseIntBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 45) { neg = true; i++; } else if (b[i] === 43) i++;
  if (i >= e || e - i > 16) {
    parsed.ok = false;
    return 0;
  }
  let v = 0;
  while (i < e) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) {
      parsed.ok = false;
      return 0;
    }
    v = v * 10 + d;
    i++;
  }
  parsed.ok = v <= MAX_EXACT;
  return neg ? -v : v;
}

/** Parses an integer of any size from bytes [s, e) as a BigInt, or undefined when it is not an integer. */
export function parseBigIntBytes(b: Uint8Array, s: number, e: number): bigint | undefined {
  const text = latin1(b, s, e);
  return /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
}

/** Decodes bytes [s, e) as Latin-1 (only used for numbers and error messages, where the text is ASCII). */
export function asciiText(b: Uint8Array, s: number, e: number): string {
  return latin1(b, s, Math.min(e, s + 60));
}
