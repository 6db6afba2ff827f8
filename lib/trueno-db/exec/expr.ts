/**
 * Expression evaluation over a batch: every Expr becomes a whole-column `Vec` (or a broadcast constant). CASE
 * branches run only on the rows that reach them (so a branch cannot fail on rows it does not own), uncorrelated
 * subqueries run once per execution.
 */
import type { Call, Case, Expr, Plan, Subquery } from '../plan/ir';
import type { Column, ColumnBatch, SqlType } from '../types';
import { ExecError } from '../errors';
import { gather, isString, scalarVec, valueAt, type Vec } from './column';
import { andOr, arith, compare, math1, negate, not, nullTest, power, round2, sharedRanks } from './arith';
import { cast } from './cast';
import { dateTrunc, extract } from './dates';
import { compareNum } from './hot';
import { concat, like, string1, substr, trim2 } from './strings';
import { assemble, f64Of, makeVec, outRows, stride } from './vec';

/** What expressions are evaluated against: n rows whose columns are fetched (and gathered) on demand. */
export interface EvalContext {
  /** Rows. */
  n: number;
  /** Input column i. */
  col(i: number): Column;
  /** Runs a subquery's plan (the executor). */
  run(plan: Plan): ColumnBatch;
  /** Results of subqueries already run, by node. */
  subqueries: Map<Subquery, unknown>;
}

/** A context over the columns of a batch. */
export function batchContext(cols: Column[], n: number, run: (p: Plan) => ColumnBatch,
  subqueries = new Map<Subquery, unknown>()): EvalContext {
  return { n, col: (i) => cols[i], run, subqueries };
}

/** The rows `rows` of a context; its columns are gathered the first time they are read. */
export function subsetContext(ctx: EvalContext, rows: Int32Array): EvalContext {
  const cache = new Map<number, Column>();
  return {
    n: rows.length,
    col: (i) => {
      let c = cache.get(i);
      if (c === undefined) { c = gather(ctx.col(i), rows); cache.set(i, c); }
      return c;
    },
    run: ctx.run,
    subqueries: ctx.subqueries,
  };
}

/** Evaluates an expression over every row of the context. */
export function evaluate(e: Expr, ctx: EvalContext): Vec {
  switch (e.kind) {
    case 'column': {
      const c = ctx.col(e.index);
      if (c === undefined) throw new ExecError(`Column ${e.index} is not in the input`);
      return c;
    }
    case 'literal': return scalarVec(e.type, e.value);
    case 'cast': return cast(evaluate(e.expr, ctx), e.type, e.try === true, ctx.n);
    case 'case': return evalCase(e, ctx);
    case 'subquery': return evalSubquery(e, ctx);
    case 'call': return evalCall(e, ctx);
    default: throw new ExecError(`Unknown expression kind ${(e as { kind: string }).kind}`);
  }
}

/** The 0/1 mask of rows where a boolean Vec is TRUE (NULL and FALSE give 0), expanded to n rows. */
export function truthMask(v: Vec, n: number): Uint8Array {
  const mask = new Uint8Array(n);
  const vals = v.values as Uint8Array;
  if (v.scalar) {
    if (vals[0] === 1 && (v.valid === undefined || v.valid[0] === 1)) mask.fill(1);
    return mask;
  }
  const valid = v.valid;
  if (valid === undefined) mask.set(vals.subarray(0, n));
  else for (let i = 0; i < n; i++) mask[i] = vals[i] & valid[i];
  return mask;
}

/** Row indices of a selection among `rows` (or 0..n-1 when rows is null) where mask is 1. */
function pick(mask: Uint8Array, rows: Int32Array | null): Int32Array {
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i];
  const out = new Int32Array(k);
  k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out[k++] = rows === null ? i : rows[i];
  return out;
}

