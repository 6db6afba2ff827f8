/**
 * GROUP BY and aggregates. Rows get a group id either straight from a single small dense integer (or dictionary
 * code) key, or from the hashGroup kernel; each aggregate is then one or two groupAggregate kernel calls over whole
 * columns (sum/avg share one call; variance is two-pass: mean, then the sum of squared deviations, which is stable).
 * A filter under the aggregate arrives as a row mask or a fused `column op constant` predicate, so `SELECT sum(x)
 * FROM t WHERE x > 0.5` is a single kernel call. DISTINCT aggregates first keep one row per (group, value);
 * median and quantiles sort the rows by (group, value).
 */
import type { AggregateCall, AggregateNode } from '../plan/ir';
import type { Column, ColumnBatch, SqlType } from '../types';
import { AggCode, CmpCode } from '../../trueno/backend/ops.generated';
import { ExecError } from '../errors';
import { allocValues, gather, isInteger, materialize, selection, typeName } from './column';
import { evaluate, subsetContext, type EvalContext } from './expr';
import { filterCompare, groupAggregate, hashGroup, sortIndices, type KernelValues } from './hot';
import { dictRanks, groupKeys, sortKeys } from './keys';
import { kernelValues } from './filter';

/** A fused filter: rows count only where `x op value`. */
export interface FusedPredicate {
  x: KernelValues;
  op: number;
  value: number;
}

/** The input of an aggregation: rows, optionally restricted by a mask or a fused predicate. */
export interface AggregateInput {
  ctx: EvalContext;
  mask?: Uint8Array;
  pred?: FusedPredicate;
}

/** Which rows belong to which group. */
interface Grouping {
  n: number;
  groups: Int32Array;
  base: number;
  count: number;
  mask: Uint8Array;
  pred: FusedPredicate | null;
  /** The group key columns, one row per group. */
  keys: (kept: Int32Array) => Column[];
  /** Whether groups may be empty (direct arrays): they are dropped using count(*). */
  sparse: boolean;
}

const NONE_U8 = new Uint8Array(0);
const NONE_I32 = new Int32Array(0);
const NONE_F64 = new Float64Array(0);

/** Largest key range a direct array is used for. */
const DIRECT_MAX = 1 << 22;

/** Runs an Aggregate node over its (possibly pre-filtered) input. */
export function aggregate(node: AggregateNode, input: AggregateInput): ColumnBatch {
  const grouping = groupRows(node, input);
  const cache = new Map<string, Partial<KernelResult>>();
  // count(*) last: a sum over a column without NULLs counts the same rows, so it then costs no extra pass.
  const results: Column[] = new Array<Column>(node.aggregates.length);
  const order = node.aggregates.map((_, k) => k).sort((a, b) =>
    Number(node.aggregates[a].fn === 'count_star') - Number(node.aggregates[b].fn === 'count_star'));
  for (const k of order) results[k] = aggregateCall(node.aggregates[k], grouping, cacheFor(cache), input.ctx);
  let kept: Int32Array;
  if (grouping.sparse) {
    const rows = rowCounts(grouping, cache);
    kept = selection(Uint8Array.from(rows, (c) => (c > 0 ? 1 : 0)), grouping.count);
  } else {
    kept = Int32Array.from({ length: grouping.count }, (_, g) => g);
  }
  const keyCols = grouping.keys(kept);
  const aggCols = grouping.sparse ? results.map((c) => gather(c, kept)) : results;
  return { names: node.schema.names, columns: [...keyCols, ...aggCols], length: kept.length };
}

