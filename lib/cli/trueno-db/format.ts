/**
 * How `trueno-db` prints query results: an aligned table for people (numbers right-aligned, NULL shown as NULL, a
 * row count under it), CSV (RFC 4180: NULL is an empty field, an empty string is `""`) and JSON Lines (one object
 * per row) for programs. Values are rendered by their SQL type, so a date is `2024-01-31` whether the result hands
 * it over as days since 1970 or as a Date, and a decimal keeps its scale.
 */
import type { SqlType } from '../../trueno-db/types';

/** A result's columns and rows, as the printers need them. */
export interface ResultRows {
  /** Column names. */
  names: string[];
  /** Column types (for alignment and value text). */
  types: SqlType[];
  /** The rows: one array of JS values per row, in column order. */
  rows: unknown[][];
}

const NUMERIC = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'float', 'double', 'decimal']);
const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** YYYY-MM-DD of a UTC instant (years outside 0..9999 as JavaScript's ISO form writes them). */
function isoDate(d: Date): string {
  const iso = d.toISOString();
  return iso.slice(0, iso.indexOf('T'));
}

/** A date value (days since 1970-01-01, or a Date) as YYYY-MM-DD. */
function dateText(value: number | Date): string {
  const d = value instanceof Date ? value : new Date(value * DAY_MS);
  return Number.isNaN(d.getTime()) ? String(value) : isoDate(d);
}

/** A timestamp (µs since 1970-01-01 UTC as a number or bigint, or a Date) as 'YYYY-MM-DD HH:MM:SS[.ffffff]'. */
function timestampText(value: number | bigint | Date): string {
  const micros = value instanceof Date ? value.getTime() * 1000 : Math.round(Number(value));
  const seconds = Math.floor(micros / 1e6);
  const d = new Date(seconds * 1000);
  if (!Number.isFinite(micros) || Number.isNaN(d.getTime())) return String(value);
  const frac = micros - seconds * 1e6;
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${isoDate(d)} ${clock}${frac === 0 ? '' : '.' + pad(frac, 6).replace(/0+$/, '')}`;
}

function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function listItems(value: ArrayLike<unknown>): unknown[] {
  return Array.from(value as ArrayLike<unknown>);
}

/**
 * A value's text in the table and CSV forms, by its SQL type. NULL is undefined here (each form writes it its own
 * way). Numbers print as JavaScript prints them; a decimal with its scale's digits.
 * @param value - one value of a result row
 * @param type - its column's type
 * @returns the text, or undefined for NULL
 */
export function valueText(value: unknown, type: SqlType | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (type?.id) {
    case 'date':
      if (typeof value === 'number' || value instanceof Date) return dateText(value);
      break;
    case 'timestamp':
      if (typeof value === 'number' || typeof value === 'bigint' || value instanceof Date) return timestampText(value);
      break;
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e21) return value.toFixed(type.scale);
      break;
    case 'list':
      if (isList(value)) return `[${listItems(value).map((v) => valueText(v, type.child) ?? 'NULL').join(', ')}]`;
      break;
    default:
      break;
  }
  if (value instanceof Date) return type?.id === 'date' ? dateText(value) : timestampText(value);
  if (isList(value)) return `[${listItems(value).map((v) => valueText(v, undefined) ?? 'NULL').join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

/**
 * A value as JSON sees it: bigint as a number when exact, else as a decimal string; NaN and the infinities as the
 * strings "NaN", "Infinity", "-Infinity" (JSON has none of them, and null would read as SQL NULL); dates and
 * timestamps as their text; lists as arrays.
 * @param value - one value of a result row
 * @param type - its column's type
 * @returns a JSON-safe value
 */
export function jsonValue(value: unknown, type: SqlType | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return type?.id === 'date' || type?.id === 'timestamp' ? valueText(value, type) : value;
  }
  if (value instanceof Date) return valueText(value, type);
  if (isList(value)) {
    const child = type?.id === 'list' ? type.child : undefined;
    return listItems(value).map((v) => jsonValue(v, child));
  }
  return value;
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
 * @param result - names, types and rows
 * @returns the text, ending in a newline
 * @example renderResultTable({ names: ['n'], types: [{ id: 'integer' }], rows: [[1], [22]] });
 * //  n\n--\n 1\n22\n(2 rows)\n
 */
export function renderResultTable(result: ResultRows): string {
  const { names, types, rows } = result;
  const cells = rows.map((row) => names.map((_, j) => oneLine(valueText(row[j], types[j]) ?? 'NULL')));
  const header = names.map(oneLine);
  const widths = header.map((h, j) => cells.reduce((w, r) => Math.max(w, displayWidth(r[j])), displayWidth(h)));
  const right = types.map((t) => NUMERIC.has(t.id));
  const line = (texts: string[]) => texts.map((t, j) => padTo(t, widths[j], right[j])).join('  ').trimEnd();
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  lines.push(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`);
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
 * @param result - names, types and rows
 * @returns the lines, each ending in '\n'
 */
export function* csvLines(result: ResultRows): Generator<string> {
  yield result.names.map((n) => csvField(n)).join(',') + '\n';
  for (const row of result.rows) yield result.names.map((_, j) => csvField(valueText(row[j], result.types[j]))).join(',') + '\n';
}

/**
 * The JSON Lines of a result: one object per row, keyed by column name (see {@link jsonValue} for the values). A
 * name that repeats (`SELECT a, a`) gets `_2`, `_3`... so no value is lost.
 * @param result - names, types and rows
 * @returns the lines, each ending in '\n'
 */
export function* jsonLines(result: ResultRows): Generator<string> {
  const keys = uniqueNames(result.names);
  for (const row of result.rows) {
    const obj: Record<string, unknown> = {};
    keys.forEach((k, j) => (obj[k] = jsonValue(row[j], result.types[j])));
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
