/** Picks a file format from the extension, or from the first bytes when the extension says nothing. */
import { UnknownFormatError } from '../errors';

/** The formats alimentar reads and writes. `ipc` is the Arrow IPC file format, `arrows` the IPC stream format. */
export type Format = 'parquet' | 'ipc' | 'arrows' | 'csv' | 'tsv' | 'json' | 'jsonl';

/** Every supported format, for validation and help text. */
export const FORMATS: readonly Format[] = ['parquet', 'ipc', 'arrows', 'csv', 'tsv', 'json', 'jsonl'];

const EXTENSIONS: Record<string, Format> = {
  parquet: 'parquet', pq: 'parquet',
  arrow: 'ipc', feather: 'ipc', ipc: 'ipc',
  arrows: 'arrows',
  csv: 'csv', tsv: 'tsv', tab: 'tsv',
  json: 'json', jsonl: 'jsonl', ndjson: 'jsonl',
};

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
  return EXTENSIONS[clean.slice(dot + 1).toLowerCase()];
}

const PAR1 = [0x50, 0x41, 0x52, 0x31];
const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

/**
 * The format recognised from a file's first bytes: Parquet ("PAR1"), Arrow IPC file ("ARROW1"), Arrow IPC stream
 * (continuation marker 0xFFFFFFFF), JSON ('[' or '{' followed by a newline-separated object), else undefined.
 * CSV has no signature, so it is only ever chosen by extension or by the caller.
 * @param head - the first bytes of the file (64 are plenty)
 * @returns the format, or undefined
 */
export function formatFromContent(head: Uint8Array): Format | undefined {
  if (startsWith(head, PAR1)) return 'parquet';
  if (startsWith(head, ARROW1)) return 'ipc';
  if (head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrows';
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x5b) return 'json';
  if (head[i] === 0x7b) return 'jsonl';
  return undefined;
}

/**
 * The format of a file: the explicit choice, else the extension, else the content.
 * @param pathOrUrl - the file, for the extension and the error message
 * @param head - its first bytes
 * @param explicit - a format the caller named
 * @returns the format
 * @throws UnknownFormatError when neither extension nor content says
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
