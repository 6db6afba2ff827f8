/**
 * Builders for executor tests: columns from JS arrays, plan and expression shorthands, results as JS rows, and a
 * DuckDB runner for parity checks.
 */
import type { AggregateCall, AggregateFn, Expr, LiteralValue, Plan, ScalarFn, SortKey } from '../../../lib/trueno-db/plan/ir';
import type { Column, ColumnBatch, SqlType } from '../../../lib/trueno-db/types';
import { execute, fromValues, valueAt } from '../../../lib/trueno-db/exec';

export const INT: SqlType = { id: 'integer' };
export const BIG: SqlType = { id: 'bigint' };
export const DBL: SqlType = { id: 'double' };
export const FLT: SqlType = { id: 'float' };
export const STR: SqlType = { id: 'varchar' };
export const BOOL: SqlType = { id: 'boolean' };
export const DATE: SqlType = { id: 'date' };
export const TS: SqlType = { id: 'timestamp' };
export const TINY: SqlType = { id: 'tinyint' };
export const SMALL: SqlType = { id: 'smallint' };
export const dec = (precision: number, scale: number): SqlType => ({ id: 'decimal', precision, scale });

/** A column from JS values (null = NULL). */
export const col = (t: SqlType, values: unknown[]): Column => fromValues(t, values);

/** A table: name -> typed columns. */
export interface Table {
  names: string[];
  types: SqlType[];
  columns: Column[];
}

/** A table from column specs. */
export function table(spec: Record<string, [SqlType, unknown[]]>): Table {
  const names = Object.keys(spec);
  return { names, types: names.map((k) => spec[k][0]), columns: names.map((k) => col(spec[k][0], spec[k][1])) };
}

/** A scan of all columns of a table registered as `table:<name>`. */
export function scan(name: string, t: Table, columns?: number[]): Plan {
  const cols = columns ?? t.names.map((_, i) => i);
  return { op: 'scan', source: { kind: 'table', name }, id: `table:${name}`, columns: cols,
    schema: { names: cols.map((i) => t.names[i]), types: cols.map((i) => t.types[i]) } };
}

/** Sources for execute from named tables. */
export function sources(tables: Record<string, Table>): Map<string, (Column | undefined)[]> {
  return new Map(Object.entries(tables).map(([k, t]) => [`table:${k}`, t.columns]));
}

export const ref = (index: number, type: SqlType): Expr => ({ kind: 'column', index, type });
export const lit = (value: LiteralValue, type: SqlType): Expr => ({ kind: 'literal', value, type });
export const call = (fn: ScalarFn, type: SqlType, ...args: Expr[]): Expr => ({ kind: 'call', fn, args, type });
export const castTo = (expr: Expr, type: SqlType, tryCast = false): Expr => ({ kind: 'cast', expr, type, try: tryCast });

/** The output schema of a plan (for building parents). */
export function schemaOf(p: Plan): { names: string[]; types: SqlType[] } {
  return p.schema;
}

/** SELECT exprs FROM input. */
export function project(input: Plan, exprs: Expr[], names?: string[]): Plan {
  return { op: 'project', input, exprs, schema: { names: names ?? exprs.map((_, i) => `c${i}`), types: exprs.map((e) => e.type) } };
}

export function filter(input: Plan, predicate: Expr): Plan {
  return { op: 'filter', input, predicate, schema: input.schema };
}

export function agg(fn: AggregateFn, type: SqlType, args: Expr[] = [], extra: Partial<AggregateCall> = {}): AggregateCall {
  return { fn, args, distinct: false, type, ...extra };
}

export function aggregate(input: Plan, groups: Expr[], aggregates: AggregateCall[]): Plan {
  const types = [...groups.map((g) => g.type), ...aggregates.map((a) => a.type)];
  return { op: 'aggregate', input, groups, aggregates, schema: { names: types.map((_, i) => `a${i}`), types } };
}

export function sort(input: Plan, keys: SortKey[]): Plan {
  return { op: 'sort', input, keys, schema: input.schema };
}

export const key = (expr: Expr, descending = false, nullsFirst = false): SortKey => ({ expr, descending, nullsFirst });

export function limit(input: Plan, n: number | null, offset = 0): Plan {
  return { op: 'limit', input, limit: n, offset, schema: input.schema };
}

/** The rows of a batch as JS values (bigint kept). */
export function rows(b: ColumnBatch): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < b.length; i++) out.push(b.columns.map((c) => valueAt(c, i)));
  return out;
}

/** Runs a plan over tables and returns rows. */
export function run(plan: Plan, tables: Record<string, Table> = {}): unknown[][] {
  return rows(execute(plan, sources(tables)));
}

/** Evaluates one expression over a table (a projection) and returns the column as JS values. */
export function evalOver(e: Expr, t: Table, name = 't'): unknown[] {
  return run(project(scan(name, t), [e]), { [name]: t }).map((r) => r[0]);
}

/** Evaluates a constant expression (SELECT e, no FROM). */
export function evalConst(e: Expr): unknown {
  const plan: Plan = { op: 'project', input: { op: 'values', rows: [[]], schema: { names: [], types: [] } }, exprs: [e],
    schema: { names: ['c'], types: [e.type] } };
  return run(plan)[0][0];
}

/** Runs SQL in DuckDB and returns rows as JS values (bigints as bigint, dates as days, timestamps as µs). */
export async function duck(sql: string): Promise<unknown[][]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(sql);
  const out = r.getRows().map((row: unknown[]) => row.map(fromDuck));
  c.closeSync?.();
  return out;
}

/** A DuckDB value as the executor's JS value. */
function fromDuck(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('days' in o) return o.days;
  if ('micros' in o) return Number(o.micros);
  if (typeof o.toDouble === 'function') return (o.toDouble as () => number)();
  return String(v);
}
