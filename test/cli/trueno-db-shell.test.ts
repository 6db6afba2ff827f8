/**
 * `trueno-db shell` in-process over a stand-in database (the spawned bin over a real one is in trueno-db.test.ts):
 * statements across lines, dot-commands, errors that do not end the shell, the exit code of a script, and the
 * history file of a terminal session.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Table } from 'apache-arrow';
import { EXIT, exitCodeOf } from '../../lib/cli/trueno-db/exit-codes';
import type { Outcome, Session } from '../../lib/cli/trueno-db/session';
import { HISTORY_SIZE, readHistory, runShell, writeHistory } from '../../lib/cli/trueno-db/shell';
import { TruenoDbError } from '../../lib/trueno-db/errors';

/** A database that answers `SELECT <n>` with one row, records what it ran, and fails on anything it does not know. */
class FakeSession implements Session {
  readonly ran: string[] = [];

  async run(sql: string): Promise<Outcome> {
    this.ran.push(sql);
    const select = /^SELECT\s+(\d+)$/i.exec(sql);
    if (select) {
      const n = Number(select[1]);
      const batch = { names: ['n'], columns: [{ type: { id: 'integer' as const }, length: 1, values: Int32Array.of(n) }], length: 1 };
      return { kind: 'rows', numRows: 1, batch: () => batch, toTable: () => ({}) as Table };
    }
    if (/^INSERT/i.test(sql)) return { kind: 'done', changed: 2 };
    if (/^CREATE/i.test(sql)) return { kind: 'done' };
    throw new TruenoDbError(`Expected a statement at 1:1 but received '${sql.slice(0, 10)}'`, 'ERR_TRUENO_DB_SYNTAX');
  }

  async tables(): Promise<string[]> {
    return ['a', 'b'];
  }

  async schema(table: string) {
    if (table !== 'a' && table !== 'b') throw new TruenoDbError(`Expected a table of the database (a, b) but received '${table}'`, 'ERR_TRUENO_DB_NO_TABLE');
    return { names: ['x', 'y'], types: [{ id: 'bigint' as const }, { id: 'varchar' as const }] };
  }
}

interface ShellRun {
  input: PassThrough;
  code: number;
  out: string;
  err: string;
  session: FakeSession;
}

async function shell(script: string, options: { interactive?: boolean; historyFile?: string } = {}): Promise<ShellRun> {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors = new PassThrough();
  let out = '';
  let err = '';
  output.on('data', (c) => (out += c));
  errors.on('data', (c) => (err += c));
  const session = new FakeSession();
  const done = runShell(session, { input, output, errors, interactive: options.interactive ?? false, historyFile: options.historyFile, exitCodeOf });
  input.end(script);
  const code = await done;
  return { input, code, out, err, session };
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'trueno-db-shell-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('a script from a pipe', () => {
  test('statements across lines and several on a line run in order; no prompt; comments between statements dropped; the last may lack its ;', async () => {
    const run = await shell('SELECT\n1; SELECT 2;\n\n-- a comment\nINSERT INTO t\n VALUES (1), (2);\nCREATE TABLE u (a INT);\nSELECT 3');
    expect(run.session.ran).toEqual(['SELECT\n1', 'SELECT 2', 'INSERT INTO t\n VALUES (1), (2)', 'CREATE TABLE u (a INT)', 'SELECT 3']);
    expect(run.out).toBe('n\n-\n1\n(1 row)\nn\n-\n2\n(1 row)\nOK (2 rows)\nOK\nn\n-\n3\n(1 row)\n');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  });

  test('an error is printed and the script goes on; the exit code is the first error\'s', async () => {
    const run = await shell('SELEC 1;\nSELECT 1;\n.schema nope\nSELECT 2;\n');
    expect(run.session.ran).toEqual(['SELEC 1', 'SELECT 1', 'SELECT 2']);
    expect(run.err).toBe("Error: Expected a statement at 1:1 but received 'SELEC 1' (ERR_TRUENO_DB_SYNTAX)\n" +
      "Error: Expected a table of the database (a, b) but received 'nope' (ERR_TRUENO_DB_NO_TABLE)\n");
    expect(run.code).toBe(EXIT.DATA);
    expect(run.out).toMatch(/^n\n-\n1\n\(1 row\)\nn\n-\n2\n\(1 row\)\n$/);
  });

  test('dot-commands: .tables, .schema, .mode, .timer, .help, unknown ones, .quit stops reading', async () => {
    const run = await shell('.tables\n.schema a\n.mode csv\nSELECT 7;\n.mode json\nSELECT 8;\n.mode xml\n.timer on\nSELECT 9;\n.timer off\n.help\n.frobnicate\n.quit\nSELECT 10;\n');
    expect(run.session.ran).toEqual(['SELECT 7', 'SELECT 8', 'SELECT 9']);
    expect(run.out).toContain('a\nb\n');
    expect(run.out).toMatch(/a\ncolumn {2}type\n------ {2}-------\nx {7}BIGINT\ny {7}VARCHAR\n/);
    expect(run.out).toContain('n\n7\n{"n":8}\n');
    expect(run.out).toMatch(/\{"n":9\}\nRun time: \d+\.\d{3} s\n/);
    expect(run.out).toContain('.schema [table]');
    expect(run.err).toBe("Error: Expected .mode table, csv or json but received '.mode xml'\n" +
      "Error: Expected a dot-command (.help lists them) but received '.frobnicate'\n");
    expect(run.code).toBe(EXIT.USAGE);
  });

  test('a long script runs whole and in order (reading pauses while lines wait)', async () => {
    const run = await shell(Array.from({ length: 5000 }, (_, i) => `SELECT ${i};`).join('\n'));
    expect(run.session.ran).toHaveLength(5000);
    expect(run.session.ran[4999]).toBe('SELECT 4999');
    expect(run.out.split('(1 row)')).toHaveLength(5001);
  });

  test('.schema without a table describes every table', async () => {
    const run = await shell('.schema\n');
    expect(run.out.match(/column {2}type/g)).toHaveLength(2);
    expect(run.code).toBe(0);
  });
});