/** Evaluated group keys and the grouping strategy. */
function groupRows(node: AggregateNode, input: AggregateInput): Grouping {
  let { ctx } = input;
  let mask = input.mask ?? NONE_U8;
  let pred = input.pred ?? null;
  if (node.groups.length === 0) {
    return { n: ctx.n, groups: NONE_I32, base: 0, count: 1, mask, pred, keys: () => [], sparse: false };
  }
  let keyCols = node.groups.map((g) => materialize(evaluate(g, ctx), ctx.n));
  if (keyCols.length === 1) {
    const direct = directGroups(keyCols[0], ctx.n);
    if (direct !== null) return { ...direct, n: ctx.n, mask, pred, sparse: true };
  }
  // A hash grouping must not see rows the filter drops: materialise the selection first.
  if (mask.length > 0 || pred !== null) {
    const use = mask.length > 0 ? mask : new Uint8Array(ctx.n).fill(1);
    if (pred !== null) {
      const pm = new Uint8Array(ctx.n);
      predMask(pred, ctx.n, pm);
      for (let i = 0; i < ctx.n; i++) use[i] &= pm[i];
    }
    const rows = selection(use, ctx.n);
    keyCols = keyCols.map((c) => gather(c, rows));
    ctx = subsetContext(ctx, rows);
    input.ctx = ctx;
    mask = NONE_U8;
    pred = null;
  }
  const n = ctx.n;
  const { keys, m } = groupKeys(keyCols, n);
  const groups = new Int32Array(n);
  const firstRow = new Int32Array(n);
  const count = hashGroup(n, m, keys, groups, firstRow);
  const cols = keyCols;
  return {
    n, groups, base: 0, count, mask, pred, sparse: false,
    keys: (kept) => cols.map((c) => gather(c, Int32Array.from(kept, (g) => firstRow[g]))),
  };
}

/** A fused predicate as a 0/1 mask. */
function predMask(pred: FusedPredicate, n: number, out: Uint8Array): void {
  filterCompare(n, pred.x, pred.op, pred.value, NONE_U8, 0, out);
}

/** A direct-array grouping for one small dense integer or dictionary key, or null when the range is too wide. */
function directGroups(key: Column, n: number): Omit<Grouping, 'n' | 'mask' | 'pred' | 'sparse'> | null {
  const t = key.type.id;
  if (!['tinyint', 'smallint', 'integer', 'date', 'boolean', 'varchar'].includes(t)) return null;
  const v = key.values as Int8Array | Int16Array | Int32Array | Uint8Array;
  const valid = key.valid;
  let lo = 0;
  let range: number;
  if (t === 'varchar') {
    range = key.dict!.length;
  } else {
    let mn = Infinity;
    let mx = -Infinity;
    if (valid === undefined) {
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (x < mn) mn = x;
        if (x > mx) mx = x;
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (valid[i] === 0) continue;
        const x = v[i];
        if (x < mn) mn = x;
        if (x > mx) mx = x;
      }
    }
    if (mn > mx) { mn = 0; mx = -1; }
    lo = mn;
    range = mx - mn + 1;
    if (range > DIRECT_MAX || range > Math.max(65536, 2 * n)) return null;
  }
  let groups: Int32Array;
  let base = lo;
  let count = range;
  if (valid !== undefined) {
    // NULL keys form one extra group after the range.
    groups = new Int32Array(n);
    for (let i = 0; i < n; i++) groups[i] = valid[i] === 1 ? v[i] - lo : range;
    base = 0;
    count = range + 1;
  } else if (v instanceof Int32Array) {
    groups = v;
  } else {
    groups = Int32Array.from(v);
  }
  const keys = (kept: Int32Array): Column[] => {
    const k = kept.length;
    const vals = allocValues(key.type, k) as Int32Array;
    const kv = new Uint8Array(k);
    let nulls = false;
    for (let j = 0; j < k; j++) {
      const g = kept[j];
      if (g === range) { nulls = true; continue; }
      kv[j] = 1;
      vals[j] = lo + g;
    }
    const c: Column = { type: key.type, length: k, values: vals };
    if (nulls) c.valid = kv;
    if (key.dict !== undefined) c.dict = key.dict;
    return [c];
  };
  return { groups, base, count, keys };
}

