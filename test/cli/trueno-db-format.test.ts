/**
 * The pieces behind `trueno-db query` and the shell, in-process: how values print by SQL type (table, CSV, JSON
 * Lines), `--param` parsing, and where statements end.
 */
import { usageMessage } from '../helpers/cli';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLineProgress } from '../../lib/cli/shared/progress';
import { EXIT, exitCodeOf } from '../../lib/cli/trueno-db/exit-codes';
import { folderState, isLocal, localFolder } from '../../lib/cli/trueno-db/folder';
import { cellText, csvLines, jsonAt, jsonLines, renderResultTable, uniqueNames } from '../../lib/cli/trueno-db/format';
import { parseParams, parseParamValue } from '../../lib/cli/trueno-db/params';
import { hasCode, isExplain, splitStatements, statementKind } from '../../lib/cli/trueno-db/statements';
import type { Column, ColumnBatch, SqlType } from '../../lib/trueno-db/types';

const INT: SqlType = { id: 'integer' };
const TEXT: SqlType = { id: 'varchar' };
const DOUBLE: SqlType = { id: 'double' };

const usage = usageMessage;

/** A column of JS values (null for NULL) in trueno-db's layout. */
function col(type: SqlType, values: unknown[]): Column {
  const valid = Uint8Array.from(values, (v) => (v === null ? 0 : 1));
  const n = values.length;
  switch (type.id) {
    case 'varchar': {
      const dict = [...new Set(values.filter((v) => v !== null) as string[])];
      return { type, length: n, values: Int32Array.from(values, (v) => (v === null ? 0 : dict.indexOf(v as string))), dict, valid };
    }
    case 'bigint':
      return { type, length: n, values: BigInt64Array.from(values, (v) => (v === null ? 0n : (v as bigint))), valid };
    case 'integer':
    case 'date':
      return { type, length: n, values: Int32Array.from(values, (v) => (v === null ? 0 : (v as number))), valid };
    case 'boolean':
      return { type, length: n, values: Uint8Array.from(values, (v) => (v === true ? 1 : 0)), valid };
    default:
      return { type, length: n, values: Float64Array.from(values, (v) => (v === null ? 0 : (v as number))), valid };
  }
}

function batch(names: string[], columns: Column[]): ColumnBatch {
  return { names, columns, length: columns[0]?.length ?? 0 };
}

describe('cells', () => {
  test('text is the database\'s (dates, timestamps to the microsecond, lists); NULL is undefined', () => {
    expect(cellText(col({ id: 'date' }, [19753, -1]), 0)).toBe('2024-01-31');
    expect(cellText(col({ id: 'date' }, [19753, -1]), 1)).toBe('1969-12-31');
    expect(cellText(col({ id: 'timestamp' }, [1706702645123456]), 0)).toBe('2024-01-31 12:04:05.123456');
    expect(cellText(col({ id: 'bigint' }, [12345678901234567n]), 0)).toBe('12345678901234567');
    const list: Column = { type: { id: 'list', child: DOUBLE, size: 2 }, length: 2, values: new Uint8Array(0), child: col(DOUBLE, [1, 2.5, null, 4]) };
    expect(cellText(list, 0)).toBe('[1, 2.5]');
    expect(cellText(list, 1)).toBe('[NULL, 4]');
    expect(cellText(col(DOUBLE, [NaN]), 0)).toBe('NaN');
    expect(cellText(col({ id: 'boolean' }, [true]), 0)).toBe('true');
    expect(cellText(col(INT, [null]), 0)).toBeUndefined();
    expect(cellText({ type: { id: 'null' }, length: 1, values: new Uint8Array(1) }, 0)).toBeUndefined();
  });

  test('JSON: exact bigints as numbers, others as text; non-finite numbers as text (null is NULL); dates as text', () => {
    const big = col({ id: 'bigint' }, [5n, 2n ** 60n, null]);
    expect([0, 1, 2].map((i) => jsonAt(big, i))).toEqual([5, '1152921504606846976', null]);
    const d = col(DOUBLE, [NaN, -Infinity, 0.5]);
    expect([0, 1, 2].map((i) => jsonAt(d, i))).toEqual(['NaN', '-Infinity', 0.5]);
    expect(jsonAt(col({ id: 'date' }, [19753]), 0)).toBe('2024-01-31');
    const list: Column = { type: { id: 'list', child: INT }, length: 2, values: new Uint8Array(0), offsets: Int32Array.of(0, 2, 2), child: col(INT, [1, null]) };
    expect([jsonAt(list, 0), jsonAt(list, 1)]).toEqual([[1, null], []]);
    expect(jsonAt(col(TEXT, ['x']), 0)).toBe('x');
    expect(jsonAt(col({ id: 'boolean' }, [false]), 0)).toBe(false);
  });
});

