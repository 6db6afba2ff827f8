/** What saving a model needs from Node: the package's version and an atomic file write (target-file.browser.ts: none). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomic } from '../../alimentar/storage/atomic-file';
import { packageRoot } from '../../trueno/backend/loader';

/**
 * This library's version, from its package.json.
 * @returns the version, e.g. '0.1.0'
 * @throws what `fs` throws when package.json cannot be read
 */
export function packageVersion(): string {
  return String(JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version);
}

/**
 * Writes a model file atomically and durably (see writeAtomic); its folder is created when missing.
 * @param file - the destination
 * @param bytes - the model file
 * @returns the size written
 * @throws the file system's error (the destination untouched)
 */
export async function writeModelFile(file: string, bytes: Uint8Array): Promise<number> {
  return (await writeAtomic(file, bytes, { digest: false })).size;
}
