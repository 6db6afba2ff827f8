import { runCli, type CliRun } from '../helpers/cli';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createProgress } from '../../lib/cli/shared/progress';
import { startS3Server, type S3TestServer } from '../helpers/s3-server';
import { SHARED_DATA } from '../helpers/shared-data';

const ROOT = path.resolve(__dirname, '../..');
const DATA = SHARED_DATA;

type Run = CliRun;

/** Runs the CLI from its TypeScript source in a child process (stderr is a pipe, not a TTY). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const command = [process.execPath, '--require', path.join(ROOT, 'scripts/register-ts.js'), path.join(ROOT, 'lib/cli/alimentar.ts'), ...args];
  return runCli(command, { cwd: tmp, env });
}

let tmp: string;
let s3: S3TestServer;
let s3env: Record<string, string>;

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket('cli-test');
  s3env = { AWS_ENDPOINT_URL: s3.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
});
afterAll(async () => {
  await s3?.stop();
});
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'alimentar-cli-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('alimentar info / head / schema / convert', () => {
  test('info, head and schema print text, or JSON with --json', async () => {
    const iris = path.join(DATA, 'iris.parquet');
    const info = await cli(['info', iris, '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ format: 'parquet', rows: 150, columns: 5 });
    const head = await cli(['--json', 'head', '-n', '3', path.join(DATA, 'iris.csv')]);
    expect(JSON.parse(head.stdout)).toHaveLength(3);
    expect(JSON.parse(head.stdout)[0]).toMatchObject({ sepal_length_cm: 5.1, target: 0 });
    const text = await cli(['schema', path.join(DATA, 'wine.arrow')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/alcohol\s+Float64/);
    expect(text.stderr).toBe('');
  });

  test('convert writes another format that reads back with the same rows', async () => {
    const out = path.join(tmp, 'iris.jsonl');
    const run = await cli(['convert', path.join(DATA, 'iris.parquet'), out, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 150 });
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(150);
    const back = await cli(['info', out, '--json']);
    expect(JSON.parse(back.stdout)).toMatchObject({ format: 'jsonl', rows: 150 });
  });

  test('head and schema read only the start of a file; convert streams and leaves nothing behind on a bad line', async () => {
    // 200,000 good rows (a few MB), then a ragged one: head and schema never reach it, info and convert do
    const big = path.join(tmp, 'late-error.csv');
    writeFileSync(big, 'a,b\n' + Array.from({ length: 200000 }, (_, i) => `${i},${i * 2}`).join('\n') + '\n1,2,3\n');
    const head = await cli(['--json', 'head', '-n', '2', big]);
    expect(head.code).toBe(0);
    expect(JSON.parse(head.stdout)).toEqual([{ a: 0, b: 0 }, { a: 1, b: 2 }]);
    expect((await cli(['schema', big])).stdout).toMatch(/a\s+Int64/);
    const info = await cli(['--json', 'info', big]);
    expect(info.code).toBe(3);
    expect(JSON.parse(info.stderr).error).toMatchObject({ code: 'ERR_ALIMENTAR_CSV_PARSE' });
    const out = path.join(tmp, 'late-error.parquet');
    const convert = await cli(['--json', 'convert', big, out]);
    expect(convert.code).toBe(3);
    expect(JSON.parse(convert.stderr).error.message).toMatch(/line 200002/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('late-error.parquet'))).toEqual([]);
  });

  test('exit codes: 1 usage, 2 not found, 3 data error; --json errors are JSON on stderr', async () => {
    expect((await cli(['frobnicate'])).code).toBe(1);
    expect((await cli(['head', '-n', 'zero', path.join(DATA, 'iris.csv')])).code).toBe(1);
    const missing = await cli(['info', path.join(tmp, 'missing.parquet')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/ERR_ALIMENTAR_NOT_FOUND/);
    const bad = path.join(tmp, 'bad.parquet');
    writeFileSync(bad, Buffer.concat([readFileSync(path.join(DATA, 'iris.parquet')).subarray(0, 500)]));
    const corrupt = await cli(['--json', 'info', bad]);
    expect(corrupt.code).toBe(3);
    expect(JSON.parse(corrupt.stderr).error).toMatchObject({ code: 'ERR_ALIMENTAR_PARQUET', exitCode: 3 });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:/);
  });
});

describe('alimentar registry on a local folder: retried pushes and gc', () => {
  test('a retried push says nothing was uploaded; gc --dry-run lists garbage, gc removes it and reports the bytes', async () => {
    const loc = path.join(tmp, 'reg');
    expect((await cli(['registry', 'init', loc])).code).toBe(0);
    const iris = path.join(DATA, 'iris.parquet');
    expect(JSON.parse((await cli(['--json', 'registry', 'push', loc, iris, '--name', 'iris'])).stdout)).toMatchObject({ version: '1', outcome: 'created', indexed: true });
    const again = await cli(['registry', 'push', loc, iris, '--name', 'iris']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already pushed: iris@1 holds these bytes .*nothing uploaded/);

    const ghostDir = path.join(loc, 'datasets', 'ghost', '1');
    require('node:fs').mkdirSync(ghostDir, { recursive: true });
    writeFileSync(path.join(ghostDir, '0123456789abcdef-00000000-ghost.csv'), 'a\n1\n');
    const temp = `.lost.csv.ffffffff-1-${'a'.repeat(12)}.alimentar-tmp`;
    writeFileSync(path.join(ghostDir, temp), 'partial');
    const old = new Date(Date.now() - 2 * 3600_000);
    require('node:fs').utimesSync(path.join(ghostDir, '0123456789abcdef-00000000-ghost.csv'), old, old);
    require('node:fs').utimesSync(path.join(ghostDir, temp), old, old);

    const dry = await cli(['--json', 'registry', 'gc', loc, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      dryRun: true, bytes: 11, kept: [],
      removed: [
        { key: 'datasets/ghost/1/0123456789abcdef-00000000-ghost.csv', size: 4, reason: 'orphan' },
        { key: `datasets/ghost/1/${temp}`, size: 7, reason: 'temp' },
      ],
    });
    expect(readdirSync(ghostDir)).toHaveLength(2);
    const gc = await cli(['registry', 'gc', loc]);
    expect(gc.code).toBe(0);
    expect(gc.stdout).toMatch(/^removed 2 object\(s\), 11 bytes:/);
    expect(readdirSync(ghostDir)).toEqual([]);
    expect((await cli(['registry', 'pull', loc, 'iris', '-o', 'back.parquet'])).code).toBe(0);
    expect(readFileSync(path.join(tmp, 'back.parquet')).equals(readFileSync(iris))).toBe(true);
    expect((await cli(['registry', 'gc', loc, '--min-age', '-5'])).code).toBe(1);
    expect((await cli(['registry', 'gc', path.join(tmp, 'nowhere')])).code).toBe(2);
  });
});

describe('alimentar registry on S3 (credentials from the environment)', () => {
  test('init, push, list, search, show, pull, delete', async () => {
    const loc = 's3://cli-test/flow';
    expect((await cli(['registry', 'init', loc], s3env)).code).toBe(0);
    expect((await cli(['registry', 'init', loc], s3env)).code).toBe(5);
    const push = await cli(['registry', 'push', loc, path.join(DATA, 'iris.parquet'), '--name', 'iris', '--description', 'Fisher iris', '--json'], s3env);
    expect(push.code).toBe(0);
    expect(push.stderr).toBe('');
    expect(JSON.parse(push.stdout)).toMatchObject({ name: 'iris', version: '1', rows: 150 });
    expect((await cli(['registry', 'push', loc, path.join(DATA, 'wine.parquet'), '--name', 'wine', '--version', 'v2'], s3env)).code).toBe(0);
    const list = await cli(['--json', 'registry', 'list', loc], s3env);
    expect(JSON.parse(list.stdout).map((d: { name: string }) => d.name)).toEqual(['iris', 'wine']);
    const search = await cli(['registry', 'search', loc, '^fish', '--regex', '--json'], s3env);
    expect(JSON.parse(search.stdout).map((d: { name: string }) => d.name)).toEqual(['iris']);
    const show = await cli(['registry', 'show', loc, 'wine'], s3env);
    expect(show.stdout).toMatch(/v2\s+178/);
    const pull = await cli(['registry', 'pull', loc, 'iris', '-o', 'got.parquet'], s3env);
    expect(pull.code).toBe(0);
    expect(readFileSync(path.join(tmp, 'got.parquet')).equals(readFileSync(path.join(DATA, 'iris.parquet')))).toBe(true);
    expect((await cli(['registry', 'delete', loc, 'wine'], s3env)).code).toBe(0);
    expect((await cli(['registry', 'show', loc, 'wine'], s3env)).code).toBe(2);
  });

  test('a corrupted object: pull exits 3 and writes nothing', async () => {
    const loc = 's3://cli-test/corrupt';
    await cli(['registry', 'init', loc], s3env);
    const push = JSON.parse((await cli(['registry', 'push', loc, path.join(DATA, 'iris.csv'), '--name', 'iris', '--json'], s3env)).stdout);
    await s3.putRaw('cli-test', `corrupt/${push.key}`, 'not the data');
    const pull = await cli(['registry', 'pull', loc, 'iris', '-o', 'out/'], s3env);
    expect(pull.code).toBe(3);
    expect(pull.stderr).toMatch(/ERR_ALIMENTAR_CHECKSUM/);
    expect(existsSync(path.join(tmp, 'out')) ? readdirSync(path.join(tmp, 'out')) : []).toEqual([]);
  });

  test('storage failures exit 4 (bad credentials) and 2 (no bucket, no registry)', async () => {
    const badCreds = await cli(['registry', 'list', 's3://cli-test/flow'], { ...s3env, AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'WRONG' });
    expect(badCreds.code).toBe(4);
    expect(badCreds.stderr).toMatch(/ERR_ALIMENTAR_AUTH/);
    expect((await cli(['registry', 'list', 's3://no-such-bucket/x'], s3env)).code).toBe(2);
    expect((await cli(['registry', 'list', 's3://cli-test/never-initialised'], s3env)).code).toBe(2);
  });
});

describe('alimentar import hf', () => {
  let server: http.Server;
  let base: string;
  const iris = readFileSync(path.join(DATA, 'iris.parquet'));
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer hf_cli') {
        res.writeHead(401).end();
      } else if (req.url === '/api/datasets/owner/iris/tree/main?recursive=true') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ type: 'file', path: 'data/train.parquet', size: iris.length }]));
      } else if (req.url === '/datasets/owner/iris/resolve/main/data/train.parquet') {
        res.writeHead(200, { 'content-length': iris.length }).end(iris);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('imports with HF_TOKEN and HF_ENDPOINT; exits 4 without a token and 2 for an unknown dataset', async () => {
    const env = { HF_ENDPOINT: base, HF_TOKEN: 'hf_cli' };
    const ok = await cli(['import', 'hf', 'owner/iris', 'hf-data', '--json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).files).toHaveLength(1);
    expect(readFileSync(path.join(tmp, 'hf-data/data/train.parquet')).equals(iris)).toBe(true);
    const noToken = await cli(['import', 'hf', 'owner/iris', 'x'], { HF_ENDPOINT: base });
    expect(noToken.code).toBe(4);
    expect(noToken.stderr).toMatch(/HF_TOKEN/);
    expect((await cli(['import', 'hf', 'owner/missing', 'x'], env)).code).toBe(2);
  });
});

describe('progress bar', () => {
  const capture = (isTTY: boolean) => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
    (stream as { isTTY?: boolean }).isTTY = isTTY;
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    return { stream, text: () => text };
  };

  test('draws on a terminal and clears the line when finished', () => {
    const tty = capture(true);
    const bar = createProgress('upload', tty.stream);
    bar.update(5e6, 10e6);
    bar.update(10e6, 10e6);
    bar.finish();
    expect(tty.text()).toContain('upload [###############...............] 50% 5.0 MB/10.0 MB');
    expect(tty.text()).toContain('100%');
    expect(tty.text().endsWith('\r\x1b[K')).toBe(true);
  });

  test('stays silent when stderr is not a terminal', () => {
    const pipe = capture(false);
    const bar = createProgress('upload', pipe.stream);
    bar.update(1, 2);
    bar.finish();
    expect(pipe.text()).toBe('');
  });
});

test('the CLI copies a dataset file it pushes unchanged (local folder registry)', async () => {
  const src = path.join(tmp, 'digits.csv');
  copyFileSync(path.join(DATA, 'digits.csv'), src);
  const reg = path.join(tmp, 'reg');
  expect((await cli(['registry', 'init', reg])).code).toBe(0);
  expect((await cli(['registry', 'push', reg, src, '--name', 'digits'])).code).toBe(0);
  expect((await cli(['registry', 'pull', reg, 'digits', '-o', path.join(tmp, 'back.csv')])).code).toBe(0);
  expect(readFileSync(path.join(tmp, 'back.csv')).equals(readFileSync(src))).toBe(true);
});
