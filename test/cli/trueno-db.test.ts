/**
 * The `trueno-db` bin, run as a user runs it: the built file (dist/cjs/cli/trueno-db.js, made by `npm test`) in a
 * child process, on temporary database folders and the shared real datasets. Every command and output format, the
 * shell driven through stdin, and one clear line (never a stack trace) with the documented exit code for every kind
 * of bad input.
 */
import { spawn } from 'node:child_process';
import { runCli, type CliRun } from '../helpers/cli';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import { EXIT } from '../../lib/cli/trueno-db/exit-codes';
import { startS3Server } from '../helpers/s3-server';
import { SHARED_DATA } from '../helpers/shared-data';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/cjs/cli/trueno-db.js');
const iris = (ext: string) => path.join(SHARED_DATA, `iris.${ext}`);

type Run = CliRun;

/** Runs the built bin with node in a child process (stdin from `input`, else empty; stderr is a pipe, not a TTY). */
function cli(args: string[], input = '', env: Record<string, string> = {}): Promise<Run> {
  return runCli([process.execPath, BIN, ...args], { cwd: tmp, env: { HOME: tmp, ...env }, input });
}

/** Runs and expects success with nothing on stderr. */
async function ok(args: string[], input = ''): Promise<string> {
  const run = await cli(args, input);
  if (run.code !== 0 || run.stderr !== '') throw new Error(`trueno-db ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

/** One line on stderr, no stack trace, nothing on stdout, the given exit code. */
function expectOneLine(run: Run, code: number, pattern: RegExp): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: '' });
  expect(run.stderr).toMatch(/^[^\n]+\n$/); // one line: no stack trace
  expect(run.stderr.trimEnd()).toMatch(pattern);
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

let tmp: string;
let db: string;
beforeAll(() => {
  expect(existsSync(BIN)).toBe(true); // `npm test` builds dist
});
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'trueno-db-cli-'));
  db = path.join(tmp, 'local-db');
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A database with the iris table. */
async function irisDb(): Promise<void> {
  await ok(['create', db]);
  await ok(['import', db, 'iris', iris('parquet')]);
}

describe('trueno-db --help, --version, usage errors', () => {
  test('--help lists the commands and the exit codes; --version prints the version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['create', 'import', 'query', 'tables', 'schema', 'optimize', 'vacuum', 'shell']) expect(help.stdout).toContain(command);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 {3}success\n {2}1 {3}usage/);
    expect(help.stdout).toMatch(/2 {3}not found[\s\S]*3 {3}data or SQL error[\s\S]*4 {3}I\/O error[\s\S]*5 {3}conflict[\s\S]*70 {2}internal/);
    expect((await cli(['query', '--help'])).stdout).toMatch(/--csv[\s\S]*--out <file>[\s\S]*--param <key=value>/);
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('an unknown command, a missing argument, an unknown option: exit 1 with commander\'s message', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect((await cli(['query', db])).stderr).toMatch(/missing required argument 'sql'/);
    expect((await cli(['query', db])).code).toBe(EXIT.USAGE);
    expect((await cli(['tables', db, '--bogus'])).code).toBe(EXIT.USAGE);
    const json = await cli(['--json', 'import', db]);
    expect(json.code).toBe(EXIT.USAGE);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'ERR_USAGE', exitCode: 1 } });
  });
});

describe('trueno-db create', () => {
  test('creates a folder; again on a database leaves it as it is; --json', async () => {
    expect(await ok(['create', db])).toBe(`created database ${db}\n`);
    expect(existsSync(db)).toBe(true);
    await ok(['import', db, 'iris', iris('parquet')]);
    expect(await ok(['create', db])).toBe(`${db} is already a database (1 table)\n`);
    expect(JSON.parse(await ok(['--json', 'create', db]))).toEqual({ database: db, created: false, tables: ['iris'] });
    expect((await ok(['query', db, 'SELECT count(*) AS n FROM iris', '--json']))).toBe('{"n":150}\n');
  });

  test('an empty folder becomes a database; a folder of other files or a file is refused (exit 5)', async () => {
    mkdirSync(db);
    await ok(['create', db]);
    const other = path.join(tmp, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'mine');
    expectOneLine(await cli(['create', other]), EXIT.CONFLICT, /^trueno-db: Expected an empty or missing folder .* but '.*other' holds other files \(ERR_TRUENO_DB_CLI_FOLDER_NOT_EMPTY\)$/);
    expect(readdirSync(other)).toEqual(['notes.txt']);
    expectOneLine(await cli(['create', path.join(other, 'notes.txt')]), EXIT.CONFLICT, /is a file/);
  });

  test('commands on a missing folder or a folder that is not a database: exit 2, nothing created', async () => {
    for (const args of [['tables', db], ['query', db, 'SELECT 1'], ['import', db, 't', iris('csv')], ['schema', db, 't'], ['shell', db]]) {
      expectOneLine(await cli(args), EXIT.NOT_FOUND, /does not exist \(trueno-db create .* makes one\) \(ERR_TRUENO_DB_CLI_NOT_FOUND\)$/);
    }
    expect(existsSync(db)).toBe(false);
    writeFileSync(path.join(tmp, 'x.txt'), 'x');
    expectOneLine(await cli(['tables', tmp]), EXIT.NOT_FOUND, /holds files that are not tables \(ERR_TRUENO_DB_CLI_NOT_A_DATABASE\)$/);
  });
});

describe('trueno-db import', () => {
  test('Parquet, CSV, Arrow IPC and JSON Lines files become tables with the same rows', async () => {
    await ok(['create', db]);
    expect(await ok(['import', db, 'p', iris('parquet')])).toBe(`imported 150 rows from ${iris('parquet')} (parquet) into p\n`);
    await ok(['import', db, 'c', iris('csv')]);
    await ok(['import', db, 'a', iris('arrow')]);
    const jsonl = path.join(tmp, 'rows.jsonl');
    writeFileSync(jsonl, '{"id":1,"name":"ann"}\n{"id":2,"name":null}\n');
    const json = path.join(tmp, 'rows.json');
    writeFileSync(json, '[{"id":3,"name":"bo"}]');
    expect(JSON.parse(await ok(['--json', 'import', db, 'j', jsonl]))).toMatchObject({ table: 'j', format: 'jsonl', rows: 2, commits: 1 });
    expect(JSON.parse(await ok(['--json', 'import', db, 'j', json]))).toMatchObject({ table: 'j', format: 'json', rows: 1 });
    const sql = (t: string) => `SELECT count(*) AS n, sum(target) AS s, round(sum(sepal_length_cm), 6) AS l FROM ${t}`;
    const expected = { n: 150, s: 150, l: 876.5 };
    for (const t of ['p', 'c', 'a']) expect(jsonLines(await ok(['query', db, sql(t), '--json']))).toEqual([expected]);
    expect(jsonLines(await ok(['query', db, 'SELECT * FROM j ORDER BY id', '--json']))).toEqual([{ id: 1, name: 'ann' }, { id: 2, name: null }, { id: 3, name: 'bo' }]);
  });

  test('into an existing table appends; in inserts of --batch-rows rows; a file of another schema is refused (exit 3)', async () => {
    await irisDb();
    expect(JSON.parse(await ok(['--json', 'import', db, 'iris', iris('csv'), '--batch-rows', '40']))).toMatchObject({ rows: 150, commits: 4 });
    expect(await ok(['query', db, 'SELECT count(*) AS n FROM iris', '--csv'])).toBe('n\n300\n');
    const wrong = await cli(['import', db, 'iris', path.join(SHARED_DATA, 'wine.parquet')]);
    expect(wrong.code).toBe(EXIT.DATA);
    expect(wrong.stderr).toMatch(/ERR_TRUENO_DB_SCHEMA/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    expect(await ok(['query', db, 'SELECT count(*) AS n FROM iris', '--csv'])).toBe('n\n300\n');
  });

  test('a missing file (exit 2), a damaged one (exit 3), a bad --batch-rows (exit 1)', async () => {
    await ok(['create', db]);
    expectOneLine(await cli(['import', db, 't', path.join(tmp, 'nope.csv')]), EXIT.NOT_FOUND, /nope\.csv/);
    const bad = path.join(tmp, 'bad.parquet');
    writeFileSync(bad, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100, 7), Buffer.from('PAR1')]));
    expectOneLine(await cli(['import', db, 't', bad]), EXIT.DATA, /ERR_ALIMENTAR_PARQUET/);
    expectOneLine(await cli(['import', db, 't', iris('csv'), '--batch-rows', '0']), EXIT.USAGE, /Expected a positive integer for --batch-rows but received '0'/);
    expectOneLine(await cli(['import', db, 'a/b', iris('csv')]), EXIT.USAGE, /a\/b/);
    const empty = path.join(tmp, 'empty.csv');
    writeFileSync(empty, '');
    expectOneLine(await cli(['import', db, 't', empty]), EXIT.DATA, /ERR_ALIMENTAR_CSV_PARSE/);
    expect(await ok(['tables', db])).toBe('(no tables)\n');
  });

  test('a file with columns and no rows creates the table, empty', async () => {
    await ok(['create', db]);
    const header = path.join(tmp, 'header.csv');
    writeFileSync(header, 'a,b\n');
    expect(JSON.parse(await ok(['--json', 'import', db, 'h', header]))).toMatchObject({ rows: 0, commits: 1 });
    expect(await ok(['schema', db, 'h'])).toBe('column  type\n------  -------\na       VARCHAR\nb       VARCHAR\n');
    expect(await ok(['query', db, 'SELECT count(*) AS n FROM h', '--csv'])).toBe('n\n0\n');
  });

  test('a failure part way keeps the committed inserts and says how many rows they hold', async () => {
    await ok(['create', db]);
    // past the reader's first 8 MB chunk, so batches are handed out before it meets the ragged line
    const csv = path.join(tmp, 'ragged.csv');
    const good = Array.from({ length: 1_000_000 }, (_, i) => `${i},${i * 2}`).join('\n');
    writeFileSync(csv, `a,b\n${good}\n1,2,3,4\n`);
    const run = await cli(['import', db, 't', csv, '--batch-rows', '100000']);
    expect(run.code).toBe(EXIT.DATA);
    const m = /^trueno-db: (\d+) rows of .*ragged\.csv were imported into t before the error; the table keeps them\ntrueno-db: .*ERR_ALIMENTAR_CSV_PARSE\)\n$/.exec(run.stderr);
    expect(m).not.toBeNull();
    const committed = Number(m![1]);
    expect(committed).toBeGreaterThan(0);
    expect(committed % 100000).toBe(0);
    expect(await ok(['query', db, 'SELECT count(*) AS n, sum(a) AS s FROM t', '--csv'])).toBe(`n,s\n${committed},${(committed * (committed - 1)) / 2}\n`);
  });

  test('a progress bar when stderr is a terminal, cleared at the end', async () => {
    await ok(['create', db]);
    const run = await new Promise<Run>((resolve) => {
      const command = [process.execPath, BIN, 'import', db, 't', iris('csv')].map((a) => `'${a}'`).join(' ');
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: tmp, env: { PATH: process.env.PATH ?? '', HOME: tmp } });
      let stdout = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
      child.stdin.end();
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`\rimport ${iris('csv')} 150 rows\x1b[K`);
    expect(run.stdout).toMatch(/\r\x1b\[Kimported 150 rows/);
  });

  test('progress on stderr only with --progress when stderr is not a terminal', async () => {
    await ok(['create', db]);
    const quiet = await cli(['import', db, 'a', iris('parquet')]);
    expect(quiet.stderr).toBe('');
    const loud = await cli(['import', db, 'b', iris('parquet'), '--progress']);
    expect(loud.code).toBe(0);
    expect(loud.stderr).toBe(`import ${iris('parquet')}: 150 rows of 150 rows (100%)\n`);
  });
});

describe('trueno-db query', () => {
  const sql = 'SELECT target, count(*) AS n, round(avg(petal_length_cm), 3) AS petal FROM iris GROUP BY target ORDER BY target';

  test('an aligned table by default, JSON Lines with --json, CSV with --csv', async () => {
    await irisDb();
    expect(await ok(['query', db, sql])).toBe([
      'target   n  petal',
      '------  --  -----',
      '     0  50  1.462',
      '     1  50   4.26',
      '     2  50  5.552',
      '(3 rows)',
      '',
    ].join('\n'));
    expect(jsonLines(await ok(['query', db, sql, '--json']))).toEqual([
      { target: 0, n: 50, petal: 1.462 }, { target: 1, n: 50, petal: 4.26 }, { target: 2, n: 50, petal: 5.552 },
    ]);
    expect(await ok(['query', db, sql, '--csv'])).toBe('target,n,petal\n0,50,1.462\n1,50,4.26\n2,50,5.552\n');
    const plan = await ok(['query', db, 'EXPLAIN SELECT target FROM iris WHERE target > 0']);
    expect(plan.split('\n').length).toBeGreaterThan(2); // the plan's lines as they are, not one escaped cell
    expect(plan).toMatch(/SCAN iris/);
    expect(plan).not.toMatch(/\\n|\(1 row\)/);
  });

  test('--out writes Parquet, Arrow IPC and CSV files that read back with the same rows', async () => {
    await irisDb();
    for (const ext of ['parquet', 'arrow', 'csv']) {
      const file = path.join(tmp, `out.${ext}`);
      expect(await ok(['query', db, sql, '--out', file])).toMatch(new RegExp(`^wrote .*out\\.${ext}: 3 rows \\(`));
      const back = (await ArrowDataset.open(file)).toRows();
      expect(back.map((r) => [Number(r.target), Number(r.n), r.petal])).toEqual([[0, 50, 1.462], [1, 50, 4.26], [2, 50, 5.552]]);
    }
  });

  test('--param by position and by name', async () => {
    await irisDb();
    const literal = await ok(['query', db, "SELECT count(*) AS n FROM iris WHERE target = 2 AND sepal_length_cm > 6.5", '--csv']);
    expect(literal).toMatch(/^n\n[1-9]\d*\n$/);
    const q = 'SELECT count(*) AS n FROM iris WHERE target = $1 AND sepal_length_cm > $2';
    expect(await ok(['query', db, q, '--param', '2=6.5', '--param', '1=2', '--csv'])).toBe(literal);
    expect(await ok(['query', db, 'SELECT count(*) AS n FROM iris WHERE target = $t AND sepal_length_cm > $len', '--param', 'len=6.5', '--param', 't=2', '--csv'])).toBe(literal);
    expect(await ok(['query', db, 'SELECT count(*) AS n FROM iris WHERE target = ?', '--param', '1=0', '--csv'])).toBe('n\n50\n');
    expect(await ok(['query', db, 'SELECT $1 AS s', '--param', '1=Lyon', '--json'])).toBe('{"s":"Lyon"}\n');
  });

  test('several statements: DDL and DML report, queries print; - reads them from stdin', async () => {
    await irisDb();
    const out = await ok(['query', db, 'CREATE TABLE small AS SELECT * FROM iris WHERE target = 0; SELECT count(*) AS n FROM small;']);
    expect(out).toBe('OK (50 rows)\n n\n--\n50\n(1 row)\n');
    expect(await ok(['tables', db])).toMatch(/iris {2,}5\nsmall {2,}5\n$/);
    expect(await ok(['query', db, '-', '--csv'], 'DROP TABLE small;\nSELECT count(*) AS n\n  FROM iris;\n')).toBe('n\n150\n');
    expect(await ok(['tables', db])).toMatch(/^table +columns\n-+ +-+\niris +5\n$/);
  });

  test('bad SQL (exit 3) and bad options (exit 1): one line, no stack trace', async () => {
    await irisDb();
    expectOneLine(await cli(['query', db, 'SELEC 1']), EXIT.DATA, /ERR_TRUENO_DB_SYNTAX/);
    expectOneLine(await cli(['query', db, 'SELECT nope FROM iris']), EXIT.DATA, /nope/);
    const json = await cli(['--json', 'query', db, 'SELEC 1']);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'ERR_TRUENO_DB_SYNTAX', exitCode: EXIT.DATA } });
    expectOneLine(await cli(['query', db, 'SELECT 1', '--csv', '--json']), EXIT.USAGE, /at most one of --csv and --json/);
    expectOneLine(await cli(['query', db, 'SELECT 1', '--param', 'x']), EXIT.USAGE, /Expected key=value for --param/);
    expectOneLine(await cli(['query', db, 'SELECT 1', '--out', path.join(tmp, 'x.xlsx')]), EXIT.USAGE, /Expected an --out file ending in \.parquet.* but received/);
    expectOneLine(await cli(['query', db, 'CREATE TABLE t2 AS SELECT 1 AS a', '--out', path.join(tmp, 'x.csv')]), EXIT.USAGE, /returns rows for --out/);
    expectOneLine(await cli(['query', db, ' -- nothing ']), EXIT.USAGE, /Expected a SQL statement/);
    expectOneLine(await cli(['query', db, 'SELECT 1; SELECT 2', '--param', '1=1']), EXIT.USAGE, /one statement with --param but received 2/);
  });

  test('a reader that stops early (| head) ends the program quietly', async () => {
    await irisDb();
    const run = await new Promise<Run>((resolve) => {
      const child = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" query "${db}" "SELECT * FROM iris CROSS JOIN iris AS b" --csv | head -n 2`], { cwd: tmp });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stdout.split('\n')).toHaveLength(3);
    expect(run.stderr).toBe('');
  });
});

