/** Validation of storage keys, so no key escapes a backend's root ('..', absolute paths) on any backend. */
import { describe, typeError, rangeError } from '../errors';

const SEGMENT_FORBIDDEN = /[\\\0]/;

/**
 * Checks that `key` is a relative '/'-separated key with no empty, '.' or '..' segment.
 * @param key - the key to check
 * @param what - what the key is for, for the error message
 * @returns the key
 * @throws TypeError when the key is not a string; RangeError when it is not a safe relative key
 */
export function checkKey(key: unknown, what = 'key'): string {
  if (typeof key !== 'string') throw typeError(`Expected a string for ${what} but received ${describe(key)}`);
  const segments = key.split('/');
  if (key.length === 0 || segments.some((s) => s === '' || s === '.' || s === '..' || SEGMENT_FORBIDDEN.test(s))) {
    throw rangeError(`Expected a relative '/'-separated key without empty, '.' or '..' parts for ${what} but received ${describe(key)}`);
  }
  return key;
}

/**
 * Checks a list prefix: like a key, but may be empty or end with '/'.
 * @param prefix - the prefix to check
 * @returns the prefix
 * @throws TypeError / RangeError as {@link checkKey}
 */
export function checkPrefix(prefix: unknown): string {
  if (prefix === '') return '';
  if (typeof prefix === 'string' && prefix.endsWith('/')) {
    checkKey(prefix.slice(0, -1), 'prefix');
    return prefix;
  }
  return checkKey(prefix, 'prefix');
}

/** Encodes a key for a URL path: each segment percent-encoded per RFC 3986, '/' kept. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}
