/**
 * The parity harness, checked against DuckDB alone: the data loads with exactly the generated values, every DuckDB
 * type the corpus produces normalises to its canonical form, the comparison is as strict as documented, and every
 * corpus query is a valid parity query (it runs, or fails when marked so, and its result does not depend on the
 * physical row order).
 */
import { arrowTableOf } from './arrow';
import { canonEqual, compareRows, hasTopLevelOrderBy, numbersEqual } from './compare';
import type { Canon, CanonRow } from './compare';
import { CORPUS } from './corpus';
import { parityTables } from './data';
import type { DataColumn, DataValue } from './data';
import { openDuck, runDuck } from './duck';
import { removeParityFiles, withDir, writeParityFiles } from './files';
import type { Duck } from './duck';

/** The canonical value of a generated data value (what both engines must hand back for `SELECT *`). */
function canonOfData(c: DataColumn, v: DataValue): Canon {
  if (v === null) return null;
  switch (c.kind.id) {
    case 'tinyint': case 'smallint': case 'integer': return BigInt(v as number);
    case 'decimal': return Number(v as bigint) / 10 ** c.kind.scale;
    case 'date': return { date: v as number };
    case 'timestamp': return { ts: v as bigint };
    default: return v as Canon;
  }
}

let duck: Duck;
let dir: string;
beforeAll(async () => { duck = await openDuck(); dir = writeParityFiles(); });
afterAll(() => { duck.close(); removeParityFiles(dir); });

describe('parity data in DuckDB', () => {
  it.each(parityTables().map((t) => [t.name, t] as const))('table %s holds exactly the generated values', async (_n, t) => {
    const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
    // Every table has a first column whose values are unique except u (whose rows are unique as a whole).
    const res = await runDuck(duck, `SELECT ${cols} FROM ${t.name} ORDER BY ${cols}`);
    const expected: CanonRow[] = Array.from({ length: t.length }, (_, i) => t.columns.map((c) => canonOfData(c, c.values[i])));
    expect(compareRows(expected, res.rows, false)).toBeUndefined();
    expect(res.rows).toHaveLength(t.length);
  });

  it('has the awkward values the corpus relies on', async () => {
    const one = async (sql: string) => (await runDuck(duck, sql)).rows[0];
    expect(await one("SELECT count(*) FROM t WHERE f64 = 'NaN'::DOUBLE")).toEqual([3n]);
    expect(await one('SELECT count(*) FROM t WHERE f64 = 0 AND f64::VARCHAR = \'-0.0\'')).toEqual([10n]);
    expect(await one('SELECT count(*) FROM t WHERE i64 > 9007199254740992')).not.toEqual([0n]);
    expect(await one('SELECT count(*) FROM t WHERE i64 = 9007199254740992 OR i64 = 9007199254740993')).toEqual([2n]);
    expect(await one("SELECT count(*) FROM t WHERE s = '' ")).not.toEqual([0n]);
    const nulls = await one('SELECT count(*) - count(grp), count(*) - count(i8), count(*) - count(i16), count(*) - count(i32), count(*) - count(i64), count(*) - count(f32), count(*) - count(f64), count(*) - count(dec), count(*) - count(s), count(*) - count(cat), count(*) - count(b), count(*) - count(d), count(*) - count(ts) FROM t');
    for (const n of nulls) expect(n).not.toBe(0n);
    expect(await one("SELECT count(*) FROM t WHERE d < DATE '1970-01-01' AND ts < TIMESTAMP '1970-01-01'")).not.toEqual([0n]);
    expect(await one('SELECT count(*) FROM e')).toEqual([0n]);
    expect(await one('SELECT count(*) FROM u WHERE k IS NULL')).not.toEqual([0n]);
    expect(await one('SELECT count(*) FROM (SELECT k FROM u GROUP BY k HAVING count(*) > 1)')).not.toEqual([0n]);
  });
});

