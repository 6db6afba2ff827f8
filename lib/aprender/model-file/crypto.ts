/**
 * Signing (Ed25519) and encryption (AES-256-GCM, the key given raw or derived from a passphrase with scrypt) of model
 * files. The primitives are the standard ones that both node:crypto and WebCrypto implement, used the same way by
 * both, so a file written in Node verifies and decrypts in a browser: the synchronous paths (toBytes, load) use
 * node:crypto, loadAsync uses WebCrypto (`crypto.subtle`, in Node too), and scrypt (which WebCrypto lacks) comes from
 * node:crypto or, where that is missing, from the plain-JS scrypt of ./scrypt.
 */
import type * as NodeCrypto from 'node:crypto';
import { ModelFileError } from '../errors';
import { CRYPTO_LENGTH, KDFS, SIGNATURE_LENGTH, TAG_LENGTH } from './layout';
import { scryptAsync } from './scrypt';
import { loadNodeCrypto } from './node-crypto';

/** An Ed25519 public key: a node:crypto KeyObject, PEM/DER-encoded SPKI text, the raw 32 bytes, or a WebCrypto key (loadAsync). */
export type PublicKeyInput = NodeCrypto.KeyObject | string | Uint8Array | CryptoKey;
/** An Ed25519 private key: a node:crypto KeyObject or PEM-encoded PKCS#8 text. */
export type PrivateKeyInput = NodeCrypto.KeyObject | string;

/** What decrypts a file: a 32-byte AES-256 key, or a passphrase for scrypt. */
export type Secret = { key: Uint8Array } | { passphrase: string };

/** scrypt's cost of new files: N = 2^15, r = 8, p = 1 (32 MiB, ~0.1 s; OWASP's recommended minimum). */
export const SCRYPT_DEFAULTS = { log2N: 15, r: 8, p: 1 } as const;
/** The largest scrypt memory (128 N r bytes) a loader accepts from a file: a hostile file cannot make it allocate more. */
const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024;
/** The largest scrypt work (N r p, 16x the default's) a loader accepts: a hostile file cannot make it spin for minutes. */
const SCRYPT_MAX_WORK = 2 ** 22;

/** The crypto block: how the key is derived and the GCM nonce. */
export interface CryptoBlock {
  kdf: number;
  log2N: number;
  r: number;
  p: number;
  salt: Uint8Array;
  iv: Uint8Array;
}

let nodeCrypto: typeof NodeCrypto | null | undefined;

/** node:crypto where the host has it (Node, Electron), else null (a browser). */
export function nodeCryptoOrNull(): typeof NodeCrypto | null {
  if (nodeCrypto === undefined) {
    nodeCrypto = loadNodeCrypto();
  }
  return nodeCrypto;
}

/**
 * Behaves as a host without node:crypto (a browser: WebCrypto and the plain-JS scrypt only), or restores the default.
 * @param on - true to hide node:crypto
 * @internal
 */
export function useWebCryptoOnly(on: boolean): void {
  nodeCrypto = on ? null : undefined;
}

function needNodeCrypto(what: string): typeof NodeCrypto {
  const c = nodeCryptoOrNull();
  if (c === null) throw new ModelFileError(`Expected node:crypto to ${what} synchronously; in a browser use loadAsync (WebCrypto)`, 'ERR_APRENDER_MODEL_CRYPTO');
  return c;
}

function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (s === undefined) throw new ModelFileError('Expected WebCrypto (globalThis.crypto.subtle) to verify or decrypt a model file', 'ERR_APRENDER_MODEL_CRYPTO');
  return s;
}

/**
 * Writes a crypto block.
 * @param b - the fields
 * @returns its CRYPTO_LENGTH bytes: u8 kdf, u8 log2 N, u8 r, u8 p, 16 salt, 12 IV, 16 zero
 */
