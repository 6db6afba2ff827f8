/**
 * Queries: SELECT blocks and set operations to plans. A SELECT block becomes
 *   FROM -> Filter (WHERE) -> Aggregate (GROUP BY / aggregates) -> Filter (HAVING) -> Project (select list, plus
 *   hidden ORDER BY columns) -> Distinct -> Sort -> Limit -> Project (dropping the hidden columns)
 * with DuckDB's name rules: select-list aliases usable in WHERE, GROUP BY, HAVING and ORDER BY where no FROM column
 * has the name; GROUP BY and ORDER BY ordinals; ORDER BY on expressions not selected (except with DISTINCT).
 * UNION [ALL] casts its inputs to common column types; WITH defines CTEs, inlined where used.
 */
import type { Expr, Plan, SortKey } from '../plan/ir';
import type { SqlType } from '../types';
import { SqlBindError, UnsupportedSqlError } from '../errors';
import { type BindContext, type BoundQuery, type CteDef, exprKey, ident, positionOf, positionOfWord } from './context';
import { type AggState, type ExprScope, bindExpr, containsAggregate } from './expr';
import { bindFrom, castPlan, type BoundFrom } from './from';
import { castTo } from './literal';
import { aggregateText, exprText } from './explain';
import { exprName } from './names';
import type { Node } from './parse';
import { BY_ALL } from './prepare';
import { Scope, type ScopeColumn } from './scope';
import { T, isInteger, typeName } from './typing';
import { commonType } from './unify';

/** True for the stand-in of ALL in GROUP BY ALL / ORDER BY ALL (see prepare.ts). */
function isByAll(node: Node): boolean {
  return node?.type === 'column_ref' && ident(node.column) === BY_ALL.slice(1, -1);
}

/** The CTE scope of a query with a WITH clause: the outer CTEs plus its own, each seeing the ones before it. */
function withCtes(ast: Node, ctes: Map<string, CteDef>, ctx: BindContext): Map<string, CteDef> {
  if (!Array.isArray(ast.with) || ast.with.length === 0) return ctes;
  const out = new Map(ctes);
  for (const w of ast.with) {
    if (w.recursive) throw new UnsupportedSqlError('recursive CTEs (WITH RECURSIVE)', positionOf(ctx, w));
    const name = ident(w.name)!;
    const stmt = w.stmt?.ast ?? w.stmt;
    const columns: string[] | undefined = Array.isArray(w.columns) ? w.columns.map((c: Node) => ident(c.column) ?? ident(c)) : undefined;
    const def: CteDef = { name, ast: columns ? { ...stmt, __columns: columns } : stmt, outerCtes: new Map(out) };
    out.set(name.toLowerCase(), def);
  }
  return out;
}

/**
 * Binds a query: a SELECT block or a chain of set operations, with its WITH clause.
 * @param ctx - the statement's binding state
 * @param ast - the query AST
 * @param ctes - the CTEs in scope
 * @param outer - the enclosing query's scope (a subquery in an expression)
 */
export function bindQuery(ctx: BindContext, ast: Node, ctes: Map<string, CteDef>, outer?: Scope): BoundQuery {
  if (ast?.type !== 'select') {
    throw new UnsupportedSqlError(`${String(ast?.type ?? 'this').toUpperCase()} statements as queries`, positionOf(ctx, ast));
  }
  const scopeCtes = withCtes(ast, ctes, ctx);
  let q: BoundQuery;
  if (ast._next) q = bindSetOperation(ctx, ast, scopeCtes, outer);
  else q = bindSelect(ctx, ast, scopeCtes, outer);
  const renamed: string[] | undefined = ast.__columns;
  if (renamed !== undefined) {
    if (renamed.length > q.names.length) throw new SqlBindError(`the CTE has ${q.names.length} columns but ${renamed.length} names`);
    const names = q.names.map((n, i) => renamed[i] ?? n);
    q = { plan: { ...q.plan, schema: { names, types: q.plan.schema.types } } as Plan, names, types: q.types };
  }
  return q;
}

