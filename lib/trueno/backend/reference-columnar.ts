/**
 * Plain-JS reference of the columnar kernels of trueno-db (trueno.h "columnar"): the oracle the native and WASM
 * builds are checked against, computing the same bits - float sums repeat the C's fixed block and lane order - and
 * the argument checks every backend but the native one (whose addon checks the same) runs before a call.
 *
 * Semantics (DuckDB's): NaN equals NaN and is greater than every number; -0 equals +0; an integer column compares with
 * a float64 value exactly; an optional array is absent when its length is 0.
 */
import { describe, rangeError, TruenoError, typeError } from '../errors';
import type { ColumnValues, SyncKernels } from './kernels';
import { AggCode, CMP_COUNT, CmpCode } from './ops.generated';

/** Rows per block of the C's block-parallel kernels (COLUMNAR_BLOCK). */
const BLOCK = 65536;
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// ---- argument checks (shared with the WASM backend) ----

function isColumn(a: unknown): a is ColumnValues {
  return a instanceof Float64Array || a instanceof Float32Array || a instanceof Int32Array || a instanceof BigInt64Array;
}

function checkCount(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw rangeError(`Expected an integer in [0, ${max}] for ${name} but received ${describe(value)}`);
  }
}

function checkColumn(a: unknown, n: number, name: string, optional = false): void {
  if (!isColumn(a)) {
    throw typeError(`Expected a Float64Array, Float32Array, Int32Array or BigInt64Array for ${name} but received ${describe(a)}`);
  }
  if (a.length !== n && !(optional && a.length === 0)) {
    throw rangeError(`Expected ${n}${optional ? ' or 0' : ''} entries for ${name} but received ${a.length}`);
  }
}

function checkTyped<T>(a: unknown, type: new (n: number) => T, typeName: string, lengths: number[], name: string): void {
  if (!(a instanceof type) || (typeName === 'Uint8Array' && a instanceof Uint8ClampedArray)) {
    throw typeError(`Expected a ${typeName} for ${name} but received ${describe(a)}`);
  }
  const length = (a as unknown as { length: number }).length;
  if (!lengths.includes(length)) {
    throw rangeError(`Expected ${lengths.join(' or ')} entries for ${name} but received ${length}`);
  }
}

/** An Int32Array output with room for at least `min` entries (outputs may be longer than what is written). */
function checkRoom(a: unknown, min: number, name: string): void {
  if (!(a instanceof Int32Array)) throw typeError(`Expected an Int32Array for ${name} but received ${describe(a)}`);
  if (a.length < min) throw rangeError(`Expected at least ${min} entries for ${name} but received ${a.length}`);
}

function checkOp(op: unknown, count: number, name: string): void {
  if (typeof op !== 'number' || !Number.isInteger(op) || op < 0 || op >= count) {
    throw rangeError(`Expected an integer in [0, ${count - 1}] for ${name} but received ${describe(op)}`);
  }
}

function checkNumber(v: unknown, name: string): void {
  if (typeof v !== 'number') throw typeError(`Expected a number for ${name} but received ${describe(v)}`);
}

/**
 * Whether groupAggregate aggregates values (else it only counts rows): acc is given, and so is x unless there are no
 * rows (then the empty groups' accumulators are written).
 */
export function aggregatesValues(n: number, x: ColumnValues, acc: Float64Array | BigInt64Array): boolean {
  return acc.length > 0 && (x.length > 0 || n === 0);
}

