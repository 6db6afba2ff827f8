/**
 * The payload codec: raw DEFLATE (RFC 1951). Node compresses and decompresses with its native zlib (2-3x faster than
 * plain JS); hosts without node:zlib (browsers) use fflate. Both write and read the same streams, so where a file was
 * written does not matter. Decompression never produces more than the stated size: a stream that would is refused
 * (a decompression bomb stops at the limit, whatever it claims).
 */
import { deflateSync as fflateDeflate, inflateSync as fflateInflate } from 'fflate';
import { ModelFileError } from '../errors';
import { nodeZlib as hostZlib } from './node-zlib';
import type * as NodeZlib from 'node:zlib';

let fflateOnly = false;

/** node:zlib where the host has it and tests have not hidden it, else null (fflate runs). */
function nodeZlib(): typeof NodeZlib | null {
  return fflateOnly ? null : hostZlib();
}

/** Payloads above this size are sampled before compressing: float data often does not compress. */
const SAMPLE_ABOVE = 1 << 20;
const SAMPLE_CHUNK = 32 * 1024;
const SAMPLES = 16;
/** 'auto' stores a payload whose samples DEFLATE to more than this fraction of their size (saving under 15%). */
const WORTH_IT = 0.85;

/**
 * Raw DEFLATE.
 * @param raw - the bytes
 * @param level - 0-9
 * @returns the stream
 */
export function deflate(raw: Uint8Array, level: number): Uint8Array {
  const z = nodeZlib();
  if (z === null) return fflateDeflate(raw, { level: level as 6 });
  const out = z.deflateRawSync(raw, { level });
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * Whether DEFLATE is worth its time on a payload: small payloads always; larger ones when evenly spaced samples shrink
 * below {@link WORTH_IT} (random-looking float arrays do not, and would cost seconds to compress for a few percent).
 * @param raw - the payload
 * @returns true to compress
 */
export function worthCompressing(raw: Uint8Array): boolean {
  if (raw.length <= SAMPLE_ABOVE) return true;
  let packed = 0;
  const step = Math.floor((raw.length - SAMPLE_CHUNK) / (SAMPLES - 1));
  for (let i = 0; i < SAMPLES; i++) packed += deflate(raw.subarray(i * step, i * step + SAMPLE_CHUNK), 1).length;
  return packed < WORTH_IT * SAMPLES * SAMPLE_CHUNK;
}

function corrupt(detail: string, cause?: unknown): ModelFileError {
  return new ModelFileError(`Expected a valid DEFLATE stream for the payload but ${detail}`, 'ERR_APRENDER_MODEL_CORRUPT', { cause });
}

/**
 * Inflates a raw DEFLATE stream to exactly `rawLength` bytes, into a fresh buffer that starts 8-byte aligned.
 * @param stored - the stream
 * @param rawLength - the size the header states
 * @returns the payload
 * @throws ModelFileError CORRUPT for a bad stream, or one that gives more or fewer bytes than stated
 */
export function inflate(stored: Uint8Array, rawLength: number): Uint8Array {
  const z = nodeZlib();
  let raw: Uint8Array;
  if (z !== null) {
    try {
      raw = z.inflateRawSync(stored, { maxOutputLength: Math.max(1, rawLength) });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw corrupt(`it decompresses to more than the ${rawLength} bytes the header states`, e);
      throw corrupt(`it failed: ${(e as Error).message}`, e);
    }
    // zlib's Buffer may sit in a larger (pooled or chunk-sized) allocation: copy it (Buffer#slice would only be a view)
    // so the arrays are aligned views of memory of their own
    if (raw.byteOffset !== 0 || raw.buffer.byteLength !== raw.length) raw = new Uint8Array(raw);
  } else {
    const out = new Uint8Array(rawLength + 1);
    try {
      raw = fflateInflate(stored, { out });
    } catch (e) {
      throw corrupt(`it failed: ${(e as Error).message}`, e);
    }
    if (raw.length > rawLength) throw corrupt(`it decompresses to more than the ${rawLength} bytes the header states`);
  }
  if (raw.length !== rawLength) throw corrupt(`it decompresses to ${raw.length} bytes, not the ${rawLength} the header states`);
  return raw;
}

/**
 * Uses fflate even where node:zlib exists (the browser's path, for tests), or restores the default.
 * @param on - true for fflate only
 * @internal
 */
export function useFflateOnly(on: boolean): void {
  fflateOnly = on;
}