function limitValue(ctx: BindContext, node: Node, what: string): number | null {
  if (node?.type === 'origin' && String(node.value).toLowerCase() === 'all') return null;
  const e = bindExpr(node, { ctx, scope: new Scope([]), clause: what });
  if (e.kind !== 'literal') throw new SqlBindError(`${what} must be a constant`, positionOf(ctx, node));
  if (e.value === null) return null;
  const n = Number(e.value);
  if (!isInteger(e.type) || !(n >= 0) || !Number.isSafeInteger(n)) {
    throw new SqlBindError(`${what} must be a non-negative integer but received ${String(e.value)}`, positionOf(ctx, node));
  }
  return n;
}

/** LIMIT / OFFSET of a select AST: {limit, offset}, or undefined for neither. */
function limitOf(ctx: BindContext, ast: Node): { limit: number | null; offset: number } | undefined {
  const v: Node[] = ast.limit?.value ?? [];
  if (v.length === 0) return undefined;
  const sep = String(ast.limit.seperator ?? '').toLowerCase();
  if (sep === 'offset' && v.length === 1) return { limit: null, offset: limitValue(ctx, v[0], 'OFFSET') ?? 0 };
  if (sep === ',') return { limit: limitValue(ctx, v[1], 'LIMIT'), offset: limitValue(ctx, v[0], 'OFFSET') ?? 0 };
  return { limit: limitValue(ctx, v[0], 'LIMIT'), offset: v.length > 1 ? limitValue(ctx, v[1], 'OFFSET') ?? 0 : 0 };
}

/** A select-list item after `*` expansion. */
interface Item {
  node?: Node;
  column?: ScopeColumn;
  name: string;
  alias?: string;
}

function expandItems(ctx: BindContext, ast: Node, from: BoundFrom): Item[] {
  const items: Item[] = [];
  for (const c of ast.columns ?? []) {
    const e = c.expr;
    if (e?.type === 'column_ref' && e.column === '*') {
      const rel = ident(e.table);
      const cols = from.columns.filter((x) => (rel === undefined ? !x.hidden : x.relation?.toLowerCase() === rel.toLowerCase()));
      if (rel !== undefined && cols.length === 0) {
        throw new SqlBindError(`unknown table or alias "${rel}" in ${rel}.*`, positionOfWord(ctx, rel));
      }
      if (c.as) throw new SqlBindError('* cannot have an alias', positionOfWord(ctx, ident(c.as)!));
      for (const col of cols.sort((a, b) => (a.order ?? a.index) - (b.order ?? b.index))) items.push({ column: col, name: col.name });
      continue;
    }
    const alias = ident(c.as) ?? undefined;
    items.push({ node: e, name: alias ?? exprName(e), alias });
  }
  return items;
}

