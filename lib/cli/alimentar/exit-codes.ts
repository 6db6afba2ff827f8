/**
 * Exit codes of the `alimentar` CLI (the numbers shared by every program: ../shared/exit-codes), documented in
 * `alimentar --help`.
 */
import { EXIT, exitCodesFrom, exitHelp, FILE_EXIT_CODES } from '../shared/exit-codes';

export { EXIT };

/**
 * The exit code for an error: by its `.code`, else internal.
 * @param err - what was thrown
 * @returns the process exit code
 */
export const exitCodeOf = exitCodesFrom({
  ...FILE_EXIT_CODES,
  // a folder where a data file is expected, or a file the system will not let us read: the input cannot be read
  ERR_ALIMENTAR_IO: EXIT.DATA,
  ERR_ALIMENTAR_REGISTRY_NOT_FOUND: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_NO_SUCH_BUCKET: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_CHECKSUM: EXIT.DATA,
  ERR_ALIMENTAR_REGISTRY_CORRUPT: EXIT.DATA,
  ERR_ALIMENTAR_NETWORK: EXIT.STORAGE,
  ERR_ALIMENTAR_AUTH: EXIT.STORAGE,
  ERR_ALIMENTAR_HTTP: EXIT.STORAGE,
  ERR_ALIMENTAR_STORAGE: EXIT.STORAGE,
  ERR_ALIMENTAR_READ_ONLY: EXIT.STORAGE,
  ERR_ALIMENTAR_PRECONDITION: EXIT.CONFLICT,
  ERR_ALIMENTAR_VERSION_EXISTS: EXIT.CONFLICT,
  ERR_ALIMENTAR_REGISTRY_EXISTS: EXIT.CONFLICT,
  ERR_ALIMENTAR_INDEX_CONFLICT: EXIT.CONFLICT,
});

/** The table for `--help`. */
export const EXIT_HELP = exitHelp([
  [EXIT.OK, 'success'],
  [EXIT.USAGE, 'usage: bad command line or argument value'],
  [EXIT.NOT_FOUND, 'not found: file, dataset, version, registry, bucket or Hub dataset'],
  [EXIT.DATA, 'data error: unreadable or corrupt data, a folder or unreadable file given as data, unknown format, checksum mismatch'],
  [EXIT.STORAGE, 'network or storage error: unreachable, refused credentials, HTTP error'],
  [EXIT.CONFLICT, 'conflict: version or registry already exists, index kept changing'],
  [EXIT.INTERNAL, 'internal error (a bug)'],
]);
