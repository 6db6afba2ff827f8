/**
 * Results as they cross from a page to the test: JSON text that keeps what JSON loses (bigint, NaN, ±Infinity, -0,
 * typed arrays as plain arrays), decoded on the Node side to the same values.
 */

/**
 * @param value - plain data: objects, arrays, typed arrays, numbers (any), bigints, strings, booleans, null
 * @returns its JSON text
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (typeof raw === 'bigint') return { $big: raw.toString() };
    if (typeof raw === 'number' && (!Number.isFinite(raw) || Object.is(raw, -0))) return { $num: Object.is(raw, -0) ? '-0' : String(raw) };
    if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) return Array.from(raw as unknown as ArrayLike<unknown>);
    return v;
  });
}

/**
 * @param text - what {@link encode} gave
 * @returns the value
 */
export function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as { $big?: string; $num?: string };
      if (typeof o.$big === 'string' && Object.keys(o).length === 1) return BigInt(o.$big);
      if (typeof o.$num === 'string' && Object.keys(o).length === 1) return o.$num === '-0' ? -0 : Number(o.$num);
    }
    return v;
  });
}
