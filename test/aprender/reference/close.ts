/** The closeness rule of the parity tests against scikit-learn's stored figures. */

/**
 * Every entry of got within rtol of want, measured against want's largest magnitude (so entries near 0 are held to
 * the same absolute error as the rest of the array, not to a relative one they cannot meet).
 * @param got - our values (or one number)
 * @param want - scikit-learn's (a number or nested arrays, as stored)
 * @param what - names the comparison in the failure
 * @param rtol - relative tolerance, default 1e-6
 */
export function expectClose(got: ArrayLike<number> | number, want: unknown, what: string, rtol = 1e-6): void {
  const g = typeof got === 'number' ? [got] : Array.from(got);
  const w = [want].flat(3) as number[];
  if (g.length !== w.length) throw new Error(`${what}: ${g.length} values, expected ${w.length}`);
  const scale = Math.max(...w.map(Math.abs), 1e-300);
  const worst = Math.max(...g.map((v, i) => Math.abs(v - w[i])));
  if (!(worst <= rtol * scale)) throw new Error(`${what}: off by ${worst} (scale ${scale}, rtol ${rtol})`);
}
