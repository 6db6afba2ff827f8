/** Plain-text rendering shared by the library's printing (datasets) and the command-line programs (their `--json` form prints the objects themselves). */
import { jsonInt64 } from './int64';

/** Int64 values as numbers when exact, else as decimal strings (JSON has no 64-bit integers). */
function bigintSafe(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? jsonInt64(v) : v;
}

/**
 * Renders rows as an aligned text table: a header, a rule, the rows.
 * @param header - the column titles
 * @param rows - the cells, as text
 * @returns the table, without a final newline
 * @example renderTable(['metric', 'value'], [['accuracy', '0.97']]);
 */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * A cell's text: nulls as 'null', objects as JSON, big integers and numbers as JS prints them.
 * @param value - any value
 * @returns its text
 */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value, bigintSafe);
  return String(value);
}

/**
 * JSON.stringify (indented) that writes bigint as a number when exact, else as a string.
 * @param value - any value
 * @returns the JSON text
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, bigintSafe, 2);
}
