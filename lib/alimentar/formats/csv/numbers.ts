/**
 * Number parsing straight from bytes for the general CSV path (type inference, nulls, quoted fields): the exact
 * decimal conversion itself is trueno's (backend/decimal.ts), shared with the CSV kernel that reads plain numeric
 * files; anything it cannot prove goes through `Number` on the decoded text.
 */
import { MAX_EXACT, POW10, longDecimal } from '../../../trueno/backend/decimal';

export { MAX_EXACT, POW10, longDecimal };
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
