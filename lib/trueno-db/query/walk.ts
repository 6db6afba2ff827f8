/** Walks over a bound plan: the scans it holds (subqueries included) and the columns each source must provide. */
import type { Expr, Plan, ScanNode } from '../plan/ir';

function exprScans(e: Expr | undefined, out: ScanNode[]): void {
  if (e === undefined) return;
  switch (e.kind) {
    case 'call': e.args.forEach((a) => exprScans(a, out)); break;
    case 'cast': exprScans(e.expr, out); break;
    case 'case':
      e.whens.forEach((w) => {
        exprScans(w.when, out);
        exprScans(w.then, out);
      });
      exprScans(e.else, out);
      break;
    case 'subquery':
      planScans(e.plan, out);
      exprScans(e.expr, out);
      break;
    default: break;
  }
}

/**
 * Every scan of a plan, including those in subqueries.
 * @param plan - the plan
 * @param out - where scans are added
 * @returns `out`
 */
export function planScans(plan: Plan, out: ScanNode[] = []): ScanNode[] {
  switch (plan.op) {
    case 'scan': out.push(plan); break;
    case 'values': plan.rows.forEach((r) => r.forEach((e) => exprScans(e, out))); break;
    case 'filter': planScans(plan.input, out); exprScans(plan.predicate, out); break;
    case 'project': planScans(plan.input, out); plan.exprs.forEach((e) => exprScans(e, out)); break;
    case 'aggregate':
      planScans(plan.input, out);
      plan.groups.forEach((e) => exprScans(e, out));
      plan.aggregates.forEach((a) => a.args.forEach((e) => exprScans(e, out)));
      break;
    case 'join':
      planScans(plan.left, out);
      planScans(plan.right, out);
      plan.leftKeys.forEach((e) => exprScans(e, out));
      plan.rightKeys.forEach((e) => exprScans(e, out));
      exprScans(plan.condition, out);
      break;
    case 'sort': planScans(plan.input, out); plan.keys.forEach((k) => exprScans(k.expr, out)); break;
    case 'limit': case 'distinct': planScans(plan.input, out); break;
    case 'union': plan.inputs.forEach((p) => planScans(p, out)); break;
  }
  return out;
}

/** A source a plan reads and the column positions it needs from it. */
export interface SourceNeed {
  scan: ScanNode;
  columns: number[];
}

/**
 * The sources a plan reads, one entry per ScanNode.id, with the union of the columns its scans read.
 * @param plan - the plan
 * @returns by scan id
 */
export function sourceNeeds(plan: Plan): Map<string, SourceNeed> {
  const out = new Map<string, SourceNeed>();
  for (const scan of planScans(plan)) {
    const need = out.get(scan.id);
    if (need === undefined) out.set(scan.id, { scan, columns: [...new Set(scan.columns)].sort((a, b) => a - b) });
    else need.columns = [...new Set([...need.columns, ...scan.columns])].sort((a, b) => a - b);
  }
  return out;
}
