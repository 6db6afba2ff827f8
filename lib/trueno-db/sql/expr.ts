/**
 * The expression binder: node-sql-parser expression ASTs to typed IR expressions over a scope. In an aggregate
 * query (`agg` set) an expression binds over the Aggregate node's output: a subexpression equal to a GROUP BY key is
 * that key's column, an aggregate call is an aggregate's column, and a bare column that is neither is an error, as in
 * DuckDB. Aggregates where SQL forbids them (WHERE, GROUP BY, JOIN ... ON, inside another aggregate) are errors.
 */
import type { AggregateCall, AggregateFn, Expr, ScalarFn } from '../plan/ir';
import type { SqlType } from '../types';
import { SqlBindError, UnsupportedSqlError, type SqlPosition } from '../errors';
import { type BindContext, type CteDef, exprKey, ident, positionOf, positionOfWord } from './context';
import type { Node } from './parse';
import { castTo, integerLiteral, lit, numberLiteral, typedLiterals } from './literal';
import { paramLiteral } from './params';
import type { Scope } from './scope';
import { T, decimal, decimalArithmetic, isInteger, isNumeric, isTemporal, typeName } from './typing';
import { commonType, unify } from './unify';
import { castType } from './types-ast';

/** The aggregates and GROUP BY keys of an aggregate query, filled while its expressions bind. */
export interface AggState {
  groups: Expr[];
  groupKeys: string[];
  aggregates: AggregateCall[];
  aggKeys: string[];
}

/** Where an expression binds. */
export interface ExprScope {
  ctx: BindContext;
  scope: Scope;
  /** The CTEs visible (subqueries in the expression see them). */
  ctes?: Map<string, CteDef>;
  /** The clause, for error messages: 'WHERE', 'GROUP BY', 'SELECT', ... */
  clause: string;
  /** Aggregate mode: bind over the Aggregate node's output (see the module comment). */
  agg?: AggState;
  /** Binding an aggregate's arguments (no nested aggregates). */
  inAggregate?: boolean;
  /** Matching GROUP BY keys: an aggregate below means "not a key" (see GroupMatchMiss). */
  groupMatch?: boolean;
  /** Select-list aliases (lower case -> expression AST), usable where no FROM column has the name. */
  aliases?: Map<string, Node>;
  expanding?: Set<string>;
  /** The nearest located AST node, for error positions. */
  near?: Node;
}

/** Thrown (and caught) while trying an expression as a GROUP BY key when it holds an aggregate. */
class GroupMatchMiss extends Error {}

const AGGREGATES: Record<string, AggregateFn> = {
  count: 'count', sum: 'sum', avg: 'avg', mean: 'avg', min: 'min', max: 'max',
  stddev: 'stddev_samp', stddev_samp: 'stddev_samp', stddev_pop: 'stddev_pop',
  variance: 'var_samp', var_samp: 'var_samp', var_pop: 'var_pop',
  median: 'median', quantile_cont: 'quantile_cont', quantile_disc: 'quantile_disc', quantile: 'quantile_disc',
};

/** The lower-case name of a function call node. */
export function functionName(node: Node): string {
  if (node.type === 'aggr_func') return String(node.name).toLowerCase();
  const parts = node.name?.name;
  if (Array.isArray(parts)) return parts.map((p: Node) => ident(p)).join('.').toLowerCase();
  return String(ident(node.name) ?? '').toLowerCase();
}

/** The argument ASTs of a function call node. */
export function functionArgs(node: Node): Node[] {
  if (node.type === 'aggr_func') return node.args?.expr === undefined ? [] : [node.args.expr];
  const a = node.args;
  if (a === null || a === undefined) return [];
  if (Array.isArray(a.value)) return a.value;
  return a.value === undefined ? [] : [a.value];
}

/** True for an aggregate function call node. */
export function isAggregateNode(node: Node): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (node.type === 'aggr_func') return true;
  return node.type === 'function' && functionName(node) in AGGREGATES;
}

/** True for a subquery node (an expression holding a query). */
export function isSubqueryNode(node: Node): boolean {
  return node !== null && typeof node === 'object' && node.ast !== undefined && node.type === undefined;
}

/** True when the AST holds an aggregate call outside subqueries. */
export function containsAggregate(node: Node): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(containsAggregate);
  if (isSubqueryNode(node)) return false;
  if (isAggregateNode(node)) return true;
  return Object.keys(node).some((k) => k !== 'loc' && containsAggregate(node[k]));
}

function colRef(index: number, type: SqlType): Expr {
  return { kind: 'column', index, type };
}

function call(fn: ScalarFn, args: Expr[], type: SqlType): Expr {
  return { kind: 'call', fn, args, type };
}

function where(es: ExprScope, node?: Node): SqlPosition | undefined {
  return positionOf(es.ctx, node?.loc ? node : es.near);
}

