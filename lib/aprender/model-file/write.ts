/**
 * Writing model files: an estimator's parameters and learned state (state.ts's encoding) as a payload, described by
 * a JSON metadata block, behind a 64-byte header, optionally compressed, encrypted and signed, closed by a CRC-32C.
 * docs/model-file-format.md describes every byte.
 */
import { backendInfo } from '../../trueno/backend/loader';
import { Tensor } from '../../trueno/tensor';
import { describe, NotFittedError, typeError, validate } from '../errors';
import type { Estimator } from '../base/estimator';
import { encode, isEstimator } from '../base/state';
import { deflate, worthCompressing } from './codec';
import { crc32c } from './crc32c';
import { packageVersion, writeModelFile } from './target-file';
import { encrypt, newCryptoBlock, sign, writeCryptoBlock, type PrivateKeyInput } from './crypto';
import {
  CHECKSUM_LENGTH, CODECS, CRYPTO_LENGTH, FLAGS, FORMAT_MAJOR, FORMAT_MINOR, HEADER_LENGTH, MODEL_TYPES, SIGNATURE_LENGTH,
  writeHeader, type CodecName,
} from './layout';
import type { ModelMetadata } from './metadata';
import { writePayload } from './payload';
import { utf8Encoder } from './text';

/** Options of {@link toBytes} and {@link save}. */
export interface SaveOptions {
  /**
   * Payload codec: 'auto' (default: DEFLATE, unless samples of a payload over 1 MiB show it would save under 15%, as
   * with random-looking float arrays, where it costs seconds for a few percent), 'deflate' or 'none'.
   */
  compression?: CodecName | 'auto';
  /**
   * DEFLATE level 0-9. Default 6, or 1 for payloads over 4 MiB: there level 6 takes ~7x longer for a ~10% smaller
   * file (measured on a 1.5M-node forest: 0.7 s and 18 MB at level 1, 5 s and 16.5 MB at level 6).
   */
  level?: number;
  /** Free-form model card (any JSON value: text, or an object with intended use, data, limitations...). */
  modelCard?: unknown;
  /** Training metrics to record (a JSON object, e.g. `{ accuracy: 0.97, cvF1: [0.95, 0.96] }`). */
  metrics?: Record<string, unknown>;
  /** Signs the file with this Ed25519 private key (KeyObject or PEM). */
  privateKey?: PrivateKeyInput;
  /** Encrypts with AES-256-GCM under this 32-byte key. */
  key?: Uint8Array;
  /** Encrypts with AES-256-GCM under a key derived from this passphrase with scrypt. */
  passphrase?: string;
  /** The creation time recorded (default now); fix it for byte-identical files. */
  created?: Date;
}

/** What {@link save} wrote. */
export interface SaveResult {
  /** The path written. */
  path: string;
  /** Bytes written. */
  size: number;
}

/** Above this payload size the default DEFLATE level drops from 6 to 1. */
const LARGE_PAYLOAD = 4 * 1024 * 1024;

let version: string | undefined;

/**
 * This library's version, as model files record it (from its package.json; 'unknown' where there is no file system).
 * @returns the version, e.g. '0.1.0'
 * @example inspectModel('model.apr').metadata?.library.version === libraryVersion();
 */
export function libraryVersion(): string {
  if (version === undefined) {
    try {
      version = packageVersion();
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** Parameters as JSON for the metadata (for people and tools; the payload holds the exact values). */
function displayValue(v: unknown, depth = 0): unknown {
  if (depth > 20) return '...';
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'function') return `[function ${v.name}]`;
  if (v instanceof Tensor) return { tensor: v.dtype, shape: [...v.shape] };
  if (isEstimator(v)) return { class: v.constructor.name, params: displayValue(v.getParams(false), depth + 1) };
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    return a.length <= 64 ? Array.from(a, (x) => displayValue(x, depth + 1)) : { array: v.constructor.name, length: a.length };
  }
  if (Array.isArray(v)) return v.map((x) => displayValue(x, depth + 1));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, displayValue(x, depth + 1)]));
  return String(v);
}

function jsonOption(value: unknown, name: string): unknown {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw typeError(`Expected a JSON value for ${name} but it did not serialize: ${(e as Error).message}`);
  }
  if (text === undefined) throw typeError(`Expected a JSON value for ${name} but received ${describe(value)}`);
  return JSON.parse(text);
}

function checkOptions(options: SaveOptions): void {
  validate.expectOptions<SaveOptions>(options, 'save options', {
    compression: true, level: true, modelCard: true, metrics: true, privateKey: true, key: true, passphrase: true, created: true,
  });
  const { compression = 'auto', level = 1 } = options;
  if (compression !== 'auto' && compression !== 'deflate' && compression !== 'none') throw typeError(`Expected 'auto', 'deflate' or 'none' for compression but received ${describe(compression)}`);
  if (!Number.isInteger(level) || level < 0 || level > 9) throw typeError(`Expected an integer 0-9 for level but received ${describe(level)}`);
  if (options.key !== undefined && options.passphrase !== undefined) throw typeError('Expected key or passphrase for encryption but received both');
  if (options.metrics !== undefined && (options.metrics === null || typeof options.metrics !== 'object' || Array.isArray(options.metrics))) {
    throw typeError(`Expected an object for metrics but received ${describe(options.metrics)}`);
  }
  if (options.created !== undefined && !(options.created instanceof Date && Number.isFinite(options.created.getTime()))) {
    throw typeError(`Expected a valid Date for created but received ${describe(options.created)}`);
  }
}

