/**
 * Plain-JS reference of the indexing and comparison kernels (trueno.h "indexing"): compare, where, gather,
 * copyBlocks, cumsum, argsort, and `checkIndexing`, the argument checks the js and WASM backends run before a call
 * (the addon runs the same ones natively, the C its own after them): the ops layer checks its arguments first, so
 * these guard the kernel table itself, where a malformed call must be refused, never read or write outside a buffer.
 */
import type { NumericArray } from '../dtype';
import { CompareOp, type SyncKernels } from './kernels';
import { int32Array, kernelArray, kernelInt, kernelSize, layoutFits, requireLengths, sameDtype, type KernelArray } from './kernel-args';
import { einval } from './reference-graph';

const INT32_MAX = 2 ** 31 - 1;

/** Bytes of an element of a kernel array (a BigInt64Array is int64). */
const elementBytes = (a: KernelArray) => a.BYTES_PER_ELEMENT;

/**
 * The argument checks of each indexing kernel, in the addon's order (types, then lengths), then the C's (layouts
 * whose byte count overflows, indices out of range: EINVAL).
 * @throws TypeError / RangeError naming the bad argument, TruenoError ERR_TRUENO_EINVAL as the C's refusal
 */
export const checkIndexing = {
  compare(op: number, a: NumericArray, b: NumericArray, out: Uint8Array): void {
    kernelInt(op, 'op');
    const [xa, xb, xo] = [kernelArray(a, 'a'), kernelArray(b, 'b'), kernelArray(out, 'out')];
    sameDtype(xa, xb, 'a and b');
    requireLengths(xo instanceof Uint8Array && xo.length === xa.length && (xb.length === 1 || xb.length === xa.length), "out: a's length uint8, b: 1 or a's length");
    requireLengths(op >= 0 && op < 6, 'op: 0 (==) to 5 (>=)');
  },
  where(cond: Uint8Array, a: NumericArray, b: NumericArray, out: NumericArray): void {
    const [xc, xa, xb, xo] = [kernelArray(cond, 'cond'), kernelArray(a, 'a'), kernelArray(b, 'b'), kernelArray(out, 'out')];
    sameDtype(xa, xb, 'a and b');
    sameDtype(xa, xo, 'a and out');
    const n = xc.length;
    requireLengths(xc instanceof Uint8Array && xa.length === n && xb.length === n && xo.length === n, 'cond uint8; cond, a, b and out of one length');
  },
  gather(x: NumericArray, outer: number, len: number, inner: number, idx: Int32Array, out: NumericArray): void {
    const xx = kernelArray(x, 'x');
    [outer, len, inner] = [kernelSize(outer, 'outer'), kernelSize(len, 'len'), kernelSize(inner, 'inner')];
    const xi = int32Array(idx, 'idx'), xo = kernelArray(out, 'out');
    sameDtype(xx, xo, 'x and out');
    requireLengths(xx.length === outer * len * inner && xo.length === outer * xi.length * inner, 'x: outer x len x inner, out: outer x idx.length x inner');
    if (!layoutFits([outer, len, inner], elementBytes(xx)) || !layoutFits([outer, xi.length, inner], elementBytes(xx))) einval('gather', 'layout beyond memory');
    for (let j = 0; j < xi.length; j++) if (!(xi[j] >= 0 && xi[j] < len)) einval('gather', `index ${xi[j]} outside [0, ${len})`);
  },
  copyBlocks(x: NumericArray, outer: number, block: number, out: NumericArray, stride: number, offset: number): void {
    const xx = kernelArray(x, 'x');
    [outer, block] = [kernelSize(outer, 'outer'), kernelSize(block, 'block')];
    const xo = kernelArray(out, 'out');
    [stride, offset] = [kernelSize(stride, 'stride'), kernelSize(offset, 'offset')];
    sameDtype(xx, xo, 'x and out');
    requireLengths(xx.length === outer * block && xo.length === outer * stride && offset <= stride && block <= stride - offset,
      'x: outer x block, out: outer x stride, offset + block <= stride');
    if (!layoutFits([outer, block], elementBytes(xx)) || !layoutFits([outer, stride], elementBytes(xx))) einval('copyBlocks', 'layout beyond memory');
  },
  cumsum(x: NumericArray, outer: number, len: number, inner: number, out: NumericArray): void {
    const xx = kernelArray(x, 'x');
    [outer, len, inner] = [kernelSize(outer, 'outer'), kernelSize(len, 'len'), kernelSize(inner, 'inner')];
    const xo = kernelArray(out, 'out');
    const float = xx instanceof Float64Array || xx instanceof Float32Array;
    requireLengths(float ? xo.constructor === xx.constructor : xo instanceof BigInt64Array, "out: x's float dtype, else int64");
    requireLengths(xx.length === outer * len * inner && xo.length === xx.length, 'x and out: outer x len x inner');
    if (!layoutFits([outer, len, inner], 8)) einval('cumsum', 'layout beyond memory');
  },
  argsort(x: NumericArray, outer: number, len: number, inner: number, out: Int32Array): void {
    const xx = kernelArray(x, 'x');
    [outer, len, inner] = [kernelSize(outer, 'outer'), kernelSize(len, 'len'), kernelSize(inner, 'inner')];
    const xo = int32Array(out, 'out');
    requireLengths(len <= INT32_MAX && xx.length === outer * len * inner && xo.length === xx.length, 'x and out: outer x len x inner, len < 2^31');
    if (!layoutFits([outer, len, inner], 8)) einval('argsort', 'layout beyond memory');
  },
};

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
    checkIndexing.compare(op, a, b, out);
    const f = COMPARE[op];
    const scalar = b.length === 1;
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[scalar ? 0 : i]) ? 1 : 0;
  },
  where(cond, a, b, out) {
    checkIndexing.where(cond, a, b, out);
    for (let i = 0; i < cond.length; i++) out[i] = cond[i] ? a[i] : b[i];
  },
  gather(x, outer, len, inner, idx, out) {
    checkIndexing.gather(x, outer, len, inner, idx, out);
    // nothing to write (the loops would still count through a huge empty layout, as the C does not)
    if (out.length === 0) return;
    const o = out as Float64Array;
    for (let p = 0; p < outer; p++) {
      for (let j = 0; j < idx.length; j++) {
        const src = (p * len + idx[j]) * inner;
        o.set((x as Float64Array).subarray(src, src + inner), (p * idx.length + j) * inner);
      }
    }
  },
  copyBlocks(x, outer, block, out, stride, offset) {
    checkIndexing.copyBlocks(x, outer, block, out, stride, offset);
    for (let p = 0; p < outer; p++) {
      (out as Float64Array).set((x as Float64Array).subarray(p * block, (p + 1) * block), p * stride + offset);
    }
  },
  cumsum(x, outer, len, inner, out) {
    checkIndexing.cumsum(x, outer, len, inner, out);
    if (out.length === 0) return;
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
    checkIndexing.argsort(x, outer, len, inner, out);
    if (out.length === 0) return;
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

