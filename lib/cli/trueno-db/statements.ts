/**
 * Where one SQL statement ends in the text the shell reads line by line: at a `;` outside quotes and comments. This
 * is only a lexical scan (strings, quoted identifiers, `--` and block comments), not a parser: the database parses
 * each statement it is handed. Also which statements return rows (run with `query`) and which change the database
 * (run with `exec`), by their first keyword.
 */

/** The statements complete so far, and the text after the last `;` (an unfinished statement, possibly blank). */
export interface SplitStatements {
  /** Complete statements, without their `;`, trimmed; statements that are only comments and blanks are left out. */
  statements: string[];
  /** What follows the last complete statement. */
  rest: string;
}

/**
 * Splits SQL text at the `;`s that end statements.
 * @param text - SQL text, possibly several statements and an unfinished one
 * @returns the complete statements and the rest
 * @example splitStatements("SELECT ';'; SELECT 2;\nSELECT"); // { statements: ["SELECT ';'", 'SELECT 2'], rest: '\nSELECT' }
 */
export function splitStatements(text: string): SplitStatements {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "'" || c === '"') {
      // a quote inside is doubled ('it''s'), which this loop reads as closing and reopening
      const close = text.indexOf(c, i + 1);
      if (close < 0) break;
      i = close + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const eol = text.indexOf('\n', i + 2);
      if (eol < 0) break;
      i = eol + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) break;
      i = close + 2;
    } else if (c === ';') {
      const statement = text.slice(start, i).trim();
      if (hasCode(statement)) statements.push(statement);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  return { statements, rest: text.slice(start) };
}

/** The text with comments removed, trimmed (quotes kept as they are). */
function stripComments(text: string): string {
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('--') || m.startsWith('/*') ? ' ' : m)).trim();
}

/**
 * Whether SQL text holds anything but blanks and comments.
 * @param text - SQL text
 * @returns true when there is a statement to run
 */
export function hasCode(text: string): boolean {
  return stripComments(text) !== '';
}

/** Statements that return rows: a query (possibly parenthesised), EXPLAIN, VALUES. */
const QUERY_KEYWORDS = new Set(['select', 'with', 'values', 'from', 'explain', 'table', 'describe', 'show']);

/** The first keyword of a statement (after comments and opening parentheses), lower case, or '' when none. */
function firstKeyword(statement: string): string {
  return /^[\s(]*([A-Za-z]+)/.exec(stripComments(statement))?.[1].toLowerCase() ?? '';
}

/**
 * Whether a statement returns rows (a query, printed as rows) or changes the database (DDL and DML, which report
 * what they changed).
 * @param statement - one statement
 * @returns 'query' or 'exec'
 * @example statementKind('(SELECT 1) UNION SELECT 2'); // 'query'
 */
export function statementKind(statement: string): 'query' | 'exec' {
  return QUERY_KEYWORDS.has(firstKeyword(statement)) ? 'query' : 'exec';
}

/**
 * Whether a statement is an EXPLAIN, whose one value (the plan, several lines) prints as text rather than as a row.
 * @param statement - one statement
 * @returns true for EXPLAIN
 */
export function isExplain(statement: string): boolean {
  return firstKeyword(statement) === 'explain';
}