export function writeCryptoBlock(b: CryptoBlock): Uint8Array {
  const out = new Uint8Array(CRYPTO_LENGTH);
  out.set([b.kdf, b.log2N, b.r, b.p], 0);
  out.set(b.salt, 4);
  out.set(b.iv, 20);
  return out;
}

/**
 * Reads and bounds a crypto block.
 * @param bytes - its CRYPTO_LENGTH bytes
 * @returns the fields
 * @throws ModelFileError CORRUPT for an unknown KDF, TOO_LARGE for scrypt costs beyond the loader's limit
 */
export function readCryptoBlock(bytes: Uint8Array): CryptoBlock {
  const b: CryptoBlock = { kdf: bytes[0], log2N: bytes[1], r: bytes[2], p: bytes[3], salt: bytes.slice(4, 20), iv: bytes.slice(20, 32) };
  if (b.kdf === KDFS.raw) {
    if (b.log2N !== 0 || b.r !== 0 || b.p !== 0) throw new ModelFileError('Expected zero scrypt costs with a raw key in the crypto block', 'ERR_APRENDER_MODEL_CORRUPT');
  } else if (b.kdf === KDFS.scrypt) {
    if (b.log2N < 1 || b.r < 1 || b.p < 1 || b.log2N > 24 || b.p > 16) throw new ModelFileError(`Expected scrypt costs with 1 <= log2 N <= 24, r >= 1 and 1 <= p <= 16 but the file states ${b.log2N}, ${b.r}, ${b.p}`, 'ERR_APRENDER_MODEL_CORRUPT');
    const memory = 128 * 2 ** b.log2N * b.r;
    if (memory > SCRYPT_MAX_MEMORY) throw new ModelFileError(`Expected scrypt to need at most ${SCRYPT_MAX_MEMORY} bytes but the file's costs need ${memory}`, 'ERR_APRENDER_MODEL_TOO_LARGE');
    const work = 2 ** b.log2N * b.r * b.p;
    if (work > SCRYPT_MAX_WORK) throw new ModelFileError(`Expected scrypt work N r p of at most ${SCRYPT_MAX_WORK} but the file's costs need ${work}`, 'ERR_APRENDER_MODEL_TOO_LARGE');
  } else throw new ModelFileError(`Expected key derivation 0 (raw key) or 1 (scrypt) but the file states ${b.kdf}`, 'ERR_APRENDER_MODEL_CORRUPT');
  return b;
}

function checkRawKey(key: unknown): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== 32) {
    throw new ModelFileError(`Expected a 32-byte Uint8Array for key (AES-256) but received ${key instanceof Uint8Array ? `${key.length} bytes` : typeof key}`, 'ERR_APRENDER_MODEL_KEY');
  }
  return key;
}

function kdfMismatch(block: CryptoBlock, secret: Secret): ModelFileError | undefined {
  if (block.kdf === KDFS.scrypt && !('passphrase' in secret)) return new ModelFileError('Expected a passphrase: the file was encrypted with one', 'ERR_APRENDER_MODEL_KEY');
  if (block.kdf === KDFS.raw && !('key' in secret)) return new ModelFileError('Expected a key: the file was encrypted with a raw 32-byte key, not a passphrase', 'ERR_APRENDER_MODEL_KEY');
  return undefined;
}

function scryptMaxmem(b: CryptoBlock): number {
  return 128 * 2 ** b.log2N * b.r * b.p + 1024 * 1024;
}

/**
 * The AES key of a file, synchronously (node:crypto).
 * @param block - the crypto block
 * @param secret - the key or passphrase
 * @returns 32 bytes
 */
export function deriveKeySync(block: CryptoBlock, secret: Secret): Uint8Array {
  const bad = kdfMismatch(block, secret);
  if (bad) throw bad;
  if ('key' in secret) return checkRawKey(secret.key);
  const c = needNodeCrypto('derive a key from a passphrase');
  return c.scryptSync(secret.passphrase.normalize('NFC'), block.salt, 32, { N: 2 ** block.log2N, r: block.r, p: block.p, maxmem: scryptMaxmem(block) });
}

