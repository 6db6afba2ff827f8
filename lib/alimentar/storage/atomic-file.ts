/**
 * The one durable write of the library: bytes go to a temporary file in the destination's own folder (so the final
 * rename never crosses a file system), the file is fsynced, renamed over the destination, and the folder is fsynced
 * so the rename itself survives a power cut. A crash leaves the old file or the new one; a failure removes the
 * temporary file. Whole buffers, iterables of chunks and streams all take this one path ({@link writeAtomic}).
 *
 * A temporary file is hidden (leading '.') and tagged with its owner — a short hash of the host name and the pid —
 * so listings skip it and a later write to the same folder can tell a live writer's file from one a killed writer
 * left behind ({@link sweepStaleTemps}).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fsp, type BigIntStats } from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive, HOST_TAG } from './owner';

/** Ending of every temporary file. */
export const TEMP_SUFFIX = '.alimentar-tmp';
/** `.<name>.<host tag>-<pid>-<random><TEMP_SUFFIX>`; files of older releases have no owner tag. */
const TEMP_NAME = /^\..*?\.(?:([0-9a-f]{8})-(\d+)-)?[0-9a-f]{12}\.alimentar-tmp$/;
/** A temporary file untouched this long is abandoned even when its owner cannot be checked (another host). A live
 * writer touches its file on every chunk; one-hour silences do not happen in a write that is still going. */
export const STALE_TEMP_MS = 60 * 60 * 1000;
/** Names longer than this are cut in the temporary name, which must stay under the file system's 255 bytes. */
const MAX_NAME_IN_TEMP = 96;

