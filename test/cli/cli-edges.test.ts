/**
 * The bins' rough edges, run as a user runs them: the built files (dist/cjs/cli/*.js, made by `npm test` or
 * `node scripts/build-ts.js`) in child processes. A user's mistake (a folder where a file is expected, a path under a
 * file, a name the registry refuses) is one line on stderr with its documented exit code, never the internal-error
 * code 70 with a stack; `registry push` needs no --name; `registry pull -o x.parquet` of a CSV version converts.
 */
import { runCli, type CliRun } from '../helpers/cli';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import { EXIT } from '../../lib/cli/shared/exit-codes';
import { SHARED_DATA } from '../helpers/shared-data';

const ROOT = path.resolve(__dirname, '../..');
const bin = (name: string) => path.join(ROOT, 'dist/cjs/cli', `${name}.js`);
const irisCsv = path.join(SHARED_DATA, 'iris.csv');

type Run = CliRun;

/** Runs a built bin with node in a child process (stderr is a pipe, not a TTY). */
function run(name: string, args: string[]): Promise<Run> {
  return runCli([process.execPath, bin(name), ...args], { cwd: tmp, env: { HOME: tmp } });
}
const alimentar = (...args: string[]) => run('alimentar', args);

/** One line on stderr (no stack trace), nothing on stdout, the given exit code. */
function expectOneLine(r: Run, code: number, pattern: RegExp): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: '' });
  expect(r.stderr).toMatch(/^[^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
}

let tmp: string;
beforeAll(() => {
  for (const name of ['alimentar', 'aprender']) expect(existsSync(bin(name))).toBe(true); // build-ts builds dist
});
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cli-edges-'));
  mkdirSync(path.join(tmp, 'folder'));
  writeFileSync(path.join(tmp, 'afile'), 'not a folder\n');
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('alimentar: user mistakes get their documented exit code and one line', () => {
  test.each([['info'], ['head'], ['schema']])('%s <folder> is a data error (3), not an internal one', async (cmd) => {
    expectOneLine(await alimentar(cmd, 'folder'), EXIT.DATA, /^alimentar: Expected a file at folder but it is a directory \(ERR_ALIMENTAR_IO\)$/m);
  });

  test('convert from a folder, or from a path under a file, is a data error (3)', async () => {
    expectOneLine(await alimentar('convert', 'folder', 'out.csv'), EXIT.DATA, /Expected a file at folder but it is a directory/);
    expectOneLine(await alimentar('schema', 'afile/x.csv'), EXIT.DATA, /Expected to access afile\/x\.csv but it failed: ENOTDIR/);
    expect(existsSync(path.join(tmp, 'out.csv'))).toBe(false);
  });

  test('registry init on a file is a storage error (4); pull into a path under a file is a write error (4)', async () => {
    expectOneLine(await alimentar('registry', 'init', 'afile'), EXIT.STORAGE, /Could not create the folder .*afile.*\(ERR_ALIMENTAR_STORAGE\)$/m);
    expect(readFileSync(path.join(tmp, 'afile'), 'utf8')).toBe('not a folder\n');
    expect((await alimentar('registry', 'init', 'reg')).code).toBe(0);
    expect((await alimentar('registry', 'push', 'reg', irisCsv)).code).toBe(0);
    expectOneLine(await alimentar('registry', 'pull', 'reg', 'iris', '-o', 'afile/x.csv'), EXIT.STORAGE, /Expected to write .*afile\/x\.csv but it failed: .*\(ERR_ALIMENTAR_WRITE\)$/m);
    expectOneLine(await alimentar('registry', 'pull', 'reg', 'iris', '-o', 'afile/x.parquet'), EXIT.STORAGE, /\(ERR_ALIMENTAR_WRITE\)$/m);
  });

  test('wrong option values are usage errors (1)', async () => {
    expectOneLine(await alimentar('head', '-n', '0', irisCsv), EXIT.USAGE, /Expected a positive integer but received '0'/);
    expectOneLine(await alimentar('convert', irisCsv, 'o.parquet', '--row-group-size', '1.5'), EXIT.USAGE, /Expected a positive integer/);
    expectOneLine(await alimentar('registry', 'gc', 'reg', '--min-age', 'soon'), EXIT.USAGE, /non-negative number of seconds/);
    expectOneLine(await alimentar('info', 's3://bucket/iris.csv'), EXIT.USAGE, /Expected a local path, file:\/\/ or http\(s\):\/\/ URL/);
  });
});

describe('aprender: user mistakes at --out', () => {
  test('train --out <folder> is a write error (4) with one line, not an internal error', async () => {
    const r = await run('aprender', ['train', '--data', irisCsv, '--model', 'logistic-regression', '--out', 'folder']);
    expectOneLine(r, EXIT.STORAGE, /^aprender: Expected to write the model to folder but it failed: EISDIR.*\(ERR_ALIMENTAR_WRITE\)$/m);
    const under = await run('aprender', ['train', '--data', irisCsv, '--model', 'logistic-regression', '--out', 'afile/m.apr']);
    expectOneLine(under, EXIT.STORAGE, /Expected to write the model to afile\/m\.apr but it failed/);
  });
});

describe('alimentar registry push: --name from the file name', () => {
  test('push without --name names the dataset after the file; its help says what is required', async () => {
    expect((await alimentar('registry', 'init', 'reg')).code).toBe(0);
    const push = await alimentar('--json', 'registry', 'push', 'reg', irisCsv);
    expect(push.code).toBe(0);
    expect(JSON.parse(push.stdout)).toMatchObject({ name: 'iris', version: '1', format: 'csv', rows: 150 });
    expect(JSON.parse((await alimentar('--json', 'registry', 'list', 'reg')).stdout).map((d: { name: string }) => d.name)).toEqual(['iris']);
    // an explicit --name still wins
    expect(JSON.parse((await alimentar('--json', 'registry', 'push', 'reg', irisCsv, '--name', 'flowers')).stdout)).toMatchObject({ name: 'flowers' });
    // a file name that is no dataset name asks for --name
    copyFileSync(irisCsv, path.join(tmp, 'my iris.csv'));
    expectOneLine(await alimentar('registry', 'push', 'reg', 'my iris.csv'), EXIT.USAGE, /Expected --name: the file name 'my iris\.csv' does not give a dataset name/);
    const help = await alimentar('registry', 'push', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/<location> and <file> are required; every option is optional/);
    expect(help.stdout).toMatch(/--name <name>\s+dataset name \(default: the file name without its\s+extension/);
  });
});

describe('alimentar registry pull: the destination extension decides the format', () => {
  test('pull -o x.parquet of a CSV version writes Parquet with the same rows; -o x.csv the stored bytes', async () => {
    expect((await alimentar('registry', 'init', 'reg')).code).toBe(0);
    expect((await alimentar('registry', 'push', 'reg', irisCsv)).code).toBe(0);
    const pulled = await alimentar('registry', 'pull', 'reg', 'iris', '-o', 'x.parquet');
    expect(pulled).toMatchObject({ code: 0, stderr: '' });
    expect(pulled.stdout).toMatch(/sha256 verified; converted from csv to parquet/);
    const bytes = readFileSync(path.join(tmp, 'x.parquet'));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(bytes.subarray(-4).toString('latin1')).toBe('PAR1');
    const back = await ArrowDataset.open(path.join(tmp, 'x.parquet'));
    const original = await ArrowDataset.open(irisCsv);
    expect(back.numRows).toBe(150);
    expect(back.toRows()).toEqual(original.toRows());

    const json = await alimentar('--json', 'registry', 'pull', 'reg', 'iris', '-o', 'x.jsonl');
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'csv', convertedTo: 'jsonl' });
    expect(readFileSync(path.join(tmp, 'x.jsonl'), 'utf8').trim().split('\n')).toHaveLength(150);

    const same = await alimentar('--json', 'registry', 'pull', 'reg', 'iris', '-o', 'x.csv');
    expect(JSON.parse(same.stdout).convertedTo).toBeUndefined();
    expect(readFileSync(path.join(tmp, 'x.csv')).equals(readFileSync(irisCsv))).toBe(true);
    // a folder keeps the stored file name and bytes
    expect((await alimentar('registry', 'pull', 'reg', 'iris', '-o', 'folder')).code).toBe(0);
    expect(readFileSync(path.join(tmp, 'folder', 'iris.csv')).equals(readFileSync(irisCsv))).toBe(true);
  });
});
