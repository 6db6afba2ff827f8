/**
 * A small expression language for `filter` and `map`, evaluated column-wise (a loop per operator over all rows, no
 * object per row): column names (or `backquoted names`), numbers, 'strings', true, false, null; + - * / % with
 * numbers; == != < <= > >= ; && || ! ; parentheses. A null operand gives null (a filter drops those rows).
 * @example ds.filter('petal_length_cm > 1.5 && target == 0').map('area', 'petal_length_cm * petal_width_cm')
 */
import type { Table } from 'apache-arrow';
import { ColumnError, typeError } from '../errors';
import { columnValues } from '../columns';

/** A column of results: numbers in a Float64Array, booleans as 0/1, or other values; nulls in `nulls`. */
export interface Evaluated {
  kind: 'number' | 'bool' | 'value';
  values: Float64Array | Uint8Array | unknown[];
  nulls: Uint8Array | undefined;
}

/** A parsed expression: a column, a literal, or a unary or binary operation over expressions. */
export type ExpressionNode =
  | { t: 'col'; name: string }
  | { t: 'lit'; value: number | string | boolean | null }
  | { t: 'un'; op: string; a: ExpressionNode }
  | { t: 'bin'; op: string; a: ExpressionNode; b: ExpressionNode };

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|('(?:[^'\\]|\\.)*')|`([^`]+)`|([A-Za-z_][A-Za-z0-9_.]*)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!()]))/y;
const LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

function tokenize(text: string): string[][] {
  const out: string[][] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw typeError(`Expected a valid expression but received '${text}' (unexpected text at ${at}: '${text.slice(at, at + 10)}')`);
    out.push(m[1] !== undefined ? ['num', m[1]] : m[2] !== undefined ? ['str', m[2]] : m[3] !== undefined ? ['id', m[3]] : m[4] !== undefined ? ['id', m[4]] : ['op', m[5]]);
    at = TOKEN.lastIndex;
  }
  return out;
}

/**
 * Parses an expression.
 * @param text - the expression
 * @returns its syntax tree
 * @throws TypeError for a syntax error
 * @example parseExpression('a + 2 * b') // the syntax tree
 */
export function parseExpression(text: string): ExpressionNode {
  const tokens = tokenize(text);
  let p = 0;
  const bad = (): never => {
    throw typeError(`Expected a valid expression but received '${text}' (near token ${p + 1})`);
  };
  const level = (k: number): ExpressionNode => {
    if (k === LEVELS.length) return unary();
    let a = level(k + 1);
    while (p < tokens.length && tokens[p][0] === 'op' && LEVELS[k].includes(tokens[p][1])) {
      const op = tokens[p++][1];
      a = { t: 'bin', op, a, b: level(k + 1) };
    }
    return a;
  };
  const unary = (): ExpressionNode => {
    const tok = tokens[p];
    if (!tok) return bad();
    if (tok[0] === 'op' && (tok[1] === '-' || tok[1] === '!')) {
      p++;
      return { t: 'un', op: tok[1], a: unary() };
    }
    p++;
    if (tok[0] === 'num') return { t: 'lit', value: Number(tok[1]) };
    if (tok[0] === 'str') return { t: 'lit', value: tok[1].slice(1, -1).replace(/\\(.)/g, '$1') };
    if (tok[0] === 'id') {
      if (tok[1] === 'true' || tok[1] === 'false') return { t: 'lit', value: tok[1] === 'true' };
      if (tok[1] === 'null') return { t: 'lit', value: null };
      return { t: 'col', name: tok[1] };
    }
    if (tok[1] === '(') {
      const inner = level(0);
      if (tokens[p]?.[1] !== ')') return bad();
      p++;
      return inner;
    }
    return bad();
  };
  const tree = level(0);
  if (p !== tokens.length) bad();
  return tree;
}

function orNulls(a: Uint8Array | undefined, b: Uint8Array | undefined): Uint8Array | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.map((x, i) => x | b[i]);
}