describe('printers', () => {
  const result = batch(['id', 'name', 'score'], [col(INT, [1, 22, 3]), col(TEXT, ['ann', null, 'a\tb\nc']), col(DOUBLE, [0.5, -1.25, null])]);

  test('table: numbers right-aligned, NULL shown, control characters escaped, a row count', () => {
    expect(renderResultTable(result)).toBe([
      'id  name     score',
      '--  -------  -----',
      ' 1  ann        0.5',
      '22  NULL     -1.25',
      ' 3  a\\tb\\nc   NULL',
      '(3 rows)',
      '',
    ].join('\n'));
    expect(renderResultTable(batch(['x'], [col(TEXT, [])]))).toBe('x\n-\n(0 rows)\n');
    expect(renderResultTable(batch(['x'], [col(TEXT, ['é😀'])]))).toBe('x\n--\né😀\n(1 row)\n');
  });

  test('CSV: a header, NULL empty, empty text quoted, quotes doubled, line breaks kept inside quotes', () => {
    const rows = batch(['a', 'b,c'], [col(TEXT, ['', 'say "hi"', 'x\ny', ' pad']), col(INT, [null, 2, 3, 4])]);
    expect([...csvLines(rows)].join('')).toBe('a,"b,c"\n"",\n"say ""hi""",2\n"x\ny",3\n" pad",4\n');
  });

  test('JSON Lines: one object per row, repeated names made distinct', () => {
    const lines = [...jsonLines(batch(['a', 'a', 'a_2'], [col(INT, [1, null]), col({ id: 'bigint' }, [2n, 5n]), col(INT, [3, 6])]))];
    expect(lines).toEqual(['{"a":1,"a_3":2,"a_2":3}\n', '{"a":null,"a_3":5,"a_2":6}\n']);
    expect(uniqueNames(['x', 'y', 'x', 'x'])).toEqual(['x', 'y', 'x_2', 'x_3']);
  });
});

describe('--param', () => {
  test('positions give an array in order; names give a record; values read as JSON, else text', () => {
    expect(parseParams([])).toBeUndefined();
    expect(parseParams(['2=Lyon', '1=42', '3=null', '4=true', '5="7"', '6=1.5e3', '7=a=b', '8='])).toEqual([42, 'Lyon', null, true, '7', 1500, 'a=b', '']);
    expect(parseParams(['city=Lyon', '$n=3'])).toEqual({ city: 'Lyon', n: 3 });
    expect(parseParamValue('9007199254740993')).toBe(9007199254740993n);
    expect(parseParamValue('-12')).toBe(-12);
    expect(parseParamValue('007')).toBe('007');
  });

  test.each([
    [['42'], /^Expected key=value for --param .* but received '42'$/],
    [['=1'], /but received '=1'$/],
    [['a-b=1'], /but received 'a-b=1'$/],
    [['0=1'], /but received '0=1'$/],
    [['1=a', '1=b'], /^Expected each position once in --param but received \$1 twice$/],
    [['x=a', 'x=b'], /^Expected each name once/],
    [['1=a', '3=b'], /^Expected --param positions 1 to 2 but \$2 is missing$/],
    [['1=a', 'x=b'], /^Expected --param keys that are all positions or all names but received both/],
  ])('refuses %j', (items, message) => {
    expect(usage(() => parseParams(items))).toMatch(message);
  });
});

describe('statements', () => {
  test('split at semicolons outside quotes and comments; the unfinished rest is kept', () => {
    expect(splitStatements("SELECT ';'; SELECT 2;\nSELECT")).toEqual({ statements: ["SELECT ';'", 'SELECT 2'], rest: '\nSELECT' });
    expect(splitStatements("SELECT 'it''s; ok' AS \"a;b\" -- c;\n/* ; */ FROM t;").statements).toEqual(["SELECT 'it''s; ok' AS \"a;b\" -- c;\n/* ; */ FROM t"]);
    expect(splitStatements("SELECT 'open; ").statements).toEqual([]);
    expect(splitStatements('-- only a comment;\n;;  ;').statements).toEqual([]);
    expect(splitStatements('SELECT 1 /* open ;').rest).toBe('SELECT 1 /* open ;');
  });

  test('blank and comment-only text has no code', () => {
    expect(hasCode('  -- x\n /* y */ ')).toBe(false);
    expect(hasCode("'--'")).toBe(true);
  });

  test('queries and EXPLAIN return rows; DDL and DML change the database', () => {
    for (const q of ['select 1', ' (SELECT 1) UNION SELECT 2', 'WITH a AS (SELECT 1) SELECT * FROM a', 'EXPLAIN SELECT 1', '-- c\nVALUES (1)', 'FROM t']) expect(statementKind(q)).toBe('query');
    for (const q of ['CREATE TABLE t (a INT)', 'INSERT INTO t VALUES (1)', 'DELETE FROM t', 'drop table t', '']) expect(statementKind(q)).toBe('exec');
    expect(isExplain('/* why */ explain SELECT 1')).toBe(true);
    expect(isExplain("SELECT 'explain'")).toBe(false);
  });
});

