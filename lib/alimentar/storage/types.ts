/**
 * The storage abstraction: a flat key space of immutable-by-write objects, as S3 has, so the registry runs the same
 * code on a folder, an object store or a read-only web server. Keys are '/'-separated and relative to the backend's
 * root (`datasets/iris/1/iris.parquet`).
 */
import type { Readable } from 'node:stream';

/** What a backend knows about one stored object. */
export interface ObjectInfo {
  /** The key, relative to the backend's root. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** An opaque version tag that changes on every write; pass it to `putIfMatch`. */
  etag: string;
  /** When the object was last written. */
  lastModified: Date;
}

/** Conditions for a write; at most one of them. */
export interface PutOptions {
  /** Write only when the object's current etag is this one. */
  ifMatch?: string;
  /** `'*'`: write only when the object does not exist yet. */
  ifNoneMatch?: '*';
}

/** Progress and cancellation of a long transfer. */
export interface TransferOptions {
  /** Called as bytes move, with the bytes done so far and the total (when known, else undefined). */
  onProgress?: (done: number, total: number | undefined) => void;
}

/** An open object: a byte stream with what is known about it. */
export interface ObjectStream {
  /** The object's bytes. */
  stream: Readable;
  /** Size in bytes, when the backend says. */
  size: number | undefined;
  /** The etag of the version being read. */
  etag: string;
}

/**
 * A storage backend. Every write is atomic: a reader sees the old object or the new one, never a part.
 * Missing objects raise `NotFoundError` from `get*` and give `undefined` from `head`.
 */
export interface Storage {
  /** The backend's root, as a URL or path (for messages). */
  readonly url: string;
  /** False for read-only backends (HTTP), whose writes throw `ReadOnlyStorageError`. */
  readonly writable: boolean;
  /** True when the backend can list keys (registry readers then reconcile the index with the manifests). */
  readonly listable: boolean;
  /** The object's size and etag, or undefined when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** The whole object. */
  get(key: string): Promise<Uint8Array>;
  /** The whole object with its etag, read in one request so the pair is consistent. */
  getWithEtag(key: string): Promise<{ data: Uint8Array; etag: string }>;
  /** `length` bytes from `offset` (fewer at the end of the object). */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  /** The object as a stream, for large objects. */
  openRead(key: string): Promise<ObjectStream>;
  /** Writes the object atomically, optionally under a condition; returns the new etag. */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }>;
  /** Writes only when the current etag is `etag`; throws `PreconditionFailedError` otherwise. */
  putIfMatch(key: string, body: Uint8Array | string, etag: string): Promise<{ etag: string }>;
  /** Writes only when the object does not exist; throws `PreconditionFailedError` otherwise. */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<{ etag: string }>;
  /** Uploads a local file atomically, streaming (bounded memory). */
  putFile(key: string, path: string, options?: TransferOptions): Promise<{ etag: string; size: number }>;
  /** Every object whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Removes what killed writes left behind that is not an object (a folder's abandoned temporary and lock files),
   * unless `dryRun`; returns it with keys relative to the root. Absent where writes leave nothing (S3 and HTTP). */
  removeAbandoned?(options?: { dryRun?: boolean }): Promise<{ key: string; size: number }[]>;
}
