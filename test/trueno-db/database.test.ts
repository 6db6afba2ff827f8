import {
  Field, FixedSizeList, Float32, Float64, Int32, Int64, Null, RecordBatch, Schema as ArrowSchema, Table, Utf8, makeData, makeVector,
  tableFromArrays, vectorFromArray,
} from 'apache-arrow';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import { writeParquet } from '../../lib/alimentar/formats/parquet';
import {
  ConstraintError, ConversionError, Database, DatabaseClosedError, ExecError, Result, SchemaMismatchError, SqlBindError, TableExistsError,
  TableNotFoundError, TooLargeError, TruenoDbError,
} from '../../lib/trueno-db';
import { stopQueryWorkers } from '../../lib/trueno-db/worker';

afterAll(() => stopQueryWorkers());

/** A FixedSizeList<float32> column of n rows of `size` values 0, 1, 2, ... */
function features(n: number, size: number) {
  const child = makeData({ type: new Float32(), length: n * size, data: Float32Array.from({ length: n * size }, (_, i) => i) });
  return makeVector(makeData({ type: new FixedSizeList(size, new Field('item', new Float32())), length: n, nullCount: 0, child } as never));
}

function training(n = 4): Table {
  return new Table({
    id: makeVector(Int32Array.from({ length: n }, (_, i) => i)),
    label: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'even' : 'odd')), new Utf8()),
    x: makeVector(Float64Array.from({ length: n }, (_, i) => i / 2)),
    features: features(n, 3),
  });
}

