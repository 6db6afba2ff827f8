/**
 * The fixed parts of the `.apr` layout (docs/model-file-format.md is the byte-by-byte description): magic, version,
 * the 64-byte header, flags, codecs, model types and the crypto block. Every multi-byte number is little-endian.
 */
import { ModelFileError } from '../errors';

/** `\x89APR\r\n\x1a\n`: a high byte (not text), the name, and line endings that a text-mode copy would alter. */
export const MAGIC = Uint8Array.of(0x89, 0x41, 0x50, 0x52, 0x0d, 0x0a, 0x1a, 0x0a);
/** The format's major version this library writes and reads (another major is refused). */
export const FORMAT_MAJOR = 1;
/** The format's minor version this library writes; it reads every 1.x (a newer minor's unknown fields are skipped). */
export const FORMAT_MINOR = 0;
/** Length of the header written by 1.0; a newer minor may write a longer one (its headerLength field says). */
export const HEADER_LENGTH = 64;
/** Length of the crypto block of an encrypted file. */
export const CRYPTO_LENGTH = 48;
/** Length of the AES-GCM authentication tag after the ciphertext. */
export const TAG_LENGTH = 16;
/** Length of an Ed25519 signature. */
export const SIGNATURE_LENGTH = 64;
/** Length of the closing CRC-32C. */
export const CHECKSUM_LENGTH = 4;

/** Header flags. Bits 0-15 change how the file is read (an unknown one is refused); bits 16-31 may be ignored. */
export const FLAGS = { encrypted: 1, signed: 2 } as const;
const KNOWN_REQUIRED_FLAGS = FLAGS.encrypted | FLAGS.signed;

/** Payload codecs. */
export const CODECS = { none: 0, deflate: 1 } as const;
export type CodecName = keyof typeof CODECS;
/** DEFLATE cannot expand more than 1032:1; a file stating more is a decompression bomb. */
export const DEFLATE_MAX_RATIO = 1032;

/** Model types (the estimator's kind tag), so a reader can tell what a file holds from its first 64 bytes. */
export const MODEL_TYPES = { unknown: 0, classifier: 1, regressor: 2, transformer: 3, clusterer: 4, meta: 5 } as const;

/** Key derivations of the crypto block. */
export const KDFS = { raw: 0, scrypt: 1 } as const;

/** The header fields. */
export interface Header {
  major: number;
  minor: number;
  headerLength: number;
  modelType: number;
  codec: number;
  flags: number;
  metadataLength: number;
  payloadLength: number;
  payloadRawLength: number;
  cryptoLength: number;
  signatureLength: number;
  extensionLength: number;
}

/** Where each section of a file starts, from its header. */
export interface Sections {
  crypto: number;
  body: number;
  /** End of metadata + payload (ciphertext), where the tag (if any) starts. */
  bodyEnd: number;
  extension: number;
  signature: number;
  checksum: number;
  total: number;
}

/**
 * Writes a header.
 * @param h - the fields
 * @returns its HEADER_LENGTH bytes
 */
export function writeHeader(h: Header): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH);
  const v = new DataView(out.buffer);
  out.set(MAGIC, 0);
  v.setUint16(8, h.major, true);
  v.setUint16(10, h.minor, true);
  v.setUint16(12, h.headerLength, true);
  v.setUint8(14, h.modelType);
  v.setUint8(15, h.codec);
  v.setUint32(16, h.flags, true);
  v.setUint32(20, h.metadataLength, true);
  v.setBigUint64(24, BigInt(h.payloadLength), true);
  v.setBigUint64(32, BigInt(h.payloadRawLength), true);
  v.setUint16(40, h.cryptoLength, true);
  v.setUint16(42, h.signatureLength, true);
  v.setUint32(44, h.extensionLength, true);
  return out;
}

/** A u64 that must fit a JS number exactly. */
function u64(v: DataView, at: number, what: string): number {
  const big = v.getBigUint64(at, true);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new ModelFileError(`Expected a ${what} below 2^53 but the header states ${big}`, 'ERR_APRENDER_MODEL_TOO_LARGE');
  return Number(big);
}

/**
 * Reads and checks the header: magic, version, lengths. Nothing beyond the header is read.
 * @param bytes - the whole file
 * @returns the fields
 * @throws ModelFileError: FORMAT (foreign bytes), TRUNCATED, VERSION (another major), CORRUPT (unknown required flag,
 *   codec or length that no writer produces), TOO_LARGE (a length beyond 2^53)
 */