describe('parity data as Arrow tables (what trueno-db is given)', () => {
  it.each(parityTables().map((t) => [t.name, t] as const))('table %s holds exactly the generated values', (_n, t) => {
    const table = arrowTableOf(t);
    expect(table.numRows).toBe(t.length);
    expect(table.schema.fields.map((f) => f.name)).toEqual(t.columns.map((c) => c.name));
    for (const c of t.columns) {
      const vec = table.getChild(c.name)!;
      const raw = vec.data.length === 1 ? vec.data[0].values : undefined;
      const got = Array.from({ length: t.length }, (_, i): DataValue => {
        if (!vec.isValid(i)) return null;
        switch (c.kind.id) {
          case 'date': return (vec.get(i) as number) / 86_400_000;
          case 'timestamp': return (raw as BigInt64Array)[i];
          case 'decimal': return BigInt(String(vec.get(i)));
          default: return vec.get(i) as DataValue;
        }
      });
      got.forEach((v, i) => {
        const want = c.values[i];
        if (!Object.is(v, want)) throw new Error(`${t.name}.${c.name} row ${i}: Arrow holds ${String(v)}, generated ${String(want)}`);
      });
      if (c.kind.id === 'dict') expect(String(vec.type)).toMatch(/^Dictionary/);
    }
  });
});

describe('canonical values of every DuckDB type', () => {
  it.each([
    ['SELECT 1::TINYINT, 2::SMALLINT, 3::INTEGER, 4::BIGINT, 5::HUGEINT, 6::UTINYINT, 7::UBIGINT', [1n, 2n, 3n, 4n, 5n, 6n, 7n]],
    ['SELECT 9007199254740993::BIGINT, (-9223372036854775808)::BIGINT, sum(9223372036854775807::BIGINT) FROM range(2)',
      [9007199254740993n, -9223372036854775808n, 18446744073709551614n]],
    ["SELECT 1.5::FLOAT, 0.1::DOUBLE, 'NaN'::DOUBLE, '-0.0'::DOUBLE, 'inf'::DOUBLE", [1.5, 0.1, NaN, -0, Infinity]],
    ["SELECT 1.25::DECIMAL(10,2), -0.05::DECIMAL(4,2), 123456789012345678.12::DECIMAL(38,2)", [1.25, -0.05, 123456789012345678.12]],
    ["SELECT 'é', '', '😀', 'x'::ENUM('x', 'y')", ['é', '', '😀', 'x']],
    ['SELECT TRUE, FALSE, NULL, NULL::INTEGER', [true, false, null, null]],
    ["SELECT DATE '1970-01-02', DATE '1969-12-31', DATE '2024-02-29'", [{ date: 1 }, { date: -1 }, { date: 19782 }]],
    ["SELECT TIMESTAMP '1970-01-01 00:00:00.000001', TIMESTAMP '1969-12-31 23:59:59.5'", [{ ts: 1n }, { ts: -500000n }]],
    ['SELECT [1, 2, NULL], [0.5::DOUBLE]', [[1n, 2n, null], [0.5]]],
  ] as [string, Canon[]][])('%s', async (sql, expected) => {
    const res = await runDuck(duck, sql);
    expect(res.rows).toHaveLength(1);
    expect(compareRows([expected], res.rows, true)).toBeUndefined();
    // Exactness where it matters: the form, not just the tolerance.
    res.rows[0].forEach((v, i) => expect(typeof v).toBe(typeof expected[i]));
  });
});

