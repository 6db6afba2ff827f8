/**
 * Parsing: node-sql-parser's PostgreSQL grammar over the prepared text (see prepare.ts), one statement at a time, its
 * errors turned into SqlSyntaxError with the user's line:column. The AST is node-sql-parser's, typed loosely here
 * (`Node`): the binder reads the fields it knows and rejects the rest by name.
 */
// The PostgreSQL build alone: a quarter of the package's load time and parse time (the main entry loads every dialect).
import { Parser } from 'node-sql-parser/build/postgresql';
import { SqlSyntaxError, UnsupportedSqlError, typeError } from '../errors';
import { BACKSLASH, prepareSql, type PreparedSql } from './prepare';

/** A node of node-sql-parser's AST (plain JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;

/** One parsed statement with its prepared text. */
export interface Parsed {
  /** The statement's AST. */
  ast: Node;
  /** The prepared text and offset map. */
  sql: PreparedSql;
}

const parser = new Parser();
const OPTIONS = { database: 'postgresql', parseOptions: { includeLocations: true } };

/**
 * Parses one SQL statement (a trailing `;` is allowed).
 * @param sql - the SQL text
 * @returns the AST and the prepared text
 * @throws TypeError (ERR_TRUENO_DB_TYPE) when sql is not a string; SqlSyntaxError when it does not parse or is empty;
 *   UnsupportedSqlError for several statements in one string
 */
export function parseSql(sql: unknown): Parsed {
  if (typeof sql !== 'string') {
    throw typeError(`Expected a string for sql but received ${sql === null ? 'null' : typeof sql}`);
  }
  const cached = cache.get(sql);
  if (cached !== undefined) {
    cache.delete(sql);
    cache.set(sql, cached);
    return cached;
  }
  const parsed = parseUncached(sql);
  cache.set(sql, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return parsed;
}

/**
 * Parsed statements by SQL text, least recently used first: parsing (a PEG parser) costs milliseconds, more than
 * running a small query, and the same statement is parsed twice per query (sourcesOf, then bind) and again each time
 * it is repeated. The binder never modifies an AST.
 */
const cache = new Map<string, Parsed>();
const CACHE_SIZE = 256;

function parseUncached(sql: string): Parsed {
  const prepared = prepareSql(sql);
  if (!/[^\s;]/.test(prepared.text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ''))) {
    throw new SqlSyntaxError(`Expected a SQL statement but received ${sql.trim() === '' ? 'an empty string' : 'only comments'}`);
  }
  // node-sql-parser trims leading whitespace before parsing, so its offsets start after it (an EXPLAIN blanked by
  // prepare.ts is such whitespace): they are shifted back by that much.
  const lead = prepared.text.length - prepared.text.trimStart().length;
  let ast: Node;
  try {
    ast = parser.astify(prepared.text, OPTIONS);
  } catch (err) {
    const e = err as { location?: { start?: { offset?: number } }; found?: string | null; message?: string };
    const at = e.location?.start?.offset;
    const offset = at === undefined ? undefined : at + lead;
    if (offset === undefined) throw new SqlSyntaxError(`syntax error: ${e.message ?? String(err)}`, undefined, { cause: err });
    const found = e.found === null || e.found === undefined ? 'end of input' : `"${nearToken(prepared.text, offset)}"`;
    throw new SqlSyntaxError(`syntax error at or near ${found}`, prepared.position(offset), { cause: err });
  }
  if (lead > 0) shiftLocations(ast, lead);
  const statements = (Array.isArray(ast) ? ast : [ast]).filter((s) => s !== null && s !== undefined);
  if (statements.length !== 1) {
    throw new UnsupportedSqlError('several statements in one string', undefined, 'run them one at a time');
  }
  markIntegerDivisions(statements[0], prepared);
  markDistinctCalls(statements[0], prepared);
  markDistinctFrom(statements[0], prepared);
  restoreBackslashes(statements[0]);
  return { ast: repairAndOr(statements[0]), sql: prepared };
}

/** The word (or character) of the text at an offset, for a syntax error message. */
function nearToken(text: string, offset: number): string {
  const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?|'[^']*'?|\S)/.exec(text.slice(offset));
  return m === null ? text.slice(offset, offset + 1) : m[0];
}

/** Every object in an AST with a `loc`, found depth-first. */
function located(node: Node, out: Node[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) located(x, out);
    return;
  }
  if (node.loc && typeof node.loc.start?.offset === 'number') out.push(node);
  for (const k of Object.keys(node)) if (k !== 'loc') located(node[k], out);
}

/**
 * Marks (`intDiv: true`) each `/` node that was a `//` in the user's text: the smallest located `/` node whose span
 * holds the marker's offset. A marker that does not land on exactly one `/` node is refused rather than guessed.
 */
