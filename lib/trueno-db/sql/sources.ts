/**
 * sourcesOf: the tables and files a statement reads or writes, from the AST alone, so the database can load their
 * schemas before binding. CTE names are not sources; names that look like files (`'x.parquet'`) and table
 * functions (`read_csv('x')`) are file sources.
 */
import type { SourceRef } from '../plan/ir';
import { ident } from './context';
import { fileSourceOf, sourceId, tableFunctionSource } from './from';
import type { Node } from './parse';

/**
 * Every source named in a parsed statement (each once, in order of appearance).
 * @param ast - the statement AST
 */
export function sourcesOfAst(ast: Node): SourceRef[] {
  const out = new Map<string, SourceRef>();
  const add = (s: SourceRef): void => {
    if (!out.has(sourceId(s))) out.set(sourceId(s), s);
  };
  const addName = (name: string | undefined, ctes: Set<string>): void => {
    if (name === undefined || ctes.has(name.toLowerCase())) return;
    add(fileSourceOf(name) ?? { kind: 'table', name });
  };
  const walk = (node: Node, ctes: Set<string>): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((x) => walk(x, ctes));
      return;
    }
    let scope = ctes;
    if (Array.isArray(node.with) && node.with.length > 0) {
      scope = new Set(ctes);
      for (const w of node.with) {
        walk(w.stmt, scope);
        scope.add(String(ident(w.name)).toLowerCase());
      }
    }
    if (node.type === 'select' && Array.isArray(node.from)) {
      for (const item of node.from) {
        if (item.expr?.ast) walk(item.expr.ast, scope);
        else if (item.expr?.type === 'function') {
          const fn = tableFunctionSource(item.expr);
          if (fn.source) add(fn.source);
        } else if (item.table !== undefined) addName(ident(item.table), scope);
        if (item.on) walk(item.on, scope);
      }
    }
    for (const k of Object.keys(node)) {
      if (k === 'with' || k === 'from' || k === 'loc') continue;
      walk(node[k], scope);
    }
  };
  const type = String(ast?.type).toLowerCase();
  if (type === 'insert' || type === 'replace') addName(ident(ast.table?.[0]?.table), new Set());
  if (type === 'delete') addName(ident((ast.from ?? ast.table)?.[0]?.table), new Set());
  if (type === 'select' || type === 'insert' || type === 'replace' || type === 'create' || type === 'delete') {
    walk(type === 'select' ? ast : { ...ast, table: undefined, from: undefined }, new Set());
  }
  return [...out.values()];
}
