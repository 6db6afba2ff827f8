/** Picks the backend from a location: `s3://`, `http(s)://`, `file://` or a plain folder path. */
import { fileURLToPath } from 'node:url';
import { describe, typeError } from '../errors';
import { HttpStorage, type HttpOptions } from './http';
import { LocalStorage } from './local';
import { S3Storage, type S3Options } from './s3';
import type { Storage } from './types';
import { expectStorageOptions, OPEN_STORAGE_OPTIONS } from '../option-keys';

/** Options of every backend; each takes the ones it knows. */
export interface OpenStorageOptions {
  /** For `s3://` locations. */
  s3?: S3Options;
  /** For `http(s)://` locations. */
  http?: HttpOptions;
}

/**
 * Opens the storage backend for a location.
 * @param location - `s3://bucket/prefix`, `https://host/path`, `file:///path` or a folder path
 * @param options - per-backend options
 * @returns the backend (no I/O happens until the first call)
 * @throws TypeError when location is not a non-empty string or for an unknown option; RangeError for a malformed URL
 * @example
 * const store = openStorage('s3://my-bucket/datasets');
 */
export function openStorage(location: string, options?: OpenStorageOptions): Storage {
  const opts = expectStorageOptions<OpenStorageOptions>(options, 'openStorage options', OPEN_STORAGE_OPTIONS);
  if (typeof location !== 'string' || location.length === 0) {
    throw typeError(`Expected a folder path or an s3://, http(s):// or file:// URL for location but received ${describe(location)}`);
  }
  if (location.startsWith('s3://')) return new S3Storage(location, opts.s3);
  if (/^https?:\/\//.test(location)) return new HttpStorage(location, opts.http);
  if (location.startsWith('file://')) return new LocalStorage(fileURLToPath(location));
  return new LocalStorage(location);
}
