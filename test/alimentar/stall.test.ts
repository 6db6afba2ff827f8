import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArrowDataset, HttpStorage, NetworkError, NotFoundError, S3Storage } from '../../lib/alimentar';
import { SHARED_DATA } from '../helpers/shared-data';

/** A server whose handler the test sets, counting requests; every connection is dropped on close. */
async function fakeServer(handle: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  let count = 0;
  const server = http.createServer((req, res) => handle(req, res, ++count));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

const s3Options = (endpoint: string, timeoutMs: number) => ({ endpoint, region: 'us-east-1', accessKeyId: 'K', secretAccessKey: 'S', timeoutMs });
const never = () => undefined;

describe('requests that stop making progress', () => {
  test('S3: no answer at all fails with NetworkError after timeoutMs, each of the three attempts', async () => {
    const server = await fakeServer(never);
    try {
      const started = Date.now();
      const err = await new S3Storage('s3://bucket/p', s3Options(server.url, 300)).get('a.bin').catch((e) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect(err.message).toMatch(/GET s3:\/\/bucket\/p\/a\.bin: no progress for 300 ms \(options\.timeoutMs\)/);
      expect(server.requests()).toBe(3);
      expect(Date.now() - started).toBeLessThan(30000);
    } finally {
      await server.close();
    }
  });

  test('S3: a body that stops half way fails the same way; a request that stalls once succeeds on the retry', async () => {
    let onceAsked = 0;
    const server = await fakeServer((req, res) => {
      if (req.url!.includes('half')) {
        res.writeHead(200, { 'content-length': 10 });
        res.write('12345');
      } else if (++onceAsked > 1) res.writeHead(200, { 'content-length': 2 }).end('ok');
      // the first request for once.bin gets nothing; its retry gets the object
    });
    try {
      const store = new S3Storage('s3://bucket', s3Options(server.url, 500));
      await expect(store.get('half.bin')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NETWORK', message: expect.stringMatching(/no progress for 500 ms/) });
      expect(Buffer.from(await store.get('once.bin')).toString()).toBe('ok');
      expect(server.requests()).toBe(5);
    } finally {
      await server.close();
    }
  });

  test('S3: a streamed upload that the server stops taking fails with NetworkError (not retried: a stream cannot be re-sent)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'alimentar-stall-'));
    const server = await fakeServer((req) => req.pause());
    try {
      const file = path.join(dir, 'big.bin');
      writeFileSync(file, Buffer.alloc(32 << 20, 7));
      const err = await new S3Storage('s3://bucket', s3Options(server.url, 500)).putFile('big.bin', file).catch((e) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect(err.message).toMatch(/no progress for 500 ms/);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('HTTP: a stalled answer or a connection dropped mid-body is a NetworkError, not a TypeError', async () => {
    const server = await fakeServer((req, res) => {
      if (req.url!.endsWith('stall.bin')) return;
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const store = new HttpStorage(server.url, { timeoutMs: 300 });
      await expect(store.get('stall.bin')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NETWORK', message: expect.stringMatching(/no progress for 300 ms \(timeoutMs\)/) });
      const err = await store.get('dropped.bin').catch((e) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect(err.message).toMatch(/dropped\.bin/);
      await expect(store.getRange('dropped.bin', 0, 50)).rejects.toBeInstanceOf(NetworkError);
    } finally {
      await server.close();
    }
  });

  test('timeoutMs is validated', () => {
    expect(() => new S3Storage('s3://bucket', { timeoutMs: 0 })).toThrow(/options\.timeoutMs/);
    expect(() => new S3Storage('s3://bucket', { timeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => new HttpStorage('http://x', { timeoutMs: Infinity })).toThrow(RangeError);
    expect(() => new HttpStorage('http://x', { timeoutMs: '5' as never })).toThrow(/options\.timeoutMs/);
  });
});

describe('ArrowDataset.open over http(s)', () => {
  test('reads a file a web server serves, and names what went wrong otherwise', async () => {
    const csv = readFileSync(path.join(SHARED_DATA, 'iris.csv'));
    const server = await fakeServer((req, res) => {
      if (req.url === '/iris.csv') res.writeHead(200, { 'content-length': csv.length }).end(csv);
      else res.writeHead(404).end();
    });
    try {
      expect((await ArrowDataset.open(`${server.url}/iris.csv`)).numRows).toBe(150);
      await expect(ArrowDataset.open(`${server.url}/missing.csv`)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await server.close();
    }
    // refused, or a kept-alive socket found closed: either way a NetworkError naming the URL
    await expect(ArrowDataset.open(`${server.url}/iris.csv`)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NETWORK', message: expect.stringContaining(`${server.url}/iris.csv`) });
  });
});
