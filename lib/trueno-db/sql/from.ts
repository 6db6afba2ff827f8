/**
 * FROM: tables, files (`'x.parquet'`, `read_parquet('x')`, `read_csv('x')`, `read_delta('dir')`), CTEs, subqueries
 * and joins, to a plan and the scope of columns it makes visible. ON conditions are split into equi-join keys (each
 * conjunct `left_expr = right_expr` with one side over each input) and a residual `condition`; USING joins on the
 * named columns and shows them once; an inner join without keys becomes a cross join under a filter.
 */
import type { Expr, JoinNode, Plan, SourceRef } from '../plan/ir';
import type { SqlType } from '../types';
import { SqlBindError, UnsupportedSqlError } from '../errors';
import { type BindContext, type CteDef, ident, positionOf, positionOfWord } from './context';
import { bindExpr } from './expr';
import { castTo } from './literal';
import type { Node } from './parse';
import { Scope, type ScopeColumn } from './scope';
import { T } from './typing';
import { unify } from './unify';

/** A bound FROM clause: the plan and its visible columns. */
export interface BoundFrom {
  plan: Plan;
  columns: ScopeColumn[];
}

type FileFormat = 'parquet' | 'csv' | 'json' | 'arrow' | 'delta';

const FILE_FORMATS: Record<string, FileFormat> = {
  parquet: 'parquet', csv: 'csv', tsv: 'csv', json: 'json', jsonl: 'json', ndjson: 'json', arrow: 'arrow', feather: 'arrow', ipc: 'arrow',
};

const TABLE_FUNCTIONS: Record<string, FileFormat> = {
  read_parquet: 'parquet', parquet_scan: 'parquet', read_csv: 'csv', read_csv_auto: 'csv', read_json: 'json',
  read_json_auto: 'json', read_ndjson: 'json', read_arrow: 'arrow', read_delta: 'delta', delta_scan: 'delta',
};

/**
 * The file source a FROM name stands for, when it looks like a file (a known extension, possibly compressed), as
 * DuckDB's replacement scans: `FROM 'data/x.parquet'`.
 */
export function fileSourceOf(name: string): SourceRef | undefined {
  const m = /\.([A-Za-z0-9]+)(?:\.(?:gz|zst|bz2|lz4|snappy))?$/.exec(name);
  const format = m ? FILE_FORMATS[m[1].toLowerCase()] : undefined;
  return format === undefined ? undefined : { kind: 'file', format, path: name };
}

/** The file source of a table function call in FROM (`read_parquet('x')`), or undefined when not one. */
export function tableFunctionSource(node: Node): { source?: SourceRef; name: string; error?: string } {
  const name = String(node?.name?.name?.map((p: Node) => ident(p)).join('.') ?? ident(node?.name) ?? '').toLowerCase();
  const format = TABLE_FUNCTIONS[name];
  if (format === undefined) return { name };
  const args: Node[] = node.args?.value ?? [];
  const path = args[0];
  if (args.length !== 1 || !(path?.type === 'single_quote_string' || path?.type === 'string')) {
    return { name, error: `${name}() takes exactly one argument, a path in single quotes` };
  }
  return { name, source: { kind: 'file', format, path: String(path.value).replace(/''/g, "'") } };
}

/** The scan id of a source: `table:<name>` or `<format>:<path>`. */
export function sourceId(source: SourceRef): string {
  return source.kind === 'table' ? `table:${source.name}` : `${source.format}:${source.path}`;
}

function relationOfPath(path: string): string {
  const base = path.split(/[\\/]/).filter(Boolean).pop() ?? path;
  return base.replace(/\..*$/, '');
}

function scan(ctx: BindContext, source: SourceRef, relation: string, node: Node): BoundFrom {
  const schema = ctx.catalog.resolve(source);
  if (schema === undefined) {
    const what = source.kind === 'table' ? `table "${source.name}" does not exist` : `${source.format} source '${source.path}' was not found`;
    throw new SqlBindError(what, positionOf(ctx, node) ?? positionOfWord(ctx, source.kind === 'table' ? source.name : source.path.split('/')[0]));
  }
  const plan: Plan = {
    op: 'scan', source, id: sourceId(source), columns: schema.names.map((_, i) => i),
    schema: { names: [...schema.names], types: [...schema.types] },
  };
  return { plan, columns: schema.names.map((name, index) => ({ relation, name, type: schema.types[index], index })) };
}

