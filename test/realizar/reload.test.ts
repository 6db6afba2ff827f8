/**
 * Loading from a model folder and from an alimentar registry on S3 (s3rver), and hot reload: /ready is false until
 * the first load; a file replaced atomically or a new registry version is loaded beside the served one and swapped
 * in; every response matches the version it reports, also while versions swap under load; a bad new file leaves the
 * old version serving; an in-flight job of a swapped version finishes on it in the workers.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogisticRegression, RandomForestClassifier } from '../../lib/aprender/index';
import { Registry } from '../../lib/alimentar/registry/registry';
import { Tensor } from '../../lib/trueno/index';
import { runPredictJob } from '../../lib/realizar/predict-pool';
import type { Estimator } from '../../lib/aprender/base/estimator';
import type { Server } from '../../lib/realizar/index';
import { startS3Server, type S3TestServer } from '../helpers/s3-server';
import { get, irisLike, logistic, post, start } from './helpers';

const { X, y } = irisLike();
/** Two models that disagree on many rows: the version of an answer shows in its predictions. */
const modelA = logistic();
const modelB = new LogisticRegression({ maxIter: 200 }).fit(X, y.map((c) => (c + 1) % 3));
const predictionsOf = (m: Estimator) => Array.from(((m as LogisticRegression).predict(Tensor.from(X)) as Tensor).data as Float64Array);

