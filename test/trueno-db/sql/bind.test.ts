/** The binder: plan shapes, name resolution, aggregates, ORDER BY, joins, set operations, CTEs, DDL/DML. */
import type { Expr, JoinNode, Plan, Statement } from '../../../lib/trueno-db/plan/ir';
import { bind } from '../../../lib/trueno-db/sql';
import { fakeCatalog } from './catalog';

function plan(sql: string, params?: unknown[]): Plan {
  const s = bind(sql, fakeCatalog(), params);
  if (s.kind !== 'select' && s.kind !== 'explain') throw new Error(`not a query: ${s.kind}`);
  return s.plan;
}

/** The operators from the root down the first-input chain, e.g. 'project<filter<scan'. */
function shape(p: Plan): string {
  const ops: string[] = [];
  for (let n: Plan | undefined = p; n; n = 'input' in n ? n.input : n.op === 'join' ? n.left : n.op === 'union' ? n.inputs[0] : undefined) ops.push(n.op);
  return ops.join('<');
}

function find<K extends Plan['op']>(p: Plan, op: K): Extract<Plan, { op: K }> {
  const stack: Plan[] = [p];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.op === op) return n as Extract<Plan, { op: K }>;
    if ('input' in n) stack.push(n.input);
    if (n.op === 'join') stack.push(n.right, n.left);
    if (n.op === 'union') stack.push(...n.inputs);
  }
  throw new Error(`no ${op} node`);
}

const col = (index: number, id: string): Expr => ({ kind: 'column', index, type: { id } as Expr['type'] });

describe('SELECT basics', () => {
  test('projects named columns over a scan that reads only them', () => {
    const p = plan('SELECT b, a FROM t');
    expect(shape(p)).toBe('project<scan');
    const scan = find(p, 'scan');
    expect(scan.columns).toEqual([0, 1]);
    expect(scan.id).toBe('table:t');
    expect(p.op === 'project' && p.exprs).toEqual([col(1, 'integer'), col(0, 'integer')]);
    expect(p.schema.names).toEqual(['b', 'a']);
  });

  test('SELECT * keeps the table order and names; t.* only that relation', () => {
    expect(plan('SELECT * FROM t').schema.names).toEqual(['a', 'b', 'c', 'd', 's', 'id', 'k']);
    expect(plan('SELECT u.*, t.a FROM t JOIN u ON t.id = u.id').schema.names).toEqual(['id', 'b', 'k', 'name', 'a']);
  });

  test('names are case-insensitive and keep the spelling of the alias', () => {
    const p = plan('SELECT A AS Big, T.B FROM t');
    expect(p.schema.names).toEqual(['Big', 'B']);
  });

  test('SELECT without FROM is a one-row VALUES', () => {
    const p = plan('SELECT 1 + 2 AS x');
    expect(shape(p)).toBe('project<values');
    expect(find(p, 'values').rows).toEqual([[]]);
  });

  test('WHERE becomes a Filter under the projection; its columns are read but not output', () => {
    const p = plan('SELECT a FROM t WHERE c > 1.5');
    expect(shape(p)).toBe('project<filter<scan');
    expect(find(p, 'scan').columns).toEqual([0, 2]);
    const f = find(p, 'filter');
    expect(f.predicate).toEqual({ kind: 'call', fn: '>', type: { id: 'boolean' }, args: [col(1, 'double'), { kind: 'literal', value: 1.5, type: { id: 'double' } }] });
  });

  test('count(*) alone still reads one column (the row count)', () => {
    expect(find(plan('SELECT count(*) FROM t'), 'scan').columns).toEqual([0]);
  });

  test('DISTINCT adds a Distinct node over the projection', () => {
    expect(shape(plan('SELECT DISTINCT a FROM t'))).toBe('distinct<project<scan');
  });

  test('select aliases are usable in WHERE when no column has the name (DuckDB)', () => {
    const p = plan('SELECT a + 1 AS x FROM t WHERE x > 2');
    expect(find(p, 'filter').predicate).toMatchObject({ fn: '>', args: [{ kind: 'call', fn: '+' }, { value: 2 }] });
  });

  test('a column of the FROM clause wins over an alias in WHERE', () => {
    const p = plan('SELECT a AS b FROM t WHERE b > 15');
    expect(find(p, 'filter').predicate).toMatchObject({ fn: '>' });
    expect((find(p, 'filter').predicate as { args: Expr[] }).args[0]).toEqual(col(1, 'integer'));
  });

  test('string literals compared with dates become date literals', () => {
    const p = plan("SELECT a FROM t WHERE d >= '2024-01-02'");
    expect(find(p, 'filter').predicate).toMatchObject({ args: [{ kind: 'column' }, { kind: 'literal', value: 19724, type: { id: 'date' } }] });
  });

  test('BETWEEN, NOT IN and IS NOT NULL desugar to calls', () => {
    const p = plan('SELECT a FROM t WHERE a BETWEEN 1 AND 3 AND b NOT IN (1, 2) AND s IS NOT NULL');
    const pred = find(p, 'filter').predicate;
    expect(JSON.stringify(pred)).toContain('"fn":">="');
    expect(JSON.stringify(pred)).toContain('"fn":"in_list"');
    expect(JSON.stringify(pred)).toContain('"fn":"is_not_null"');
  });

  test('LIMIT / OFFSET', () => {
    const p = plan('SELECT a FROM t LIMIT 5 OFFSET 2');
    expect(p).toMatchObject({ op: 'limit', limit: 5, offset: 2 });
    expect(plan('SELECT a FROM t OFFSET 3')).toMatchObject({ op: 'limit', limit: null, offset: 3 });
    expect(plan('SELECT a FROM t LIMIT $1', [4])).toMatchObject({ op: 'limit', limit: 4 });
  });
});

