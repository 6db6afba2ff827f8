/**
 * Atomic local writes: bytes go to a temporary file in the destination's own folder (so the final rename never
 * crosses a file system), are fsynced, then renamed over the destination and the folder is fsynced. A crash leaves
 * the old file or the new one, and a failure removes the temporary file, so nothing half-written is ever visible.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fsp, type BigIntStats } from 'node:fs';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Temporary files are hidden and tagged so listings skip them and a cleanup can find them. */
export const TEMP_SUFFIX = '.alimentar-tmp';

/** The temporary path used while writing `dest`. */
export function tempPathFor(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

async function fsyncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable; some file systems refuse to open folders, which is harmless.
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

/**
 * Writes `data` to `dest` atomically.
 * @param dest - the destination path; its folder is created when missing
 * @param data - the bytes or text to write
 * @returns the written file's stats, taken before the rename (which keeps inode, size and mtime), so they describe
 *   these bytes even when another writer replaces `dest` right after
 */
export async function writeFileAtomic(dest: string, data: Uint8Array | string): Promise<BigIntStats> {
  await fsp.mkdir(path.dirname(dest), { recursive: true });
  const tmp = tempPathFor(dest);
  let stats: BigIntStats;
  try {
    const handle = await fsp.open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
      stats = await handle.stat({ bigint: true });
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, dest);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(dest));
  return stats;
}

/** What {@link writeStreamAtomic} wrote. */
export interface StreamWriteResult {
  /** Bytes written. */
  size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
}

/** What {@link writeStreamAtomic} wrote, and the file's stats as {@link writeFileAtomic} returns them. */
export interface StreamWriteStats extends StreamWriteResult {
  stats: BigIntStats;
}

/**
 * Streams `source` to `dest` atomically, hashing on the way. `verify` runs before the rename and may throw to reject
 * the content (e.g. a checksum mismatch): the temporary file is then removed and `dest` is left as it was.
 * @param source - the bytes
 * @param dest - the destination path; its folder is created when missing
 * @param options - `onProgress(bytes)`, `verify(result)`
 * @returns the size and SHA-256 of what was written, and its stats (see {@link writeFileAtomic})
 */
export async function writeStreamAtomic(
  source: Readable,
  dest: string,
  options: { onProgress?: (done: number) => void; verify?: (result: StreamWriteResult) => void } = {},
): Promise<StreamWriteStats> {
  await fsp.mkdir(path.dirname(dest), { recursive: true });
  const tmp = tempPathFor(dest);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      options.onProgress?.(size);
      done(null, chunk);
    },
  });
  try {
    const out = createWriteStream(tmp, { flags: 'wx' });
    await pipeline(source, tap, out);
    const handle = await fsp.open(tmp, 'r+');
    let stats: BigIntStats;
    try {
      await handle.sync();
      stats = await handle.stat({ bigint: true });
    } finally {
      await handle.close();
    }
    const result = { size, sha256: hash.digest('hex') };
    options.verify?.(result);
    await fsp.rename(tmp, dest);
    await fsyncDir(path.dirname(dest));
    return { ...result, stats };
  } catch (err) {
    source.destroy();
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * SHA-256 and size of a local file, streamed.
 * @param file - the path
 * @param onProgress - called with the bytes hashed so far
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
