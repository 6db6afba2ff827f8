/**
 * Column pruning: after binding, every node keeps only the columns something above it reads, so a scan reads only
 * the source columns the query needs (the issue's "only the columns a query needs are read"). Column references are
 * renumbered on the way up. Distinct and Union keep all their inputs' columns (they compare whole rows).
 */
import type { AggregateCall, Expr, Plan } from '../plan/ir';
import { columnsOf, remap } from './from';

interface Pruned {
  plan: Plan;
  /** old output index -> new output index (only for the kept columns). */
  map: Map<number, number>;
}

function all(n: number): Set<number> {
  return new Set(Array.from({ length: n }, (_, i) => i));
}

function identity(n: number): Map<number, number> {
  return new Map(Array.from({ length: n }, (_, i) => [i, i]));
}

function by(map: Map<number, number>): (i: number) => number {
  return (i) => {
    const j = map.get(i);
    if (j === undefined) throw new Error(`internal: column ${i} was pruned`);
    return j;
  };
}

function pruneSubqueries(e: Expr): Expr {
  switch (e.kind) {
    case 'subquery': {
      const out: Expr = { ...e, plan: prunePlan(e.plan) };
      if (e.expr) out.expr = pruneSubqueries(e.expr);
      return out;
    }
    case 'call': return { ...e, args: e.args.map(pruneSubqueries) };
    case 'cast': return { ...e, expr: pruneSubqueries(e.expr) };
    case 'case': {
      const out: Expr = { ...e, whens: e.whens.map((w) => ({ when: pruneSubqueries(w.when), then: pruneSubqueries(w.then) })) };
      if (e.else) out.else = pruneSubqueries(e.else);
      return out;
    }
    default: return e;
  }
}

function fix(e: Expr, map: Map<number, number>): Expr {
  return pruneSubqueries(remap(e, by(map)));
}

function prune(plan: Plan, needed: Set<number>): Pruned {
  switch (plan.op) {
    case 'scan': {
      // A scan keeps one column even when none is read (count(*)): the executor learns the row count from it.
      const keep = needed.size > 0 || plan.columns.length === 0 ? [...needed].sort((a, b) => a - b) : [0];
      const map = new Map(keep.map((old, i) => [old, i]));
      return {
        plan: { ...plan, columns: keep.map((i) => plan.columns[i]), schema: { names: keep.map((i) => plan.schema.names[i]), types: keep.map((i) => plan.schema.types[i]) } },
        map,
      };
    }
    case 'values': {
      const width = plan.schema.names.length;
      return { plan: { ...plan, rows: plan.rows.map((r) => r.map(pruneSubqueries)) }, map: identity(width) };
    }
    case 'filter': {
      const inner = prune(plan.input, new Set([...needed, ...columnsOf(plan.predicate)]));
      return { plan: { ...plan, input: inner.plan, predicate: fix(plan.predicate, inner.map), schema: inner.plan.schema }, map: inner.map };
    }
    case 'project': {
      // Like a scan, a project keeps one column when none is read, so the row count survives.
      const keep = needed.size > 0 || plan.exprs.length === 0 ? [...needed].sort((a, b) => a - b) : [0];
      const exprs = keep.map((i) => plan.exprs[i]);
      const used = new Set<number>();
      exprs.forEach((e) => columnsOf(e, used));
      const inner = prune(plan.input, used);
      return {
        plan: { ...plan, input: inner.plan, exprs: exprs.map((e) => fix(e, inner.map)), schema: { names: keep.map((i) => plan.schema.names[i]), types: keep.map((i) => plan.schema.types[i]) } },
        map: new Map(keep.map((old, i) => [old, i])),
      };
    }
    case 'aggregate': {
      const used = new Set<number>();
      plan.groups.forEach((g) => columnsOf(g, used));
      plan.aggregates.forEach((a) => a.args.forEach((x) => columnsOf(x, used)));
      const inner = prune(plan.input, used);
      const aggregates: AggregateCall[] = plan.aggregates.map((a) => ({ ...a, args: a.args.map((x) => fix(x, inner.map)) }));
      return { plan: { ...plan, input: inner.plan, groups: plan.groups.map((g) => fix(g, inner.map)), aggregates }, map: identity(plan.schema.names.length) };
    }
    case 'join': {
      const L = plan.left.schema.names.length;
      const semi = plan.kind === 'semi' || plan.kind === 'anti';
      const cond = plan.condition ? columnsOf(plan.condition) : new Set<number>();
      const leftNeed = new Set<number>();
      const rightNeed = new Set<number>();
      for (const i of [...needed, ...cond]) (i < L ? leftNeed : rightNeed).add(i < L ? i : i - L);
      plan.leftKeys.forEach((k) => columnsOf(k, leftNeed));
      plan.rightKeys.forEach((k) => columnsOf(k, rightNeed));
      const left = prune(plan.left, leftNeed);
      const right = prune(plan.right, rightNeed);
      const lw = left.plan.schema.names.length;
      const map = new Map<number, number>(left.map);
      for (const [old, nw] of right.map) map.set(old + L, nw + lw);
      const out: Plan = {
        ...plan, left: left.plan, right: right.plan,
        leftKeys: plan.leftKeys.map((k) => fix(k, left.map)),
        rightKeys: plan.rightKeys.map((k) => fix(k, right.map)),
        schema: semi ? left.plan.schema : {
          names: [...left.plan.schema.names, ...right.plan.schema.names],
          types: [...left.plan.schema.types, ...right.plan.schema.types],
        },
      };
      if (plan.condition) out.condition = fix(plan.condition, map);
      else delete out.condition;
      return { plan: out, map: semi ? left.map : map };
    }
    case 'sort': {
      const used = new Set(needed);
      plan.keys.forEach((k) => columnsOf(k.expr, used));
      const inner = prune(plan.input, used);
      return { plan: { ...plan, input: inner.plan, keys: plan.keys.map((k) => ({ ...k, expr: fix(k.expr, inner.map) })), schema: inner.plan.schema }, map: inner.map };
    }
    case 'limit': {
      const inner = prune(plan.input, needed);
      return { plan: { ...plan, input: inner.plan, schema: inner.plan.schema }, map: inner.map };
    }
    case 'distinct': {
      const width = plan.schema.names.length;
      const inner = prune(plan.input, all(width));
      return { plan: { ...plan, input: inner.plan, schema: inner.plan.schema }, map: inner.map };
    }
    case 'union': {
      const width = plan.schema.names.length;
      return { plan: { ...plan, inputs: plan.inputs.map((p) => prunePlan(p)) }, map: identity(width) };
    }
  }
}

/**
 * A plan with unread columns removed everywhere below its (unchanged) output.
 * @param plan - a bound plan
 * @returns the pruned plan, same output columns
 */
export function prunePlan(plan: Plan): Plan {
  return prune(plan, all(plan.schema.names.length)).plan;
}
