/**
 * One cell of a Column as a JS value and as display text. The JS value per type (what Result.rows() gives):
 * boolean -> boolean; tinyint, smallint, integer, float, double, decimal -> number; bigint -> bigint (exact);
 * varchar -> string; date -> Date at UTC midnight; timestamp -> Date (UTC; a Date holds milliseconds, so the
 * microseconds below are dropped: toTable() keeps them); list -> an array of its elements' values; NULL -> null.
 */
import type { Column } from '../types';

const DAY_MS = 86400000;

/**
 * The value of row `i`.
 * @param col - the column
 * @param i - the row
 * @returns the JS value (see the module comment)
 */
export function valueAt(col: Column, i: number): unknown {
  if (col.valid !== undefined && col.valid[i] === 0) return null;
  const v = col.values;
  switch (col.type.id) {
    case 'null': return null;
    case 'boolean': return v[i] !== 0;
    case 'varchar': return col.dict![v[i] as number];
    case 'date': return new Date((v[i] as number) * DAY_MS);
    case 'timestamp': return new Date(Math.floor((v[i] as number) / 1000));
    case 'list': {
      const child = col.child!;
      const [a, b] = col.offsets !== undefined ? [col.offsets[i], col.offsets[i + 1]] : [i * col.type.size!, (i + 1) * col.type.size!];
      const out = new Array<unknown>(b - a);
      for (let k = a; k < b; k++) out[k - a] = valueAt(child, k);
      return out;
    }
    default: return v[i];
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * A date (days since 1970-01-01) as YYYY-MM-DD.
 * @param days - the date
 * @returns the text
 */
export function formatDate(days: number): string {
  const d = new Date(days * DAY_MS);
  const y = d.getUTCFullYear();
  return `${y < 0 ? '-' + pad(-y, 4) : pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A timestamp (µs since the epoch, UTC) as DuckDB prints it: YYYY-MM-DD HH:MM:SS[.ffffff].
 * @param us - the timestamp
 * @returns the text
 */
export function formatTimestamp(us: number): string {
  const sec = Math.floor(us / 1e6);
  const frac = us - sec * 1e6;
  const d = new Date(sec * 1000);
  const base = `${formatDate(Math.floor(sec / 86400))} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return frac === 0 ? base : `${base}.${pad(Math.round(frac), 6).replace(/0+$/, '')}`;
}

/**
 * Row `i` as display text (NULL for nulls, dates and timestamps as DuckDB prints them).
 * @param col - the column
 * @param i - the row
 * @returns the text
 */
export function textAt(col: Column, i: number): string {
  if (col.valid !== undefined && col.valid[i] === 0) return 'NULL';
  const v = col.values;
  switch (col.type.id) {
    case 'null': return 'NULL';
    case 'boolean': return v[i] !== 0 ? 'true' : 'false';
    case 'varchar': return col.dict![v[i] as number];
    case 'date': return formatDate(v[i] as number);
    case 'timestamp': return formatTimestamp(v[i] as number);
    case 'list': {
      const child = col.child!;
      const [a, b] = col.offsets !== undefined ? [col.offsets[i], col.offsets[i + 1]] : [i * col.type.size!, (i + 1) * col.type.size!];
      const parts: string[] = [];
      for (let k = a; k < b; k++) parts.push(textAt(child, k));
      return `[${parts.join(', ')}]`;
    }
    default: return String(v[i]);
  }
}
