/** Operations every backend derives the same way from its primitives. */
import { describe, typeError } from '../errors';
import { PUT_OPTIONS, TRANSFER_OPTIONS } from '../option-keys';
import { expectOptions } from '../validate';
import type { ObjectInfo, ObjectStream, PutOptions, Storage, TransferOptions } from './types';

/** Checks a write body: bytes or text. */
export function checkBody(body: unknown): Uint8Array | string {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw typeError(`Expected a Uint8Array or string for body but received ${describe(body)}`);
}

/** Checks an etag argument. */
export function checkEtag(etag: unknown): string {
  if (typeof etag === 'string' && etag.length > 0) return etag;
  throw typeError(`Expected a non-empty string for etag but received ${describe(etag)}`);
}

/** Shared part of the backends: conditional writes and whole reads expressed through the primitives. */
export abstract class BaseStorage implements Storage {
  abstract readonly url: string;
  abstract readonly writable: boolean;
  abstract readonly listable: boolean;
  abstract head(key: string): Promise<ObjectInfo | undefined>;
  abstract getWithEtag(key: string): Promise<{ data: Uint8Array; etag: string }>;
  abstract getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  abstract openRead(key: string): Promise<ObjectStream>;
  abstract put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }>;
  abstract putFile(key: string, path: string, options?: TransferOptions): Promise<{ etag: string; size: number }>;
  abstract list(prefix: string): Promise<ObjectInfo[]>;
  abstract delete(key: string): Promise<void>;

  /**
   * The whole object.
   * @param key - the object's key
   * @returns its bytes
   * @throws NotFoundError when it does not exist
   */
  async get(key: string): Promise<Uint8Array> {
    return (await this.getWithEtag(key)).data;
  }

  /**
   * Writes only when the object's current etag is `etag`.
   * @param key - the object's key
   * @param body - the new content
   * @param etag - the etag read before
   * @returns the new etag
   * @throws PreconditionFailedError when the object changed or vanished since
   */
  putIfMatch(key: string, body: Uint8Array | string, etag: string): Promise<{ etag: string }> {
    return this.put(key, body, { ifMatch: checkEtag(etag) });
  }

  /**
   * Writes only when the object does not exist.
   * @param key - the object's key
   * @param body - the content
   * @returns the new etag
   * @throws PreconditionFailedError when it already exists
   */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<{ etag: string }> {
    return this.put(key, body, { ifNoneMatch: '*' });
  }
}

/** Checks a byte range request. */
export function checkRange(offset: unknown, length: unknown): void {
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw typeError(`Expected a non-negative integer for offset but received ${describe(offset)}`);
  }
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw typeError(`Expected a non-negative integer for length but received ${describe(length)}`);
  }
}

/** Checks put options (before the key and body: a misspelt option is reported first): at most one condition. */
export function checkPutOptions(value: PutOptions | undefined): PutOptions {
  const options = expectOptions<PutOptions>(value, 'put options', PUT_OPTIONS);
  if (options.ifMatch !== undefined) checkEtag(options.ifMatch);
  if (options.ifNoneMatch !== undefined && options.ifNoneMatch !== '*') {
    throw typeError(`Expected '*' for options.ifNoneMatch but received ${describe(options.ifNoneMatch)}`);
  }
  if (options.ifMatch !== undefined && options.ifNoneMatch !== undefined) {
    throw typeError('Expected at most one of options.ifMatch and options.ifNoneMatch but received both');
  }
  return options;
}

/**
 * Checks putFile's options before its key and source.
 * @param options - what the caller passed
 * @returns the options ({} for undefined)
 * @throws TypeError for an unknown key or an onProgress that is not a function
 */
export function checkTransferOptions(options: TransferOptions | undefined): TransferOptions {
  const opts = expectOptions<TransferOptions>(options, 'putFile options', TRANSFER_OPTIONS);
  if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') {
    throw typeError(`Expected a function for putFile options.onProgress but received ${describe(opts.onProgress)}`);
  }
  return opts;
}
