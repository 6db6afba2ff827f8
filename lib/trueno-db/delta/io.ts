/** Reading table files through a Storage, with a missing file reported as a corrupt table naming it. */
import { NotFoundError } from '../../alimentar/errors';
import type { Storage } from '../../alimentar/storage/types';
import { CorruptTableError } from '../errors';

/**
 * The whole object at `key`.
 * @param storage - the table's root
 * @param key - the file, relative to the root
 * @throws CorruptTableError (`ERR_TRUENO_DB_CORRUPT`) naming the file when it is missing; storage errors otherwise
 */
export async function readObject(storage: Storage, key: string): Promise<Uint8Array> {
  try {
    return await storage.get(key);
  } catch (e) {
    if (e instanceof NotFoundError) throw new CorruptTableError(key, `Expected the file ${key} of the table at ${storage.url} but it is missing`, { cause: e });
    throw e;
  }
}