/** CASE: each WHEN runs on the rows no earlier WHEN took; each THEN on the rows its WHEN took. */
function evalCase(e: Case, ctx: EvalContext): Vec {
  const n = ctx.n;
  const pieces: Vec[] = [];
  const choice = new Int32Array(n).fill(-1);
  const pos = new Int32Array(n);
  let rest: Int32Array | null = null;
  let allScalar = true;
  const place = (v: Vec, rows: Int32Array | null): void => {
    if (!v.scalar) allScalar = false;
    const k = pieces.length;
    pieces.push(v);
    if (rows === null) { for (let i = 0; i < n; i++) { choice[i] = k; pos[i] = i; } return; }
    for (let j = 0; j < rows.length; j++) { choice[rows[j]] = k; pos[rows[j]] = j; }
  };
  for (const w of e.whens) {
    if (rest !== null && rest.length === 0) break;
    const cctx = rest === null ? ctx : subsetContext(ctx, rest);
    const cond = evaluate(w.when, cctx);
    if (!cond.scalar) allScalar = false;
    const mask = truthMask(cond, cctx.n);
    const taken = pick(mask, rest);
    if (taken.length > 0) {
      const whole = taken.length === n;
      place(evaluate(w.then, whole ? ctx : subsetContext(ctx, taken)), whole ? null : taken);
    }
    for (let i = 0; i < mask.length; i++) mask[i] ^= 1;
    rest = pick(mask, rest);
  }
  if (e.else !== undefined && (rest === null || rest.length > 0)) {
    const whole = rest === null || rest.length === n;
    place(evaluate(e.else, whole ? ctx : subsetContext(ctx, rest!)), whole ? null : rest);
  }
  const out = assemble(e.type, n, pieces.length > 0 ? pieces : [scalarVec(e.type, null)], choice, pos, []);
  if (allScalar && n > 0) {
    const s = assemble(e.type, 1, [out], new Int32Array(1), new Int32Array(1), []);
    s.scalar = true;
    return s;
  }
  return out;
}

/** A subquery: run once; scalar (one value, an error for several rows), EXISTS, or IN with three-valued logic. */
function evalSubquery(e: Subquery, ctx: EvalContext): Vec {
  let result = ctx.subqueries.get(e) as ColumnBatch | undefined;
  if (result === undefined) {
    result = ctx.run(e.plan);
    ctx.subqueries.set(e, result);
  }
  switch (e.mode) {
    case 'exists': return scalarVec({ id: 'boolean' }, result.length > 0);
    case 'scalar': {
      if (result.length > 1) {
        throw new ExecError(`More than one row returned by a subquery used as an expression (${result.length} rows)`);
      }
      if (result.length === 0) return scalarVec(e.type, null);
      const c = result.columns[0];
      return scalarVec(e.type, valueAt(c, 0) as never);
    }
    case 'in': {
      if (e.expr === undefined) throw new ExecError('IN subquery without a left-hand expression');
      const left = evaluate(e.expr, ctx);
      return inColumn(left, result.columns[0], e.negated === true, ctx.n);
    }
    default: throw new ExecError(`Unknown subquery mode ${(e as { mode: string }).mode}`);
  }
}

/**
 * `left IN (values of col)`: TRUE on a match; NULL when left is NULL, or no match and the list holds a NULL; else
 * FALSE. `negated` gives NOT IN (NULL stays NULL).
 */