describe('trueno-db tables, schema, optimize, vacuum', () => {
  test('tables and schema as text and JSON; an unknown table is exit 2', async () => {
    await irisDb();
    expect(await ok(['tables', db])).toBe('table  columns\n-----  -------\niris   5\n');
    expect(JSON.parse(await ok(['tables', db, '--json']))).toEqual([{ name: 'iris', columns: 5 }]);
    expect(await ok(['schema', db, 'iris'])).toMatch(/^column +type\n-+ +-+\nsepal_length_cm +DOUBLE\n[\s\S]*target +BIGINT\n$/);
    const schema = JSON.parse(await ok(['--json', 'schema', db, 'iris']));
    expect(schema.table).toBe('iris');
    expect(schema.columns).toHaveLength(5);
    expect(schema.columns[0]).toEqual({ name: 'sepal_length_cm', type: 'DOUBLE' });
    expectOneLine(await cli(['schema', db, 'nope']), EXIT.NOT_FOUND, /'nope' \(ERR_TRUENO_DB_NO_TABLE\)$/);
  });

  test('optimize compacts many small inserts into one file; vacuum then deletes the old files; the rows stay', async () => {
    await ok(['create', db]);
    await ok(['import', db, 'iris', iris('parquet'), '--batch-rows', '10']);
    const before = await ok(['query', db, 'SELECT sum(sepal_length_cm) AS s, count(*) AS n FROM iris', '--json']);
    const optimized = JSON.parse(await ok(['--json', 'optimize', db, 'iris']));
    expect(optimized).toMatchObject({ table: 'iris', filesRemoved: 15, filesAdded: 1 });
    expect(await ok(['optimize', db, 'iris'])).toBe('optimize iris: nothing to compact\n');
    const dry = JSON.parse(await ok(['--json', 'vacuum', db, 'iris', '--retain-hours', '0', '--dry-run']));
    expect(dry).toMatchObject({ table: 'iris', dryRun: true });
    expect(dry.files).toHaveLength(15);
    expect(await ok(['vacuum', db, 'iris', '--retain-hours', '0'])).toMatch(/^vacuum iris: deleted 15 files:\n/);
    expect(await ok(['query', db, 'SELECT sum(sepal_length_cm) AS s, count(*) AS n FROM iris', '--json'])).toBe(before);
    expectOneLine(await cli(['vacuum', db, 'iris', '--retain-hours', '-1']), EXIT.USAGE, /non-negative number of hours/);
    expectOneLine(await cli(['optimize', db, 'iris', '--min-file-size', '1.5']), EXIT.USAGE, /Expected a positive integer for --min-file-size but received '1.5'/);
    expectOneLine(await cli(['optimize', db, 'nope']), EXIT.NOT_FOUND, /ERR_TRUENO_DB_NO_TABLE/);
  });
});