function fromItem(ctx: BindContext, item: Node, ctes: Map<string, CteDef>): BoundFrom {
  const alias = ident(item.as) ?? undefined;
  if (alias !== undefined && /\(/.test(alias)) throw new UnsupportedSqlError('column aliases in FROM (alias(a, b))', positionOfWord(ctx, alias.split('(')[0]));
  if (item.expr?.ast !== undefined) {
    const q = ctx.bindQuery(item.expr.ast, ctes);
    return { plan: q.plan, columns: q.names.map((name, index) => ({ relation: alias, name, type: q.types[index], index })) };
  }
  if (item.expr?.type === 'function' || item.type === 'expr') {
    const fn = tableFunctionSource(item.expr);
    if (fn.error !== undefined) throw new SqlBindError(fn.error, positionOf(ctx, item.expr));
    if (fn.source === undefined) throw new UnsupportedSqlError(`the table function ${fn.name}()`, positionOf(ctx, item.expr), 'use read_parquet, read_csv, read_json or read_delta');
    const path = (fn.source as { path: string }).path;
    return scan(ctx, fn.source, alias ?? relationOfPath(path), item.expr);
  }
  if (item.expr?.type === 'values') throw new UnsupportedSqlError('VALUES in FROM', positionOf(ctx, item.expr));
  const name = ident(item.table);
  if (name === undefined) throw new UnsupportedSqlError('this FROM item', positionOf(ctx, item));
  const schemaName = ident(item.db) ?? ident(item.schema);
  if (schemaName !== undefined && schemaName.toLowerCase() !== 'main') {
    throw new SqlBindError(`unknown schema "${schemaName}" (only main)`, positionOfWord(ctx, schemaName));
  }
  const cte = schemaName === undefined ? findCte(ctes, name) : undefined;
  if (cte !== undefined) {
    const q = ctx.bindQuery(cte.ast, cte.outerCtes);
    return { plan: q.plan, columns: q.names.map((n, index) => ({ relation: alias ?? cte.name, name: n, type: q.types[index], index })) };
  }
  const file = fileSourceOf(name);
  if (file !== undefined) return scan(ctx, file, alias ?? relationOfPath(name), item);
  return scan(ctx, { kind: 'table', name }, alias ?? name, item);
}

/** The CTE of a name (case-insensitive), if any. */
export function findCte(ctes: Map<string, CteDef>, name: string): CteDef | undefined {
  return ctes.get(name.toLowerCase());
}

/** Conjuncts of an AND tree. */
export function conjuncts(e: Expr): Expr[] {
  return e.kind === 'call' && e.fn === 'and' ? e.args.flatMap(conjuncts) : [e];
}

/** The and of conjuncts (undefined for none). */
export function conjoin(parts: Expr[]): Expr | undefined {
  if (parts.length === 0) return undefined;
  return parts.reduce((a, b) => ({ kind: 'call', fn: 'and', args: [a, b], type: T.boolean }));
}

/** The column indices an expression reads (not inside subqueries, whose plans are self-contained). */
export function columnsOf(e: Expr, out = new Set<number>()): Set<number> {
  switch (e.kind) {
    case 'column': out.add(e.index); break;
    case 'call': e.args.forEach((a) => columnsOf(a, out)); break;
    case 'cast': columnsOf(e.expr, out); break;
    case 'case': e.whens.forEach((w) => { columnsOf(w.when, out); columnsOf(w.then, out); }); if (e.else) columnsOf(e.else, out); break;
    case 'subquery': if (e.expr) columnsOf(e.expr, out); break;
    default: break;
  }
  return out;
}

/** An expression with every column index mapped. */
export function remap(e: Expr, map: (i: number) => number): Expr {
  switch (e.kind) {
    case 'column': return { ...e, index: map(e.index) };
    case 'call': return { ...e, args: e.args.map((a) => remap(a, map)) };
    case 'cast': return { ...e, expr: remap(e.expr, map) };
    case 'case': {
      const out: Expr = { ...e, whens: e.whens.map((w) => ({ when: remap(w.when, map), then: remap(w.then, map) })) };
      if (e.else) out.else = remap(e.else, map);
      return out;
    }
    case 'subquery': return e.expr ? { ...e, expr: remap(e.expr, map) } : e;
    default: return e;
  }
}

function joinKind(join: string): JoinNode['kind'] | undefined {
  const j = join.toUpperCase().replace(/\s+OUTER/, '');
  if (j === 'JOIN' || j === 'INNER JOIN') return 'inner';
  if (j === 'LEFT JOIN') return 'left';
  if (j === 'RIGHT JOIN') return 'right';
  if (j === 'FULL JOIN') return 'full';
  if (j === 'CROSS JOIN') return 'cross';
  return undefined;
}

function join(ctx: BindContext, left: BoundFrom, right: BoundFrom, kind: JoinNode['kind'], item: Node, ctes: Map<string, CteDef>, outer?: Scope): BoundFrom {
  const L = left.plan.schema.names.length;
  const rightCols = right.columns.map((c) => ({ ...c, index: c.index + L }));
  const columns = [...left.columns, ...rightCols];
  const schema = {
    names: [...left.plan.schema.names, ...right.plan.schema.names],
    types: [...left.plan.schema.types, ...right.plan.schema.types],
  };
  const node = (leftKeys: Expr[], rightKeys: Expr[], condition: Expr | undefined, k: JoinNode['kind']): Plan => {
    const j: JoinNode = { op: 'join', kind: k, left: left.plan, right: right.plan, leftKeys, rightKeys, schema };
    if (condition !== undefined) j.condition = condition;
    return j;
  };
  if (kind === 'cross') {
    if (item.on || item.using) throw new SqlBindError('CROSS JOIN takes no ON or USING', positionOf(ctx, item.on));
    return { plan: node([], [], undefined, 'cross'), columns };
  }
  const leftKeys: Expr[] = [];
  const rightKeys: Expr[] = [];
  const rest: Expr[] = [];
  // USING: one visible column per name, at the left column's place: the left value (INNER, LEFT), the right value
  // (RIGHT) or the first non-NULL of both (FULL), as DuckDB; both sides stay reachable qualified.
  const merged: { name: string; left: ScopeColumn; right: ScopeColumn; type: SqlType }[] = [];
  if (item.using) {
    for (const u of item.using as Node[]) {
      const name = ident(u)!;
      const l = new Scope(left.columns).lookup(undefined, name);
      const r = new Scope(right.columns).lookup(undefined, name);
      if (l.kind !== 'found' || r.kind !== 'found') {
        throw new SqlBindError(`column "${name}" of USING must be in both sides of the join (${l.kind !== 'found' ? 'left' : 'right'} side: ${l.kind !== 'found' ? l.kind : r.kind === 'none' ? 'not found' : 'ambiguous'})`, positionOfWord(ctx, name));
      }
      const pos = positionOfWord(ctx, name);
      const { exprs } = unify([{ kind: 'column', index: l.column.index, type: l.column.type }, { kind: 'column', index: r.column.index, type: r.column.type }], 'compare', 'USING', pos);
      leftKeys.push(exprs[0]);
      rightKeys.push(exprs[1]);
      const leftCol = columns.find((c) => c.index === l.column.index)!;
      const rightCol = columns.find((c) => c.index === r.column.index + L)!;
      rightCol.hidden = true;
      if (kind !== 'inner' && kind !== 'left') {
        leftCol.hidden = true;
        merged.push({ name, left: leftCol, right: rightCol, type: exprs[0].type });
      }
    }
  } else if (item.on) {
    const scope = new Scope(columns, outer);
    const cond = bindExpr(item.on, { ctx, scope, ctes, clause: 'JOIN conditions' });
    if (cond.type.id !== 'boolean') throw new SqlBindError('a JOIN condition must be BOOLEAN', positionOf(ctx, item.on));
    for (const c of conjuncts(cond)) {
      if (c.kind === 'call' && c.fn === '=') {
        const a = columnsOf(c.args[0]);
        const b = columnsOf(c.args[1]);
        const onlyLeft = (s: Set<number>): boolean => s.size > 0 && [...s].every((i) => i < L);
        const onlyRight = (s: Set<number>): boolean => s.size > 0 && [...s].every((i) => i >= L);
        const noSub = (x: Expr): boolean => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? 0 : v)).indexOf('"subquery"') < 0;
        if (noSub(c) && onlyLeft(a) && onlyRight(b)) {
          leftKeys.push(c.args[0]);
          rightKeys.push(remap(c.args[1], (i) => i - L));
          continue;
        }
        if (noSub(c) && onlyRight(a) && onlyLeft(b)) {
          leftKeys.push(c.args[1]);
          rightKeys.push(remap(c.args[0], (i) => i - L));
          continue;
        }
      }
      rest.push(c);
    }
  } else {
    throw new SqlBindError(`${kind.toUpperCase()} JOIN needs ON or USING`, positionOfWord(ctx, ident(item.table) ?? 'JOIN'));
  }
  const condition = conjoin(rest);
  if (merged.length > 0) {
    const width = schema.names.length;
    const ref = (c: ScopeColumn): Expr => ({ kind: 'column', index: c.index, type: c.type });
    const extra = merged.map((m): Expr => (kind === 'right'
      ? castTo(ref(m.right), m.type)
      : { kind: 'call', fn: 'coalesce', args: [castTo(ref(m.left), m.type), castTo(ref(m.right), m.type)], type: m.type }));
    const plan: Plan = {
      op: 'project', input: node(leftKeys, rightKeys, condition, kind),
      exprs: [...schema.names.map((_, i) => ({ kind: 'column', index: i, type: schema.types[i] }) as Expr), ...extra],
      schema: { names: [...schema.names, ...merged.map((m) => m.name)], types: [...schema.types, ...merged.map((m) => m.type)] },
    };
    const mergedCols: ScopeColumn[] = merged.map((m, k) => ({ relation: undefined, name: m.name, type: m.type, index: width + k, order: m.left.index }));
    return { plan, columns: [...columns, ...mergedCols] };
  }
  if (kind === 'inner' && leftKeys.length === 0) {
    const cross = node([], [], undefined, 'cross');
    return { plan: condition ? { op: 'filter', input: cross, predicate: condition, schema } : cross, columns };
  }
  return { plan: node(leftKeys, rightKeys, condition, kind), columns };
}

