/**
 * The vectorized executor: runs a bound Plan over in-memory columns and returns a ColumnBatch. Pure and synchronous
 * (no I/O), so it runs the same in a worker thread or in-thread. Every node works on whole columns; the hot loops go
 * through ./hot (the columnar kernels' signatures).
 */
import type { AggregateNode, LimitNode, Plan, ScanNode, Subquery, ValuesNode } from '../plan/ir';
import type { Column, ColumnBatch } from '../types';
import { ExecError } from '../errors';
import { aggregate, type AggregateInput } from './aggregate';
import { concatColumns, gather, materialize, selection, slice, type Vec } from './column';
import { assemble } from './vec';
import { batchContext, evaluate, type EvalContext } from './expr';
import { kernelValues, predicateMask, simpleCompare } from './filter';
import { hashGroup } from './hot';
import { join } from './join';
import { sharedGroupKeys } from './keys';
import { sortOrder, topOrder } from './sort';

export { fromValues, valueAt } from './column';

/**
 * The executor's input: per ScanNode.id, the source's columns by position in the source's schema. Only the columns
 * some scan reads need be present; a scan that reads no column (count(*)) takes its row count from any present one.
 */
export type ExecSources = Map<string, (Column | undefined)[]>;

/**
 * Runs a plan.
 * @param plan - a bound plan (lib/trueno-db/plan/ir)
 * @param sources - the columns of every source the plan scans
 * @returns the result rows, named by the plan's schema
 * @throws ExecError for runtime errors (overflow, a bad CAST, a scalar subquery with several rows, a missing source)
 * @example
 * const batch = execute(plan, new Map([['table:t', [fromValues({ id: 'integer' }, [1, 2, 3])]]]));
 */
export function execute(plan: Plan, sources: ExecSources): ColumnBatch {
  return new Executor(sources).run(plan);
}

/** One execution: the sources and the results of uncorrelated subqueries (each run once). */
class Executor {
  private readonly subqueries = new Map<Subquery, unknown>();

  constructor(private readonly sources: ExecSources) {}

  /** A context over columns for expression evaluation. */
  context(cols: Column[], n: number): EvalContext {
    return batchContext(cols, n, (p) => this.run(p), this.subqueries);
  }

  run(plan: Plan): ColumnBatch {
    switch (plan.op) {
      case 'scan': return this.scan(plan);
      case 'values': return this.values(plan);
      case 'filter': {
        const input = this.run(plan.input);
        const mask = predicateMask(plan.predicate, this.context(input.columns, input.length));
        const rows = selection(mask, input.length);
        if (rows.length === input.length) return { ...input, names: plan.schema.names };
        return { names: plan.schema.names, columns: input.columns.map((c) => gather(c, rows)), length: rows.length };
      }
      case 'project': {
        const input = this.run(plan.input);
        const ctx = this.context(input.columns, input.length);
        const columns = plan.exprs.map((e) => materialize(withType(evaluate(e, ctx), e.type), input.length));
        return { names: plan.schema.names, columns, length: input.length };
      }
      case 'aggregate': return aggregate(plan, this.aggregateInput(plan));
      case 'join': {
        const left = this.run(plan.left);
        const right = this.run(plan.right);
        return join(plan, left, right, (cols, n) => this.context(cols, n));
      }
      case 'sort': {
        const input = this.run(plan.input);
        const order = sortOrder(plan.keys, this.context(input.columns, input.length));
        return { names: plan.schema.names, columns: input.columns.map((c) => gather(c, order)), length: order.length };
      }
      case 'limit': return this.limit(plan);
      case 'distinct': {
        const input = this.run(plan.input);
        return { ...distinctRows(input), names: plan.schema.names };
      }
      case 'union': {
        const inputs = plan.inputs.map((p) => this.run(p));
        const columns = plan.schema.types.map((t, j) => concatColumns(t, inputs.map((b) => b.columns[j])));
        const all: ColumnBatch = { names: plan.schema.names, columns, length: columns[0]?.length ?? 0 };
        if (columns.length === 0) all.length = inputs.reduce((a, b) => a + b.length, 0);
        return plan.all ? all : { ...distinctRows(all), names: plan.schema.names };
      }
      default: throw new ExecError(`Unknown plan node ${(plan as { op: string }).op}`);
    }
  }

  private scan(plan: ScanNode): ColumnBatch {
    const cols = this.sources.get(plan.id);
    if (cols === undefined) throw new ExecError(`No columns were given for source ${plan.id}`);
    const any = cols.find((c) => c !== undefined);
    const columns = plan.columns.map((p) => {
      const c = cols[p];
      if (c === undefined) throw new ExecError(`Column ${p} (${plan.schema.names[plan.columns.indexOf(p)] ?? '?'}) of source ${plan.id} was not given`);
      return exactLength(c);
    });
    const length = columns[0]?.length ?? any?.length;
    if (length === undefined) throw new ExecError(`Source ${plan.id} has no column to count its rows`);
    return { names: plan.schema.names, columns, length };
  }

