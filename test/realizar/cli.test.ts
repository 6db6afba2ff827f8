/**
 * The `realizar` bin in child processes, as a user runs it (the built dist/cjs/cli/realizar.js, made by `npm test`): startup lines, a
 * prediction, SIGTERM draining an in-flight request then exiting 0, --workers sharing one port with a worker killed
 * by -9 replaced while the others serve, and one clear line with the documented exit code for every bad input.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Tensor } from '../../lib/trueno/index';
import { EXIT } from '../../lib/cli/realizar/exit-codes';
import { runCli } from '../helpers/cli';
import { forest, get, irisLike, post } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/cjs/cli/realizar.js');
let tmp: string;
let modelFile: string;
const model = forest();

beforeAll(async () => {
  expect(existsSync(BIN)).toBe(true); // `npm test` builds dist
  tmp = mkdtempSync(path.join(os.tmpdir(), 'realizar-cli-'));
  modelFile = path.join(tmp, 'iris.apr');
  await model.save(modelFile, { metrics: { accuracy: 1 } });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Starts `realizar serve ...` and resolves with the child and its first stdout line (the JSON startup line). */
function startServe(args: string[]): Promise<{ child: ChildProcess; first: any; stderr: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args, '--json'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve({ child, first: JSON.parse(line), stderr: () => stderr, exited });
      } catch (e) {
        reject(e);
      }
    });
    void exited.then((code) => reject(new Error(`realizar exited ${code} before listening: ${stderr}`)));
  });
}

const cli = (args: string[]) => runCli([process.execPath, BIN, ...args], { cwd: tmp });

describe('realizar serve', () => {
  test('prints what it loaded and where it listens, serves, and drains an in-flight request on SIGTERM', async () => {
    const s = await startServe([modelFile, '--port', '0', '--threads', '1', '--max-rows', '200000']);
    try {
      expect(s.first).toMatchObject({ workers: 1, models: [{ name: 'iris', class: 'RandomForestClassifier', nFeatures: 4, source: 'iris.apr' }] });
      const url = s.first.listening as string;
      const { X } = irisLike();
      const r = await post(`${url}/predict`, { instances: X });
      expect(r.body.predictions).toEqual(Array.from((model.predict(Tensor.from(X)) as Tensor).data as Float64Array));
      expect((await get(`${url}/models/iris`)).body.metrics).toEqual({ accuracy: 1 });
      // a large request in flight when SIGTERM arrives is answered before the process exits
      const big = Array.from({ length: 20_000 }, (_, i) => X[i % X.length]);
      const inFlight = post(`${url}/predict`, { instances: big });
      for (let i = 0; i < 500; i++) {
        if (/realizar_requests_in_flight [2-9]/.test((await get(`${url}/metrics`)).body)) break;
        await new Promise((res) => setTimeout(res, 5));
      }
      s.child.kill('SIGTERM');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.predictions).toHaveLength(20_000);
      expect(await s.exited).toBe(0);
      expect(s.stderr()).toMatch(/SIGTERM: draining in-flight requests/);
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  test('--workers 2 share one port; a worker killed by -9 is replaced while the other serves; SIGTERM stops all', async () => {
    const s = await startServe([modelFile, '--port', '0', '--workers', '2', '--threads', '0']);
    try {
      const url = s.first.listening as string;
      const pids = s.first.pids as number[];
      expect(s.first.workers).toBe(2);
      expect(pids).toHaveLength(2);
      const row = irisLike().X[0];
      process.kill(pids[0], 'SIGKILL');
      // every request is answered by a live worker meanwhile
      for (let i = 0; i < 20; i++) expect((await post(`${url}/predict`, { instances: [row] })).status).toBe(200);
      for (let i = 0; i < 400 && !/starting another/.test(s.stderr()); i++) await new Promise((res) => setTimeout(res, 25));
      expect(s.stderr()).toMatch(new RegExp(`worker ${pids[0]} exited \\(SIGKILL\\); starting another`));
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(() => process.kill(pids[1], 0)).toThrow();
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  test.each([
    [['serve'], EXIT.USAGE, /Expected a model file, --model-dir or --registry but received none/],
    [['serve', 'x.apr', '--port', '70000'], EXIT.USAGE, /Expected an integer in \[0, 65535\] for --port but received '70000'/],
    [['serve', 'x.apr', '--workers', '0'], EXIT.USAGE, /--workers/],
    [['serve', 'missing.apr', '--port', '0'], EXIT.NOT_FOUND, /missing\.apr/],
    [['serve', 'corrupt.apr', '--port', '0'], EXIT.DATA, /ERR_APRENDER_MODEL_FORMAT/],
    [['serve', 'iris.apr', '--port', '0', '--api-key-file', 'short.txt'], EXIT.USAGE, /at least 16 characters/],
    [['serve', 'iris.apr', '--port', '0', '--api-key-file', 'empty.txt'], EXIT.USAGE, /holds none/],
    [['serve', 'iris.apr', 'iris.apr'], EXIT.USAGE, /two named 'iris'/],
    [['serve', 'iris.apr', '--port', '0', '--public-key', 'signer.pub.pem'], EXIT.VERIFY, /ERR_APRENDER_MODEL_SIGNATURE/],
  ])('realizar %j exits %i with one line', async (args, code, pattern) => {
    writeFileSync(path.join(tmp, 'corrupt.apr'), 'not a model');
    writeFileSync(path.join(tmp, 'short.txt'), 'abc\n');
    writeFileSync(path.join(tmp, 'empty.txt'), '# no keys\n\n');
    writeFileSync(path.join(tmp, 'signer.pub.pem'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const run = await cli(args);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^realizar: [^\n]+\n$/);
    expect(run.stderr).toMatch(pattern);
  });

  test('--version and --help', async () => {
    const v = await cli(['--version']);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const h = await cli(['serve', '--help']);
    expect(h.stdout).toMatch(/--workers <n>/);
    expect(h.stdout).toMatch(/--api-key-file <file>/);
  });
});
