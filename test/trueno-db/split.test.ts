import { splitStatements } from '../../lib/trueno-db/query/split';
import { Database } from '../../lib/trueno-db';
import { stopQueryWorkers } from '../../lib/trueno-db/worker';

afterAll(() => stopQueryWorkers());

const texts = (sql: string) => splitStatements(sql).map((s) => s.text.trim());

describe('splitStatements', () => {
  it('splits at semicolons outside literals, quoted names, dollar quotes and comments', () => {
    expect(texts("SELECT 1; SELECT 'a;b'; SELECT \"x;y\" FROM t")).toEqual(['SELECT 1', "SELECT 'a;b'", 'SELECT "x;y" FROM t']);
    expect(texts("SELECT 'it''s; fine'; -- a comment; here\nSELECT 2 /* also; here */;")).toEqual(["SELECT 'it''s; fine'", '-- a comment; here\nSELECT 2 /* also; here */']);
    expect(texts('SELECT $$a;b$$; SELECT $t$;$t$')).toEqual(['SELECT $$a;b$$', 'SELECT $t$;$t$']);
    expect(texts(' ; ;-- only a comment\n;')).toEqual([]);
    expect(texts("SELECT 'unterminated; x")).toEqual(["SELECT 'unterminated; x"]);
    expect(splitStatements('SELECT 1;SELECT 2')[1].offset).toBe(9);
  });
});

describe('exec with a script', () => {
  it('runs statements in order, sums the counts, and stops at the first failure', async () => {
    const db = new Database();
    expect(await db.exec("CREATE TABLE t (a INTEGER, s VARCHAR); INSERT INTO t VALUES (1, 'x;y'), (2, 'z'); INSERT INTO t SELECT a + 10, s FROM t;")).toBe(4);
    expect((await db.query('SELECT count(*) FROM t')).rows()).toEqual([[4]]);
    await expect(db.exec('INSERT INTO t VALUES (5, NULL); SELECT * FROM missing; INSERT INTO t VALUES (6, NULL)')).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_BIND' });
    expect((await db.query('SELECT max(a) FROM t')).rows()).toEqual([[12]]);
    expect((await db.query('SELECT count(*) FROM t WHERE a = 5')).rows()).toEqual([[1]]);
    await expect(db.exec('SELECT $1; SELECT 2', [1])).rejects.toThrow(RangeError);
    await expect(db.exec(';;')).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_SYNTAX' });
  });
});
