/**
 * The lexical preparation of SQL text before the parser sees it. node-sql-parser (PostgreSQL grammar) lacks some of
 * DuckDB's SQL or reads it wrongly; this pass finds those tokens outside strings, quoted identifiers and comments and
 * rewrites them to what the grammar knows, keeping a map from offsets in the rewritten text back to the user's text
 * for error positions:
 * - `?` parameters become `$1..$n`; a parameter followed by `::` is parenthesised (`$1::INT` loses its cast otherwise);
 * - `//` (integer division) becomes `/` plus a marker the parser's caller reads;
 * - a leading EXPLAIN is blanked (and reported);
 * - `agg(DISTINCT x)` for aggregates other than count: DISTINCT is blanked and the call's offset recorded;
 * - `extract(part FROM x)` becomes `date_part('part', x)` (the grammar knows only some parts);
 * - `a IS [NOT] DISTINCT FROM b` becomes `a <> b` (`a = b`) with its offset recorded;
 * - DuckDB's GROUP BY ALL / ORDER BY ALL: `ALL` becomes a reserved quoted name the binder expands;
 * - `1.` becomes `1.0` (the grammar wants digits after a point; DECIMAL(2,1) where DuckDB says DECIMAL(1,0));
 * - a backslash inside a string becomes U+E000 (the grammar treats it as an escape, DuckDB does not), restored in the
 *   AST by the caller.
 * It only classifies characters (strings, comments, words); all parsing is node-sql-parser's.
 */
import type { SqlPosition } from '../errors';

/** What a backslash in a string literal is replaced with for the parser (restored in the AST). */
export const BACKSLASH = '\uE000';

/** What `ALL` in DuckDB's GROUP BY ALL / ORDER BY ALL becomes: a quoted name no one writes (same length). */
export const BY_ALL = '"\uE001"';

/** Aggregates whose DISTINCT form the grammar lacks (count(DISTINCT x) it knows). */
const DISTINCT_AGGREGATES = new Set(['sum', 'avg', 'mean', 'min', 'max', 'stddev', 'stddev_samp', 'stddev_pop', 'variance',
  'var_samp', 'var_pop', 'median', 'quantile_cont', 'quantile_disc', 'quantile']);

/** SQL text ready for the parser, with the way back to the user's text. */
export interface PreparedSql {
  /** The user's text. */
  original: string;
  /** The text the parser reads. */
  text: string;
  /** True when the statement started with EXPLAIN (blanked in `text`). */
  explain: boolean;
  /** How many `?` parameters were rewritten to `$1..$n` (0 when none). */
  questionParams: number;
  /** How many `$n` / `$name` parameters the user wrote. */
  dollarParams: number;
  /** Offsets in `text` of each `/` that was a `//` (integer division) in the user's text. */
  intDivOffsets: number[];
  /** Offsets in `text` of the names of aggregate calls written with DISTINCT (blanked). */
  distinctCalls: number[];
  /** `IS [NOT] DISTINCT FROM`, rewritten to `<>` / `=`: the offset of that operator and which it was. */
  distinctFrom: { offset: number; negated: boolean }[];
  /** The user's position of an offset in `text`. */
  position(offset: number): SqlPosition;
}

/**
 * Prepares SQL text for the parser (see the module comment).
 * @param sql - the user's SQL text
 * @returns the rewritten text and the offset map
 */
