/**
 * Loading model files. Nothing in a file is trusted: the header's lengths are checked against the bytes present and
 * the reader's limits before anything is allocated, the CRC-32C before anything is parsed, the signature (when a
 * public key is given) before anything is decrypted, decompression stops at the stated size, every array of the
 * payload is bounds-checked, and only registered estimator classes are instantiated, through their constructors and
 * restoreState (never code from the file). Every refusal is a {@link ModelFileError} with a `.code`.
 */
import { ModelFileError, typeError, describe, validate } from '../errors';
import type { Estimator } from '../base/estimator';
import { estimatorClass, isRegisteredEstimator, type EstimatorClass } from '../base/registry';
import { decode, type Encoded } from '../base/state';
import { inflate } from './codec';
import { readModelFile, readModelFileSync } from './source-file';
import { crc32c } from './crc32c';
import type { OptionKeys } from '../../common/validate';
import {
  decryptAsync, decryptSync, deriveKeyAsync, deriveKeySync, readCryptoBlock, verifyAsync, verifySync, type PublicKeyInput, type Secret,
} from './crypto';
import {
  CHECKSUM_LENGTH, CODECS, DEFLATE_MAX_RATIO, FLAGS, MODEL_TYPES, readHeader, sectionsOf, TAG_LENGTH, type Header, type Sections,
} from './layout';
import { readMetadata, type ModelMetadata } from './metadata';
import { readPayload } from './payload';

/** A model file: its path (string or file: URL) or its bytes. */
export type ModelSource = string | URL | Uint8Array | ArrayBuffer;

/** Options of {@link load}, {@link loadAsync} and {@link inspectModel}. */
export interface LoadOptions {
  /** Require a valid Ed25519 signature by this key: unsigned and wrongly signed files are refused. */
  publicKey?: PublicKeyInput;
  /** The AES-256 key of an encrypted file (32 bytes). */
  key?: Uint8Array;
  /** The passphrase of an encrypted file. */
  passphrase?: string;
  /** Refuse files whose payload, decompressed, would exceed this many bytes (default 2 GiB). */
  maxBytes?: number;
  /** Refuse a model that is not of this class (or a subclass). */
  expect?: EstimatorClass | (abstract new (...args: never[]) => Estimator);
}

/** What a model file says about itself, from {@link inspectModel}. */
export interface ModelFileInfo {
  /** Format version, `major.minor`. */
  format: string;
  /** The header's model type (the estimator's kind). */
  modelType: string;
  /** Payload codec. */
  compression: 'none' | 'deflate';
  encrypted: boolean;
  signed: boolean;
  /** True when a public key was given and the signature verified. */
  signatureVerified: boolean;
  /** Bytes: the file, the metadata, the stored (compressed) and the raw payload. */
  size: number;
  metadataSize: number;
  payloadSize: number;
  payloadRawSize: number;
  /** The metadata; null for an encrypted file opened without its key. */
  metadata: ModelMetadata | null;
}

const DEFAULT_MAX_BYTES = 2 ** 31;
/** Room for the metadata and the rest beside the payload: a file larger than maxBytes + this is refused unread. */
const METADATA_MAX_BYTES = 64 * 1024 * 1024;

function tooLarge(what: string, n: number, limit: number): ModelFileError {
  return new ModelFileError(`Expected ${what} of at most ${limit} bytes but it is ${n}`, 'ERR_APRENDER_MODEL_TOO_LARGE');
}

interface Framed {
  bytes: Uint8Array;
  header: Header;
  sections: Sections;
}

/** The keys {@link LoadOptions} allows (realizar checks its `loadOptions` against them too). */
export const LOAD_OPTIONS: OptionKeys<LoadOptions> = { publicKey: true, key: true, passphrase: true, maxBytes: true, expect: true };

function checkOptions(options: LoadOptions): number {
  validate.expectOptions<LoadOptions>(options, 'load options', LOAD_OPTIONS);
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (typeof max !== 'number' || !(max > 0)) throw typeError(`Expected a positive number for maxBytes but received ${describe(max)}`);
  if (options.key !== undefined && options.passphrase !== undefined) throw typeError('Expected key or passphrase but received both');
  return max;
}

function asBytes(source: ModelSource): Uint8Array | undefined {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof source === 'string' || source instanceof URL) return undefined;
  throw typeError(`Expected a path, URL, Uint8Array or ArrayBuffer for the model file but received ${describe(source)}`);
}

