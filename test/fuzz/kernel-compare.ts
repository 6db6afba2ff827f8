/** How the raw-kernel fuzz compares two answers of one call: the return value and every array argument afterwards
 * (what a kernel leaves undefined blanked by its entry's `normalize`). */
import { close } from './tensor-compare';

/** A call's answer: what it returned (a number, or a string for anything else) and a copy of each array argument. */
export interface Snapshot {
  returned: number | string | undefined;
  arrays: Array<ArrayLike<number | bigint> | undefined>;
}

function same(a: number | bigint, b: number | bigint, rtol: number): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') return a === b;
  // rtol 0: the same value, NaN as NaN, -0 apart from +0
  return rtol === 0 ? Object.is(a, b) : close(a, b, rtol);
}

/**
 * Where two answers of one call differ, or undefined when they agree.
 * @param got - one backend's answer
 * @param want - the other's
 * @param rtol - relative tolerance for float values (0: the same bits but for NaN payloads)
 * @returns a short description of the first difference
 */
export function snapshotDifference(got: Snapshot, want: Snapshot, rtol: number): string | undefined {
  if (!Object.is(got.returned, want.returned)) return `returned ${String(got.returned)} instead of ${String(want.returned)}`;
  for (let at = 0; at < want.arrays.length; at++) {
    const g = got.arrays[at], w = want.arrays[at];
    if (g === undefined || w === undefined) continue;
    if (g.length !== w.length) return `argument ${at}: ${g.length} elements instead of ${w.length}`;
    for (let i = 0; i < w.length; i++) {
      if (!same(g[i], w[i], rtol)) return `argument ${at} [${i}] is ${String(g[i])} instead of ${String(w[i])}`;
    }
  }
  return undefined;
}