/** A kernel call's outputs. */
interface KernelResult {
  count: Float64Array;
  acc: Float64Array | BigInt64Array;
}

/** Per-aggregate cache of kernel results, keyed by a description of the call. */
type Cache = <T>(key: string, make: () => T) => T;

function cacheFor(map: Map<string, Partial<KernelResult>>): Cache {
  return <T>(key: string, make: () => T): T => {
    if (!map.has(key)) map.set(key, make() as Partial<KernelResult>);
    return map.get(key) as T;
  };
}

/** count(*) per group (computed once; a sum over a column without NULLs already has it). */
function rowCounts(g: Grouping, cache: Map<string, Partial<KernelResult>>): Float64Array {
  const c = cache.get('rows');
  if (c?.count !== undefined) return c.count;
  const count = new Float64Array(g.count);
  callKernel(g, NONE_F64, NONE_U8, g.mask, AggCode.SUM, NONE_F64, count, NONE_F64);
  cache.set('rows', { count });
  return count;
}

/** One groupAggregate call over the grouping. */
function callKernel(g: Grouping, x: KernelValues, valid: Uint8Array, mask: Uint8Array, op: number,
  mean: Float64Array, count: Float64Array, acc: Float64Array | BigInt64Array, usePred = true): void {
  const p = usePred ? g.pred : null;
  try {
    groupAggregate(g.n, g.groups, g.base, g.count, x, valid, mask, p?.x ?? NONE_F64, p?.op ?? CmpCode.EQ, p?.value ?? 0, op,
      mean, count, acc);
  } catch (e) {
    // A native kernel reports an integer sum leaving int64 with its own error class: keep the executor's.
    if (e instanceof ExecError) throw e;
    if (acc instanceof BigInt64Array) throw new ExecError(`Overflow in sum: an integer sum is outside BIGINT`, { cause: e });
    throw e;
  }
}

/** The rows an aggregate reads: the grouping's mask/predicate, or (DISTINCT) one row per (group, value). */
interface Rows {
  mask: Uint8Array;
  usePred: boolean;
  tag: string;
}

