/**
 * A folder as a storage backend (plain path or `file://` URL). Writes are atomic (temporary file + fsync + rename in
 * the same folder); conditional writes hold a lock file (./lock-file: owner-tagged, broken at once when its holder
 * died) while they compare etags and rename.
 */
import { createReadStream, promises as fsp, type BigIntStats } from 'node:fs';
import * as path from 'node:path';
import { describe, NotFoundError, typeError } from '../errors';
import { isTempName, sweepStaleTemps, writeFileAtomic, writeStreamAtomic } from './atomic-file';
import { BaseStorage, checkBody, checkPutOptions, checkRange, checkTransferOptions } from './base';
import { REMOVE_ABANDONED_OPTIONS } from '../option-keys';
import { expectOptions } from '../validate';
import { PreconditionFailedError, StorageError } from './errors';
import { checkKey, checkPrefix } from './keys';
import { LOCK_SUFFIX, removeAbandonedLock, withLockFile } from './lock-file';
import type { ObjectInfo, ObjectStream, PutOptions, TransferOptions } from './types';

function etagOf(st: BigIntStats): string {
  // A write renames a new inode into place, so (inode, mtime in ns, size) changes on every write.
  return `"${st.ino.toString(16)}-${st.mtimeNs.toString(16)}-${st.size.toString(16)}"`;
}

function isCode(err: unknown, ...codes: string[]): boolean {
  return typeof err === 'object' && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? '');
}

/**
 * Storage in a local folder.
 * @example
 * const store = new LocalStorage('/data/registry');
 * await store.put('hello.txt', 'hi');
 */
export class LocalStorage extends BaseStorage {
  /** The folder's absolute path. */
  readonly root: string;
  readonly url: string;
  readonly writable = true;
  readonly listable = true;

  /**
   * @param root - the folder (created on the first write when missing)
   * @throws TypeError when root is not a non-empty string
   */
  constructor(root: string) {
    super();
    if (typeof root !== 'string' || root.length === 0) throw typeError(`Expected a folder path for root but received ${describe(root)}`);
    this.root = path.resolve(root);
    this.url = this.root;
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  private async stat(file: string): Promise<BigIntStats | undefined> {
    try {
      const st = await fsp.stat(file, { bigint: true });
      return st.isFile() ? st : undefined;
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR')) return undefined;
      throw new StorageError(`Could not stat ${file}: ${(err as Error).message}`, undefined, undefined, { cause: err });
    }
  }

  /**
   * @param key - the object's key
   * @returns its size and etag, or undefined when missing
   * @example (await local.head('iris/1/data.parquet'))?.size
    */
  async head(key: string): Promise<ObjectInfo | undefined> {
    const st = await this.stat(this.pathOf(key));
    return st && { key, size: Number(st.size), etag: etagOf(st), lastModified: st.mtime };
  }

  /**
   * @param key - the object's key
   * @returns its bytes and etag, read from one open file so the pair is consistent
   * @throws NotFoundError when missing
   * @example const { data, etag } = await local.getWithEtag('index.json')
    */
  async getWithEtag(key: string): Promise<{ data: Uint8Array; etag: string }> {
    const file = this.pathOf(key);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw new NotFoundError(`No object '${key}' in ${this.url}`, { cause: err });
      throw new StorageError(`Could not read ${file}: ${(err as Error).message}`, undefined, undefined, { cause: err });
    }
    try {
      const st = await handle.stat({ bigint: true });
      return { data: new Uint8Array(await handle.readFile()), etag: etagOf(st) };
    } finally {
      await handle.close();
    }
  }

