import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Field, FixedSizeList, Float32, Int32, Schema as ArrowSchema, Table, Utf8, makeData, makeVector, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { Database, DatabaseClosedError, SchemaMismatchError, TableNotFoundError } from '../../lib/trueno-db';
import { DeltaTable } from '../../lib/trueno-db/delta';
import { stopQueryWorkers } from '../../lib/trueno-db/worker';
import { startConditionalProxy, startS3Server, type S3TestServer } from '../helpers/s3-server';

const FIXTURES = path.resolve(__dirname, '../../../shared/delta');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, {
  numRows?: number; columns?: string[]; unsupported?: string; firstRowsSorted: unknown[][];
}>;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tdb-disk-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
afterAll(() => stopQueryWorkers());

function batch(from: number, n: number): Table {
  return new Table({
    id: makeVector(Int32Array.from({ length: n }, (_, i) => from + i)),
    name: vectorFromArray(Array.from({ length: n }, (_, i) => ((from + i) % 3 === 0 ? null : `n${(from + i) % 5}`)), new Utf8()),
  });
}

describe('Database.open', () => {
  it('refuses a missing folder unless asked to create it', async () => {
    await expect(Database.open(path.join(dir, 'nope'))).rejects.toBeInstanceOf(TableNotFoundError);
    const db = await Database.open(path.join(dir, 'made'), { create: true });
    expect(db.tables()).toEqual([]);
    expect(fs.statSync(path.join(dir, 'made')).isDirectory()).toBe(true);
    await expect(Database.open('')).rejects.toThrow(TypeError);
    await expect(Database.open(dir, null as never)).rejects.toThrow(TypeError);
    // a table folder whose creator died before its first commit is no table; creating it then works
    fs.mkdirSync(path.join(dir, 'made', 'half', '_delta_log'), { recursive: true });
    const half = await Database.open(path.join(dir, 'made'));
    expect(half.tables()).toEqual([]);
    await half.insertBatch('half', tableFromArrays({ a: Int32Array.of(1) }));
    expect((await (await Database.open(path.join(dir, 'made'))).query('SELECT a FROM half')).rows()).toEqual([[1]]);
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    await expect(Database.open(path.join(dir, 'file'))).rejects.toThrow(/is a file/);
  });

  it('keeps tables as Delta tables: insert, close, reopen, query', async () => {
    const db = await Database.open(dir);
    await db.insertBatch('people', batch(0, 10));
    await db.insertBatch('people', batch(10, 5));
    expect((await db.query('SELECT count(*), count(name) FROM people')).rows()).toEqual([[15, 10]]);
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseClosedError);
    expect(fs.existsSync(path.join(dir, 'people', '_delta_log', '00000000000000000002.json'))).toBe(true);

    const again = await Database.open(dir);
    expect(again.tables()).toEqual(['people']);
    expect(again.schema('people')).toEqual({ names: ['id', 'name'], types: [{ id: 'integer' }, { id: 'varchar' }] });
    expect((await again.query('SELECT sum(id) FROM people WHERE name IS NOT NULL')).rows()).toEqual([[[...Array(15).keys()].filter((i) => i % 3 !== 0).reduce((a, b) => a + b, 0)]]);
    // an independent reader of the same folder sees the same rows
    const delta = await DeltaTable.open(path.join(dir, 'people'));
    expect((await delta.read(await delta.snapshot())).numRows).toBe(15);
    await expect(again.insertBatch('people', tableFromArrays({ id: Int32Array.of(1) }))).rejects.toBeInstanceOf(SchemaMismatchError);
  });

  it('keeps every type through Delta: the seed line on disk, dates, timestamps, decimals, bigints', async () => {
    const db = await Database.open(dir);
    const child = makeData({ type: new Float32(), length: 12, data: Float32Array.from({ length: 12 }, (_, i) => i) });
    const features = makeVector(makeData({ type: new FixedSizeList(3, new Field('item', new Float32())), length: 4, nullCount: 0, child } as never));
    await db.insertBatch('training', new Table({ features, s: vectorFromArray(['a', 'b', null, 'a'], new Utf8()) }));
    await db.exec('CREATE TABLE misc (d DATE, t TIMESTAMP, x DECIMAL(10,2), g BIGINT, b BOOLEAN, i TINYINT, f FLOAT)');
    await db.exec("INSERT INTO misc VALUES (DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.123456', 12.34, 9007199254740993, true, -5, 1.5), (NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    const again = await Database.open(dir);
    expect(again.schema('training').types[0]).toEqual({ id: 'list', child: { id: 'float' }, size: 3 });
    const X = (await again.query('SELECT features FROM training')).toMatrix();
    expect(X.shape).toEqual([4, 3]);
    expect(Array.from(X.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const misc = await again.query('SELECT * FROM misc');
    expect(misc.schema.types).toEqual([{ id: 'date' }, { id: 'timestamp' }, { id: 'decimal', precision: 10, scale: 2 }, { id: 'bigint' }, { id: 'boolean' }, { id: 'tinyint' }, { id: 'float' }]);
    expect(misc.rows({ bigint: true })).toEqual([
      [new Date(Date.UTC(2024, 0, 2)), new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 123)), 12.34, 9007199254740993n, true, -5, 1.5],
      [null, null, null, null, null, null, null],
    ]);
    expect(misc.toString()).toMatch(/2024-01-02 03:04:05\.123456/);
  });

  it('sees rows another writer appended to the same table, and serves querySync from what query() read', async () => {
    const db = await Database.open(dir);
    await db.insertBatch('t', batch(0, 4));
    expect((await db.query('SELECT count(*) FROM t')).rows()).toEqual([[4]]);
    expect(db.querySync('SELECT count(*) FROM t').rows()).toEqual([[4]]);
    const other = await DeltaTable.open(path.join(dir, 't'));
    await other.append(new Table({ id: makeVector(Int32Array.of(100)), name: vectorFromArray(['w'], new Utf8()) }));
    expect((await db.query('SELECT max(id), count(*) FROM t')).rows()).toEqual([[100, 5]]);
    const fresh = await Database.open(dir);
    expect(() => fresh.querySync('SELECT id FROM t')).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_NOT_CACHED' }));
    // a table another process creates after open() is found when a query names it
    const writer = await Database.open(dir);
    await writer.insertBatch('later', tableFromArrays({ k: Int32Array.of(1, 2, 3) }));
    expect((await db.query('SELECT sum(k) FROM later')).rows()).toEqual([[6]]);
    expect(db.tables()).toContain('later');
    await expect(db.query('SELECT * FROM nowhere')).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_BIND' });
  });

  it('runs DDL and DML as Delta commits; DELETE rewrites only the files that lose rows', async () => {
    const db = await Database.open(dir);
    await db.exec('CREATE TABLE t (a INTEGER, b VARCHAR)');
    await db.exec("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    await db.exec("INSERT INTO t VALUES (3, 'z')");
    const before = (await DeltaTable.open(path.join(dir, 't'))).snapshot();
    const files = (await before).files.map((f) => f.path);
    expect(await db.exec('DELETE FROM t WHERE a = 3')).toBe(1);
    const after = await (await DeltaTable.open(path.join(dir, 't'))).snapshot();
    expect(after.files.map((f) => f.path)).toEqual([files[0]]);
    expect((await db.query('SELECT a, b FROM t ORDER BY a')).rows()).toEqual([[1, 'x'], [2, 'y']]);
    expect(await db.exec('CREATE TABLE u AS SELECT a * 10 AS c FROM t')).toBe(2);
    const reopened = await Database.open(dir);
    expect(reopened.tables().sort()).toEqual(['t', 'u']);
    expect((await reopened.query('SELECT c FROM u ORDER BY c')).rows()).toEqual([[10], [20]]);
    await reopened.exec('DROP TABLE u');
    expect(fs.existsSync(path.join(dir, 'u'))).toBe(false);
    expect(await reopened.exec('DELETE FROM t')).toBe(2);
    expect((await reopened.query('SELECT count(*) FROM t')).rows()).toEqual([[0]]);
    await reopened.exec('CREATE TABLE nn (k INTEGER NOT NULL)');
    const nn = await Database.open(dir);
    await expect(nn.exec('INSERT INTO nn VALUES (NULL)')).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_CONSTRAINT', column: 'k' });
    expect(await nn.exec('INSERT INTO nn VALUES (4)')).toBe(1);
    await reopened.createTable('empty', new ArrowSchema([new Field('k', new Int32())]));
    expect((await (await Database.open(dir)).query('SELECT count(*) FROM empty')).rows()).toEqual([[0]]);
  });

  it('optimizes and vacuums tables, keeping every row', async () => {
    const db = await Database.open(dir);
    for (let k = 0; k < 4; k++) await db.insertBatch('t', batch(k * 10, 10));
    await db.exec('DELETE FROM t WHERE id < 5');
    const [opt] = await db.optimize('t');
    expect(opt).toMatchObject({ table: 't', filesAdded: 1 });
    expect(opt.filesRemoved).toBeGreaterThanOrEqual(2);
    expect((await db.query('SELECT count(*), sum(id) FROM t')).rows()).toEqual([[35, (39 * 40) / 2 - 10]]);
    const dry = await db.vacuum('t', { retentionHours: 0, dryRun: true });
    expect(dry[0].files.length).toBeGreaterThan(0);
    const done = await db.vacuum(undefined, { retentionHours: 0 });
    expect(done[0].files.sort()).toEqual(dry[0].files.sort());
    expect((await (await Database.open(dir)).query('SELECT count(*) FROM t')).rows()).toEqual([[35]]);
    await expect(db.optimize('nope')).rejects.toBeInstanceOf(TableNotFoundError);
    expect(await new Database().optimize()).toEqual([]);
  });

  it('keeps decoded columns within the cache budget and still answers past it', async () => {
    const db = await Database.open(dir, { cacheBytes: 64 });
    for (let k = 0; k < 3; k++) await db.insertBatch('t', batch(k * 100, 100));
    expect((await db.query('SELECT count(*), sum(id) FROM t')).rows()).toEqual([[300, (299 * 300) / 2]]);
    expect((await db.query('SELECT count(DISTINCT name) FROM t')).rows()).toEqual([[5]]);
    // several columns of one query, each past the budget on its own
    expect((await db.query('SELECT count(name), max(id) FROM t WHERE id >= 0')).rows()).toEqual([[200, 299]]);
    const mem = new Database({ cacheBytes: 16 });
    const a = await mem.query("SELECT count(*), max(sepal_width_cm) FROM '../shared/data/iris.parquet'");
    const b = await mem.query("SELECT count(*) FROM read_csv('../shared/data/iris.csv')");
    const c = await mem.query("SELECT min(petal_length_cm), max(petal_width_cm) FROM '../shared/data/iris.parquet'");
    expect([a.rows(), b.rows(), c.rows()]).toEqual([[[150, 4.4]], [[150]], [[1, 2.5]]]);
  });

  it('lets racing first inserts create the table once and keep every row', async () => {
    const db = await Database.open(dir);
    await Promise.all(Array.from({ length: 4 }, (_, k) => db.insertBatch('race', batch(k * 10, 10))));
    expect((await db.query('SELECT count(*), count(DISTINCT id) FROM race')).rows()).toEqual([[40, 40]]);
    expect((await Database.open(dir)).tables()).toEqual(['race']);
  });
});

describe('the Delta tables of other engines (../shared/delta)', () => {
  it('opens the folder: readable tables give the expected rows, the deletion-vector table its error', async () => {
    const copy = path.join(dir, 'fixtures');
    fs.cpSync(FIXTURES, copy, { recursive: true });
    const db = await Database.open(copy);
    for (const [name, e] of Object.entries(expected)) {
      expect(db.tables()).toContain(name);
      if (e.unsupported !== undefined) {
        await expect(db.query(`SELECT * FROM "${name}"`)).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_UNSUPPORTED_TABLE', features: ['deletionVectors'] });
        continue;
      }
      const cols = e.columns!.map((c) => `"${c}"`).join(', ');
      const r = await db.query(`SELECT ${cols} FROM "${name}" ORDER BY ${cols} LIMIT 5`);
      expect((await db.query(`SELECT count(*) FROM "${name}"`)).rows()).toEqual([[e.numRows!]]);
      const norm = (rows: unknown[][]) => rows.map((row) => row.map((v) => (v === null ? null : String(v))));
      expect(norm(r.rows())).toEqual(norm(e.firstRowsSorted));
    }
  });

  it('reads a Delta folder named in SQL with read_delta', async () => {
    const db = new Database();
    const r = await db.query(`SELECT count(*), min(id) FROM read_delta('${path.join(FIXTURES, 'simple_table')}')`);
    expect(r.rows()).toEqual([[3, 5]]);
    await expect(db.query(`SELECT * FROM read_delta('${path.join(FIXTURES, 'table-with-dv-small')}')`)).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_UNSUPPORTED_TABLE' });
  });
});

describe('on S3 (s3rver behind a conditional-write proxy)', () => {
  let s3: S3TestServer;
  let proxy: Awaited<ReturnType<typeof startConditionalProxy>>;
  beforeAll(async () => {
    s3 = await startS3Server();
    proxy = await startConditionalProxy(s3);
    await s3.createBucket('tdb');
  });
  afterAll(async () => {
    await proxy.stop();
    await s3.stop();
  });

  it('creates, fills, reopens, deletes from and drops tables under a prefix', async () => {
    const url = 's3://tdb/dbs/one';
    const db = await Database.open(url, { storage: { s3: proxy.s3 } });
    await db.insertBatch('t', batch(0, 6));
    await db.exec('CREATE TABLE u (k INTEGER)');
    await db.exec('INSERT INTO u VALUES (1), (2)');
    const again = await Database.open(url, { storage: { s3: proxy.s3 } });
    expect(again.tables()).toEqual(['t', 'u']);
    expect((await again.query('SELECT count(*), sum(id) FROM t')).rows()).toEqual([[6, 15]]);
    expect(await again.exec('DELETE FROM t WHERE id < 2')).toBe(2);
    await again.dropTable('u');
    const third = await Database.open(url, { storage: { s3: proxy.s3 } });
    expect(third.tables()).toEqual(['t']);
    expect((await third.query('SELECT min(id) FROM t')).rows()).toEqual([[2]]);
  });
});