describe('the seed line: insertBatch then toMatrix', () => {
  it('turns a FixedSizeList column into an n x size matrix over the stored values', async () => {
    const db = new Database();
    expect(await db.insertBatch('training', training(4))).toBe(4);
    const r = await db.query('SELECT features FROM training');
    const X = r.toMatrix();
    expect(X.shape).toEqual([4, 3]);
    expect(X.dtype).toBe('float32');
    expect(Array.from(X.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // zero-copy: the tensor reads the table's shared column memory
    expect(Object.prototype.toString.call((X.data as Float32Array).buffer)).toBe('[object SharedArrayBuffer]');
    expect(r.toMatrix('float64').dtype).toBe('float64');
  });

  it('accepts an alimentar ArrowDataset and a RecordBatch', async () => {
    const db = new Database();
    await db.insertBatch('a', ArrowDataset.fromTable(training(3)));
    await db.insertBatch('a', training(2).batches[0] as RecordBatch);
    expect(db.numRows('a')).toBe(5);
    expect((await db.query('SELECT count(*) FROM a')).rows()).toEqual([[5]]);
  });

  it('makes numeric columns an n x k matrix and one column a vector', async () => {
    const db = new Database();
    await db.insertBatch('t', training(4));
    const r = await db.query('SELECT id, x FROM t ORDER BY id');
    expect(r.toMatrix().shape).toEqual([4, 2]);
    expect(Array.from(r.toMatrix().data as Float64Array)).toEqual([0, 0, 1, 0.5, 2, 1, 3, 1.5]);
    expect(Array.from(r.toVector('x').data as Float64Array)).toEqual([0, 0.5, 1, 1.5]);
    expect(r.toVector('id').dtype).toBe('int32');
    expect(r.toVector(1, 'float32').dtype).toBe('float32');
    expect(() => r.toVector()).toThrow(/Expected a column for toVector/);
    expect(() => r.toVector('nope')).toThrow(RangeError);
    expect(() => r.toMatrix('int8' as never)).toThrow(TypeError);
    const s = await db.query('SELECT label FROM t');
    expect(() => s.toMatrix()).toThrow(ConversionError);
    expect(() => s.toMatrix()).toThrow(/'label'/);
  });
});

describe('insertBatch', () => {
  it('creates the table from the first batch and refuses a later batch of another schema, naming the column', async () => {
    const db = new Database();
    await db.insertBatch('t', tableFromArrays({ a: Int32Array.of(1), b: Float64Array.of(1) }));
    await expect(db.insertBatch('t', tableFromArrays({ a: Int32Array.of(1) }))).rejects.toThrow(/column 'b'/);
    await expect(db.insertBatch('t', tableFromArrays({ a: Int32Array.of(1), b: Float64Array.of(1), c: Int32Array.of(1) }))).rejects.toThrow(/column 'c'/);
    const wrong = db.insertBatch('t', new Table({ a: makeVector(Int32Array.of(1)), b: vectorFromArray(['x'], new Utf8()) }));
    await expect(wrong).rejects.toBeInstanceOf(SchemaMismatchError);
    await expect(db.insertBatch('t', new Table({ a: makeVector(Int32Array.of(1)), b: vectorFromArray(['x'], new Utf8()) }))).rejects.toMatchObject({ column: 'b', code: 'ERR_TRUENO_DB_SCHEMA_MISMATCH' });
    expect(db.numRows('t')).toBe(1);
  });

  it('matches columns by name in any order and widens types exactly (int32 into bigint, float into double)', async () => {
    const db = new Database();
    await db.createTable('t', { a: 'BIGINT', b: 'DOUBLE' });
    await db.insertBatch('t', new Table({ b: makeVector(Float32Array.of(0.5)), a: makeVector(Int32Array.of(7)) }));
    expect((await db.query('SELECT a, b FROM t')).rows()).toEqual([[7, 0.5]]);
    await expect(db.insertBatch('t', new Table({ a: makeVector(Float64Array.of(1)), b: makeVector(Float64Array.of(1)) }))).rejects.toThrow(/BIGINT values for column 'a'.*DOUBLE/);
  });

  it('takes an empty batch: creates the table with no rows', async () => {
    const db = new Database();
    const empty = new Table(new ArrowSchema([new Field('a', new Int32()), new Field('s', new Utf8())]));
    expect(await db.insertBatch('e', empty)).toBe(0);
    expect(db.schema('e')).toEqual({ names: ['a', 's'], types: [{ id: 'integer' }, { id: 'varchar' }] });
    const r = await db.query('SELECT a, s FROM e');
    expect(r.numRows).toBe(0);
    expect(r.toTable().numRows).toBe(0);
    expect((await db.query('SELECT count(*), sum(a) FROM e')).rows()).toEqual([[0, null]]);
  });

  it('stores NaN, Infinity and NULLs and queries them as DuckDB does', async () => {
    const db = new Database();
    await db.insertBatch('t', new Table({ x: vectorFromArray([1, NaN, Infinity, -Infinity, null], new Float64()) }));
    expect((await db.query('SELECT x FROM t ORDER BY x')).rows()).toEqual([[-Infinity], [1], [Infinity], [NaN], [null]]);
    expect((await db.query('SELECT count(*) FROM t WHERE x > 1e308')).rows()).toEqual([[2]]);
    expect((await db.query('SELECT count(x), count(*) FROM t')).rows()).toEqual([[4, 5]]);
    const r = await db.query('SELECT x FROM t');
    expect(() => r.toVector()).toThrow(/1 NULL/);
  });

  it('refuses wrong arguments with clear errors', async () => {
    const db = new Database();
    await expect(db.insertBatch('t', {} as never)).rejects.toThrow(TypeError);
    await expect(db.insertBatch('t', [1, 2] as never)).rejects.toThrow(/Expected an apache-arrow Table or RecordBatch/);
    await expect(db.insertBatch(42 as never, training())).rejects.toThrow(TypeError);
    await expect(db.insertBatch('', training())).rejects.toThrow(TypeError);
    await expect(db.insertBatch('a/b', training())).rejects.toThrow(RangeError);
    await expect(db.insertBatch('..', training())).rejects.toThrow(RangeError);
    const bin = tableFromArrays({ a: Int32Array.of(1) });
    await expect(db.insertBatch('ok', bin)).resolves.toBe(1);
  });

  it('refuses more than 2^31 - 1 rows with TooLargeError', async () => {
    const db = new Database();
    const huge = new Table({ n: makeVector(makeData({ type: new Null(), length: 2 ** 31 })) });
    await expect(db.insertBatch('h', huge)).rejects.toBeInstanceOf(TooLargeError);
    expect(db.tables()).toEqual([]);
  });

  it('grows the shared columns over many inserts, keeping every row', async () => {
    const db = new Database();
    let total = 0;
    let sum = 0;
    for (let k = 0; k < 200; k++) {
      const n = 1 + ((k * 37) % 101);
      const a = Int32Array.from({ length: n }, (_, i) => k * 1000 + i);
      a.forEach((v) => { sum += v; });
      total += n;
      await db.insertBatch('g', new Table({ a: makeVector(a), s: vectorFromArray(Array.from({ length: n }, (_, i) => `s${(k + i) % 13}`), new Utf8()) }));
    }
    expect((await db.query('SELECT count(*), sum(a), count(DISTINCT s) FROM g')).rows()).toEqual([[total, sum, 13]]);
  });

  it('interleaves queries with inserts: each query sees a whole number of inserted batches', async () => {
    const db = new Database();
    await db.createTable('q', { a: 'INTEGER' });
    const batch = () => new Table({ a: makeVector(Int32Array.from({ length: 1000 }, () => 1)) });
    const work: Promise<unknown>[] = [];
    const counts: Promise<Result>[] = [];
    for (let k = 0; k < 30; k++) {
      work.push(db.insertBatch('q', batch()));
      counts.push(db.query('SELECT count(*), sum(a) FROM q'));
    }
    await Promise.all(work);
    for (const r of await Promise.all(counts)) {
      const [[c, s]] = r.rows() as bigint[][];
      expect(c).toBe(s);
      expect(Number(c) % 1000).toBe(0);
    }
    expect((await db.query('SELECT count(*) FROM q')).rows()).toEqual([[30000]]);
  });
});

describe('string columns across query workers', () => {
  it('keeps strings right as the dictionary grows between queries, non-ASCII included', async () => {
    const db = new Database();
    const words = ['α', 'b', '日本', 'd😀', 'plain', 'é'];
    const all: string[] = [];
    for (let round = 0; round < 6; round++) {
      const vals = Array.from({ length: 50 }, (_, i) => `${words[(i + round) % words.length]}-${round * 10 + (i % 10)}`);
      all.push(...vals);
      await db.insertBatch('s', new Table({ s: vectorFromArray(vals, new Utf8()) }));
      const r = await db.query('SELECT s FROM s');
      expect(r.rows().map((x) => x[0])).toEqual(all);
      const d = await db.query('SELECT s, count(*) AS n FROM s GROUP BY s ORDER BY s');
      expect(d.numRows).toBe(new Set(all).size);
      expect(d.toTable().getChild('s')!.toArray()).toEqual([...new Set(all)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    // rows kept by a DELETE that ran on a worker keep their strings
    await db.exec("DELETE FROM s WHERE s >= 'b' AND s < 'c'");
    expect((await db.query('SELECT s FROM s')).rows().map((x) => x[0])).toEqual(all.filter((x) => !x.startsWith('b-')));
  });
});

describe('tables, schema, createTable, dropTable', () => {
  it('lists, describes and drops tables; names are case-insensitive', async () => {
    const db = new Database();
    await db.createTable('Points', { id: 'BIGINT', xy: 'DOUBLE[2]', d: 'DECIMAL(10,2)', t: { id: 'timestamp' } });
    expect(db.tables()).toEqual(['Points']);
    expect(db.schema('points').types).toEqual([{ id: 'bigint' }, { id: 'list', child: { id: 'double' }, size: 2 }, { id: 'decimal', precision: 10, scale: 2 }, { id: 'timestamp' }]);
    await expect(db.createTable('POINTS', { a: 'INTEGER' })).rejects.toBeInstanceOf(TableExistsError);
    await db.createTable('points', { a: 'INTEGER' }, { ifNotExists: true });
    await db.dropTable('POINTS');
    expect(db.tables()).toEqual([]);
    await db.dropTable('points', { ifExists: true });
    await expect(db.dropTable('points')).rejects.toBeInstanceOf(TableNotFoundError);
  });

  it('takes an apache-arrow Schema and refuses bad schemas', async () => {
    const db = new Database();
    await db.createTable('a', new ArrowSchema([new Field('v', new Int64())]));
    expect(db.schema('a').types).toEqual([{ id: 'bigint' }]);
    await expect(db.createTable('b', {})).rejects.toThrow(/at least one column/);
    await expect(db.createTable('b', { x: 'BLOB' })).rejects.toThrow(/SQL type.*schema.x/);
    await expect(db.createTable('b', null as never)).rejects.toThrow(TypeError);
    await expect(db.createTable('b', { names: ['a', 'A'], types: ['INTEGER', 'INTEGER'] })).rejects.toBeInstanceOf(SchemaMismatchError);
    await expect(db.createTable('b', { d: 'DECIMAL(50,2)' })).rejects.toThrow(RangeError);
  });

  it('names the tables there are for an unknown one', async () => {
    const db = new Database();
    await db.createTable('known', { a: 'INTEGER' });
    expect(() => db.schema('other')).toThrow(TableNotFoundError);
    expect(() => db.schema('other')).toThrow(/\(known\).*'other'/);
    expect(() => db.numRows('other')).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_NO_TABLE', table: 'other' }));
    await expect(db.query('SELECT * FROM other')).rejects.toBeInstanceOf(SqlBindError);
  });
});

describe('SQL: query, querySync, exec', () => {
  it('runs DDL and DML and returns counts', async () => {
    const db = new Database();
    expect(await db.exec('CREATE TABLE t (a INTEGER, b VARCHAR)')).toBe(0);
    expect(await db.exec("INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'y')")).toBe(3);
    expect(await db.exec('INSERT INTO t (b) VALUES ($1)', ['z'])).toBe(1);
    expect(await db.exec('INSERT INTO t SELECT a + 10, b FROM t WHERE a IS NOT NULL')).toBe(3);
    // (NULL, 'z'): NULL > 10 OR FALSE is NULL, not TRUE, so the row stays
    expect(await db.exec('DELETE FROM t WHERE a > 10 OR b IS NULL')).toBe(4);
    expect((await db.query('SELECT a, b FROM t ORDER BY a')).rows()).toEqual([[1, 'x'], [3, 'y'], [null, 'z']]);
    expect(await db.exec('CREATE TABLE u AS SELECT a * 2 AS d, b FROM t')).toBe(3);
    expect(db.schema('u').names).toEqual(['d', 'b']);
    expect((await db.query('DELETE FROM u')).rows()).toEqual([[3]]);
    expect(await db.exec('DROP TABLE u')).toBe(0);
    expect(await db.exec('CREATE TABLE n AS SELECT NULL AS z, 1 AS one')).toBe(1);
    expect(db.schema('n').types).toEqual([{ id: 'integer' }, { id: 'integer' }]);
    expect((await db.query('SELECT z, one FROM n')).rows()).toEqual([[null, 1]]);
    expect(await db.exec('DROP TABLE IF EXISTS u')).toBe(0);
    expect(await db.exec('CREATE TABLE IF NOT EXISTS t (z INTEGER)')).toBe(0);
    await expect(db.exec('CREATE TABLE t (z INTEGER)')).rejects.toBeInstanceOf(TableExistsError);
    await expect(db.exec('CREATE TABLE t AS SELECT 1 AS z')).rejects.toBeInstanceOf(TableExistsError);
    await expect(db.exec("INSERT INTO t VALUES ('not a number', 'b')")).rejects.toThrow();
    expect(db.numRows('t')).toBe(3);
  });

  it('enforces NOT NULL columns of CREATE TABLE, naming the column', async () => {
    const db = new Database();
    await db.exec('CREATE TABLE k (id INTEGER NOT NULL, note VARCHAR)');
    await db.exec("INSERT INTO k VALUES (1, NULL)");
    await expect(db.exec("INSERT INTO k VALUES (NULL, 'x')")).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_CONSTRAINT', column: 'id' });
    await expect(db.exec("INSERT INTO k (note) VALUES ('x')")).rejects.toBeInstanceOf(ConstraintError);
    await expect(db.insertBatch('k', new Table({ id: vectorFromArray([2, null], new Int32()), note: vectorFromArray(['a', 'b'], new Utf8()) }))).rejects.toThrow(/NOT NULL constraint failed: k\.id/);
    expect(db.numRows('k')).toBe(1);
  });

  it('querySync runs SELECT and EXPLAIN on the calling thread and refuses DDL', async () => {
    const db = new Database();
    await db.insertBatch('t', training(4));
    expect(db.querySync('SELECT count(*) FROM t WHERE id >= ?', [2]).rows()).toEqual([[2]]);
    const plan = db.querySync('EXPLAIN SELECT id FROM t WHERE x > 1').toString();
    expect(plan).toMatch(/SCAN t/);
    expect((await db.query('EXPLAIN SELECT id FROM t')).rows()[0][0]).toMatch(/SCAN/);
    expect(() => db.querySync('DROP TABLE t')).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_SYNC' }));
  });

  it('gives each type its JS value in rows() and survives toTable()', async () => {
    const db = new Database();
    await db.exec('CREATE TABLE v (b BOOLEAN, i INTEGER, g BIGINT, f DOUBLE, s VARCHAR, d DATE, t TIMESTAMP)');
    await db.exec("INSERT INTO v VALUES (true, 1, 9007199254740993, 1.5, 'é', DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.789'), (NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    const r = await db.query('SELECT * FROM v');
    // 2^53 + 1 has no exact number: plain rows refuse it naming the column, { bigint: true } keeps it
    expect(() => r.rows()).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_CONVERT', column: 'g', message: expect.stringMatching(/'g'.*9007199254740993.*bigint: true/) }));
    expect(() => r.objects()).toThrow(/'g'/);
    expect(() => r.rows({ bigint: 1 } as never)).toThrow(TypeError);
    expect(r.rows({ bigint: true })).toEqual([
      [true, 1, 9007199254740993n, 1.5, 'é', new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789))],
      [null, null, null, null, null, null, null],
    ]);
    expect(r.objects({ bigint: true })[0]).toMatchObject({ b: true, g: 9007199254740993n, s: 'é' });
    const t = r.toTable();
    expect(t.numRows).toBe(2);
    expect(t.getChild('g')!.get(0)).toBe(9007199254740993n);
    expect(t.getChild('s')!.get(0)).toBe('é');
    expect(r.toTable({ dictionary: false }).getChild('s')!.type.toString()).toBe('Utf8');
    expect(r.toString()).toMatch(/2024-02-29 12:34:56\.789/);
    expect(r.toString()).toMatch(/NULL/);
    expect(r.schema.types.map((x) => x.id)).toEqual(['boolean', 'integer', 'bigint', 'double', 'varchar', 'date', 'timestamp']);
    expect(r.toString(1)).toMatch(/… 1 more row\(s\) \(2 in all\)/);
    expect(r.toString(Infinity)).toMatch(/\(2 rows\)/);
    expect(() => r.toString(NaN)).toThrow(TypeError);
    expect(() => r.toTable(5 as never)).toThrow(TypeError);
    expect(r.column('s').type).toEqual({ id: 'varchar' });
    expect(() => r.column(99)).toThrow(RangeError);
    expect(r.columnNames).toEqual(['b', 'i', 'g', 'f', 's', 'd', 't']);
  });

  it('rebuilds executor errors with their class and code', async () => {
    const db = new Database();
    await db.insertBatch('t', tableFromArrays({ a: Int32Array.of(2147483647) }));
    const e = await db.query('SELECT a + 1 FROM t').catch((x) => x);
    expect(e).toBeInstanceOf(ExecError);
    expect(e).toBeInstanceOf(TruenoDbError);
    expect(e.code).toBe('ERR_TRUENO_DB_EXEC');
    expect(e.message).toMatch(/Overflow/);
  });

  it('refuses bad sql and params', async () => {
    const db = new Database();
    await expect(db.query(5 as never)).rejects.toThrow(TypeError);
    await expect(db.query('   ')).rejects.toThrow(RangeError);
    await expect(db.query('SELECT 1', 5 as never)).rejects.toThrow(TypeError);
    await expect(db.query('SELEC 1')).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_SYNTAX' });
    expect(() => db.querySync(null as never)).toThrow(TypeError);
  });

  it('queries files directly: parquet (only the needed columns), csv, arrow', async () => {
    const db = new Database();
    const p = await db.query("SELECT target, count(*) AS n FROM '../shared/data/iris.parquet' GROUP BY target ORDER BY target");
    expect(p.rows()).toEqual([[0, 50], [1, 50], [2, 50]]);
    const c = await db.query("SELECT count(*), min(sepal_length_cm) FROM read_csv('../shared/data/iris.csv')");
    expect(c.rows()).toEqual([[150, 4.3]]);
    const a = await db.query("SELECT count(*) FROM read_arrow('../shared/data/iris.arrow')").catch(() => db.query("SELECT count(*) FROM '../shared/data/iris.arrow'"));
    expect(a.rows()).toEqual([[150]]);
    expect(db.querySync("SELECT max(petal_width_cm) FROM '../shared/data/iris.parquet'").rows()).toEqual([[2.5]]);
    await expect(db.query("SELECT * FROM 'no/such/file.parquet'")).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NOT_FOUND' });
  });

  it('reads strings and NULLs from parquet and json files, and sees a file change', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tdb-files-'));
    try {
      const pq = path.join(dir, 's.parquet');
      const t = new Table({ s: vectorFromArray(['a', null, 'b', 'a'], new Utf8()), x: makeVector(Float64Array.of(1, 2, 3, 4)) });
      fs.writeFileSync(pq, writeParquet(t));
      const db = new Database();
      expect((await db.query(`SELECT s, sum(x) FROM '${pq}' GROUP BY s ORDER BY s`)).rows()).toEqual([['a', 5], ['b', 3], [null, 2]]);
      fs.writeFileSync(pq, writeParquet(new Table({ s: vectorFromArray(['z'], new Utf8()), x: makeVector(Float64Array.of(9)) })));
      expect((await db.query(`SELECT s, x FROM read_parquet('${pq}')`)).rows()).toEqual([['z', 9]]);
      const js = path.join(dir, 'r.json');
      fs.writeFileSync(js, JSON.stringify([{ a: 1, b: 'x' }, { a: 2, b: null }]));
      expect((await db.query(`SELECT a, b FROM read_json('${js}') ORDER BY a`)).rows()).toEqual([[1, 'x'], [2, null]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a closed database', () => {
  it('refuses every call with DatabaseClosedError', async () => {
    const db = new Database();
    await db.insertBatch('t', training(2));
    await db.close();
    await db.close();
    expect(db.isClosed).toBe(true);
    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseClosedError);
    await expect(db.exec('SELECT 1')).rejects.toBeInstanceOf(DatabaseClosedError);
    await expect(db.insertBatch('t', training(2))).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_CLOSED' });
    await expect(db.createTable('x', { a: 'INTEGER' })).rejects.toBeInstanceOf(DatabaseClosedError);
    await expect(db.dropTable('t')).rejects.toBeInstanceOf(DatabaseClosedError);
    expect(() => db.querySync('SELECT 1')).toThrow(DatabaseClosedError);
    expect(() => db.tables()).toThrow(DatabaseClosedError);
    expect(() => db.schema('t')).toThrow(DatabaseClosedError);
  });

  it('lets inserts and queries started before close() finish', async () => {
    const db = new Database();
    await db.insertBatch('t', training(2));
    const insert = db.insertBatch('t', training(3));
    const query = db.query('SELECT count(*) FROM t');
    const exec = db.exec('INSERT INTO t SELECT * FROM t');
    await db.close();
    await expect(insert).resolves.toBe(3);
    await expect(query).resolves.toBeInstanceOf(Result);
    await expect(exec).resolves.toBeGreaterThanOrEqual(2);
    await expect(db.insertBatch('t', training(1))).rejects.toBeInstanceOf(DatabaseClosedError);
  });

  it('refuses bad constructor options', () => {
    expect(() => new Database(null as never)).toThrow(TypeError);
    expect(() => new Database({ workers: 'yes' as never })).toThrow(TypeError);
    expect(() => new Database({ cacheBytes: -1 })).toThrow(TypeError);
  });
});

describe('without workers', () => {
  it('runs the same queries on the calling thread', async () => {
    const db = new Database({ workers: false });
    await db.insertBatch('t', training(6));
    expect((await db.query('SELECT label, sum(x) FROM t GROUP BY label ORDER BY label')).rows()).toEqual([['even', 3], ['odd', 4.5]]);
  });
});