/** The argument checks of each columnar kernel, by kernel name (throw TypeError / RangeError). */
export const checkColumnar = {
  filterCompare(n: number, x: ColumnValues, op: number, value: number, valid: Uint8Array, and: number, mask: Uint8Array): void {
    checkCount(n, 'n');
    checkColumn(x, n, 'x');
    checkOp(op, CMP_COUNT, 'op');
    checkNumber(value, 'value');
    checkTyped(valid, Uint8Array, 'Uint8Array', [n, 0], 'valid');
    checkNumber(and, 'and');
    checkTyped(mask, Uint8Array, 'Uint8Array', [n], 'mask');
  },
  groupAggregate(n: number, groups: Int32Array, base: number, nGroups: number, x: ColumnValues, valid: Uint8Array,
    mask: Uint8Array, pred: ColumnValues, predOp: number, predValue: number, op: number, mean: Float64Array,
    count: Float64Array, acc: Float64Array | BigInt64Array): void {
    checkCount(n, 'n');
    checkTyped(groups, Int32Array, 'Int32Array', [n, 0], 'groups');
    if (typeof base !== 'number' || !Number.isSafeInteger(base)) {
      throw rangeError(`Expected a safe integer for base but received ${describe(base)}`);
    }
    checkCount(nGroups, 'nGroups', 2 ** 31);
    if (n > 0 && nGroups === 0) throw rangeError('Expected nGroups >= 1 for rows to go to but received 0');
    checkOp(op, 4, 'op');
    if (!(acc instanceof Float64Array || acc instanceof BigInt64Array)) {
      throw typeError(`Expected a Float64Array or BigInt64Array for acc but received ${describe(acc)}`);
    }
    if (acc.length !== 0 && acc.length !== nGroups) throw rangeError(`Expected ${nGroups} or 0 entries for acc but received ${acc.length}`);
    checkColumn(x, n, 'x', true);
    const values = aggregatesValues(n, x, acc);
    checkTyped(valid, Uint8Array, 'Uint8Array', [n, 0], 'valid');
    checkTyped(mask, Uint8Array, 'Uint8Array', [n, 0], 'mask');
    checkColumn(pred, n, 'pred', true);
    if (pred.length > 0) checkOp(predOp, CMP_COUNT, 'predOp');
    checkNumber(predValue, 'predValue');
    checkTyped(mean, Float64Array, 'Float64Array', values && op === AggCode.M2 ? [nGroups] : [nGroups, 0], 'mean');
    checkTyped(count, Float64Array, 'Float64Array', [nGroups], 'count');
    const intX = x instanceof Int32Array || x instanceof BigInt64Array;
    if (values) {
      const wantInt = intX && op === AggCode.SUM;
      const mayInt = intX && op !== AggCode.M2;
      const ok = acc instanceof BigInt64Array ? mayInt : acc instanceof Float64Array && !wantInt;
      if (!ok) {
        const want = wantInt ? 'a BigInt64Array' : mayInt ? 'a Float64Array or BigInt64Array' : 'a Float64Array';
        throw typeError(`Expected ${want} for acc (op ${op} of ${x.constructor.name}) but received ${describe(acc)}`);
      }
    }
  },
  hashGroup(n: number, m: number, keys: Float64Array, groups: Int32Array, firstRow: Int32Array): void {
    checkCount(n, 'n', INT32_MAX);
    checkCount(m, 'm');
    checkTyped(keys, Float64Array, 'Float64Array', [m * n], 'keys');
    checkTyped(groups, Int32Array, 'Int32Array', [n], 'groups');
    checkTyped(firstRow, Int32Array, 'Int32Array', [n], 'firstRow');
  },
  hashJoin(nb: number, m: number, buildKeys: Float64Array, buildValid: Uint8Array, np: number, probeKeys: Float64Array,
    probeValid: Uint8Array, capacity: number, outBuild: Int32Array, outProbe: Int32Array): void {
    checkCount(nb, 'nb', INT32_MAX);
    checkCount(m, 'm');
    checkTyped(buildKeys, Float64Array, 'Float64Array', [m * nb], 'buildKeys');
    checkTyped(buildValid, Uint8Array, 'Uint8Array', [nb, 0], 'buildValid');
    checkCount(np, 'np', INT32_MAX);
    checkTyped(probeKeys, Float64Array, 'Float64Array', [m * np], 'probeKeys');
    checkTyped(probeValid, Uint8Array, 'Uint8Array', [np, 0], 'probeValid');
    checkCount(capacity, 'capacity');
    checkRoom(outBuild, capacity, 'outBuild');
    checkRoom(outProbe, capacity, 'outProbe');
  },
  topK(n: number, x: Float64Array, valid: Uint8Array, k: number, descending: number, nullsFirst: number, out: Int32Array): void {
    checkCount(n, 'n', INT32_MAX);
    checkTyped(x, Float64Array, 'Float64Array', [n], 'x');
    checkTyped(valid, Uint8Array, 'Uint8Array', [n, 0], 'valid');
    checkCount(k, 'k');
    checkNumber(descending, 'descending');
    checkNumber(nullsFirst, 'nullsFirst');
    checkRoom(out, Math.min(k, n), 'out');
  },
  sortIndices(n: number, m: number, keys: Float64Array, descending: Uint8Array, out: Int32Array): void {
    checkCount(n, 'n', INT32_MAX);
    checkCount(m, 'm');
    checkTyped(keys, Float64Array, 'Float64Array', [m * n], 'keys');
    checkTyped(descending, Uint8Array, 'Uint8Array', [m], 'descending');
    checkTyped(out, Int32Array, 'Int32Array', [n], 'out');
  },
};

