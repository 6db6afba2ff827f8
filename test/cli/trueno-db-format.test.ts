/**
 * The pieces behind `trueno-db query` and the shell, in-process: how values print by SQL type (table, CSV, JSON
 * Lines), `--param` parsing, and where statements end.
 */
import { CommanderError } from 'commander';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLineProgress } from '../../lib/cli/shared/progress';
import { folderState, isLocal, localFolder } from '../../lib/cli/trueno-db/folder';
import { csvLines, jsonLines, jsonValue, renderResultTable, uniqueNames, valueText, type ResultRows } from '../../lib/cli/trueno-db/format';
import { parseParams, parseParamValue } from '../../lib/cli/trueno-db/params';
import { hasCode, splitStatements, statementKind } from '../../lib/cli/trueno-db/statements';
import type { SqlType } from '../../lib/trueno-db/types';

const INT: SqlType = { id: 'integer' };
const TEXT: SqlType = { id: 'varchar' };
const DOUBLE: SqlType = { id: 'double' };

const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CommanderError);
    expect((e as CommanderError).exitCode).toBe(1);
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('value text', () => {
  test('by type: dates from days or a Date, timestamps from microseconds, decimals with their scale', () => {
    expect(valueText(19753, { id: 'date' })).toBe('2024-01-31');
    expect(valueText(new Date(Date.UTC(2024, 0, 31)), { id: 'date' })).toBe('2024-01-31');
    expect(valueText(-1, { id: 'date' })).toBe('1969-12-31');
    expect(valueText(1706702645123456, { id: 'timestamp' })).toBe('2024-01-31 12:04:05.123456');
    expect(valueText(1706702645000000n, { id: 'timestamp' })).toBe('2024-01-31 12:04:05');
    expect(valueText(1706702645500000, { id: 'timestamp' })).toBe('2024-01-31 12:04:05.5');
    expect(valueText(-1, { id: 'timestamp' })).toBe('1969-12-31 23:59:59.999999');
    expect(valueText(1.5, { id: 'decimal', precision: 10, scale: 2 })).toBe('1.50');
    expect(valueText(12345678901234567890n, { id: 'bigint' })).toBe('12345678901234567890');
    expect(valueText(Float64Array.of(1, 2.5), { id: 'list', child: DOUBLE, size: 2 })).toBe('[1, 2.5]');
    expect(valueText([1, null], { id: 'list', child: INT })).toBe('[1, NULL]');
    expect(valueText(NaN, DOUBLE)).toBe('NaN');
    expect(valueText(true, { id: 'boolean' })).toBe('true');
    expect(valueText(null, INT)).toBeUndefined();
    expect(valueText(undefined, INT)).toBeUndefined();
  });

  test('JSON: exact bigints as numbers, others as text; non-finite numbers as text (null is NULL); dates as text', () => {
    expect(jsonValue(5n, { id: 'bigint' })).toBe(5);
    expect(jsonValue(2n ** 60n, { id: 'bigint' })).toBe('1152921504606846976');
    expect(jsonValue(NaN, DOUBLE)).toBe('NaN');
    expect(jsonValue(-Infinity, DOUBLE)).toBe('-Infinity');
    expect(jsonValue(19753, { id: 'date' })).toBe('2024-01-31');
    expect(jsonValue(Int32Array.of(1, 2), { id: 'list', child: INT })).toEqual([1, 2]);
    expect(jsonValue(null, INT)).toBeNull();
    expect(jsonValue('x', TEXT)).toBe('x');
  });
});

describe('printers', () => {
  const result: ResultRows = {
    names: ['id', 'name', 'score'],
    types: [INT, TEXT, DOUBLE],
    rows: [[1, 'ann', 0.5], [22, null, -1.25], [3, 'a\tb\nc', null]],
  };

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
    expect(renderResultTable({ names: ['x'], types: [TEXT], rows: [] })).toBe('x\n-\n(0 rows)\n');
    expect(renderResultTable({ names: ['x'], types: [TEXT], rows: [['é😀']] })).toBe('x\n--\né😀\n(1 row)\n');
  });

  test('CSV: a header, NULL empty, empty text quoted, quotes doubled, line breaks kept inside quotes', () => {
    const rows: ResultRows = { names: ['a', 'b,c'], types: [TEXT, INT], rows: [['', null], ['say "hi"', 2], ['x\ny', 3], [' pad', 4]] };
    expect([...csvLines(rows)].join('')).toBe('a,"b,c"\n"",\n"say ""hi""",2\n"x\ny",3\n" pad",4\n');
  });

  test('JSON Lines: one object per row, repeated names made distinct', () => {
    const lines = [...jsonLines({ names: ['a', 'a', 'a_2'], types: [INT, INT, INT], rows: [[1, 2, 3], [null, 5n, 6]] })];
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