/**
 * Binds an expression AST.
 * @param node - the AST
 * @param es - where it binds
 * @returns the typed expression
 */
export function bindExpr(node: Node, es: ExprScope): Expr {
  if (node?.loc) es = { ...es, near: node };
  if (es.agg && !es.inAggregate) {
    if (isAggregateNode(node)) return bindAggregate(node, es);
    if (node.type === 'column_ref') return bindColumn(node, es);
    if (!isSubqueryNode(node) && !isConstantNode(node)) {
      const key = tryGroupKey(node, es);
      if (key !== undefined) return key;
    }
  }
  return bindNode(node, es);
}

function isConstantNode(node: Node): boolean {
  return ['number', 'bigint', 'single_quote_string', 'string', 'bool', 'null', 'var', 'date', 'timestamp'].includes(node?.type);
}

/** The GROUP BY key an expression equals, if any (binding it over the FROM scope to compare). */
function tryGroupKey(node: Node, es: ExprScope): Expr | undefined {
  let plain: Expr;
  try {
    plain = bindNode(node, { ...es, agg: undefined, groupMatch: true });
  } catch (err) {
    if (err instanceof GroupMatchMiss) return undefined;
    throw err;
  }
  const i = es.agg!.groupKeys.indexOf(exprKey(plain));
  return i >= 0 ? colRef(i, plain.type) : undefined;
}

function bindColumn(node: Node, es: ExprScope): Expr {
  if (Array.isArray(node.array_index) && node.array_index.length > 0) {
    throw new UnsupportedSqlError('list subscripts (x[i])', positionOfWord(es.ctx, ident(node.column) ?? '', es.near), 'select the whole list');
  }
  if (node.collate) throw new UnsupportedSqlError('COLLATE', positionOfWord(es.ctx, 'collate', es.near));
  const name = ident(node.column);
  if (node.column === '*' || name === undefined) {
    throw new SqlBindError(`* is only allowed in the select list and in count(*)`, where(es, node));
  }
  let relation = ident(node.table) ?? undefined;
  const schema = ident(node.schema) ?? ident(node.db);
  if (schema !== undefined && relation !== undefined && schema.toLowerCase() !== 'main') {
    throw new SqlBindError(`unknown schema "${schema}" (only main)`, positionOfWord(es.ctx, schema, es.near));
  }
  if (relation === '') relation = undefined;
  const found = es.scope.lookup(relation, name);
  if (found.kind === 'ambiguous') {
    const options = found.columns.map((c) => `${c.relation ?? '?'}.${c.name}`).join(' or ');
    throw new SqlBindError(`ambiguous column reference "${name}": it could be ${options}`, positionOfWord(es.ctx, name, es.near));
  }
  if (found.kind === 'found') {
    const ref = colRef(found.column.index, found.column.type);
    if (es.agg && !es.inAggregate) {
      const i = es.agg.groupKeys.indexOf(exprKey(ref));
      if (i >= 0) return colRef(i, ref.type);
      // DuckDB: a select alias wins over an ungrouped FROM column of the same name (HAVING s > 10, s = sum(b)).
      const alias = relation === undefined ? es.aliases?.get(name.toLowerCase()) : undefined;
      if (alias !== undefined && !es.expanding?.has(name.toLowerCase())) {
        return bindExpr(alias, { ...es, expanding: new Set([...(es.expanding ?? []), name.toLowerCase()]) });
      }
      throw new SqlBindError(
        `column "${name}" must appear in the GROUP BY clause or be used in an aggregate function`,
        positionOfWord(es.ctx, name, es.near),
      );
    }
    return ref;
  }
  const alias = relation === undefined ? es.aliases?.get(name.toLowerCase()) : undefined;
  if (alias !== undefined && !es.expanding?.has(name.toLowerCase())) {
    return bindExpr(alias, { ...es, expanding: new Set([...(es.expanding ?? []), name.toLowerCase()]) });
  }
  for (let outer = es.scope.outer; outer !== undefined; outer = outer.outer) {
    if (outer.lookup(relation, name).kind !== 'none') {
      throw new UnsupportedSqlError('correlated subqueries', positionOfWord(es.ctx, relation ? `${relation}.${name}` : name, es.near),
        `column "${relation ? `${relation}.` : ''}${name}" refers to the enclosing query; rewrite it as a join`);
    }
  }
  if (relation !== undefined && !es.scope.relations().has(relation.toLowerCase())) {
    const known = [...es.scope.relations()];
    throw new SqlBindError(`unknown table or alias "${relation}" in "${relation}.${name}"${known.length ? ` (in scope: ${known.join(', ')})` : ''}`,
      positionOfWord(es.ctx, relation, es.near));
  }
  const close = es.scope.suggest(name);
  throw new SqlBindError(`column "${relation ? `${relation}.` : ''}${name}" not found${close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : ''}`,
    positionOfWord(es.ctx, name, es.near));
}