export function readHeader(bytes: Uint8Array): Header {
  const prefix = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < prefix; i++) {
    if (bytes[i] !== MAGIC[i]) throw new ModelFileError(`Expected an .apr model file (magic 89 41 50 52 0d 0a 1a 0a) but byte ${i} is 0x${bytes[i].toString(16).padStart(2, '0')}`, 'ERR_APRENDER_MODEL_FORMAT');
  }
  if (bytes.length < 12) throw new ModelFileError(`Expected at least ${HEADER_LENGTH} bytes of header but the file has ${bytes.length}`, 'ERR_APRENDER_MODEL_TRUNCATED');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = v.getUint16(8, true);
  const minor = v.getUint16(10, true);
  if (major !== FORMAT_MAJOR) {
    throw new ModelFileError(`Expected model file format ${FORMAT_MAJOR}.x (this reader: ${FORMAT_MAJOR}.${FORMAT_MINOR}) but the file is format ${major}.${minor}${major > FORMAT_MAJOR ? ': load it with a newer release' : ''}`, 'ERR_APRENDER_MODEL_VERSION');
  }
  if (bytes.length < HEADER_LENGTH) throw new ModelFileError(`Expected at least ${HEADER_LENGTH} bytes of header but the file has ${bytes.length}`, 'ERR_APRENDER_MODEL_TRUNCATED');
  const h: Header = {
    major, minor,
    headerLength: v.getUint16(12, true),
    modelType: v.getUint8(14),
    codec: v.getUint8(15),
    flags: v.getUint32(16, true),
    metadataLength: v.getUint32(20, true),
    payloadLength: u64(v, 24, 'payload length'),
    payloadRawLength: u64(v, 32, 'raw payload length'),
    cryptoLength: v.getUint16(40, true),
    signatureLength: v.getUint16(42, true),
    extensionLength: v.getUint32(44, true),
  };
  const corrupt = (what: string) => new ModelFileError(`Expected ${what} in the model file header`, 'ERR_APRENDER_MODEL_CORRUPT');
  if (h.headerLength < HEADER_LENGTH || h.headerLength % 8 !== 0) throw corrupt(`a header length of at least ${HEADER_LENGTH}, a multiple of 8, but it states ${h.headerLength}`);
  if ((h.flags & 0xffff & ~KNOWN_REQUIRED_FLAGS) !== 0) throw corrupt(`only known required flags (0x${KNOWN_REQUIRED_FLAGS.toString(16)}) but flags are 0x${h.flags.toString(16)}`);
  if (h.codec !== CODECS.none && h.codec !== CODECS.deflate) throw corrupt(`codec 0 (none) or 1 (deflate) but it states ${h.codec}`);
  const encrypted = (h.flags & FLAGS.encrypted) !== 0;
  if (h.cryptoLength !== (encrypted ? CRYPTO_LENGTH : 0)) throw corrupt(`a crypto block of ${encrypted ? CRYPTO_LENGTH : 0} bytes but it states ${h.cryptoLength}`);
  const signed = (h.flags & FLAGS.signed) !== 0;
  if (h.signatureLength !== (signed ? SIGNATURE_LENGTH : 0)) throw corrupt(`a signature of ${signed ? SIGNATURE_LENGTH : 0} bytes but it states ${h.signatureLength}`);
  if (h.codec === CODECS.none && h.payloadRawLength !== h.payloadLength) throw corrupt(`equal stored and raw payload lengths without a codec but they are ${h.payloadLength} and ${h.payloadRawLength}`);
  return h;
}

/**
 * The section offsets a header implies.
 * @param h - the header
 * @returns the offsets and the total length
 */
export function sectionsOf(h: Header): Sections {
  const crypto = h.headerLength;
  const body = crypto + h.cryptoLength;
  const bodyEnd = body + h.metadataLength + h.payloadLength;
  const extension = bodyEnd + (h.cryptoLength > 0 ? TAG_LENGTH : 0);
  const signature = extension + h.extensionLength;
  const checksum = signature + h.signatureLength;
  return { crypto, body, bodyEnd, extension, signature, checksum, total: checksum + CHECKSUM_LENGTH };
}
