/**
 * Bytes in and out in a web page (the browser build's io.ts): every location is a URL - absolute, or relative to the
 * page - read with `fetch`. A page has no file system, so writing a file or reading a local path refuses with
 * ERR_ALIMENTAR_UNSUPPORTED; `toBytes()` gives the bytes to download or upload.
 */
import { NotFoundError, describe, typeError } from './errors';
import { notInBrowser } from './not-in-browser';
import { AuthError, HttpError, NetworkError } from './storage/errors';

export { ioError } from './io-error';

/**
 * Always undefined in a page: every location is fetched (a page has no local paths).
 * @param pathOrUrl - the location
 * @returns undefined
 * @throws TypeError for a non-string or empty string, or a file:// URL (a page cannot read local files by path)
 */
export function localPath(pathOrUrl: unknown): string | undefined {
  if (typeof pathOrUrl !== 'string' || pathOrUrl.length === 0) {
    throw typeError(`Expected a path or URL string for pathOrUrl but received ${describe(pathOrUrl)}`);
  }
  if (/^file:\/\//i.test(pathOrUrl)) {
    throw typeError(`Expected an http(s) or page-relative URL for pathOrUrl in a web page but received '${pathOrUrl}' (pass a File to ArrowDataset.fromBlob)`);
  }
  return undefined;
}

/**
 * Fetches a whole URL, absolute or relative to the page.
 * @param pathOrUrl - an http(s) URL or a path relative to the page
 * @returns the bytes
 * @throws NotFoundError for HTTP 404; AuthError for 401/403; HttpError for other failing statuses; NetworkError when
 *   the request fails (offline, CORS refused)
 */
export async function readBytes(pathOrUrl: string): Promise<Uint8Array> {
  localPath(pathOrUrl);
  const base = (globalThis as { location?: { href: string } }).location?.href;
  let response: Response;
  try {
    response = await fetch(new URL(pathOrUrl, base));
  } catch (e) {
    throw new NetworkError(`Expected to fetch ${pathOrUrl} but the request failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
  if (response.status === 404) throw new NotFoundError(`Expected ${pathOrUrl} to exist but the server answered 404`);
  if (response.status === 401 || response.status === 403) throw new AuthError(`Expected access to ${pathOrUrl} but the server answered ${response.status}`, response.status);
  if (!response.ok) throw new HttpError(`Expected ${pathOrUrl} but the server answered ${response.status} ${response.statusText}`, response.status);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Refuses: a page has no file system.
 * @throws AlimentarError ERR_ALIMENTAR_UNSUPPORTED
 */
export async function atomicWrite(target: string, _chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  throw notInBrowser(`writing ${target}`, 'take the bytes from ArrowDataset.toBytes() and download or upload them');
}

/**
 * Refuses: a page has no local files.
 * @throws AlimentarError ERR_ALIMENTAR_UNSUPPORTED
 */
export async function readHead(path: string, _length: number): Promise<Uint8Array> {
  throw notInBrowser(`reading ${path}`, 'fetch it or pass a File to ArrowDataset.fromBlob');
}

