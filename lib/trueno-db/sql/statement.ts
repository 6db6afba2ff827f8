/**
 * Statements: SELECT (and set operations), EXPLAIN, CREATE TABLE [AS SELECT], INSERT INTO ... VALUES / SELECT,
 * DELETE [WHERE], DROP TABLE [IF EXISTS], to bound `Statement`s. Anything else is an UnsupportedSqlError naming it.
 */
import type { Catalog, ColumnDef, Expr, Plan, Statement } from '../plan/ir';
import type { SqlType } from '../types';
import { SqlBindError, UnsupportedSqlError } from '../errors';
import { type BindContext, type BoundQuery, type CteDef, type Params, ident, positionOf, positionOfWord } from './context';
import { bindExpr } from './expr';
import { castPlan } from './from';
import { castTo } from './literal';
import { checkAllParamsUsed } from './params';
import type { Parsed, Node } from './parse';
import { prunePlan } from './prune';
import { Scope } from './scope';
import { bindQuery } from './select';
import { castType } from './types-ast';
import { T, typeName } from './typing';
import { commonType } from './unify';

function tableName(ctx: BindContext, node: Node): string {
  const t = Array.isArray(node) ? node[0] : node;
  const name = ident(t?.table);
  if (name === undefined) throw new UnsupportedSqlError('this table reference', positionOf(ctx, t));
  const db = ident(t?.db) ?? ident(t?.schema);
  if (db !== undefined && db.toLowerCase() !== 'main') throw new SqlBindError(`unknown schema "${db}" (only main)`, positionOfWord(ctx, db));
  return name;
}

function tableSchema(ctx: BindContext, name: string): { names: string[]; types: SqlType[] } {
  const schema = ctx.catalog.resolve({ kind: 'table', name });
  if (schema === undefined) throw new SqlBindError(`table "${name}" does not exist`, positionOfWord(ctx, name));
  return schema;
}

function query(ctx: BindContext, ast: Node): BoundQuery {
  return bindQuery(ctx, ast, new Map<string, CteDef>());
}

function bindCreate(ctx: BindContext, ast: Node): Statement {
  if (String(ast.keyword).toLowerCase() !== 'table') throw new UnsupportedSqlError(`CREATE ${String(ast.keyword ?? '').toUpperCase()}`, positionOf(ctx, ast));
  if (ast.temporary) throw new UnsupportedSqlError('temporary tables', positionOfWord(ctx, String(ast.temporary)));
  const name = tableName(ctx, ast.table);
  const ifNotExists = !!ast.if_not_exists;
  if (ast.query_expr) {
    const q = query(ctx, ast.query_expr.ast ?? ast.query_expr);
    const seen = new Set<string>();
    for (const n of q.names) {
      if (seen.has(n.toLowerCase())) throw new SqlBindError(`CREATE TABLE AS: the column name "${n}" appears twice; add aliases`);
      seen.add(n.toLowerCase());
    }
    // A column of NULLs has no type to store; DuckDB stores it as INTEGER.
    const types = q.types.map((t) => (t.id === 'null' ? T.integer : t));
    return { kind: 'create_table_as', name, plan: prunePlan(castPlan(q.plan, types)), ifNotExists };
  }
  const columns: ColumnDef[] = [];
  for (const d of ast.create_definitions ?? []) {
    if (d.resource !== 'column') throw new UnsupportedSqlError(`table constraints (${String(d.resource ?? d.constraint_type ?? 'constraint')})`, positionOf(ctx, d));
    const col = ident(d.column?.column) ?? ident(d.column);
    if (col === undefined) throw new SqlBindError('a column definition without a name', positionOf(ctx, d));
    if (columns.some((c) => c.name.toLowerCase() === col.toLowerCase())) throw new SqlBindError(`column "${col}" is defined twice`, positionOfWord(ctx, col));
    if (d.default_val) throw new UnsupportedSqlError('column DEFAULT values', positionOfWord(ctx, 'default'));
    const type = castType(d.definition, ctx, positionOfWord(ctx, col));
    columns.push({ name: col, type, notNull: String(d.nullable?.type ?? '').toLowerCase() === 'not null' || !!d.primary_key });
  }
  if (columns.length === 0) throw new SqlBindError('CREATE TABLE needs at least one column', positionOf(ctx, ast));
  return { kind: 'create_table', name, columns, ifNotExists };
}