export function prepareSql(sql: string): PreparedSql {
  let text = '';
  const origin: number[] = [];
  const intDivOffsets: number[] = [];
  const distinctCalls: number[] = [];
  const distinctFrom: { offset: number; negated: boolean }[] = [];
  let questionParams = 0;
  let dollarParams = 0;
  let explain = false;
  let sawWord = false;
  let lastWords = ['', ''];
  const emit = (s: string, at: number): void => {
    for (let k = 0; k < s.length; k++) origin.push(at);
    text += s;
  };
  const copy = (from: number, to: number): void => {
    for (let k = from; k < to; k++) emit(sql[k], k);
  };
  const n = sql.length;
  const skipSpace = (j: number): number => {
    while (j < n && /\s/.test(sql[j])) j++;
    return j;
  };
  const wordAt = (j: number): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(j, j + 64));
    return m === null ? '' : m[0];
  };
  /** Emits a parameter token, parenthesised when a `::` cast follows it. */
  const param = (token: string, start: number, end: number): void => {
    const cast = sql.startsWith('::', skipSpace(end));
    if (cast) emit('(', start);
    emit(token, start);
    if (cast) emit(')', end - 1);
  };
  let i = 0;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      const end = Math.min(j + 1, n);
      for (let k = i; k < end; k++) emit(c === "'" && sql[k] === '\\' ? BACKSLASH : sql[k], k);
      i = end;
      sawWord = true;
    } else if (c === '-' && next === '-') {
      let j = i;
      while (j < n && sql[j] !== '\n') j++;
      copy(i, j);
      i = j;
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      copy(i, end);
      i = end;
    } else if (c === '/' && next === '/') {
      intDivOffsets.push(text.length);
      emit('/', i);
      emit(' ', i + 1);
      i += 2;
      sawWord = true;
    } else if (c === '?') {
      questionParams++;
      param(`$${questionParams}`, i, i + 1);
      i++;
      sawWord = true;
    } else if (c === '$' && next !== undefined && /[A-Za-z0-9_]/.test(next)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(sql[j])) j++;
      dollarParams++;
      param(sql.slice(i, j), i, j);
      i = j;
      sawWord = true;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      const word = sql.slice(i, j);
      const lower = word.toLowerCase();
      const open = skipSpace(j);
      const before = lastWords;
      lastWords = [before[1], lower];
      if (lower === 'all' && before[1] === 'by' && (before[0] === 'group' || before[0] === 'order')) {
        emit(BY_ALL, i);
        i = j;
        continue;
      }
      if (!sawWord && lower === 'explain') {
        explain = true;
        emit(' '.repeat(word.length), i);
        i = j;
        sawWord = true;
        continue;
      }
      sawWord = true;
      if (lower === 'is') {
        // IS [NOT] DISTINCT FROM: the grammar misreads it; a comparison operator (same precedence) stands in.
        let k = skipSpace(j);
        const not = wordAt(k).toLowerCase() === 'not';
        if (not) k = skipSpace(k + 3);
        if (wordAt(k).toLowerCase() === 'distinct') {
          const f = skipSpace(k + 8);
          if (wordAt(f).toLowerCase() === 'from') {
            distinctFrom.push({ offset: text.length, negated: not });
            emit(not ? '=' : '<>', i);
            emit(' '.repeat(f + 4 - i - (not ? 1 : 2)), i);
            i = f + 4;
            continue;
          }
        }
      }
      if (sql[open] === '(' && lower === 'extract') {
        const partStart = skipSpace(open + 1);
        const part = wordAt(partStart);
        const fromStart = skipSpace(partStart + part.length);
        const from = wordAt(fromStart);
        if (part !== '' && from.toLowerCase() === 'from') {
          emit('date_part', i);
          emit('(', open);
          emit(`'${part}'`, partStart);
          emit(',', fromStart);
          emit(' '.repeat(4), fromStart);
          i = fromStart + 4;
          continue;
        }
      }
      if (sql[open] === '(' && DISTINCT_AGGREGATES.has(lower)) {
        const d = skipSpace(open + 1);
        if (wordAt(d).toLowerCase() === 'distinct') {
          distinctCalls.push(text.length);
          copy(i, d);
          emit(' '.repeat(8), d);
          i = d + 8;
          continue;
        }
      }
      copy(i, j);
      i = j;
    } else if (/[0-9]/.test(c)) {
      // A number; `1.` (no digits after the point) is not in the grammar: it becomes `1.0`.
      let j = i;
      while (j < n && /[0-9]/.test(sql[j])) j++;
      copy(i, j);
      if (sql[j] === '.' && !/[0-9A-Za-z_]/.test(sql[j + 1] ?? '')) {
        emit('.0', j);
        j++;
      }
      i = j;
      sawWord = true;
    } else {
      if (!/\s/.test(c)) sawWord = true;
      emit(c, i);
      i++;
    }
  }
  origin.push(n);
  const lineStarts = [0];
  for (let k = 0; k < n; k++) if (sql[k] === '\n') lineStarts.push(k + 1);
  const position = (offset: number): SqlPosition => {
    const o = origin[Math.max(0, Math.min(offset, origin.length - 1))];
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - lineStarts[lo] + 1, offset: o };
  };
  return { original: sql, text, explain, questionParams, dollarParams, intDivOffsets, distinctCalls, distinctFrom, position };
}
