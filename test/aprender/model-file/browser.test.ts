/**
 * The browser's path: with node:crypto and node:zlib hidden, files written in Node load with WebCrypto (Ed25519,
 * AES-GCM), the plain-JS scrypt and fflate; the synchronous load still opens plain files and says clearly that
 * signatures and encryption need loadAsync there.
 */
import { generateKeyPairSync } from 'node:crypto';
import { load, loadAsync, Ridge } from '../../../lib/aprender';
import { useFflateOnly } from '../../../lib/aprender/model-file/codec';
import { useWebCryptoOnly } from '../../../lib/aprender/model-file/crypto';
import { Tensor } from '../../../lib/trueno';
import { loadSplit } from '../reference/data';
import { codeOf } from './craft';

const diabetes = loadSplit('diabetes');
const model = new Ridge({ alpha: 2 }).fit(diabetes.XTrain, diabetes.yTrain);
const want = Buffer.from((model.predict(diabetes.XTest) as Tensor).data.buffer);
const predicts = (m: unknown) => Buffer.from(((m as Ridge).predict(diabetes.XTest) as Tensor).data.buffer).equals(want);
const signer = generateKeyPairSync('ed25519');
const rawPublic = new Uint8Array(Buffer.from(signer.publicKey.export({ format: 'jwk' }).x as string, 'base64url'));
const pem = signer.publicKey.export({ format: 'pem', type: 'spki' }) as string;
const key = new Uint8Array(32).fill(3);
// written in Node, before the browser's view is put on
const plain = model.toBytes();
const signedWithPassphrase = model.toBytes({ passphrase: 'open sesame', privateKey: signer.privateKey });
const encrypted = model.toBytes({ key });

beforeEach(() => {
  useWebCryptoOnly(true);
  useFflateOnly(true);
});
afterEach(() => {
  useWebCryptoOnly(false);
  useFflateOnly(false);
});

test('plain files load synchronously and asynchronously', async () => {
  expect(predicts(load(plain))).toBe(true);
  expect(predicts(await loadAsync(plain))).toBe(true);
});

test('signed and passphrase-encrypted files load with WebCrypto and the plain-JS scrypt', async () => {
  expect(predicts(await loadAsync(signedWithPassphrase, { passphrase: 'open sesame', publicKey: rawPublic }))).toBe(true);
  await expect(loadAsync(signedWithPassphrase, { passphrase: 'open sesame!', publicKey: rawPublic })).rejects.toMatchObject({ code: 'ERR_APRENDER_MODEL_DECRYPT' });
  await expect(loadAsync(plain, { publicKey: rawPublic })).rejects.toMatchObject({ code: 'ERR_APRENDER_MODEL_SIGNATURE' });
  expect(predicts(await loadAsync(encrypted, { key }))).toBe(true);
});

test('what needs node:crypto says so with a code', async () => {
  expect(codeOf(() => load(signedWithPassphrase, { publicKey: rawPublic }))).toBe('ERR_APRENDER_MODEL_CRYPTO');
  expect(codeOf(() => load(encrypted, { key }))).toBe('ERR_APRENDER_MODEL_CRYPTO');
  expect(codeOf(() => model.toBytes({ key }))).toBe('ERR_APRENDER_MODEL_CRYPTO');
  await expect(loadAsync(signedWithPassphrase, { passphrase: 'open sesame', publicKey: pem })).rejects.toMatchObject({ code: 'ERR_APRENDER_MODEL_CRYPTO' });
});