// ---- comparisons ----

/** `x op value` over one column, as a per-row test (NaN greatest and equal to NaN; integers exact). */
function predicate(x: ColumnValues, op: number, value: number): (i: number) => boolean {
  if (x instanceof BigInt64Array) {
    const [lo, hi, negate] = intRange(op, value);
    return (i) => (x[i] >= lo && x[i] <= hi) !== negate;
  }
  const c = value;
  if (c !== c) {
    switch (op) {
      case CmpCode.EQ: case CmpCode.GE: return (i) => x[i] !== x[i];
      case CmpCode.NE: case CmpCode.LT: return (i) => x[i] === x[i];
      case CmpCode.LE: return () => true;
      default: return () => false;
    }
  }
  const v = x as Float64Array | Float32Array | Int32Array;
  switch (op) {
    case CmpCode.EQ: return (i) => v[i] === c;
    case CmpCode.NE: return (i) => !(v[i] === c);
    case CmpCode.LT: return (i) => v[i] < c;
    case CmpCode.LE: return (i) => v[i] <= c;
    case CmpCode.GT: return (i) => v[i] > c || v[i] !== v[i];
    default: return (i) => v[i] >= c || v[i] !== v[i];
  }
}

/** `x op value` for int64 x as lo <= x <= hi (negated for <>), computed exactly from the float64 value (not NaN). */
function intRange(op: number, value: number): [bigint, bigint, boolean] {
  const empty: [bigint, bigint, boolean] = [1n, 0n, false];
  const clamp = (v: number): bigint => (v >= 2 ** 63 ? INT64_MAX : v < -(2 ** 63) ? INT64_MIN : BigInt(v));
  if (value !== value) return op === CmpCode.LT || op === CmpCode.LE || op === CmpCode.NE ? [INT64_MIN, INT64_MAX, false] : empty;
  const fl = Math.floor(value), ce = Math.ceil(value);
  switch (op) {
    case CmpCode.EQ: case CmpCode.NE: {
      const integral = fl === value && value >= -(2 ** 63) && value < 2 ** 63;
      const r: [bigint, bigint, boolean] = integral ? [BigInt(value), BigInt(value), false] : [1n, 0n, false];
      r[2] = op === CmpCode.NE;
      return r;
    }
    case CmpCode.LT: return ce <= -(2 ** 63) ? empty : [INT64_MIN, ce > 2 ** 63 - 1 ? INT64_MAX : clamp(ce) - 1n, false];
    case CmpCode.LE: return fl < -(2 ** 63) ? empty : [INT64_MIN, clamp(fl), false];
    case CmpCode.GT: return fl >= 2 ** 63 - 1 ? empty : [fl < -(2 ** 63) ? INT64_MIN : clamp(fl) + 1n, INT64_MAX, false];
    default: return ce >= 2 ** 63 ? empty : [clamp(ce), INT64_MAX, false];
  }
}