function bindSelect(ctx: BindContext, ast: Node, ctes: Map<string, CteDef>, outer?: Scope): BoundQuery {
  if (ast.into?.position) throw new UnsupportedSqlError('SELECT ... INTO', positionOf(ctx, ast));
  if (ast.window) throw new UnsupportedSqlError('window functions (WINDOW)', positionOf(ctx, ast));
  const distinctType = String(ast.distinct?.type ?? '').toUpperCase();
  if (distinctType === 'DISTINCT ON' || Array.isArray(ast.distinct?.columns)) throw new UnsupportedSqlError('DISTINCT ON', positionOfWord(ctx, 'distinct'));
  const distinct = distinctType === 'DISTINCT';
  const from: BoundFrom = Array.isArray(ast.from) && ast.from.length > 0
    ? bindFrom(ctx, ast.from, ctes, outer)
    : { plan: { op: 'values', rows: [[]], schema: { names: [], types: [] } }, columns: [] };
  const scope = new Scope(from.columns, outer);
  const items = expandItems(ctx, ast, from);
  if (items.length === 0) throw new SqlBindError('SELECT needs at least one column', positionOf(ctx, ast));
  const aliases = new Map<string, Node>();
  for (const it of items) if (it.alias !== undefined && it.node !== undefined && !aliases.has(it.alias.toLowerCase())) aliases.set(it.alias.toLowerCase(), it.node);
  const base: ExprScope = { ctx, scope, ctes, clause: 'WHERE', aliases };

  let plan = from.plan;
  if (ast.where) {
    const predicate = bindExpr(ast.where, base);
    plan = { op: 'filter', input: plan, predicate: castTo(predicate.type.id === 'boolean' ? predicate : mustBool(ctx, predicate, ast.where), T.boolean), schema: plan.schema };
  }

  let groupNodes: Node[] = ast.groupby?.columns ?? (Array.isArray(ast.groupby) ? ast.groupby : []);
  // GROUP BY ALL (DuckDB): every select-list item without an aggregate, by position.
  if (groupNodes.some(isByAll)) {
    if (groupNodes.length > 1) throw new SqlBindError('GROUP BY ALL cannot be combined with other GROUP BY items', positionOfWord(ctx, 'group'));
    groupNodes = items.flatMap((it, i) => (it.node !== undefined && containsAggregate(it.node) ? [] : [{ type: 'number', value: i + 1 }]));
  }
  const groupByAll = (ast.groupby?.columns ?? []).some(isByAll);
  if (ast.groupby?.modifiers?.length) throw new UnsupportedSqlError('GROUP BY modifiers (ROLLUP, CUBE, GROUPING SETS)', positionOfWord(ctx, 'group'));
  // ORDER BY ALL (DuckDB): every select-list column left to right, with the direction given.
  const orderNodes: Node[] = (ast.orderby ?? []).flatMap((o: Node) => (isByAll(o.expr)
    ? items.map((_, i) => ({ ...o, expr: { type: 'number', value: i + 1 } }))
    : [o]));
  const aliasAggregate = (n: Node): boolean => containsAggregate(n)
    || (n?.type === 'column_ref' && n.column !== '*' && !ident(n.table) && scope.lookup(undefined, ident(n.column) ?? '').kind === 'none'
      && containsAggregate(aliases.get(String(ident(n.column)).toLowerCase())));
  const isAggregate = groupNodes.length > 0 || groupByAll || !!ast.having || items.some((it) => it.node !== undefined && containsAggregate(it.node))
    || orderNodes.some((o) => aliasAggregate(o.expr));

  let agg: AggState | undefined;
  if (isAggregate) {
    agg = { groups: [], groupKeys: [], aggregates: [], aggKeys: [] };
    for (const g of groupNodes) {
      let expr: Expr;
      if (g?.type === 'number' && Number.isInteger(Number(g.value))) {
        const k = Number(g.value);
        const it = items[k - 1];
        if (it === undefined) throw new SqlBindError(`GROUP BY position ${k} is not in the select list (1 to ${items.length})`, positionOfWord(ctx, String(k)));
        if (it.column) expr = { kind: 'column', index: it.column.index, type: it.column.type };
        else {
          if (containsAggregate(it.node)) throw new SqlBindError(`GROUP BY position ${k} refers to an aggregate (${it.name})`, positionOfWord(ctx, String(k)));
          expr = bindExpr(it.node, { ...base, clause: 'GROUP BY' });
        }
      } else {
        expr = bindExpr(g, { ...base, clause: 'GROUP BY' });
      }
      const key = exprKey(expr);
      if (!agg.groupKeys.includes(key)) {
        agg.groups.push(expr);
        agg.groupKeys.push(key);
      }
    }
  }
  const post: ExprScope = { ...base, clause: 'SELECT', agg };
  const exprs: Expr[] = items.map((it) => {
    if (it.node !== undefined) return bindExpr(it.node, post);
    const ref: Expr = { kind: 'column', index: it.column!.index, type: it.column!.type };
    if (!agg) return ref;
    const g = agg.groupKeys.indexOf(exprKey(ref));
    if (g < 0) throw new SqlBindError(`column "${it.name}" (from *) must appear in the GROUP BY clause or be used in an aggregate function`, positionOfWord(ctx, '*'));
    return { kind: 'column', index: g, type: ref.type };
  });
  let having: Expr | undefined;
  if (ast.having) {
    const h = bindExpr(ast.having, { ...post, clause: 'HAVING' });
    having = h.type.id === 'boolean' ? h : mustBool(ctx, h, ast.having);
  }

  // ORDER BY: ordinals and output names first, then expressions (selected ones reuse their column).
  const names = items.map((it) => it.name);
  const hidden: Expr[] = [];
  const keys: SortKey[] = [];
  const selectKeys = exprs.map((e) => exprKey(e));
  for (const o of orderNodes) {
    const descending = String(o.type ?? '').toUpperCase() === 'DESC';
    const nulls = String(o.nulls ?? '').toUpperCase();
    const nullsFirst = nulls === 'NULLS FIRST';
    const n = o.expr;
    let index = -1;
    if (n?.type === 'number' && Number.isInteger(Number(n.value))) {
      const k = Number(n.value);
      if (k < 1 || k > items.length) throw new SqlBindError(`ORDER BY position ${k} is not in the select list (1 to ${items.length})`, positionOfWord(ctx, String(k)));
      index = k - 1;
    } else if (n?.type === 'column_ref' && n.column !== '*' && !ident(n.table)) {
      const want = String(ident(n.column)).toLowerCase();
      const aliasIndex = items.findIndex((it) => it.alias?.toLowerCase() === want);
      if (aliasIndex >= 0) index = aliasIndex;
    }
    if (index < 0) {
      const e = bindExpr(n, { ...post, clause: 'ORDER BY' });
      const k = exprKey(e);
      index = selectKeys.indexOf(k);
      if (index < 0) {
        if (distinct) throw new SqlBindError(`for SELECT DISTINCT, ORDER BY expressions must appear in the select list (${exprName(n)})`, positionOf(ctx, n) ?? positionOfWord(ctx, exprName(n)));
        const h = hidden.findIndex((x) => exprKey(x) === k);
        index = items.length + (h >= 0 ? h : hidden.push(e) - 1);
      }
    }
    const type = index < exprs.length ? exprs[index].type : hidden[index - exprs.length].type;
    keys.push({ expr: { kind: 'column', index, type }, descending, nullsFirst });
  }

  if (agg) {
    const groupTypes = agg.groups.map((g) => g.type);
    plan = {
      op: 'aggregate', input: plan, groups: agg.groups, aggregates: agg.aggregates,
      schema: {
        names: [...agg.groups.map((g) => exprText(g, plan.schema.names, false)), ...agg.aggregates.map((a) => aggregateText(a, plan.schema.names, false))],
        types: [...groupTypes, ...agg.aggregates.map((a) => a.type)],
      },
    };
    if (having) plan = { op: 'filter', input: plan, predicate: having, schema: plan.schema };
  }
  const allExprs = [...exprs, ...hidden];
  const types = exprs.map((e) => e.type);
  plan = {
    op: 'project', input: plan, exprs: allExprs,
    schema: { names: [...names, ...hidden.map((_, i) => `#sort${i}`)], types: allExprs.map((e) => e.type) },
  };
  if (distinct) plan = { op: 'distinct', input: plan, schema: plan.schema };
  if (keys.length > 0) plan = { op: 'sort', input: plan, keys, schema: plan.schema };
  const lim = limitOf(ctx, ast);
  if (lim !== undefined) plan = { op: 'limit', input: plan, limit: lim.limit, offset: lim.offset, schema: plan.schema };
  if (hidden.length > 0) {
    plan = {
      op: 'project', input: plan, exprs: exprs.map((e, i) => ({ kind: 'column', index: i, type: e.type })),
      schema: { names: [...names], types: [...types] },
    };
  }
  return { plan, names, types };
}