function unquote(s: string): string {
  return s.replace(/''/g, "'");
}

function bindNode(node: Node, es: ExprScope): Expr {
  if (node === null || node === undefined) throw new SqlBindError('missing expression', where(es));
  if (node.over) throw new UnsupportedSqlError('window functions (OVER)', where(es, node));
  if (isSubqueryNode(node)) return bindScalarSubquery(node, es);
  switch (node.type) {
    case 'column_ref': return bindColumn(node, es);
    case 'double_quote_string': return bindColumn({ type: 'column_ref', table: null, column: node.value }, es);
    case 'number': case 'bigint': return numberLiteral(String(node.value));
    case 'single_quote_string': case 'string': case 'natural_string': return lit(unquote(String(node.value)), T.varchar);
    case 'bool': case 'boolean': return lit(Boolean(node.value), T.boolean);
    case 'null': return lit(null, T.null);
    case 'date': case 'timestamp': case 'datetime':
      return castTo(lit(unquote(String(node.value)), T.varchar), node.type === 'date' ? T.date : T.timestamp, where(es, node));
    case 'var': return bindParam(node, es);
    case 'unary_expr': return bindUnary(node, es);
    case 'binary_expr': return bindBinary(node, es);
    case 'aggr_func': return bindAggregate(node, es);
    case 'window_func': throw new UnsupportedSqlError('window functions (OVER)', where(es, node));
    case 'function': return bindFunction(node, es);
    case 'case': return bindCase(node, es);
    case 'cast': return bindCast(node, es);
    case 'extract': return bindExtract(String(node.args?.field ?? ''), node.args?.source, es, node);
    case 'interval': throw new UnsupportedSqlError('INTERVAL values', where(es, node));
    case 'expr_list': throw new UnsupportedSqlError('row values (a, b, ...)', where(es, node));
    default:
      if (node.type === 'default' && /^E'/i.test(String(node.value))) {
        throw new UnsupportedSqlError("escape strings (E'...')", where(es, node));
      }
      throw new UnsupportedSqlError(`the expression ${JSON.stringify(node.type ?? 'unknown')}`, where(es, node));
  }
}

function bindParam(node: Node, es: ExprScope): Expr {
  if (node.prefix !== '$') throw new UnsupportedSqlError(`${node.prefix ?? ''}${node.name} variables`, where(es, node));
  return paramLiteral(es.ctx, String(node.name), where(es, node));
}

function requireBoolean(e: Expr, what: string, es: ExprScope, node?: Node): Expr {
  if (e.type.id === 'boolean') return e;
  if (e.type.id === 'null' || isNumeric(e.type) || (e.kind === 'literal' && e.type.id === 'varchar')) {
    return castTo(e, T.boolean, where(es, node));
  }
  throw new SqlBindError(`${what} needs a BOOLEAN but received ${typeName(e.type)}`, where(es, node));
}

function bindUnary(node: Node, es: ExprScope): Expr {
  const op = String(node.operator).toUpperCase();
  if (op === 'EXISTS' || op === 'NOT EXISTS') {
    if (!isSubqueryNode(node.expr)) throw new SqlBindError(`${op} needs a subquery`, where(es, node));
    const exists = bindExists(node.expr, es);
    return op === 'EXISTS' ? exists : call('not', [exists], T.boolean);
  }
  if (op === 'NOT') {
    const x = requireBoolean(bindExpr(node.expr, es), 'NOT', es, node);
    return call('not', [x], T.boolean);
  }
  const x = bindExpr(node.expr, es);
  if (op === '+') return x;
  if (op === '-') {
    if (x.type.id === 'null') return lit(null, T.integer);
    if (!isNumeric(x.type)) throw new SqlBindError(`cannot negate ${typeName(x.type)}`, where(es, node));
    if (x.kind === 'literal' && x.value !== null && !typedLiterals.has(x)) {
      const v = x.value as number | bigint;
      if (typeof v === 'bigint') return integerLiteral(-v);
      if (x.type.id === 'integer' || x.type.id === 'bigint') return integerLiteral(-v);
      return lit(-v, x.type);
    }
    return call('neg', [x], x.type);
  }
  throw new UnsupportedSqlError(`the unary operator ${op}`, where(es, node));
}

