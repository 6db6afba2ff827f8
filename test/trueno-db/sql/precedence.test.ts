/**
 * Operator precedence of the kept parser after repairAndOr (parse.ts): node-sql-parser alone reads
 * `a = 1 AND b = 2 OR c = 3` as `a = 1 AND (b = 2 OR c = 3)` (266 of 5,000 random boolean expressions differed from
 * pgsql-ast-parser's reading before the repair, none after). Here random expression trees are printed with only the
 * parentheses SQL needs, parsed back, and compared with the tree.
 */
import { parseSql } from '../../../lib/trueno-db/sql/parse';
import type { Node } from '../../../lib/trueno-db/sql/parse';

type Tree = { op: 'AND' | 'OR'; args: Tree[] } | { op: 'NOT'; arg: Tree } | { op: 'leaf'; sql: string };

/** Canonical text: AND/OR chains flattened (both are associative, also with NULLs). */
function canonTree(t: Tree): string {
  if (t.op === 'leaf') return t.sql;
  if (t.op === 'NOT') return `(NOT ${canonTree(t.arg)})`;
  const parts = t.args.flatMap((a) => (a.op === t.op ? canonTree(a).slice(1, -1).split(` ${t.op} `) : [canonTree(a)]));
  return `(${parts.join(` ${t.op} `)})`;
}

function canonAst(e: Node): string {
  if (e.type === 'binary_expr') {
    const op = String(e.operator).toUpperCase();
    if (op === 'AND' || op === 'OR') {
      const parts = [e.left, e.right].flatMap((a: Node) => {
        const c = canonAst(a);
        return a.type === 'binary_expr' && String(a.operator).toUpperCase() === op ? c.slice(1, -1).split(` ${op} `) : [c];
      });
      return `(${parts.join(` ${op} `)})`;
    }
    if (op === 'IS') return `${canonAst(e.left)} IS NULL`;
    if (op === 'BETWEEN') return `${canonAst(e.left)} BETWEEN ${e.right.value[0].value} AND ${e.right.value[1].value}`;
    return `${canonAst(e.left)} ${op} ${canonAst(e.right)}`;
  }
  if (e.type === 'unary_expr') return `(NOT ${canonAst(e.expr)})`;
  if (e.type === 'function' && String(e.name.name[0].value).toUpperCase() === 'NOT') return `(NOT ${canonAst(e.args.value[0])})`;
  if (e.type === 'column_ref') return e.column.expr.value;
  if (e.type === 'number') return String(e.value);
  throw new Error(`unexpected node ${e.type}`);
}

const PREC = { OR: 1, AND: 2, NOT: 3, leaf: 4 } as const;

/** SQL text with parentheses only where precedence needs them (or, at random, where it does not). */
function print(t: Tree, rnd: () => number): string {
  const wrap = (child: Tree, min: number): string => {
    const s = print(child, rnd);
    return PREC[child.op] < min || rnd() < 0.1 ? `(${s})` : s;
  };
  if (t.op === 'leaf') return t.sql;
  if (t.op === 'NOT') return `NOT ${wrap(t.arg, PREC.NOT)}`;
  return t.args.map((a) => wrap(a, PREC[t.op])).join(` ${t.op} `);
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function gen(rnd: () => number, depth: number): Tree {
  const r = rnd();
  const col = 'abcde'[Math.floor(rnd() * 5)];
  if (depth <= 0 || r < 0.3) {
    const k = Math.floor(rnd() * 4);
    const sql = [col, `${col} = ${Math.floor(rnd() * 9)}`, `${col} IS NULL`, `${col} BETWEEN 1 AND 5`][k];
    return { op: 'leaf', sql };
  }
  if (r < 0.45) return { op: 'NOT', arg: gen(rnd, depth - 1) };
  return { op: r < 0.72 ? 'AND' : 'OR', args: [gen(rnd, depth - 1), gen(rnd, depth - 1)] };
}

describe('AND binds tighter than OR, NOT tighter than AND', () => {
  test.each([
    ['a = 1 AND b = 2 OR c = 3', '((a = 1 AND b = 2) OR c = 3)'],
    ['a OR b AND c OR d', '(a OR (b AND c) OR d)'],
    ['a AND b OR c AND d', '((a AND b) OR (c AND d))'],
    ['a BETWEEN 1 AND 5 AND b OR c IS NULL AND NOT d', '((a BETWEEN 1 AND 5 AND b) OR (c IS NULL AND (NOT d)))'],
    ['a AND (b OR c)', '(a AND (b OR c))'],
    ['(a AND b OR c) AND d', '(((a AND b) OR c) AND d)'],
    ['NOT a AND b OR c', '(((NOT a) AND b) OR c)'],
  ])('%s', (sql, expected) => {
    expect(canonAst(parseSql(`SELECT ${sql}`).ast.columns[0].expr)).toBe(expected);
  });

  test('2,000 random expressions parse back to their trees', () => {
    const rnd = random(42);
    for (let i = 0; i < 2000; i++) {
      const tree = gen(rnd, 4);
      const sql = print(tree, rnd);
      const parsed = parseSql(`SELECT ${sql}`).ast.columns[0].expr;
      expect([sql, canonAst(parsed)]).toEqual([sql, canonTree(tree)]);
    }
  });
});