  /**
   * @param key - the object's key
   * @param offset - first byte
   * @param length - how many bytes (fewer at the end)
   * @throws NotFoundError when missing
   * @example const footer = await local.getRange('iris.parquet', size - 8, 8)
    */
  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length);
    const file = this.pathOf(key);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw new NotFoundError(`No object '${key}' in ${this.url}`, { cause: err });
      throw new StorageError(`Could not read ${file}: ${(err as Error).message}`, undefined, undefined, { cause: err });
    }
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /**
   * @param key - the object's key
   * @returns a stream of its bytes
   * @throws NotFoundError when missing
   * @example const stream = await local.openRead('iris.csv')
    */
  async openRead(key: string): Promise<ObjectStream> {
    const file = this.pathOf(key);
    const st = await this.stat(file);
    if (!st) throw new NotFoundError(`No object '${key}' in ${this.url}`);
    return { stream: createReadStream(file), size: Number(st.size), etag: etagOf(st) };
  }

  /**
   * Writes atomically; with a condition, under the key's lock file.
   * @param key - the object's key
   * @param body - the content
   * @param options - `ifMatch` etag or `ifNoneMatch: '*'`
   * @returns the new etag
   * @throws PreconditionFailedError when the condition does not hold
   * @example await local.put('index.json', JSON.stringify(index), { ifMatch: etag }) // fails if changed meanwhile
    */
  async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }> {
    const cond = checkPutOptions(options);
    const file = this.pathOf(key);
    checkBody(body);
    const write = async () => {
      try {
        // the etag of these bytes, not of whatever another writer renamed into place since
        return { etag: etagOf(await writeFileAtomic(file, body)) };
      } catch (err) {
        throw new StorageError(`Could not write ${file}: ${(err as Error).message}`, undefined, undefined, { cause: err });
      }
    };
    if (cond.ifMatch === undefined && cond.ifNoneMatch === undefined) return write();
    return this.withLock(file, async () => {
      const st = await this.stat(file);
      if (cond.ifNoneMatch === '*' && st) throw new PreconditionFailedError(`Expected no object at '${key}' but it exists in ${this.url}`);
      if (cond.ifMatch !== undefined && (!st || etagOf(st) !== cond.ifMatch)) {
        throw new PreconditionFailedError(`Expected etag ${cond.ifMatch} for '${key}' but received ${st ? etagOf(st) : 'no object'}`);
      }
      return write();
    });
  }

  private async withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
    try {
      await fsp.mkdir(path.dirname(file), { recursive: true });
    } catch (err) {
      // a file where the folder (or one above it) should be: a storage failure with the path, not a bare EEXIST
      throw new StorageError(`Could not create the folder ${path.dirname(file)}: ${(err as Error).message}`, undefined, undefined, { cause: err });
    }
    return withLockFile(file + LOCK_SUFFIX, fn);
  }

  /**
   * Copies a local file in, atomically and streaming.
   * @param key - the object's key
   * @param source - the local file
   * @param options - `onProgress`
   * @returns the etag and size
   * @throws NotFoundError when `source` does not exist
   * @example await local.putFile('iris/1/data.parquet', 'iris.parquet', { onProgress: (done, total) => console.log(done, total) })
    */
  async putFile(key: string, source: string, options?: TransferOptions): Promise<{ etag: string; size: number }> {
    const { onProgress } = checkTransferOptions(options);
    const file = this.pathOf(key);
    if (typeof source !== 'string') throw typeError(`Expected a file path for source but received ${describe(source)}`);
    const srcStat = await fsp.stat(source).catch((err) => {
      throw new NotFoundError(`Expected an existing file for source but received '${source}'`, { cause: err });
    });
    const total = srcStat.size;
    try {
      const { stats, size } = await writeStreamAtomic(createReadStream(source), file, { onProgress: (done) => onProgress?.(done, total) });
      return { etag: etagOf(stats), size };
    } catch (err) {
      throw new StorageError(`Could not write ${file}: ${(err as Error).message}`, undefined, undefined, { cause: err });
    }
  }

  /**
   * @param prefix - keys must start with it ('' for all)
   * @returns the objects, sorted by key, without temporary or lock files
   * @example (await local.list('iris/')).map((o) => o.key)
    */
  async list(prefix: string): Promise<ObjectInfo[]> {
    checkPrefix(prefix);
    const cut = prefix.lastIndexOf('/');
    const start = cut < 0 ? '' : prefix.slice(0, cut);
    const out: ObjectInfo[] = [];
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fsp.readdir(path.join(this.root, ...rel.split('/').filter(Boolean)), { withFileTypes: true });
      } catch (err) {
        if (isCode(err, 'ENOENT', 'ENOTDIR')) return;
        throw new StorageError(`Could not list ${this.root}: ${(err as Error).message}`, undefined, undefined, { cause: err });
      }
      for (const entry of entries) {
        const key = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(key + '/')) await walk(key);
        } else if (entry.isFile() && key.startsWith(prefix) && !isTempName(entry.name) && !entry.name.endsWith(LOCK_SUFFIX)) {
          const info = await this.head(key);
          if (info) out.push(info);
        }
      }
    };
    await walk(start);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * Removes what killed writes left in every folder: temporary files (see `isStaleTemp`: a dead owner on this host,
   * or no write for an hour) and lock files of dead or long-silent holders; those of writes still running are kept.
   * @param options - `dryRun`: only report
   * @returns the files removed (or that would be), by key
   * @throws TypeError for malformed options
   * @example await new LocalStorage('./registry').removeAbandoned({ dryRun: true }) // temp files a crash left
    */
  async removeAbandoned(options?: { dryRun?: boolean }): Promise<{ key: string; size: number }[]> {
    options = expectOptions<{ dryRun?: boolean }>(options, 'removeAbandoned options', REMOVE_ABANDONED_OPTIONS);
    if (options.dryRun !== undefined && typeof options.dryRun !== 'boolean') {
      throw typeError(`Expected a boolean for removeAbandoned options.dryRun but received ${describe(options.dryRun)}`);
    }
    const found: { key: string; size: number }[] = [];
    const keyOf = (file: string) => path.relative(this.root, file).split(path.sep).join('/');
    const walk = async (dir: string): Promise<void> => {
      for (const removed of await sweepStaleTemps(dir, options)) found.push({ key: keyOf(removed.path), size: removed.size });
      const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const file = path.join(dir, entry.name);
        // a temporary staging folder is one item of the sweep above, not a tree to walk (counted once)
        if (entry.isDirectory()) { if (!isTempName(entry.name)) await walk(file); }
        else if (entry.name.endsWith(LOCK_SUFFIX)) {
          const size = await removeAbandonedLock(file, options);
          if (size !== undefined) found.push({ key: keyOf(file), size });
        }
      }
    };
    await walk(this.root);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * Removes the object and the folders it leaves empty.
   * @param key - the object's key
   * @example await local.delete('iris/1/data.parquet')
    */
  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await fsp.rm(file, { force: true });
    for (let dir = path.dirname(file); dir.startsWith(this.root + path.sep); dir = path.dirname(dir)) {
      try {
        await fsp.rmdir(dir);
      } catch {
        break;
      }
    }
  }
}