/** Computes one aggregate, one value per group (before empty groups are dropped). */
function aggregateCall(call: AggregateCall, g: Grouping, cache: Cache, ctx: EvalContext): Column {
  const G = g.count;
  if (call.fn === 'count_star') {
    const count = cache('rows', () => {
      const c = new Float64Array(G);
      callKernel(g, NONE_F64, NONE_U8, g.mask, AggCode.SUM, NONE_F64, c, NONE_F64);
      return { count: c };
    }).count!;
    return countColumn(call.type, count);
  }
  if (call.args.length === 0) throw new ExecError(`Aggregate ${call.fn} needs an argument`);
  const x = materialize(evaluate(call.args[0], ctx), ctx.n);
  const argKey = JSON.stringify(call.args[0]);
  const rows: Rows = call.distinct ? distinctRows(g, x) : { mask: g.mask, usePred: true, tag: '' };
  const key = `${argKey}|${rows.tag}`;
  const valid = x.valid ?? NONE_U8;
  const fn = call.fn;
  if (fn === 'count') {
    const { count } = cache(`count|${key}`, () => {
      const c = new Float64Array(G);
      callKernel(g, NONE_F64, valid, rows.mask, AggCode.SUM, NONE_F64, c, NONE_F64, rows.usePred);
      return { count: c };
    });
    return countColumn(call.type, count);
  }
  if (fn === 'median' || fn === 'quantile_cont' || fn === 'quantile_disc') {
    const q = fn === 'median' ? 0.5 : call.fraction ?? 0.5;
    const discrete = fn === 'quantile_disc' || (fn === 'median' && !isNumericType(x.type));
    return quantile(g, x, rows, q, discrete, call.type);
  }
  if (x.type.id === 'varchar' && (fn === 'min' || fn === 'max')) return stringExtreme(g, x, rows, fn === 'max');
  if (x.type.id === 'bigint' && (fn === 'min' || fn === 'max')) return bigExtreme(g, x, rows, fn === 'max');
  // Booleans (0/1 bytes) sum as floats: the kernels take no byte arrays, and an integer x must sum into BIGINT.
  const xv = kernelValues(x) ?? (fn === 'sum' || fn === 'avg' ? Float64Array.from(x.values as Uint8Array)
    : Int32Array.from(x.values as Uint8Array));
  const integerSum = xv instanceof Int32Array || xv instanceof BigInt64Array;
  const sum = (): KernelResult => cache(`sum|${key}`, () => {
    let count = new Float64Array(G);
    let acc: Float64Array | BigInt64Array = integerSum ? new BigInt64Array(G) : new Float64Array(G);
    try {
      callKernel(g, xv, valid, rows.mask, AggCode.SUM, NONE_F64, count, acc, rows.usePred);
    } catch (e) {
      // An integer sum past int64 is an error for a BIGINT result; an average, a variance or a wider (DECIMAL,
      // DOUBLE) result goes on in float64, as DuckDB's 128-bit sum would.
      if (!(e instanceof ExecError) || !integerSum || (fn === 'sum' && isInteger(call.type))) throw e;
      count = new Float64Array(G);
      acc = new Float64Array(G);
      const xf = xv instanceof BigInt64Array ? Float64Array.from(xv, Number) : xv;
      callKernel(g, xf, valid, rows.mask, AggCode.SUM, NONE_F64, count, acc, rows.usePred);
    }
    if (x.valid === undefined && !call.distinct) cache('rows', () => ({ count }));
    return { count, acc };
  });
  switch (fn) {
    case 'sum': {
      const { count, acc } = sum();
      return numberColumn(call.type, G, (k) => (count[k] > 0 ? acc[k] : null));
    }
    case 'avg': {
      const { count, acc } = sum();
      return numberColumn(call.type, G, (k) => (count[k] > 0 ? Number(acc[k]) / count[k] : null));
    }
    case 'min': case 'max': {
      const r = cache(`${fn}|${key}`, () => {
        const count = new Float64Array(G);
        const acc = new Float64Array(G);
        callKernel(g, xv, valid, rows.mask, fn === 'min' ? AggCode.MIN : AggCode.MAX, NONE_F64, count, acc, rows.usePred);
        return { count, acc };
      });
      return numberColumn(call.type, G, (k) => (r.count[k] > 0 ? r.acc[k] : null));
    }
    case 'var_samp': case 'var_pop': case 'stddev_samp': case 'stddev_pop': {
      const { count, acc } = sum();
      const mean = Float64Array.from({ length: G }, (_, k) => (count[k] > 0 ? Number(acc[k]) / count[k] : 0));
      const r = cache(`m2|${key}`, () => {
        const c = new Float64Array(G);
        const m2 = new Float64Array(G);
        callKernel(g, xv, valid, rows.mask, AggCode.M2, mean, c, m2, rows.usePred);
        return { count: c, acc: m2 };
      });
      const samp = fn.endsWith('samp');
      const root = fn.startsWith('stddev');
      return numberColumn(call.type, G, (k) => {
        const c = count[k];
        if (samp ? c < 2 : c < 1) return null;
        // One value has no spread (DuckDB: stddev_pop(NaN) = 0).
        const v = c === 1 ? 0 : (r.acc[k] as number) / (samp ? c - 1 : c);
        // DuckDB refuses a non-finite variance (an inf or NaN input) instead of returning NaN.
        if (!Number.isFinite(v)) throw new ExecError(`${fn.toUpperCase()} is out of range (an input is inf or NaN)`);
        return root ? Math.sqrt(v) : v;
      });
    }
    default: throw new ExecError(`Unsupported aggregate ${fn as string}`);
  }
}

