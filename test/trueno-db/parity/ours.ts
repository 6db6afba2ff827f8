/**
 * The trueno-db side of the parity tests: an in-memory Database with the parity tables inserted as Arrow Tables
 * (arrow.ts), and query results normalised to the canonical form of compare.ts.
 *
 * Normalisation goes by the SQL type trueno-db states for each result column (result.schema), so a value handed out
 * in another form than DuckDB's still compares by what it means:
 * - integer types: bigint or an integral number -> bigint; float/double/decimal: number;
 * - date: days (number), a Date at UTC midnight or 'YYYY-MM-DD' -> { date };
 * - timestamp: µs as bigint or number, or a Date (ms, so µs must be 0) -> { ts };
 * - varchar: string; boolean: boolean (or 0/1); list: an array (or typed array) of its child type.
 * A value whose form does not fit its type throws, and the query fails with that message.
 */
import { Database } from '../../../lib/trueno-db';
import type { Result } from '../../../lib/trueno-db';
import type { SqlType } from '../../../lib/trueno-db/types';
import { arrowTableOf } from './arrow';
import type { Canon, CanonRow } from './compare';
import { parityTables } from './data';

/** Loads the parity tables into a new in-memory Database. */
export async function openOurs(): Promise<Database> {
  const db = new Database();
  for (const t of parityTables()) await db.insertBatch(t.name, arrowTableOf(t));
  return db;
}

const DAY_MS = 86_400_000;

function fail(v: unknown, type: SqlType): never {
  const shown = typeof v === 'bigint' ? `${v}n` : v instanceof Date ? `Date(${v.toISOString()})` : JSON.stringify(v);
  throw new Error(`parity: trueno-db returned ${shown} (${typeof v}) for a ${type.id} column`);
}

/** The canonical form of one trueno-db value of SQL type `type`. */
export function canonFromOurs(v: unknown, type: SqlType): Canon {
  if (v === null || v === undefined) return null;
  switch (type.id) {
    case 'null': return fail(v, type);
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 0 || v === 1) return v === 1;
      return fail(v, type);
    case 'tinyint': case 'smallint': case 'integer': case 'bigint':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      return fail(v, type);
    case 'float': case 'double': case 'decimal':
      if (typeof v === 'number') return v;
      return fail(v, type);
    case 'varchar':
      if (typeof v === 'string') return v;
      return fail(v, type);
    case 'date':
      if (typeof v === 'number' && Number.isInteger(v)) return { date: v };
      if (v instanceof Date && v.getTime() % DAY_MS === 0) return { date: v.getTime() / DAY_MS };
      if (typeof v === 'string' && /^-?\d{4,}-\d\d-\d\d$/.test(v)) return { date: Date.parse(`${v}T00:00:00Z`) / DAY_MS };
      return fail(v, type);
    case 'timestamp':
      if (typeof v === 'bigint') return { ts: v };
      if (typeof v === 'number' && Number.isInteger(v)) return { ts: BigInt(v) };
      if (v instanceof Date) return { ts: BigInt(v.getTime()) * 1000n };
      return fail(v, type);
    case 'list': {
      const items = Array.isArray(v) ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>) : fail(v, type);
      return items.map((x) => canonFromOurs(x, type.child));
    }
  }
}

/** trueno-db's result of a query: canonical rows and the number of columns (which an empty result still has). */
export interface OurResult {
  rows: CanonRow[];
  width: number;
}

/**
 * trueno-db's result of `sql` with `params` (positional or named), as canonical rows. Values come from `Result.rows()`, except
 * timestamps: rows() hands out a Date (milliseconds), so their microseconds are read from the result's column
 * (`Result.column(j)`, µs since the epoch) after checking that the Date of rows() is that instant truncated to the
 * millisecond.
 */
export function runOurs(db: Database, sql: string, params?: readonly unknown[] | Record<string, unknown>): OurResult {
  const result = db.querySync(sql, params as unknown[] | Record<string, unknown> | undefined);
  return { rows: canonRows(result), width: result.schema.names.length };
}

/** As {@link runOurs}, through `db.query` (the query worker, off the event loop). */
export async function runOursAsync(db: Database, sql: string, params?: readonly unknown[] | Record<string, unknown>): Promise<CanonRow[]> {
  return canonRows(await db.query(sql, params as unknown[] | Record<string, unknown> | undefined));
}

function canonRows(result: Result): CanonRow[] {
  const { types } = result.schema;
  return result.rows({ bigint: true }).map((row, i) => row.map((v, j) => {
    if (types[j].id !== 'timestamp' || v === null) return canonFromOurs(v, types[j]);
    const us = result.column(j).values[i] as number;
    if (!Number.isInteger(us)) throw new Error(`parity: trueno-db holds a timestamp of ${us} µs (not a whole number)`);
    if (!(v instanceof Date) || v.getTime() !== Math.floor(us / 1000)) {
      throw new Error(`parity: rows() gives ${String(v)} for the timestamp ${us} µs`);
    }
    return { ts: BigInt(us) };
  }));
}
