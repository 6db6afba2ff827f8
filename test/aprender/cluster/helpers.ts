/** Helpers of the clustering tests: the stored scikit-learn figures and label comparisons. */
import { reference } from '../reference/data';

/** scikit-learn's clustering figures (test/aprender/reference/cluster.json). */
export const sk = reference('cluster');

/** The adjusted Rand index of two labelings (Hubert and Arabie), as sklearn.metrics.adjusted_rand_score. */
export function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const table = new Map<string, number>(), rows = new Map<number, number>(), cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  const pairs = (v: number) => (v * (v - 1)) / 2;
  const sum = (m: Map<unknown, number>) => Array.from(m.values()).reduce((s, v) => s + pairs(v), 0);
  const index = sum(table), ra = sum(rows), rb = sum(cols), total = pairs(n);
  const expected = (ra * rb) / total, max = (ra + rb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Whether two labelings are the same partition (equal up to renaming the labels). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const forward = new Map<number, number>(), back = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((forward.get(a[i]) ?? b[i]) !== b[i] || (back.get(b[i]) ?? a[i]) !== a[i]) return false;
    forward.set(a[i], b[i]);
    back.set(b[i], a[i]);
  }
  return a.length === b.length;
}
