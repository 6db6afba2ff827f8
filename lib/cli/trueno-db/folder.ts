/**
 * What is at a local database path, before anything is opened: nothing, a file, an empty folder, a database (a folder
 * of Delta tables, each a folder with a `_delta_log/`, plus hidden files such as the shell's history) or a folder of
 * other things, which the command line refuses to open or to turn into a database.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether a location is local (a path or file:// URL), not s3:// or another URL.
 * @param location - a database location
 * @returns true for a local folder
 */
export function isLocal(location: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) || location.startsWith('file://');
}

/**
 * The folder of a local location (a path or file:// URL).
 * @param location - a local location
 * @returns the path
 */
export function localFolder(location: string): string {
  return location.startsWith('file://') ? fileURLToPath(location) : location;
}

/** What is at a local path: nothing, a file, an empty folder, a database, or a folder of other things. */
export type FolderState = 'missing' | 'file' | 'empty' | 'database' | 'other';

/**
 * Looks at a local path.
 * @param dir - the folder
 * @returns its state (hidden entries do not count: a database folder may hold the shell's history)
 */
export async function folderState(dir: string): Promise<FolderState> {
  let entries: string[];
  try {
    const stat = await fsp.stat(dir);
    if (!stat.isDirectory()) return 'file';
    entries = (await fsp.readdir(dir)).filter((e) => !e.startsWith('.'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  if (entries.length === 0) return 'empty';
  for (const entry of entries) {
    try {
      if (!(await fsp.stat(path.join(dir, entry, '_delta_log'))).isDirectory()) return 'other';
    } catch {
      return 'other';
    }
  }
  return 'database';
}
