/** sourcesOf (parse only), parameters as typed literals, and the EXPLAIN text. */
import { bind, explain, sourcesOf } from '../../../lib/trueno-db/sql';
import { fakeCatalog } from './catalog';

describe('sourcesOf', () => {
  test('tables and files, each once, CTE names excluded', () => {
    expect(sourcesOf("WITH s AS (SELECT * FROM t) SELECT * FROM s JOIN 'data/x.parquet' p ON s.a = p.a JOIN t ON t.a = s.a")).toEqual([
      { kind: 'table', name: 't' },
      { kind: 'file', format: 'parquet', path: 'data/x.parquet' },
    ]);
  });

  test('table functions, subqueries in FROM and in expressions', () => {
    expect(sourcesOf("SELECT * FROM read_csv('a.csv') WHERE x IN (SELECT y FROM u) AND EXISTS (SELECT 1 FROM (SELECT * FROM read_delta('d')) q)")).toEqual([
      { kind: 'file', format: 'csv', path: 'a.csv' },
      { kind: 'table', name: 'u' },
      { kind: 'file', format: 'delta', path: 'd' },
    ]);
  });

  test('file formats by extension', () => {
    expect(sourcesOf("SELECT * FROM 'a.json', 'b.arrow', 'c.csv.gz', 'd.tsv'")).toEqual([
      { kind: 'file', format: 'json', path: 'a.json' },
      { kind: 'file', format: 'arrow', path: 'b.arrow' },
      { kind: 'file', format: 'csv', path: 'c.csv.gz' },
      { kind: 'file', format: 'csv', path: 'd.tsv' },
    ]);
  });

  test('DML targets and sources; DDL names no source to load', () => {
    expect(sourcesOf('INSERT INTO t SELECT * FROM u')).toEqual([{ kind: 'table', name: 't' }, { kind: 'table', name: 'u' }]);
    expect(sourcesOf('DELETE FROM t WHERE a IN (SELECT a FROM v)')).toEqual([{ kind: 'table', name: 't' }, { kind: 'table', name: 'v' }]);
    expect(sourcesOf('CREATE TABLE z AS SELECT * FROM u')).toEqual([{ kind: 'table', name: 'u' }]);
    expect(sourcesOf('DROP TABLE t')).toEqual([]);
    expect(sourcesOf('CREATE TABLE z (a INT)')).toEqual([]);
  });

  test('a syntax error is thrown, not an empty list', () => {
    expect(() => sourcesOf('SELECT FROM WHERE')).toThrow(/syntax error/);
  });

  test('bind asks the catalog for exactly the sources it reads', () => {
    const catalog = fakeCatalog();
    bind("SELECT * FROM t JOIN 'data/x.parquet' x ON t.a = x.a", catalog);
    expect(catalog.resolved).toEqual(sourcesOf("SELECT * FROM t JOIN 'data/x.parquet' x ON t.a = x.a"));
  });
});

describe('parameters become typed literals', () => {
  const lit = (params: unknown[] | Record<string, unknown>, sql = 'SELECT $1'): unknown => {
    const s = bind(sql, fakeCatalog(), params);
    return s.kind === 'select' && s.plan.op === 'project' ? s.plan.exprs[0] : undefined;
  };
  test.each([
    [[7], { value: 7, type: { id: 'integer' } }],
    [[2 ** 31], { value: 2 ** 31, type: { id: 'double' } }],
    [[1.5], { value: 1.5, type: { id: 'double' } }],
    [[NaN], { value: NaN, type: { id: 'double' } }],
    [[5n], { value: 5n, type: { id: 'bigint' } }],
    [['x'], { value: 'x', type: { id: 'varchar' } }],
    [[true], { value: true, type: { id: 'boolean' } }],
    [[null], { value: null, type: { id: 'null' } }],
    [[new Date(Date.UTC(2024, 0, 2, 3, 4, 5))], { value: Date.UTC(2024, 0, 2, 3, 4, 5) * 1000, type: { id: 'timestamp' } }],
  ])('%p', (params, expected) => {
    expect(lit(params as unknown[])).toEqual({ kind: 'literal', ...expected });
  });

  test('? parameters are positional, $name parameters come from an object', () => {
    expect(lit([3, 'y'], 'SELECT ?, ?')).toEqual({ kind: 'literal', value: 3, type: { id: 'integer' } });
    expect(lit({ lim: 9 }, 'SELECT $lim')).toEqual({ kind: 'literal', value: 9, type: { id: 'integer' } });
  });

  test('a string parameter compared with a date column converts like a string literal', () => {
    const s = bind('SELECT a FROM t WHERE d = $1', fakeCatalog(), ['2024-01-02']);
    expect(JSON.stringify(s)).toContain('"value":19724');
  });

  test('? inside strings, quoted names and comments is not a parameter', () => {
    const s = bind("SELECT '?' AS \"q?\", ? -- ?\n", fakeCatalog(), [1]);
    expect(s.kind === 'select' && s.plan.schema.names).toEqual(['q?', '$1']);
  });
});