describe('aggregates', () => {
  test('GROUP BY column: aggregate node with groups then aggregates, projected', () => {
    const p = plan('SELECT a, count(*), sum(b) FROM t GROUP BY a');
    expect(shape(p)).toBe('project<aggregate<scan');
    const agg = find(p, 'aggregate');
    expect(agg.groups).toEqual([col(0, 'integer')]);
    expect(agg.aggregates.map((a) => [a.fn, a.type.id])).toEqual([['count_star', 'bigint'], ['sum', 'bigint']]);
    expect(p.schema.names).toEqual(['a', 'count_star()', 'sum(b)']);
    expect(p.op === 'project' && p.exprs).toEqual([col(0, 'integer'), col(1, 'bigint'), col(2, 'bigint')]);
  });

  test('GROUP BY an expression matches the same expression in the select list', () => {
    const p = plan('SELECT a % 10, sum(b) FROM t GROUP BY a % 10');
    expect(p.op === 'project' && p.exprs[0]).toEqual(col(0, 'integer'));
  });

  test('GROUP BY alias and ordinal', () => {
    const byAlias = plan('SELECT b % 10 AS m, sum(a) FROM t GROUP BY m');
    const byOrdinal = plan('SELECT b % 10 AS m, sum(a) FROM t GROUP BY 1');
    expect(find(byAlias, 'aggregate').groups).toEqual(find(byOrdinal, 'aggregate').groups);
    expect(find(byAlias, 'aggregate').groups[0]).toMatchObject({ fn: '%' });
  });

  test('an expression over grouped columns and aggregates binds over the aggregate output', () => {
    const p = plan('SELECT a + 1, sum(b) / count(*) FROM t GROUP BY a');
    expect(p.op === 'project' && p.exprs[0]).toMatchObject({ fn: '+' });
    expect(p.op === 'project' && (p.exprs[0] as { args: Expr[] }).args[0]).toEqual(col(0, 'integer'));
    expect(p.op === 'project' && p.exprs[1]).toMatchObject({ fn: '/', type: { id: 'double' } });
  });

  test('the same aggregate twice is computed once', () => {
    expect(find(plan('SELECT sum(b), sum(b) + 1 FROM t'), 'aggregate').aggregates).toHaveLength(1);
  });

  test('aggregates without GROUP BY: one group', () => {
    const agg = find(plan('SELECT min(a), max(s), avg(c) FROM t'), 'aggregate');
    expect(agg.groups).toEqual([]);
    expect(agg.aggregates.map((a) => a.type.id)).toEqual(['integer', 'varchar', 'double']);
  });

  test('count(DISTINCT x), quantile fractions, median', () => {
    const agg = find(plan('SELECT count(DISTINCT b), quantile_cont(c, 0.9), median(a) FROM t'), 'aggregate');
    expect(agg.aggregates[0]).toMatchObject({ fn: 'count', distinct: true });
    expect(agg.aggregates[1]).toMatchObject({ fn: 'quantile_cont', fraction: 0.9 });
    expect(agg.aggregates[2]).toMatchObject({ fn: 'median', fraction: 0.5 });
  });

  test('a decimal median interpolates on scaled integers and is floored back to the scale (DuckDB)', () => {
    const p = plan('SELECT median(de) FROM w');
    const agg = find(p, 'aggregate');
    expect(agg.aggregates[0]).toMatchObject({ fn: 'median', type: { id: 'double' }, args: [{ kind: 'cast', type: { id: 'bigint' } }] });
    expect(p.op === 'project' && p.exprs[0]).toMatchObject({ kind: 'cast', type: { id: 'decimal', precision: 10, scale: 2 }, expr: { fn: '/' } });
  });

  test('HAVING filters the aggregate output and may use select aliases', () => {
    const p = plan('SELECT a, sum(b) AS total FROM t GROUP BY a HAVING total > 10 AND count(*) > 1');
    expect(shape(p)).toBe('project<filter<aggregate<scan');
    expect(find(p, 'aggregate').aggregates.map((a) => a.fn)).toEqual(['sum', 'count_star']);
  });

  test('HAVING without GROUP BY makes an aggregate query', () => {
    expect(shape(plan('SELECT count(*) FROM t HAVING count(*) > 0'))).toBe('project<filter<aggregate<scan');
  });

  test('ORDER BY an aggregate not selected adds a hidden column', () => {
    const p = plan('SELECT a FROM t GROUP BY a ORDER BY sum(b) DESC');
    expect(shape(p)).toBe('project<sort<project<aggregate<scan');
    expect(p.schema.names).toEqual(['a']);
  });
});

