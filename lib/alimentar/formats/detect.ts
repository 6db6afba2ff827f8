/** Picks a file format from the extension, or from the first bytes when the extension says nothing. */
import { UnknownFormatError } from '../errors';
import { CODECS, type Format } from './codecs';

export type { Format } from './codecs';

/** Every supported format, for validation and help text. */
export const FORMATS: readonly Format[] = Object.keys(CODECS) as Format[];

const EXTENSIONS: Record<string, Format> = Object.fromEntries(FORMATS.flatMap((f) => CODECS[f].extensions.map((ext) => [ext, f])));

/**
 * The format named by a path's extension (a query string or fragment of a URL is ignored), or undefined.
 * @param pathOrUrl - a file path or URL
 * @returns the format, or undefined when the extension is missing or unknown
 * @example formatFromExtension('data/iris.parquet') // 'parquet'
 */
export function formatFromExtension(pathOrUrl: string): Format | undefined {
  const clean = pathOrUrl.replace(/[?#].*$/, '');
  const dot = clean.lastIndexOf('.');
  if (dot < 0 || dot < clean.lastIndexOf('/')) return undefined;
  return Object.hasOwn(EXTENSIONS, clean.slice(dot + 1).toLowerCase()) ? EXTENSIONS[clean.slice(dot + 1).toLowerCase()] : undefined;
}

/**
 * The format recognised from a file's first bytes, by each codec's signature in table order: Parquet ("PAR1"), Arrow
 * IPC file ("ARROW1"), Arrow IPC stream (continuation marker 0xFFFFFFFF), JSON ('['), JSON Lines ('{'), else
 * undefined. CSV has no signature, so it is only ever chosen by extension or by the caller.
 * @param head - the first bytes of the file (64 are plenty)
 * @returns the format, or undefined
 * @example formatFromContent(new TextEncoder().encode('PAR1...')) // 'parquet'
 */
export function formatFromContent(head: Uint8Array): Format | undefined {
  return FORMATS.find((f) => CODECS[f].detect?.(head) === true);
}

/**
 * The format of a file: the explicit choice, else the extension, else the content.
 * @param pathOrUrl - the file, for the extension and the error message
 * @param head - its first bytes
 * @param explicit - a format the caller named
 * @returns the format
 * @throws UnknownFormatError when neither extension nor content says
 * @example detectFormat('data.bin', bytes.subarray(0, 64)) // 'parquet' when it starts with PAR1
 */
export function detectFormat(pathOrUrl: string, head: Uint8Array, explicit?: Format): Format {
  const found = explicit ?? formatFromExtension(pathOrUrl) ?? formatFromContent(head);
  if (found === undefined) {
    throw new UnknownFormatError(
      `Expected a file with a known extension (${Object.keys(EXTENSIONS).join(', ')}) or content (Parquet, Arrow IPC, JSON) for ${pathOrUrl} but received neither; pass { format }`,
    );
  }
  return found;
}
