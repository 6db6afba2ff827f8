/**
 * Starts the s3rver test server as a child process and gives tests a signed client for setup (buckets, raw writes).
 * s3rver accepts the access key S3RVER / secret S3RVER and checks SigV4 signatures, so bad credentials fail for real.
 */
import { AwsClient } from 'aws4fetch';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

/** A running server. */
export interface S3TestServer {
  /** e.g. http://127.0.0.1:41234 */
  endpoint: string;
  /** Options for S3Storage / Registry that reach this server with valid credentials. */
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Creates a bucket. */
  createBucket(name: string): Promise<void>;
  /** Overwrites an object directly, bypassing the code under test. */
  putRaw(bucket: string, key: string, body: string | Uint8Array): Promise<void>;
  /** Reads an object directly, or undefined when missing. */
  getRaw(bucket: string, key: string): Promise<Uint8Array | undefined>;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30000;
const STOP_TIMEOUT_MS = 5000;

/** Starts s3rver on 127.0.0.1 and waits until it listens. */
export async function startS3Server(): Promise<S3TestServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alimentar-s3rver-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 's3rver-main.js'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  // s3rver's own complaints are kept and shown if it dies, so a crash of the test server is never silent.
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  let stopping = false;
  child.once('exit', (code, signal) => {
    exited = true;
    if (!stopping) process.stderr.write(`s3rver exited (${code ?? signal}) unexpectedly:\n${stderr}\n`);
  });
  // A server that never says it listens fails the setup with its stderr in a bounded time, instead of the hook timing out.
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`s3rver did not listen within ${START_TIMEOUT_MS} ms:\n${stderr}`));
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code} before listening:\n${stderr}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new AwsClient({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', service: 's3', region: 'us-east-1', retries: 0 });
  // A kept-alive socket that the server closed can fail one request; setup calls try again like a real client would.
  const call = async (url: string, init?: RequestInit): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await client.fetch(url, init);
        return new Response(res.status === 204 ? null : await res.arrayBuffer(), { status: res.status, headers: res.headers });
      } catch (err) {
        if (attempt >= 6) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  };
  const ok = async (res: Response, what: string) => {
    if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  };
  return {
    endpoint,
    s3: { endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async createBucket(name) {
      await ok(await call(`${endpoint}/${name}`, { method: 'PUT' }), `create bucket ${name}`);
    },
    async putRaw(bucket, key, body) {
      await ok(await call(`${endpoint}/${bucket}/${key}`, { method: 'PUT', body: body as BodyInit }), `put ${key}`);
    },
    async getRaw(bucket, key) {
      const res = await call(`${endpoint}/${bucket}/${key}`);
      if (res.status === 404) return undefined;
      await ok(res, `get ${key}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async stop() {
      stopping = true;
      if (!exited) {
        await new Promise<void>((resolve) => {
          // A server that does not stop when asked is killed: a test's teardown must not hang on it.
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An HTTP proxy in front of the S3 server that enforces If-Match / If-None-Match on PUT, as AWS S3, MinIO and R2 do
 * and s3rver does not, so tests cover both kinds of store. It checks the current etag with a signed HEAD under a
 * per-key lock, answers 412 PreconditionFailed like S3, and otherwise forwards the request unchanged (the client's
 * SigV4 signature is verified by s3rver). With `cutUploads`, a PUT whose path matches has its connection cut after
 * the body arrived and is never forwarded: an upload interrupted by a network failure.
 */
export async function startConditionalProxy(server: S3TestServer, options: { cutUploads?: RegExp } = {}): Promise<{ endpoint: string; s3: S3TestServer['s3']; stop(): Promise<void> }> {
  const client = new AwsClient({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', service: 's3', region: 'us-east-1', retries: 0 });
  const locks = new Map<string, Promise<void>>();
  const forward = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === 'PUT' && options.cutUploads?.test(decodeURIComponent(req.url ?? ''))) {
      req.socket.destroy();
      return;
    }
    const pathOnly = (req.url ?? '/').split('?')[0];
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    const conditional = req.method === 'PUT' && (ifMatch !== undefined || ifNoneMatch !== undefined);
    const previous = conditional ? locks.get(pathOnly) ?? Promise.resolve() : Promise.resolve();
    let release = () => {};
    if (conditional) locks.set(pathOnly, previous.then(() => new Promise<void>((r) => (release = r))));
    await previous;
    try {
      if (conditional) {
        const head = await client.fetch(`${server.endpoint}${pathOnly}`, { method: 'HEAD' });
        const etag = head.ok ? head.headers.get('etag') : null;
        if ((ifNoneMatch === '*' && etag !== null) || (ifMatch !== undefined && etag !== ifMatch)) {
          res.writeHead(412, { 'content-type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>');
          return;
        }
      }
      const headers = { ...req.headers } as Record<string, string>;
      const upstream = await fetch(`${server.endpoint}${req.url}`, {
        method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (k !== 'transfer-encoding' && k !== 'content-encoding' && k !== 'connection') out[k] = v;
      });
      const data = Buffer.from(await upstream.arrayBuffer());
      res.writeHead(upstream.status, out);
      res.end(req.method === 'HEAD' ? undefined : data);
    } finally {
      release();
    }
  };
  // A failed upstream call (or a client that went away) drops the client's connection, as a real proxy would, and the
  // client retries. Left unhandled, the rejection would be charged by jest to the hook that started the proxy and fail
  // every test of the file.
  const proxy = http.createServer((req, res) => {
    forward(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    endpoint,
    s3: { ...server.s3, endpoint },
    stop: () =>
      new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      }),
  };
}
