/** The browser build's node-zlib.ts: no node:zlib in a page, so the codec uses fflate. */
import type * as NodeZlib from 'node:zlib';

/**
 * @returns null: a page has no node:zlib
 */
export function nodeZlib(): typeof NodeZlib | null {
  return null;
}
