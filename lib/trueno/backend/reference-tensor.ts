/**
 * Plain-JS reference of the indexing and comparison kernels (trueno.h "indexing"): compare, where, gather,
 * copyBlocks, cumsum, argsort. Arguments are already checked by the ops layer (the addon checks them again).
 */
import { CompareOp, type SyncKernels } from './kernels';

type Value = number | bigint;
const COMPARE: Array<(a: Value, b: Value) => boolean> = [];
COMPARE[CompareOp.eq] = (a, b) => a === b;
COMPARE[CompareOp.ne] = (a, b) => a !== b;
COMPARE[CompareOp.lt] = (a, b) => a < b;
COMPARE[CompareOp.le] = (a, b) => a <= b;
COMPARE[CompareOp.gt] = (a, b) => a > b;
COMPARE[CompareOp.ge] = (a, b) => a >= b;

/** Ascending with NaN last; equal keys keep their order (the caller's sort is stable). */
function ascending(a: Value, b: Value): number {
  if (typeof a === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b as number);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const tensorReference: Pick<SyncKernels, 'compare' | 'where' | 'gather' | 'copyBlocks' | 'cumsum' | 'argsort'> = {
  compare(op, a, b, out) {
    const f = COMPARE[op];
    const scalar = b.length === 1;
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[scalar ? 0 : i]) ? 1 : 0;
  },
  where(cond, a, b, out) {
    for (let i = 0; i < cond.length; i++) out[i] = cond[i] ? a[i] : b[i];
  },
  gather(x, outer, len, inner, idx, out) {
    const o = out as Float64Array;
    for (let p = 0; p < outer; p++) {
      for (let j = 0; j < idx.length; j++) {
        const src = (p * len + idx[j]) * inner;
        o.set((x as Float64Array).subarray(src, src + inner), (p * idx.length + j) * inner);
      }
    }
  },
  copyBlocks(x, outer, block, out, stride, offset) {
    for (let p = 0; p < outer; p++) {
      (out as Float64Array).set((x as Float64Array).subarray(p * block, (p + 1) * block), p * stride + offset);
    }
  },
  cumsum(x, outer, len, inner, out) {
    const round = out instanceof Float32Array ? Math.fround : (v: number) => v;
    for (let p = 0; p < outer; p++) {
      for (let i = 0; i < inner; i++) {
        // The first element is copied (so -0 stays -0), then each adds to the running sum, as numpy's add.accumulate.
        let acc: Value = 0;
        for (let j = 0; j < len; j++) {
          const at = (p * len + j) * inner + i;
          const v = out instanceof BigInt64Array ? BigInt(x[at]) : (x[at] as number);
          acc = j === 0 ? v : typeof v === 'bigint' ? BigInt.asIntN(64, (acc as bigint) + v) : round((acc as number) + v);
          out[at] = acc;
        }
      }
    }
  },
  argsort(x, outer, len, inner, out) {
    const order = new Array<number>(len);
    for (let p = 0; p < outer; p++) {
      for (let i = 0; i < inner; i++) {
        const at = (j: number) => (p * len + j) * inner + i;
        for (let j = 0; j < len; j++) order[j] = j;
        order.sort((u, v) => ascending(x[at(u)], x[at(v)]) || u - v);
        for (let j = 0; j < len; j++) out[at(j)] = order[j];
      }
    }
  },
};

