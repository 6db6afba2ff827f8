/**
 * Builds model files by hand for the tests: takes a real file apart (header, metadata, raw payload) and puts
 * (changed) parts back together with a correct CRC, so a test reaches the check it means to reach rather than
 * stopping at the checksum.
 */
import { deflateSync, inflateSync } from 'fflate';
import { crc32c } from '../../../lib/aprender/model-file/crc32c';
import { CODECS, HEADER_LENGTH, readHeader, writeHeader, type Header } from '../../../lib/aprender/model-file/layout';

/** A plain (unsigned, unencrypted) file taken apart. */
export interface Parts {
  header: Header;
  metadata: Record<string, unknown>;
  payload: Uint8Array;
}

/**
 * Recomputes the closing CRC-32C.
 * @param bytes - a file (changed)
 * @returns a copy with a valid checksum
 */
export function reseal(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  if (out.length >= 4) new DataView(out.buffer).setUint32(out.length - 4, crc32c(out.subarray(0, out.length - 4)), true);
  return out;
}

/**
 * Takes a plain file apart.
 * @param bytes - the file
 * @returns header, metadata object and the raw (decompressed) payload
 */
export function takeApart(bytes: Uint8Array): Parts {
  const header = readHeader(bytes);
  const at = header.headerLength;
  const metadata = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + header.metadataLength)));
  const stored = bytes.subarray(at + header.metadataLength, at + header.metadataLength + header.payloadLength);
  const payload = header.codec === CODECS.deflate ? inflateSync(stored) : stored.slice();
  return { header, metadata, payload };
}

/**
 * Puts parts together: the header's lengths follow the parts unless `lengths` overrides them.
 * @param parts - header fields (any may be changed), metadata, raw payload
 * @param options - extra header bytes (a newer minor's longer header), extension bytes, stored-payload override
 * @returns the file, with a valid CRC
 */
export function assemble(parts: Parts, options: { headerExtra?: number; extension?: Uint8Array; stored?: Uint8Array; lengths?: Partial<Header> } = {}): Uint8Array {
  const metadata = new TextEncoder().encode(JSON.stringify(parts.metadata));
  const stored = options.stored ?? (parts.header.codec === CODECS.deflate ? deflateSync(parts.payload) : parts.payload);
  const extra = options.headerExtra ?? 0;
  const extension = options.extension ?? new Uint8Array(0);
  const header = writeHeader({
    ...parts.header,
    headerLength: HEADER_LENGTH + extra,
    metadataLength: metadata.length,
    payloadLength: stored.length,
    payloadRawLength: parts.header.codec === CODECS.deflate && options.stored === undefined ? parts.payload.length : parts.header.payloadRawLength,
    extensionLength: extension.length,
    ...options.lengths,
  });
  const out = new Uint8Array(HEADER_LENGTH + extra + metadata.length + stored.length + extension.length + 4);
  let at = 0;
  for (const p of [header, new Uint8Array(extra), metadata, stored, extension]) {
    out.set(p, at);
    at += p.length;
  }
  return reseal(out);
}

/**
 * Runs `fn` and returns the `.code` of what it threw (fails the test when it does not throw, or throws without a code).
 * @param fn - the call
 * @returns the code
 */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw new Error(`threw without a .code: ${(e as Error)?.stack ?? String(e)}`);
    return code;
  }
  throw new Error('did not throw');
}
