/**
 * Output column names for select-list expressions without an alias, as DuckDB names them where that is simple:
 * a column by its name, `count_star()`, `sum(x)`, `(a + 1)`, `CAST(a AS DOUBLE)`, literals as written.
 */
import { ident } from './context';
import type { Node } from './parse';
import { functionArgs, functionName, isSubqueryNode } from './expr';

const LIKE_NAMES: Record<string, string> = { LIKE: '~~', 'NOT LIKE': '!~~', ILIKE: '~~*', 'NOT ILIKE': '!~~*' };

/**
 * The DuckDB-style name of an expression AST.
 * @param node - the expression
 * @returns the name
 */
export function exprName(node: Node): string {
  return node?.type === 'column_ref' ? (node.column === '*' ? '*' : ident(node.column) ?? '?') : inner(node);
}

/** A subexpression's text: columns keep their qualifier here (DuckDB: `(t.a + 1)` but `a` alone). */
function inner(node: Node): string {
  if (node === null || node === undefined) return 'NULL';
  if (isSubqueryNode(node)) return '(SELECT ...)';
  switch (node.type) {
    case 'column_ref': {
      const name = node.column === '*' ? '*' : ident(node.column) ?? '?';
      const table = ident(node.table);
      return table ? `${table}.${name}` : name;
    }
    case 'number': case 'bigint': return String(node.value);
    case 'single_quote_string': case 'string': return `'${node.value}'`;
    case 'bool': return node.value ? 'true' : 'false';
    case 'null': return 'NULL';
    case 'var': return `$${node.name}`;
    case 'date': return `'${node.value}'`;
    case 'timestamp': return `'${node.value}'`;
    case 'unary_expr': {
      const op = String(node.operator).toUpperCase();
      if (op === 'NOT') return `(NOT ${inner(node.expr)})`;
      if (op === '-' && (node.expr?.type === 'number' || node.expr?.type === 'bigint')) return `-${node.expr.value}`;
      return `${op}(${inner(node.expr)})`;
    }
    case 'binary_expr': {
      const op = String(node.operator).toUpperCase();
      const l = inner(node.left);
      if (op === 'BETWEEN' || op === 'NOT BETWEEN') {
        const [lo, hi] = node.right?.value ?? [];
        return `(${l} ${op} ${inner(lo)} AND ${inner(hi)})`;
      }
      if (op === 'IN' || op === 'NOT IN') {
        const items: Node[] = Array.isArray(node.right?.value) ? node.right.value : [];
        return `(${l} ${op} (${items.map(inner).join(', ')}))`;
      }
      if (op === 'IS' || op === 'IS NOT') return `(${l} ${op} ${inner(node.right)})`;
      const shown = node.distinctFrom === 'is_distinct' ? 'IS DISTINCT FROM' : node.distinctFrom === 'is_not_distinct' ? 'IS NOT DISTINCT FROM'
        : LIKE_NAMES[op] ?? (op === '/' && node.intDiv ? '//' : op === 'AND' || op === 'OR' ? op : node.operator);
      return `(${l} ${shown} ${inner(node.right)})`;
    }
    case 'aggr_func': case 'function': {
      const name = functionName(node);
      const args = functionArgs(node);
      if (name === 'not') return `(NOT ${inner(args[0])})`;
      if (name === 'count' && (args.length === 0 || args[0]?.type === 'star')) return 'count_star()';
      const distinct = String(node.args?.distinct ?? '').toUpperCase() === 'DISTINCT' || node.distinct === true ? 'DISTINCT ' : '';
      const shown = name === 'coalesce' ? 'COALESCE' : name;
      return `${shown}(${distinct}${args.map(inner).join(', ')})`;
    }
    case 'cast': {
      const t = node.target?.[0];
      const type = `${String(t?.dataType ?? '').toUpperCase()}${typeof t?.length === 'number' ? `(${[t.length, t.scale].filter((x) => typeof x === 'number').join(',')})` : ''}`;
      return `CAST(${inner(node.expr)} AS ${type})`;
    }
    case 'extract': return `date_part('${String(node.args?.field ?? '').toLowerCase()}', ${inner(node.args?.source)})`;
    case 'case': {
      const parts = (node.args ?? []).map((a: Node) => (a.type === 'else' ? `ELSE ${inner(a.result)}` : `WHEN (${inner(a.cond)}) THEN (${inner(a.result)})`));
      const hasElse = (node.args ?? []).some((a: Node) => a.type === 'else');
      return `CASE ${node.expr ? inner(node.expr) : ''} ${parts.join(' ')}${hasElse ? '' : ' ELSE NULL'} END`;
    }
    default: return String(node.type ?? '?');
  }
}