describe('EXPLAIN text', () => {
  const text = (sql: string): string => {
    const s = bind(sql, fakeCatalog());
    if (!('plan' in s)) throw new Error('no plan');
    return explain(s.plan);
  };

  test('an indented operator tree with readable expressions', () => {
    expect(text("EXPLAIN SELECT a, count(*) AS n FROM t WHERE s LIKE 'x%' GROUP BY a HAVING count(*) > 1 ORDER BY n DESC LIMIT 3")).toBe([
      'LIMIT 3 (top-k)',
      '  SORT n#1 DESC NULLS LAST',
      '    PROJECT a#0 AS a, count_star()#1 AS n',
      '      FILTER (count_star()#1 > 1)',
      '        AGGREGATE BY a#0: count_star()',
      "          FILTER (s#1 LIKE 'x%')",
      '            SCAN t [a, s]',
    ].join('\n'));
  });

  test('joins show their keys and residual condition, scans their columns', () => {
    expect(text('SELECT t.a, u.name FROM t LEFT JOIN u ON t.id = u.id AND t.a < u.b')).toBe([
      'PROJECT a#0 AS a, name#4 AS name',
      '  LEFT JOIN ON id#1 = id#0 WHERE (a#0 < b#3)',
      '    SCAN t [a, id]',
      '    SCAN u [id, b, name]',
    ].join('\n'));
  });

  test('casts, CASE, IN lists, subqueries, files and unions print', () => {
    const out = text("SELECT CAST(a AS DOUBLE), CASE WHEN a IN (1, 2) THEN 'x' END FROM 'data/x.parquet' WHERE a > (SELECT max(b) FROM u) UNION ALL SELECT 1.5, NULL");
    expect(out).toContain('UNION ALL');
    expect(out).toContain('CAST(a#0 AS DOUBLE)');
    expect(out).toContain("CASE WHEN (a#0 IN (1, 2)) THEN 'x' END");
    expect(out).toContain("SCAN parquet 'data/x.parquet' [a]");
    expect(out).toContain('(a#0 > SUBQUERY 1)');
    expect(out).toContain('  SUBQUERY 1 (scalar):');
    expect(out).toContain('VALUES 1 row');
  });

  test('subquery plans print below the node that uses them, numbered', () => {
    expect(text('SELECT a FROM t WHERE a IN (SELECT b FROM u) AND NOT EXISTS (SELECT 1 FROM v WHERE c > (SELECT avg(c) FROM v))')).toBe([
      'PROJECT a#0 AS a',
      '  FILTER (a#0 IN SUBQUERY 1 AND NOT EXISTS SUBQUERY 2)',
      '    SCAN t [a]',
      '    SUBQUERY 1 (in):',
      '      PROJECT b#0 AS b',
      '        SCAN u [b]',
      '    SUBQUERY 2 (exists):',
      '      PROJECT 1 AS 1',
      '        FILTER (c#0 > SUBQUERY 3)',
      '          SCAN v [c]',
      '          SUBQUERY 3 (scalar):',
      '            PROJECT avg(c)#0 AS avg(c)',
      '              AGGREGATE: avg(c#0)',
      '                SCAN v [c]',
    ].join('\n'));
  });

  test('date and timestamp literals print as SQL literals', () => {
    expect(text("SELECT ts FROM w WHERE dt = DATE '2024-01-02' AND ts < TIMESTAMP '2024-01-02 03:04:05.5'"))
      .toContain("((dt#0 = DATE '2024-01-02') AND (ts#1 < TIMESTAMP '2024-01-02 03:04:05.500'))");
  });
});
