/**
 * The memory of stored columns and dictionaries in a web page: plain ArrayBuffers. Queries run on the page's thread,
 * so nothing is shared, and SharedArrayBuffer only exists in cross-origin-isolated pages.
 */

/**
 * A zeroed buffer for a stored column or dictionary.
 * @param bytes - its size
 * @returns an ArrayBuffer
 */
export function storedBuffer(bytes: number): ArrayBufferLike {
  return new ArrayBuffer(bytes);
}
