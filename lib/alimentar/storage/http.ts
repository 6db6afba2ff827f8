/**
 * A read-only backend over plain HTTP(S): a registry or dataset mirrored on any static web server. Partial reads use
 * Range requests, so a Parquet footer can be read without fetching the file.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { describe, NotFoundError, rangeError } from '../errors';
import { BaseStorage, checkRange } from './base';
import { HTTP_OPTIONS } from '../option-keys';
import { expectOptions } from '../validate';
import { AuthError, HttpError, NetworkError, ReadOnlyStorageError } from './errors';
import { checkKey, encodeKeyPath } from './keys';
import { checkStallMs, DEFAULT_STALL_MS, StallGuard } from './stall';
import type { ObjectInfo, ObjectStream } from './types';

/** How to reach the server. */
export interface HttpOptions {
  /** Extra request headers, e.g. `{ authorization: 'Bearer ...' }`. */
  headers?: Record<string, string>;
  /** The longest a request may go without progress before it fails with NetworkError (default 60,000 ms). */
  timeoutMs?: number;
}

/**
 * Sends a GET or HEAD and maps failures to storage errors: unreachable, dropped or stalled (no progress for
 * `timeoutMs`) -> NetworkError, 401/403 -> AuthError, 404 -> NotFoundError, other statuses -> HttpError.
 * @param url - the URL
 * @param init - method, headers, stall timeout; `stream` leaves the body to the caller (watched until the headers)
 * @returns the successful response (2xx), its body already read unless `stream`
 */
export async function httpRequest(url: string, init: { method?: string; headers?: Record<string, string>; timeoutMs?: number; stream?: boolean } = {}): Promise<Response> {
  const guard = new StallGuard(init.timeoutMs ?? DEFAULT_STALL_MS);
  let res: Response;
  try {
    res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, redirect: 'follow', signal: guard.signal });
    if (res.ok && !init.stream && init.method !== 'HEAD') res = await guard.buffered(res);
  } catch (err) {
    guard.stop();
    throw new NetworkError(`Could not reach ${url}: ${guard.reason(err, 'timeoutMs')}`, { cause: err });
  }
  guard.stop();
  if (res.ok) return res;
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 404) throw new NotFoundError(`Nothing at ${url} (HTTP 404)`);
  if (res.status === 401 || res.status === 403) throw new AuthError(`${url} refused the request with HTTP ${res.status} ${res.statusText}`, res.status);
  throw new HttpError(`${url} answered HTTP ${res.status} ${res.statusText}`, res.status);
}

/**
 * Read-only storage under an http(s) base URL.
 * @example
 * const store = new HttpStorage('https://example.org/registry');
 * const index = await store.get('index.json');
 */
export class HttpStorage extends BaseStorage {
  readonly url: string;
  readonly writable = false;
  readonly listable = false;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  /**
   * @param url - the base URL; keys are resolved under it
   * @param options - extra headers
   * @throws RangeError when url is not http(s); TypeError for an unknown option
   */
  constructor(url: string, options?: HttpOptions) {
    super();
    options = expectOptions<HttpOptions>(options, 'HttpStorage options', HTTP_OPTIONS);
    if (typeof url !== 'string' || !/^https?:\/\/[^/]/.test(url)) throw rangeError(`Expected an http(s) URL for url but received ${describe(url)}`);
    this.url = url.replace(/\/+$/, '');
    this.headers = { ...(options.headers ?? {}) };
    this.timeoutMs = checkStallMs(options.timeoutMs, 'options.timeoutMs');
  }

  private urlOf(key: string): string {
    return `${this.url}/${encodeKeyPath(checkKey(key))}`;
  }

  /**
   * @param key - the object's key
   * @returns its size and etag from a HEAD request, or undefined on 404
   * @example (await http.head('iris/1/data.parquet'))?.size
    */
  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const res = await httpRequest(this.urlOf(key), { method: 'HEAD', headers: this.headers, timeoutMs: this.timeoutMs });
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
   * @returns its bytes and etag
   * @throws NotFoundError, AuthError, HttpError, NetworkError
   * @example const { data, etag } = await http.getWithEtag('index.json')
    */
  async getWithEtag(key: string): Promise<{ data: Uint8Array; etag: string }> {
    const res = await httpRequest(this.urlOf(key), { headers: this.headers, timeoutMs: this.timeoutMs });
    return { data: new Uint8Array(await res.arrayBuffer()), etag: res.headers.get('etag') ?? '' };
  }

  /**
   * A Range request; a server that ignores Range sends the whole body, which is then cut.
   * @param key - the object's key
   * @param offset - first byte
   * @param length - how many bytes (fewer at the end)
   * @throws NotFoundError, AuthError, HttpError, NetworkError
   * @example const footer = await http.getRange('iris.parquet', size - 8, 8)
    */
  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length);
    if (length === 0) return new Uint8Array(0);
    let res: Response;
    try {
      res = await httpRequest(this.urlOf(key), { headers: { ...this.headers, range: `bytes=${offset}-${offset + length - 1}` }, timeoutMs: this.timeoutMs });
    } catch (err) {
      if (err instanceof HttpError && err.status === 416) return new Uint8Array(0);
      throw err;
    }
    const data = new Uint8Array(await res.arrayBuffer());
    return res.status === 206 ? data : data.subarray(offset, offset + length);
  }

  /**
   * @param key - the object's key
   * @returns a stream of its bytes
   * @throws NotFoundError, AuthError, HttpError, NetworkError
   * @example const stream = await http.openRead('iris.csv')
    */
  async openRead(key: string): Promise<ObjectStream> {
    const res = await httpRequest(this.urlOf(key), { headers: this.headers, timeoutMs: this.timeoutMs, stream: true });
    const length = res.headers.get('content-length');
    return {
      stream: Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>),
      size: length === null ? undefined : Number(length),
      etag: res.headers.get('etag') ?? '',
    };
  }

  /**
 * @throws ReadOnlyStorageError always: HTTP storage is read-only
 * @example await http.put('x', 'y') // rejects: HTTP storage is read-only
 */
  put(): Promise<{ etag: string }> {
    return Promise.reject(this.fail('put'));
  }

  /**
 * @throws ReadOnlyStorageError always: HTTP storage is read-only
 * @example await http.putFile('x', 'y') // rejects: HTTP storage is read-only
 */
  putFile(): Promise<{ etag: string; size: number }> {
    return Promise.reject(this.fail('putFile'));
  }

  /**
 * @throws ReadOnlyStorageError always: plain HTTP has no listing
 * @example await http.list('') // rejects: HTTP has no listing; read index.json instead
 */
  list(): Promise<ObjectInfo[]> {
    return Promise.reject(this.fail('list'));
  }

  /**
 * @throws ReadOnlyStorageError always: HTTP storage is read-only
 * @example await http.delete('x') // rejects: HTTP storage is read-only
 */
  delete(): Promise<void> {
    return Promise.reject(this.fail('delete'));
  }

  private fail(op: string): Error {
    return new ReadOnlyStorageError(`Expected a writable backend for ${op} but received the read-only HTTP backend ${this.url}`);
  }
}