function markIntegerDivisions(ast: Node, sql: PreparedSql): void {
  if (sql.intDivOffsets.length === 0) return;
  const nodes: Node[] = [];
  located(ast, nodes);
  const divisions = nodes.filter((x) => x.type === 'binary_expr' && x.operator === '/');
  for (const offset of sql.intDivOffsets) {
    let best: Node;
    for (const d of divisions) {
      if (d.loc.start.offset <= offset && offset < d.loc.end.offset) {
        if (best === undefined || d.loc.end.offset - d.loc.start.offset < best.loc.end.offset - best.loc.start.offset) best = d;
      }
    }
    if (best === undefined || best.intDiv) {
      throw new UnsupportedSqlError('the // operator in this position', sql.position(offset), 'write CAST(a / b AS BIGINT) or floor(a / b)');
    }
    best.intDiv = true;
  }
}

/** Marks (`distinct: true`) the aggregate calls whose DISTINCT the preparation blanked, found by their offset. */
function markDistinctCalls(ast: Node, sql: PreparedSql): void {
  if (sql.distinctCalls.length === 0) return;
  const nodes: Node[] = [];
  located(ast, nodes);
  for (const offset of sql.distinctCalls) {
    const call = nodes.find((x) => (x.type === 'function' || x.type === 'aggr_func') && x.loc.start.offset === offset);
    if (call === undefined) throw new UnsupportedSqlError('DISTINCT in this aggregate call', sql.position(offset));
    call.distinct = true;
  }
}

/** Puts back the backslashes of string literals (see prepare.ts). */
function restoreBackslashes(node: Node): void {
  if (node === null || typeof node !== 'object') return;
  for (const k of Object.keys(node)) {
    const v = node[k];
    if (typeof v === 'string' && v.includes(BACKSLASH)) node[k] = v.split(BACKSLASH).join('\\');
    else if (typeof v === 'object') restoreBackslashes(v);
  }
}

function isLooseOr(x: Node): boolean {
  return x?.type === 'binary_expr' && String(x.operator).toUpperCase() === 'OR' && !x.parentheses;
}

/**
 * Restores AND binding tighter than OR. node-sql-parser's PostgreSQL grammar reads `a = 1 AND b = 2 OR c = 3` as
 * `a = 1 AND (b = 2 OR c = 3)`; a user's parentheses are marked (`parentheses: true`), so an OR directly under an AND
 * without them is always such a misreading, and rotating it gives the SQL meaning: `L AND (R1 OR R2)` becomes
 * `(L AND R1) OR R2` (and symmetrically on the left). Bottom-up, so nested chains come out left to right.
 */
export function repairAndOr(node: Node): Node {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(repairAndOr);
  for (const k of Object.keys(node)) {
    if (k !== 'loc' && typeof node[k] === 'object') node[k] = repairAndOr(node[k]);
  }
  if (node.type !== 'binary_expr' || String(node.operator).toUpperCase() !== 'AND') return node;
  if (isLooseOr(node.right)) {
    const or = node.right;
    node.right = or.left;
    or.left = node;
    return rotated(node, or);
  }
  if (isLooseOr(node.left)) {
    const or = node.left;
    node.left = or.right;
    or.right = node;
    return rotated(node, or);
  }
  return node;
}

/** After a rotation: the OR takes the AND's parentheses and span, the AND is repaired again. */
function rotated(and: Node, or: Node): Node {
  or.parentheses = and.parentheses;
  delete and.parentheses;
  const span = and.loc;
  if (or.left === and) or.left = repairAndOr(and);
  else or.right = repairAndOr(and);
  if (span) or.loc = span;
  return or;
}

/**
 * Marks (`distinctFrom: 'is_distinct' | 'is_not_distinct'`) the comparisons that stand for IS [NOT] DISTINCT FROM:
 * the smallest located `<>` / `=` node whose span holds the recorded offset.
 */
function markDistinctFrom(ast: Node, sql: PreparedSql): void {
  if (sql.distinctFrom.length === 0) return;
  const nodes: Node[] = [];
  located(ast, nodes);
  for (const { offset, negated } of sql.distinctFrom) {
    let best: Node;
    for (const d of nodes) {
      if (d.type !== 'binary_expr' || d.operator !== (negated ? '=' : '<>') || d.distinctFrom) continue;
      if (d.loc.start.offset <= offset && offset < d.loc.end.offset) {
        if (best === undefined || d.loc.end.offset - d.loc.start.offset < best.loc.end.offset - best.loc.start.offset) best = d;
      }
    }
    if (best === undefined) throw new UnsupportedSqlError('IS DISTINCT FROM in this position', sql.position(offset));
    best.distinctFrom = negated ? 'is_not_distinct' : 'is_distinct';
  }
}

/** Adds `by` to every location offset of the tree (see the leading-whitespace note in parseUncached). */
function shiftLocations(node: Node, by: number): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) shiftLocations(x, by);
    return;
  }
  if (node.loc && typeof node.loc.start?.offset === 'number') {
    node.loc = { start: { ...node.loc.start, offset: node.loc.start.offset + by }, end: { ...node.loc.end, offset: node.loc.end.offset + by } };
  }
  for (const k of Object.keys(node)) if (k !== 'loc') shiftLocations(node[k], by);
}
