/**
 * The loader never trusts a file: every class of bad input (foreign, truncated, corrupted, wrong version, oversized
 * lengths, decompression bombs, unknown classes, malformed payloads, state the estimator refuses) gives a
 * ModelFileError with its `.code`, never a crash, a hang or an allocation beyond the stated sizes; a newer minor
 * version loads with its unknown fields ignored.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateSync } from 'fflate';
import { load, loadAsync, ModelFileError, Pipeline, Ridge, StandardScaler } from '../../../lib/aprender';
import { FLAGS } from '../../../lib/aprender/model-file/layout';
import { readPayload, writePayload } from '../../../lib/aprender/model-file/payload';
import type { Encoded } from '../../../lib/aprender/base/state';
import { Tensor } from '../../../lib/trueno';
import { DATA_DIR, loadSplit } from '../reference/data';
import { assemble, codeOf, reseal, takeApart, type Parts } from './craft';

const diabetes = loadSplit('diabetes');
const model = new Ridge({ alpha: 0.5 }).fit(diabetes.XTrain, diabetes.yTrain);
const good = model.toBytes();
const want = Buffer.from((model.predict(diabetes.XTest) as Tensor).data.buffer);
const parts = () => takeApart(good);

function loads(bytes: Uint8Array): boolean {
  return Buffer.from((load<Ridge>(bytes).predict(diabetes.XTest) as Tensor).data.buffer).equals(want);
}

/** The payload's encoding, changed by `edit`, put back. */
function withPayload(edit: (e: Record<string, any>) => void, p: Parts = parts()): Uint8Array {
  const encoded = readPayload(p.payload) as Record<string, any>;
  edit(encoded);
  return assemble({ ...p, payload: writePayload(encoded as Encoded) });
}

/** The raw payload's bytes changed by `edit` (given the payload and a DataView over it). */
function withRawPayload(edit: (bytes: Uint8Array, v: DataView, tableAt: number) => void): Uint8Array {
  const p = parts();
  const bytes = p.payload.slice();
  const v = new DataView(bytes.buffer);
  edit(bytes, v, (8 + v.getUint32(0, true) + 7) & ~7);
  return assemble({ ...p, payload: bytes });
}

test('the untouched file loads (the helpers put files back together faithfully)', () => {
  expect(loads(good)).toBe(true);
  expect(loads(assemble(parts()))).toBe(true);
  expect(loads(withPayload(() => undefined))).toBe(true);
});