/** Writes a file the way deployments replace one: a temporary file, then a rename over the old name. */
function writeAtomic(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

/** Polls `check` (bounded by count, never by a timed assertion) until it holds. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}

describe('a model folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'realizar-dir-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('/ready is false until a model is there; replaced files swap; bad files keep the old; removed files stop', async () => {
    const events: string[] = [];
    const server = await start({
      modelDir: dir, pollMs: 20, onLoad: (i, prev) => events.push(`${i.name}@${i.version}<${prev ?? '-'}`), onLoadError: (n) => events.push(`failed ${n}`), onRemove: (n) => events.push(`removed ${n}`),
    });
    try {
      await server.whenReady();
      expect((await get(`${server.url}/ready`))).toMatchObject({ status: 503, body: { ready: false, models: [] } });
      expect((await get(`${server.url}/v2/health/ready`)).status).toBe(503);
      const notYet = await post(`${server.url}/predict`, { instances: [X[0]] });
      expect(notYet.status).toBe(503);
      expect(notYet.body.error.code).toBe('ERR_REALIZAR_NOT_READY');
      expect(notYet.headers.get('retry-after')).toBe('1');

      writeAtomic(path.join(dir, 'iris.apr'), modelA.toBytes());
      await eventually(async () => (await get(`${server.url}/ready`)).status === 200, 'ready');
      const a = await post(`${server.url}/predict/iris`, { instances: X });
      expect(a.body.predictions).toEqual(predictionsOf(modelA));
      const versionA = a.body.version as string;
      expect(versionA).toMatch(/^[0-9a-f]{12}$/);
      expect((await get(`${server.url}/models/iris`)).body).toMatchObject({ source: 'iris.apr', version: versionA });

      writeAtomic(path.join(dir, 'iris.apr'), modelB.toBytes());
      await eventually(async () => (await post(`${server.url}/predict/iris`, { instances: [X[0]] })).body.version !== versionA, 'swap to B');
      const b = await post(`${server.url}/predict/iris`, { instances: X });
      expect(b.body.predictions).toEqual(predictionsOf(modelB));

      writeAtomic(path.join(dir, 'iris.apr'), new Uint8Array([1, 2, 3]));
      await eventually(async () => events.includes('failed iris'), 'a failed load');
      expect((await post(`${server.url}/predict/iris`, { instances: X })).body).toMatchObject({ version: b.body.version, predictions: predictionsOf(modelB) });
      expect((await get(`${server.url}/metrics`)).body).toMatch(/realizar_model_loads_total\{model="iris",outcome="failed"\} [1-9]/);

      writeFileSync(path.join(dir, 'notes.txt'), 'not a model');
      writeAtomic(path.join(dir, 'second.apr'), modelA.toBytes());
      await eventually(async () => server.models().includes('second'), 'second model');
      rmSync(path.join(dir, 'iris.apr'));
      await eventually(async () => !server.models().includes('iris'), 'iris removed');
      expect((await post(`${server.url}/predict/iris`, { instances: [X[0]] })).status).toBe(404);
      expect(events).toEqual(expect.arrayContaining([`iris@${versionA}<-`, `iris@${b.body.version}<${versionA}`, 'removed iris']));
    } finally {
      await server.close();
    }
  });

  test('every response matches the version it reports while versions swap under load (in the workers)', async () => {
    const file = path.join(dir, 'm.apr');
    // a file's version is the start of its SHA-256: known before the server loads it
    const bytes = [modelA.toBytes(), modelB.toBytes()];
    const versions = bytes.map((b) => createHash('sha256').update(b).digest('hex').slice(0, 12));
    const byVersion = new Map([[versions[0], predictionsOf(modelA)], [versions[1], predictionsOf(modelB)]]);
    writeAtomic(file, bytes[0]);
    const server = await start({ modelDir: dir, pollMs: 10, offloadRows: 0, offloadMs: 0, predictThreads: 2 });
    try {
      await server.whenReady();
      const answers: { version: string; predictions: number[] }[] = [];
      for (let round = 1; round <= 4; round++) {
        const flight = Array.from({ length: 6 }, () => post(`${server.url}/predict/m`, { instances: X }));
        writeAtomic(file, bytes[round % 2]);
        for (const r of await Promise.all(flight)) answers.push(r.body);
        await eventually(async () => (await get(`${server.url}/models/m`)).body.version === versions[round % 2], `swap ${round}`);
        answers.push((await post(`${server.url}/predict/m`, { instances: X })).body);
      }
      expect(new Set(answers.map((a) => a.version))).toEqual(new Set(versions));
      for (const a of answers) expect(a.predictions).toEqual(byVersion.get(a.version));
    } finally {
      await server.close();
    }
  });

  test('a worker holding a newer version answers an in-flight job of the older one with the older model', () => {
    const held = new Map<string, { key: string; model: unknown }>();
    const shared = (m: Estimator) => {
      const b = m.toBytes();
      const s = new SharedArrayBuffer(b.length);
      new Uint8Array(s).set(b);
      return s;
    };
    const job = (key: string, bytes: SharedArrayBuffer) => ({ name: 'm', key, bytes, data: Float64Array.from(X.flat()), nRows: X.length, nFeatures: 4, proba: false });
    const newer = runPredictJob(job('000000000002', shared(modelB)), held);
    const older = runPredictJob(job('000000000001', shared(modelA)), held);
    expect(Array.from((newer.reply as any).prediction.predictions.values)).toEqual(predictionsOf(modelB));
    expect(Array.from((older.reply as any).prediction.predictions.values)).toEqual(predictionsOf(modelA));
    expect(held.get('m')!.key).toBe('000000000002');
    const broken = runPredictJob(job('000000000003', new SharedArrayBuffer(4)), held);
    expect(broken.reply).toMatchObject({ error: { code: 'ERR_APRENDER_MODEL_FORMAT' } });
  });

  test('a folder that does not exist: the first load fails, the server stays up and not ready', async () => {
    const server = await start({ modelDir: path.join(dir, 'missing'), pollMs: 20 });
    try {
      await expect(server.whenReady()).rejects.toMatchObject({ code: 'ENOENT' });
      expect((await get(`${server.url}/ready`)).status).toBe(503);
      expect((await get(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('an alimentar registry on S3', () => {
  let s3: S3TestServer;
  let work: string;
  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('models');
    work = mkdtempSync(path.join(os.tmpdir(), 'realizar-reg-'));
  });
  afterAll(async () => {
    await s3.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('serves the newest version of each model and swaps to a newly pushed one', async () => {
    const url = 's3://models/registry';
    const reg = Registry.open(url, { s3: s3.s3 });
    await reg.init({ description: 'models' });
    const forest = new RandomForestClassifier({ nEstimators: 5, randomState: 1 }).fit(X, y);
    await forest.save(path.join(work, 'forest.apr'));
    await modelA.save(path.join(work, 'iris.apr'));
    await reg.push(path.join(work, 'forest.apr'), { name: 'forest' });
    await reg.push(path.join(work, 'iris.apr'), { name: 'iris' });
    writeFileSync(path.join(work, 'table.csv'), 'a,b\n1,2\n');
    await reg.push(path.join(work, 'table.csv'), { name: 'table' });
    const server = await start({ registry: url, registryOptions: { s3: s3.s3 }, pollMs: 20 });
    try {
      await server.whenReady();
      expect(server.models()).toEqual(['forest', 'iris']);
      const info = (await get(`${server.url}/models/iris`)).body;
      expect(info).toMatchObject({ version: '1', source: 'registry:iris@1', class: 'LogisticRegression' });
      expect((await post(`${server.url}/predict/iris`, { instances: X })).body.predictions).toEqual(predictionsOf(modelA));
      expect((await post(`${server.url}/predict/forest`, { instances: X })).body.predictions).toEqual(predictionsOf(forest));
      await modelB.save(path.join(work, 'iris.apr'));
      await reg.push(path.join(work, 'iris.apr'), { name: 'iris' });
      await eventually(async () => (await get(`${server.url}/models/iris`)).body.version === '2', 'version 2');
      expect((await post(`${server.url}/predict/iris`, { instances: X })).body).toMatchObject({ version: '2', predictions: predictionsOf(modelB) });
    } finally {
      await server.close();
    }
  });

  test('a registry that does not exist: whenReady rejects and /ready stays false', async () => {
    const server = await start({ registry: 's3://models/nothing-here', registryOptions: { s3: s3.s3 }, pollMs: 50 });
    try {
      await expect(server.whenReady()).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_REGISTRY_NOT_FOUND' });
      expect((await get(`${server.url}/ready`)).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
