/**
 * A lock file for read-compare-write sections across processes on one folder. The lock holds an owner record (pid,
 * host, start time, token; see ./owner) and is created whole with link(), so it is never seen empty. A lock is broken
 * at once when its holder is a dead process of this host, and otherwise when it has not been refreshed for
 * {@link STALE_LOCK_MS}: a live holder refreshes it (mtime) several times within that, and a waiter waits longer
 * ({@link LOCK_WAIT_MS}), so a lock a killed process left never makes the next writer fail.
 */
import { promises as fsp } from 'node:fs';
import { tempPathFor } from './atomic-file';
import { StorageError } from './errors';
import { HOST_TAG, isProcessAlive, newOwner, parseOwner, type Owner } from './owner';

/** Ending of lock files (listings skip them). */
export const LOCK_SUFFIX = '.alimentar-lock';
/** A lock not refreshed for this long was left by a holder that died or hangs (on another host, say). */
export const STALE_LOCK_MS = 10_000;
/** How long a writer waits for a live holder; longer than {@link STALE_LOCK_MS}, so a dead one is always outlived. */
export const LOCK_WAIT_MS = 30_000;
const REFRESH_MS = STALE_LOCK_MS / 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isCode(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException)?.code === code;
}

/** Creates `lock` holding `owner`, whole; false when it exists. */
async function tryCreate(lock: string, owner: Owner): Promise<boolean> {
  const tmp = tempPathFor(lock);
  await fsp.writeFile(tmp, JSON.stringify(owner), { flag: 'wx' });
  try {
    await fsp.link(tmp, lock);
    return true;
  } catch (err) {
    if (isCode(err, 'EEXIST')) return false;
    if (!isCode(err, 'EPERM') && !isCode(err, 'ENOTSUP') && !isCode(err, 'EOPNOTSUPP')) throw err;
    // No hard links here (FAT, some network shares): exclusive create, where a crash mid-write leaves a lock
    // without an owner record, which is then judged by its age alone.
    return fsp.writeFile(lock, JSON.stringify(owner), { flag: 'wx' }).then(() => true, (e) => {
      if (isCode(e, 'EEXIST')) return false;
      throw e;
    });
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

/** Why the current lock may be broken, or undefined while its holder may still be working. */
async function staleReason(lock: string): Promise<{ text: string; why: string } | undefined> {
  const [text, st] = await Promise.all([fsp.readFile(lock, 'utf8').catch(() => undefined), fsp.stat(lock).catch(() => undefined)]);
  if (text === undefined || st === undefined) return undefined; // released meanwhile: just retry
  const owner = parseOwner(text);
  if (owner && owner.host === HOST_TAG && owner.pid !== process.pid && !isProcessAlive(owner.pid)) {
    return { text, why: `its holder (pid ${owner.pid}) is no longer running` };
  }
  const idle = Date.now() - st.mtimeMs;
  return idle > STALE_LOCK_MS ? { text, why: `it was not refreshed for ${Math.round(idle)} ms` } : undefined;
}

/** Removes a stale lock, unless another writer replaced it since it was judged (then that lock is put back). */
async function breakLock(lock: string, judged: string): Promise<void> {
  const grave = tempPathFor(lock);
  try {
    await fsp.rename(lock, grave);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return;
    throw err;
  }
  const taken = await fsp.readFile(grave, 'utf8').catch(() => judged);
  if (taken !== judged) await fsp.link(grave, lock).catch(() => undefined);
  await fsp.rm(grave, { force: true });
}

/**
 * Removes a lock file left by a holder that died (see the module's rules), unless `dryRun`.
 * @param lock - the lock's path
 * @param options - `dryRun`: only report
 * @returns the lock's size when it was abandoned (and removed unless dryRun), else undefined
 */
export async function removeAbandonedLock(lock: string, options: { dryRun?: boolean } = {}): Promise<number | undefined> {
  const stale = await staleReason(lock);
  if (!stale) return undefined;
  if (!options.dryRun) await breakLock(lock, stale.text).catch(() => undefined);
  return Buffer.byteLength(stale.text);
}

function describeHolder(text: string | undefined): string {
  const owner = text === undefined ? undefined : parseOwner(text);
  return owner ? `pid ${owner.pid} on host ${owner.host}, since ${new Date(owner.started).toISOString()}` : 'an unknown holder';
}

/**
 * Runs `fn` holding the lock file `lock`.
 * @param lock - the lock's path (its folder must exist)
 * @param fn - the critical section
 * @returns what `fn` returns
 * @throws StorageError when a live holder keeps the lock for {@link LOCK_WAIT_MS}, or the lock cannot be created
 */
export async function withLockFile<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const owner = newOwner();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      if (await tryCreate(lock, owner)) break;
    } catch (err) {
      throw new StorageError(`Could not create the lock ${lock}: ${(err as Error).message}`, undefined, undefined, { cause: err });
    }
    const stale = await staleReason(lock);
    if (stale) {
      await breakLock(lock, stale.text).catch((err) => {
        throw new StorageError(`Could not break the stale lock ${lock} (${stale.why}): ${(err as Error).message}`, undefined, undefined, { cause: err });
      });
      continue;
    }
    if (Date.now() > deadline) {
      const holder = describeHolder(await fsp.readFile(lock, 'utf8').catch(() => undefined));
      throw new StorageError(`Timed out after ${LOCK_WAIT_MS} ms waiting for the lock ${lock}, held by ${holder}`);
    }
    await sleep(wait * (0.5 + Math.random()));
  }
  const refresh = setInterval(() => {
    const now = new Date();
    fsp.utimes(lock, now, now).catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    // Only our own lock: had it been broken (we hung past STALE_LOCK_MS), the file may be another writer's now.
    const text = await fsp.readFile(lock, 'utf8').catch(() => undefined);
    if (text !== undefined && parseOwner(text)?.token === owner.token) await fsp.rm(lock, { force: true });
  }
}