/** Ascending order of float64 values with NaN last and -0 equal to +0 (negative, 0 or positive). */
function compareValues(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : 1;
  if (b !== b) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A Map key for row i of m column-major keys: SameValueZero already makes -0 equal +0 and NaN equal NaN. */
function rowKey(keys: Float64Array, n: number, m: number, i: number): number | string {
  if (m === 1) return keys[i];
  let s = '';
  for (let j = 0; j < m; j++) s += `${keys[j * n + i]}|`;
  return s;
}

// ---- the kernels ----

function filterCompare(n: number, x: ColumnValues, op: number, value: number, valid: Uint8Array, and: number, mask: Uint8Array): void {
  checkColumnar.filterCompare(n, x, op, value, valid, and, mask);
  const test = predicate(x, op, value);
  for (let i = 0; i < n; i++) {
    const r = test(i) && (valid.length === 0 || valid[i] !== 0);
    mask[i] = and ? (r && mask[i] !== 0 ? 1 : 0) : r ? 1 : 0;
  }
}

/** The block length of groupAggregate for nGroups groups: max(65536, 8 * 2^ceil(log2(nGroups))). */
function blockRows(nGroups: number): number {
  let p = 1;
  while (p < nGroups) p *= 2;
  return Math.max(BLOCK, 8 * p);
}

function groupAggregate(n: number, groups: Int32Array, base: number, nGroups: number, x: ColumnValues, valid: Uint8Array,
  mask: Uint8Array, pred: ColumnValues, predOp: number, predValue: number, op: number, mean: Float64Array,
  count: Float64Array, acc: Float64Array | BigInt64Array): void {
  checkColumnar.groupAggregate(n, groups, base, nGroups, x, valid, mask, pred, predOp, predValue, op, mean, count, acc);
  const values = aggregatesValues(n, x, acc);
  const passes = pred.length > 0 ? predicate(pred, predOp, predValue) : () => true;
  const counted = (i: number) => (mask.length === 0 || mask[i] !== 0) && (valid.length === 0 || valid[i] !== 0) && passes(i);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] - base;
    if (!(g >= 0 && g < nGroups)) throw new TruenoError(`groupAggregate: group ${groups[i]} - ${base} outside [0, ${nGroups})`, 'ERR_TRUENO_EINVAL');
  }
  const intX = x instanceof Int32Array || x instanceof BigInt64Array;
  const extreme = op === AggCode.MIN || op === AggCode.MAX;
  const isMax = op === AggCode.MAX;
  const B = blockRows(nGroups);
  const totalCount = new Float64Array(nGroups);
  const exact = values && intX && op !== AggCode.M2;
  const fTotal = new Float64Array(nGroups);
  const iTotal: bigint[] = new Array<bigint>(nGroups).fill(0n);
  const blockCount = new Float64Array(nGroups);
  const fPart = new Float64Array(nGroups);
  const iPart: bigint[] = new Array<bigint>(nGroups).fill(0n);
  const overflow = () => new TruenoError('groupAggregate: an int64 sum overflowed', 'ERR_TRUENO_EINVAL');
  const fBetter = (v: number, cur: number) => (isMax ? v > cur || (v !== v && cur === cur) : v < cur || (cur !== cur && v === v));
  const num = (i: number): number => Number(x[i]);
  for (let at = 0, b = 0; at < n; at += B, b++) {
    const end = Math.min(n, at + B);
    blockCount.fill(0);
    fPart.fill(extreme ? (isMax ? -Infinity : NaN) : -0);
    iPart.fill(extreme ? (isMax ? INT64_MIN : INT64_MAX) : 0n);
    const lanes = [-0, -0, -0, -0, -0, -0, -0, -0];
    const laneSum = groups.length === 0 && values && !exact && !extreme;
    for (let i = at; i < end; i++) {
      if (!counted(i)) continue;
      const g = groups.length === 0 ? 0 : groups[i] - base;
      blockCount[g]++;
      if (!values) continue;
      if (laneSum) {
        const v = num(i), d = v - mean[0];
        lanes[(i - at) % 8] += op === AggCode.SUM ? v : d * d;
      } else if (exact) {
        const v = BigInt(x[i]);
        if (extreme) {
          if (isMax ? v > iPart[g] : v < iPart[g]) iPart[g] = v;
        } else {
          iPart[g] += v;
          if (iPart[g] > INT64_MAX || iPart[g] < INT64_MIN) throw overflow();
        }
      } else if (extreme) {
        const v = num(i);
        if (fBetter(v, fPart[g])) fPart[g] = v;
      } else {
        const v = num(i), d = v - mean[g];
        fPart[g] += op === AggCode.SUM ? v : d * d;
      }
    }
    if (laneSum) fPart[0] = ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
    for (let g = 0; g < nGroups; g++) {
      const first = b === 0;
      if (exact) {
        if (extreme) {
          if (blockCount[g] > 0 && (totalCount[g] === 0 || (isMax ? iPart[g] > iTotal[g] : iPart[g] < iTotal[g]))) iTotal[g] = iPart[g];
        } else {
          iTotal[g] = first ? iPart[g] : iTotal[g] + iPart[g];
          if (iTotal[g] > INT64_MAX || iTotal[g] < INT64_MIN) throw overflow();
        }
      } else if (extreme) {
        if (blockCount[g] > 0 && (totalCount[g] === 0 || fBetter(fPart[g], fTotal[g]))) fTotal[g] = fPart[g];
      } else {
        fTotal[g] = first ? fPart[g] : fTotal[g] + fPart[g];
      }
      totalCount[g] += blockCount[g];
    }
  }
  for (let g = 0; g < nGroups; g++) count[g] += totalCount[g];
  if (!values) return;
  for (let g = 0; g < nGroups; g++) {
    const empty = totalCount[g] === 0;
    if (acc instanceof BigInt64Array) acc[g] = empty ? 0n : iTotal[g];
    else if (exact) acc[g] = empty ? NaN : Number(iTotal[g]);
    else acc[g] = empty ? (extreme ? NaN : 0) : fTotal[g];
  }
}

