/**
 * Model files round-trip real models: saved to disk atomically, loaded from a path, bytes or asynchronously, as the
 * same class with bit-identical predictions; the metadata block says what the model is. (Every registered estimator
 * is also round-tripped by the common suite's 'model file round trip' check.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Estimator, GaussianNB, inspectModel, KMeans, KNeighborsClassifier, load, loadAsync, LogisticRegression, makePipeline, ModelFileError,
  Ridge, StandardScaler, toBytes, FORMAT_MAJOR, FORMAT_MINOR, libraryVersion,
} from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno';
import { loadSplit } from '../reference/data';
import { codeOf } from './craft';

const iris = loadSplit('iris');
const diabetes = loadSplit('diabetes');
const NAMES = ['setosa', 'versicolor', 'virginica'];

function same(a: unknown, b: unknown): void {
  if (a instanceof Tensor && b instanceof Tensor) {
    expect(b.shape).toEqual(a.shape);
    expect(b.dtype).toBe(a.dtype);
    expect(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength).equals(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength))).toBe(true);
  } else expect(b).toEqual(a);
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apr-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('save and load', () => {
  test('a pipeline fitted on an Arrow dataset with string labels keeps its classes, feature names and predictions bit for bit', async () => {
    const labels = Array.from(iris.yTrain, (v) => NAMES[v]);
    const model = makePipeline(new StandardScaler(), new LogisticRegression({ C: 0.5 })).fit(iris.XTrain, labels);
    const file = path.join(dir, 'nested', 'iris.apr');
    const result = await model.save(file, { modelCard: { intendedUse: 'a test' }, metrics: { accuracy: model.score!(iris.XTest, Array.from(iris.yTest, (v) => NAMES[v])) } });
    expect(result.size).toBe(fs.statSync(file).size);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['iris.apr']);
    for (const loaded of [load(file), load(fs.readFileSync(file)), await loadAsync(file), await loadAsync(new Uint8Array(fs.readFileSync(file)).buffer)]) {
      expect(loaded.constructor.name).toBe('Pipeline');
      same(model.predict!(iris.XTest), (loaded as typeof model).predict!(iris.XTest));
      same(model.predictProba!(iris.XTest), (loaded as typeof model).predictProba!(iris.XTest));
    }
    const info = inspectModel(file);
    expect(info).toMatchObject({ format: `${FORMAT_MAJOR}.${FORMAT_MINOR}`, compression: 'deflate', encrypted: false, signed: false });
    expect(info.metadata).toMatchObject({ class: 'Pipeline', classes: NAMES, modelCard: { intendedUse: 'a test' }, library: { name: 'sovereign-ai', version: libraryVersion() } });
    expect(info.metadata?.metrics.accuracy).toBeGreaterThan(0.9);
    expect((info.metadata?.params.steps as unknown[]).length).toBe(2);
  });

  test('feature names and class labels are in the metadata', () => {
    const clf = new GaussianNB().fit(iris.dataset.select(iris.featureNames), Array.from(iris.dataset.toVector('target', 'float64').data as Float64Array, (v) => NAMES[v]));
    const meta = inspectModel(clf.toBytes()).metadata;
    expect(meta).toMatchObject({ class: 'GaussianNB', kind: 'classifier', featureNames: iris.featureNames, classes: NAMES, nFeatures: 4 });
    const loaded = load<GaussianNB>(clf.toBytes());
    same(clf.predict(iris.dataset.select(iris.featureNames)), loaded.predict(iris.dataset.select(iris.featureNames)));
    expect(codeOf(() => loaded.predict(iris.dataset.select([...iris.featureNames].reverse())))).toBe('ERR_APRENDER_FEATURES');
  });

  test('regressors, clusterers and neighbours (which keep their training data) round-trip', () => {
    const models: Estimator[] = [
      new Ridge({ alpha: 0.3 }).fit(diabetes.XTrain, diabetes.yTrain),
      new KMeans({ nClusters: 4, randomState: 1, nInit: 1 }).fit(diabetes.XTrain),
      new KNeighborsClassifier({ nNeighbors: 3 }).fit(iris.XTrain, iris.yTrain),
    ];
    for (const m of models) {
      const X = m instanceof KNeighborsClassifier ? iris.XTest : diabetes.XTest;
      const loaded = load(toBytes(m)) as unknown as { predict(X: unknown): unknown };
      expect(loaded.constructor).toBe(m.constructor);
      same((m as unknown as typeof loaded).predict(X), loaded.predict(X));
    }
  });

  test("a loaded model does not share memory with the caller's buffer", () => {
    const m = new Ridge().fit(diabetes.XTrain, diabetes.yTrain);
    const bytes = Buffer.from(m.toBytes({ compression: 'none' }));
    const loaded = load<Ridge>(bytes);
    const before = Buffer.from((loaded.predict(diabetes.XTest) as Tensor).data.buffer);
    bytes.fill(0);
    expect(Buffer.from((loaded.predict(diabetes.XTest) as Tensor).data.buffer).equals(before)).toBe(true);
  });

  test('the same model and creation time give the same bytes', () => {
    const m = new Ridge().fit(diabetes.XTrain, diabetes.yTrain);
    const created = new Date('2026-01-01T00:00:00Z');
    expect(Buffer.from(m.toBytes({ created })).equals(Buffer.from(m.toBytes({ created })))).toBe(true);
    expect(m.toBytes({ compression: 'none' }).length).toBeGreaterThan(m.toBytes().length);
  });

  test('Class.load refuses a file of another class; Estimator.load takes any', async () => {
    const bytes = new Ridge().fit(diabetes.XTrain, diabetes.yTrain).toBytes();
    expect(Ridge.load(bytes)).toBeInstanceOf(Ridge);
    expect(Estimator.load(bytes)).toBeInstanceOf(Ridge);
    expect(codeOf(() => LogisticRegression.load(bytes))).toBe('ERR_APRENDER_MODEL_CLASS');
    await expect(LogisticRegression.loadAsync(bytes)).rejects.toMatchObject({ code: 'ERR_APRENDER_MODEL_CLASS' });
    await expect(Ridge.loadAsync(bytes)).resolves.toBeInstanceOf(Ridge);
  });

  test('a failed save leaves the old file and no temporary file', async () => {
    const file = path.join(dir, 'keep.apr');
    const first = new Ridge().fit(diabetes.XTrain, diabetes.yTrain);
    await first.save(file);
    const before = fs.readFileSync(file);
    await expect(new Ridge().save(file)).rejects.toMatchObject({ code: 'ERR_APRENDER_NOT_FITTED' });
    await expect(first.save(file, { metrics: { bad: 1n } as never })).rejects.toMatchObject({ code: 'ERR_APRENDER_TYPE' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.includes('keep'))).toEqual(['keep.apr']);
  });
});

describe('bad arguments', () => {
  const m = new Ridge().fit(diabetes.XTrain, diabetes.yTrain);
  test.each([
    ['compression', { compression: 'zstd' }],
    ['level', { level: 12 }],
    ['level', { level: 1.5 }],
    ['key and passphrase', { key: new Uint8Array(32), passphrase: 'x' }],
    ['metrics', { metrics: [1, 2] }],
    ['created', { created: new Date(NaN) }],
    ['modelCard', { modelCard: () => 1 }],
  ])('toBytes refuses a bad %s', (_what, options) => {
    expect(codeOf(() => m.toBytes(options as never))).toBe('ERR_APRENDER_TYPE');
  });

  test('toBytes refuses a non-estimator and an unfitted one', () => {
    expect(codeOf(() => toBytes({} as never))).toBe('ERR_APRENDER_TYPE');
    expect(codeOf(() => new KMeans().toBytes())).toBe('ERR_APRENDER_NOT_FITTED');
  });

  test('save refuses a bad path', async () => {
    await expect(m.save('' as never)).rejects.toMatchObject({ code: 'ERR_APRENDER_TYPE' });
    await expect(m.save(3 as never)).rejects.toMatchObject({ code: 'ERR_APRENDER_TYPE' });
  });

  test('load refuses a bad source or options', async () => {
    const bytes = m.toBytes();
    expect(codeOf(() => load(42 as never))).toBe('ERR_APRENDER_TYPE');
    expect(codeOf(() => load(null as never))).toBe('ERR_APRENDER_TYPE');
    expect(codeOf(() => load(bytes, { maxBytes: -1 }))).toBe('ERR_APRENDER_TYPE');
    expect(codeOf(() => load(bytes, { maxBytes: NaN }))).toBe('ERR_APRENDER_TYPE');
    expect(codeOf(() => load(bytes, null as never))).toBe('ERR_APRENDER_TYPE');
    expect(codeOf(() => load(path.join(dir, 'missing.apr')))).toBe('ENOENT');
    await expect(loadAsync(path.join(dir, 'missing.apr'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => load(bytes, { maxBytes: 10 })).toThrow(ModelFileError);
    expect(codeOf(() => inspectModel(42 as never))).toBe('ERR_APRENDER_TYPE');
    expect(codeOf(() => inspectModel(bytes, { key: new Uint8Array(32), passphrase: 'x' }))).toBe('ERR_APRENDER_TYPE');
    await expect(loadAsync({} as never)).rejects.toMatchObject({ code: 'ERR_APRENDER_TYPE' });
  });
});
