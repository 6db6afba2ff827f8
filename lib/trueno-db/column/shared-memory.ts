/**
 * The memory of stored columns and dictionaries: SharedArrayBuffers in Node, so query workers read them in place
 * (a web page, where queries run on the page's thread, uses ./shared-memory.browser.ts).
 */

/**
 * A zeroed buffer for a stored column or dictionary.
 * @param bytes - its size
 * @returns a SharedArrayBuffer
 */
export function storedBuffer(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}
