/** node:crypto for model files in Node (the browser build's node-crypto.browser.ts has none: WebCrypto runs). */
import type * as NodeCrypto from 'node:crypto';

/**
 * node:crypto where the host has it, else null.
 * @returns the module or null
 */
export function loadNodeCrypto(): typeof NodeCrypto | null {
  try {
    return require('node:crypto') as typeof NodeCrypto;
  } catch {
    return null;
  }
}
