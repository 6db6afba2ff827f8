/** The browser build's local-ranges.ts: a page has no local paths; the row-group reader takes a File or Blob. */
import { notInBrowser } from '../../not-in-browser';

/**
 * Refuses: a page cannot open a local path.
 * @throws AlimentarError ERR_ALIMENTAR_UNSUPPORTED
 */
export async function openLocalRanges(path: string): Promise<{ blob: Blob; close: () => Promise<void> }> {
  throw notInBrowser(`opening ${path}`, 'pass a File or Blob to ParquetRowGroupReader.open, or fetched bytes to readParquet');
}
