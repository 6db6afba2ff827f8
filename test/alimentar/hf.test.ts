import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { importHf } from '../../lib/alimentar/hf';
import { ChecksumMismatchError } from '../../lib/alimentar/registry';
import { AuthError } from '../../lib/alimentar/storage';
import { NotFoundError } from '../../lib/alimentar/errors';
import { HOST_TAG } from '../../lib/alimentar/storage/owner';
import { SHARED_DATA } from '../helpers/shared-data';

const DATA = SHARED_DATA;
const iris = readFileSync(path.join(DATA, 'iris.parquet'));
const wine = readFileSync(path.join(DATA, 'wine.parquet'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A local server in the Hub's layout: tree listings (paged), resolve URLs redirecting to a "CDN", the parquet API. */
let server: http.Server;
let base: string;
let tmp: string;
const seen: { url: string; auth: string | undefined }[] = [];

const blobs: Record<string, Buffer> = { [sha(iris)]: iris, [sha(wine)]: wine };
const lfs = (p: string, b: Buffer, oid = sha(b)) => ({ type: 'file', path: p, size: 1234, oid: 'gitsha', lfs: { oid, size: b.length } });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ url: url.pathname + url.search, auth: req.headers.authorization });
    const json = (body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const p = url.pathname;
    if (p.startsWith('/api/datasets/owner/private/') && req.headers.authorization !== 'Bearer hf_secret') {
      res.writeHead(401).end('{"error":"Invalid credentials"}');
    } else if (p === '/api/datasets/owner/iris/tree/main' || p === '/api/datasets/owner/private/tree/main') {
      if (url.searchParams.get('cursor') !== '2') {
        json([{ type: 'file', path: 'README.md', size: 10 }, { type: 'directory', path: 'data' }, lfs('data/train-00000-of-00001.parquet', iris)],
          { link: `<${base}${p}?recursive=true&cursor=2>; rel="next"` });
      } else {
        json([lfs('data/test-00000-of-00001.parquet', wine)]);
      }
    } else if (p === '/api/datasets/owner/iris/tree/v1.0') {
      json([lfs('iris.parquet', iris)]);
    } else if (p === '/api/datasets/owner/corrupt/tree/main') {
      json([lfs('ok.parquet', iris), lfs('bad.parquet', wine, sha(iris))]);
    } else if (p === '/api/datasets/owner/csv-only/tree/main') {
      json([{ type: 'file', path: 'iris.csv', size: 100 }]);
    } else if (p === '/api/datasets/owner/csv-only/parquet') {
      json({ default: { train: [`${base}/api/datasets/owner/csv-only/parquet/default/train/0.parquet`] } });
    } else if (p === '/api/datasets/owner/csv-only/parquet/default/train/0.parquet') {
      res.writeHead(302, { location: `/cdn/${sha(iris)}` }).end();
    } else if (/^\/datasets\/owner\/(iris|private|corrupt)\/resolve\//.test(p)) {
      const file = p.split('/').pop()!;
      const blob = file.startsWith('test') || file === 'bad.parquet' ? wine : iris;
      res.writeHead(302, { location: `/cdn/${sha(blob)}` }).end();
    } else if (p.startsWith('/cdn/') && blobs[p.slice(5)]) {
      res.writeHead(200, { 'content-length': blobs[p.slice(5)].length }).end(blobs[p.slice(5)]);
    } else {
      res.writeHead(404).end('{"error":"Repository not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'alimentar-hf-'));
  seen.length = 0;
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('importHf', () => {
  test('downloads every Parquet file of the tree listing (all pages), verified, keeping repository paths', async () => {
    const progress: string[] = [];
    const result = await importHf('owner/iris', tmp, { endpoint: base, env: {}, onProgress: (p) => progress.push(`${p.index}/${p.count}`) });
    expect(result).toMatchObject({ repo: 'owner/iris', revision: 'main', source: 'tree' });
    expect(result.files.map((f) => f.remotePath)).toEqual(['data/train-00000-of-00001.parquet', 'data/test-00000-of-00001.parquet']);
    expect(readFileSync(path.join(tmp, 'data/train-00000-of-00001.parquet')).equals(iris)).toBe(true);
    expect(readFileSync(path.join(tmp, 'data/test-00000-of-00001.parquet')).equals(wine)).toBe(true);
    expect(result.files[1].sha256).toBe(sha(wine));
    expect(progress).toContain('2/2');
    expect(readdirSync(tmp)).toEqual(['data']);
  });

  test('the staging folder of an import that was killed is removed by the next import into that folder', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const abandoned = path.join(tmp, `.import.${HOST_TAG}-${dead}-${'d'.repeat(12)}.alimentar-tmp`);
    mkdirSync(path.join(abandoned, 'data'), { recursive: true });
    writeFileSync(path.join(abandoned, 'data', 'half.parquet'), iris.subarray(0, 100));
    await importHf('owner/iris', tmp, { endpoint: base, env: {} });
    expect(readdirSync(tmp)).toEqual(['data']);
  });

  test('the revision selects the tree and the resolve path', async () => {
    const result = await importHf('owner/iris', tmp, { endpoint: base, env: {}, revision: 'v1.0' });
    expect(result.files.map((f) => f.remotePath)).toEqual(['iris.parquet']);
    expect(seen.map((s) => s.url)).toContain('/datasets/owner/iris/resolve/v1.0/iris.parquet');
  });

  test('HF_TOKEN is sent as a Bearer token and HF_ENDPOINT chooses the server', async () => {
    await importHf('owner/private', tmp, { env: { HF_TOKEN: 'hf_secret', HF_ENDPOINT: base } });
    const api = seen.filter((s) => s.url.startsWith('/api/') || s.url.startsWith('/datasets/'));
    expect(api.length).toBeGreaterThan(0);
    expect(api.every((s) => s.auth === 'Bearer hf_secret')).toBe(true);
  });

  test('a 401 gives AuthError that says to set HF_TOKEN; a 404 gives NotFoundError naming the dataset', async () => {
    const err = await importHf('owner/private', tmp, { endpoint: base, env: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ code: 'ERR_ALIMENTAR_AUTH', status: 401 });
    expect(err.message).toMatch(/HF_TOKEN/);
    const wrong = await importHf('owner/private', tmp, { endpoint: base, token: 'hf_wrong', env: {} }).catch((e) => e);
    expect(wrong.message).toMatch(/token lacks access/);
    const missing = await importHf('owner/nothing', tmp, { endpoint: base, env: {} }).catch((e) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toContain("'owner/nothing'");
    expect(readdirSync(tmp)).toEqual([]);
  });

  test('a repository without Parquet files falls back to the converted copy of the parquet API', async () => {
    const result = await importHf('owner/csv-only', tmp, { endpoint: base, env: {} });
    expect(result.source).toBe('parquet-api');
    expect(result.files.map((f) => f.remotePath)).toEqual(['default/train/0.parquet']);
    expect(readFileSync(path.join(tmp, 'default/train/0.parquet')).equals(iris)).toBe(true);
  });

  test('a download that does not match the listed SHA-256 fails and leaves nothing behind', async () => {
    const err = await importHf('owner/corrupt', tmp, { endpoint: base, env: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.message).toContain('bad.parquet');
    expect(readdirSync(tmp)).toEqual([]);
  });

  test('arguments are validated', async () => {
    await expect(importHf('not a repo', tmp)).rejects.toBeInstanceOf(TypeError);
    await expect(importHf('owner/iris', '')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_TYPE' });
    await expect(importHf('owner/iris', tmp, { endpoint: 'ftp://x', env: {} })).rejects.toBeInstanceOf(TypeError);
  });
});