export function inColumn(left: Vec, col: Column, negated: boolean, n: number): Vec {
  const m = outRows([left], n);
  let hasNull = false;
  const set = new Set<number | bigint | string>();
  if (col.length === 0) {
    // IN of an empty set is FALSE (NOT IN: TRUE) for every row, even a NULL one, as DuckDB.
    const out = new Uint8Array(outRows([left], n)).fill(negated ? 1 : 0);
    return makeVec({ id: 'boolean' }, out, undefined, [left]);
  }
  for (let i = 0; i < col.length; i++) {
    const v = valueAt(col, i);
    if (v === null) { hasNull = true; continue; }
    set.add(typeof v === 'boolean' ? (v ? 1 : 0) : (v as number | bigint | string));
  }
  const out = new Uint8Array(m);
  const valid = new Uint8Array(m);
  const s = stride(left);
  const vals = left.values;
  // Hits per row: over the dictionary once for strings; by a few branch-free equality tests for a short list of
  // numbers (a Set lookup per row costs more); by the Set otherwise.
  let hits: Uint8Array | null = null;
  if (isString(left.type)) {
    const byCode = Uint8Array.from(left.dict!, (str) => (set.has(str) ? 1 : 0));
    hits = new Uint8Array(m);
    const codes = vals as Int32Array;
    for (let i = 0; i < m; i++) hits[i] = byCode[codes[i * s]];
  } else if (!(vals instanceof BigInt64Array) && set.size <= 16) {
    hits = new Uint8Array(m);
    const x = vals as Exclude<typeof vals, BigInt64Array>;
    for (const v of set) {
      const item = v as number;
      if (item !== item) for (let i = 0; i < m; i++) { const y = x[i * s]; hits[i] |= +(y !== y); }
      else for (let i = 0; i < m; i++) hits[i] |= +(x[i * s] === item);
    }
  }
  let anyNull = false;
  for (let i = 0; i < m; i++) {
    if (left.valid !== undefined && left.valid[i * s] === 0) { anyNull = true; continue; }
    const hit = hits !== null ? hits[i] === 1 : set.has(vals[i * s]);
    if (!hit && hasNull) { anyNull = true; continue; }
    valid[i] = 1;
    out[i] = hit !== negated ? 1 : 0;
  }
  return makeVec({ id: 'boolean' }, out, anyNull ? valid : undefined, [left]);
}

/** The literal value of an argument that must be a constant string (date part names). */
function constantString(e: Expr, what: string): string {
  if (e.kind !== 'literal' || typeof e.value !== 'string') throw new ExecError(`${what} must be a constant string`);
  return e.value;
}

/** A scalar function or operator. */
function evalCall(e: Call, ctx: EvalContext): Vec {
  const n = ctx.n;
  const fn = e.fn;
  if (fn === 'date_trunc' || fn === 'extract') {
    const part = constantString(e.args[0], `The part of ${fn}`);
    const v = evaluate(e.args[1], ctx);
    return fn === 'extract' ? extract(part, v, e.type, n) : dateTrunc(part, v, e.type, n);
  }
  if (fn === 'in_list') return inList(e, ctx);
  const args = e.args.map((a) => evaluate(a, ctx));
  switch (fn) {
    case '+': case '-': case '*': case '/': case '//': case '%':
      if (args.length === 1 && fn === '-') return negate(args[0], e.type, n);
      return arith(fn, args[0], args[1], e.type, n);
    case 'neg': return negate(args[0], e.type, n);
    case '=': case '<>': case '<': case '<=': case '>': case '>=': case 'is_distinct': case 'is_not_distinct':
      return compare(fn, args[0], args[1], n);
    case 'and': case 'or': return andOr(fn, args, n);
    case 'not': return not(args[0], n);
    case 'is_null': return nullTest(args[0], false, n);
    case 'is_not_null': return nullTest(args[0], true, n);
    case 'like': case 'ilike': return like(args[0], args[1], args[2], fn === 'ilike', n);
    case 'concat': return concat(args.map((a) => (isString(a.type) ? a : cast(a, { id: 'varchar' }, false, n))), n);
    case 'abs': case 'floor': case 'ceil': case 'sqrt': case 'ln': case 'exp': return math1(fn, args[0], e.type, n);
    case 'round':
      return args.length === 1 ? math1('round', args[0], e.type, n) : round2(args[0], args[1], e.type, n);
    case 'power': return power(args[0], args[1], e.type, n);
    case 'lower': case 'upper': case 'length': return string1(fn, args[0], e.type, n);
    case 'trim': return args.length === 1 ? string1('trim', args[0], e.type, n) : trim2(args[0], args[1], n);
    case 'substr': return substr(args[0], args[1], args[2], n);
    case 'coalesce': return coalesce(args, e.type, n);
    case 'nullif': return nullif(args[0], args[1], e.type, n);
    case 'greatest': case 'least': return extreme(args, fn === 'greatest', e.type, n);
    default: throw new ExecError(`Unknown function ${fn as string}`);
  }
}

