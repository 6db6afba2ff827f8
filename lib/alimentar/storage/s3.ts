/**
 * S3-compatible object stores (AWS S3, MinIO, Ceph RGW, Scaleway, OVH, Cloudflare R2, ...) over their REST API,
 * signed with SigV4 by aws4fetch (see docs/decisions.md for why not the AWS SDK). Single PUTs and completed multipart
 * uploads are atomic on S3, so every write here is. Conditional writes send If-Match / If-None-Match; stores that
 * honour them (AWS since 2024, MinIO, R2) make the registry's index updates compare-and-swap, and stores that ignore
 * them are covered by the registry's manifests (see registry/registry.ts).
 */
import { AwsClient } from 'aws4fetch';
import { promises as fsp, createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { describe, NotFoundError, rangeError, typeError } from '../errors';
import { BaseStorage, checkBody, checkPutOptions, checkRange, checkTransferOptions } from './base';
import { S3_OPTIONS } from '../option-keys';
import { expectOptions } from '../validate';
import { AuthError, NetworkError, NoSuchBucketError, PreconditionFailedError, StorageError } from './errors';
import { checkKey, checkPrefix, encodeKeyPath } from './keys';
import { checkStallMs, StallGuard } from './stall';
import type { ObjectInfo, ObjectStream, PutOptions, TransferOptions } from './types';
import { escapeXml, xmlBlocks, xmlText } from './xml';

const MIB = 1024 * 1024;

/** Where and how to reach an S3-compatible store; every field falls back to the usual AWS environment variables. */
export interface S3Options {
  /** e.g. `http://127.0.0.1:9000`; default AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS S3 of the region. */
  endpoint?: string;
  /** default AWS_REGION, AWS_DEFAULT_REGION, else `us-east-1`. */
  region?: string;
  /** default AWS_ACCESS_KEY_ID; without credentials requests go unsigned (public buckets). */
  accessKeyId?: string;
  /** default AWS_SECRET_ACCESS_KEY. */
  secretAccessKey?: string;
  /** default AWS_SESSION_TOKEN. */
  sessionToken?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO and Ceph need; default true with a custom endpoint. */
  pathStyle?: boolean;
  /** Files larger than this go up as multipart uploads (default 64 MiB). */
  multipartThreshold?: number;
  /** Part size of multipart uploads, at least 5 MiB (default 16 MiB, raised to keep under 10,000 parts). */
  partSize?: number;
  /** Retries on 5xx/429 for requests whose body can be re-sent (default 3). */
  retries?: number;
  /**
   * The longest a request may go without progress (no answer yet, no body bytes, no upload bytes taken) before it is
   * abandoned with a NetworkError and, when its body can be re-sent, tried again (default 60,000 ms).
   */
  timeoutMs?: number;
  /** Environment to read the defaults from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

function checkOptional(value: unknown, what: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw typeError(`Expected a string for ${what} but received ${describe(value)}`);
}

function checkSize(value: unknown, what: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw rangeError(`Expected an integer >= ${min} for ${what} but received ${describe(value)}`);
  }
  return value;
}

/**
 * Splits `s3://bucket/prefix` into its parts.
 * @example parseS3Url('s3://bucket/datasets/iris') // { bucket: 'bucket', prefix: 'datasets/iris' }
 */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1])) {
    throw rangeError(`Expected 's3://bucket[/prefix]' with a valid bucket name for url but received ${describe(url)}`);
  }
  const prefix = m[2].replace(/\/+$/, '');
  if (prefix) checkKey(prefix, 'S3 prefix');
  return { bucket: m[1], prefix };
}

/**
 * Storage in an S3 bucket under an optional prefix.
 * @example
 * const store = new S3Storage('s3://datasets/registry', { endpoint: 'http://127.0.0.1:9000' });
 * await store.put('hello.txt', 'hi');
 */
export class S3Storage extends BaseStorage {
  readonly url: string;
  readonly writable = true;
  readonly listable = true;
  /** The bucket. */
  readonly bucket: string;
  /** The key prefix inside the bucket ('' for the whole bucket). */
  readonly prefix: string;
  /** The endpoint requests go to. */
  readonly endpoint: string;
  /** The signing region. */
  readonly region: string;
  private readonly client: AwsClient | undefined;
  private readonly bucketUrl: string;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly stallMs: number;