describe('trueno-db shell (stdin a pipe)', () => {
  test('statements across lines, dot-commands, an error that does not end the script, its exit code', async () => {
    await irisDb();
    const script = [
      '.tables',
      'SELECT count(*) AS n',
      '  FROM iris;',
      'SELEC oops;',
      '.mode csv',
      "SELECT target, count(*) AS n FROM iris WHERE target < 2 GROUP BY target ORDER BY target; CREATE TABLE t AS SELECT 1 AS one;",
      '.schema t',
      'SELECT one FROM t',
    ].join('\n');
    const run = await cli(['shell', db], script);
    expect(run.stdout).toBe('iris\n  n\n---\n150\n(1 row)\ntarget,n\n0,50\n1,50\nt\ncolumn  type\n------  -------\none     INTEGER\none\n1\n');
    expect(run.stderr).toMatch(/^Error: .*\(ERR_TRUENO_DB_SYNTAX\)\n$/);
    expect(run.code).toBe(EXIT.DATA);
    const clean = await cli(['shell', db, '--json'], 'SELECT 1 AS x;\n');
    expect(clean).toEqual({ code: 0, stdout: '{"x":1}\n', stderr: '' });
    expect(existsSync(path.join(tmp, '.trueno-db_history'))).toBe(false); // no history from a pipe
  });

  /** Runs the shell on a pseudo-terminal (util-linux `script`), typing `keys`. */
  function onTerminal(args: string[], keys: string): Promise<Run> {
    return new Promise((resolve) => {
      const command = [process.execPath, BIN, 'shell', ...args].map((a) => `'${a}'`).join(' ');
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: tmp, env: { PATH: process.env.PATH ?? '', HOME: tmp, TERM: 'dumb' } });
      let stdout = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
      child.stdin.end(keys);
    });
  }

  test('on a terminal: a prompt, and the lines typed kept in ~/.trueno-db_history, or --history, or none', async () => {
    await irisDb();
    const run = await onTerminal([db], 'SELECT count(*) AS n\rFROM iris;\r.quit\r');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('trueno-db> ');
    expect(run.stdout).toMatch(/150\r?\n\(1 row\)/);
    expect(readFileSync(path.join(tmp, '.trueno-db_history'), 'utf8')).toBe('SELECT count(*) AS n\nFROM iris;\n.quit\n');
    const own = path.join(db, '.history');
    await onTerminal([db, '--history', own], 'SELECT 1 AS one;\r.quit\r');
    expect(readFileSync(own, 'utf8')).toBe('SELECT 1 AS one;\n.quit\n');
    expect(await ok(['tables', db])).toBe('table  columns\n-----  -------\niris   5\n'); // a hidden file in the folder is no table
    rmSync(path.join(tmp, '.trueno-db_history'));
    await onTerminal([db, '--no-history'], 'SELECT 1 AS one;\r.quit\r');
    expect(existsSync(path.join(tmp, '.trueno-db_history'))).toBe(false);
  });
});