/** Whether a type interpolates (numbers, dates, timestamps) rather than picks (strings, booleans). */
function isNumericType(t: SqlType): boolean {
  return t.id !== 'varchar' && t.id !== 'boolean';
}

/** A count per group as the call's type (BIGINT). */
function countColumn(type: SqlType, count: Float64Array): Column {
  return numberColumn(type, count.length, (k) => count[k]);
}

/** A column of `type` with one value per group from `get` (null: NULL). */
function numberColumn(type: SqlType, G: number, get: (k: number) => number | bigint | null): Column {
  const values = allocValues(type, G);
  const valid = new Uint8Array(G);
  let nulls = false;
  const big = values instanceof BigInt64Array;
  for (let k = 0; k < G; k++) {
    const v = get(k);
    if (v === null) { nulls = true; continue; }
    valid[k] = 1;
    if (big) {
      if (typeof v === 'bigint') values[k] = v;
      else values[k] = BigInt(Math.round(v));
    } else {
      (values as Exclude<typeof values, BigInt64Array>)[k] = Number(v);
    }
  }
  if (!big && !(values instanceof Float64Array) && !(values instanceof Float32Array) && type.id !== 'boolean') {
    for (let k = 0; k < G; k++) {
      const v = get(k);
      if (v !== null && Number(v) !== values[k]) {
        throw new ExecError(`Overflow: aggregate value ${v} does not fit ${typeName(type)}`);
      }
    }
  }
  const c: Column = { type, length: G, values };
  if (nulls) c.valid = valid;
  return c;
}

/** The rows an aggregate reads with one row per distinct (group, value): a mask over the input. */
function distinctRows(g: Grouping, x: Column): Rows {
  const { idx: rows, gid: ids } = usedRows(g, x, { mask: g.mask, usePred: true, tag: '' });
  const k = rows.length;
  const sub = gather(x, rows);
  const gid: Column = { type: { id: 'integer' }, length: k, values: ids };
  const { keys, m } = groupKeys([gid, sub], k);
  const groups = new Int32Array(k);
  const firstRow = new Int32Array(k);
  const G = hashGroup(k, m, keys, groups, firstRow);
  const mask = new Uint8Array(g.n);
  for (let j = 0; j < G; j++) mask[rows[firstRow[j]]] = 1;
  return { mask, usePred: false, tag: 'distinct' };
}

/** The rows an aggregate reads, as indices, with their group ids (mask, predicate and x's validity applied). */
function usedRows(g: Grouping, x: Column, rows: Rows): { idx: Int32Array; gid: Int32Array } {
  const n = g.n;
  const use = new Uint8Array(n).fill(1);
  if (rows.mask.length > 0) use.set(rows.mask);
  if (rows.usePred && g.pred !== null) {
    const pm = new Uint8Array(n);
    predMask(g.pred, n, pm);
    for (let i = 0; i < n; i++) use[i] &= pm[i];
  }
  if (x.valid !== undefined) for (let i = 0; i < n; i++) use[i] &= x.valid[i];
  const idx = selection(use, n);
  const gid = g.groups.length === 0 ? new Int32Array(idx.length) : Int32Array.from(idx, (r) => g.groups[r] - g.base);
  return { idx, gid };
}

/** min/max of strings: by code-point rank through the kernel, mapped back to codes of the same dictionary. */
function stringExtreme(g: Grouping, x: Column, rows: Rows, max: boolean): Column {
  const rank = dictRanks(x.dict!);
  const byRank = new Int32Array(rank.length);
  rank.forEach((r, code) => { byRank[r] = code; });
  const codes = x.values as Int32Array;
  const ranks = Int32Array.from(codes, (c) => rank[c] ?? 0);
  const count = new Float64Array(g.count);
  const acc = new Float64Array(g.count);
  callKernel(g, ranks, x.valid ?? NONE_U8, rows.mask, max ? AggCode.MAX : AggCode.MIN, NONE_F64, count, acc, rows.usePred);
  const out = new Int32Array(g.count);
  const valid = new Uint8Array(g.count);
  for (let k = 0; k < g.count; k++) if (count[k] > 0) { valid[k] = 1; out[k] = byRank[acc[k]]; }
  return { type: x.type, length: g.count, values: out, valid, dict: x.dict };
}