/** Reads a file whose size is within the limit (a huge file is refused before it is read into memory). */
function readFileSyncOf(source: string | URL, maxBytes: number): Uint8Array {
  const limit = maxBytes + METADATA_MAX_BYTES;
  return readModelFileSync(source, limit, (size) => tooLarge('a model file (maxBytes + 64 MiB)', size, limit));
}

async function readFileAsyncOf(source: string | URL, maxBytes: number): Promise<Uint8Array> {
  const limit = maxBytes + METADATA_MAX_BYTES;
  return readModelFile(source, limit, (size) => tooLarge('a model file (maxBytes + 64 MiB)', size, limit));
}

/**
 * Checks the frame of a file: header, limits, total length, CRC.
 * @param bytes - the file
 * @param maxBytes - the payload limit
 * @returns the header and section offsets
 */
function frame(bytes: Uint8Array, maxBytes: number): Framed {
  if (bytes.length > maxBytes + METADATA_MAX_BYTES) throw tooLarge('a model file (maxBytes + 64 MiB)', bytes.length, maxBytes + METADATA_MAX_BYTES);
  const header = readHeader(bytes);
  if (header.metadataLength > METADATA_MAX_BYTES) throw tooLarge('a metadata block', header.metadataLength, METADATA_MAX_BYTES);
  if (header.payloadRawLength > maxBytes) throw tooLarge('a decompressed payload (maxBytes)', header.payloadRawLength, maxBytes);
  if (header.codec === CODECS.deflate && header.payloadRawLength > header.payloadLength * DEFLATE_MAX_RATIO + 1024) {
    throw tooLarge(`a DEFLATE payload of ${header.payloadLength} bytes to expand (at most ${DEFLATE_MAX_RATIO}:1)`, header.payloadRawLength, header.payloadLength * DEFLATE_MAX_RATIO + 1024);
  }
  const sections = sectionsOf(header);
  if (sections.total > bytes.length) throw new ModelFileError(`Expected ${sections.total} bytes as the header states but the file has ${bytes.length}`, 'ERR_APRENDER_MODEL_TRUNCATED');
  if (sections.total < bytes.length) throw new ModelFileError(`Expected ${sections.total} bytes as the header states but the file has ${bytes.length - sections.total} more`, 'ERR_APRENDER_MODEL_CORRUPT');
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - CHECKSUM_LENGTH, true);
  const actual = crc32c(bytes.subarray(0, bytes.length - CHECKSUM_LENGTH));
  if (stored !== actual) throw new ModelFileError(`Expected CRC-32C 0x${stored.toString(16).padStart(8, '0')} as stored but the bytes give 0x${actual.toString(16).padStart(8, '0')}: the file is damaged`, 'ERR_APRENDER_MODEL_CHECKSUM');
  return { bytes, header, sections };
}

const isSigned = (f: Framed) => (f.header.flags & FLAGS.signed) !== 0;
const isEncrypted = (f: Framed) => (f.header.flags & FLAGS.encrypted) !== 0;
const signedPart = (f: Framed) => f.bytes.subarray(0, f.sections.signature);
const signatureOf = (f: Framed) => f.bytes.subarray(f.sections.signature, f.sections.checksum);
const aadOf = (f: Framed) => f.bytes.subarray(0, f.sections.body);
const sealedOf = (f: Framed) => f.bytes.subarray(f.sections.body, f.sections.bodyEnd + TAG_LENGTH);

function requireSigned(f: Framed): void {
  if (!isSigned(f)) throw new ModelFileError('Expected a signed model file (a public key was given) but the file is unsigned', 'ERR_APRENDER_MODEL_SIGNATURE');
}

function badSignature(): ModelFileError {
  return new ModelFileError('Expected a signature by the given public key but it does not verify: the file was changed or signed by another key', 'ERR_APRENDER_MODEL_SIGNATURE');
}

function secretOf(options: LoadOptions): Secret | undefined {
  if (options.key !== undefined) return { key: options.key };
  if (options.passphrase !== undefined) {
    if (typeof options.passphrase !== 'string') throw new ModelFileError(`Expected a string for passphrase but received ${describe(options.passphrase)}`, 'ERR_APRENDER_MODEL_KEY');
    return { passphrase: options.passphrase };
  }
  return undefined;
}

