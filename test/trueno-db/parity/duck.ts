/**
 * The DuckDB side of the parity tests: one in-memory instance (one thread, so results are deterministic), the parity
 * tables loaded through DuckDB's appender from the exact values in data.ts, and query results normalised to the
 * canonical form of compare.ts.
 *
 * The tables are loaded twice: in the default catalog in generation order, and in a second catalog (`rev`) in reverse
 * row order. The harness test runs every query on both and requires equal results: a query whose result depends on
 * the physical row order (an ORDER BY that is not total, LIMIT without one) cannot be a parity query.
 */
import {
  DuckDBConnection, DuckDBInstance, DuckDBTypeId, dateValue, decimalValue, timestampValue,
} from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { Canon, CanonRow } from './compare';
import { duckTypeName, parityTables } from './data';
import type { DataColumn, DataTable, DataValue } from './data';

/** A loaded DuckDB reference. */
export interface Duck {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

function appendValue(app: DuckDBAppender, c: DataColumn, v: DataValue): void {
  if (v === null) { app.appendNull(); return; }
  switch (c.kind.id) {
    case 'boolean': app.appendBoolean(v as boolean); break;
    case 'tinyint': app.appendTinyInt(v as number); break;
    case 'smallint': app.appendSmallInt(v as number); break;
    case 'integer': app.appendInteger(v as number); break;
    case 'bigint': app.appendBigInt(v as bigint); break;
    case 'float': app.appendFloat(v as number); break;
    case 'double': app.appendDouble(v as number); break;
    case 'decimal': app.appendDecimal(decimalValue(v as bigint, c.kind.precision, c.kind.scale)); break;
    case 'varchar': case 'dict': app.appendVarchar(v as string); break;
    case 'date': app.appendDate(dateValue(v as number)); break;
    case 'timestamp': app.appendTimestamp(timestampValue(v as bigint)); break;
  }
}

async function loadTable(conn: DuckDBConnection, t: DataTable, catalog: string, reverse: boolean): Promise<void> {
  const cols = t.columns.map((c) => `"${c.name}" ${duckTypeName(c.kind)}`).join(', ');
  await conn.run(`CREATE TABLE ${catalog}.main.${t.name} (${cols})`);
  const app = await conn.createAppender(t.name, 'main', catalog);
  for (let k = 0; k < t.length; k++) {
    const i = reverse ? t.length - 1 - k : k;
    for (const c of t.columns) appendValue(app, c, c.values[i]);
    app.endRow();
  }
  app.closeSync();
}

/** Starts DuckDB and loads the parity tables (in order, and reversed in catalog `rev`). */
export async function openDuck(): Promise<Duck> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  await conn.run("ATTACH ':memory:' AS rev");
  for (const t of parityTables()) {
    await loadTable(conn, t, 'memory', false);
    await loadTable(conn, t, 'rev', true);
  }
  await conn.run('USE memory');
  return {
    instance, conn,
    close() { conn.closeSync(); instance.closeSync(); },
  };
}

/** The canonical form of one DuckDB value of type `type` (see compare.ts); throws on a type the corpus never makes. */
export function canonFromDuck(v: DuckDBValue, type: DuckDBType): Canon {
  if (v === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return v as boolean;
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER:
      return BigInt(v as number);
    case DuckDBTypeId.BIGINT: case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UBIGINT: case DuckDBTypeId.UHUGEINT:
      return v as bigint;
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE: return v as number;
    // The decimal's exact text, parsed: the double nearest to the decimal value.
    case DuckDBTypeId.DECIMAL: return Number.parseFloat(String(v));
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: return v as string;
    case DuckDBTypeId.DATE: return { date: (v as { days: number }).days };
    case DuckDBTypeId.TIMESTAMP: return { ts: (v as { micros: bigint }).micros };
    case DuckDBTypeId.SQLNULL: return null;
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY: {
      const child = (type as unknown as { valueType: DuckDBType }).valueType;
      return (v as unknown as { items: DuckDBValue[] }).items.map((x) => canonFromDuck(x, child));
    }
    default: throw new Error(`parity: DuckDB type ${type.toString()} has no canonical form`);
  }
}

/** DuckDB's result of a query, canonical rows, and its column types (as DuckDB prints them). */
export interface DuckResult {
  rows: CanonRow[];
  types: string[];
  names: string[];
}

/** A JS parameter value as DuckDB binds it (the same JS values go to trueno-db). */
function duckParams(params: readonly unknown[] | undefined): DuckDBValue[] | undefined {
  return params?.map((p) => p as DuckDBValue);
}

/** Runs `sql` (with positional `params`) in `catalog` ('memory' or 'rev') and returns canonical rows. */
export async function runDuck(duck: Duck, sql: string, params?: readonly unknown[], catalog = 'memory'):
Promise<DuckResult> {
  if (catalog !== 'memory') await duck.conn.run(`USE ${catalog}`);
  try {
    const reader = await duck.conn.runAndReadAll(sql, duckParams(params));
    const types = reader.columnTypes();
    const rows = reader.getRows().map((row) => row.map((v, j) => canonFromDuck(v, types[j])));
    return { rows, types: types.map((t) => t.toString()), names: reader.columnNames() };
  } finally {
    if (catalog !== 'memory') await duck.conn.run('USE memory');
  }
}