/** min/max of BIGINT, exact (the float kernel would round above 2^53). */
function bigExtreme(g: Grouping, x: Column, rows: Rows, max: boolean): Column {
  const { idx, gid } = usedRows(g, x, rows);
  const v = x.values as BigInt64Array;
  const out = new BigInt64Array(g.count);
  const valid = new Uint8Array(g.count);
  for (let j = 0; j < idx.length; j++) {
    const k = gid[j];
    const val = v[idx[j]];
    if (valid[k] === 0 || (max ? val > out[k] : val < out[k])) { out[k] = val; valid[k] = 1; }
  }
  return { type: x.type, length: g.count, values: out, valid };
}

/**
 * quantile_cont / quantile_disc / median per group, as DuckDB: continuous interpolates at (n - 1) * q; discrete
 * takes index max(1, n - floor(n - n*q)) - 1 of the sorted values.
 */
function quantile(g: Grouping, x: Column, rows: Rows, q: number, discrete: boolean, type: SqlType): Column {
  if (!(q >= 0 && q <= 1)) throw new ExecError(`Quantile fraction ${q} is outside [0, 1]`);
  const { idx, gid } = usedRows(g, x, rows);
  const k = idx.length;
  const sub = gather(x, idx);
  const gcol: Column = { type: { id: 'integer' }, length: k, values: gid };
  const enc = sortKeys([gcol, sub], [false, false], [false, false], k);
  const order = new Int32Array(k);
  sortIndices(k, enc.m, enc.keys, enc.desc, order);
  const G = g.count;
  const pick = new Int32Array(G).fill(-1);
  const lo = new Float64Array(G);
  const hi = new Float64Array(G);
  const frac = new Float64Array(G);
  const vals = discrete ? null : interpolationValues(sub, type);
  let s = 0;
  while (s < k) {
    const grp = gid[order[s]];
    let e = s;
    while (e < k && gid[order[e]] === grp) e++;
    const c = e - s;
    if (discrete) {
      let scaled = c * q;
      const r = Math.round(scaled);
      if (Math.abs(scaled - r) < 1e-9 * Math.max(1, Math.abs(scaled))) scaled = r;
      const floored = Math.floor(c - scaled);
      pick[grp] = idx[order[s + Math.max(1, c - floored) - 1]];
    } else {
      const pos = (c - 1) * q;
      const f = Math.floor(pos);
      const ce = Math.ceil(pos);
      lo[grp] = vals![order[s + f]];
      hi[grp] = vals![order[s + ce]];
      frac[grp] = pos - f;
      pick[grp] = 0;
    }
    s = e;
  }
  if (discrete) return gather(x, pick);
  // A decimal interpolates on its scaled integers and floors to the scale, as DuckDB.
  const p = type.id === 'decimal' ? 10 ** type.scale : 0;
  return numberColumn(type, G, (j) => {
    if (pick[j] < 0) return null;
    if (p === 0) return lo[j] + frac[j] * (hi[j] - lo[j]);
    const a = Math.round(lo[j] * p);
    const b = Math.round(hi[j] * p);
    return Math.floor(a + frac[j] * (b - a)) / p;
  });
}

/** Values to interpolate, in the result's unit (dates interpolate as timestamps when the result is one). */
function interpolationValues(c: Column, type: SqlType): Float64Array {
  const v = c.values;
  const out = new Float64Array(c.length);
  const scale = c.type.id === 'date' && type.id === 'timestamp' ? 86400e6 : 1;
  for (let i = 0; i < c.length; i++) out[i] = Number(v[i]) * scale;
  return out;
}