const COMPARISONS: Record<string, ScalarFn> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function bindBinary(node: Node, es: ExprScope): Expr {
  const op = String(node.operator).toUpperCase();
  const pos = where(es, node);
  if (op === 'AND' || op === 'OR') {
    const l = requireBoolean(bindExpr(node.left, es), op, es, node);
    const r = requireBoolean(bindExpr(node.right, es), op, es, node);
    return call(op === 'AND' ? 'and' : 'or', [l, r], T.boolean);
  }
  if (op in COMPARISONS) {
    const what = node.distinctFrom ? 'IS DISTINCT FROM' : `the comparison ${op}`;
    const { exprs } = unify([bindExpr(node.left, es), bindExpr(node.right, es)], 'compare', what, pos);
    return call(node.distinctFrom ?? COMPARISONS[op], exprs, T.boolean);
  }
  if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
    return arithmetic(op === '/' && node.intDiv ? '//' : op, bindExpr(node.left, es), bindExpr(node.right, es), pos);
  }
  if (op === '||') return concatOperator(bindExpr(node.left, es), bindExpr(node.right, es), pos);
  if (op === 'IN' || op === 'NOT IN') return bindIn(node, op === 'NOT IN', es);
  if (op === 'BETWEEN' || op === 'NOT BETWEEN') {
    const [lo, hi] = node.right?.value ?? [];
    const { exprs } = unify([bindExpr(node.left, es), bindExpr(lo, es), bindExpr(hi, es)], 'compare', 'BETWEEN', pos);
    const between = call('and', [call('>=', [exprs[0], exprs[1]], T.boolean), call('<=', [exprs[0], exprs[2]], T.boolean)], T.boolean);
    return op === 'BETWEEN' ? between : call('not', [between], T.boolean);
  }
  if (['LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE'].includes(op)) {
    const args = [bindExpr(node.left, es), bindExpr(node.right, es)];
    const escape = node.right?.escape?.value;
    if (escape !== undefined) args.push(bindExpr(escape, es));
    const cast = args.map((a) => {
      if (a.type.id === 'varchar' || a.type.id === 'null') return castTo(a, T.varchar);
      throw new SqlBindError(`${op} needs VARCHAR operands but received ${typeName(a.type)}`, pos);
    });
    const like = call(op.endsWith('ILIKE') ? 'ilike' : 'like', cast, T.boolean);
    return op.startsWith('NOT') ? call('not', [like], T.boolean) : like;
  }
  if (op === 'IS' || op === 'IS NOT') {
    const right = node.right;
    const x = bindExpr(node.left, es);
    if (right?.type === 'null') return call(op === 'IS' ? 'is_null' : 'is_not_null', [x], T.boolean);
    if (right?.type === 'bool') {
      const b = requireBoolean(x, `IS ${right.value ? 'TRUE' : 'FALSE'}`, es, node);
      return call(op === 'IS' ? 'is_not_distinct' : 'is_distinct', [b, lit(Boolean(right.value), T.boolean)], T.boolean);
    }
    throw new UnsupportedSqlError(`${op} ${right?.type === 'default' && /^DISTINCT/i.test(String(right.value)) ? 'DISTINCT FROM' : 'with this operand'}`, pos,
      'write (a <> b OR (a IS NULL) <> (b IS NULL)) instead');
  }
  throw new UnsupportedSqlError(`the operator ${op}`, pos);
}

/**
 * An arithmetic operator with DuckDB's typing: operands cast to their common type; `/` on integers and decimals is a
 * DOUBLE division, `//` keeps the integer type; decimal results get DuckDB's precision and scale.
 */
function arithmetic(op: '+' | '-' | '*' | '/' | '//' | '%', l: Expr, r: Expr, pos?: SqlPosition): Expr {
  for (const x of [l, r]) {
    if (x.type.id !== 'null' && !isNumeric(x.type)) {
      if (isTemporal(x.type) && (op === '+' || op === '-')) throw new UnsupportedSqlError('arithmetic on dates and timestamps', pos, 'compare with a date literal instead');
      throw new SqlBindError(`cannot apply ${op} to ${typeName(l.type)} and ${typeName(r.type)}; add an explicit CAST`, pos);
    }
  }
  let type = commonType([l, r], 'compare', `the operator ${op}`, pos);
  if (type.id === 'null') type = T.integer;
  if (op === '/') {
    if (isInteger(type) || type.id === 'decimal') type = T.double;
    return call('/', [castTo(l, type, pos), castTo(r, type, pos)], type);
  }
  if (op === '//' && type.id === 'decimal') type = T.double;
  const args = [castTo(l, type, pos), castTo(r, type, pos)];
  if (type.id === 'decimal' && op !== '//') {
    const lt = l.type.id === 'null' ? type : l.type;
    const rt = r.type.id === 'null' ? type : r.type;
    return call(op, args, decimalArithmetic(op, isNumeric(lt) ? lt : type, isNumeric(rt) ? rt : type));
  }
  return call(op, args, type);
}

