/**
 * Splits a SQL script into statements at the semicolons that end them: not those inside string literals ('...'),
 * quoted identifiers ("..."), dollar-quoted text ($tag$...$tag$) or comments (-- and /* *\/). Each statement keeps its
 * text as written; empty ones (only spaces or comments) are dropped. The front end then parses each on its own.
 */

/**
 * The statements of a script.
 * @param sql - one or more statements separated by ';'
 * @returns their texts, in order, with where each starts in `sql`
 */
export function splitStatements(sql: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  const push = (end: number) => {
    const text = sql.slice(start, end);
    if (/\S/.test(text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ''))) out.push({ text, offset: start });
  };
  while (i < n) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2; // a doubled quote inside the literal
          else break;
        } else i++;
      }
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
      } else i++;
    } else if (c === ';') {
      push(i);
      start = i + 1;
      i++;
    } else i++;
  }
  push(n);
  return out;
}
