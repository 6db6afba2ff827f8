/**
 * scrypt (RFC 7914) in plain JS over WebCrypto's PBKDF2-HMAC-SHA256, for hosts without node:crypto (browsers), where
 * WebCrypto has no scrypt of its own: it lets a browser open a passphrase-encrypted model file. Node uses
 * node:crypto's scrypt instead; the tests check that both derive the same key.
 */

/** PBKDF2-HMAC-SHA256 with one iteration (scrypt's outer steps). */
async function pbkdf2(password: Uint8Array, salt: Uint8Array, length: number): Promise<Uint8Array> {
  const s = globalThis.crypto.subtle;
  const key = await s.importKey('raw', password as BufferSource, 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await s.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: 1 }, key, length * 8));
}

function rotl(v: number, n: number): number {
  return (v << n) | (v >>> (32 - n));
}

/** Salsa20/8 core: `b[bi..bi+16)` becomes salsa(b[bi..] xor x[xi..]), x is the 16 words of scratch `t`. */
function salsa208(b: Uint32Array, t: Uint32Array): void {
  const x = t;
  for (let i = 0; i < 16; i++) x[i] = b[i];
  for (let round = 0; round < 8; round += 2) {
    x[4] ^= rotl(x[0] + x[12], 7); x[8] ^= rotl(x[4] + x[0], 9); x[12] ^= rotl(x[8] + x[4], 13); x[0] ^= rotl(x[12] + x[8], 18);
    x[9] ^= rotl(x[5] + x[1], 7); x[13] ^= rotl(x[9] + x[5], 9); x[1] ^= rotl(x[13] + x[9], 13); x[5] ^= rotl(x[1] + x[13], 18);
    x[14] ^= rotl(x[10] + x[6], 7); x[2] ^= rotl(x[14] + x[10], 9); x[6] ^= rotl(x[2] + x[14], 13); x[10] ^= rotl(x[6] + x[2], 18);
    x[3] ^= rotl(x[15] + x[11], 7); x[7] ^= rotl(x[3] + x[15], 9); x[11] ^= rotl(x[7] + x[3], 13); x[15] ^= rotl(x[11] + x[7], 18);
    x[1] ^= rotl(x[0] + x[3], 7); x[2] ^= rotl(x[1] + x[0], 9); x[3] ^= rotl(x[2] + x[1], 13); x[0] ^= rotl(x[3] + x[2], 18);
    x[6] ^= rotl(x[5] + x[4], 7); x[7] ^= rotl(x[6] + x[5], 9); x[4] ^= rotl(x[7] + x[6], 13); x[5] ^= rotl(x[4] + x[7], 18);
    x[11] ^= rotl(x[10] + x[9], 7); x[8] ^= rotl(x[11] + x[10], 9); x[9] ^= rotl(x[8] + x[11], 13); x[10] ^= rotl(x[9] + x[8], 18);
    x[12] ^= rotl(x[15] + x[14], 7); x[13] ^= rotl(x[12] + x[15], 9); x[14] ^= rotl(x[13] + x[12], 13); x[15] ^= rotl(x[14] + x[13], 18);
  }
  for (let i = 0; i < 16; i++) b[i] = (b[i] + x[i]) >>> 0;
}

/** scryptBlockMix over 2r 64-byte blocks of `b` (32 r words), into `y` then back into `b`. */
function blockMix(b: Uint32Array, y: Uint32Array, r: number, x: Uint32Array, t: Uint32Array): void {
  x.set(b.subarray((2 * r - 1) * 16, 2 * r * 16));
  for (let i = 0; i < 2 * r; i++) {
    for (let k = 0; k < 16; k++) x[k] ^= b[i * 16 + k];
    salsa208(x, t);
    // even blocks go to the first half, odd blocks to the second
    y.set(x, ((i & 1) * r + (i >> 1)) * 16);
  }
  b.set(y);
}

/** scryptROMix of one 128 r-byte block (as words), in place. */
function roMix(b: Uint32Array, n: number, r: number): void {
  const words = 32 * r;
  const v = new Uint32Array(words * n);
  const y = new Uint32Array(words);
  const x = new Uint32Array(16);
  const t = new Uint32Array(16);
  for (let i = 0; i < n; i++) {
    v.set(b, i * words);
    blockMix(b, y, r, x, t);
  }
  for (let i = 0; i < n; i++) {
    const j = b[(2 * r - 1) * 16] & (n - 1);
    for (let k = 0; k < words; k++) b[k] ^= v[j * words + k];
    blockMix(b, y, r, x, t);
  }
}

/**
 * scrypt.
 * @param password - the passphrase's bytes
 * @param salt - the salt
 * @param n - CPU/memory cost, a power of 2
 * @param r - block size
 * @param p - parallelism
 * @param length - bytes of key to derive
 * @returns the derived key
 * @example const key = await scryptAsync(new TextEncoder().encode('pw'), salt, 2 ** 15, 8, 1, 32);
 */
export async function scryptAsync(password: Uint8Array, salt: Uint8Array, n: number, r: number, p: number, length: number): Promise<Uint8Array> {
  const bytes = await pbkdf2(password, salt, p * 128 * r);
  const words = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24);
  for (let i = 0; i < p; i++) roMix(words.subarray(i * 32 * r, (i + 1) * 32 * r), n, r);
  for (let i = 0; i < words.length; i++) {
    bytes[4 * i] = words[i] & 0xff;
    bytes[4 * i + 1] = (words[i] >>> 8) & 0xff;
    bytes[4 * i + 2] = (words[i] >>> 16) & 0xff;
    bytes[4 * i + 3] = words[i] >>> 24;
  }
  return pbkdf2(password, bytes, length);
}