function mustBool(ctx: BindContext, e: Expr, node: Node): Expr {
  if (e.type.id === 'null' || isInteger(e.type)) return castTo(e, T.boolean);
  throw new SqlBindError(`a condition must be BOOLEAN but this is ${typeName(e.type)}`, positionOf(ctx, node));
}

/** The inputs of a set-operation chain (node-sql-parser links them by `_next` with the operator in `set_op`). */
function bindSetOperation(ctx: BindContext, ast: Node, ctes: Map<string, CteDef>, outer?: Scope): BoundQuery {
  const parts: Node[] = [];
  const ops: string[] = [];
  for (let n: Node = ast; n; n = n._next) {
    parts.push(n);
    if (n._next) ops.push(String(n.set_op ?? '').toLowerCase());
  }
  for (const op of ops) {
    if (op !== 'union' && op !== 'union all' && op !== 'union distinct') {
      throw new UnsupportedSqlError(`${op.toUpperCase()}`, positionOfWord(ctx, op.split(' ')[0]), 'only UNION and UNION ALL are supported');
    }
  }
  // ORDER BY / LIMIT after the last SELECT of a chain belong to the whole set operation (node-sql-parser attaches
  // them to that SELECT), unless that SELECT is in parentheses.
  const last = parts[parts.length - 1];
  const own = last.parentheses_symbol === true;
  const tail = own ? { orderby: null, limit: null } : { orderby: last.orderby, limit: last.limit };
  const bodies = parts.map((p, i) => (i === parts.length - 1 && !own ? { ...p, _next: undefined, orderby: null, limit: null } : { ...p, _next: undefined }));
  const inputs = bodies.map((b) => bindSelect(ctx, b, ctes, outer));
  const width = inputs[0].types.length;
  for (const [i, q] of inputs.entries()) {
    if (q.types.length !== width) {
      throw new SqlBindError(`the inputs of UNION must have the same number of columns (the first has ${width}, input ${i + 1} has ${q.types.length})`, positionOfWord(ctx, 'union'));
    }
  }
  const types: SqlType[] = [];
  for (let c = 0; c < width; c++) {
    const t = commonType(inputs.map((q) => ({ kind: 'column', index: c, type: q.types[c] }) as Expr), 'value', `column ${c + 1} of UNION`, positionOfWord(ctx, 'union'));
    types.push(t.id === 'null' ? T.integer : t);
  }
  const names = inputs[0].names;
  // Left to right; a run of the same operator is one Union node (distinct over all of a run of UNIONs is the same).
  let plan: Plan = castPlan(inputs[0].plan, types);
  for (let i = 1; i < inputs.length; i++) {
    const all = ops[i - 1] === 'union all';
    const next = castPlan(inputs[i].plan, types);
    plan = i > 1 && plan.op === 'union' && plan.all === all
      ? { ...plan, inputs: [...plan.inputs, next] }
      : { op: 'union', inputs: [plan, next], all, schema: { names, types } };
  }
  plan = { ...plan, schema: { names: [...names], types } } as Plan;
  const scope = new Scope(names.map((name, index) => ({ relation: undefined, name, type: types[index], index })));
  const tailOrder: Node[] = (tail.orderby ?? []).flatMap((o: Node) => (isByAll(o.expr)
    ? types.map((_, i) => ({ ...o, expr: { type: 'number', value: i + 1 } }))
    : [o]));
  const keys: SortKey[] = tailOrder.map((o: Node) => {
    const n = o.expr;
    let expr: Expr;
    if (n?.type === 'number' && Number.isInteger(Number(n.value))) {
      const k = Number(n.value);
      if (k < 1 || k > width) throw new SqlBindError(`ORDER BY position ${k} is not in the select list (1 to ${width})`, positionOfWord(ctx, String(k)));
      expr = { kind: 'column', index: k - 1, type: types[k - 1] };
    } else {
      expr = bindExpr(n, { ctx, scope, ctes, clause: 'ORDER BY' });
    }
    return { expr, descending: String(o.type ?? '').toUpperCase() === 'DESC', nullsFirst: String(o.nulls ?? '').toUpperCase() === 'NULLS FIRST' };
  });
  if (keys.length > 0) plan = { op: 'sort', input: plan, keys, schema: plan.schema };
  const lim = limitOf(ctx, tail);
  if (lim !== undefined) plan = { op: 'limit', input: plan, limit: lim.limit, offset: lim.offset, schema: plan.schema };
  return { plan, names: [...names], types };
}
