/**
 * Canonical values and result comparison for the parity tests.
 *
 * Both engines' rows are first normalised (duck.ts, ours.ts) to one canonical form per kind of SQL type, so the
 * comparison below does not depend on how either API hands values out:
 *
 * | SQL types                                   | canonical value                                  |
 * |---------------------------------------------|--------------------------------------------------|
 * | NULL of any type                            | `null`                                           |
 * | BOOLEAN                                     | `boolean`                                        |
 * | TINYINT..BIGINT, HUGEINT (and unsigned)      | `bigint` (exact)                                 |
 * | FLOAT, DOUBLE, DECIMAL                      | `number` (a DECIMAL's exact decimal text parsed) |
 * | VARCHAR (dictionary or not), ENUM           | `string`                                         |
 * | DATE                                        | `{ date: days since 1970-01-01 }`                |
 * | TIMESTAMP                                   | `{ ts: bigint microseconds since the epoch }`    |
 * | LIST / ARRAY                                | an array of canonical values                     |
 *
 * Equality: exact, except numbers: NaN equals NaN, -0 equals 0, otherwise |a - b| <= 1e-9 * max(|a|, |b|) (with an
 * absolute floor of 1e-12 for results that should be zero but carry rounding noise). An integer and a number never
 * compare equal (an exact integer result must stay an integer, e.g. sum(integer) and count), nor a date and a
 * timestamp (date_trunc of a DATE is a TIMESTAMP in DuckDB).
 *
 * Order: a query with an ORDER BY at its top level compares row by row (every such query in the corpus orders by a
 * key that is unique, or by all output columns); any other query compares as a multiset of rows.
 */

/** A date, as days since 1970-01-01. */
export interface CanonDate { date: number }
/** A timestamp, as microseconds since 1970-01-01 00:00:00 UTC. */
export interface CanonTimestamp { ts: bigint }
/** A canonical value (see the module comment). */
export type Canon = null | boolean | bigint | number | string | CanonDate | CanonTimestamp | Canon[];
/** A canonical row. */
export type CanonRow = Canon[];

const REL_TOL = 1e-9;
const ABS_TOL = 1e-12;

/** Whether two canonical numbers are equal within the parity tolerance (NaN equals NaN, -0 equals 0). */
export function numbersEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/** Whether two canonical values are equal (see the module comment). */
export function canonEqual(a: Canon, b: Canon): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' || typeof b === 'number') {
    return typeof a === 'number' && typeof b === 'number' && numbersEqual(a, b);
  }
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => canonEqual(x, b[i]));
  }
  if ('date' in a) return 'date' in b && a.date === b.date;
  return 'ts' in b && a.ts === b.ts;
}

/** A readable text of a canonical value, for failure messages. */
export function showCanon(v: Canon): string {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(showCanon).join(', ')}]`;
  if ('date' in v) return `date(${v.date}=${new Date(v.date * 86_400_000).toISOString().slice(0, 10)})`;
  return `ts(${v.ts})`;
}

/** A readable text of a row. */
export function showRow(row: CanonRow): string {
  return `(${row.map(showCanon).join(', ')})`;
}

/** The exact (non-float) part of a value as text; numbers become a placeholder, so near-equal rows share a key. */
function exactKey(v: Canon): string {
  if (typeof v === 'number') return '~';
  if (Array.isArray(v)) return `[${v.map(exactKey).join(',')}]`;
  return showCanon(v);
}

function numbersOf(v: Canon, out: number[]): void {
  if (typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) for (const x of v) numbersOf(x, out);
}

/** Total order on numbers for sorting: NaN last, -0 as 0. */
function cmpNumber(a: number, b: number): number {
  const an = Number.isNaN(a); const bn = Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rows in a canonical order for a multiset comparison: by the exact parts of the row, then by its numbers. Two rows
 * that differ only in numbers within the tolerance end up at the same place on both sides.
 */
function sortRows(rows: CanonRow[]): CanonRow[] {
  const keyed = rows.map((row) => {
    const nums: number[] = [];
    for (const v of row) numbersOf(v, nums);
    return { row, key: row.map(exactKey).join('\u0001'), nums };
  });
  keyed.sort((x, y) => {
    if (x.key !== y.key) return x.key < y.key ? -1 : 1;
    for (let i = 0; i < x.nums.length; i++) {
      const c = cmpNumber(x.nums[i], y.nums[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return keyed.map((k) => k.row);
}

/** The outcome of comparing two results: undefined when equal, else a description of the first differences. */
export function compareRows(expected: CanonRow[], actual: CanonRow[], ordered: boolean): string | undefined {
  const e = ordered ? expected : sortRows(expected);
  const a = ordered ? actual : sortRows(actual);
  const diffs: string[] = [];
  if (e.length !== a.length) diffs.push(`row count: DuckDB ${e.length}, trueno-db ${a.length}`);
  const n = Math.max(e.length, a.length);
  for (let i = 0; i < n && diffs.length < 6; i++) {
    const x = e[i]; const y = a[i];
    const same = x !== undefined && y !== undefined && x.length === y.length && x.every((v, j) => canonEqual(v, y[j]));
    if (!same) {
      diffs.push(`${ordered ? 'row' : 'sorted row'} ${i}: DuckDB ${x ? showRow(x) : '(none)'}, ` +
        `trueno-db ${y ? showRow(y) : '(none)'}`);
    }
  }
  return diffs.length === 0 ? undefined : diffs.join('\n');
}

/**
 * Whether the SQL text has an ORDER BY at its top level (outside parentheses and quotes), i.e. whether the result's
 * row order is defined. This is a scan for one keyword at nesting depth 0, not a parse.
 */
export function hasTopLevelOrderBy(sql: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  let text = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) text += ch;
  }
  return /\border\s+by\b/i.test(text);
}
