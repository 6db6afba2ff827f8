/**
 * Load and faults against a real `realizar serve` process (bounded by request count, not time; no timed assertion):
 * - a soak with one request in ten malformed: no crash, memory flat, every malformed request a 4xx with a JSON `code`
 *   and no stack trace or internal path, every good one the model's own answer;
 * - SIGKILL of one of two workers under load: the others keep serving.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RandomForestClassifier } from '../../lib/aprender';
import { ArrowDataset } from '../../lib/alimentar';
import { Tensor } from '../../lib/trueno';
import { SHARED_DATA } from '../helpers/shared-data';
import { childPids, startRealizar, type RealizarProcess } from '../helpers/realizar-process';
import { requestDeadline } from './helpers';

/** One request: where, how, and what it sends. */
interface Request {
  path: string;
  method?: string;
  contentType?: string;
  body?: string;
}

/**
 * Malformed requests of every kind a client gets wrong (realizar's own issue list and the usual ones); each must be
 * answered 4xx. `{w}` in a body is replaced by a valid row of the model's width.
 */
const MALFORMED: Request[] = [
  { path: '/predict', body: '{"instances": [[5.1, 3.5' },                                // truncated JSON
  { path: '/predict', body: '[[5.1, 3.5, 1.4, 0.2]]' },                                 // not an object
  { path: '/predict', body: '{}' },                                                     // no instances
  { path: '/predict', body: '{"instances": 5}' },                                        // not an array
  { path: '/predict', body: '{"instances": [[5.1, 3.5, 1.4]]}' },                       // too few features
  { path: '/predict', body: '{"instances": [[5.1, 3.5, 1.4, 0.2, 9]]}' },               // too many
  { path: '/predict', body: '{"instances": [{w}, [5.1, 3.5]]}' },                       // ragged
  { path: '/predict', body: '{"instances": [["5.1", 3.5, 1.4, 0.2]]}' },                // a string cell
  { path: '/predict', body: '{"instances": [[null, 3.5, 1.4, 0.2]]}' },                 // a null cell
  { path: '/predict', body: '{"instances": [[1e400, 3.5, 1.4, 0.2]]}' },                // Infinity once parsed
  { path: '/predict', body: '{"instances": [[[5.1, 3.5, 1.4, 0.2]]]}' },                // one level too deep
  { path: '/predict', body: '{"instances": [{"no such feature": 1}]}' },                // unknown feature name
  { path: '/predict', contentType: 'text/plain', body: '5.1,3.5,1.4,0.2' },             // wrong media type
  { path: '/predict', contentType: 'application/vnd.apache.arrow.stream', body: 'not arrow at all' }, // corrupt Arrow
  { path: '/predict/no-such-model', body: '{"instances": [{w}]}' },                     // unknown model
  { path: '/predict', method: 'GET' },                                                  // wrong method
  { path: '/v2/models/model/infer', body: '{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP64", "data": [1, 2]}]}' }, // shape vs data
];

const N_REQUESTS = 2000; // 200 malformed
const CONCURRENCY = 16;

interface Answer {
  status: number;
  text: string;
}

async function send(base: string, r: Request, validRow: string): Promise<Answer> {
  const method = r.method ?? 'POST';
  const res = await fetch(`${base}${r.path}`, {
    method,
    headers: r.body === undefined ? {} : { 'content-type': r.contentType ?? 'application/json' },
    body: r.body?.replace('{w}', validRow),
  });
  return { status: res.status, text: await res.text() };
}

/** The serving process's resident memory, from its own /metrics (prom-client's process metrics). */
async function residentBytes(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^(?:realizar_)?process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+?\d+)?)$/m.exec(text);
  if (!m) throw new Error(`no process_resident_memory_bytes in /metrics:\n${text.slice(0, 500)}`);
  return Number(m[1]);
}

