/**
 * ORDER BY and ORDER BY ... LIMIT: the row order of a batch as indices. One orderable key with a limit runs the topK
 * kernel (a heap, no full sort); everything else the stable multi-key sortIndices kernel over encoded keys.
 */
import type { SortKey } from '../plan/ir';
import type { Column } from '../types';
import { materialize, selection } from './column';
import { evaluate, subsetContext, type EvalContext } from './expr';
import { compareNum, sortIndices, topK } from './hot';
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
  if (want < n && want > 0) {
    const col = materialize(evaluate(keys[0].expr, ctx), n);
    const x = topKValues(col);
    if (x !== null) {
      const valid = col.valid ?? new Uint8Array(0);
      const out = new Int32Array(want);
      const got = topK(n, x, valid, want, keys[0].descending ? 1 : 0, keys[0].nullsFirst ? 1 : 0, out);
      if (keys.length === 1) return out.subarray(0, got);
      // Several keys: the answer lies among the rows whose first key is no worse than the k-th row's; sort just
      // those by all keys (few, unless the first key has many ties).
      const rows = selection(noWorseThan(x, valid, out[got - 1], keys[0]), n);
      const order = sortOrder(keys, subsetContext(ctx, rows)).subarray(0, want);
      return Int32Array.from(order, (r) => rows[r]);
    }
  }
  return sortOrder(keys, ctx).subarray(0, want);
}

/** 1 for the rows whose first sort key is before or tied with row `b`'s (NULLs and NaN placed as in the sort). */
function noWorseThan(x: Float64Array, valid: Uint8Array, b: number, key: SortKey): Uint8Array {
  const n = x.length;
  const mask = new Uint8Array(n);
  const isNull = (i: number): boolean => valid.length > 0 && valid[i] === 0;
  const bNull = isNull(b);
  const sign = key.descending ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const iNull = isNull(i);
    if (iNull || bNull) {
      mask[i] = iNull === bNull || iNull === key.nullsFirst ? 1 : 0;
      continue;
    }
    mask[i] = compareNum(x[i], x[b]) * sign <= 0 ? 1 : 0;
  }
  return mask;
}