/**
 * Binds a FROM list (comma-separated items and JOIN chains).
 * @param ctx - the statement's binding state
 * @param from - node-sql-parser's `from` array
 * @param ctes - the CTEs in scope
 * @param outer - the enclosing query's scope (for correlation errors in ON)
 */
export function bindFrom(ctx: BindContext, from: Node[], ctes: Map<string, CteDef>, outer?: Scope): BoundFrom {
  const items = from.map((x) => ({ ...x }));
  // node-sql-parser reads `t CROSS JOIN u` (and NATURAL) as table t aliased CROSS, then an ON-less INNER JOIN.
  for (let i = 0; i + 1 < items.length; i++) {
    const a = String(ident(items[i].as) ?? '').toUpperCase();
    if ((a === 'CROSS' || a === 'NATURAL') && items[i + 1].join === 'INNER JOIN' && !items[i + 1].on && !items[i + 1].using) {
      if (a === 'NATURAL') throw new UnsupportedSqlError('NATURAL JOIN', positionOfWord(ctx, 'natural'), 'use JOIN ... USING (...)');
      items[i].as = null;
      items[i + 1].join = 'CROSS JOIN';
    }
  }
  let acc = fromItem(ctx, items[0], ctes);
  for (const item of items.slice(1)) {
    const right = fromItem(ctx, item, ctes);
    if (/union|intersect|except/i.test(String(item.join ?? ''))) {
      throw new UnsupportedSqlError(`a parenthesised SELECT after ${String(item.join).toUpperCase()}`, positionOf(ctx, item.expr), 'remove the parentheses or put the first SELECT in parentheses too');
    }
    const kind = item.join === undefined || item.join === null ? 'cross' : joinKind(String(item.join));
    if (kind === undefined) throw new UnsupportedSqlError(`${item.join}`, positionOfWord(ctx, String(item.join).split(' ')[0]));
    acc = join(ctx, acc, right, kind, item, ctes, outer);
  }
  return acc;
}

/** A plan's output cast to the given types (a Project over it when any differs). */
export function castPlan(plan: Plan, types: SqlType[]): Plan {
  const from = plan.schema.types;
  if (from.every((t, i) => JSON.stringify(t) === JSON.stringify(types[i]))) return plan;
  return {
    op: 'project', input: plan,
    exprs: types.map((t, i) => castTo({ kind: 'column', index: i, type: from[i] }, t)),
    schema: { names: [...plan.schema.names], types: [...types] },
  };
}