describe('GROUP BY ALL / ORDER BY ALL (DuckDB)', () => {
  test('GROUP BY ALL groups by every select item without an aggregate', () => {
    const p = plan('SELECT a, b % 2 AS m, count(*) FROM t GROUP BY ALL ORDER BY ALL DESC');
    expect(find(p, 'aggregate').groups).toHaveLength(2);
    expect(find(p, 'sort').keys.map((k) => [k.expr.kind === 'column' && k.expr.index, k.descending])).toEqual([[0, true], [1, true], [2, true]]);
    expect(find(plan('SELECT count(*) FROM t GROUP BY ALL'), 'aggregate').groups).toEqual([]);
  });

  test('ORDER BY ALL over a UNION; a column named all is still a column', () => {
    expect(find(plan('SELECT a, b FROM t UNION ALL SELECT b, a FROM t ORDER BY ALL'), 'sort').keys).toHaveLength(2);
    expect(() => plan('SELECT "all" FROM t')).toThrow(/column "all" not found/);
  });
});

describe('typed constants', () => {
  test('a cast constant keeps its type: 127::TINYINT + 1 is TINYINT arithmetic (it overflows, as in DuckDB)', () => {
    const p = plan('SELECT 127::TINYINT + 1');
    expect(p.op === 'project' && p.exprs[0]).toEqual({
      kind: 'call', fn: '+', type: { id: 'tinyint' },
      args: [{ kind: 'literal', value: 127, type: { id: 'tinyint' } }, { kind: 'literal', value: 1, type: { id: 'tinyint' } }],
    });
  });

  test('sum of a BOOLEAN counts the TRUEs', () => {
    const agg = find(plan('SELECT sum(bo) FROM w'), 'aggregate');
    expect(agg.aggregates[0]).toMatchObject({ fn: 'sum', type: { id: 'bigint' }, args: [{ kind: 'cast', type: { id: 'integer' } }] });
  });
});