describe('on a terminal', () => {
  test('prompts, a continuation prompt inside a statement, and the history saved oldest first', async () => {
    const historyFile = path.join(tmp, 'sub', 'history');
    const run = await shell('SELECT\n4;\n.tables\n', { interactive: true, historyFile });
    expect(run.out).toContain('trueno-db> ');
    expect(run.out).toContain('      ...> ');
    expect(run.session.ran).toEqual(['SELECT\n4']);
    expect(readFileSync(historyFile, 'utf8')).toBe('SELECT\n4;\n.tables\n');
    expect(run.code).toBe(0);
  });

  test('Ctrl-C drops the statement being typed and the shell goes on; at an empty prompt it says how to leave', async () => {
    const run = await shell('SELECT\n1\n\x03SELECT 5;\n\x03.quit\n', { interactive: true });
    expect(run.session.ran).toEqual(['SELECT 5']);
    expect(run.out).toContain('(.quit or Ctrl-D to leave)');
    expect(run.code).toBe(0);
  });

  test('Ctrl-D while a statement runs: the lines typed before it run, and the closed input is not resumed', async () => {
    const run = await shell('SELECT 6;\n\x04', { interactive: true });
    expect(run.session.ran).toEqual(['SELECT 6']);
    expect(run.input.isPaused()).toBe(true); // a resumed stdin would keep the process alive on a terminal
  });

  test('the history is read back (newest first for readline), capped, and errors still leave exit code 0', async () => {
    const historyFile = path.join(tmp, 'history');
    writeFileSync(historyFile, 'SELECT 1;\nSELECT 2;\n');
    expect(readHistory(historyFile)).toEqual(['SELECT 2;', 'SELECT 1;']);
    const run = await shell('bad;\n', { interactive: true, historyFile });
    expect(run.err).toMatch(/ERR_TRUENO_DB_SYNTAX/);
    expect(run.code).toBe(0);
    expect(readFileSync(historyFile, 'utf8')).toBe('SELECT 1;\nSELECT 2;\nbad;\n');
    writeHistory(historyFile, Array.from({ length: HISTORY_SIZE + 5 }, (_, i) => `q${i}`));
    expect(readHistory(historyFile)).toHaveLength(HISTORY_SIZE);
    expect(readHistory(path.join(tmp, 'none'))).toEqual([]);
  });
});