/** `a || b`: NULL when either is NULL (unlike concat(), which skips NULLs), so a CASE over concat. */
function concatOperator(l: Expr, r: Expr, pos?: SqlPosition): Expr {
  const args = [l, r].map((x) => (x.type.id === 'null' ? lit(null, T.varchar) : castTo(x, T.varchar, pos)));
  const anyNull = call('or', [call('is_null', [args[0]], T.boolean), call('is_null', [args[1]], T.boolean)], T.boolean);
  return { kind: 'case', whens: [{ when: anyNull, then: lit(null, T.varchar) }], else: call('concat', args, T.varchar), type: T.varchar };
}

function subqueryValue(node: Node): Node | undefined {
  const v = node?.value;
  if (Array.isArray(v) && v.length === 1 && isSubqueryNode(v[0])) return v[0];
  if (isSubqueryNode(node)) return node;
  return undefined;
}

function bindIn(node: Node, negated: boolean, es: ExprScope): Expr {
  const pos = where(es, node);
  const x = bindExpr(node.left, es);
  const sub = subqueryValue(node.right);
  if (sub !== undefined) {
    const q = es.ctx.bindQuery(sub.ast, es.ctes ?? new Map(), es.scope);
    if (q.types.length !== 1) throw new SqlBindError(`the subquery of IN must return one column but returns ${q.types.length}`, pos);
    const type = commonType([x, { kind: 'column', index: 0, type: q.types[0] }], 'compare', 'IN', pos);
    let plan = q.plan;
    if (typeName(type) !== typeName(q.types[0])) {
      plan = { op: 'project', input: plan, exprs: [castTo(colRef(0, q.types[0]), type)], schema: { names: q.names, types: [type] } };
    }
    return { kind: 'subquery', mode: 'in', plan, expr: castTo(x, type, pos), negated, type: T.boolean };
  }
  const items: Node[] = node.right?.value ?? [];
  if (items.length === 0) throw new SqlBindError('IN needs at least one value', pos);
  const { exprs } = unify([x, ...items.map((i) => bindExpr(i, es))], 'compare', 'IN', pos);
  const inList = call('in_list', exprs, T.boolean);
  return negated ? call('not', [inList], T.boolean) : inList;
}

function bindExists(node: Node, es: ExprScope): Expr {
  const q = es.ctx.bindQuery(node.ast, es.ctes ?? new Map(), es.scope);
  return { kind: 'subquery', mode: 'exists', plan: q.plan, type: T.boolean };
}

function bindScalarSubquery(node: Node, es: ExprScope): Expr {
  const q = es.ctx.bindQuery(node.ast, es.ctes ?? new Map(), es.scope);
  if (q.types.length !== 1) {
    throw new SqlBindError(`a scalar subquery must return one column but returns ${q.types.length}`, where(es, node));
  }
  return { kind: 'subquery', mode: 'scalar', plan: q.plan, type: q.types[0] };
}

function bindCase(node: Node, es: ExprScope): Expr {
  const pos = where(es, node);
  const operand = node.expr ? bindExpr(node.expr, es) : undefined;
  const whens: { when: Expr; then: Expr }[] = [];
  let elseExpr: Expr | undefined;
  for (const arm of node.args ?? []) {
    if (arm.type === 'else') {
      elseExpr = bindExpr(arm.result, es);
      continue;
    }
    let when = bindExpr(arm.cond, es);
    if (operand !== undefined) {
      const { exprs } = unify([operand, when], 'compare', 'CASE', pos);
      when = call('=', exprs, T.boolean);
    } else {
      when = requireBoolean(when, 'CASE WHEN', es, arm.cond);
    }
    whens.push({ when, then: bindExpr(arm.result, es) });
  }
  const results = [...whens.map((w) => w.then), ...(elseExpr ? [elseExpr] : [])];
  const { exprs, type } = unify(results, 'value', 'CASE', pos);
  const out: Expr = { kind: 'case', whens: whens.map((w, i) => ({ when: w.when, then: exprs[i] })), type };
  if (elseExpr !== undefined) out.else = exprs[exprs.length - 1];
  return out;
}

function bindCast(node: Node, es: ExprScope): Expr {
  const x = bindExpr(node.expr, es);
  const target = castType(node.target?.[0], es.ctx, where(es, node));
  if (target.id === 'list') throw new UnsupportedSqlError('casts to list types', where(es, node));
  const isTry = String(node.keyword ?? '').toLowerCase() === 'try_cast';
  if (isTry) {
    if (x.kind === 'literal') {
      try { return castTo(x, target); } catch { return lit(null, target); }
    }
    return typeName(x.type) === typeName(target) ? x : { kind: 'cast', expr: x, type: target, try: true };
  }
  if (x.type.id === 'list') throw new UnsupportedSqlError('casts of list values', where(es, node));
  const out = castTo(x, target, where(es, node));
  if (out.kind === 'literal') {
    const typed = out === x ? { ...out } : out;
    typedLiterals.add(typed);
    return typed;
  }
  return out;
}

