/**
 * The lexical preparation of SQL text before the parser sees it. node-sql-parser (PostgreSQL grammar) has no `?`
 * parameters, no `//` operator and no EXPLAIN, which DuckDB SQL has; this pass finds those three tokens outside
 * strings, quoted identifiers and comments and rewrites them to what the grammar knows (`$n`, `/` plus a marker,
 * blanks), keeping a map from offsets in the rewritten text back to the user's text for error positions. It only
 * classifies characters (strings, comments, words); all parsing is node-sql-parser's.
 */
import type { SqlPosition } from '../errors';

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
  /** Offsets in `text` of each `/` that was a `//` (integer division) in the user's text. */
  intDivOffsets: number[];
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
  let questionParams = 0;
  let explain = false;
  let sawWord = false;
  const emit = (s: string, at: number): void => {
    for (let k = 0; k < s.length; k++) origin.push(at);
    text += s;
  };
  let i = 0;
  const n = sql.length;
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
      for (let k = i; k < end; k++) emit(sql[k], k);
      i = end;
      sawWord = true;
    } else if (c === '-' && next === '-') {
      let j = i;
      while (j < n && sql[j] !== '\n') j++;
      for (let k = i; k < j; k++) emit(sql[k], k);
      i = j;
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      for (let k = i; k < end; k++) emit(sql[k], k);
      i = end;
    } else if (c === '/' && next === '/') {
      intDivOffsets.push(text.length);
      emit('/', i);
      emit(' ', i + 1);
      i += 2;
      sawWord = true;
    } else if (c === '?') {
      questionParams++;
      emit(`$${questionParams}`, i);
      i++;
      sawWord = true;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      const word = sql.slice(i, j);
      if (!sawWord && word.toLowerCase() === 'explain') {
        explain = true;
        emit(' '.repeat(word.length), i);
      } else {
        for (let k = i; k < j; k++) emit(sql[k], k);
      }
      sawWord = true;
      i = j;
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
  return { original: sql, text, explain, questionParams, intDivOffsets, position };
}
