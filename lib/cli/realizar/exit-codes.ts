/**
 * Exit codes of the `realizar` CLI (the numbers shared by every program: ../shared/exit-codes), documented in
 * `realizar --help`.
 */
import { EXIT, exitCodesFrom, exitHelp, MODEL_FILE_EXIT_CODES } from '../shared/exit-codes';

export { EXIT };

/**
 * The exit code for an error: by its `.code`, else internal.
 * @param err - what was thrown
 * @returns the process exit code
 */
export const exitCodeOf = exitCodesFrom({
  ERR_REALIZAR_TYPE: EXIT.USAGE,
  ERR_REALIZAR_RANGE: EXIT.USAGE,
  ENOENT: EXIT.NOT_FOUND,
  EACCES: EXIT.STORAGE,
  EADDRINUSE: EXIT.STORAGE,
  EADDRNOTAVAIL: EXIT.USAGE,
  ERR_ALIMENTAR_NOT_FOUND: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_REGISTRY_NOT_FOUND: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_STORAGE: EXIT.STORAGE,
  ERR_ALIMENTAR_NO_SUCH_BUCKET: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_AUTH: EXIT.STORAGE,
  ERR_ALIMENTAR_NETWORK: EXIT.STORAGE,
  ERR_ALIMENTAR_HTTP: EXIT.STORAGE,
  ERR_ALIMENTAR_CHECKSUM: EXIT.DATA,
  ERR_ALIMENTAR_REGISTRY_CORRUPT: EXIT.DATA,
  ERR_REALIZAR_MODEL: EXIT.DATA,
  ERR_REALIZAR_WORKER: EXIT.INTERNAL,
  ...MODEL_FILE_EXIT_CODES,
});

/** The table for `--help`. */
export const EXIT_HELP = exitHelp([
  [EXIT.OK, 'success (the server drained and stopped on SIGTERM / SIGINT)'],
  [EXIT.USAGE, 'usage: bad command line or option value'],
  [EXIT.NOT_FOUND, 'not found: a model file, folder or registry that does not exist'],
  [EXIT.DATA, 'data error: a damaged or foreign model file, an estimator that cannot predict'],
  [EXIT.STORAGE, 'storage or network error: the port is in use, the registry cannot be reached'],
  [EXIT.VERIFY, 'verification failed: a model file unsigned or not signed by the given --public-key'],
  [EXIT.INTERNAL, 'internal error (a bug), or a worker process that could not start'],
]);
