/**
 * ORDER BY and ORDER BY ... LIMIT: the row order of a batch as indices. One orderable key with a limit runs the topK
 * kernel (a heap, no full sort); everything else the stable multi-key sortIndices kernel over encoded keys.
 */
import type { SortKey } from '../plan/ir';
import type { Column } from '../types';
import { materialize } from './column';
import { evaluate, type EvalContext } from './expr';
import { sortIndices, topK } from './hot';
import { dictRanks, sortKeys } from './keys';

/** The key columns of ORDER BY, evaluated over the context. */
function keyColumns(keys: SortKey[], ctx: EvalContext): Column[] {
  return keys.map((k) => materialize(evaluate(k.expr, ctx), ctx.n));
}

/** The full stable order of the context's rows. */
export function sortOrder(keys: SortKey[], ctx: EvalContext): Int32Array {
  const n = ctx.n;
  const cols = keyColumns(keys, ctx);
  const enc = sortKeys(cols, keys.map((k) => k.descending), keys.map((k) => k.nullsFirst), n);
  const out = new Int32Array(n);
  sortIndices(n, enc.m, enc.keys, enc.desc, out);
  return out;
}

/** The key as float64 for topK (exact), or null when it has no single exact float64 form (bigint, lists). */
function topKValues(c: Column): Float64Array | null {
  const v = c.values;
  if (v instanceof BigInt64Array || c.type.id === 'list') return null;
  if (c.type.id === 'varchar') {
    const rank = dictRanks(c.dict!);
    const codes = v as Int32Array;
    return Float64Array.from(codes, (code) => rank[code]);
  }
  if (v instanceof Float64Array) return v;
  return Float64Array.from(v as ArrayLike<number>);
}

/**
 * The first `k` rows of the order (k may exceed the rows).
 * @returns row indices in order, at most k
 */
export function topOrder(keys: SortKey[], ctx: EvalContext, k: number): Int32Array {
  const n = ctx.n;
  const want = Math.max(0, Math.min(k, n));
  if (keys.length === 1 && want < n) {
    const [col] = keyColumns(keys, ctx);
    const x = topKValues(col);
    if (x !== null) {
      const out = new Int32Array(want);
      const got = topK(n, x, col.valid ?? new Uint8Array(0), want, keys[0].descending ? 1 : 0,
        keys[0].nullsFirst ? 1 : 0, out);
      return out.subarray(0, got);
    }
  }
  return sortOrder(keys, ctx).subarray(0, want);
}
