/**
 * The browser build's source-file.ts: a model named by URL (absolute or relative to the page) is fetched by loadAsync;
 * the synchronous load takes bytes only (a page cannot read synchronously).
 */
import { typeError } from '../errors';

/**
 * Refuses: a page cannot read a URL synchronously.
 * @throws TypeError (ERR_APRENDER_TYPE) saying to pass bytes or use loadAsync
 */
export function readModelFileSync(source: string | URL, _limit: number, _tooLarge: (size: number) => Error): Uint8Array {
  throw typeError(`Expected the model file's bytes (Uint8Array or ArrayBuffer) for load() in a web page but received the location ${String(source)}: use loadAsync(url), which fetches it`);
}

/**
 * Fetches a model file, refusing one over the limit (by Content-Length before reading, by size after).
 * @param source - a URL, absolute or relative to the page
 * @param limit - the most bytes accepted
 * @param tooLarge - the error for a file of `size` bytes over the limit
 * @returns the bytes
 * @throws tooLarge's error; TypeError when the server answers with an error status or the request fails
 */
export async function readModelFile(source: string | URL, limit: number, tooLarge: (size: number) => Error): Promise<Uint8Array> {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  let response: Response;
  try {
    response = await fetch(new URL(String(source), base));
  } catch (e) {
    throw Object.assign(typeError(`Expected to fetch the model file ${String(source)} but the request failed: ${(e as Error)?.message ?? String(e)}`), { cause: e });
  }
  if (!response.ok) throw typeError(`Expected the model file ${String(source)} but the server answered ${response.status} ${response.statusText}`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(declared);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw tooLarge(bytes.length);
  return bytes;
}