const DATE_PARTS = new Set(['year', 'quarter', 'month', 'week', 'day', 'dayofweek', 'dow', 'isodow', 'dayofyear', 'doy', 'hour',
  'minute', 'second', 'millisecond', 'microsecond', 'epoch', 'decade', 'century', 'millennium', 'yearweek', 'isoyear']);
const TRUNC_PARTS = new Set(['millennium', 'century', 'decade', 'year', 'quarter', 'month', 'week', 'day', 'hour', 'minute',
  'second', 'millisecond', 'microsecond']);

function temporalArg(x: Expr, fn: string, es: ExprScope, node: Node): Expr {
  if (isTemporal(x.type)) return x;
  if (x.type.id === 'null' || (x.kind === 'literal' && x.type.id === 'varchar')) return castTo(x, T.timestamp, where(es, node));
  throw new SqlBindError(`${fn} needs a DATE or TIMESTAMP but received ${typeName(x.type)}`, where(es, node));
}

function bindExtract(field: string, source: Node, es: ExprScope, node: Node): Expr {
  const part = field.toLowerCase();
  if (!DATE_PARTS.has(part)) throw new SqlBindError(`unknown date part "${field}" in extract`, where(es, node));
  const x = temporalArg(bindExpr(source, es), 'extract', es, node);
  return call('extract', [lit(part, T.varchar), x], part === 'epoch' ? T.double : T.bigint);
}

function partLiteral(node: Node, fn: string, es: ExprScope): string {
  const p = bindExpr(node, es);
  if (p.kind !== 'literal' || typeof p.value !== 'string') {
    throw new SqlBindError(`the first argument of ${fn} must be a string literal naming the part`, where(es, node));
  }
  return p.value.toLowerCase();
}

function arity(fn: string, args: Node[], min: number, max: number, es: ExprScope, node: Node): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new SqlBindError(`${fn}() takes ${want} argument${max === 1 ? '' : 's'} but received ${args.length}`, where(es, node));
  }
}

function numericArg(x: Expr, fn: string, es: ExprScope, node: Node): Expr {
  if (x.type.id === 'null') return castTo(x, T.double);
  if (isNumeric(x.type)) return x;
  if (x.kind === 'literal' && x.type.id === 'varchar') return castTo(x, T.double, where(es, node));
  throw new SqlBindError(`${fn}() needs a number but received ${typeName(x.type)}`, where(es, node));
}

function stringArg(x: Expr, fn: string, es: ExprScope, node: Node): Expr {
  if (x.type.id === 'varchar') return x;
  if (x.type.id === 'null') return castTo(x, T.varchar);
  throw new SqlBindError(`${fn}() needs a VARCHAR but received ${typeName(x.type)}`, where(es, node));
}

function intArg(x: Expr, fn: string, es: ExprScope, node: Node): Expr {
  if (isInteger(x.type) || x.type.id === 'null') return castTo(x, T.integer, where(es, node));
  if (x.kind === 'literal' && (isNumeric(x.type) || x.type.id === 'varchar')) return castTo(x, T.integer, where(es, node));
  if (isNumeric(x.type)) return castTo(x, T.integer, where(es, node));
  throw new SqlBindError(`${fn}() needs an integer but received ${typeName(x.type)}`, where(es, node));
}

const SCALAR_NAMES = ['abs', 'round', 'floor', 'ceil', 'ceiling', 'sqrt', 'ln', 'exp', 'power', 'pow', 'lower', 'upper', 'lcase', 'ucase',
  'length', 'len', 'substr', 'substring', 'trim', 'concat', 'coalesce', 'nullif', 'greatest', 'least', 'date_trunc', 'date_part',
  'extract', 'exists', 'not'];

