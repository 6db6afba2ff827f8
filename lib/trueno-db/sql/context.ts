/**
 * What binding one statement carries around: the prepared text (for positions), the catalog, the parameters, the CTEs
 * in scope, and the query binder (expressions bind subqueries through it). Also the small AST helpers every binder
 * file uses: identifier text, positions, expression keys.
 */
import type { Catalog, Plan } from '../plan/ir';
import type { SqlType } from '../types';
import type { SqlPosition } from '../errors';
import type { PreparedSql } from './prepare';
import type { Node } from './parse';
import type { Scope } from './scope';

/** Parameter values, by position ($1 / ?) or by name ($name). */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A bound query: its plan and output names/types (also in plan.schema). */
export interface BoundQuery {
  plan: Plan;
  names: string[];
  types: SqlType[];
}

/** A CTE: its name and query AST (bound where it is used). */
export interface CteDef {
  name: string;
  ast: Node;
  /** The CTE scopes visible where it was defined (a CTE sees the ones before it, not itself). */
  outerCtes: Map<string, CteDef>;
}

/** The state of binding one statement. */
export interface BindContext {
  sql: PreparedSql;
  catalog: Catalog;
  params: Params | undefined;
  /** Parameters referenced so far ($n positions, or names). */
  usedParams: Set<string>;
  /** Binds a query AST (select / set operation) in a scope of CTEs, `outer` the enclosing query's scope. */
  bindQuery(ast: Node, ctes: Map<string, CteDef>, outer?: Scope): BoundQuery;
}

/** The text of an identifier in node-sql-parser's AST: a string, `{value}`, or `{expr: {value}}`. */
export function ident(x: Node): string | undefined {
  if (x === null || x === undefined) return undefined;
  if (typeof x === 'string') return x;
  if (typeof x.value === 'string') return x.value;
  if (x.expr !== undefined) return ident(x.expr);
  return undefined;
}

/** The user's position of a located AST node (undefined when the node has no location). */
export function positionOf(ctx: BindContext, node: Node): SqlPosition | undefined {
  const offset = node?.loc?.start?.offset;
  return typeof offset === 'number' ? ctx.sql.position(offset) : undefined;
}

/**
 * The position of the first occurrence of a word in the SQL text, searched inside `near`'s span when it is located
 * (else in the whole text): for nodes node-sql-parser gives no location (column references).
 */
export function positionOfWord(ctx: BindContext, word: string, near?: Node): SqlPosition | undefined {
  const text = ctx.sql.text;
  const start = near?.loc?.start?.offset ?? 0;
  const end = near?.loc?.end?.offset ?? text.length;
  const lower = text.toLowerCase();
  // A qualified name (t.id) is looked for as written first, then by its last part.
  const candidates = word.includes('.') ? [word, word.slice(word.lastIndexOf('.') + 1)] : [word];
  for (const candidate of candidates) {
    const w = candidate.toLowerCase();
    let i = lower.indexOf(w, start);
    while (i >= 0 && i < end) {
      const before = i === 0 ? ' ' : lower[i - 1];
      const after = lower[i + w.length] ?? ' ';
      if (!/[a-z0-9_$.]/.test(before) && !/[a-z0-9_$]/.test(after)) return ctx.sql.position(i);
      i = lower.indexOf(w, i + 1);
    }
  }
  return positionOf(ctx, near);
}

/** A stable key of a bound expression (or any plain IR value), bigints included: equal keys <=> equal expressions. */
export function exprKey(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}
