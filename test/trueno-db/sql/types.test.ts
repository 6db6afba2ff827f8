/**
 * Result types and output names against DuckDB itself: each expression is bound over table w (the fake catalog's
 * schema) and run through DuckDB over a table of the same schema, comparing typeof() and the column name.
 * Deliberate differences: sum() of integers is BIGINT here, HUGEINT in DuckDB (no 128-bit integers); a string
 * literal that does not convert to the type it must take (`coalesce(i, 'x')`, `CASE ... THEN 1 ELSE 'x' END`) is a
 * bind error here where DuckDB fails only if a row reaches it.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { bind } from '../../../lib/trueno-db/sql';
import { typeName } from '../../../lib/trueno-db/sql/typing';
import { fakeCatalog } from './catalog';

const EXPRESSIONS = [
  '1', '2147483648', '1.5', '1.50', '1e3', "'x'", 'TRUE', 'NULL + 1',
  'i + 1', 'i + bi', 'ti + 1', 'ti + 1000', 'ti * ti', 'i / 2', 'i // 2', '7 * 3 // 2', 'd // 2', 'i % 2',
  'f + 1', 'f + d', 'i + f', 'f + 1.5', 'i + 1.5', 'de + 1', 'de * de', 'de * 2', 'de / 2', 'de + 1.5', 'i + de',
  'bi + de', 'd + de', 'de % 2', 'ti - 1.5', '1.5 * 1.5', '-i', '-ti', '-1.5', '- 1e3',
  'i = 1', "i = '3'", "dt = '2024-01-02'", 'dt < ts', 'i IN (1, 2.5)', 'i BETWEEN 1 AND 2.5', "v LIKE 'x%'",
  'i IS NULL', 'NOT bo', 'i > 1 AND bo', 'i IS DISTINCT FROM 2', 'i IS NOT DISTINCT FROM NULL',
  'bo IS DISTINCT FROM bo AND bo', "dt IS DISTINCT FROM '2024-01-02'",
  'sum(i)', 'sum(d)', 'sum(f)', 'sum(de)', 'avg(i)', 'avg(de)', 'count(*)', 'count(i)', 'count(DISTINCT v)', 'min(v)',
  'max(ts)', 'min(dt)', 'stddev(i)', 'variance(i)', 'stddev_pop(de)', 'var_pop(f)', 'median(i)', 'median(d)',
  'median(de)', 'quantile_cont(i, 0.25)', 'quantile_disc(i, 0.5)', 'quantile_disc(d, 0.5)',
  'abs(ti)', 'abs(de)', 'round(d)', 'round(i)', 'round(de, 1)', 'round(d, 1)', 'round(1.55, 1)', 'floor(i)',
  'floor(de)', 'ceil(f)', 'sqrt(i)', 'ln(i)', 'exp(i)', 'power(i, 2)', 'length(v)', 'substr(v, 1)', 'substr(v, 1, 2)',
  'upper(v)', 'lower(v)', "concat(v, 1)", 'v || 1', 'coalesce(i, 1.5)', 'coalesce(i, bi)',
  'greatest(i, 2.5)', 'least(ti, 1)', "greatest(v, 'a')", "date_trunc('month', dt)", "date_trunc('day', ts)",
  'extract(year from dt)', 'extract(epoch from ts)', 'CASE WHEN bo THEN 1 ELSE 2.5 END',
  'CASE WHEN bo THEN ti ELSE i END', 'i::VARCHAR', "'2024-01-01'::DATE",
  'CAST(1.5 AS INTEGER)', 'CAST(d AS DECIMAL(10,2))', '1::TINYINT + 1', '-(1::TINYINT)', 'sum(bo)', 'CAST(1 AS SMALLINT) * 2',
  "'2'::VARCHAR = 2", '1::BIGINT + 1',
];

/** Names DuckDB gives that we do not reproduce (quoting of some function names, literal spelling). */
const NAME_EXCEPTIONS = new Set(['1e3', 'TRUE', '- 1e3', "'2024-01-01'::DATE", 'nullif(i, 1)', 'extract(year from dt)',
  'extract(epoch from ts)', 'CASE WHEN bo THEN 1 ELSE 2.5 END', "CASE WHEN bo THEN 1 ELSE 'x' END",
  'CASE WHEN bo THEN ti ELSE i END', 'i::VARCHAR', 'i IS NULL', 'CAST(d AS DECIMAL(10,2))', 'NOT bo', '1::TINYINT + 1',
  '-(1::TINYINT)', "'2'::VARCHAR = 2", '1::BIGINT + 1']);

let conn: DuckDBConnection;

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`CREATE TABLE w (i INTEGER, bi BIGINT, ti TINYINT, f FLOAT, d DOUBLE, v VARCHAR, dt DATE, ts TIMESTAMP,
    bo BOOLEAN, de DECIMAL(10,2), vec FLOAT[3])`);
  await conn.run("INSERT INTO w VALUES (1, 2, 4, 1.5, 2.5, 'x', DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05', true, 1.25, [1, 2, 3])");
});

describe('expression types and names match DuckDB', () => {
  test.each(EXPRESSIONS)('%s', async (e) => {
    const r = await conn.runAndReadAll(`SELECT typeof(${e}) AS t FROM w`);
    const named = await conn.runAndReadAll(`SELECT ${e} FROM w`);
    let duckType = String(r.getRows()[0][0]);
    if (duckType === 'HUGEINT' && /^sum\(/.test(e)) duckType = 'BIGINT';
    const stmt = bind(`SELECT ${e} FROM w`, fakeCatalog());
    if (stmt.kind !== 'select') throw new Error('not a select');
    expect(typeName(stmt.plan.schema.types[0]).replace(/^"NULL"$/, 'NULL')).toBe(duckType.replace(/^"NULL"$/, 'NULL'));
    if (!NAME_EXCEPTIONS.has(e)) expect(stmt.plan.schema.names[0]).toBe(named.columnNames()[0]);
  });
});
