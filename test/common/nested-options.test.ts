/**
 * What the generic unknown-options test (unknown-options.test.ts) cannot see: options nested in options (`csv`, `json`,
 * `s3`, `http`, convertFile's `read`, checkEstimator's `data`, crossValidate's `fitParams`, serve's
 * `registryOptions` and `loadOptions`) refuse unknown keys too, at the entry point and before any file is read; and
 * options an entry point forwards to another reach it with the keys it takes (ArrowDataset#write with a format, the
 * Parquet writer under encode options that also hold CSV ones, Registry.open's inspector).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import {
  ArrowDataset, convertFile, decode, encode, openStorage, Registry, samplePath, StreamingDataset,
} from '../../lib/alimentar';
import { checkEstimator, crossValidate, KMeans, LinearRegression } from '../../lib/aprender';
import { serve } from '../../lib/realizar';
import { Tensor } from '../../lib/trueno';
import { Database } from '../../lib/trueno-db';
import { tempDir } from '../alimentar/helpers';

const MISSING = path.join(__dirname, 'no-such-folder', 'data.csv');
const CSV_READ_KEYS = 'delimiter, quote, header, columnNames, columnTypes, nullValues, batchRows';

/** The TypeError an unknown key gives, with its owner and key. */
function unknownKey(owner: string, key: string, allowed?: string) {
  const escaped = owner.replace(/[.]/g, '\\.');
  const keys = allowed === undefined ? '\\w+(, \\w+)*' : allowed;
  return expect.objectContaining({ name: 'TypeError', code: expect.stringMatching(/^ERR_\w+_TYPE$/), message: expect.stringMatching(new RegExp(`^Expected one of ${keys} for ${escaped} but received '${key}'$`)) });
}

const small = () => ArrowDataset.fromTable(tableFromArrays({ a: Float64Array.from([1, 2]), b: Float64Array.from([3.5, 4]) }));

describe('nested options refuse unknown keys, before any I/O', () => {
  it('read options: csv and json inside ArrowDataset.open / fromBytes / StreamingDataset.open / decode', async () => {
    // the file does not exist: the typo is still what is reported
    await expect(ArrowDataset.open(MISSING, { csv: { delimeter: ';' } as never })).rejects.toEqual(unknownKey('ArrowDataset.open options.csv', 'delimeter', CSV_READ_KEYS));
    await expect(StreamingDataset.open(MISSING, { json: { batchrows: 1 } as never })).rejects.toEqual(unknownKey('StreamingDataset.open options.json', 'batchrows', 'columnTypes, batchRows'));
    expect(() => ArrowDataset.fromBytes(undefined as never, { csv: { header: true, sep: ',' } as never })).toThrow(unknownKey('ArrowDataset.fromBytes options.csv', 'sep'));
    expect(() => decode(new Uint8Array(0), 'csv', { csv: { nulls: [] } as never })).toThrow(unknownKey('decode options.csv', 'nulls'));
  });

  it('write options: csv inside toBytes / encode / write / convertFile', async () => {
    const ds = small();
    expect(() => ds.toBytes('csv', { csv: { nullvalue: '' } as never })).toThrow(unknownKey('toBytes options.csv', 'nullvalue', 'delimiter, header, nullValue'));
    expect(() => encode(ds.toTable(), 'csv', { csv: { quote: '"' } as never })).toThrow(unknownKey('encode options.csv', 'quote'));
    await expect(ds.write(MISSING, { csv: { headers: false } as never })).rejects.toEqual(unknownKey('write options.csv', 'headers'));
    await expect(convertFile(MISSING, MISSING, { csv: { delim: ';' } as never })).rejects.toEqual(unknownKey('convertFile options.csv', 'delim'));
  });

  it("convertFile's read options: their csv, and no `columns` (that is convertFile's own)", async () => {
    await expect(convertFile(MISSING, MISSING, { read: { csv: { quoteChar: "'" } } as never })).rejects.toEqual(unknownKey('convertFile options.read.csv', 'quoteChar'));
    await expect(convertFile(MISSING, MISSING, { read: { columns: ['a'] } as never })).rejects.toEqual(unknownKey('convertFile options.read', 'columns', 'format, csv, json, chunkBytes'));
  });

  it('storage options: s3 and http inside openStorage / Registry.open', () => {
    expect(() => openStorage('s3://bucket/prefix', { s3: { accessKey: 'k' } as never })).toThrow(unknownKey('openStorage options.s3', 'accessKey'));
    expect(() => openStorage(undefined as never, { http: { header: {} } as never })).toThrow(unknownKey('openStorage options.http', 'header', 'headers, timeoutMs'));
    expect(() => Registry.open('https://example.org/registry', { http: { timeout: 5 } as never })).toThrow(unknownKey('Registry.open options.http', 'timeout'));
    expect(() => Registry.open('s3://bucket', { s3: { endpointUrl: 'http://x' } as never })).toThrow(unknownKey('Registry.open options.s3', 'endpointUrl'));
  });

  it("trueno-db's Database.open: its storage's s3 and http, before the location is looked at", async () => {
    await expect(Database.open(undefined as never, { storage: { s3: { region: 'x', secretKey: 'k' } } as never })).rejects.toEqual(unknownKey('Database.open options.storage.s3', 'secretKey'));
    await expect(Database.open('s3://bucket/db', { storage: { http: { retries: 2 } } as never })).rejects.toEqual(unknownKey('Database.open options.storage.http', 'retries'));
  });

  it("serve's registryOptions and loadOptions, before a model is loaded or a store opened", async () => {
    const err = serve({ registry: 's3://models', registryOptions: { s3: { regin: 'eu-west-1' } } as never });
    await expect(err).rejects.toEqual(unknownKey('serve options.registryOptions.s3', 'regin'));
    await expect(err).rejects.toMatchObject({ code: 'ERR_REALIZAR_TYPE' });
    await expect(serve({ registry: 's3://models', registryOptions: { inspector: undefined } as never })).rejects.toEqual(unknownKey('serve options.registryOptions', 'inspector', 's3, http, inspect'));
    await expect(serve({ modelDir: MISSING, loadOptions: { passPhrase: 'x' } as never })).rejects.toEqual(unknownKey('serve options.loadOptions', 'passPhrase', 'publicKey, key, passphrase, maxBytes, expect'));
  });

  it("the cross-validation functions' fitParams (every fit would ignore another key)", () => {
    const X = Tensor.from(Float64Array.from({ length: 20 }, (_, i) => i % 7), [10, 2]);
    const y = Float64Array.from({ length: 10 }, (_, i) => i);
    expect(() => crossValidate(new LinearRegression(), undefined, undefined, { fitParams: { sample_weight: y } as never })).toThrow(unknownKey('crossValidate options.fitParams', 'sample_weight', 'sampleWeight'));
    // the key it takes still reaches every fit: zero weights on the odd rows change the fitted models
    const weighted = crossValidate(new LinearRegression(), X, y, { cv: 2, fitParams: { sampleWeight: y.map((_, i) => i % 2) }, returnEstimator: true });
    const plain = crossValidate(new LinearRegression(), X, y, { cv: 2, returnEstimator: true });
    expect(Array.from((weighted.estimator![0] as LinearRegression).coef_!.data as Float64Array)).not.toEqual(Array.from((plain.estimator![0] as LinearRegression).coef_!.data as Float64Array));
  });

  it("checkEstimator's data", async () => {
    const X = Tensor.from(new Float64Array(8), [4, 2]);
    await expect(checkEstimator(KMeans, { data: { X, Y: undefined } as never })).rejects.toEqual(unknownKey('checkEstimator options.data', 'Y', 'X, y'));
  });
});

