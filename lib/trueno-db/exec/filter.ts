/**
 * WHERE predicates as row masks. Conjuncts of the form `column op constant` over a numeric column run through the
 * filterCompare kernel (ANDed into one mask); anything else is evaluated as a boolean column and ANDed in.
 */
import { CmpCode } from '../../trueno/backend/ops.generated';
import type { Call, Expr } from '../plan/ir';
import type { Column } from '../types';
import { selection } from './column';
import { evaluate, subsetContext, truthMask, type EvalContext } from './expr';
import { filterCompare, type KernelValues } from './hot';

/** SQL comparison operators as filterCompare's codes. */
const OPS: Record<string, number> = {
  '=': CmpCode.EQ, '<>': CmpCode.NE, '<': CmpCode.LT, '<=': CmpCode.LE, '>': CmpCode.GT, '>=': CmpCode.GE,
};
/** The operator with its operands swapped (`5 < x` is `x > 5`). */
const FLIP: Record<string, string> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `column op constant` in kernel terms. */
export interface SimpleCompare {
  column: number;
  op: number;
  value: number;
}

/** The values of a column in a type the kernels take, or null (booleans and strings are not compared there). */
export function kernelValues(c: Column): KernelValues | null {
  const v = c.values;
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof BigInt64Array) {
    return c.type.id === 'varchar' ? null : v;
  }
  if (v instanceof Int8Array || v instanceof Int16Array) return Int32Array.from(v);
  return null;
}

/** Recognises `column op literal` / `literal op column` with a numeric, exactly representable constant. */
export function simpleCompare(e: Expr): SimpleCompare | null {
  if (e.kind !== 'call' || OPS[e.fn] === undefined || e.args.length !== 2) return null;
  let [a, b] = e.args;
  let fn = e.fn;
  if (a.kind === 'literal' && b.kind === 'column') { [a, b] = [b, a]; fn = FLIP[fn] as Call['fn']; }
  if (a.kind !== 'column' || b.kind !== 'literal') return null;
  const t = a.type.id;
  if (t === 'varchar' || t === 'boolean' || t === 'null' || t === 'list') return null;
  const v = b.value;
  let value: number;
  if (typeof v === 'number') value = v;
  else if (typeof v === 'bigint' && BigInt(Number(v)) === v) value = Number(v);
  else return null;
  // A FLOAT constant is a float32 value, as the column's (the literal carries it as a double).
  if (t === 'float') value = Math.fround(value);
  return { column: a.index, op: OPS[fn], value };
}

/** The conjuncts of an AND tree. */
function conjuncts(e: Expr): Expr[] {
  if (e.kind === 'call' && e.fn === 'and') return e.args.flatMap(conjuncts);
  return [e];
}

/** The 0/1 mask of rows where `predicate` is TRUE. */
export function predicateMask(predicate: Expr, ctx: EvalContext): Uint8Array {
  const n = ctx.n;
  const mask = new Uint8Array(n);
  let first = true;
  const rest: Expr[] = [];
  for (const c of conjuncts(predicate)) {
    const s = simpleCompare(c);
    const col = s === null ? null : ctx.col(s.column);
    const x = col === null ? null : kernelValues(col);
    if (s === null || x === null) { rest.push(c); continue; }
    filterCompare(n, x, s.op, s.value, col!.valid ?? new Uint8Array(0), first ? 0 : 1, mask);
    first = false;
  }
  // Later conjuncts see only the rows earlier ones kept (as DuckDB's selection vectors), so a CAST in one cannot
  // fail on a row another conjunct already rejected.
  for (const c of rest) {
    if (first) {
      mask.set(truthMask(evaluate(c, ctx), n));
      first = false;
      continue;
    }
    const rows = selection(mask, n);
    if (rows.length === 0) break;
    const m = truthMask(evaluate(c, subsetContext(ctx, rows)), rows.length);
    for (let k = 0; k < rows.length; k++) mask[rows[k]] = m[k];
  }
  if (first) mask.fill(1);
  return mask;
}
