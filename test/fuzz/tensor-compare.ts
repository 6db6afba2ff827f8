/** How the Tensor abuse sweep compares an answer with a reference, or two backends' answers with each other. */
import type { Plain } from './tensor-cases';

/** Equal within `rtol` of the larger of |b| and `scale`, NaN to NaN, an infinity to the same infinity. */
export function close(a: number, b: number, rtol: number, scale = 0): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return a === b || Math.abs(a - b) <= rtol * Math.max(Math.abs(b), scale);
}

/**
 * Where two answers differ, or undefined when they agree.
 * @param got - the answer
 * @param want - the reference
 * @param rtol - relative tolerance
 * @param exact - compare each value on its own scale (IEEE edge cases), not the tensor's largest
 * @returns a short description of the first difference
 */
export function difference(got: Plain, want: Plain, rtol: number, exact = false): string | undefined {
  if (typeof want !== 'object' || typeof got !== 'object') {
    return typeof got === 'number' && typeof want === 'number' ? (close(got, want, rtol) ? undefined : `${got} instead of ${want}`) : got === want ? undefined : `${String(got)} instead of ${String(want)}`;
  }
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape}] instead of [${want.shape}]`;
  if (got.values.length !== want.values.length) return `${got.values.length} values instead of ${want.values.length}`;
  const scale = exact ? 0 : want.values.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  const i = got.values.findIndex((v, k) => !close(v, want.values[k], rtol, scale));
  return i < 0 ? undefined : `[${i}] is ${got.values[i]} instead of ${want.values[i]} (${got.values.slice(0, 6).join(', ')}${got.values.length > 6 ? ', ...' : ''})`;
}

