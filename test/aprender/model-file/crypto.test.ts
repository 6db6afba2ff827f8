/**
 * Signed and encrypted model files: Ed25519 signatures and AES-256-GCM (a raw key, or a passphrase through scrypt),
 * verified and decrypted both by node:crypto (load) and by WebCrypto (loadAsync, the browser's path); a public key
 * makes unsigned and wrongly signed files refused.
 */
import { generateKeyPairSync, randomBytes, scryptSync } from 'node:crypto';
import { inspectModel, load, loadAsync, Ridge } from '../../../lib/aprender';
import { scryptAsync } from '../../../lib/aprender/model-file/scrypt';
import { Tensor } from '../../../lib/trueno';
import { loadSplit } from '../reference/data';
import { codeOf, reseal } from './craft';

const diabetes = loadSplit('diabetes');
const model = new Ridge({ alpha: 0.1 }).fit(diabetes.XTrain, diabetes.yTrain);
const want = Buffer.from((model.predict(diabetes.XTest) as Tensor).data.buffer);
const signer = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const rawPublic = new Uint8Array(Buffer.from(signer.publicKey.export({ format: 'jwk' }).x as string, 'base64url'));
const pem = signer.publicKey.export({ format: 'pem', type: 'spki' }) as string;
const key = new Uint8Array(randomBytes(32));

function predicts(m: unknown): boolean {
  return Buffer.from(((m as Ridge).predict(diabetes.XTest) as Tensor).data.buffer).equals(want);
}

async function codeOfAsync(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  throw new Error('did not reject');
}

describe('signing', () => {
  const signed = model.toBytes({ privateKey: signer.privateKey });

  test('a signed file verifies with the public key as KeyObject, PEM, raw bytes or CryptoKey, sync and async', async () => {
    for (const publicKey of [signer.publicKey, pem, rawPublic]) {
      expect(predicts(load(signed, { publicKey }))).toBe(true);
      expect(predicts(await loadAsync(signed, { publicKey }))).toBe(true);
    }
    const cryptoKey = await globalThis.crypto.subtle.importKey('raw', rawPublic, { name: 'Ed25519' }, false, ['verify']);
    expect(predicts(await loadAsync(signed, { publicKey: cryptoKey }))).toBe(true);
    expect(inspectModel(signed, { publicKey: pem })).toMatchObject({ signed: true, signatureVerified: true });
  });

  test('the private key may be PEM; a file signed without a key given still loads (checksum only)', () => {
    const pemSigned = model.toBytes({ privateKey: signer.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string });
    expect(predicts(load(pemSigned, { publicKey: rawPublic }))).toBe(true);
    expect(predicts(load(signed))).toBe(true);
  });

  test('with a public key, unsigned, wrongly signed and changed files are refused', async () => {
    const unsigned = model.toBytes();
    const byOther = model.toBytes({ privateKey: other.privateKey });
    const changed = signed.slice();
    changed[100] ^= 1;
    for (const bytes of [unsigned, byOther, reseal(changed)]) {
      expect(codeOf(() => load(bytes, { publicKey: pem }))).toBe('ERR_APRENDER_MODEL_SIGNATURE');
      expect(await codeOfAsync(loadAsync(bytes, { publicKey: rawPublic }))).toBe('ERR_APRENDER_MODEL_SIGNATURE');
    }
    // without the reseal the damage is caught first, by the checksum
    expect(codeOf(() => load(changed, { publicKey: pem }))).toBe('ERR_APRENDER_MODEL_CHECKSUM');
  });

  test('bad keys give coded errors', () => {
    expect(codeOf(() => model.toBytes({ privateKey: 'not a pem' }))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => model.toBytes({ privateKey: signer.publicKey }))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => model.toBytes({ privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => load(signed, { publicKey: new Uint8Array(31) }))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => load(signed, { publicKey: 'garbage' }))).toBe('ERR_APRENDER_MODEL_KEY');
  });
});