describe('comparison', () => {
  it('treats NaN as NaN, -0 as 0 and floats within 1e-9 relative as equal', () => {
    expect(numbersEqual(NaN, NaN)).toBe(true);
    expect(numbersEqual(-0, 0)).toBe(true);
    expect(numbersEqual(1, 1 + 1e-12)).toBe(true);
    expect(numbersEqual(1e20, 1e20 * (1 + 5e-10))).toBe(true);
    expect(numbersEqual(1, 1 + 1e-8)).toBe(false);
    expect(numbersEqual(NaN, 0)).toBe(false);
    expect(numbersEqual(Infinity, Infinity)).toBe(true);
    expect(numbersEqual(Infinity, -Infinity)).toBe(false);
    expect(numbersEqual(Infinity, 1e308)).toBe(false);
  });

  it('keeps integers, numbers, dates and timestamps apart', () => {
    expect(canonEqual(1n, 1)).toBe(false);
    expect(canonEqual(9007199254740992n, 9007199254740993n)).toBe(false);
    expect(canonEqual({ date: 0 }, { ts: 0n })).toBe(false);
    expect(canonEqual({ ts: 5n }, { ts: 5n })).toBe(true);
    expect(canonEqual(null, 0)).toBe(false);
    expect(canonEqual('', null)).toBe(false);
    expect(canonEqual([1n, null], [1n, null])).toBe(true);
  });

  it('compares ordered results row by row and unordered ones as multisets', () => {
    const a: CanonRow[] = [[1n, 'x'], [2n, 'y'], [2n, 'y']];
    const b: CanonRow[] = [[2n, 'y'], [1n, 'x'], [2n, 'y']];
    expect(compareRows(a, b, false)).toBeUndefined();
    expect(compareRows(a, b, true)).toMatch(/row 0/);
    expect(compareRows(a, [[1n, 'x'], [2n, 'y']], false)).toMatch(/row count/);
    expect(compareRows(a, [[1n, 'x'], [2n, 'y'], [1n, 'x']], false)).toBeDefined();
    expect(compareRows([[1n, 0.1 + 0.2], [1n, 5]], [[1n, 5], [1n, 0.3]], false)).toBeUndefined();
  });

  it('finds a top-level ORDER BY only', () => {
    expect(hasTopLevelOrderBy('SELECT a FROM t ORDER BY a')).toBe(true);
    expect(hasTopLevelOrderBy('SELECT * FROM (SELECT a FROM t ORDER BY a LIMIT 3) q')).toBe(false);
    expect(hasTopLevelOrderBy("SELECT 'order by' FROM t")).toBe(false);
    expect(hasTopLevelOrderBy("SELECT 'it''s' FROM t order  by 1")).toBe(true);
  });
});

describe('the corpus on DuckDB', () => {
  it('has at least 150 queries, unique ids, and covers the constructs of the issue', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CORPUS.map((q) => q.id)).size).toBe(CORPUS.length);
    const all = CORPUS.map((q) => q.sql).join('\n').toLowerCase();
    for (const construct of [
      'distinct', ' in (select', ' not in (', ' between ', ' like ', ' ilike ', ' is null', ' is not null', 'case ',
      'group by 1', 'having', 'nulls first', 'nulls last', ' desc', ' limit ', ' offset ', ' join ', ' left join ',
      ' right join ', ' full join ', ' cross join ', ' union ', ' union all ', 'with ', 'cast(', '::', 'count(*)',
      'count(distinct', 'sum(', 'avg(', 'min(', 'max(', 'stddev(', 'stddev_samp(', 'stddev_pop(', 'variance(',
      'var_samp(', 'var_pop(', 'median(', 'quantile_cont(', 'quantile_disc(', 'quantile(', 'abs(', 'round(', 'floor(',
      'ceil(', 'sqrt(', 'ln(', 'exp(', 'power(', 'lower(', 'upper(', 'length(', 'substr(', 'trim(', 'concat(',
      'coalesce(', 'nullif(', 'greatest(', 'least(', 'date_trunc(', 'extract(', '$1', '?', ' and ', ' or ', 'not ',
    ]) expect(all).toContain(construct);
  });

  it.each(CORPUS.map((q) => [q.id, q] as const))('%s is a valid parity query', async (_id, q) => {
    let first;
    try {
      first = await runDuck(duck, withDir(q.sql, dir), q.params);
    } catch (err) {
      if (q.fails) return;
      throw err;
    }
    if (q.fails) throw new Error(`expected DuckDB to reject ${q.sql}, it returned ${first.rows.length} rows`);
    const again = await runDuck(duck, withDir(q.sql, dir), q.params, 'rev');
    const diff = compareRows(first.rows, again.rows, hasTopLevelOrderBy(q.sql));
    if (diff) throw new Error(`${q.sql}: the result depends on the input row order:\n${diff}`);
  });
});
