/** The one error of a Node-only feature reached from the browser build (through a codec's file path, for instance). */
import { AlimentarError } from './errors';

/**
 * An AlimentarError (`ERR_ALIMENTAR_UNSUPPORTED`) saying what a web page cannot do and what to use instead.
 * @param what - the Node-only operation, e.g. 'reading a local file'
 * @param instead - the browser way, e.g. 'fetch it or pass a File to ArrowDataset.fromBlob'
 * @returns the error, to throw
 */
export function notInBrowser(what: string, instead: string): AlimentarError {
  return new AlimentarError(`Expected a Node.js process for ${what} but this is the browser build: ${instead}`, 'ERR_ALIMENTAR_UNSUPPORTED');
}
