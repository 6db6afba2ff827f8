/** Bytes in and out: local paths, file:// and http(s):// URLs, and atomic writes. */
import { promises as fsp } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AlimentarError, WriteError, describe, typeError } from './errors';
import { ioError } from './io-error';

export { ioError } from './io-error';
import { writeAtomic } from './storage/atomic-file';
import { httpRequest } from './storage/http';

/**
 * A local path for a path or file:// URL, or undefined for an http(s) URL.
 * @param pathOrUrl - the location
 * @returns the local path, or undefined for a remote URL
 * @throws TypeError for a non-string or an unsupported URL scheme
 */
export function localPath(pathOrUrl: unknown): string | undefined {
  if (typeof pathOrUrl !== 'string' || pathOrUrl.length === 0) {
    throw typeError(`Expected a path or URL string for pathOrUrl but received ${describe(pathOrUrl)}`);
  }
  if (/^https?:\/\//i.test(pathOrUrl)) return undefined;
  if (/^file:\/\//i.test(pathOrUrl)) return fileURLToPath(pathOrUrl);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl)) {
    throw typeError(`Expected a local path, file:// or http(s):// URL for pathOrUrl but received '${pathOrUrl}' (other stores: see the registry's storage backends)`);
  }
  return pathOrUrl;
}

/**
 * Reads a whole file or URL.
 * @param pathOrUrl - a local path, file:// URL or http(s):// URL
 * @returns the bytes
 * @throws NotFoundError for a missing file or an HTTP 404; AlimentarError (`ERR_ALIMENTAR_IO`) for other file
 *   failures; NetworkError, AuthError or HttpError for a URL that cannot be fetched, dropped or stalls
 * @example const bytes = await readBytes('file:///data/iris.parquet')
 */
export async function readBytes(pathOrUrl: string): Promise<Uint8Array> {
  const local = localPath(pathOrUrl);
  if (local !== undefined) {
    try {
      return await fsp.readFile(local);
    } catch (e) {
      throw ioError(e, pathOrUrl);
    }
  }
  return new Uint8Array(await (await httpRequest(pathOrUrl)).arrayBuffer());
}

/**
 * Writes a file atomically and durably (see `writeAtomic` in storage/atomic-file.ts, the library's one atomic write): readers see the old
 * file or the new one, and a failed write leaves nothing behind.
 * @param target - the destination path; its folder must exist
 * @param chunks - the content, written in order
 * @throws WriteError when the folder is missing or not writable; an AlimentarError thrown by `chunks` as it is
 * @example
 * await atomicWrite('out.csv', [new TextEncoder().encode('a,b\n1,2\n')]);
 */
export async function atomicWrite(target: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  try {
    await writeAtomic(target, chunks, { createFolder: false, digest: false });
  } catch (e) {
    // A fault in the data being written (a streamed source that fails to parse) keeps its own error and code.
    if (e instanceof AlimentarError) throw e;
    throw new WriteError(`Expected to write ${target} but it failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

/**
 * The first bytes of a local file (format detection before streaming it).
 * @param path - the local path
 * @param length - how many bytes to read at most
 * @returns `length` bytes, zero past the end of a shorter file
 * @throws what `fs` throws (callers map it with {@link ioError})
 */
export async function readHead(path: string, length: number): Promise<Uint8Array> {
  const head = new Uint8Array(length);
  const fh = await fsp.open(path, 'r');
  await fh.read(head, 0, length, 0).finally(() => fh.close());
  return head;
}
