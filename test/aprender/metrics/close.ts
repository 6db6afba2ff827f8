/** Comparing metric results with scikit-learn's stored JSON values. */

/**
 * JSON values as numbers: 'nan' / 'inf' / '-inf' strings back to NaN and infinities, recursively.
 * @param v - a stored value
 * @returns the value with the special strings mapped
 */
export function fromJson(v: unknown): unknown {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (Array.isArray(v)) return v.map(fromJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x)]));
  return v;
}

/**
 * Expects actual to equal expected: numbers within 1e-9 relative (NaN equals NaN), arrays and TypedArrays element by
 * element, objects key by key, anything else exactly.
 * @param actual - what aprender gave
 * @param expected - scikit-learn's value
 * @param where - the path, for the message
 */
export function expectClose(actual: unknown, expected: unknown, where: string): void {
  if (ArrayBuffer.isView(actual)) actual = Array.from(actual as unknown as ArrayLike<number>);
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') throw new Error(`${where}: expected the number ${expected} but received ${String(actual)}`);
    if (Number.isNaN(expected) && Number.isNaN(actual)) return;
    if (actual === expected) return;
    if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) throw new Error(`${where}: expected ${expected} but received ${actual}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) throw new Error(`${where}: expected an array of ${expected.length} but received ${JSON.stringify(actual)?.slice(0, 200)}`);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${where}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') throw new Error(`${where}: expected an object but received ${String(actual)}`);
    expect(Object.keys(actual as object).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], e, `${where}.${k}`);
    return;
  }
  expect(actual).toEqual(expected);
}