/** x IN (a, b, ...): a hash set when every item is a constant, else OR of `x = item` (same three-valued result). */
function inList(e: Call, ctx: EvalContext): Vec {
  const left = evaluate(e.args[0], ctx);
  const items = e.args.slice(1).map((a) => evaluate(a, ctx));
  if (items.every((v) => v.scalar)) {
    const col: Column = items.length === 0 ? { type: left.type, length: 0, values: new Uint8Array(0) }
      : { ...assemble(left.type, items.length, items, Int32Array.from(items, (_, k) => k), new Int32Array(items.length), []) };
    return inColumn(left, col, false, ctx.n);
  }
  return andOr('or', items.map((v) => compare('=', left, v, ctx.n)), ctx.n);
}

/** coalesce: the first non-NULL argument per row. */
function coalesce(args: Vec[], type: SqlType, n: number): Vec {
  const m = outRows(args, n);
  const choice = new Int32Array(m).fill(-1);
  const pos = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    pos[i] = i;
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (a.type.id === 'null') continue;
      const p = a.scalar ? 0 : i;
      if (a.valid === undefined || a.valid[p] === 1) { choice[i] = k; break; }
    }
  }
  return assemble(type, m, args, choice, pos, args);
}

/** nullif(a, b): NULL where a = b, else a. */
function nullif(a: Vec, b: Vec, type: SqlType, n: number): Vec {
  const m = outRows([a, b], n);
  const eq = compare('=', a, b, n);
  const choice = new Int32Array(m);
  const pos = new Int32Array(m);
  const es = stride(eq);
  for (let i = 0; i < m; i++) {
    pos[i] = i;
    const isEq = (eq.values as Uint8Array)[i * es] === 1 && (eq.valid === undefined || eq.valid[i * es] === 1);
    choice[i] = isEq ? -1 : 0;
  }
  return assemble(type, m, [a], choice, pos, [a, b]);
}

/** greatest / least: NULLs ignored (NULL only when all are NULL); NaN is the greatest number; strings by code point. */
function extreme(args: Vec[], greatest: boolean, type: SqlType, n: number): Vec {
  const m = outRows(args, n);
  const choice = new Int32Array(m).fill(-1);
  const pos = new Int32Array(m);
  const sign = greatest ? 1 : -1;
  let keyOf: (k: number, p: number) => number;
  if (isString(type)) {
    const rankOf = sharedRanksAll(args);
    const ranks = args.map((a) => (a.dict === undefined ? new Int32Array(0) : rankOf(a)));
    keyOf = (k, p) => ranks[k][args[k].values[p] as number];
  } else if (type.id === 'bigint') {
    keyOf = (k, p) => Number(args[k].values[p]);
  } else {
    const f = args.map((a) => (a.type.id === 'null' ? new Float64Array(1) : f64Of(a)));
    keyOf = (k, p) => f[k][p];
  }
  const big = type.id === 'bigint';
  for (let i = 0; i < m; i++) {
    pos[i] = i;
    let best = -1;
    let bestKey = 0;
    let bestBig = 0n;
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (a.type.id === 'null') continue;
      const p = a.scalar ? 0 : i;
      if (a.valid !== undefined && a.valid[p] === 0) continue;
      if (big) {
        const v = a.values[p] as bigint;
        if (best < 0 || (greatest ? v > bestBig : v < bestBig)) { best = k; bestBig = v; }
        continue;
      }
      const v = keyOf(k, p);
      if (best < 0 || compareNum(v, bestKey) * sign > 0) { best = k; bestKey = v; }
    }
    choice[i] = best;
  }
  return assemble(type, m, args, choice, pos, args);
}

/** Ranks of every string arg's dictionary entries in one code-point order. */
function sharedRanksAll(args: Vec[]): (a: Vec) => Int32Array {
  const all: string[] = [];
  for (const a of args) if (a.dict !== undefined) all.push(...a.dict);
  const [ranks] = sharedRanks(all, []);
  const rank = new Map<string, number>();
  all.forEach((s, k) => rank.set(s, ranks[k]));
  return (a) => Int32Array.from(a.dict!, (s) => rank.get(s)!);
}