function bindFunction(node: Node, es: ExprScope): Expr {
  const name = functionName(node);
  const argNodes = functionArgs(node);
  const pos = where(es, node);
  if (name in AGGREGATES) return bindAggregate(node, es);
  if (name === 'not') return call('not', [requireBoolean(bindExpr(argNodes[0], es), 'NOT', es, node)], T.boolean);
  if (name === 'exists') {
    if (!isSubqueryNode(argNodes[0])) throw new SqlBindError('EXISTS needs a subquery', pos);
    return bindExists(argNodes[0], es);
  }
  if (name === 'any' || name === 'all' || name === 'some') throw new UnsupportedSqlError(`${name.toUpperCase()} (subquery) comparisons`, pos, 'use IN or a scalar subquery');
  if (name === 'date_trunc') {
    arity(name, argNodes, 2, 2, es, node);
    const part = partLiteral(argNodes[0], name, es);
    if (!TRUNC_PARTS.has(part)) throw new SqlBindError(`unknown date part "${part}" in date_trunc`, pos);
    const x = temporalArg(bindExpr(argNodes[1], es), name, es, node);
    return call('date_trunc', [lit(part, T.varchar), castTo(x, T.timestamp)], T.timestamp);
  }
  if (name === 'date_part') {
    arity(name, argNodes, 2, 2, es, node);
    return bindExtract(partLiteral(argNodes[0], name, es), argNodes[1], es, node);
  }
  if (!SCALAR_NAMES.includes(name)) {
    if (name === 'row_number' || name === 'rank' || name === 'lag' || name === 'lead') throw new UnsupportedSqlError('window functions (OVER)', pos);
    if (['current_date', 'current_timestamp', 'now', 'random', 'today'].includes(name)) {
      throw new UnsupportedSqlError(`the non-deterministic function ${name}()`, pos);
    }
    const close = SCALAR_NAMES.concat(Object.keys(AGGREGATES)).filter((f) => f.startsWith(name.slice(0, 3)));
    throw new SqlBindError(`unknown function ${name}()${close.length ? `; did you mean ${close.slice(0, 3).join(', ')}?` : ''}`, pos);
  }
  const args = argNodes.map((a) => bindExpr(a, es));
  switch (name) {
    case 'abs': {
      arity(name, argNodes, 1, 1, es, node);
      const x = numericArg(args[0], name, es, node);
      return call('abs', [x], x.type);
    }
    case 'round': {
      arity(name, argNodes, 1, 2, es, node);
      const x = numericArg(args[0], name, es, node);
      let type = x.type;
      if (x.type.id === 'decimal') {
        const d = args[1];
        const digits = d === undefined ? 0 : d.kind === 'literal' && typeof d.value === 'number' ? Math.max(0, Math.min(x.type.scale, d.value)) : x.type.scale;
        type = decimal(x.type.precision, digits);
      }
      return call('round', args.length === 2 ? [x, intArg(args[1], name, es, node)] : [x], type);
    }
    case 'floor': case 'ceil': case 'ceiling': {
      arity(name, argNodes, 1, 1, es, node);
      let x = numericArg(args[0], name, es, node);
      if (isInteger(x.type)) x = castTo(x, T.double);
      const type = x.type.id === 'decimal' ? decimal(x.type.precision, 0) : x.type;
      return call(name === 'floor' ? 'floor' : 'ceil', [x], type);
    }
    case 'sqrt': case 'ln': case 'exp': {
      arity(name, argNodes, 1, 1, es, node);
      return call(name, [castTo(numericArg(args[0], name, es, node), T.double)], T.double);
    }
    case 'power': case 'pow': {
      arity(name, argNodes, 2, 2, es, node);
      return call('power', args.map((a) => castTo(numericArg(a, name, es, node), T.double)), T.double);
    }
    case 'lower': case 'lcase': case 'upper': case 'ucase': case 'trim': {
      arity(name, argNodes, 1, 1, es, node);
      const fn: ScalarFn = name === 'lcase' ? 'lower' : name === 'ucase' ? 'upper' : (name as ScalarFn);
      return call(fn, [stringArg(args[0], name, es, node)], T.varchar);
    }
    case 'length': case 'len': {
      arity(name, argNodes, 1, 1, es, node);
      return call('length', [stringArg(args[0], name, es, node)], T.bigint);
    }
    case 'substr': case 'substring': {
      arity(name, argNodes, 2, 3, es, node);
      return call('substr', [stringArg(args[0], name, es, node), ...args.slice(1).map((a) => intArg(a, name, es, node))], T.varchar);
    }
    case 'concat': {
      arity(name, argNodes, 1, Infinity, es, node);
      return call('concat', args.map((a) => (a.type.id === 'null' ? lit(null, T.varchar) : castTo(a, T.varchar, pos))), T.varchar);
    }
    case 'coalesce': case 'greatest': case 'least': {
      arity(name, argNodes, 1, Infinity, es, node);
      const u = unify(args, 'value', `${name}()`, pos);
      return call(name, u.exprs, u.type);
    }
    case 'nullif': {
      arity(name, argNodes, 2, 2, es, node);
      const u = unify(args, 'compare', 'nullif()', pos);
      return call('nullif', u.exprs, u.type);
    }
    default:
      throw new SqlBindError(`unknown function ${name}()`, pos);
  }
}

