/** The browser build's target-file.ts: the version is built in; a page has no file to save to. */
import { AprenderError } from '../errors';

declare const __SOVEREIGN_VERSION__: string | undefined;

/**
 * This library's version, built into the browser entry by scripts/build-browser.js.
 * @returns the version, or 'unknown' in a bundle made without it
 */
export function packageVersion(): string {
  return typeof __SOVEREIGN_VERSION__ === 'string' ? __SOVEREIGN_VERSION__ : 'unknown';
}

/**
 * Refuses: a page has no file system.
 * @throws AprenderError (ERR_APRENDER_UNSUPPORTED) saying to use toBytes
 */
export async function writeModelFile(file: string, _bytes: Uint8Array): Promise<number> {
  throw new AprenderError(`Expected a file system to save ${file} but this is the browser build: take the bytes from toBytes(model) and download or upload them`, 'ERR_APRENDER_UNSUPPORTED');
}