describe('foreign files', () => {
  const arrow = fs.readFileSync(path.join(DATA_DIR, 'iris.arrow'));
  test.each([
    ['PNG', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['ZIP', new Uint8Array(Buffer.from('PK\x03\x04 some zip entry........................................................'))],
    ['JSON', new Uint8Array(Buffer.from(JSON.stringify({ class: 'Ridge', coef_: [1, 2] })))],
    ['Arrow IPC', new Uint8Array(arrow)],
    ['zeros', new Uint8Array(100)],
  ])('%s is not a model file', (_name, bytes) => {
    expect(codeOf(() => load(bytes))).toBe('ERR_APRENDER_MODEL_FORMAT');
  });
});

describe('truncated files', () => {
  test('every prefix of a real file is refused as truncated', () => {
    for (let n = 0; n < good.length; n++) expect(codeOf(() => load(good.subarray(0, n)))).toBe('ERR_APRENDER_MODEL_TRUNCATED');
  });

  test('bytes after the end are refused', () => {
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    expect(codeOf(() => load(longer))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  });
});

describe('corrupted files', () => {
  test('a bit flipped anywhere is caught (mostly by the checksum, in the header by its own checks)', () => {
    const codes = new Set<string>();
    for (let at = 0; at < good.length; at++) {
      const bad = good.slice();
      bad[at] ^= 1 << (at % 8);
      const code = codeOf(() => load(bad));
      expect(code.startsWith('ERR_APRENDER_MODEL_')).toBe(true);
      codes.add(code);
    }
    expect(codes).toContain('ERR_APRENDER_MODEL_CHECKSUM');
  });

  test('a changed payload with a recomputed checksum is refused when its structure breaks', () => {
    const p = parts();
    expect(codeOf(() => load(assemble(p, { stored: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    const stored = deflateSync(p.payload);
    expect(codeOf(() => load(assemble(p, { stored: stored.subarray(0, stored.length - 4) })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    expect(codeOf(() => load(assemble({ ...p, metadata: [] as never })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    const text = assemble(p);
    const at = Buffer.from(text).indexOf('"class"');
    text[at + 1] = 0xff;
    expect(codeOf(() => load(reseal(text)))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  });

  test.each([
    ['an unknown required flag', { flags: 1 << 3 }],
    ['an unknown codec', { codec: 7 }],
    ['a header length below 64', { headerLength: 32 }],
    ['an unaligned header length', { headerLength: 68 }],
    ['a crypto block without the flag', { cryptoLength: 48 }],
    ['the encrypted flag without a crypto block', { flags: FLAGS.encrypted }],
    ['the signed flag without a signature', { flags: FLAGS.signed }],
  ])('%s is refused', (_what, lengths) => {
    expect(codeOf(() => load(assemble(parts(), { lengths })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  });

  test('uncompressed files must state equal raw and stored lengths', () => {
    const p = takeApart(model.toBytes({ compression: 'none' }));
    expect(loads(assemble(p))).toBe(true);
    expect(codeOf(() => load(assemble(p, { lengths: { payloadRawLength: p.payload.length + 8 } })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  });
});

describe('versions', () => {
  test('a newer major version is refused, naming both versions', () => {
    for (const major of [2, 0, 65535]) {
      let err: ModelFileError | undefined;
      try {
        load(assemble(parts(), { lengths: { major, minor: 3 } }));
      } catch (e) {
        err = e as ModelFileError;
      }
      expect(err?.code).toBe('ERR_APRENDER_MODEL_VERSION');
      expect(err?.message).toContain(`${major}.3`);
      expect(err?.message).toContain('1.0');
    }
  });

  test('a newer minor version loads with its unknown fields ignored', () => {
    const p = parts();
    const newer = assemble(
      { ...p, header: { ...p.header, minor: 7, flags: p.header.flags | (1 << 20) }, metadata: { ...p.metadata, addedIn17: { x: 1 }, library: { name: 'sovereign-ai', version: '9.9.9', extra: true } } },
      { headerExtra: 16, extension: new Uint8Array(40).fill(0xab) },
    );
    expect(loads(newer)).toBe(true);
  });
});

describe('oversized lengths and decompression bombs', () => {
  test.each([
    ['a raw payload beyond 2^53', { payloadRawLength: Number.MAX_SAFE_INTEGER }],
    ['a raw payload beyond the DEFLATE ratio', { payloadRawLength: 2 ** 40 }],
  ])('%s is refused before any allocation', (_what, lengths) => {
    expect(codeOf(() => load(assemble(parts(), { lengths })))).toBe('ERR_APRENDER_MODEL_TOO_LARGE');
  });

  test('u64 lengths beyond 2^53 are refused', () => {
    const bytes = assemble(parts());
    new DataView(bytes.buffer).setBigUint64(24, 2n ** 62n, true);
    expect(codeOf(() => load(reseal(bytes)))).toBe('ERR_APRENDER_MODEL_TOO_LARGE');
  });

  test('a metadata block over 64 MiB is refused', () => {
    expect(codeOf(() => load(assemble(parts(), { lengths: { metadataLength: 0xffffffff } })))).toBe('ERR_APRENDER_MODEL_TOO_LARGE');
  });

  test('a file larger than maxBytes + 64 MiB is refused before it is read', async () => {
    const file = path.join(os.tmpdir(), `apr-big-${process.pid}.apr`);
    fs.writeFileSync(file, good);
    fs.truncateSync(file, 2 ** 20 + 64 * 2 ** 20 + 1);
    try {
      expect(codeOf(() => load(file, { maxBytes: 2 ** 20 }))).toBe('ERR_APRENDER_MODEL_TOO_LARGE');
      await expect(loadAsync(file, { maxBytes: 2 ** 20 })).rejects.toMatchObject({ code: 'ERR_APRENDER_MODEL_TOO_LARGE' });
    } finally {
      fs.rmSync(file);
    }
  });

  test('scrypt costs beyond the limits, and unknown key derivations, are refused before any work', () => {
    const file = model.toBytes({ passphrase: 'pw' });
    const withBlock = (edit: (b: Uint8Array) => void) => {
      const b = file.slice();
      edit(b.subarray(64, 112));
      return reseal(b);
    };
    const start = Date.now();
    expect(codeOf(() => load(withBlock((b) => { b[1] = 18; b[3] = 16; }), { passphrase: 'pw' }))).toBe('ERR_APRENDER_MODEL_TOO_LARGE');
    expect(codeOf(() => load(withBlock((b) => { b[1] = 20; b[2] = 255; }), { passphrase: 'pw' }))).toBe('ERR_APRENDER_MODEL_TOO_LARGE');
    expect(codeOf(() => load(withBlock((b) => { b[1] = 30; }), { passphrase: 'pw' }))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    expect(codeOf(() => load(withBlock((b) => { b[0] = 5; }), { passphrase: 'pw' }))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    expect(codeOf(() => load(withBlock((b) => { b[0] = 0; }), { key: new Uint8Array(32) }))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  test.each([
    ['metadata', { metadataLength: 32 * 1024 * 1024 }],
    ['stored payload', { payloadLength: 2 ** 40 }],
    ['extension', { extensionLength: 0xfffffff0 }],
  ])('a %s length beyond the file is refused as truncated', (_what, lengths) => {
    expect(codeOf(() => load(assemble(parts(), { lengths })))).toBe('ERR_APRENDER_MODEL_TRUNCATED');
  });

  test('a payload that decompresses to more than it states stops at the stated size', () => {
    const p = parts();
    const bomb = deflateSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(40_000);
    const start = process.hrtime.bigint();
    expect(codeOf(() => load(assemble(p, { stored: bomb, lengths: { payloadRawLength: 4096 } })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    expect(Number(process.hrtime.bigint() - start) / 1e9).toBeLessThan(5);
  });

  test('maxBytes bounds what a file may expand to', () => {
    const p = parts();
    const bomb = deflateSync(new Uint8Array(8 * 1024 * 1024), { level: 9 });
    expect(codeOf(() => load(assemble(p, { stored: bomb, lengths: { payloadRawLength: 8 * 1024 * 1024 } }), { maxBytes: 1024 * 1024 }))).toBe('ERR_APRENDER_MODEL_TOO_LARGE');
    expect(codeOf(() => load(good, { maxBytes: 16 }))).toBe('ERR_APRENDER_MODEL_TOO_LARGE');
  });
});

describe('only registered classes are instantiated', () => {
  test.each(['Evil', 'Function', 'constructor', '__proto__', 'Object', ''])('metadata naming %j is refused', (name) => {
    const p = parts();
    expect(codeOf(() => load(assemble({ ...p, metadata: { ...p.metadata, class: name } })))).toBe('ERR_APRENDER_MODEL_UNKNOWN_CLASS');
  });

  test('a payload naming another class than its metadata is refused', () => {
    expect(codeOf(() => load(withPayload((e) => {
      e.$estimator.name = 'Lasso';
    })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  });

  test('an unregistered estimator nested in the state or parameters is refused before anything is built', () => {
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['ridge', new Ridge()]] }).fit(diabetes.XTrain, diabetes.yTrain);
    const p = takeApart(pipe.toBytes());
    expect(load(assemble(p))).toBeInstanceOf(Pipeline);
    const bytes = withPayload((e) => {
      e.$estimator.params.steps[1][1].$estimator.name = 'Evil';
    }, p);
    expect(codeOf(() => load(bytes))).toBe('ERR_APRENDER_MODEL_UNKNOWN_CLASS');
  });
});

describe('malformed payloads', () => {
  test.each<[string, (b: Uint8Array, v: DataView, t: number) => void]>([
    ['a skeleton length beyond the payload', (_b, v) => v.setUint32(0, 1e9, true)],
    ['an array count beyond the payload', (_b, v) => v.setUint32(4, 1e8, true)],
    ['an unknown dtype', (b, _v, t) => { b[t] = 99; }],
    ['zero dimensions', (b, _v, t) => { b[t + 1] = 0; }],
    ['too many dimensions', (b, _v, t) => { b[t + 1] = 200; }],
    ['a huge dimension', (_b, v, t) => v.setBigUint64(t + 16, 2n ** 60n, true)],
    ['an unaligned offset', (_b, v, t) => v.setBigUint64(t + 8, 4n, true)],
    ['an offset beyond the data', (_b, v, t) => v.setBigUint64(t + 8, 2n ** 40n, true)],
    ['invalid UTF-8 in the skeleton', (b) => { b[9] = 0xff; }],
    ['invalid JSON in the skeleton', (b) => { b[8] = 0x7d; }],
  ])('%s is refused', (_what, edit) => {
    expect(codeOf(() => load(withRawPayload(edit)))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  });

  test('overlapping arrays and bytes after the last array are refused', () => {
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['ridge', new Ridge()]] }).fit(diabetes.XTrain, diabetes.yTrain);
    const p = takeApart(pipe.toBytes());
    const bytes = p.payload.slice();
    const v = new DataView(bytes.buffer);
    const t = (8 + v.getUint32(0, true) + 7) & ~7;
    const ndim0 = bytes[t + 1];
    v.setBigUint64(t + 16 + 8 * ndim0 + 8, 0n, true);
    expect(codeOf(() => load(assemble({ ...p, payload: bytes })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    const longer = new Uint8Array(p.payload.length + 16);
    longer.set(p.payload);
    expect(codeOf(() => load(assemble({ ...p, payload: longer })))).toBe('ERR_APRENDER_MODEL_CORRUPT');
  });

  test('skeleton tags out of range, a __proto__ key and very deep nesting are refused', () => {
    const skeleton = (json: string) => {
      const text = new TextEncoder().encode(json);
      const out = new Uint8Array((8 + text.length + 7) & ~7);
      new DataView(out.buffer).setUint32(0, text.length, true);
      out.set(text, 8);
      return assemble({ ...parts(), payload: out });
    };
    for (const json of [
      '{"$estimator":{"name":"Ridge","params":{},"state":{"coef_":{"$a":0}}}}',
      '{"$estimator":{"name":"Ridge","params":{},"state":{"coef_":{"$a":-1}}}}',
      '{"$estimator":{"name":"Ridge","params":{},"state":{"x_":{"$n":"1e999"}}}}',
      '{"$estimator":{"name":"Ridge","params":{},"state":{"__proto__":{"polluted":1}}}}',
      `{"$estimator":{"name":"Ridge","params":{},"state":{"x_":${'['.repeat(5000)}${']'.repeat(5000)}}}}`,
    ]) expect(codeOf(() => load(skeleton(json)))).toBe('ERR_APRENDER_MODEL_CORRUPT');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('state the estimator refuses', () => {
  test.each<[string, (e: Record<string, any>) => void]>([
    ['an unknown parameter', (e) => { e.$estimator.params.notAParam = 1; }],
    ['a parameter outside its allowed values', (e) => { e.$estimator.params.alpha = -3; }],
    ['a parameter of the wrong type', (e) => { e.$estimator.params = 'x'; }],
    ['no learned state', (e) => { e.$estimator.state = {}; }],
    ['a tensor whose dtype does not match its data', (e) => {
      e.$estimator.state.coef_ = { $tensor: { dtype: 'int32', shape: [4], data: new Float64Array(4) } };
    }],
  ])('%s is refused', (_what, edit) => {
    expect(codeOf(() => load(withPayload(edit)))).toBe('ERR_APRENDER_MODEL_STATE');
  });
});