  /**
   * @param url - `s3://bucket[/prefix]`
   * @param options - endpoint, region, credentials, addressing and upload sizes
   * @throws RangeError for a malformed URL or sizes; TypeError for options of the wrong type
   */
  constructor(url: string, options?: S3Options) {
    super();
    options = expectOptions<S3Options>(options, 'S3Storage options', S3_OPTIONS);
    if (typeof url !== 'string') throw typeError(`Expected an 's3://bucket[/prefix]' string for url but received ${describe(url)}`);
    const { bucket, prefix } = parseS3Url(url);
    const env = options.env ?? process.env;
    this.bucket = bucket;
    this.prefix = prefix;
    this.url = `s3://${bucket}${prefix ? '/' + prefix : ''}`;
    this.region = checkOptional(options.region, 'options.region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const custom = checkOptional(options.endpoint, 'options.endpoint') ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
    this.endpoint = (custom ?? `https://s3.${this.region}.amazonaws.com`).replace(/\/+$/, '');
    let endpointUrl: URL;
    try {
      endpointUrl = new URL(this.endpoint);
    } catch {
      throw rangeError(`Expected an http(s) URL for the S3 endpoint but received ${describe(this.endpoint)}`);
    }
    if (endpointUrl.protocol !== 'http:' && endpointUrl.protocol !== 'https:') {
      throw rangeError(`Expected an http(s) URL for the S3 endpoint but received ${describe(this.endpoint)}`);
    }
    const pathStyle = options.pathStyle ?? custom !== undefined;
    this.bucketUrl = pathStyle ? `${this.endpoint}/${bucket}` : `${endpointUrl.protocol}//${bucket}.${endpointUrl.host}`;
    const accessKeyId = checkOptional(options.accessKeyId, 'options.accessKeyId') ?? env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = checkOptional(options.secretAccessKey, 'options.secretAccessKey') ?? env.AWS_SECRET_ACCESS_KEY;
    const sessionToken = checkOptional(options.sessionToken, 'options.sessionToken') ?? env.AWS_SESSION_TOKEN;
    const retries = checkSize(options.retries, 'options.retries', 0, 3);
    this.client = accessKeyId && secretAccessKey
      ? new AwsClient({ accessKeyId, secretAccessKey, sessionToken, service: 's3', region: this.region, retries, initRetryMs: 50 })
      : undefined;
    this.stallMs = checkStallMs(options.timeoutMs, 'options.timeoutMs');
    this.multipartThreshold = checkSize(options.multipartThreshold, 'options.multipartThreshold', 5 * MIB, 64 * MIB);
    this.partSize = checkSize(options.partSize, 'options.partSize', 5 * MIB, 16 * MIB);
  }

  private fullKey(key: string): string {
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  private objectUrl(key: string | undefined, query?: Record<string, string>): string {
    const base = key === undefined ? this.bucketUrl : `${this.bucketUrl}/${encodeKeyPath(this.fullKey(key))}`;
    return query ? `${base}?${new URLSearchParams(query).toString()}` : base;
  }

  private where(key: string | undefined): string {
    return key === undefined ? this.url : `${this.url}/${key}`;
  }

  /**
   * Signs (when there are credentials) and sends a request; maps failures to storage errors. Unless `stream` is set the
   * answer is read here, so a connection dropped before or during the answer (a kept-alive socket the server closed)
   * or a request without progress for `timeoutMs` is retried like any transient failure; S3 retries are safe because
   * a conditional write that had landed then fails its condition, which the registry resolves by re-reading. A
   * streamed answer is watched until its headers arrive; then its reader sets the pace.
   */
  private async send(method: string, key: string | undefined, init: {
    query?: Record<string, string>; headers?: Record<string, string>; body?: Uint8Array | string | Readable; stream?: boolean;
  } = {}): Promise<Response> {
    const attempts = init.body instanceof Readable ? 1 : 3;
    for (let attempt = 1; ; attempt++) {
      const guard = new StallGuard(this.stallMs);
      try {
        const res = await this.fetchOnce(method, key, init, guard);
        if (!res.ok) throw await this.toError(res, method, key);
        if (init.stream || method === 'HEAD') {
          guard.stop();
          return res;
        }
        return await guard.buffered(res);
      } catch (err) {
        guard.stop();
        if (err instanceof StorageError || err instanceof NotFoundError) throw err;
        if (attempt < attempts) {
          await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
          continue;
        }
        throw new NetworkError(`Could not reach the S3 endpoint ${this.endpoint} for ${method} ${this.where(key)}: ${guard.reason(err, 'options.timeoutMs')}`, { cause: err });
      }
    }
  }

  private async fetchOnce(method: string, key: string | undefined, init: {
    query?: Record<string, string>; headers?: Record<string, string>; body?: Uint8Array | string | Readable;
  }, guard: StallGuard): Promise<Response> {
    const url = this.objectUrl(key, init.query);
    const { signal } = guard;
    if (this.client && !(init.body instanceof Readable)) {
      return this.client.fetch(url, { method, headers: init.headers, body: init.body as BodyInit | undefined, signal });
    }
    // Streams cannot be re-sent, so they are signed once and sent with the plain fetch (no retry).
    const request = this.client
      ? await this.client.sign(url, { method, headers: init.headers })
      : new Request(url, { method, headers: init.headers });
    const body = init.body instanceof Readable ? (Readable.toWeb(guard.watch(init.body)) as unknown as BodyInit) : (init.body as BodyInit | undefined);
    return fetch(request.url, { method, headers: request.headers, body, duplex: 'half', signal } as RequestInit);
  }

  private async toError(res: Response, method: string, key: string | undefined): Promise<Error> {
    const text = method === 'HEAD' ? '' : await res.text().catch(() => '');
    const code = xmlText(text, 'Code') ?? '';
    const message = xmlText(text, 'Message') ?? res.statusText;
    const what = `${method} ${this.where(key)}`;
    if (code === 'NoSuchBucket') return new NoSuchBucketError(this.bucket, this.endpoint);
    if (res.status === 404) return new NotFoundError(`No object at ${this.where(key)} (${code || 'HTTP 404'})`);
    if (res.status === 401 || res.status === 403) {
      return new AuthError(`S3 refused ${what} with ${res.status} ${code || res.statusText}: ${message}. Check the credentials`
        + ' (options or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN) and the region', res.status);
    }
    if (res.status === 412 || code === 'ConditionalRequestConflict') {
      return new PreconditionFailedError(`The condition of ${what} does not hold (${code || res.status}): the object changed or exists`, res.status);
    }
    return new StorageError(`S3 failed ${what} with ${res.status} ${code}: ${message}`, res.status);
  }

  /**
   * @param key - the object's key
   * @returns its size and etag, or undefined when missing
   * @throws AuthError, NetworkError, StorageError
   * @example (await s3.head('iris/1/data.parquet'))?.size
    */
  async head(key: string): Promise<ObjectInfo | undefined> {
    checkKey(key);
    try {
      const res = await this.send('HEAD', key);
      return {
        key,
        size: Number(res.headers.get('content-length') ?? 0),
        etag: res.headers.get('etag') ?? '',
        lastModified: new Date(res.headers.get('last-modified') ?? 0),
      };
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * @param key - the object's key
   * @returns its bytes and the etag of that version
   * @throws NotFoundError, NoSuchBucketError, AuthError, NetworkError
   * @example const { data, etag } = await s3.getWithEtag('index.json')
    */
  async getWithEtag(key: string): Promise<{ data: Uint8Array; etag: string }> {
    checkKey(key);
    const res = await this.send('GET', key);
    return { data: new Uint8Array(await res.arrayBuffer()), etag: res.headers.get('etag') ?? '' };
  }

  /**
   * @param key - the object's key
   * @param offset - first byte
   * @param length - how many bytes (fewer at the end)
   * @throws NotFoundError, NoSuchBucketError, AuthError, NetworkError
   * @example const footer = await s3.getRange('iris.parquet', size - 8, 8)
    */
  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    checkKey(key);
    checkRange(offset, length);
    if (length === 0) return new Uint8Array(0);
    let res: Response;
    try {
      res = await this.send('GET', key, { headers: { range: `bytes=${offset}-${offset + length - 1}` } });
    } catch (err) {
      if (err instanceof StorageError && err.status === 416) return new Uint8Array(0);
      throw err;
    }
    const data = new Uint8Array(await res.arrayBuffer());
    return res.status === 206 ? data : data.subarray(offset, offset + length);
  }

  /**
   * @param key - the object's key
   * @returns a stream of its bytes
   * @throws NotFoundError, NoSuchBucketError, AuthError, NetworkError
   * @example const stream = await s3.openRead('iris.csv')
    */
  async openRead(key: string): Promise<ObjectStream> {
    checkKey(key);
    const res = await this.send('GET', key, { stream: true });
    const length = res.headers.get('content-length');
    return {
      stream: Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>),
      size: length === null ? undefined : Number(length),
      etag: res.headers.get('etag') ?? '',
    };
  }

  /**
   * One atomic PUT, with If-Match / If-None-Match when asked.
   * @param key - the object's key
   * @param body - the content
   * @param options - `ifMatch` etag or `ifNoneMatch: '*'`
   * @returns the new etag
   * @throws PreconditionFailedError when the store honours the condition and it does not hold
   * @example await s3.put('index.json', JSON.stringify(index), { ifNoneMatch: '*' }) // only if absent
    */
  async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }> {
    const cond = checkPutOptions(options);
    checkKey(key);
    checkBody(body);
    const headers: Record<string, string> = {};
    if (cond.ifMatch !== undefined) headers['if-match'] = cond.ifMatch;
    if (cond.ifNoneMatch !== undefined) headers['if-none-match'] = cond.ifNoneMatch;
    const res = await this.send('PUT', key, { headers, body });
    return { etag: res.headers.get('etag') ?? '' };
  }

  /**
   * Uploads a local file: one streaming PUT up to `multipartThreshold`, else a multipart upload (parts read one
   * window at a time, so memory stays at a few parts). Either way the object appears whole or not at all.
   * @param key - the object's key
   * @param source - the local file
   * @param options - `onProgress`
   * @returns the etag and size
   * @throws NotFoundError when `source` is missing; storage errors from S3
   * @example await s3.putFile('big.parquet', 'big.parquet') // multipart above multipartThreshold
    */
  async putFile(key: string, source: string, options?: TransferOptions): Promise<{ etag: string; size: number }> {
    options = checkTransferOptions(options);
    checkKey(key);
    if (typeof source !== 'string') throw typeError(`Expected a file path for source but received ${describe(source)}`);
    const st = await fsp.stat(source).catch((err) => {
      throw new NotFoundError(`Expected an existing file for source but received '${source}'`, { cause: err });
    });
    const total = st.size;
    if (total <= this.multipartThreshold) {
      let done = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          done += chunk.length;
          options.onProgress?.(done, total);
          cb(null, chunk);
        },
      });
      const body = createReadStream(source).pipe(counter);
      const res = await this.send('PUT', key, { headers: { 'content-length': String(total) }, body });
      return { etag: res.headers.get('etag') ?? '', size: total };
    }
    return { etag: await this.multipartUpload(key, source, total, options), size: total };
  }

  private async multipartUpload(key: string, source: string, total: number, options: TransferOptions): Promise<string> {
    const partSize = Math.max(this.partSize, Math.ceil(total / 10_000));
    const init = await (await this.send('POST', key, { query: { uploads: '' } })).text();
    const uploadId = xmlText(init, 'UploadId');
    if (!uploadId) throw new StorageError(`S3 gave no UploadId for the multipart upload of ${this.where(key)}`);
    const handle = await fsp.open(source, 'r');
    const count = Math.ceil(total / partSize);
    const etags: string[] = new Array(count);
    let done = 0;
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const part = next++;
        const length = Math.min(partSize, total - part * partSize);
        const buf = Buffer.alloc(length);
        await handle.read(buf, 0, length, part * partSize);
        const res = await this.send('PUT', key, { query: { partNumber: String(part + 1), uploadId }, body: buf });
        etags[part] = res.headers.get('etag') ?? '';
        done += length;
        options.onProgress?.(done, total);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(4, count) }, worker));
      const xml = `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(e)}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
      const res = await this.send('POST', key, { query: { uploadId }, body: xml });
      // S3 may answer 200 and still report an error in the body of CompleteMultipartUpload.
      const text = await res.text();
      if (text.includes('<Error>')) throw new StorageError(`S3 failed to complete the upload of ${this.where(key)}: ${xmlText(text, 'Message') ?? text}`, res.status);
      return xmlText(text, 'ETag') ?? res.headers.get('etag') ?? '';
    } catch (err) {
      await this.send('DELETE', key, { query: { uploadId } }).catch(() => undefined);
      throw err;
    } finally {
      await handle.close();
    }
  }

  /**
   * @param prefix - keys must start with it ('' for all), relative to the storage's prefix
   * @returns the objects, sorted by key (ListObjectsV2, all pages)
   * @throws NoSuchBucketError, AuthError, NetworkError
   * @example (await s3.list('iris/')).map((o) => o.key)
    */
  async list(prefix: string): Promise<ObjectInfo[]> {
    checkPrefix(prefix);
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix: this.fullKey(prefix) };
      if (!this.prefix && !prefix) delete query.prefix;
      if (token) query['continuation-token'] = token;
      const xml = await (await this.send('GET', undefined, { query })).text();
      for (const block of xmlBlocks(xml, 'Contents')) {
        out.push({
          key: (xmlText(block, 'Key') ?? '').slice(strip),
          size: Number(xmlText(block, 'Size') ?? 0),
          etag: xmlText(block, 'ETag') ?? '',
          lastModified: new Date(xmlText(block, 'LastModified') ?? 0),
        });
      }
      token = xmlText(xml, 'IsTruncated') === 'true' ? xmlText(xml, 'NextContinuationToken') : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * @param key - the object's key
   * @throws NoSuchBucketError, AuthError, NetworkError
   * @example await s3.delete('iris/1/data.parquet')
    */
  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await this.send('DELETE', key);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
}