/** The result type of an aggregate over an argument type (DuckDB's, but sum of integers is BIGINT: no HUGEINT). */
function aggregateType(fn: AggregateFn, arg: SqlType | undefined, pos: SqlPosition | undefined): SqlType {
  const t = arg ?? T.integer;
  const needNumber = (): void => {
    if (!isNumeric(t) && t.id !== 'null') throw new SqlBindError(`${fn}() needs a number but received ${typeName(t)}`, pos);
  };
  switch (fn) {
    case 'count_star': case 'count': return T.bigint;
    case 'sum':
      if (t.id === 'boolean') return T.bigint;
      needNumber();
      if (t.id === 'decimal') return decimal(38, t.scale);
      return isInteger(t) || t.id === 'null' ? T.bigint : T.double;
    case 'avg': case 'stddev_samp': case 'stddev_pop': case 'var_samp': case 'var_pop':
      needNumber();
      return T.double;
    case 'median': case 'quantile_cont':
      // DuckDB: integers give DOUBLE, other numbers keep their type, dates and timestamps give TIMESTAMP, and median
      // of strings is the lower middle string.
      if (isTemporal(t)) return T.timestamp;
      if (t.id === 'varchar' && fn === 'median') return t;
      needNumber();
      return isInteger(t) || t.id === 'null' ? T.double : t;
    case 'quantile_disc': case 'min': case 'max':
      if (t.id === 'list') throw new SqlBindError(`${fn}() of a list is not supported`, pos);
      return t.id === 'null' ? T.integer : t;
  }
}

function bindAggregate(node: Node, es: ExprScope): Expr {
  const pos = where(es, node);
  const name = functionName(node);
  if (es.inAggregate) throw new SqlBindError(`aggregate function calls cannot be nested (${name} inside another aggregate)`, pos);
  if (es.groupMatch) throw new GroupMatchMiss();
  if (!es.agg) throw new SqlBindError(`aggregate functions are not allowed in ${es.clause} (${name})`, pos);
  if (node.over) throw new UnsupportedSqlError('window functions (OVER)', pos);
  if (node.filter) throw new UnsupportedSqlError('FILTER clauses on aggregates', pos, 'use an aggregate over CASE WHEN ... END');
  if (node.args?.orderby) throw new UnsupportedSqlError('ORDER BY inside an aggregate', pos);
  let fn = AGGREGATES[name];
  if (fn === undefined) throw new SqlBindError(`unknown aggregate ${name}()`, pos);
  const argNodes = functionArgs(node);
  const distinct = String(node.args?.distinct ?? '').toUpperCase() === 'DISTINCT' || node.distinct === true;
  const inner: ExprScope = { ...es, agg: undefined, inAggregate: true };
  let args: Expr[] = [];
  let fraction: number | undefined;
  if (fn === 'count' && (argNodes.length === 0 || argNodes[0]?.type === 'star')) {
    if (distinct) throw new SqlBindError('count(DISTINCT *) is not valid', pos);
    fn = 'count_star';
  } else if (fn === 'quantile_cont' || fn === 'quantile_disc') {
    arity(name, argNodes, 2, 2, es, node);
    args = [bindExpr(argNodes[0], inner)];
    const f = bindExpr(argNodes[1], inner);
    fraction = f.kind === 'literal' && (typeof f.value === 'number' || typeof f.value === 'bigint') ? Number(f.value) : NaN;
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new SqlBindError(`the fraction of ${name}() must be a number literal in [0, 1] but received ${f.kind === 'literal' ? String(f.value) : 'an expression'}`, pos);
    }
  } else {
    arity(name, argNodes, 1, 1, es, node);
    args = [bindExpr(argNodes[0], inner)];
    if (fn === 'median') fraction = 0.5;
  }
  if (args[0] && args[0].type.id === 'null') args[0] = castTo(args[0], T.integer);
  // DuckDB: sum of a BOOLEAN counts the TRUEs.
  if (fn === 'sum' && args[0]?.type.id === 'boolean') args[0] = castTo(args[0], T.integer);
  const type = aggregateType(fn, args[0]?.type, pos);
  // DuckDB interpolates a decimal median / quantile_cont on the scaled integers, truncating the step from the lower
  // value: here the aggregate runs over round(x * 10^scale) as BIGINT and the result is floor()ed and scaled back.
  const interpolatedDecimal = (fn === 'median' || fn === 'quantile_cont') && type.id === 'decimal';
  const unit = type.id === 'decimal' ? 10 ** type.scale : 1;
  if (interpolatedDecimal) {
    args = [castTo(call('*', [castTo(args[0], T.double), lit(unit, T.double)], T.double), T.bigint)];
  }
  const agg: AggregateCall = { fn, args, distinct, type: interpolatedDecimal ? T.double : type };
  if (fraction !== undefined) agg.fraction = fraction;
  const key = exprKey(agg);
  let i = es.agg.aggKeys.indexOf(key);
  if (i < 0) {
    i = es.agg.aggregates.length;
    es.agg.aggregates.push(agg);
    es.agg.aggKeys.push(key);
  }
  const ref = colRef(es.agg.groups.length + i, agg.type);
  if (!interpolatedDecimal) return ref;
  return { kind: 'cast', expr: call('/', [call('floor', [ref], T.double), lit(unit, T.double)], T.double), type };
}
