/**
 * EXPLAIN: a plan as an indented operator tree, one node per line with its expressions printed as SQL-like text
 * (`#i` is column i of the node's input, named when the input's schema names it).
 */
import type { AggregateCall, Expr, Plan, Subquery } from '../plan/ir';
import { literalText } from './literal';
import { typeName } from './typing';

const INFIX = new Set(['+', '-', '*', '/', '//', '%', '=', '<>', '<', '<=', '>', '>=', 'and', 'or', 'like', 'ilike']);

/**
 * An expression as text.
 * @param e - the expression
 * @param names - the input's column names (for column references)
 * @param withIndex - print a column as name#index (EXPLAIN) rather than its name alone
 * @param label - how a subquery is named (EXPLAIN numbers them and prints their plans below)
 */
export function exprText(e: Expr, names: string[] = [], withIndex = true, label?: (s: Subquery) => string): string {
  const t = (x: Expr): string => exprText(x, names, withIndex, label);
  switch (e.kind) {
    case 'column':
      if (names[e.index] === undefined) return `#${e.index}`;
      return withIndex ? `${names[e.index]}#${e.index}` : names[e.index];
    case 'literal': return literalText(e.value, e.type);
    case 'cast': return `${e.try ? 'TRY_CAST' : 'CAST'}(${t(e.expr)} AS ${typeName(e.type)})`;
    case 'case': return `CASE ${e.whens.map((w) => `WHEN ${t(w.when)} THEN ${t(w.then)}`).join(' ')}${e.else ? ` ELSE ${t(e.else)}` : ''} END`;
    case 'subquery': {
      const body = label ? label(e) : `(subquery: ${e.plan.schema.names.join(', ')})`;
      if (e.mode === 'in') return `${t(e.expr!)} ${e.negated ? 'NOT IN' : 'IN'} ${body}`;
      return e.mode === 'exists' ? `EXISTS ${body}` : body;
    }
    case 'call': {
      if (INFIX.has(e.fn) && e.args.length === 2) return `(${t(e.args[0])} ${e.fn.toUpperCase() === e.fn ? e.fn : e.fn.toUpperCase()} ${t(e.args[1])})`;
      switch (e.fn) {
        case 'neg': return `-(${t(e.args[0])})`;
        case 'not': return `NOT ${t(e.args[0])}`;
        case 'is_null': return `(${t(e.args[0])} IS NULL)`;
        case 'is_not_null': return `(${t(e.args[0])} IS NOT NULL)`;
        case 'is_distinct': return `(${t(e.args[0])} IS DISTINCT FROM ${t(e.args[1])})`;
        case 'is_not_distinct': return `(${t(e.args[0])} IS NOT DISTINCT FROM ${t(e.args[1])})`;
        case 'in_list': return `(${t(e.args[0])} IN (${e.args.slice(1).map(t).join(', ')}))`;
        default: return `${e.fn}(${e.args.map(t).join(', ')})`;
      }
    }
  }
}

/** An aggregate call as text (EXPLAIN, and the Aggregate node's output names). */
export function aggregateText(a: AggregateCall, names: string[], withIndex = true, label?: (s: Subquery) => string): string {
  if (a.fn === 'count_star') return 'count_star()';
  const args = a.args.map((x) => exprText(x, names, withIndex, label));
  if (a.fraction !== undefined && a.fn !== 'median') args.push(String(a.fraction));
  return `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${args.join(', ')})`;
}

function line(plan: Plan, label: (s: Subquery) => string): string {
  const inNames = 'input' in plan ? plan.input.schema.names : [];
  switch (plan.op) {
    case 'scan': return `SCAN ${plan.source.kind === 'table' ? plan.source.name : `${plan.source.format} '${plan.source.path}'`} [${plan.schema.names.join(', ')}]`;
    case 'values': return `VALUES ${plan.rows.length} row${plan.rows.length === 1 ? '' : 's'}${plan.rows.length > 0 && plan.rows.length <= 3 ? `: ${plan.rows.map((r) => `(${r.map((x) => exprText(x)).join(', ')})`).join(', ')}` : ''}`;
    case 'filter': return `FILTER ${exprText(plan.predicate, inNames, true, label)}`;
    case 'project': return `PROJECT ${plan.exprs.map((e, i) => `${exprText(e, inNames, true, label)} AS ${plan.schema.names[i]}`).join(', ')}`;
    case 'aggregate': return `AGGREGATE${plan.groups.length ? ` BY ${plan.groups.map((g) => exprText(g, inNames, true, label)).join(', ')}` : ''}: ${plan.aggregates.map((a) => aggregateText(a, inNames, true, label)).join(', ') || '(no aggregates)'}`;
    case 'join': {
      const names = [...plan.left.schema.names, ...plan.right.schema.names];
      const keys = plan.leftKeys.map((k, i) => `${exprText(k, plan.left.schema.names, true, label)} = ${exprText(plan.rightKeys[i], plan.right.schema.names, true, label)}`);
      return `${plan.kind.toUpperCase()} JOIN${keys.length ? ` ON ${keys.join(' AND ')}` : ''}${plan.condition ? ` WHERE ${exprText(plan.condition, names, true, label)}` : ''}`;
    }
    case 'sort': return `SORT ${plan.keys.map((k) => `${exprText(k.expr, inNames, true, label)} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}`;
    case 'limit': return `LIMIT ${plan.limit ?? 'ALL'}${plan.offset ? ` OFFSET ${plan.offset}` : ''}${plan.input.op === 'sort' && plan.limit !== null ? ' (top-k)' : ''}`;
    case 'distinct': return 'DISTINCT';
    case 'union': return `UNION${plan.all ? ' ALL' : ''}`;
  }
}

function children(plan: Plan): Plan[] {
  switch (plan.op) {
    case 'scan': case 'values': return [];
    case 'join': return [plan.left, plan.right];
    case 'union': return plan.inputs;
    default: return [plan.input];
  }
}

/**
 * The EXPLAIN text of a plan: one operator per line, children indented under their parent.
 * @param plan - a bound plan
 * @returns the text (lines joined by newlines)
 * @example
 * explain(bind('SELECT a FROM t WHERE a > 1', catalog).plan)
 * // PROJECT a#0 AS a
 * //   FILTER (a#0 > 1)
 * //     SCAN t [a]
 */
export function explain(plan: Plan): string {
  const out: string[] = [];
  let count = 0;
  const walk = (p: Plan, depth: number): void => {
    const subqueries: Subquery[] = [];
    const label = (s: Subquery): string => {
      subqueries.push(s);
      return `SUBQUERY ${count + subqueries.length}`;
    };
    out.push(`${'  '.repeat(depth)}${line(p, label)}`);
    const first = count + 1;
    count += subqueries.length;
    for (const c of children(p)) walk(c, depth + 1);
    subqueries.forEach((s, i) => {
      out.push(`${'  '.repeat(depth + 1)}SUBQUERY ${first + i} (${s.mode}${s.negated ? ', negated' : ''}):`);
      walk(s.plan, depth + 2);
    });
  };
  walk(plan, 0);
  return out.join('\n');
}