/**
 * The AES key of a file, off the event loop (node:crypto's scrypt, or the plain-JS one in a browser).
 * @param block - the crypto block
 * @param secret - the key or passphrase
 * @returns 32 bytes
 */
export async function deriveKeyAsync(block: CryptoBlock, secret: Secret): Promise<Uint8Array> {
  const bad = kdfMismatch(block, secret);
  if (bad) throw bad;
  if ('key' in secret) return checkRawKey(secret.key);
  const password = new TextEncoder().encode(secret.passphrase.normalize('NFC'));
  const c = nodeCryptoOrNull();
  if (c === null) return scryptAsync(password, block.salt, 2 ** block.log2N, block.r, block.p, 32);
  return new Promise((resolve, reject) => {
    c.scrypt(password, block.salt, 32, { N: 2 ** block.log2N, r: block.r, p: block.p, maxmem: scryptMaxmem(block) }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * A fresh crypto block for writing.
 * @param secret - the key or passphrase
 * @returns the block and the key
 */
export function newCryptoBlock(secret: Secret): { block: CryptoBlock; key: Uint8Array } {
  const c = needNodeCrypto('encrypt');
  const passphrase = 'passphrase' in secret;
  if (passphrase && (typeof secret.passphrase !== 'string' || secret.passphrase.length === 0)) {
    throw new ModelFileError('Expected a non-empty string for passphrase', 'ERR_APRENDER_MODEL_KEY');
  }
  const block: CryptoBlock = {
    kdf: passphrase ? KDFS.scrypt : KDFS.raw,
    log2N: passphrase ? SCRYPT_DEFAULTS.log2N : 0,
    r: passphrase ? SCRYPT_DEFAULTS.r : 0,
    p: passphrase ? SCRYPT_DEFAULTS.p : 0,
    salt: passphrase ? new Uint8Array(c.randomBytes(16)) : new Uint8Array(16),
    iv: new Uint8Array(c.randomBytes(12)),
  };
  return { block, key: deriveKeySync(block, secret) };
}

/**
 * AES-256-GCM encryption.
 * @param key - 32 bytes
 * @param iv - 12 bytes
 * @param aad - authenticated, not encrypted (the header and crypto block)
 * @param plain - the metadata and payload
 * @returns the ciphertext followed by the 16-byte tag
 */
export function encrypt(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plain: Uint8Array): Uint8Array {
  const c = needNodeCrypto('encrypt');
  const cipher = c.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const out = new Uint8Array(body.length + TAG_LENGTH);
  out.set(body, 0);
  out.set(cipher.getAuthTag(), body.length);
  return out;
}

function decryptFailed(cause: unknown): ModelFileError {
  return new ModelFileError('Expected the key or passphrase the file was encrypted with: AES-GCM authentication failed (a wrong key or changed bytes)', 'ERR_APRENDER_MODEL_DECRYPT', { cause });
}

/**
 * AES-256-GCM decryption, synchronously.
 * @param key - 32 bytes
 * @param iv - 12 bytes
 * @param aad - the header and crypto block
 * @param sealed - ciphertext and tag
 * @returns the plaintext in a fresh, 8-byte aligned buffer
 */
export function decryptSync(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  const c = needNodeCrypto('decrypt');
  const n = sealed.length - TAG_LENGTH;
  const out = new Uint8Array(n);
  try {
    const d = c.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(n));
    const first = d.update(sealed.subarray(0, n));
    out.set(first, 0);
    out.set(d.final(), first.length);
  } catch (e) {
    throw decryptFailed(e);
  }
  return out;
}

/**
 * AES-256-GCM decryption with WebCrypto.
 * @param key - 32 bytes
 * @param iv - 12 bytes
 * @param aad - the header and crypto block
 * @param sealed - ciphertext and tag (WebCrypto's layout too)
 * @returns the plaintext
 */
export async function decryptAsync(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  const s = subtle();
  try {
    const k = await s.importKey('raw', key as BufferSource, 'AES-GCM', false, ['decrypt']);
    return new Uint8Array(await s.decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad as BufferSource, tagLength: TAG_LENGTH * 8 }, k, sealed as BufferSource));
  } catch (e) {
    throw decryptFailed(e);
  }
}

/**
 * An Ed25519 signature.
 * @param privateKey - the key
 * @param data - the signed bytes
 * @returns 64 bytes
 */
export function sign(privateKey: PrivateKeyInput, data: Uint8Array): Uint8Array {
  const c = needNodeCrypto('sign');
  let key: NodeCrypto.KeyObject;
  try {
    key = typeof privateKey === 'string' ? c.createPrivateKey(privateKey) : privateKey;
  } catch (e) {
    throw new ModelFileError(`Expected a PEM-encoded Ed25519 private key but it did not parse: ${(e as Error).message}`, 'ERR_APRENDER_MODEL_KEY', { cause: e });
  }
  if (key?.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new ModelFileError(`Expected an Ed25519 private key for sign but received ${key?.type ?? typeof key} ${key?.asymmetricKeyType ?? ''}`.trim(), 'ERR_APRENDER_MODEL_KEY');
  }
  const sig = new Uint8Array(c.sign(null, data, key));
  if (sig.length !== SIGNATURE_LENGTH) throw new ModelFileError(`Expected a ${SIGNATURE_LENGTH}-byte signature but got ${sig.length}`, 'ERR_APRENDER_MODEL_KEY');
  return sig;
}

function badPublicKey(detail: string, cause?: unknown): ModelFileError {
  return new ModelFileError(`Expected an Ed25519 public key (KeyObject, PEM, raw 32 bytes or CryptoKey) for publicKey but ${detail}`, 'ERR_APRENDER_MODEL_KEY', { cause });
}

/** The raw 32 bytes of a public key (what both node:crypto and WebCrypto import). */
function rawPublicKey(input: PublicKeyInput): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.length !== 32) throw badPublicKey(`received ${input.length} bytes`);
    return input;
  }
  const c = needNodeCrypto('read a KeyObject or PEM public key');
  let key: NodeCrypto.KeyObject;
  try {
    key = typeof input === 'string' ? c.createPublicKey(input) : (input as NodeCrypto.KeyObject);
    if (key.type === 'private') key = c.createPublicKey(key);
  } catch (e) {
    throw badPublicKey('it did not parse', e);
  }
  if (key?.asymmetricKeyType !== 'ed25519') throw badPublicKey(`received ${key?.asymmetricKeyType ?? typeof key}`);
  return Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
}

/**
 * Verifies an Ed25519 signature synchronously.
 * @param publicKey - the signer's public key (not a CryptoKey)
 * @param data - the signed bytes
 * @param signature - 64 bytes
 * @returns whether it verifies
 */
export function verifySync(publicKey: PublicKeyInput, data: Uint8Array, signature: Uint8Array): boolean {
  if (isCryptoKey(publicKey)) throw badPublicKey('a CryptoKey needs loadAsync');
  const c = needNodeCrypto('verify');
  const raw = rawPublicKey(publicKey);
  const key = c.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
  return c.verify(null, data, key, signature);
}

function isCryptoKey(k: unknown): k is CryptoKey {
  return typeof CryptoKey !== 'undefined' && k instanceof CryptoKey;
}

/**
 * Verifies an Ed25519 signature with WebCrypto.
 * @param publicKey - the signer's public key
 * @param data - the signed bytes
 * @param signature - 64 bytes
 * @returns whether it verifies
 */
export async function verifyAsync(publicKey: PublicKeyInput, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const s = subtle();
  const key = isCryptoKey(publicKey) ? publicKey : await s.importKey('raw', rawPublicKey(publicKey) as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  return s.verify({ name: 'Ed25519' }, key, signature as BufferSource, data as BufferSource);
}
