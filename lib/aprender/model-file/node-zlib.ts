/** node:zlib for the model-file codec in Node (the browser build's node-zlib.browser.ts has none: fflate runs). */
import type * as NodeZlib from 'node:zlib';

let zlib: typeof NodeZlib | null | undefined;

/**
 * node:zlib where the host has it, else null.
 * @returns the module or null
 */
export function nodeZlib(): typeof NodeZlib | null {
  if (zlib === undefined) {
    try {
      zlib = require('node:zlib') as typeof NodeZlib;
    } catch {
      zlib = null;
    }
  }
  return zlib;
}