function needSecret(options: LoadOptions): Secret {
  const s = secretOf(options);
  if (s === undefined) throw new ModelFileError('Expected a key or passphrase: the model file is encrypted', 'ERR_APRENDER_MODEL_KEY');
  return s;
}

/** Checks the signature when a public key is given, synchronously. */
function verifyFrameSync(f: Framed, options: LoadOptions): void {
  if (options.publicKey === undefined) return;
  requireSigned(f);
  if (!verifySync(options.publicKey, signedPart(f), signatureOf(f))) throw badSignature();
}

/** The plaintext metadata + stored payload of a file, synchronously. */
function bodySync(f: Framed, options: LoadOptions): Uint8Array {
  verifyFrameSync(f, options);
  if (!isEncrypted(f)) return f.bytes.subarray(f.sections.body, f.sections.bodyEnd);
  const block = readCryptoBlock(f.bytes.subarray(f.sections.crypto, f.sections.body));
  return decryptSync(deriveKeySync(block, needSecret(options)), block.iv, aadOf(f), sealedOf(f));
}

/** The plaintext metadata + stored payload of a file, with WebCrypto. */
async function bodyAsync(f: Framed, options: LoadOptions): Promise<Uint8Array> {
  if (options.publicKey !== undefined) {
    requireSigned(f);
    if (!(await verifyAsync(options.publicKey, signedPart(f), signatureOf(f)))) throw badSignature();
  }
  if (!isEncrypted(f)) return f.bytes.subarray(f.sections.body, f.sections.bodyEnd);
  const block = readCryptoBlock(f.bytes.subarray(f.sections.crypto, f.sections.body));
  return decryptAsync(await deriveKeyAsync(block, needSecret(options)), block.iv, aadOf(f), sealedOf(f));
}

/** The payload, in a fresh buffer of exactly the stated size (never more: a bomb stops there). */
function rawPayload(h: Header, stored: Uint8Array): Uint8Array {
  // a copy (not Buffer#slice, a view): the arrays must not alias the caller's bytes, and must be 8-byte aligned
  return h.codec === CODECS.none ? new Uint8Array(stored) : inflate(stored, h.payloadRawLength);
}

/** Every estimator class the encoding names is registered (checked before any is constructed). */
function checkClasses(value: Encoded, depth = 0): void {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || depth > 256) return;
  if (Array.isArray(value)) {
    for (const v of value) checkClasses(v, depth + 1);
    return;
  }
  const e = (value as { $estimator?: unknown }).$estimator;
  if (e !== undefined) {
    const name = (e as { name?: unknown })?.name;
    if (typeof name !== 'string' || !isRegisteredEstimator(name)) {
      throw new ModelFileError(`Expected a registered estimator class in the model file but it names ${JSON.stringify(name)}; register the class (registerEstimators) before loading`, 'ERR_APRENDER_MODEL_UNKNOWN_CLASS');
    }
  }
  for (const v of Object.values(value)) checkClasses(v as Encoded, depth + 1);
}

function classOf(name: string): EstimatorClass {
  if (!isRegisteredEstimator(name)) {
    throw new ModelFileError(`Expected a registered estimator class in the model file but it is '${name}'; register the class (registerEstimators) before loading`, 'ERR_APRENDER_MODEL_UNKNOWN_CLASS');
  }
  return estimatorClass(name);
}

/** Metadata, payload, estimator: what follows the frame, signature and decryption. */
function build<E extends Estimator>(h: Header, body: Uint8Array, options: LoadOptions): E {
  const metadata = readMetadata(body.subarray(0, h.metadataLength));
  const Cls = classOf(metadata.class);
  const expect = options.expect;
  if (expect !== undefined && Cls !== expect && !(Cls.prototype instanceof expect)) {
    throw new ModelFileError(`Expected a ${expect.name} model but the file holds a ${metadata.class}`, 'ERR_APRENDER_MODEL_CLASS');
  }
  const encoded = readPayload(rawPayload(h, body.subarray(h.metadataLength)));
  const top = (encoded as { $estimator?: { name?: unknown } } | null)?.$estimator;
  if (top === undefined || top === null || typeof top !== 'object' || top.name !== metadata.class) {
    throw new ModelFileError(`Expected the payload to hold the ${metadata.class} the metadata names`, 'ERR_APRENDER_MODEL_CORRUPT');
  }
  checkClasses(encoded);
  let est: Estimator;
  try {
    est = decode(encoded) as Estimator;
    (est as unknown as { validateParams(): void }).validateParams();
  } catch (e) {
    throw new ModelFileError(`Expected ${metadata.class} to accept the stored parameters and state but it refused: ${(e as Error)?.message ?? String(e)}`, 'ERR_APRENDER_MODEL_STATE', { cause: e });
  }
  if (!est.isFitted()) throw new ModelFileError(`Expected a fitted ${metadata.class} but the file holds no learned state`, 'ERR_APRENDER_MODEL_STATE');
  return est as E;
}