describe('realizar under load', () => {
  let tmp: string;
  let modelFile: string;
  let model: RandomForestClassifier;
  let rows: number[][];
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'realizar-soak-'));
    const iris = await ArrowDataset.open(path.join(SHARED_DATA, 'iris.parquet'));
    const x = iris.drop(['target']).toMatrix() as Tensor;
    model = new RandomForestClassifier({ nEstimators: 20, randomState: 0 }).fit(x, iris.toVector('target'));
    modelFile = path.join(tmp, 'model.apr');
    await model.save(modelFile);
    const d = x.shape[1];
    rows = Array.from({ length: x.shape[0] }, (_, i) => Array.from((x.data as Float64Array).subarray(i * d, (i + 1) * d)));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  describe('a soak with one request in ten malformed', () => {
    let server: RealizarProcess;
    beforeAll(async () => {
      server = await startRealizar([modelFile, '--host', '127.0.0.1', '--port', '0'], tmp);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('answers every good request with the model, every malformed one with a JSON 4xx, and stays up with flat memory', async () => {
      const labels = (rs: number[][]) => Array.from((model.predict(rs) as Tensor).data as ArrayLike<number>, Number);
      const validRow = JSON.stringify(rows[0]);
      const failures: string[] = [];
      const memory: number[] = [];
      let next = 0;
      let malformed = 0;
      const worker = async () => {
        for (let i = next++; i < N_REQUESTS; i = next++) {
          if (i % 10 === 7) {
            malformed++;
            const r = MALFORMED[Math.floor(i / 10) % MALFORMED.length];
            const a = await send(server.url, r, validRow);
            if (a.status < 400 || a.status >= 500) failures.push(`${r.method ?? 'POST'} ${r.path} ${r.body}: ${a.status} ${a.text.slice(0, 200)}`);
            else {
              // realizar's errors are { error: { code, message } }; the v2 protocol's are { error: message, code }.
              const body = JSON.parse(a.text) as { code?: unknown; error?: { code?: unknown } };
              if (typeof (body.error?.code ?? body.code) !== 'string') failures.push(`${r.path} ${r.body}: ${a.status} without a JSON code: ${a.text.slice(0, 200)}`);
              if (/\n\s+at |\/lib\/|node_modules/.test(a.text)) failures.push(`${r.path} ${r.body}: a stack or internal path in ${a.text.slice(0, 300)}`);
            }
          } else {
            // 1 to 8 rows from a rotating place in the data set.
            const batch = Array.from({ length: 1 + (i % 8) }, (_, k) => rows[(i * 7 + k) % rows.length]);
            const a = await send(server.url, { path: '/predict', body: JSON.stringify({ instances: batch }) }, validRow);
            if (a.status !== 200) failures.push(`good request ${i}: ${a.status} ${a.text.slice(0, 200)}`);
            else if (JSON.stringify((JSON.parse(a.text) as { predictions: unknown }).predictions) !== JSON.stringify(labels(batch))) {
              failures.push(`good request ${i}: ${a.text.slice(0, 200)} is not the model's answer ${JSON.stringify(labels(batch))}`);
            }
          }
          if (i % 500 === 499) memory.push(await residentBytes(server.url));
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      expect(failures.slice(0, 10)).toEqual([]);
      expect(malformed).toBe(N_REQUESTS / 10);
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      // Flat: the last 1,500 requests (150 of them malformed) add under 32 MiB to what the first 500 left (a leak of
      // one request's body and answer each would add more than that).
      expect(memory).toHaveLength(4);
      expect(memory[3] - memory[0]).toBeLessThan(32 * 2 ** 20);
    });
  });

  describe('SIGKILL of a worker under load, with --workers 2', () => {
    let server: RealizarProcess;
    beforeAll(async () => {
      server = await startRealizar([modelFile, '--host', '127.0.0.1', '--port', '0', '--workers', '2'], tmp);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('keeps answering: only requests in flight on the killed worker may fail', async () => {
      const body = JSON.stringify({ instances: [rows[0], rows[60], rows[120]] });
      const expected = JSON.stringify(Array.from((model.predict([rows[0], rows[60], rows[120]]) as Tensor).data as ArrayLike<number>, Number));
      // Both workers up before the kill.
      let workers: number[] = [];
      for (let tries = 0; tries < 100 && workers.length < 2; tries++) {
        workers = childPids(server.child.pid!);
        if (workers.length < 2) await new Promise((r) => setTimeout(r, 100));
      }
      expect(workers.length).toBeGreaterThanOrEqual(2);

      const TOTAL = 800, KILL_AT = 200, LOAD = 8;
      let next = 0;
      let killedAt = -1;
      const outcomes: { i: number; ok: boolean; why?: string }[] = [];
      const client = async () => {
        for (let i = next++; i < TOTAL; i = next++) {
          if (i === KILL_AT) {
            process.kill(workers[0], 'SIGKILL');
            killedAt = outcomes.length;
          }
          try {
            const res = await fetch(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: requestDeadline() });
            const text = await res.text();
            const ok = res.status === 200 && JSON.stringify((JSON.parse(text) as { predictions: unknown }).predictions) === expected;
            outcomes.push({ i, ok, why: ok ? undefined : `${res.status} ${text.slice(0, 200)}` });
          } catch (e) {
            outcomes.push({ i, ok: false, why: String((e as Error).cause ?? e) });
          }
        }
      };
      await Promise.all(Array.from({ length: LOAD }, client));

      expect(killedAt).toBeGreaterThanOrEqual(0);
      const before = outcomes.slice(0, killedAt);
      const after = outcomes.slice(killedAt);
      expect(before.filter((o) => !o.ok)).toEqual([]);
      // At most the requests in flight on the killed worker (one per client connection) fail...
      expect(after.filter((o) => !o.ok).length).toBeLessThanOrEqual(LOAD);
      // ...and the last 300 all succeed: the surviving worker (and any replacement) serve on.
      expect(after.slice(-300).filter((o) => !o.ok)).toEqual([]);
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    });
  });
});