describe('forwarded options reach the callee with the keys it takes', () => {
  it('ArrowDataset#write with a format and CSV options, and fromBytes with a format', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'data.txt');
      await small().write(file, { format: 'csv', csv: { delimiter: ';' } });
      expect(readFileSync(file, 'utf8')).toBe('a;b\n1;3.5\n2;4\n');
      const back = ArrowDataset.fromBytes(readFileSync(file), { format: 'csv', csv: { delimiter: ';' } });
      expect(back.toRows()).toEqual([{ a: 1, b: 3.5 }, { a: 2, b: 4 }]);
    } finally {
      cleanup();
    }
  });

  it('the Parquet writer gets its own keys from encode options that also hold CSV ones', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const options = { compression: 'zstd' as const, rowGroupSize: 1, csv: { delimiter: ';' } };
      const file = path.join(dir, 'data.parquet');
      await small().write(file, options);
      expect((await ArrowDataset.open(file)).toRows()).toEqual(small().toRows());
      expect(decode(encode(small().toTable(), 'parquet', options), 'parquet').numRows).toBe(2);
      // streaming: convertFile hands the codec its encode options without format, read, columns or onProgress
      const out = path.join(dir, 'iris.parquet');
      let progress = 0;
      const { rows } = await convertFile(samplePath('iris.csv'), out, { ...options, read: { csv: { batchRows: 50 } }, columns: ['target'], onProgress: () => progress++ });
      expect(rows).toBe(150);
      expect(progress).toBeGreaterThan(0);
      expect((await ArrowDataset.open(out)).shape).toEqual([150, 1]);
    } finally {
      cleanup();
    }
  });

  it("Registry.open passes the storage options on and keeps its inspector", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const inspected: string[] = [];
      const registry = Registry.open(dir, {
        inspect: async (file) => {
          inspected.push(path.basename(file));
          return { format: 'csv', rows: 150, schema: null };
        },
      });
      await registry.init();
      const pushed = await registry.push(samplePath('iris.csv'), { name: 'iris' });
      expect(inspected).toEqual(['iris.csv']);
      expect(pushed.rows).toBe(150);
    } finally {
      cleanup();
    }
  });
});
