/** The browser build's node-crypto.ts: no node:crypto in a page; loadAsync uses WebCrypto. */
import type * as NodeCrypto from 'node:crypto';

/**
 * @returns null: a page has no node:crypto
 */
export function loadNodeCrypto(): typeof NodeCrypto | null {
  return null;
}