describe('ORDER BY', () => {
  test('by ordinal, alias and column, with directions and NULLS placement (default NULLS LAST)', () => {
    const p = plan('SELECT a AS x, b FROM t ORDER BY 2 DESC, x NULLS FIRST, b');
    const sort = find(p, 'sort');
    expect(sort.keys).toEqual([
      { expr: col(1, 'integer'), descending: true, nullsFirst: false },
      { expr: col(0, 'integer'), descending: false, nullsFirst: true },
      { expr: col(1, 'integer'), descending: false, nullsFirst: false },
    ]);
  });

  test('an alias wins over a column of the same name', () => {
    const p = plan('SELECT -a AS a FROM t ORDER BY a');
    expect(shape(p)).toBe('sort<project<scan');
  });

  test('a column not selected is sorted on as a hidden column, then dropped', () => {
    const p = plan('SELECT a FROM t ORDER BY c LIMIT 3');
    expect(shape(p)).toBe('project<limit<sort<project<scan');
    const inner = find(p, 'sort').input;
    expect(inner.schema.names).toEqual(['a', '#sort0']);
    expect(p.schema.names).toEqual(['a']);
  });

  test('LIMIT directly over a Sort (top-k shape)', () => {
    const p = plan('SELECT a, b FROM t ORDER BY b DESC LIMIT 10');
    expect(shape(p)).toBe('limit<sort<project<scan');
  });
});

describe('joins', () => {
  test('equi-join keys come from the ON conjuncts, the rest is the condition', () => {
    const p = plan('SELECT t.a, u.name FROM t JOIN u ON t.id = u.id AND u.k = t.k AND t.a > u.b');
    const j = find(p, 'join') as JoinNode;
    expect(j.kind).toBe('inner');
    expect(j.leftKeys).toHaveLength(2);
    expect(j.rightKeys).toHaveLength(2);
    const L = j.left.schema.names.length;
    const names = [...j.left.schema.names, ...j.right.schema.names];
    expect(j.leftKeys.map((k) => k.kind === 'column' && j.left.schema.names[k.index])).toEqual(['id', 'k']);
    expect(j.rightKeys.map((k) => k.kind === 'column' && j.right.schema.names[k.index])).toEqual(['id', 'k']);
    expect(j.condition).toMatchObject({ fn: '>' });
    const refs = JSON.stringify(j.condition).match(/"index":\d+/g)!.map((m) => names[Number(m.split(':')[1])]);
    expect(refs).toEqual(['a', 'b']);
    expect(L).toBeGreaterThan(0);
  });

  test('keys of different types are cast to a common type', () => {
    const j = find(plan('SELECT * FROM t JOIN v ON t.a = v.c'), 'join');
    expect(j.leftKeys[0]).toMatchObject({ kind: 'cast', type: { id: 'double' } });
    expect(j.rightKeys[0]).toMatchObject({ kind: 'column', type: { id: 'double' } });
  });

  test('LEFT, RIGHT, FULL and CROSS joins; comma joins are cross joins', () => {
    expect(find(plan('SELECT 1 FROM t LEFT JOIN u ON t.id = u.id'), 'join').kind).toBe('left');
    expect(find(plan('SELECT 1 FROM t RIGHT OUTER JOIN u ON t.id = u.id'), 'join').kind).toBe('right');
    expect(find(plan('SELECT 1 FROM t FULL OUTER JOIN u ON t.id = u.id'), 'join').kind).toBe('full');
    expect(find(plan('SELECT 1 FROM t CROSS JOIN u'), 'join').kind).toBe('cross');
    expect(find(plan('SELECT 1 FROM t, u'), 'join').kind).toBe('cross');
  });

  test('an inner join without equality becomes a cross join under a filter', () => {
    expect(shape(plan('SELECT t.a FROM t JOIN u ON t.a < u.b'))).toBe('project<filter<join<scan');
  });

  test('USING joins on the named columns and shows them once', () => {
    const p = plan('SELECT * FROM t JOIN u USING (id, k)');
    expect(p.schema.names).toEqual(['a', 'b', 'c', 'd', 's', 'id', 'k', 'b', 'name']);
    expect(find(p, 'join').leftKeys).toHaveLength(2);
    expect(plan('SELECT id FROM t JOIN u USING (id)').schema.names).toEqual(['id']);
  });

  test('self-join with aliases', () => {
    const j = find(plan('SELECT x.a, y.a FROM t x JOIN t y ON x.id = y.k'), 'join');
    expect(j.left).toMatchObject({ op: 'scan', id: 'table:t' });
    expect(j.right).toMatchObject({ op: 'scan', id: 'table:t' });
  });

  test('three-way join chains left to right', () => {
    const p = plan('SELECT x.a, z.c FROM t x JOIN u y ON x.id = y.id JOIN v z ON y.id = z.id');
    const top = find(p, 'join');
    expect(top.left.op).toBe('join');
  });
});

