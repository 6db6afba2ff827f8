/**
 * Calendar arithmetic for dates (days since 1970-01-01) and timestamps (µs since 1970-01-01 UTC): extract parts,
 * date_trunc, formatting and parsing as DuckDB does (proleptic Gregorian, ISO weeks, Sunday = 0 for dow).
 */
import type { SqlType } from '../types';
import { ExecError } from '../errors';
import { allocValues, type Vec } from './column';
import { f64Of, makeVec, outRows } from './vec';

const US_PER_DAY = 86400e6;

/** Year, month (1-12), day (1-31) of a day number (Howard Hinnant's civil_from_days). */
export function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The day number of a civil date (days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days in a month. */
function monthDays(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Day of week, Sunday = 0. */
function dow(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** ISO week number (weeks start Monday; week 1 holds the year's first Thursday). */
function isoWeek(days: number): number {
  const isoDow = dow(days) === 0 ? 7 : dow(days);
  const thursday = days - isoDow + 4;
  const [y] = civil(thursday);
  return Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

/** The value of one part of a timestamp (µs), as DuckDB's extract. */
function partOf(part: string, us: number): number {
  const days = Math.floor(us / US_PER_DAY);
  const tod = us - days * US_PER_DAY;
  const [y, m, d] = civil(days);
  switch (part) {
    case 'year': return y;
    case 'isoyear': return civil(days - ((dow(days) + 6) % 7) + 3)[0];
    case 'decade': return Math.floor(y / 10);
    case 'century': return y > 0 ? Math.floor((y - 1) / 100) + 1 : -Math.floor(-y / 100) - 1;
    case 'millennium': return y > 0 ? Math.floor((y - 1) / 1000) + 1 : -Math.floor(-y / 1000) - 1;
    case 'quarter': return Math.floor((m - 1) / 3) + 1;
    case 'month': return m;
    case 'week': return isoWeek(days);
    case 'day': return d;
    case 'dow': return dow(days);
    case 'isodow': return dow(days) === 0 ? 7 : dow(days);
    case 'doy': return days - daysFromCivil(y, 1, 1) + 1;
    case 'hour': return Math.floor(tod / 3600e6);
    case 'minute': return Math.floor(tod / 60e6) % 60;
    case 'second': return Math.floor(tod / 1e6) % 60;
    case 'millisecond': return Math.floor(tod / 1e3) % 60000;
    case 'microsecond': return tod % 60e6;
    case 'epoch': return us / 1e6;
    default: throw new ExecError(`Unsupported date part '${part}' in extract`);
  }
}

/** Normalises a part name (DuckDB accepts plurals and a few synonyms). */
export function partName(p: string): string {
  const s = p.toLowerCase();
  const alias: Record<string, string> = {
    years: 'year', quarters: 'quarter', months: 'month', weeks: 'week', days: 'day', hours: 'hour',
    minutes: 'minute', seconds: 'second', milliseconds: 'millisecond', microseconds: 'microsecond',
    dayofweek: 'dow', weekday: 'dow', dayofyear: 'doy', y: 'year', mon: 'month', d: 'day', h: 'hour', m: 'minute',
    s: 'second', ms: 'millisecond', us: 'microsecond',
  };
  return alias[s] ?? s;
}

/** Timestamps (µs) of a date or timestamp Vec. */
function micros(v: Vec): Float64Array {
  if (v.type.id === 'date') {
    const d = v.values as Int32Array;
    return Float64Array.from(d, (x) => x * US_PER_DAY);
  }
  return f64Of(v);
}

/** extract(part FROM value) for a date or timestamp value; the result type is the call's (bigint or double). */
export function extract(part: string, v: Vec, type: SqlType, n: number): Vec {
  const p = partName(part);
  const m = outRows([v], n);
  const us = micros(v);
  const out = allocValues(type, m);
  const valid = v.valid;
  for (let i = 0; i < m; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    const r = partOf(p, us[i]);
    if (out instanceof BigInt64Array) out[i] = BigInt(Math.trunc(r));
    else (out as Exclude<typeof out, BigInt64Array>)[i] = r;
  }
  return makeVec(type, out, valid, [v]);
}

/** The start of the `part` containing timestamp `us`. */
function truncate(part: string, us: number): number {
  const days = Math.floor(us / US_PER_DAY);
  const [y, m] = civil(days);
  switch (part) {
    // DuckDB truncates to round years (2021 -> 2000-01-01), unlike extract's centuries (2000 is in the 20th).
    case 'millennium': return daysFromCivil(Math.floor(y / 1000) * 1000, 1, 1) * US_PER_DAY;
    case 'century': return daysFromCivil(Math.floor(y / 100) * 100, 1, 1) * US_PER_DAY;
    case 'decade': return daysFromCivil(Math.floor(y / 10) * 10, 1, 1) * US_PER_DAY;
    case 'year': return daysFromCivil(y, 1, 1) * US_PER_DAY;
    case 'quarter': return daysFromCivil(y, Math.floor((m - 1) / 3) * 3 + 1, 1) * US_PER_DAY;
    case 'month': return daysFromCivil(y, m, 1) * US_PER_DAY;
    case 'week': return (days - ((dow(days) + 6) % 7)) * US_PER_DAY;
    case 'day': return days * US_PER_DAY;
    case 'hour': return Math.floor(us / 3600e6) * 3600e6;
    case 'minute': return Math.floor(us / 60e6) * 60e6;
    case 'second': return Math.floor(us / 1e6) * 1e6;
    case 'millisecond': return Math.floor(us / 1e3) * 1e3;
    case 'microsecond': return us;
    default: throw new ExecError(`Unsupported date part '${part}' in date_trunc`);
  }
}

/** date_trunc(part, value) as a timestamp, or a date when the call's type is date. */
export function dateTrunc(part: string, v: Vec, type: SqlType, n: number): Vec {
  const p = partName(part);
  const m = outRows([v], n);
  const us = micros(v);
  const out = allocValues(type, m) as Float64Array | Int32Array;
  const valid = v.valid;
  const toDate = type.id === 'date';
  for (let i = 0; i < m; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    const t = truncate(p, us[i]);
    out[i] = toDate ? Math.floor(t / US_PER_DAY) : t;
  }
  return makeVec(type, out, valid, [v]);
}

/** Zero-padded integer. */
function pad(v: number, w: number): string {
  return String(v).padStart(w, '0');
}

/** 'YYYY-MM-DD' (years before 1 as 'YYYY-MM-DD (BC)', as DuckDB). */
export function formatDate(days: number): string {
  const [y, m, d] = civil(days);
  if (y <= 0) return `${pad(1 - y, 4)}-${pad(m, 2)}-${pad(d, 2)} (BC)`;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** 'YYYY-MM-DD HH:MM:SS[.ffffff]' with trailing zeros of the fraction removed, as DuckDB. */
export function formatTimestamp(us: number): string {
  const days = Math.floor(us / US_PER_DAY);
  const tod = us - days * US_PER_DAY;
  const h = Math.floor(tod / 3600e6);
  const mi = Math.floor(tod / 60e6) % 60;
  const s = Math.floor(tod / 1e6) % 60;
  const frac = Math.round(tod % 1e6);
  const date = formatDate(days);
  const bc = date.endsWith(' (BC)');
  let out = `${bc ? date.slice(0, -5) : date} ${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`;
  if (frac !== 0) out += '.' + pad(frac, 6).replace(/0+$/, '');
  return bc ? out + ' (BC)' : out;
}

const DATE_RE = /^\s*(-?\d{1,7})-(\d{1,2})-(\d{1,2})(?:\s*(?:[ T]\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?\s*(Z|[+-]00(?::?00)?)?)?\s*$/i;

/**
 * Parses 'YYYY-MM-DD[ HH:MM[:SS[.fff]]]' into [days, µs within the day], or null when the text is not a date or a
 * field is out of range.
 */
function parseDateTime(s: string): [number, number] | null {
  const m = DATE_RE.exec(s);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > monthDays(y, mo)) return null;
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 24 || mi > 59 || sec > 59 || (h === 24 && (mi > 0 || sec > 0))) return null;
  const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`.slice(0, 8)) * 1e6 + 1e-6);
  return [daysFromCivil(y, mo, d), ((h * 60 + mi) * 60 + sec) * 1e6 + frac];
}

/** Days of a date string, or null. */
export function parseDate(s: string): number | null {
  const r = parseDateTime(s);
  return r === null ? null : r[0];
}

/** µs of a timestamp string, or null. */
export function parseTimestamp(s: string): number | null {
  const r = parseDateTime(s);
  return r === null ? null : r[0] * US_PER_DAY + r[1];
}

export { US_PER_DAY };