function bindInsert(ctx: BindContext, ast: Node): Statement {
  if (ast.conflict || ast.returning) throw new UnsupportedSqlError(ast.conflict ? 'ON CONFLICT' : 'RETURNING', positionOf(ctx, ast));
  if (String(ast.type).toLowerCase() === 'replace') throw new UnsupportedSqlError('REPLACE', positionOf(ctx, ast));
  const table = tableName(ctx, ast.table);
  const schema = tableSchema(ctx, table);
  let columns: number[] | undefined;
  if (Array.isArray(ast.columns) && ast.columns.length > 0) {
    const listed: number[] = ast.columns.map((c: Node) => {
      const n = ident(c)!;
      const i = schema.names.findIndex((x) => x.toLowerCase() === n.toLowerCase());
      if (i < 0) throw new SqlBindError(`table "${table}" has no column "${n}" (columns: ${schema.names.join(', ')})`, positionOfWord(ctx, n));
      return i;
    });
    const dup = listed.find((c, i) => listed.indexOf(c) !== i);
    if (dup !== undefined) throw new SqlBindError(`column "${schema.names[dup]}" is listed twice`, positionOfWord(ctx, schema.names[dup]));
    columns = listed;
  }
  const targets = columns ?? schema.names.map((_, i) => i);
  const types = targets.map((i) => schema.types[i]);
  const names = targets.map((i) => schema.names[i]);
  const values = ast.values;
  let plan: Plan;
  if (values?.type === 'values') {
    const scope = new Scope([]);
    const rows: Expr[][] = (values.values as Node[]).map((row, r) => {
      const items: Node[] = row.value ?? [];
      if (items.length !== targets.length) {
        throw new SqlBindError(`row ${r + 1} of VALUES has ${items.length} values but ${targets.length} columns are filled (${names.join(', ')})`, positionOf(ctx, row));
      }
      return items.map((it, c) => {
        const e = bindExpr(it, { ctx, scope, clause: 'VALUES' });
        return castForInsert(ctx, e, types[c], names[c], it);
      });
    });
    plan = { op: 'values', rows, schema: { names, types } };
  } else {
    const q = query(ctx, values?.ast ?? values);
    if (q.types.length !== targets.length) {
      throw new SqlBindError(`INSERT gives ${q.types.length} columns but ${targets.length} are filled (${names.join(', ')})`, positionOf(ctx, ast));
    }
    plan = castPlan(q.plan, types);
    plan = { ...prunePlan(plan) };
    plan = { ...plan, schema: { names, types } } as Plan;
  }
  const out: Statement = { kind: 'insert', table, plan };
  if (columns !== undefined) out.columns = columns;
  return out;
}

function castForInsert(ctx: BindContext, e: Expr, type: SqlType, column: string, node: Node): Expr {
  if (e.type.id === 'null') return castTo(e, type);
  if (type.id === 'list') {
    if (typeName(e.type) !== typeName(type)) throw new SqlBindError(`column "${column}" is ${typeName(type)} but the value is ${typeName(e.type)}`, positionOf(ctx, node));
    return e;
  }
  commonType([{ kind: 'column', index: 0, type }, e], 'value', `column "${column}" (${typeName(type)})`, positionOf(ctx, node));
  return castTo(e, type, positionOf(ctx, node));
}

function bindDelete(ctx: BindContext, ast: Node): Statement {
  if (Array.isArray(ast.from) && ast.from.length > 1) throw new UnsupportedSqlError('DELETE with USING / several tables', positionOf(ctx, ast));
  const table = tableName(ctx, ast.from ?? ast.table);
  const schema = tableSchema(ctx, table);
  const scope = new Scope(schema.names.map((name, index) => ({ relation: table, name, type: schema.types[index], index })));
  if (!ast.where) return { kind: 'delete', table };
  const p = bindExpr(ast.where, { ctx, scope, clause: 'WHERE' });
  if (p.type.id !== 'boolean') throw new SqlBindError(`a condition must be BOOLEAN but this is ${typeName(p.type)}`, positionOf(ctx, ast.where));
  return { kind: 'delete', table, predicate: p };
}

function bindDrop(ctx: BindContext, ast: Node): Statement {
  if (String(ast.keyword).toLowerCase() !== 'table') throw new UnsupportedSqlError(`DROP ${String(ast.keyword ?? '').toUpperCase()}`, positionOf(ctx, ast));
  const names: Node[] = ast.name ?? [];
  if (names.length !== 1) throw new UnsupportedSqlError('DROP TABLE of several tables', positionOf(ctx, ast));
  return { kind: 'drop_table', name: tableName(ctx, names[0]), ifExists: /if exists/i.test(String(ast.prefix ?? '')) };
}

/**
 * Binds a parsed statement.
 * @param parsed - from parseSql
 * @param catalog - the schemas of tables and files
 * @param params - $1 / ? / $name values
 * @returns the bound statement
 */
export function bindStatement(parsed: Parsed, catalog: Catalog, params: Params | undefined): Statement {
  const ctx: BindContext = {
    sql: parsed.sql, catalog, params, usedParams: new Set(),
    bindQuery: (ast, ctes, outer) => bindQuery(ctx, ast, ctes, outer),
  };
  if (parsed.sql.questionParams > 0 && parsed.sql.dollarParams > 0) {
    throw new SqlBindError('do not mix ? and $n parameters in one statement');
  }
  const ast = parsed.ast;
  let statement: Statement;
  const type = String(ast.type).toLowerCase();
  if (parsed.sql.explain) {
    if (type !== 'select') throw new UnsupportedSqlError(`EXPLAIN ${type.toUpperCase()}`, undefined, 'EXPLAIN a SELECT');
    statement = { kind: 'explain', plan: prunePlan(query(ctx, ast).plan) };
  } else {
    switch (type) {
      case 'select': statement = { kind: 'select', plan: prunePlan(query(ctx, ast).plan) }; break;
      case 'create': statement = bindCreate(ctx, ast); break;
      case 'insert': case 'replace': statement = bindInsert(ctx, ast); break;
      case 'delete': statement = bindDelete(ctx, ast); break;
      case 'drop': statement = bindDrop(ctx, ast); break;
      default: throw new UnsupportedSqlError(`${type.toUpperCase()} statements`, positionOf(ctx, ast));
    }
  }
  checkAllParamsUsed(ctx);
  return statement;
}