function fromColumn(table: Table, name: string): Evaluated {
  const vector = table.getChild(name);
  if (!vector) throw new ColumnError(`Expected a column of the dataset for '${name}' in the expression but the columns are ${table.schema.fields.map((f) => f.name).join(', ')}`, name);
  const values = columnValues(vector);
  if (values instanceof Float64Array) return { kind: 'number', values, nulls: undefined };
  const nulls = new Uint8Array(values.length);
  let kind: Evaluated['kind'] | undefined;
  values.forEach((v, i) => {
    if (v === null) nulls[i] = 1;
    else kind ??= typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'value';
  });
  if (kind === 'number') return { kind, values: Float64Array.from(values, (v) => (v === null ? NaN : (v as number))), nulls };
  if (kind === 'bool') return { kind, values: Uint8Array.from(values, (v) => (v ? 1 : 0)), nulls };
  return { kind: kind ?? 'value', values, nulls };
}

/**
 * Evaluates an expression over every row of a table.
 * @param text - the expression
 * @param table - the rows
 * @returns one result per row
 * @throws TypeError for a syntax error or operands of the wrong kind; ColumnError for an unknown column
 * @example evaluate('petal_length_cm / petal_width_cm', iris.toTable()).values // one ratio per row
 */
export function evaluate(text: string, table: Table): Evaluated {
  const n = table.numRows;
  const run = (node: ExpressionNode): Evaluated => {
    if (node.t === 'col') return fromColumn(table, node.name);
    if (node.t === 'lit') {
      const v = node.value;
      if (v === null) return { kind: 'value', values: new Array(n).fill(null), nulls: new Uint8Array(n).fill(1) };
      if (typeof v === 'number') return { kind: 'number', values: new Float64Array(n).fill(v), nulls: undefined };
      if (typeof v === 'boolean') return { kind: 'bool', values: new Uint8Array(n).fill(v ? 1 : 0), nulls: undefined };
      return { kind: 'value', values: new Array(n).fill(v), nulls: undefined };
    }
    if (node.t === 'un') {
      const a = run(node.a);
      if (node.op === '-') {
        if (a.kind !== 'number') throw typeError(`Expected a number for the operand of unary '-' in '${text}' but received ${a.kind}`);
        return { kind: 'number', values: (a.values as Float64Array).map((x) => -x), nulls: a.nulls };
      }
      return { kind: 'bool', values: Uint8Array.from(a.values as ArrayLike<unknown>, (x) => (x ? 0 : 1)), nulls: a.nulls };
    }
    const a = run(node.a);
    const b = run(node.b);
    const nulls = orNulls(a.nulls, b.nulls);
    const av = a.values as ArrayLike<number>;
    const bv = b.values as ArrayLike<number>;
    const op = node.op;
    if ('+-*/%'.includes(op)) {
      if (a.kind !== 'number' || b.kind !== 'number') throw typeError(`Expected numbers for the operands of '${op}' in '${text}' but received ${a.kind} and ${b.kind}`);
      const out = new Float64Array(n);
      if (op === '+') for (let i = 0; i < n; i++) out[i] = av[i] + bv[i];
      else if (op === '-') for (let i = 0; i < n; i++) out[i] = av[i] - bv[i];
      else if (op === '*') for (let i = 0; i < n; i++) out[i] = av[i] * bv[i];
      else if (op === '/') for (let i = 0; i < n; i++) out[i] = av[i] / bv[i];
      else for (let i = 0; i < n; i++) out[i] = av[i] % bv[i];
      return { kind: 'number', values: out, nulls };
    }
    const out = new Uint8Array(n);
    const cmp: Record<string, (x: unknown, y: unknown) => boolean> = {
      '==': (x, y) => x === y, '!=': (x, y) => x !== y, '<': (x, y) => (x as number) < (y as number),
      '<=': (x, y) => (x as number) <= (y as number), '>': (x, y) => (x as number) > (y as number),
      '>=': (x, y) => (x as number) >= (y as number), '&&': (x, y) => !!x && !!y, '||': (x, y) => !!x || !!y,
    };
    const f = cmp[op];
    for (let i = 0; i < n; i++) out[i] = f(av[i], bv[i]) ? 1 : 0;
    return { kind: 'bool', values: out, nulls };
  };
  return run(parseExpression(text));
}