function hashGroup(n: number, m: number, keys: Float64Array, groups: Int32Array, firstRow: Int32Array): number {
  checkColumnar.hashGroup(n, m, keys, groups, firstRow);
  const ids = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = rowKey(keys, n, m, i);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      firstRow[id] = i;
    }
    groups[i] = id;
  }
  return ids.size;
}

function hashJoin(nb: number, m: number, buildKeys: Float64Array, buildValid: Uint8Array, np: number, probeKeys: Float64Array,
  probeValid: Uint8Array, capacity: number, outBuild: Int32Array, outProbe: Int32Array): number {
  checkColumnar.hashJoin(nb, m, buildKeys, buildValid, np, probeKeys, probeValid, capacity, outBuild, outProbe);
  const rows = new Map<number | string, number[]>();
  for (let i = 0; i < nb; i++) {
    if (buildValid.length > 0 && !buildValid[i]) continue;
    const key = rowKey(buildKeys, nb, m, i);
    const list = rows.get(key);
    if (list) list.push(i);
    else rows.set(key, [i]);
  }
  let total = 0;
  for (let i = 0; i < np; i++) {
    if (probeValid.length > 0 && !probeValid[i]) continue;
    const list = rows.get(rowKey(probeKeys, np, m, i));
    if (!list) continue;
    for (const r of list) {
      if (total < capacity) {
        outBuild[total] = r;
        outProbe[total] = i;
      }
      total++;
    }
  }
  return total;
}

function topK(n: number, x: Float64Array, valid: Uint8Array, k: number, descending: number, nullsFirst: number, out: Int32Array): number {
  checkColumnar.topK(n, x, valid, k, descending, nullsFirst, out);
  const values: number[] = [], nulls: number[] = [];
  for (let i = 0; i < n; i++) (valid.length > 0 && !valid[i] ? nulls : values).push(i);
  const sign = descending ? -1 : 1;
  values.sort((a, b) => sign * compareValues(x[a], x[b]) || a - b);
  const order = nullsFirst ? [...nulls, ...values] : [...values, ...nulls];
  const written = Math.min(k, n);
  for (let r = 0; r < written; r++) out[r] = order[r];
  return written;
}

function sortIndices(n: number, m: number, keys: Float64Array, descending: Uint8Array, out: Int32Array): void {
  checkColumnar.sortIndices(n, m, keys, descending, out);
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    for (let j = 0; j < m; j++) {
      const c = compareValues(keys[j * n + a], keys[j * n + b]);
      if (c !== 0) return descending[j] ? -c : c;
    }
    return a - b;
  });
  out.set(order);
}

/** The columnar reference kernels, spread into the 'js' backend. */
export const columnarReference: Pick<SyncKernels, 'filterCompare' | 'groupAggregate' | 'hashGroup' | 'hashJoin' | 'topK' | 'sortIndices'> = {
  filterCompare, groupAggregate, hashGroup, hashJoin, topK, sortIndices,
};