  private values(plan: ValuesNode): ColumnBatch {
    const ctx = this.context([], 1);
    const rows = plan.rows.map((r) => r.map((e) => evaluate(e, ctx)));
    const n = rows.length;
    const columns = plan.schema.types.map((t, j) => {
      const vecs = rows.map((r) => r[j]);
      const choice = Int32Array.from({ length: n }, (_, i) => i);
      const out: Column = { ...assemble(t, n, vecs, choice, new Int32Array(n), []) };
      delete (out as Vec).scalar;
      return out;
    });
    return { names: plan.schema.names, columns, length: n };
  }

  /** An aggregate's input; a filter whose predicate needs only columns is pushed in as a mask or fused compare. */
  private aggregateInput(plan: AggregateNode): AggregateInput {
    const inner = plan.input;
    const plain = [...plan.groups, ...plan.aggregates.flatMap((a) => a.args)].every((e) => e.kind === 'column');
    if (inner.op !== 'filter' || !plain) {
      const input = this.run(inner);
      return { ctx: this.context(input.columns, input.length) };
    }
    const input = this.run(inner.input);
    const ctx = this.context(input.columns, input.length);
    const s = simpleCompare(inner.predicate);
    if (s !== null) {
      const col = input.columns[s.column];
      const x = kernelValues(col);
      if (x !== null && col.valid === undefined) return { ctx, pred: { x, op: s.op, value: s.value } };
    }
    return { ctx, mask: predicateMask(inner.predicate, ctx) };
  }

  private limit(plan: LimitNode): ColumnBatch {
    const limit = plan.limit ?? Infinity;
    const end = plan.offset + limit;
    // LIMIT over ORDER BY (possibly under a projection, which does not change the rows): a top-k.
    let sort: Plan = plan.input;
    const projections: Plan[] = [];
    while (sort.op === 'project') { projections.push(sort); sort = sort.input; }
    if (sort.op === 'sort' && Number.isFinite(end)) {
      const input = this.run(sort.input);
      const order = topOrder(sort.keys, this.context(input.columns, input.length), end).subarray(plan.offset);
      let batch: ColumnBatch = { names: sort.schema.names, columns: input.columns.map((c) => gather(c, order)),
        length: order.length };
      for (let k = projections.length - 1; k >= 0; k--) {
        const p = projections[k] as Extract<Plan, { op: 'project' }>;
        const ctx = this.context(batch.columns, batch.length);
        batch = { names: p.schema.names, length: batch.length,
          columns: p.exprs.map((e) => materialize(withType(evaluate(e, ctx), e.type), batch.length)) };
      }
      return { ...batch, names: plan.schema.names };
    }
    const input = this.run(plan.input);
    const from = Math.min(plan.offset, input.length);
    const to = Math.min(end, input.length);
    if (from === 0 && to === input.length) return { ...input, names: plan.schema.names };
    return { names: plan.schema.names, columns: input.columns.map((c) => slice(c, from, to)), length: to - from };
  }
}

/**
 * The column with value and validity arrays of exactly `length` entries (zero-copy views): storage may hand arrays
 * with spare capacity, and the kernels take arrays of exactly n rows.
 */
function exactLength(c: Column): Column {
  const n = c.length;
  const longValues = c.type.id !== 'list' && c.values.length > n;
  const longValid = c.valid !== undefined && c.valid.length > n;
  if (!longValues && !longValid) return c;
  const out: Column = { ...c };
  if (longValues) out.values = c.values.subarray(0, n);
  if (longValid) out.valid = c.valid!.subarray(0, n);
  return out;
}

/** A Vec carrying the node's declared type (a column reference keeps its source's type object otherwise). */
function withType(v: Vec, t: Column['type']): Vec {
  return v.type === t || v.type.id !== t.id ? v : { ...v, type: t };
}

/** The distinct rows of a batch, in order of first occurrence. */
function distinctRows(batch: ColumnBatch): ColumnBatch {
  const n = batch.length;
  if (batch.columns.length === 0) return { ...batch, length: Math.min(n, 1) };
  const [{ keys, m }] = sharedGroupKeys([batch.columns], [n]);
  const groups = new Int32Array(n);
  const firstRow = new Int32Array(n);
  const G = hashGroup(n, m, keys, groups, firstRow);
  const rows = firstRow.subarray(0, G);
  return { names: batch.names, columns: batch.columns.map((c) => gather(c, rows)), length: G };
}