/**
 * Loads a model file: a fitted estimator of the class it was saved from, predicting exactly as the saved one did.
 * Synchronous (node:crypto for signatures and encryption; in a browser use {@link loadAsync}).
 * @param source - a path, a file: URL, or the file's bytes
 * @param options - publicKey (require this signer), key / passphrase (encrypted files), maxBytes, expect
 * @returns the estimator
 * @throws ModelFileError with a `.code` for every kind of bad file (see ModelFileErrorCode); the file system's error
 *   for a path that cannot be read
 * @example
 * const model = load('models/iris.apr', { publicKey: fs.readFileSync('signing-key.pub.pem', 'utf8') });
 * model.predict(X);
 */
export function load<E extends Estimator = Estimator>(source: ModelSource, options: LoadOptions = {}): E {
  const max = checkOptions(options);
  const bytes = asBytes(source) ?? readFileSyncOf(source as string | URL, max);
  const f = frame(bytes, max);
  return build<E>(f.header, bodySync(f, options), options);
}

/**
 * Loads a model file without blocking on I/O or crypto: WebCrypto verifies and decrypts (so it works in browsers,
 * where `load` handles only unsigned, unencrypted files), and a path is read asynchronously.
 * @param source - a path or file: URL (Node), or the file's bytes (e.g. `new Uint8Array(await (await fetch(url)).arrayBuffer())`)
 * @param options - as {@link load}; publicKey may also be a WebCrypto CryptoKey
 * @returns the estimator
 * @throws as load
 * @example const model = await loadAsync(bytes, { publicKey: rawPublicKeyBytes });
 */
export async function loadAsync<E extends Estimator = Estimator>(source: ModelSource, options: LoadOptions = {}): Promise<E> {
  const max = checkOptions(options);
  const bytes = asBytes(source) ?? await readFileAsyncOf(source as string | URL, max);
  const f = frame(bytes, max);
  return build<E>(f.header, await bodyAsync(f, options), options);
}

/**
 * What a model file holds, from its header and metadata, without decoding the payload: format, sizes, flags, class,
 * hyperparameters, feature names, class labels, metrics and model card. Verifies the checksum (and the signature
 * when publicKey is given); an encrypted file needs its key for the metadata, else `metadata` is null.
 * @param source - a path, a file: URL, or the file's bytes
 * @param options - publicKey, key / passphrase, maxBytes
 * @returns the description
 * @throws as load
 * @example console.log(inspectModel('model.apr').metadata?.modelCard);
 */
export function inspectModel(source: ModelSource, options: LoadOptions = {}): ModelFileInfo {
  const max = checkOptions(options);
  const bytes = asBytes(source) ?? readFileSyncOf(source as string | URL, max);
  const f = frame(bytes, max);
  const h = f.header;
  const readable = !isEncrypted(f) || secretOf(options) !== undefined;
  verifyFrameSync(f, options);
  const body = readable ? bodySync(f, { ...options, publicKey: undefined }) : undefined;
  const type = Object.entries(MODEL_TYPES).find(([, v]) => v === h.modelType)?.[0] ?? `unknown (${h.modelType})`;
  return {
    format: `${h.major}.${h.minor}`,
    modelType: type,
    compression: h.codec === CODECS.deflate ? 'deflate' : 'none',
    encrypted: isEncrypted(f),
    signed: isSigned(f),
    signatureVerified: options.publicKey !== undefined,
    size: bytes.length,
    metadataSize: h.metadataLength,
    payloadSize: h.payloadLength,
    payloadRawSize: h.payloadRawLength,
    metadata: body !== undefined ? readMetadata(body.subarray(0, h.metadataLength)) : null,
  };
}
