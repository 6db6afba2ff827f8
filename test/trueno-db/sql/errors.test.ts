/** Bad input to the front end: wrong argument types, empty or garbage SQL, unknown names, unsupported SQL. */
import { bind, sourcesOf } from '../../../lib/trueno-db/sql';
import { SqlBindError, SqlSyntaxError, UnsupportedSqlError } from '../../../lib/trueno-db/errors';
import { fakeCatalog } from './catalog';

function error(sql: string, params?: unknown[] | Record<string, unknown>): Error & { code?: string; position?: { line: number; column: number } } {
  try {
    bind(sql, fakeCatalog(), params);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected an error for ${sql}`);
}

describe('arguments', () => {
  test.each([undefined, null, 42, {}, ['SELECT 1']])('sql = %p is a TypeError', (sql) => {
    expect(() => bind(sql as unknown as string, fakeCatalog())).toThrow(TypeError);
    expect(() => bind(sql as unknown as string, fakeCatalog())).toThrow(/Expected a string for sql/);
    expect(() => sourcesOf(sql as unknown as string)).toThrow(TypeError);
  });

  test('a catalog without resolve is a TypeError', () => {
    expect(() => bind('SELECT 1', null as never)).toThrow(/Expected a Catalog/);
    expect(() => bind('SELECT 1', {} as never)).toThrow(TypeError);
  });

  test('params must be an array or an object', () => {
    expect(() => bind('SELECT 1', fakeCatalog(), 5 as never)).toThrow(/Expected an array or an object for params/);
    expect(() => bind('SELECT 1', fakeCatalog(), null as never)).toThrow(TypeError);
  });
});

describe('syntax errors (ERR_TRUENO_DB_SYNTAX) with line:column', () => {
  test.each(['', '   ', '-- only a comment', ';'])('empty sql %p', (sql) => {
    const e = error(sql);
    expect(e).toBeInstanceOf(SqlSyntaxError);
    expect(e.code).toBe('ERR_TRUENO_DB_SYNTAX');
    expect(e.message).toMatch(/Expected a SQL statement/);
  });

  test.each([
    ['SELEC a FROM t', 1, 7],
    ['SELECT a FROM t WHERE', 1, 22],
    ['SELECT a FROM t\nWHERE a >> 1 AND', 2, 10],
    ['garbage !!', 1, 9],
    ["SELECT 'unterminated FROM t", 1, 28],
    ['SELECT (a FROM t', 1, 11],
  ])('%p at %i:%i', (sql, line, column) => {
    const e = error(sql);
    expect(e).toBeInstanceOf(SqlSyntaxError);
    expect(e.position).toMatchObject({ line, column });
    expect(e.message).toContain(`(at ${line}:${column})`);
  });

  test('positions are in the user text even after ? parameters were rewritten', () => {
    expect(error('SELECT ?, ?, ? FROM t WHERE', [1, 2, 3]).position).toMatchObject({ line: 1, column: 28 });
  });

  test('several statements are refused', () => {
    const e = error('SELECT 1; SELECT 2');
    expect(e).toBeInstanceOf(UnsupportedSqlError);
    expect(e.message).toMatch(/several statements/);
  });
});

describe('bind errors (ERR_TRUENO_DB_BIND)', () => {
  test('unknown column: named, with close names suggested, and its position', () => {
    const e = error('SELECT id,\n  nme FROM u');
    expect(e).toBeInstanceOf(SqlBindError);
    expect(e.code).toBe('ERR_TRUENO_DB_BIND');
    expect(e.message).toMatch(/column "nme" not found; did you mean "name"/);
    expect(e.position).toMatchObject({ line: 2, column: 3 });
  });

  test('unknown column without close names', () => {
    expect(error('SELECT zzzzzz FROM u').message).toMatch(/^column "zzzzzz" not found \(at 1:8\)$/);
  });

  test('unknown table and unknown file', () => {
    expect(error('SELECT * FROM nope').message).toMatch(/table "nope" does not exist/);
    expect(error("SELECT * FROM 'missing.parquet'").message).toMatch(/parquet source 'missing.parquet' was not found/);
  });

  test('unknown qualifier', () => {
    expect(error('SELECT q.a FROM t').message).toMatch(/unknown table or alias "q" in "q.a" \(in scope: t\)/);
    expect(error('SELECT t.a FROM t x').message).toMatch(/unknown table or alias "t"/);
  });

  test('ambiguous column', () => {
    const e = error('SELECT id FROM t JOIN u ON t.id = u.id');
    expect(e.message).toMatch(/ambiguous column reference "id": it could be t.id or u.id/);
  });

  test('type mismatches', () => {
    expect(error("SELECT 'abc' + 1").message).toMatch(/cannot apply \+ to VARCHAR and INTEGER/);
    expect(error('SELECT s * 2 FROM t').message).toMatch(/cannot apply \* to VARCHAR and INTEGER/);
    expect(error("SELECT a FROM t WHERE d = 'not a date'").message).toMatch(/could not convert 'not a date' to DATE/);
    expect(error("SELECT a FROM t WHERE a = 'abc'").message).toMatch(/could not convert 'abc' to INTEGER/);
    expect(error('SELECT a FROM t WHERE d = TRUE').message).toMatch(/cannot mix DATE and BOOLEAN/);
    expect(error('SELECT a FROM t WHERE s LIKE 1').message).toMatch(/LIKE needs VARCHAR/);
    expect(error('SELECT sum(s) FROM t').message).toMatch(/sum\(\) needs a number but received VARCHAR/);
    expect(error('SELECT upper(a) FROM t').message).toMatch(/upper\(\) needs a VARCHAR but received INTEGER/);
    expect(error('SELECT a FROM t WHERE s').message).toMatch(/condition must be BOOLEAN/);
  });

  test('aggregates where they are not allowed', () => {
    expect(error('SELECT a FROM t WHERE sum(b) > 1').message).toMatch(/aggregate functions are not allowed in WHERE \(sum\)/);
    expect(error('SELECT sum(max(b)) FROM t').message).toMatch(/cannot be nested/);
    expect(error('SELECT sum(b) FROM t GROUP BY sum(b)').message).toMatch(/not allowed in GROUP BY/);
    expect(error('SELECT a, sum(b) FROM t GROUP BY 2').message).toMatch(/GROUP BY position 2 refers to an aggregate/);
  });

  test('ungrouped columns', () => {
    const e = error('SELECT a, b, count(*) FROM t GROUP BY a');
    expect(e.message).toMatch(/column "b" must appear in the GROUP BY clause/);
    expect(e.position).toMatchObject({ column: 11 });
    expect(error('SELECT *, count(*) FROM t').message).toMatch(/must appear in the GROUP BY/);
  });

  test('ordinals out of range, bad LIMIT, DISTINCT ORDER BY', () => {
    expect(error('SELECT a FROM t ORDER BY 2').message).toMatch(/ORDER BY position 2 is not in the select list \(1 to 1\)/);
    expect(error('SELECT a FROM t GROUP BY 3').message).toMatch(/GROUP BY position 3/);
    expect(error('SELECT a FROM t LIMIT -1').message).toMatch(/LIMIT must be a non-negative integer/);
    expect(error('SELECT a FROM t LIMIT 1.5').message).toMatch(/LIMIT must be a non-negative integer but received 1.5/);
    expect(error('SELECT DISTINCT a FROM t ORDER BY b').message).toMatch(/for SELECT DISTINCT, ORDER BY expressions must appear/);
  });

  test('functions: unknown, wrong arity, bad fractions and parts', () => {
    expect(error('SELECT foo(a) FROM t').message).toMatch(/unknown function foo\(\)/);
    expect(error('SELECT round(a, 1, 2) FROM t').message).toMatch(/round\(\) takes 1 to 2 arguments but received 3/);
    expect(error('SELECT quantile_cont(a, 2) FROM t').message).toMatch(/fraction of quantile_cont\(\) must be a number literal in \[0, 1\]/);
    expect(error("SELECT date_trunc('fortnight', d) FROM t").message).toMatch(/unknown date part "fortnight"/);
  });

  test('subqueries of the wrong width', () => {
    expect(error('SELECT a FROM t WHERE a = (SELECT a, b FROM t)').message).toMatch(/scalar subquery must return one column but returns 2/);
    expect(error('SELECT a FROM t WHERE a IN (SELECT a, b FROM t)').message).toMatch(/IN must return one column/);
  });

  test('UNION of different widths and unmixable types', () => {
    expect(error('SELECT a FROM t UNION SELECT a, b FROM t').message).toMatch(/same number of columns/);
    expect(error('SELECT d FROM t UNION SELECT TRUE').message).toMatch(/cannot mix DATE and BOOLEAN in column 1 of UNION/);
  });

  test('DDL/DML errors', () => {
    expect(error('INSERT INTO u VALUES (1, 2)').message).toMatch(/row 1 of VALUES has 2 values but 4 columns are filled/);
    expect(error('INSERT INTO u (zz) VALUES (1)').message).toMatch(/table "u" has no column "zz"/);
    expect(error("INSERT INTO u (id) VALUES ('x')").message).toMatch(/could not convert 'x' to INTEGER/);
    expect(error('INSERT INTO u SELECT 1').message).toMatch(/INSERT gives 1 columns but 4 are filled/);
    expect(error('INSERT INTO nope VALUES (1)').message).toMatch(/table "nope" does not exist/);
    expect(error('CREATE TABLE z (a JSON)').message).toMatch(/unknown or unsupported type JSON/);
    expect(error('CREATE TABLE z (a INT, A INT)').message).toMatch(/column "A" is defined twice/);
    expect(error('CREATE TABLE z AS SELECT 1 AS x, 2 AS x').message).toMatch(/"x" appears twice/);
    expect(error('DELETE FROM u WHERE zz = 1').message).toMatch(/column "zz" not found/);
  });
});

describe('parameters', () => {
  test('missing, extra, and of unsupported types', () => {
    expect(error('SELECT $1, $2', [1]).message).toMatch(/missing parameter \$2 \(1 given\)/);
    expect(error('SELECT ?', []).message).toMatch(/missing parameter \$1/);
    expect(error('SELECT 1 + ?').message).toMatch(/missing parameter \$1 \(none were given\)/);
    expect(error('SELECT $1', [1, 2]).message).toMatch(/1 parameter given but not used in the SQL: \$2/);
    expect(error('SELECT 1', [1]).message).toMatch(/not used/);
    expect(error('SELECT $1', [{}]).message).toMatch(/Expected a number, bigint, string, boolean, Date or null for parameter \$1 but received an object/);
    expect(error('SELECT $1', [[1]]).message).toMatch(/received an array/);
    expect(error('SELECT $1', [Symbol('x')]).message).toMatch(/received symbol/);
    expect(error('SELECT $1', [new Date(NaN)]).message).toMatch(/invalid Date/);
    expect(error('SELECT $x', { y: 1 }).message).toMatch(/missing parameter \$x \(given: y\)/);
    expect(error('SELECT ? + $1', [1]).message).toMatch(/do not mix \? and \$n/);
  });
});

describe('unsupported SQL (ERR_TRUENO_DB_UNSUPPORTED) names the construct', () => {
  test.each([
    ['SELECT row_number() OVER (PARTITION BY a) FROM t', /window functions \(OVER\) are not supported/],
    ['SELECT sum(a) OVER () FROM t', /window functions \(OVER\) are not supported/],
    ['SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id)', /correlated subqueries are not supported; column "t.id" refers to the enclosing query/],
    ['SELECT a FROM t WHERE a > (SELECT max(b) FROM u WHERE u.k = t.a)', /correlated subqueries are not supported; column "t.a"/],
    ['SELECT a FROM t INTERSECT SELECT b FROM u', /INTERSECT is not supported/],
    ['SELECT a FROM t EXCEPT SELECT b FROM u', /EXCEPT is not supported/],
    ['UPDATE t SET a = 1', /UPDATE statements are not supported/],
    ['SELECT count(*) FILTER (WHERE a > 1) FROM t', /FILTER clauses on aggregates are not supported/],
    ['SELECT * FROM t NATURAL JOIN u', /NATURAL JOIN is not supported/],
    ['SELECT current_date', /non-deterministic function current_date\(\) is not supported/],
    ['SELECT d + 1 FROM t', /arithmetic on dates and timestamps is not supported/],
    ["SELECT * FROM read_xlsx('a.xlsx')", /the table function read_xlsx\(\) is not supported/],
    ['EXPLAIN DELETE FROM t', /EXPLAIN DELETE is not supported/],
    ['CREATE VIEW z AS SELECT 1', /CREATE VIEW is not supported/],
    ['WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r', /recursive CTEs|not supported/],
    ['SELECT a FROM t WHERE a > ANY (SELECT b FROM u)', /ANY \(subquery\) comparisons are not supported/],
    ['SELECT vec[1] FROM w', /list subscripts \(x\[i\]\) are not supported/],
    ['SELECT a FROM t UNION ALL (SELECT b FROM u LIMIT 1)', /a parenthesised SELECT after UNION ALL is not supported/],
    ['SELECT DISTINCT ON (a) a, b FROM t', /DISTINCT ON is not supported/],
  ])('%s', (sql, message) => {
    const e = error(sql);
    expect(e).toBeInstanceOf(UnsupportedSqlError);
    expect(e.code).toBe('ERR_TRUENO_DB_UNSUPPORTED');
    expect(e.message).toMatch(message);
  });

  test('the correlated-subquery error points at the outer column', () => {
    const e = error('SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id)');
    expect(e.position).toMatchObject({ line: 1, column: 60 });
  });
});

describe('positions with leading whitespace and EXPLAIN (the parser trims leading blanks)', () => {
  test('syntax and bind errors point into the user text', () => {
    expect(error('\n\n  SELECT a FROM t WHERE').position).toMatchObject({ line: 3, column: 24 });
    expect(error('   SELECT nope FROM t').position).toMatchObject({ line: 1, column: 11 });
    expect(error('EXPLAIN SELECT a FROM t WHERE sum(b) > 1').position).toMatchObject({ line: 1, column: 31 });
  });

  test('EXPLAIN and leading blanks keep // and agg(DISTINCT x) working', () => {
    expect(bind('EXPLAIN SELECT 7 // 2, sum(DISTINCT a) FROM t', fakeCatalog()).kind).toBe('explain');
    expect(bind('\n   SELECT 7 // 2 AS q, avg(DISTINCT a) FROM t', fakeCatalog()).kind).toBe('select');
    expect(bind('  SELECT a FROM t WHERE a IS DISTINCT FROM b', fakeCatalog()).kind).toBe('select');
  });
});