describe('database folders', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'trueno-db-folder-'));
  });
  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  test('missing, file, empty (hidden files do not count), database (only Delta tables), other', async () => {
    expect(await folderState(path.join(tmp, 'none'))).toBe('missing');
    writeFileSync(path.join(tmp, 'f'), 'x');
    expect(await folderState(path.join(tmp, 'f'))).toBe('file');
    const dir = path.join(tmp, 'db');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '.trueno-db_history'), 'SELECT 1;\n');
    expect(await folderState(dir)).toBe('empty');
    mkdirSync(path.join(dir, 't', '_delta_log'), { recursive: true });
    expect(await folderState(dir)).toBe('database');
    expect(await folderState(pathToFileURL(dir).href.replace('file://', ''))).toBe('database');
    mkdirSync(path.join(dir, 'u'));
    expect(await folderState(dir)).toBe('other');
    expect(isLocal('s3://bucket/prefix')).toBe(false);
    expect(isLocal('./local-db')).toBe(true);
    expect(isLocal('file:///tmp/x')).toBe(true);
    expect(localFolder(pathToFileURL(path.join(tmp, 'a b')).href)).toBe(path.join(tmp, 'a b'));
  });
});

describe('progress as lines (--progress when stderr is not a terminal)', () => {
  test('at most one line per interval and the final count at the end, no control characters', () => {
    let text = '';
    const stream = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
    const quiet = createLineProgress('import a.csv', stream, 'rows', 60_000);
    quiet.update(10, undefined);
    quiet.update(20_000, undefined);
    quiet.finish();
    quiet.finish();
    const eager = createLineProgress('import b.parquet', stream, 'rows', 0);
    eager.update(50, 200);
    eager.update(200, 200);
    eager.finish();
    createLineProgress('never', stream).finish();
    expect(text).toBe('import a.csv: 20,000 rows\nimport b.parquet: 50 rows of 200 rows (25%)\nimport b.parquet: 200 rows of 200 rows (100%)\n');
  });
});

describe('exit codes', () => {
  /** Every `ERR_TRUENO_DB_*` code written in lib/trueno-db (each part of the database names its own). */
  function databaseCodes(dir: string): Set<string> {
    const codes = new Set<string>();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) databaseCodes(p).forEach((c) => codes.add(c));
      else if (entry.name.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/'(ERR_TRUENO_DB_[A-Z_]+)'/g)) codes.add(m[1]);
    }
    return codes;
  }

  // what only a bug of the CLI can meet: a closed database, and querySync's limits (the CLI never calls querySync)
  const CLI_BUGS = ['ERR_TRUENO_DB_CLOSED', 'ERR_TRUENO_DB_SYNC', 'ERR_TRUENO_DB_NOT_CACHED'];

  test('every error code of the database has its exit code (except those only a bug of the CLI meets)', () => {
    const codes = databaseCodes(path.resolve(__dirname, '../../lib/trueno-db'));
    expect(codes.size).toBeGreaterThan(5);
    for (const code of CLI_BUGS) codes.delete(code);
    const unmapped = [...codes].filter((code) => exitCodeOf(Object.assign(new Error('x'), { code })) === EXIT.INTERNAL);
    expect(unmapped).toEqual([]);
    expect(exitCodeOf(Object.assign(new Error('x'), { code: 'ERR_TRUENO_DB_SYNTAX' }))).toBe(EXIT.DATA);
    expect(exitCodeOf(Object.assign(new Error('x'), { code: 'ERR_TRUENO_DB_NO_TABLE' }))).toBe(EXIT.NOT_FOUND);
    expect(exitCodeOf(Object.assign(new Error('x'), { code: 'ERR_ALIMENTAR_NOT_FOUND' }))).toBe(EXIT.NOT_FOUND);
    expect(exitCodeOf(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(EXIT.STORAGE);
    expect(exitCodeOf(new Error('no code'))).toBe(EXIT.INTERNAL);
  });
});
