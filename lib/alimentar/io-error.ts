/** The mapping of file and fetch failures to alimentar's errors, shared by the Node and browser builds of io. */
import { AlimentarError, NotFoundError } from './errors';

/**
 * Maps a file system error to NotFoundError or an `ERR_ALIMENTAR_IO` error naming the path.
 * @param e - what the file system threw
 * @param where - the path or URL, for the message
 * @returns the error to throw
 */
export function ioError(e: unknown, where: string): AlimentarError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new NotFoundError(`Expected an existing file at ${where} but there is none`, { cause: e });
  if (code === 'EISDIR') return new AlimentarError(`Expected a file at ${where} but it is a directory`, 'ERR_ALIMENTAR_IO', { cause: e });
  return new AlimentarError(`Expected to access ${where} but it failed: ${(e as Error)?.message ?? String(e)}`, 'ERR_ALIMENTAR_IO', { cause: e });
}

