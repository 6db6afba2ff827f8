/**
 * The seed's integration example (examples/integration.ts): Parquet -> DataLoader -> trueno-db -> random forest ->
 * realizar. The served answers must be the model's own predictions, in process and when the example runs as a program.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Tensor } from '../../lib/trueno';
import { DIGITS_PARQUET, main, train, type Integration } from '../../examples/integration';

const ROOT = path.resolve(__dirname, '../..');

/** Row i of an n x d float64 tensor as numbers. */
const row = (x: Tensor, i: number) => Array.from((x.data as Float64Array).subarray(i * x.shape[1], (i + 1) * x.shape[1]));

/** The model's own labels for rows, as plain numbers. */
function predicted(run: Integration, rows: number[][]): number[] {
  const labels = run.model.predict(rows);
  return Array.isArray(labels) ? labels.map(Number) : Array.from(labels.data as ArrayLike<number>, Number);
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('examples/integration.ts in process', () => {
  let run: Integration;
  beforeAll(async () => {
    run = await main({ address: '127.0.0.1:0' });
  });
  afterAll(async () => {
    await run?.server.close();
  });

  it('learns every row of the bundled digits through the DataLoader and the database', () => {
    expect(run.x.shape).toEqual([1797, 64]);
    expect(run.y.shape).toEqual([1797]);
    expect(run.features).toHaveLength(64);
    expect(run.model.classes_).toHaveLength(10);
    expect(run.model.score(run.x, run.y)).toBeGreaterThan(0.99); // a forest fits its training rows
  });

  it('answers POST /predict with model.predict, one row and a batch of rows', async () => {
    const one = [row(run.x, 5)];
    const single = await postJson(`${run.server.url}/predict`, { instances: one });
    expect(single.status).toBe(200);
    expect(single.json.predictions).toEqual(predicted(run, one));

    // Every 9th row: all ten digits, and rows the forest is unsure of as well as sure ones.
    const batch = Array.from({ length: 200 }, (_, k) => row(run.x, k * 9));
    const many = await postJson(`${run.server.url}/predict`, { instances: batch });
    expect(many.status).toBe(200);
    expect(many.json.predictions).toEqual(predicted(run, batch));
    expect(new Set(many.json.predictions as number[]).size).toBe(10);
  });

  it('answers a row of the wrong width with a 4xx naming the problem, and keeps serving', async () => {
    const bad = await postJson(`${run.server.url}/predict`, { instances: [[1, 2, 3]] });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect((bad.json.error as { code: string }).code).toMatch(/^ERR_REALIZAR_/);
    const good = await postJson(`${run.server.url}/predict`, { instances: [row(run.x, 0)] });
    expect(good.json.predictions).toEqual(predicted(run, [row(run.x, 0)]));
  });
});

describe('examples/integration.ts bad input', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'integration-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('rejects a missing file with alimentar\'s error', async () => {
    await expect(train(path.join(tmp, 'missing.parquet'))).rejects.toThrow(/missing\.parquet/);
  });

  it('rejects a corrupt Parquet file', async () => {
    const corrupt = path.join(tmp, 'corrupt.parquet');
    writeFileSync(corrupt, Buffer.from('PAR1 this is not a parquet file PAR1'));
    await expect(train(corrupt)).rejects.toThrow();
  });

  it('rejects a file without a target column with a RangeError naming its columns', async () => {
    const csv = path.join(tmp, 'no-target.csv');
    writeFileSync(csv, 'a,b\n1,2\n3,4\n');
    await expect(train(csv)).rejects.toThrow(RangeError);
    await expect(train(csv)).rejects.toThrow(/Expected a 'target' column .* but received the columns a, b/);
  });

  it('rejects a malformed address before serving', async () => {
    await expect(main({ address: 'not an address' })).rejects.toThrow();
  });
});

describe('examples/integration.ts as a program', () => {
  it('prints where it serves, answers a POST, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--require', path.join(ROOT, 'scripts/register-ts.js'), path.join(ROOT, 'examples/integration.ts'),
      '--host', '127.0.0.1', '--port', '0', '--data', DIGITS_PARQUET], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        stdout += c;
        const m = /serving at (http:\/\/\S+)/.exec(stdout);
        if (m) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`the example exited (${code}) before serving: ${stderr}`)));
    });
    try {
      expect(stdout).toMatch(/fitted on 1797 rows x 64 features/);
      const { model, x } = await train();
      const rows = [row(x, 0), row(x, 1), row(x, 2)];
      const answer = await postJson(`${url}/predict`, { instances: rows });
      expect(answer.status).toBe(200);
      const labels = model.predict(rows) as Tensor;
      expect(answer.json.predictions).toEqual(Array.from(labels.data as ArrayLike<number>, Number));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
