/**
 * How `trueno-db` prints query results: an aligned table for people (numbers right-aligned, NULL shown as NULL, a
 * row count under it), CSV (RFC 4180: NULL is an empty field, an empty string is `""`) and JSON Lines (one object
 * per row) for programs. Cells are read straight from the result's columns; a value's text is the database's own
 * (DuckDB's: dates as 2024-01-31, timestamps to the microsecond), from lib/trueno-db/column/values.
 */
import { textAt } from '../../trueno-db/column/values';
import type { Column, ColumnBatch } from '../../trueno-db/types';
import { jsonInt64 } from '../../common/int64';

const NUMERIC = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'float', 'double', 'decimal']);

function isNull(col: Column, i: number): boolean {
  return col.type.id === 'null' || (col.valid !== undefined && col.valid[i] === 0);
}

/**
 * Row `i` of a column as text, or undefined for NULL (each output form writes NULL its own way).
 * @param col - a result column
 * @param i - the row
 * @returns the text
 */
export function cellText(col: Column, i: number): string | undefined {
  return isNull(col, i) ? undefined : textAt(col, i);
}

/**
 * Row `i` of a column as a JSON value: bigint as a number when exact, else as a decimal string; NaN and the
 * infinities as the strings "NaN", "Infinity", "-Infinity" (JSON has none of them, and null would read as SQL NULL);
 * dates and timestamps as their text; lists as arrays.
 * @param col - a result column
 * @param i - the row
 * @returns a JSON-safe value
 */
export function jsonAt(col: Column, i: number): unknown {
  if (isNull(col, i)) return null;
  const v = col.values[i];
  switch (col.type.id) {
    case 'boolean':
      return v !== 0;
    case 'varchar':
      return col.dict![v as number];
    case 'date':
    case 'timestamp':
      return textAt(col, i);
    case 'list': {
      const size = col.type.size ?? 0;
      const [a, b] = col.offsets !== undefined ? [col.offsets[i], col.offsets[i + 1]] : [i * size, (i + 1) * size];
      const out: unknown[] = [];
      for (let k = a; k < b; k++) out.push(jsonAt(col.child!, k));
      return out;
    }
    case 'bigint':
      return jsonInt64(v as bigint);
    default:
      return Number.isFinite(v as number) ? v : String(v);
  }
}

/** Control characters as escapes, so a value with a newline or tab keeps the table's rows and columns in line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** Columns a value occupies on a terminal: code points (a surrogate pair is one character). */
function displayWidth(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function padTo(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/**
 * Renders a result as an aligned text table: the header, a rule, the rows (numbers right-aligned, NULL as `NULL`,
 * control characters escaped), then `(N rows)`.
 * @param result - the result's columns
 * @returns the text, ending in a newline
 * @example renderResultTable({ names: ['n'], columns: [{ type: { id: 'integer' }, length: 2, values: Int32Array.of(1, 22) }], length: 2 });
 * //  n\n--\n 1\n22\n(2 rows)\n
 */
export function renderResultTable(result: ColumnBatch): string {
  const { names, columns, length } = result;
  const cells: string[][] = new Array(length);
  for (let i = 0; i < length; i++) cells[i] = columns.map((c) => oneLine(cellText(c, i) ?? 'NULL'));
  const header = names.map(oneLine);
  const widths = header.map((h, j) => cells.reduce((w, r) => Math.max(w, displayWidth(r[j])), displayWidth(h)));
  const right = columns.map((c) => NUMERIC.has(c.type.id));
  const line = (texts: string[]) => texts.map((t, j) => padTo(t, widths[j], right[j])).join('  ').trimEnd();
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  lines.push(`(${length} ${length === 1 ? 'row' : 'rows'})`);
  return lines.join('\n') + '\n';
}

/** A CSV field: quoted when it holds the delimiter, a quote, a line break, surrounding space, or is empty text. */
function csvField(text: string | undefined): string {
  if (text === undefined) return '';
  if (text === '' || /[",\r\n]/.test(text) || text.trim() !== text) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/**
 * The CSV lines of a result: a header, then one line per row. NULL is an empty field and an empty string `""`, so
 * the two read back apart.
 * @param result - the result's columns
 * @returns the lines, each ending in '\n'
 */
export function* csvLines(result: ColumnBatch): Generator<string> {
  yield result.names.map((n) => csvField(n)).join(',') + '\n';
  for (let i = 0; i < result.length; i++) yield result.columns.map((c) => csvField(cellText(c, i))).join(',') + '\n';
}

/**
 * The JSON Lines of a result: one object per row, keyed by column name (see {@link jsonAt} for the values). A name
 * that repeats (`SELECT a, a`) gets `_2`, `_3`... so no value is lost.
 * @param result - the result's columns
 * @returns the lines, each ending in '\n'
 */
export function* jsonLines(result: ColumnBatch): Generator<string> {
  const keys = uniqueNames(result.names);
  for (let i = 0; i < result.length; i++) {
    const obj: Record<string, unknown> = {};
    keys.forEach((k, j) => (obj[k] = jsonAt(result.columns[j], i)));
    yield JSON.stringify(obj) + '\n';
  }
}

/**
 * Column names made distinct: the second `a` becomes `a_2` (skipping any name already taken).
 * @param names - column names
 * @returns distinct names, in order
 */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set(names);
  const seen = new Set<string>();
  return names.map((n) => {
    if (!seen.has(n)) {
      seen.add(n);
      return n;
    }
    let i = 2;
    while (taken.has(`${n}_${i}`) || seen.has(`${n}_${i}`)) i++;
    const name = `${n}_${i}`;
    seen.add(name);
    return name;
  });
}