describe('encryption', () => {
  test('a raw key: node:crypto and WebCrypto both decrypt; the metadata is hidden without it', async () => {
    const bytes = model.toBytes({ key, modelCard: 'secret card' });
    expect(predicts(load(bytes, { key }))).toBe(true);
    expect(predicts(await loadAsync(bytes, { key }))).toBe(true);
    expect(Buffer.from(bytes).includes('secret card')).toBe(false);
    expect(Buffer.from(bytes).includes('Ridge')).toBe(false);
    expect(inspectModel(bytes)).toMatchObject({ encrypted: true, metadata: null, modelType: 'regressor' });
    expect(inspectModel(bytes, { key }).metadata?.modelCard).toBe('secret card');
  });

  test('a passphrase through scrypt, signed as well', async () => {
    const bytes = model.toBytes({ passphrase: 'correct horse battery staple', privateKey: signer.privateKey });
    expect(predicts(load(bytes, { passphrase: 'correct horse battery staple', publicKey: pem }))).toBe(true);
    expect(predicts(await loadAsync(bytes, { passphrase: 'correct horse battery staple', publicKey: rawPublic }))).toBe(true);
    expect(codeOf(() => load(bytes, { passphrase: 'wrong' }))).toBe('ERR_APRENDER_MODEL_DECRYPT');
    expect(await codeOfAsync(loadAsync(bytes, { passphrase: 'wrong' }))).toBe('ERR_APRENDER_MODEL_DECRYPT');
    expect(codeOf(() => load(bytes, { key }))).toBe('ERR_APRENDER_MODEL_KEY');
  });

  test('wrong, missing and malformed keys, and a changed ciphertext, are refused with codes', async () => {
    const bytes = model.toBytes({ key });
    expect(codeOf(() => load(bytes))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => load(bytes, { key: new Uint8Array(32) }))).toBe('ERR_APRENDER_MODEL_DECRYPT');
    expect(await codeOfAsync(loadAsync(bytes, { key: new Uint8Array(32) }))).toBe('ERR_APRENDER_MODEL_DECRYPT');
    expect(codeOf(() => load(bytes, { key: new Uint8Array(16) }))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => load(bytes, { passphrase: 'x' }))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => load(bytes, { passphrase: 5 as never }))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => model.toBytes({ passphrase: '' }))).toBe('ERR_APRENDER_MODEL_KEY');
    expect(codeOf(() => model.toBytes({ key: new Uint8Array(8) }))).toBe('ERR_APRENDER_MODEL_KEY');
    for (const at of [20, 70, 130, bytes.length - 10]) {
      const changed = bytes.slice();
      changed[at] ^= 0x10;
      // header and crypto block are authenticated data, the rest is ciphertext or tag: all are covered by GCM
      expect(['ERR_APRENDER_MODEL_DECRYPT', 'ERR_APRENDER_MODEL_CORRUPT', 'ERR_APRENDER_MODEL_TRUNCATED', 'ERR_APRENDER_MODEL_TOO_LARGE']).toContain(codeOf(() => load(reseal(changed), { key })));
    }
  });

  test('two encryptions of one model differ (fresh IV and salt)', () => {
    expect(Buffer.from(model.toBytes({ key })).equals(Buffer.from(model.toBytes({ key })))).toBe(false);
  });
});

describe('scrypt in plain JS (browsers)', () => {
  test.each([[16, 1, 1], [1024, 8, 2], [256, 3, 1]])('N=%d r=%d p=%d matches node:crypto', async (n, r, p) => {
    const password = new TextEncoder().encode('pässwörd');
    const salt = new Uint8Array(randomBytes(16));
    expect(Buffer.from(await scryptAsync(password, salt, n, r, p, 32)).equals(scryptSync(password, salt, 32, { N: n, r, p }))).toBe(true);
  });

  test('matches the RFC 7914 test vector (password, NaCl, N=1024, r=8, p=16)', async () => {
    const got = await scryptAsync(new TextEncoder().encode('password'), new TextEncoder().encode('NaCl'), 1024, 8, 16, 64);
    expect(Buffer.from(got).toString('hex')).toBe(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
    );
  });
});
