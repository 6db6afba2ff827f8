import { existsSync, promises as fsp, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AuthError, HttpStorage, LocalStorage, NetworkError, NoSuchBucketError, openStorage, PreconditionFailedError,
  ReadOnlyStorageError, S3Storage, type Storage,
} from '../../lib/alimentar/storage';
import { NotFoundError } from '../../lib/alimentar/errors';
import { atomicWrite } from '../../lib/alimentar/io';
import { STALE_TEMP_MS } from '../../lib/alimentar/storage/atomic-file';
import { STALE_LOCK_MS, withLockFile } from '../../lib/alimentar/storage/lock-file';
import { HOST_TAG, parseOwner } from '../../lib/alimentar/storage/owner';
import { startHangingWriter } from '../helpers/kill';
import { startConditionalProxy, startS3Server, type S3TestServer } from '../helpers/s3-server';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

let s3: S3TestServer;
let proxy: Awaited<ReturnType<typeof startConditionalProxy>>;
let tmp: string;

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startConditionalProxy(s3);
  await s3.createBucket('storage-test');
});
afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
});
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'alimentar-storage-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** The contract every writable backend keeps. */
function contract(name: string, make: () => Storage) {
  describe(`${name} backend`, () => {
    test('put then get, head and getRange return what was written', async () => {
      const store = make();
      const { etag } = await store.put('a/b/hello.txt', 'hello world');
      expect(text(await store.get('a/b/hello.txt'))).toBe('hello world');
      const info = await store.head('a/b/hello.txt');
      expect(info).toMatchObject({ key: 'a/b/hello.txt', size: 11, etag });
      expect(text(await store.getRange('a/b/hello.txt', 6, 5))).toBe('world');
      expect(text(await store.getRange('a/b/hello.txt', 6, 100))).toBe('world');
      expect((await store.getRange('a/b/hello.txt', 3, 0)).length).toBe(0);
    });

    test('a missing object: head gives undefined, get throws NotFoundError, delete is a no-op', async () => {
      const store = make();
      expect(await store.head('missing/x.bin')).toBeUndefined();
      await expect(store.get('missing/x.bin')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NOT_FOUND' });
      await expect(store.get('missing/x.bin')).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.delete('missing/x.bin')).resolves.toBeUndefined();
    });

    test('list returns the objects under a prefix, sorted, and delete removes them', async () => {
      const store = make();
      await store.put('p/2.txt', 'bb');
      await store.put('p/1.txt', 'a');
      await store.put('p/q/3.txt', 'ccc');
      await store.put('other.txt', 'x');
      expect((await store.list('p/')).map((o) => [o.key, o.size])).toEqual([['p/1.txt', 1], ['p/2.txt', 2], ['p/q/3.txt', 3]]);
      expect((await store.list('p/q')).map((o) => o.key)).toEqual(['p/q/3.txt']);
      await store.delete('p/1.txt');
      expect((await store.list('p/')).map((o) => o.key)).toEqual(['p/2.txt', 'p/q/3.txt']);
    });

    test('reads that overlap writes of one key each see one whole version, with that version\'s etag', async () => {
      const store = make();
      // distinct contents of distinct sizes, so a short, long or mixed read cannot pass for a version
      const versions = Array.from({ length: 6 }, (_, i) => String.fromCharCode(97 + i).repeat(1 + i * 50000));
      const etagOf = new Map<string, string>();
      const first = await store.put('race.txt', versions[0]);
      etagOf.set(first.etag, versions[0]);
      const writes = versions.slice(1).map(async (v) => etagOf.set((await store.put('race.txt', v)).etag, v));
      const reads = Array.from({ length: 16 }, () => store.getWithEtag('race.txt'));
      await Promise.all(writes);
      for (const read of await Promise.all(reads)) {
        // a failure prints [length, first character], not 250 kB
        const got = text(read.data);
        const shape = (v: string | undefined) => `${v?.length} x ${v?.[0]}`;
        expect(versions.includes(got) ? 'a whole version' : shape(got)).toBe('a whole version');
        expect(etagOf.get(read.etag) === got ? 'its etag' : `etag of ${shape(etagOf.get(read.etag))}`).toBe('its etag');
      }
    });

    test('putFile streams a local file and reports progress; openRead streams it back', async () => {
      const store = make();
      const src = path.join(tmp, 'big.bin');
      const bytes = Buffer.alloc(3_000_000);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
      writeFileSync(src, bytes);
      const seen: number[] = [];
      const { size } = await store.putFile('files/big.bin', src, { onProgress: (done) => seen.push(done) });
      expect(size).toBe(bytes.length);
      expect(seen[seen.length - 1]).toBe(bytes.length);
      const { stream, size: got } = await store.openRead('files/big.bin');
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      expect(got).toBe(bytes.length);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    });

    test('bad keys are refused before any I/O', async () => {
      const store = make();
      await expect(store.put('../escape.txt', 'x')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_RANGE' });
      await expect(store.get('/abs')).rejects.toBeInstanceOf(RangeError);
      await expect(store.put('a//b', 'x')).rejects.toBeInstanceOf(RangeError);
      await expect(store.put('ok.txt', 42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    });

    test('writes leave nothing behind but their objects: no temporary or lock file is listed or abandoned', async () => {
      const store = make();
      await store.put('g/a.txt', 'a');
      await store.putIfAbsent('g/b.txt', 'b');
      const { etag } = await store.put('g/c.txt', 'c');
      await store.putIfMatch('g/c.txt', 'cc', etag);
      expect((await store.list('g/')).map((o) => o.key)).toEqual(['g/a.txt', 'g/b.txt', 'g/c.txt']);
      expect((await store.removeAbandoned?.({ dryRun: true })) ?? []).toEqual([]);
    });
  });
}

/** Conditional writes, on backends that enforce them. */
function conditionalContract(name: string, make: () => Storage) {
  describe(`${name} backend, conditional writes`, () => {
    test('putIfAbsent writes once, then fails with PreconditionFailedError', async () => {
      const store = make();
      await store.putIfAbsent('once.txt', 'first');
      await expect(store.putIfAbsent('once.txt', 'second')).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(text(await store.get('once.txt'))).toBe('first');
    });

    test('putIfMatch succeeds with the current etag and fails with a stale one', async () => {
      const store = make();
      const first = await store.put('cas.json', '{"n":1}');
      const second = await store.putIfMatch('cas.json', '{"n":2}', first.etag);
      expect(second.etag).not.toBe(first.etag);
      await expect(store.putIfMatch('cas.json', '{"n":3}', first.etag)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_PRECONDITION' });
      const read = await store.getWithEtag('cas.json');
      expect(text(read.data)).toBe('{"n":2}');
      expect(read.etag).toBe(second.etag);
    });

  });
}

contract('local', () => new LocalStorage(tmp));
contract('S3 (s3rver)', () => new S3Storage(`s3://storage-test/run-${path.basename(tmp)}`, s3.s3));
conditionalContract('local', () => new LocalStorage(tmp));
conditionalContract('S3 with conditional writes (s3rver behind an If-Match proxy)', () => new S3Storage(`s3://storage-test/cond-${path.basename(tmp)}`, proxy.s3));

describe('local backend', () => {
  test('writes are atomic: no temporary or lock file is left, and a failed write keeps the old content', async () => {
    const store = new LocalStorage(tmp);
    await store.put('d/x.txt', 'old');
    await store.putIfAbsent('d/y.txt', 'y');
    expect(readdirSync(path.join(tmp, 'd')).sort()).toEqual(['x.txt', 'y.txt']);
    await expect(store.putFile('d/x.txt', path.join(tmp, 'no-such-file'))).rejects.toBeInstanceOf(NotFoundError);
    expect(text(await store.get('d/x.txt'))).toBe('old');
    expect(readdirSync(path.join(tmp, 'd')).sort()).toEqual(['x.txt', 'y.txt']);
  });

  test('concurrent putIfMatch on one key: exactly one writer wins each round', async () => {
    const store = new LocalStorage(tmp);
    const { etag } = await store.put('counter', '0');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.putIfMatch('counter', String(i + 1), etag)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof PreconditionFailedError)).toHaveLength(7);
  });

  test('openStorage picks the backend from the location', () => {
    expect(openStorage(tmp)).toBeInstanceOf(LocalStorage);
    expect((openStorage(pathToFileURL(tmp).href) as LocalStorage).root).toBe(tmp);
    expect(openStorage('s3://bucket-name/p', { s3: s3.s3 })).toBeInstanceOf(S3Storage);
    expect(openStorage('https://example.org/x')).toBeInstanceOf(HttpStorage);
    expect(() => openStorage('')).toThrow(TypeError);
    expect(() => openStorage('s3://B_ad/x')).toThrow(RangeError);
  });
});

describe('local backend: locks and temporary files of killed writers', () => {
  const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.alimentar-tmp'));
  const hourAhead = () => new Date(Date.now() + 3600_000);

  test('a lock whose holder was SIGKILLed is broken at once, even when it looks fresh', async () => {
    const lock = path.join(tmp, 'x.json.alimentar-lock');
    const holder = await startHangingWriter(['lock', lock]);
    await holder.kill();
    expect(parseOwner(readFileSync(lock, 'utf8'))).toMatchObject({ pid: holder.pid, host: HOST_TAG });
    utimesSync(lock, hourAhead(), hourAhead());
    await expect(withLockFile(lock, async () => 'got it')).resolves.toBe('got it');
    expect(existsSync(lock)).toBe(false);
    const store = new LocalStorage(tmp);
    await store.put('x.json', '1');
    const again = await startHangingWriter(['lock', lock]);
    await again.kill();
    utimesSync(lock, hourAhead(), hourAhead());
    await expect(store.putIfMatch('x.json', '2', (await store.head('x.json'))!.etag)).resolves.toBeDefined();
    expect(text(await store.get('x.json'))).toBe('2');
  });

  test('a live holder keeps its lock; the waiter gets it as soon as the holder is gone', async () => {
    const lock = path.join(tmp, 'y.alimentar-lock');
    const holder = await startHangingWriter(['lock', lock]);
    let acquired = false;
    const waiter = withLockFile(lock, async () => {
      acquired = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(acquired).toBe(false);
    expect(existsSync(lock)).toBe(true);
    await holder.kill();
    await waiter;
    expect(acquired).toBe(true);
  });

  test('a lock from another host, or without an owner record, is broken once it was not refreshed for a while', async () => {
    const old = new Date(Date.now() - 2 * STALE_LOCK_MS);
    const foreign = path.join(tmp, 'f.alimentar-lock');
    writeFileSync(foreign, JSON.stringify({ pid: 1, host: 'ffffffff', started: 0, token: 't' }));
    utimesSync(foreign, old, old);
    const legacy = path.join(tmp, 'l.alimentar-lock');
    writeFileSync(legacy, '12345\n');
    utimesSync(legacy, old, old);
    await expect(withLockFile(foreign, async () => 1)).resolves.toBe(1);
    await expect(withLockFile(legacy, async () => 2)).resolves.toBe(2);
    expect(existsSync(foreign) || existsSync(legacy)).toBe(false);
  });

  test('releasing never removes a lock that another writer holds by then', async () => {
    const lock = path.join(tmp, 'z.alimentar-lock');
    await withLockFile(lock, async () => {
      writeFileSync(lock, JSON.stringify({ pid: process.pid, host: HOST_TAG, started: Date.now(), token: 'someone-else' }));
    });
    expect(parseOwner(readFileSync(lock, 'utf8'))?.token).toBe('someone-else');
  });

  test('the next write to a folder removes temporary files of killed writers, never those of live ones', async () => {
    // The live writer starts first: a writer's own start sweeps the folder too.
    const live = await startHangingWriter(['write', path.join(tmp, 'other.csv')]);
    try {
      await (await startHangingWriter(['write', path.join(tmp, 'big.csv')])).kill();
      expect(temps(tmp)).toHaveLength(2);
      const foreignFresh = `.n.ffffffff-1-${'a'.repeat(12)}.alimentar-tmp`;
      const foreignOld = `.o.ffffffff-1-${'b'.repeat(12)}.alimentar-tmp`;
      const legacyOld = `.p.${'c'.repeat(12)}.alimentar-tmp`;
      for (const name of [foreignFresh, foreignOld, legacyOld]) writeFileSync(path.join(tmp, name), 'x');
      const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
      utimesSync(path.join(tmp, foreignOld), old, old);
      utimesSync(path.join(tmp, legacyOld), old, old);
      await atomicWrite(path.join(tmp, 'done.csv'), [new TextEncoder().encode('a\n1\n')]);
      const left = temps(tmp);
      expect(left.sort()).toEqual([foreignFresh, left.find((f) => f.includes(`-${live.pid}-`))!].sort());
      expect(readFileSync(path.join(tmp, 'done.csv'), 'utf8')).toBe('a\n1\n');
      expect(existsSync(path.join(tmp, 'big.csv'))).toBe(false);
    } finally {
      await live.kill();
    }
    await new LocalStorage(tmp).put('again.txt', 'x');
    expect(temps(tmp).filter((f) => /^\.other\.csv\./.test(f))).toEqual([]);
  });

  test('removeAbandoned finds abandoned temps and locks in every folder, keeps live ones; a dry run removes nothing', async () => {
    const store = new LocalStorage(tmp);
    await store.put('deep/er/keep.txt', 'keep');
    await (await startHangingWriter(['write', path.join(tmp, 'deep', 'er', 'lost.bin')])).kill();
    await (await startHangingWriter(['lock', path.join(tmp, 'deep', 'er', 'keep.txt.alimentar-lock')])).kill();
    const live = await startHangingWriter(['lock', path.join(tmp, 'deep', 'live.alimentar-lock')]);
    try {
      const dry = await store.removeAbandoned({ dryRun: true });
      expect(dry).toEqual([
        { key: expect.stringMatching(/^deep\/er\/\.lost\.bin\..*\.alimentar-tmp$/), size: 4096 },
        { key: 'deep/er/keep.txt.alimentar-lock', size: expect.any(Number) },
      ]);
      expect(readdirSync(path.join(tmp, 'deep', 'er'))).toHaveLength(3);
      expect(await store.removeAbandoned()).toEqual(dry);
      expect(readdirSync(path.join(tmp, 'deep', 'er'))).toEqual(['keep.txt']);
      expect(existsSync(path.join(tmp, 'deep', 'live.alimentar-lock'))).toBe(true);
    } finally {
      await live.kill();
    }
    await expect(store.removeAbandoned(null as never)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_TYPE' });
    await expect(store.removeAbandoned({ dryRun: 1 as never })).rejects.toBeInstanceOf(TypeError);
  });
});

describe('S3 backend errors', () => {
  test('a missing bucket gives NoSuchBucketError', async () => {
    const store = new S3Storage('s3://no-such-bucket/x', s3.s3);
    await expect(store.get('a.txt')).rejects.toBeInstanceOf(NoSuchBucketError);
    await expect(store.put('a.txt', 'x')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NO_SUCH_BUCKET', bucket: 'no-such-bucket' });
    await expect(store.list('')).rejects.toBeInstanceOf(NoSuchBucketError);
  });

  test('bad credentials give AuthError naming where credentials come from', async () => {
    const store = new S3Storage('s3://storage-test', { ...s3.s3, accessKeyId: 'WRONG', secretAccessKey: 'WRONG' });
    const err = await store.get('a.txt').catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('ERR_ALIMENTAR_AUTH');
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/AWS_ACCESS_KEY_ID/);
    await expect(store.put('a.txt', 'x')).rejects.toBeInstanceOf(AuthError);
  });

  test('an unreachable endpoint gives NetworkError', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const store = new S3Storage('s3://storage-test', { ...s3.s3, endpoint: `http://127.0.0.1:${port}` });
    await expect(store.get('a.txt')).rejects.toBeInstanceOf(NetworkError);
    await expect(store.get('a.txt')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NETWORK', message: expect.stringMatching(/ECONNREFUSED/) });
  });

  test('settings come from the AWS environment variables', async () => {
    const env = {
      AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const store = new S3Storage('s3://storage-test/env', { env });
    expect(store.endpoint).toBe(s3.endpoint);
    await store.put('via-env.txt', 'ok');
    expect(text((await s3.getRaw('storage-test', 'env/via-env.txt'))!)).toBe('ok');
    const aws = new S3Storage('s3://my-bucket', { env: { AWS_REGION: 'eu-west-3' } });
    expect(aws.endpoint).toBe('https://s3.eu-west-3.amazonaws.com');
  });

  test('large files go up as a multipart upload and read back whole', async () => {
    const store = new S3Storage('s3://storage-test/multipart', { ...s3.s3, multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024 });
    const src = path.join(tmp, 'eleven-mib.bin');
    const bytes = Buffer.alloc(11 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) & 0xff;
    await fsp.writeFile(src, bytes);
    const seen: number[] = [];
    await store.putFile('big.bin', src, { onProgress: (done) => seen.push(done) });
    expect(seen).toHaveLength(3);
    expect(Buffer.from(await store.get('big.bin')).equals(bytes)).toBe(true);
  });

  test('options are validated', () => {
    expect(() => new S3Storage('s3://storage-test', { ...s3.s3, partSize: 1024 })).toThrow(RangeError);
    expect(() => new S3Storage('s3://storage-test', { ...s3.s3, endpoint: 'ftp://x' })).toThrow(RangeError);
    expect(() => new S3Storage('http://x' as string)).toThrow(RangeError);
    expect(() => new S3Storage('s3://storage-test', { region: 5 as unknown as string })).toThrow(TypeError);
  });
});

describe('HTTP backend (read-only)', () => {
  let server: http.Server;
  let base: string;
  const body = Buffer.from('0123456789abcdefghij');
  const seenRanges: (string | undefined)[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/root/data/file.bin') {
        seenRanges.push(req.headers.range);
        const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
        if (m) {
          const part = body.subarray(Number(m[1]), Number(m[2]) + 1);
          res.writeHead(206, { 'content-length': part.length, 'content-range': `bytes ${m[1]}-${m[2]}/${body.length}`, etag: '"v1"' });
          res.end(req.method === 'HEAD' ? undefined : part);
          return;
        }
        res.writeHead(200, { 'content-length': body.length, etag: '"v1"' });
        res.end(req.method === 'HEAD' ? undefined : body);
      } else if (req.url === '/root/secret.bin') {
        res.writeHead(401).end();
      } else if (req.url === '/root/broken.bin') {
        res.writeHead(500).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/root`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('get, head and getRange with a Range header', async () => {
    const store = new HttpStorage(base);
    expect(text(await store.get('data/file.bin'))).toBe(body.toString());
    expect(await store.head('data/file.bin')).toMatchObject({ size: 20, etag: '"v1"' });
    expect(text(await store.getRange('data/file.bin', 10, 4))).toBe('abcd');
    expect(seenRanges).toContain('bytes=10-13');
    expect(await store.head('data/none.bin')).toBeUndefined();
  });

  test('errors: 404 NotFoundError, 401 AuthError, 500 HttpError with status', async () => {
    const store = new HttpStorage(base);
    await expect(store.get('data/none.bin')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.get('secret.bin')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_AUTH', status: 401 });
    await expect(store.get('broken.bin')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_HTTP', status: 500 });
  });

  test('writes, deletes and listings throw ReadOnlyStorageError', async () => {
    const store = new HttpStorage(base);
    expect(store.writable).toBe(false);
    await expect(store.put()).rejects.toBeInstanceOf(ReadOnlyStorageError);
    await expect(store.putIfAbsent('x', 'y')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_READ_ONLY' });
    await expect(store.delete()).rejects.toBeInstanceOf(ReadOnlyStorageError);
    await expect(store.list()).rejects.toBeInstanceOf(ReadOnlyStorageError);
  });
});