/** The metadata block of an estimator. */
function metadataOf(est: Estimator, options: SaveOptions): ModelMetadata {
  const classes = (est as { classes_?: unknown }).classes_;
  return {
    library: { name: 'sovereign-ai', version: libraryVersion() },
    created: (options.created ?? new Date()).toISOString(),
    class: est.constructor.name,
    kind: est.tags.kind,
    params: displayValue(est.getParams(false)) as Record<string, unknown>,
    nFeatures: est.nFeaturesIn_ ?? null,
    featureNames: est.featureNamesIn_ ?? null,
    classes: Array.isArray(classes) || ArrayBuffer.isView(classes) ? displayValue(classes) as (number | string)[] : null,
    metrics: (jsonOption(options.metrics, 'metrics') ?? {}) as Record<string, unknown>,
    modelCard: jsonOption(options.modelCard, 'modelCard'),
    backend: backendInfo().backend,
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A fitted estimator as the bytes of an `.apr` model file.
 * @param est - a fitted estimator of a registered class
 * @param options - compression, metadata (modelCard, metrics), signing (privateKey), encryption (key or passphrase)
 * @returns the file's bytes
 * @throws NotFittedError before fit; TypeError (ERR_APRENDER_TYPE) for bad options or state that is not plain data;
 *   ModelFileError (ERR_APRENDER_MODEL_KEY) for an unusable key
 * @example
 * const bytes = toBytes(model, { modelCard: 'Iris species from petal sizes', metrics: { accuracy: 0.97 } });
 */
export function toBytes(est: Estimator, options: SaveOptions = {}): Uint8Array {
  checkOptions(options);
  if (!isEstimator(est)) throw typeError(`Expected an estimator but received ${describe(est)}`);
  if (!est.isFitted()) throw new NotFittedError(est.constructor.name);
  const metadata = utf8Encoder.encode(JSON.stringify(metadataOf(est, options)));
  const raw = writePayload(encode(est, est.constructor.name));
  const asked = options.compression ?? 'auto';
  const codec: CodecName = asked === 'auto' ? (worthCompressing(raw) ? 'deflate' : 'none') : asked;
  const payload = codec === 'deflate' ? deflate(raw, options.level ?? (raw.length > LARGE_PAYLOAD ? 1 : 6)) : raw;
  const secret = options.key !== undefined ? { key: options.key } : options.passphrase !== undefined ? { passphrase: options.passphrase } : undefined;
  const crypto = secret && newCryptoBlock(secret);
  const signed = options.privateKey !== undefined;
  const kind = est.tags.kind;
  const header = writeHeader({
    major: FORMAT_MAJOR, minor: FORMAT_MINOR, headerLength: HEADER_LENGTH,
    modelType: MODEL_TYPES[kind] ?? MODEL_TYPES.unknown,
    codec: CODECS[codec],
    flags: (crypto ? FLAGS.encrypted : 0) | (signed ? FLAGS.signed : 0),
    metadataLength: metadata.length, payloadLength: payload.length, payloadRawLength: raw.length,
    cryptoLength: crypto ? CRYPTO_LENGTH : 0, signatureLength: signed ? SIGNATURE_LENGTH : 0, extensionLength: 0,
  });
  const front = crypto ? concat([header, writeCryptoBlock(crypto.block)]) : header;
  const body = crypto ? encrypt(crypto.key, crypto.block.iv, front, concat([metadata, payload])) : concat([metadata, payload]);
  const signedPart = concat([front, body]);
  const signature = signed ? sign(options.privateKey as PrivateKeyInput, signedPart) : new Uint8Array(0);
  const out = new Uint8Array(signedPart.length + signature.length + CHECKSUM_LENGTH);
  out.set(signedPart, 0);
  out.set(signature, signedPart.length);
  new DataView(out.buffer).setUint32(out.length - CHECKSUM_LENGTH, crc32c(out.subarray(0, out.length - CHECKSUM_LENGTH)), true);
  return out;
}

/**
 * Saves a fitted estimator to a file, atomically and durably (a temporary file in the same folder, fsynced, renamed
 * over `file`, the folder fsynced): a crash leaves the old file or the new one, never a part.
 * @param est - a fitted estimator of a registered class
 * @param file - the destination (conventionally `*.apr`); its folder is created when missing
 * @param options - as {@link toBytes}
 * @returns the path and size written
 * @throws as toBytes; the file system's error (the destination untouched)
 * @example await save(model, 'models/iris.apr', { privateKey: fs.readFileSync('signing-key.pem', 'utf8') });
 */
export async function save(est: Estimator, file: string, options: SaveOptions = {}): Promise<SaveResult> {
  checkOptions(options);
  if (typeof file !== 'string' || file.length === 0) throw typeError(`Expected a file path for file but received ${describe(file)}`);
  const bytes = toBytes(est, options);
  return { path: file, size: await writeModelFile(file, bytes) };
}