describe('files, subqueries, CTEs, set operations', () => {
  test('file sources by path and table function', () => {
    expect(find(plan("SELECT a FROM 'data/x.parquet'"), 'scan').source).toEqual({ kind: 'file', format: 'parquet', path: 'data/x.parquet' });
    expect(find(plan("SELECT x.a FROM read_csv('data/x.csv') x"), 'scan').id).toBe('csv:data/x.csv');
    expect(find(plan("SELECT kind FROM read_delta('tables/events')"), 'scan').id).toBe('delta:tables/events');
    expect(plan("SELECT x.a FROM 'data/x.parquet'").schema.names).toEqual(['a']);
  });

  test('subqueries in FROM are inlined plans', () => {
    const p = plan('SELECT q.m FROM (SELECT max(a) AS m FROM t) q');
    expect(shape(p)).toBe('project<project<aggregate<scan');
  });

  test('scalar, EXISTS and IN subqueries become Subquery expressions', () => {
    const f = find(plan('SELECT a FROM t WHERE a > (SELECT max(b) FROM u) AND EXISTS (SELECT 1 FROM v) AND k IN (SELECT k FROM u)'), 'filter');
    const s = JSON.stringify(f.predicate, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(s).toContain('"mode":"scalar"');
    expect(s).toContain('"mode":"exists"');
    expect(s).toContain('"mode":"in"');
  });

  test('IS [NOT] DISTINCT FROM', () => {
    const f = find(plan("SELECT a FROM t WHERE a IS DISTINCT FROM b AND s IS NOT DISTINCT FROM 'x' OR d IS DISTINCT FROM '2024-01-02'"), 'filter');
    expect(f.predicate).toMatchObject({ fn: 'or', args: [
      { fn: 'and', args: [{ fn: 'is_distinct' }, { fn: 'is_not_distinct' }] },
      { fn: 'is_distinct', args: [{ kind: 'column' }, { kind: 'literal', value: 19724, type: { id: 'date' } }] },
    ] });
  });

  test('NOT EXISTS', () => {
    const f = find(plan('SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u) OR NOT EXISTS (SELECT 1 FROM v WHERE c > 1)'), 'filter');
    expect(f.predicate).toMatchObject({ fn: 'or', args: [{ kind: 'subquery', mode: 'exists' }, { fn: 'not', args: [{ kind: 'subquery', mode: 'exists' }] }] });
  });

  test('IN subquery of another type: both sides cast to the common type', () => {
    const f = find(plan('SELECT a FROM t WHERE a IN (SELECT c FROM v)'), 'filter');
    expect(f.predicate).toMatchObject({ kind: 'subquery', mode: 'in', expr: { kind: 'cast', type: { id: 'double' } } });
  });

  test('CTEs are inlined where used (twice: planned twice), later CTEs see earlier ones', () => {
    const p = plan('WITH s AS (SELECT a FROM t WHERE a > 0), r AS (SELECT a FROM s) SELECT * FROM r JOIN s ON r.a = s.a');
    const j = find(p, 'join');
    expect(shape(j.left)).toContain('filter<scan');
    expect(shape(j.right)).toContain('filter<scan');
  });

  test('a CTE can rename its columns, and shadows a table of the same name', () => {
    expect(plan('WITH t(x) AS (SELECT 1) SELECT x FROM t').schema.names).toEqual(['x']);
  });

  test('a subquery in an expression sees the CTEs', () => {
    const f = find(plan('WITH s AS (SELECT b FROM u) SELECT a FROM t WHERE a IN (SELECT b FROM s)'), 'filter');
    expect(f.predicate).toMatchObject({ kind: 'subquery', mode: 'in' });
  });

  test('UNION / UNION ALL with type unification and ORDER BY / LIMIT over the whole union', () => {
    const p = plan('SELECT a FROM t UNION ALL SELECT c FROM v ORDER BY 1 DESC LIMIT 2');
    expect(shape(p)).toBe('limit<sort<union<project<project<scan');
    const u = find(p, 'union');
    expect(u.all).toBe(true);
    expect(u.schema.types).toEqual([{ id: 'double' }]);
    expect(u.inputs[0]).toMatchObject({ op: 'project', exprs: [{ kind: 'cast', type: { id: 'double' } }] });
    expect(find(plan('SELECT a FROM t UNION SELECT b FROM u UNION SELECT k FROM u'), 'union')).toMatchObject({ all: false });
    expect(find(plan('SELECT a FROM t UNION SELECT b FROM u UNION SELECT k FROM u'), 'union').inputs).toHaveLength(3);
  });

  test('a parenthesised last SELECT keeps its own LIMIT', () => {
    const p = plan('(SELECT a FROM t LIMIT 1) UNION ALL (SELECT b FROM u LIMIT 2)');
    expect(p.op).toBe('union');
    expect(p.op === 'union' && p.inputs.map((i) => i.op === 'limit' && i.limit)).toEqual([1, 2]);
  });

  test('UNION ALL then UNION: the distinct union is over everything before it', () => {
    const p = plan('SELECT a FROM t UNION ALL SELECT b FROM u UNION SELECT k FROM u');
    expect(p).toMatchObject({ op: 'union', all: false, inputs: [{ op: 'union', all: true }, { op: 'project' }] });
  });
});

describe('statements', () => {
  const stmt = (sql: string, params?: unknown[]): Statement => bind(sql, fakeCatalog(), params);

  test('CREATE TABLE with typed columns', () => {
    expect(stmt('CREATE TABLE IF NOT EXISTS z (a INTEGER NOT NULL, b DECIMAL(10,2), c VARCHAR(5), d DOUBLE PRECISION, v FLOAT[3], ts TIMESTAMP)')).toEqual({
      kind: 'create_table', name: 'z', ifNotExists: true, columns: [
        { name: 'a', type: { id: 'integer' }, notNull: true },
        { name: 'b', type: { id: 'decimal', precision: 10, scale: 2 }, notNull: false },
        { name: 'c', type: { id: 'varchar' }, notNull: false },
        { name: 'd', type: { id: 'double' }, notNull: false },
        { name: 'v', type: { id: 'list', child: { id: 'float' }, size: 3 }, notNull: false },
        { name: 'ts', type: { id: 'timestamp' }, notNull: false },
      ],
    });
  });

  test('CREATE TABLE AS SELECT', () => {
    const s = stmt('CREATE TABLE z AS SELECT a, sum(b) AS total FROM t GROUP BY a');
    expect(s).toMatchObject({ kind: 'create_table_as', name: 'z', ifNotExists: false });
    expect(s.kind === 'create_table_as' && s.plan.schema.names).toEqual(['a', 'total']);
  });

  test('INSERT VALUES: values cast to the column types, a column list maps positions', () => {
    const s = stmt("INSERT INTO u (name, id) VALUES ('x', 1), (NULL, 2.0)");
    expect(s.kind).toBe('insert');
    if (s.kind !== 'insert') return;
    expect(s.columns).toEqual([3, 0]);
    expect(s.plan).toMatchObject({ op: 'values', schema: { names: ['name', 'id'], types: [{ id: 'varchar' }, { id: 'integer' }] } });
    expect(s.plan.op === 'values' && s.plan.rows[1]).toEqual([
      { kind: 'literal', value: null, type: { id: 'varchar' } },
      { kind: 'literal', value: 2, type: { id: 'integer' } },
    ]);
  });

  test("INSERT VALUES with a date string and a parameter", () => {
    const s = stmt("INSERT INTO w (dt, i) VALUES ('2024-01-02', $1)", [7]);
    expect(s.kind === 'insert' && s.plan.op === 'values' && s.plan.rows[0]).toEqual([
      { kind: 'literal', value: 19724, type: { id: 'date' } },
      { kind: 'literal', value: 7, type: { id: 'integer' } },
    ]);
  });

  test('INSERT SELECT casts to the table types', () => {
    const s = stmt('INSERT INTO v SELECT a, b FROM t');
    expect(s.kind === 'insert' && s.plan.schema).toEqual({ names: ['id', 'c'], types: [{ id: 'integer' }, { id: 'double' }] });
  });

  test('DELETE with and without WHERE; the predicate is over the table columns', () => {
    expect(stmt('DELETE FROM u')).toEqual({ kind: 'delete', table: 'u' });
    const d = stmt('DELETE FROM u WHERE k > 3');
    expect(d).toMatchObject({ kind: 'delete', table: 'u', predicate: { fn: '>' } });
    expect(d.kind === 'delete' && (d.predicate as { args: Expr[] }).args[0]).toEqual(col(2, 'integer'));
  });

  test('DROP TABLE [IF EXISTS]', () => {
    expect(stmt('DROP TABLE u')).toEqual({ kind: 'drop_table', name: 'u', ifExists: false });
    expect(stmt('DROP TABLE IF EXISTS nope')).toEqual({ kind: 'drop_table', name: 'nope', ifExists: true });
  });

  test('EXPLAIN carries the plan; a trailing semicolon is fine', () => {
    expect(stmt('EXPLAIN SELECT a FROM t;')).toMatchObject({ kind: 'explain', plan: { op: 'project' } });
    expect(stmt('  explain\n SELECT 1')).toMatchObject({ kind: 'explain' });
  });
});

describe('DuckDB SQL the grammar lacks, rewritten before parsing', () => {
  test('$n::type and ?::type keep their cast', () => {
    const p = plan('SELECT $1::INTEGER + 1, $2 ::DOUBLE', ['41', '1.5']);
    expect(p.op === 'project' && p.exprs.map((e) => [e.kind, e.type.id])).toEqual([['call', 'integer'], ['literal', 'double']]);
    expect(p.op === 'project' && p.exprs[1]).toMatchObject({ value: 1.5 });
    const q = plan('SELECT ?::DATE', ['2024-01-02']);
    expect(q.op === 'project' && q.exprs[0]).toEqual({ kind: 'literal', value: 19724, type: { id: 'date' } });
  });

  test('extract of any part, and date_part', () => {
    const p = plan('SELECT extract(millisecond FROM w.ts), extract(epoch FROM ts), date_part(\'dow\', dt) FROM w');
    expect(p.op === 'project' && p.exprs.map((e) => e.kind === 'call' && e.args[0])).toEqual([
      { kind: 'literal', value: 'millisecond', type: { id: 'varchar' } },
      { kind: 'literal', value: 'epoch', type: { id: 'varchar' } },
      { kind: 'literal', value: 'dow', type: { id: 'varchar' } },
    ]);
    expect(p.schema.types.map((t) => t.id)).toEqual(['bigint', 'double', 'bigint']);
  });

  test('DISTINCT in sum, avg and the other aggregates', () => {
    const agg = find(plan('SELECT sum(DISTINCT a), avg( distinct b), count(DISTINCT a), sum(a) FROM t'), 'aggregate');
    expect(agg.aggregates.map((a) => [a.fn, a.distinct])).toEqual([['sum', true], ['avg', true], ['count', true], ['sum', false]]);
    expect(plan('SELECT sum(DISTINCT a) FROM t').schema.names).toEqual(['sum(DISTINCT a)']);
  });

  test('backslashes in strings are plain characters (no escapes, as DuckDB)', () => {
    const f = find(plan("SELECT s FROM t WHERE s LIKE '%\\%%' ESCAPE '\\'"), 'filter');
    expect(f.predicate).toMatchObject({ fn: 'like' });
    expect(f.predicate.kind === 'call' && f.predicate.args.slice(1)).toEqual([
      { kind: 'literal', value: '%\\%%', type: { id: 'varchar' } },
      { kind: 'literal', value: '\\', type: { id: 'varchar' } },
    ]);
  });

  test('1. is a decimal; // is integer division; EXPLAIN anywhere before the statement', () => {
    const p = plan('SELECT 1., 7 // 2, 7 / 2');
    expect(p.schema.types).toEqual([{ id: 'decimal', precision: 2, scale: 1 }, { id: 'integer' }, { id: 'double' }]);
    expect(p.op === 'project' && p.exprs[1]).toMatchObject({ fn: '//' });
    expect(plan('/* c */ EXPLAIN SELECT 1').op).toBe('project');
  });

  test('// inside strings and comments is left alone', () => {
    const p = plan("SELECT 'a//b' AS x -- c // d\n");
    expect(p.op === 'project' && p.exprs[0]).toEqual({ kind: 'literal', value: 'a//b', type: { id: 'varchar' } });
  });
});

describe('USING on outer joins (DuckDB: one merged column at the left column\'s place)', () => {
  test('FULL JOIN USING: coalesce of both keys; qualified names still reach each side', () => {
    const p = plan('SELECT * FROM v FULL JOIN u USING (id)');
    expect(p.schema.names).toEqual(['id', 'c', 'b', 'k', 'name']);
    expect(p.op === 'project' && p.exprs[0]).toMatchObject({ kind: 'column' });
    const inner = find(p, 'join');
    expect(inner.kind).toBe('full');
    expect(JSON.stringify(p)).toContain('"fn":"coalesce"');
    const q = plan('SELECT v.id, u.id, id FROM v FULL JOIN u USING (id)');
    expect(q.op === 'project' && q.exprs.map((e) => e.kind === 'column' && e.index)).toEqual([0, 1, 2]);
  });

  test('RIGHT JOIN USING shows the right value', () => {
    const p = plan('SELECT id FROM v RIGHT JOIN u USING (id)');
    expect(p.schema.names).toEqual(['id']);
    expect(find(p, 'join').kind).toBe('right');
  });
});

describe('output names as DuckDB gives them', () => {
  test.each([
    ['SELECT t.a FROM t', 'a'],
    ['SELECT t.a + 1 FROM t', '(t.a + 1)'],
    ['SELECT abs(t.a) FROM t', 'abs(t.a)'],
    ['SELECT count(*) FROM t', 'count_star()'],
    ['SELECT count(DISTINCT b) FROM t', 'count(DISTINCT b)'],
    ["SELECT s LIKE 'x%' FROM t", "(s ~~ 'x%')"],
    ['SELECT a // 2 FROM t', '(a // 2)'],
    ['SELECT -a FROM t', '-(a)'],
    ['SELECT a IS NULL FROM t', '(a IS NULL)'],
    ['SELECT a AS "My Name" FROM t', 'My Name'],
  ])('%s', (sql, name) => {
    expect(plan(sql).schema.names).toEqual([name]);
  });
});

describe('parse cache', () => {
  test('binding the same text twice gives the same plan (the binder leaves the cached tree alone)', () => {
    const sql = "WITH s AS (SELECT a, b FROM t) SELECT a, sum(b) AS x FROM s JOIN u USING (b) WHERE a BETWEEN 1 AND 3 AND a = 1 OR b = 2 GROUP BY a HAVING x > 1 ORDER BY 2 DESC, a LIMIT 5";
    const first = plan(sql);
    expect(plan(sql)).toEqual(first);
    expect(plan(sql)).toEqual(first);
  });
});
