/**
 * The payload codec: Node's zlib and fflate (the browser's path) write and read the same raw DEFLATE streams, both
 * stop a decompression bomb at the stated size, and 'auto' skips DEFLATE for payloads that do not compress.
 */
import { deflateSync } from 'fflate';
import { inspectModel, KNeighborsClassifier, load, Ridge } from '../../../lib/aprender';
import { inflate, useFflateOnly } from '../../../lib/aprender/model-file/codec';
import { Tensor } from '../../../lib/trueno';
import { loadSplit } from '../reference/data';
import { assemble, codeOf, takeApart } from './craft';

const diabetes = loadSplit('diabetes');
const model = new Ridge().fit(diabetes.XTrain, diabetes.yTrain);
const want = Buffer.from((model.predict(diabetes.XTest) as Tensor).data.buffer);
const predicts = (bytes: Uint8Array) => Buffer.from((load<Ridge>(bytes).predict(diabetes.XTest) as Tensor).data.buffer).equals(want);

afterEach(() => useFflateOnly(false));

test('files written with zlib load with fflate and the other way round', () => {
  const byZlib = model.toBytes({ compression: 'deflate' });
  useFflateOnly(true);
  expect(predicts(byZlib)).toBe(true);
  const byFflate = model.toBytes({ compression: 'deflate' });
  expect(predicts(byFflate)).toBe(true);
  useFflateOnly(false);
  expect(predicts(byFflate)).toBe(true);
});

test.each([false, true])('a bomb stops at the stated size (fflate only: %s)', (fflate) => {
  useFflateOnly(fflate);
  const bomb = deflateSync(new Uint8Array(8 * 1024 * 1024), { level: 9 });
  expect(codeOf(() => inflate(bomb, 4096))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  expect(codeOf(() => inflate(bomb.subarray(0, bomb.length >> 1), 8 * 1024 * 1024))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  expect(codeOf(() => inflate(Uint8Array.of(0xff, 0xff, 0xff), 10))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  expect(inflate(deflateSync(new Uint8Array(100).fill(7)), 100)).toEqual(new Uint8Array(100).fill(7));
  expect(codeOf(() => inflate(deflateSync(new Uint8Array(100)), 101))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  const p = takeApart(model.toBytes());
  expect(codeOf(() => load(assemble(p, { stored: bomb, lengths: { payloadRawLength: p.payload.length } })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
});

test('small payloads come back 8-byte aligned in memory of their own', () => {
  const out = inflate(deflateSync(new Uint8Array(24).fill(1)), 24);
  expect(out.byteOffset).toBe(0);
  expect(out.buffer.byteLength).toBe(24);
});

test("'auto' stores random-looking floats uncompressed and compresses what shrinks", () => {
  const n = 20_000;
  let s = 0x9e3779b9;
  const u32 = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  // full 53-bit mantissas: as incompressible as real-valued data gets
  const rand = () => ((u32() * 2 ** 21 + (u32() >>> 11)) / 2 ** 53) * 2 - 1;
  const X = Tensor.from(Float64Array.from({ length: n * 32 }, rand), [n, 32]);
  const knn = new KNeighborsClassifier().fit(X, Int32Array.from({ length: n }, (_, i) => i % 2));
  expect(inspectModel(knn.toBytes()).compression).toBe('none');
  expect(inspectModel(knn.toBytes({ compression: 'deflate' })).compression).toBe('deflate');
  const rounded = Tensor.from(Float64Array.from(X.data as Float64Array, (v) => Math.round(v * 4)), [n, 32]);
  expect(inspectModel(new KNeighborsClassifier().fit(rounded, Int32Array.from({ length: n }, (_, i) => i % 2)).toBytes()).compression).toBe('deflate');
  expect(inspectModel(model.toBytes()).compression).toBe('deflate');
});