/** The temporary path used while writing `dest` (a file, or a staging folder), tagged with this process as its owner. */
export function tempPathFor(dest: string): string {
  const name = path.basename(dest).slice(0, MAX_NAME_IN_TEMP);
  return path.join(path.dirname(dest), `.${name}.${HOST_TAG}-${process.pid}-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** True when `name` is one of our temporary files (listings skip these). */
export function isTempName(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

/**
 * Whether a temporary file was abandoned: its owner is a dead process on this host, or it has not been written for
 * {@link STALE_TEMP_MS}. A file of this very process is never stale (its write may still be running).
 * @param name - the file's name
 * @param mtimeMs - its last modification
 * @param now - the current time
 */
export function isStaleTemp(name: string, mtimeMs: number, now = Date.now()): boolean {
  const match = TEMP_NAME.exec(name);
  if (!match) return false;
  const [, host, pidText] = match;
  if (host === HOST_TAG && pidText !== undefined) {
    const pid = Number(pidText);
    if (pid === process.pid) return false;
    if (!isProcessAlive(pid)) return true;
  }
  return now - mtimeMs > STALE_TEMP_MS;
}

/** A temporary file that a sweep removed (or would remove, in a dry run). */
export interface RemovedTemp {
  /** Its path. */
  path: string;
  /** Its size in bytes. */
  size: number;
}

/** Size and newest modification time of a temporary file, or of a temporary folder (a staging area) and all in it. */
async function measure(file: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  const st = await fsp.lstat(file).catch(() => undefined);
  if (!st) return undefined;
  if (st.isFile()) return { size: st.size, mtimeMs: st.mtimeMs };
  if (!st.isDirectory()) return undefined;
  let size = 0;
  let mtimeMs = st.mtimeMs;
  for (const name of await fsp.readdir(file).catch(() => [] as string[])) {
    const inner = await measure(path.join(file, name));
    if (!inner) continue;
    size += inner.size;
    mtimeMs = Math.max(mtimeMs, inner.mtimeMs);
  }
  return { size, mtimeMs };
}

/**
 * Removes the abandoned temporary files (and staging folders) of one folder (see {@link isStaleTemp}). Never fails:
 * a file that vanishes or cannot be removed is left to the next sweep.
 * @param dir - the folder
 * @param options - `dryRun`: only report
 * @returns what was removed
 */
export async function sweepStaleTemps(dir: string, options: { dryRun?: boolean } = {}): Promise<RemovedTemp[]> {
  const removed: RemovedTemp[] = [];
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!isTempName(name)) continue;
    const file = path.join(dir, name);
    const found = await measure(file);
    if (!found || !isStaleTemp(name, found.mtimeMs, now)) continue;
    if (!options.dryRun && !(await fsp.rm(file, { recursive: true }).then(() => true, () => false))) continue;
    removed.push({ path: file, size: found.size });
  }
  return removed;
}

/**
 * Makes the renames into a folder durable (fsync of the folder). Some file systems refuse to open folders; that is
 * harmless, so it never fails.
 * @param dir - the folder
 */
export async function syncFolder(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    return;
  } finally {
    await handle?.close();
  }
}

/** Content for {@link writeAtomic}: one buffer or text, or chunks from an iterable or a stream (a Readable is one). */
export type AtomicContent = Uint8Array | string | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** Size and digest of written bytes. */
export interface StreamWriteResult {
  /** Bytes written. */
  size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
}

/** What {@link writeAtomic} wrote, and the file's stats taken before the rename (which keeps inode, size and
 * mtime), so they describe these bytes even when another writer replaces the destination right after. */
export interface StreamWriteStats extends StreamWriteResult {
  stats: BigIntStats;
}

/** Options of {@link writeAtomic}. */
export interface AtomicWriteOptions {
  /** Create the destination's folder when missing (default true). */
  createFolder?: boolean;
  /** Called after each chunk with the bytes written so far. */
  onProgress?: (done: number) => void;
  /** Runs before the rename and may throw to reject the content (e.g. a checksum mismatch); `dest` is then kept. */
  verify?: (result: StreamWriteResult) => void;
  /** Compute the SHA-256 (default true); without it the result's `sha256` is ''. Large exports skip the cost. */
  digest?: boolean;
}

function chunksOf(content: AtomicContent): Iterable<Uint8Array> | AsyncIterable<Uint8Array> {
  if (typeof content === 'string') return [Buffer.from(content, 'utf8')];
  if (content instanceof Uint8Array) return [content];
  return content;
}

/**
 * Writes `content` to `dest` durably and atomically, hashing on the way. Before writing, the folder's abandoned
 * temporary files (killed writers) are removed.
 * @param dest - the destination path
 * @param content - the bytes: a buffer, text, or chunks (iterable, async iterable, Readable)
 * @param options - `createFolder`, `onProgress(bytes)`, `verify(result)`, `digest`
 * @returns the size and SHA-256 of what was written, and its stats
 * @throws the file system's error (the destination untouched, no temporary file left); an error thrown by the
 *   content's iterator or by `verify`, as it is
 * @example
 * await writeAtomic('/data/out.csv', 'a,b\n1,2\n');
 */
export async function writeAtomic(dest: string, content: AtomicContent, options: AtomicWriteOptions = {}): Promise<StreamWriteStats> {
  const dir = path.dirname(path.resolve(dest));
  if (options.createFolder !== false) await fsp.mkdir(dir, { recursive: true });
  // One readdir per write: only names with the temp suffix are looked at further.
  await sweepStaleTemps(dir);
  const tmp = tempPathFor(path.resolve(dest));
  const hash = options.digest === false ? undefined : createHash('sha256');
  let size = 0;
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(tmp, 'wx');
    for await (const chunk of chunksOf(content)) {
      hash?.update(chunk);
      await handle.write(chunk);
      size += chunk.byteLength;
      options.onProgress?.(size);
    }
    await handle.sync();
    const stats = await handle.stat({ bigint: true });
    await handle.close();
    handle = undefined;
    const result = { size, sha256: hash?.digest('hex') ?? '' };
    options.verify?.(result);
    await fsp.rename(tmp, dest);
    await syncFolder(dir);
    return { ...result, stats };
  } catch (err) {
    await handle?.close().catch(() => undefined);
    (content as { destroy?: () => void }).destroy?.();
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes `data` to `dest` atomically (see {@link writeAtomic}); its folder is created when missing.
 * @param dest - the destination path
 * @param data - the bytes or text to write
 * @returns the written file's stats, taken before the rename
 */
export async function writeFileAtomic(dest: string, data: Uint8Array | string): Promise<BigIntStats> {
  return (await writeAtomic(dest, data)).stats;
}

/**
 * Streams `source` to `dest` atomically (see {@link writeAtomic}), hashing on the way.
 * @param source - the bytes
 * @param dest - the destination path; its folder is created when missing
 * @param options - `onProgress(bytes)`, `verify(result)`
 * @returns the size and SHA-256 of what was written, and its stats
 */
export function writeStreamAtomic(
  source: AsyncIterable<Uint8Array>,
  dest: string,
  options: Pick<AtomicWriteOptions, 'onProgress' | 'verify'> = {},
): Promise<StreamWriteStats> {
  return writeAtomic(dest, source, options);
}

/**
 * SHA-256 and size of a local file, streamed.
 * @param file - the path
 * @param onProgress - called with the bytes hashed so far
 * @returns the size and digest
 */
export async function hashFile(file: string, onProgress?: (done: number) => void): Promise<StreamWriteResult> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    onProgress?.(size);
  }
  return { size, sha256: hash.digest('hex') };
}