describe('trueno-db on S3 (s3rver)', () => {
  test('create, import, query, tables and optimize on s3://bucket/prefix, credentials from the environment', async () => {
    const s3 = await startS3Server();
    try {
      await s3.createBucket('tdb');
      const env = { AWS_ENDPOINT_URL: s3.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
      const run = async (args: string[]) => {
        const r = await cli(args, '', env);
        if (r.code !== 0) throw new Error(`trueno-db ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
        return r.stdout;
      };
      const location = 's3://tdb/warehouse';
      expect(await run(['create', location])).toBe(`created database ${location}\n`);
      await run(['import', location, 'iris', iris('parquet'), '--batch-rows', '50']);
      expect(await run(['query', location, 'SELECT count(*) AS n FROM iris', '--csv'])).toBe('n\n150\n');
      expect(await run(['tables', location])).toBe('table  columns\n-----  -------\niris   5\n');
      expect(JSON.parse(await run(['--json', 'optimize', location, 'iris']))).toMatchObject({ filesRemoved: 3, filesAdded: 1 });
      expect(await s3.getRaw('tdb', 'warehouse/iris/_delta_log/00000000000000000000.json')).toBeDefined();
      expectOneLine(await cli(['tables', location], '', { ...env, AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'WRONG' }), EXIT.STORAGE, /ERR_ALIMENTAR_AUTH/);
      expectOneLine(await cli(['tables', 's3://no-such-bucket/x'], '', env), EXIT.NOT_FOUND, /ERR_ALIMENTAR_NO_SUCH_BUCKET/);
    } finally {
      await s3.stop();
    }
  });
});
