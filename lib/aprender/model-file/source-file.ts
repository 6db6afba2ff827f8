/** Reading a model file named by path or file URL, in Node (the browser build's source-file.browser.ts fetches). */
import * as fs from 'node:fs';

/**
 * Reads a model file whose size is within the limit (a huge file is refused before it is read into memory).
 * @param source - a path or file URL
 * @param limit - the most bytes accepted
 * @param tooLarge - the error for a file of `size` bytes over the limit
 * @returns the bytes
 * @throws tooLarge's error; what `fs` throws
 */
export function readModelFileSync(source: string | URL, limit: number, tooLarge: (size: number) => Error): Uint8Array {
  const size = fs.statSync(source).size;
  if (size > limit) throw tooLarge(size);
  return fs.readFileSync(source);
}

/**
 * As {@link readModelFileSync}, without blocking.
 * @param source - a path or file URL
 * @param limit - the most bytes accepted
 * @param tooLarge - the error for a file of `size` bytes over the limit
 * @returns the bytes
 * @throws tooLarge's error; what `fs` throws
 */
export async function readModelFile(source: string | URL, limit: number, tooLarge: (size: number) => Error): Promise<Uint8Array> {
  const size = (await fs.promises.stat(source)).size;
  if (size > limit) throw tooLarge(size);
  return fs.promises.readFile(source);
}
