/**
 * Who owns a lock or a temporary file: this host and process. A file left by a process that is gone (same host,
 * `kill(pid, 0)` says ESRCH) is recognised at once; one from another host only by its age.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as os from 'node:os';

/** Eight hex digits naming this host (a hash, so names stay short and hide nothing sensitive). */
export const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** The owner record written into a lock file. */
export interface Owner {
  /** The holder's process id. */
  pid: number;
  /** {@link HOST_TAG} of the holder's host. */
  host: string;
  /** When the holder took the lock (ms since the epoch). */
  started: number;
  /** Random, unique per acquisition: tells this holder's lock from a later one at the same path. */
  token: string;
}

/** A fresh owner record for this process. */
export function newOwner(): Owner {
  return { pid: process.pid, host: HOST_TAG, started: Date.now(), token: randomBytes(12).toString('hex') };
}

/**
 * Whether a process of this host is running. EPERM means it exists under another user; only ESRCH means gone.
 * @param pid - the process id
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Parses a lock file's content; undefined when it is not an owner record (an older release wrote only the pid).
 * @param text - the file's content
 */
export function parseOwner(text: string): Owner | undefined {
  try {
    const o = JSON.parse(text) as Owner;
    if (typeof o === 'object' && o !== null && Number.isSafeInteger(o.pid) && typeof o.host === 'string'
      && typeof o.started === 'number' && typeof o.token === 'string') return o;
  } catch {
    // not JSON: an older lock or one cut short by a crash; it is judged by its age
  }
  return undefined;
}
