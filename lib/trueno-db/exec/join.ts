/**
 * Joins. Equi-keys go through the hashJoin kernel (build on the right, probe with the left, so pairs come in left
 * order); NULL keys never match; the residual `condition` filters the pairs; outer joins then add the unmatched rows
 * with NULLs on the other side, semi/anti keep the left rows with / without a surviving pair.
 */
import type { JoinNode } from '../plan/ir';
import type { Column, ColumnBatch } from '../types';
import { ExecError } from '../errors';
import { gather, materialize } from './column';
import { evaluate, truthMask, type EvalContext } from './expr';
import { hashJoin } from './hot';
import { joinKeys } from './keys';

/** Most pairs a join may produce (the index arrays are Int32). */
const MAX_PAIRS = 2 ** 31 - 1;

/** Joins two evaluated inputs. */
export function join(node: JoinNode, left: ColumnBatch, right: ColumnBatch, ctxOf: (cols: Column[], n: number) =>
  EvalContext): ColumnBatch {
  const nl = left.length;
  const nr = right.length;
  let [li, ri] = node.leftKeys.length > 0 && node.kind !== 'cross'
    ? equiPairs(node, left, right, ctxOf)
    : crossPairs(nl, nr);
  if (node.condition !== undefined && li.length > 0) {
    const cols = [...left.columns.map((c) => gather(c, li)), ...right.columns.map((c) => gather(c, ri))];
    const mask = truthMask(evaluate(node.condition, ctxOf(cols, li.length)), li.length);
    let k = 0;
    for (let p = 0; p < li.length; p++) if (mask[p] === 1) { li[k] = li[p]; ri[k] = ri[p]; k++; }
    li = li.subarray(0, k);
    ri = ri.subarray(0, k);
  }
  const kind = node.kind;
  if (kind === 'semi' || kind === 'anti') {
    const hit = new Uint8Array(nl);
    for (let p = 0; p < li.length; p++) hit[li[p]] = 1;
    const want = kind === 'semi' ? 1 : 0;
    const rows: number[] = [];
    for (let i = 0; i < nl; i++) if (hit[i] === want) rows.push(i);
    const idx = Int32Array.from(rows);
    return { names: node.schema.names, columns: left.columns.map((c) => gather(c, idx)), length: idx.length };
  }
  if (kind === 'left' || kind === 'full') [li, ri] = addUnmatchedLeft(li, ri, nl);
  if (kind === 'right' || kind === 'full') [li, ri] = addUnmatchedRight(li, ri, nr);
  const columns = [...left.columns.map((c) => gather(c, li)), ...right.columns.map((c) => gather(c, ri))];
  return { names: node.schema.names, columns, length: li.length };
}

/** Pairs of rows with equal, non-NULL keys, ordered by left row then right row. */
function equiPairs(node: JoinNode, left: ColumnBatch, right: ColumnBatch,
  ctxOf: (cols: Column[], n: number) => EvalContext): [Int32Array, Int32Array] {
  const nl = left.length;
  const nr = right.length;
  const lctx = ctxOf(left.columns, nl);
  const rctx = ctxOf(right.columns, nr);
  const lk = node.leftKeys.map((e) => materialize(evaluate(e, lctx), nl));
  const rk = node.rightKeys.map((e) => materialize(evaluate(e, rctx), nr));
  const k = joinKeys(lk, rk, nl, nr);
  let capacity = Math.max(16, nl + nr);
  for (;;) {
    const outBuild = new Int32Array(capacity);
    const outProbe = new Int32Array(capacity);
    const total = hashJoin(nr, k.m, k.right, k.rightValid, nl, k.left, k.leftValid, capacity, outBuild, outProbe);
    if (total <= capacity) return [outProbe.subarray(0, total), outBuild.subarray(0, total)];
    if (total > MAX_PAIRS) throw new ExecError(`Join produces ${total} rows, more than ${MAX_PAIRS}`);
    capacity = total;
  }
}

/** Every (left, right) pair, left-major. */
function crossPairs(nl: number, nr: number): [Int32Array, Int32Array] {
  const total = nl * nr;
  if (total > MAX_PAIRS) throw new ExecError(`Cross join produces ${total} rows, more than ${MAX_PAIRS}`);
  const li = new Int32Array(total);
  const ri = new Int32Array(total);
  let p = 0;
  for (let i = 0; i < nl; i++) for (let j = 0; j < nr; j++) { li[p] = i; ri[p] = j; p++; }
  return [li, ri];
}

/** Inserts each left row without a pair (right index -1) in left order. */
function addUnmatchedLeft(li: Int32Array, ri: Int32Array, nl: number): [Int32Array, Int32Array] {
  const hit = new Uint8Array(nl);
  for (let p = 0; p < li.length; p++) hit[li[p]] = 1;
  let missing = 0;
  for (let i = 0; i < nl; i++) missing += 1 - hit[i];
  if (missing === 0) return [li, ri];
  const ol = new Int32Array(li.length + missing);
  const or = new Int32Array(li.length + missing);
  let p = 0;
  let o = 0;
  for (let i = 0; i < nl; i++) {
    if (hit[i] === 0) { ol[o] = i; or[o] = -1; o++; continue; }
    while (p < li.length && li[p] === i) { ol[o] = i; or[o] = ri[p]; o++; p++; }
  }
  return [ol, or];
}

/** Appends each right row without a pair (left index -1). */
function addUnmatchedRight(li: Int32Array, ri: Int32Array, nr: number): [Int32Array, Int32Array] {
  const hit = new Uint8Array(nr);
  for (let p = 0; p < ri.length; p++) if (ri[p] >= 0) hit[ri[p]] = 1;
  const extra: number[] = [];
  for (let j = 0; j < nr; j++) if (hit[j] === 0) extra.push(j);
  if (extra.length === 0) return [li, ri];
  const ol = new Int32Array(li.length + extra.length);
  const or = new Int32Array(li.length + extra.length);
  ol.set(li);
  or.set(ri);
  for (let k = 0; k < extra.length; k++) { ol[li.length + k] = -1; or[li.length + k] = extra[k]; }
  return [ol, or];
}
