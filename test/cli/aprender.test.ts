/**
 * The `aprender` bin, run as a user runs it: the built file itself (dist/cjs/cli/aprender.js, made by `npm test`) in a
 * child process, on the shared real datasets. Every command, `--json`, the exit codes and one clear line for every
 * kind of bad input.
 */
import { spawnSync } from 'node:child_process';
import { runCli, type CliRun } from '../helpers/cli';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import * as aprender from '../../lib/aprender';
import { load } from '../../lib/aprender/model-file/read';
import { main } from '../../lib/cli/aprender';
import { createProgress } from '../../lib/cli/shared/progress';
import { SHARED_DATA } from '../helpers/shared-data';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/cjs/cli/aprender.js');
const DATA = SHARED_DATA;
const iris = path.join(DATA, 'iris.parquet');

type Run = CliRun;

/** Runs the built bin (executable, shebang) in a child process; stderr is a pipe, not a TTY. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCli([BIN, ...args], { cwd: tmp, env });
}

async function json<T = Record<string, any>>(args: string[]): Promise<T> {
  const run = await cli(['--json', ...args]);
  if (run.code !== 0) throw new Error(`aprender ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as T;
}

/** One line on stderr, no stack trace, the given exit code. */
function expectOneLine(run: Run, code: number, pattern: RegExp): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: '' });
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).toMatch(pattern);
}

let tmp: string;
beforeAll(() => {
  expect(existsSync(BIN)).toBe(true); // `npm test` builds dist
});
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'aprender-cli-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('aprender --help, --version, list-models', () => {
  test('--version prints the package version; --help lists the commands and the exit codes', async () => {
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await cli(['-V'])).stdout).toBe(`${version}\n`);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['train', 'predict', 'evaluate', 'inspect', 'validate', 'export-onnx', 'list-models']) expect(help.stdout).toContain(command);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 {3}success\n {2}1 {3}usage/);
    expect(help.stdout).toMatch(/6 {3}verification failed/);
    expect((await cli(['train', '--help'])).stdout).toMatch(/--param <key=value>[\s\S]*--cv <k>[\s\S]*--test-size/);
  });

  test('list-models: one entry per family, only classes aprender exports, each with its params table', async () => {
    const models = await json<{ name: string; classifier?: { class: string; params: { name: string; default: unknown; allowed: string }[] }; regressor?: { class: string } }[]>(['list-models']);
    expect(new Set(models.map((m) => m.name)).size).toBe(models.length);
    for (const m of models) {
      expect(m.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const side of [m.classifier, m.regressor]) if (side) expect(typeof (aprender as Record<string, unknown>)[side.class]).toBe('function');
    }
    const byName = Object.fromEntries(models.map((m) => [m.name, m]));
    expect(byName['logistic-regression'].classifier?.class).toBe('LogisticRegression');
    expect(byName['logistic-regression'].regressor).toBeUndefined();
    expect(byName.knn).toMatchObject({ classifier: { class: 'KNeighborsClassifier' }, regressor: { class: 'KNeighborsRegressor' } });
    expect(byName.knn.classifier?.params).toContainEqual({ name: 'nNeighbors', default: 5, allowed: 'an integer >= 1' });
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['linear-regression', 'ridge', 'lasso', 'elastic-net', 'gaussian-nb', 'sgd', 'linear-svc']));
    const text = await cli(['list-models', 'ridge']);
    expect(text.stdout).toMatch(/Ridge \(--model ridge\)\nparameter\s+default\s+allowed/);
    expect(text.stdout).toMatch(/alpha\s+1\s+a number >= 0/);
    expectOneLine(await cli(['list-models', 'deep-forest']), 1, /^aprender: Expected one of the models .* but received 'deep-forest'$/m);
  });
});

describe('aprender train', () => {
  test('Parquet, classification by default (integer labels), cross-validated as scikit-learn: iris', async () => {
    const r = await json(['train', '--data', iris, '--model', 'logistic-regression', '--cv', '5', '--test-size', '0', '--out', 'lr.apr']);
    expect(r).toMatchObject({ model: 'logistic-regression', class: 'LogisticRegression', task: 'classification', target: 'target', rows: { train: 150, test: 0 }, out: 'lr.apr' });
    expect(r.features).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']);
    // sklearn 1.9: cross_validate(LogisticRegression(), X, y, cv=5, scoring=['accuracy', 'f1_macro'])
    expect(r.metrics.cv.accuracy.mean).toBeCloseTo(0.9733333333333334, 10);
    expect(r.metrics.cv.accuracy.std).toBeCloseTo(0.02494438257849294, 10);
    expect(r.metrics.cv.f1_macro.mean).toBeCloseTo(0.973165236323131, 8);
    expect(r.metrics.cv.accuracy.folds).toHaveLength(5);
    expect(r.metrics.heldOut).toBeUndefined();
    expect(statSync(path.join(tmp, 'lr.apr')).size).toBe(r.bytes);
  });

  test('CSV, regression by default (many distinct values), metrics as scikit-learn: diabetes', async () => {
    const r = await json(['train', '--data', path.join(DATA, 'diabetes.csv'), '--model', 'ridge', '--cv', '5', '--test-size', '0', '--out', 'ridge.apr']);
    expect(r).toMatchObject({ class: 'Ridge', task: 'regression', rows: { train: 442, test: 0 } });
    // sklearn 1.9: cross_validate(Ridge(), X, y, cv=5, scoring=['r2', 'neg_root_mean_squared_error', 'neg_mean_absolute_error'])
    expect(r.metrics.cv.r2.mean).toBeCloseTo(0.410174971340889, 10);
    expect(r.metrics.cv.r2.std).toBeCloseTo(0.044978312455367195, 10);
    expect(r.metrics.cv.rmse.mean).toBeCloseTo(58.449228454065405, 8);
    expect(r.metrics.cv.mae.mean).toBeCloseTo(48.93892876587982, 8);
  });

  test('held-out split: stratified, seeded, reported in a table; the same command gives the same model', async () => {
    const args = ['train', '--data', path.join(DATA, 'wine.arrow'), '--model', 'gaussian-nb', '--test-size', '0.25', '--random-state', '7'];
    const text = await cli([...args, '--out', 'a.apr']);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(''); // no progress bar on a pipe
    expect(text.stdout).toMatch(/^trained GaussianNB \(gaussian-nb, classification\) on .*wine\.arrow: 133 training rows, 45 held out; target 'target', 13 features/);
    expect(text.stdout).toMatch(/metric\s+held-out\n-+\s+-+\naccuracy\s+0\.\d{4}\nf1_macro\s+0\.\d{4}/);
    expect(text.stdout).toMatch(/saved a\.apr \(\d+ bytes\)/);
    const again = await json([...args, '--out', 'b.apr']);
    expect(again.metrics.heldOut.accuracy).toBeGreaterThan(0.9);
    expect(text.stdout).toContain(again.metrics.heldOut.accuracy.toFixed(4));
    const [a, b] = ['a.apr', 'b.apr'].map((f) => load(path.join(tmp, f)) as unknown as { theta_: unknown; classes_: unknown });
    expect(b.theta_).toEqual(a.theta_);
  });

  test('JSON input, a string target named label, --features and --param (snake_case too)', async () => {
    const ds = await ArrowDataset.open(iris);
    const names = ['setosa', 'versicolor', 'virginica'];
    const rows = ds.toRows().map((r) => ({ petal_length_cm: r.petal_length_cm, petal_width_cm: r.petal_width_cm, sepal_length_cm: r.sepal_length_cm, label: names[Number(r.target)] }));
    writeFileSync(path.join(tmp, 'iris.json'), JSON.stringify(rows));
    const r = await json(['train', '--data', 'iris.json', '--model', 'knn', '--features', 'petal_length_cm,petal_width_cm', '--param', 'n_neighbors=7', '--param', 'weights=distance']);
    expect(r).toMatchObject({ class: 'KNeighborsClassifier', target: 'label', task: 'classification', features: ['petal_length_cm', 'petal_width_cm'], out: 'model.apr' });
    expect(r.params).toMatchObject({ nNeighbors: 7, weights: 'distance' });
    const model = load(path.join(tmp, 'model.apr')) as unknown as { classes_: string[] };
    expect(model.classes_).toEqual(names);
  });

  test("--task overrides the guess; the seed's air-gapped line works with its defaults", async () => {
    const r = await json(['train', '--data', iris, '--model', 'ridge', '--task', 'regression', '--out', 'r.apr']);
    expect(r).toMatchObject({ class: 'Ridge', task: 'regression' });
    expect(Object.keys(r.metrics.heldOut)).toEqual(['r2', 'rmse', 'mae']);
    // the air-gapped line: a local Parquet file and nothing else; default model random-forest, target 'target'
    writeFileSync(path.join(tmp, 'train.parquet'), readFileSync(path.join(DATA, 'breast_cancer.parquet')));
    const seed = await cli(['train', '--data', './train.parquet']);
    expect(seed).toMatchObject({ code: 0, stderr: '' });
    expect(seed.stdout).toMatch(/^trained RandomForestClassifier \(random-forest, classification\) on \.\/train\.parquet: 455 training rows, 114 held out; target 'target', 30 features/);
    const accuracy = Number(/accuracy\s+(0\.\d+)/.exec(seed.stdout)?.[1]);
    expect(accuracy).toBeGreaterThan(0.9);
    const forest = load(path.join(tmp, 'model.apr')) as unknown as { getParams(): Record<string, unknown>; classes_: number[] };
    expect(forest.getParams()).toMatchObject({ nEstimators: 100, randomState: 0 });
    expect(forest.classes_).toEqual([0, 1]);
  });

  test('missing feature values: hist-gradient-boosting takes them, a model that cannot is refused naming the column', async () => {
    const lines = ['a,b,target'];
    for (let i = 0; i < 400; i++) lines.push(`${i % 7 === 0 ? '' : i % 13},${i % 5},${i % 13 > 6 ? 1 : 0}`);
    writeFileSync(path.join(tmp, 'holes.csv'), lines.join('\n') + '\n');
    const r = await json(['train', '--data', 'holes.csv', '--model', 'hist-gradient-boosting', '--out', 'hgb.apr']);
    expect(r).toMatchObject({ class: 'HistGradientBoostingClassifier', rows: { train: 320, test: 80 } });
    expect(r.metrics.heldOut.accuracy).toBeGreaterThan(0.8);
    expect((await json(['predict', '--model', 'hgb.apr', '--data', 'holes.csv', '--out', 'p.parquet'])).rows).toBe(400);
    expectOneLine(await cli(['train', '--data', 'holes.csv', '--model', 'random-forest']), 3, /for 'a' but it has \d+ null\(s\).*\(ERR_ALIMENTAR_COLUMN\)/);
  });

  test('a progress bar on a terminal only (the folds, then fitAsync progress), cleared when done', async () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
    (stream as { isTTY?: boolean }).isTTY = true;
    let err = '';
    stream.on('data', (c: Buffer) => (err += c.toString()));
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await main(['train', '--data', iris, '--model', 'sgd', '--param', 'maxIter=50', '--param', 'tol=null', '--cv', '3', '--out', path.join(tmp, 's.apr')], { stdout, stderr: stream });
    expect(code).toBe(0);
    expect(err).toMatch(/^\rcross-validate SGDClassifier \[#{10}\.{20}\] 33% 1\/3\x1b\[K/);
    expect(err).toContain('\rcross-validate SGDClassifier [##############################] 100% 3/3\x1b[K');
    expect(err).toContain('\rfit SGDClassifier [##############################] 100% 50/50\x1b[K');
    expect(err.endsWith('\r\x1b[K')).toBe(true);
    expect(out).toMatch(/trained SGDClassifier/);
    const bar = createProgress('fit X', stream, 'steps');
    bar.update(25, 100);
    expect(err).toContain('fit X [########......................] 25% 25/100');
  });
});

describe('aprender predict, evaluate, inspect, validate, export-onnx', () => {
  async function trained(args: string[] = []): Promise<string> {
    await json(['train', '--data', iris, '--model', 'logistic-regression', '--out', 'iris.apr', '--card', 'Iris species from flower measurements', ...args]);
    return path.join(tmp, 'iris.apr');
  }

  test('predict writes the format of the extension, with probabilities and kept columns, equal to the model', async () => {
    const file = await trained();
    const model = load(file) as unknown as { predict(X: unknown): { data: Float64Array }; predictProba(X: unknown): { data: Float64Array } };
    const ds = await ArrowDataset.open(iris);
    const X = ds.drop(['target']);
    const r = await json(['predict', '--model', 'iris.apr', '--data', path.join(DATA, 'iris.csv'), '--out', 'p.parquet', '--proba', '--keep', 'target']);
    expect(r).toMatchObject({ rows: 150, format: 'parquet', columns: ['target', 'prediction', 'proba_0', 'proba_1', 'proba_2'] });
    const out = await ArrowDataset.open(path.join(tmp, 'p.parquet'));
    expect(String(out.column('prediction').type)).toBe('Int64');
    expect(Array.from(out.column('prediction').toArray() as BigInt64Array, Number)).toEqual(Array.from(model.predict(X).data));
    const proba = model.predictProba(X).data;
    expect(Array.from(out.column('proba_2').toArray() as Float64Array)).toEqual(Array.from({ length: 150 }, (_, i) => proba[i * 3 + 2]));
    expect(Array.from(out.column('target').toArray() as BigInt64Array, Number)).toEqual(Array.from(ds.column('target').toArray() as BigInt64Array, Number));
    const csv = await cli(['predict', '--model', 'iris.apr', '--data', path.join(DATA, 'iris.arrow'), '--out', 'p.csv']);
    expect(csv).toMatchObject({ code: 0, stderr: '' });
    expect(csv.stdout).toMatch(/^wrote p\.csv: 150 predictions \(csv; columns prediction\)/);
    expect(readFileSync(path.join(tmp, 'p.csv'), 'utf8').trim().split('\n')).toEqual(['prediction', ...Array.from(model.predict(X).data, String)]);
  });

  test('predict streams a file larger than its read chunk batch by batch, in row order', async () => {
    await trained();
    const n = 400000; // ~9 MB of CSV: three of predict's 4 MiB read chunks
    const lines = ['sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,id'];
    for (let i = 0; i < n; i++) lines.push(i % 2 === 0 ? `5.1,3.5,1.4,0.2,${i}` : `6.7,3.0,5.2,2.3,${i}`);
    writeFileSync(path.join(tmp, 'big.csv'), lines.join('\n') + '\n');
    expect(statSync(path.join(tmp, 'big.csv')).size).toBeGreaterThan(2 * (4 << 20));
    const r = await json(['predict', '--model', 'iris.apr', '--data', 'big.csv', '--out', 'big.arrow', '--keep', 'id']);
    expect(r.rows).toBe(n);
    const out = await ArrowDataset.open(path.join(tmp, 'big.arrow'));
    const ids = out.column('id').toArray() as BigInt64Array;
    const pred = out.column('prediction').toArray() as BigInt64Array;
    expect(out.numRows).toBe(n);
    for (const i of [0, 1, 123456, 123457, n - 2, n - 1]) {
      expect(Number(ids[i])).toBe(i);
      expect(Number(pred[i])).toBe(i % 2 === 0 ? 0 : 2);
    }
  });

  test('models saved by the library: a Pipeline with text labels predicts; a model of several targets is refused', async () => {
    const ds = await ArrowDataset.open(iris);
    const X = ds.drop(['target']);
    const names = ['setosa', 'versicolor', 'virginica'];
    const y = Array.from(ds.column('target').toArray() as BigInt64Array, (v) => names[Number(v)]);
    const pipe = aprender.makePipeline(new aprender.StandardScaler(), new aprender.LogisticRegression()).fit(X, y);
    await pipe.save(path.join(tmp, 'pipe.apr'));
    const r = await json(['predict', '--model', 'pipe.apr', '--data', iris, '--out', 'p.jsonl']);
    expect(r.rows).toBe(150);
    const lines = readFileSync(path.join(tmp, 'p.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).prediction);
    expect(lines).toEqual((pipe as unknown as { predict(X: unknown): string[] }).predict(X));
    const targets = aprender.trainTestSplit(ds.select(['sepal_length_cm', 'sepal_width_cm']), { testSize: 0.5, shuffle: false })[0] as ArrowDataset;
    const Y = targets.toMatrix();
    const multi = new aprender.Ridge().fit(X.take(Array.from({ length: targets.numRows }, (_, i) => i)), Y);
    await multi.save(path.join(tmp, 'multi.apr'));
    expectOneLine(await cli(['predict', '--model', 'multi.apr', '--data', iris, '--out', 'm.csv']), 3, /Expected one prediction per row but Ridge predicts \[150, 2\] \(several targets\)/);
  });

  test("evaluate scores a model file on labelled data (the card's target) as the predictions do", async () => {
    await trained();
    const r = await json(['evaluate', '--model', 'iris.apr', '--data', path.join(DATA, 'iris.arrow')]);
    expect(r).toMatchObject({ rows: 150, task: 'classification', target: 'target' });
    const model = load(path.join(tmp, 'iris.apr')) as unknown as { predict(X: unknown): unknown };
    const ds = await ArrowDataset.open(iris);
    const y = Array.from(ds.column('target').toArray() as BigInt64Array, Number);
    expect(r.scores.accuracy).toBeCloseTo(aprender.metrics.accuracyScore(y, model.predict(ds.drop(['target']))), 12);
    const text = await cli(['evaluate', '--model', 'iris.apr', '--data', iris, '--target', 'target']);
    expect(text.stdout).toMatch(/^LogisticRegression on .*iris\.parquet \(150 rows, target 'target'\)\n\nmetric\s+value\n-+\s+-+\naccuracy\s+0\.9\d{3}/);
    await json(['train', '--data', path.join(DATA, 'diabetes.parquet'), '--model', 'lasso', '--out', 'lasso.apr']);
    const reg = await json(['evaluate', '--model', 'lasso.apr', '--data', path.join(DATA, 'diabetes.csv')]);
    expect(Object.keys(reg.scores)).toEqual(['r2', 'rmse', 'mae']);
    expect(reg.scores.r2).toBeGreaterThan(0.3);
  });

  test('inspect shows metadata, sizes, metrics and the model card', async () => {
    const file = await trained(['--cv', '3']);
    const info = await json(['inspect', 'iris.apr']);
    expect(info).toMatchObject({ file: 'iris.apr', format: '1.0', size: statSync(file).size, signed: false, encrypted: false });
    expect(info.metadata).toMatchObject({
      class: 'LogisticRegression', kind: 'classifier', classes: [0, 1, 2], featureNames: ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'],
      modelCard: { description: 'Iris species from flower measurements', trainedWith: 'aprender train', target: 'target', task: 'classification', rows: { train: 120, test: 30 } },
    });
    expect(Object.keys(info.metadata.metrics)).toEqual(['heldOut', 'cv']);
    const text = await cli(['inspect', 'iris.apr']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/class\s+LogisticRegression \(classifier\)/);
    expect(text.stdout).toMatch(new RegExp(`bytes\\s+${info.size} \\(metadata \\d+, payload \\d+ stored, \\d+ raw, deflate\\)`));
    expect(text.stdout).toMatch(/cv\.accuracy\.mean\s+0\.9\d{3}/);
    expect(text.stdout).toContain('"description": "Iris species from flower measurements"');
  });

  test('validate: checksum, signature with --public-key (exit 6 when it fails), damage (exit 3)', async () => {
    const keys = ['a', 'b'].map((name) => {
      const pair = generateKeyPairSync('ed25519');
      writeFileSync(path.join(tmp, `${name}.key`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(path.join(tmp, `${name}.pub`), pair.publicKey.export({ type: 'spki', format: 'pem' }));
      return name;
    });
    expect(keys).toEqual(['a', 'b']);
    await trained(['--private-key', 'a.key']);
    expect(await json(['validate', 'iris.apr', '--public-key', 'a.pub'])).toEqual({
      file: 'iris.apr', valid: true, checksum: 'ok', signed: true, signatureVerified: true, encrypted: false, class: 'LogisticRegression',
    });
    expect((await cli(['validate', 'iris.apr'])).stdout).toMatch(/valid LogisticRegression; checksum ok; signed \(give --public-key/);
    expectOneLine(await cli(['validate', 'iris.apr', '--public-key', 'b.pub']), 6, /ERR_APRENDER_MODEL_SIGNATURE/);
    await json(['train', '--data', iris, '--model', 'gaussian-nb', '--out', 'unsigned.apr']);
    expectOneLine(await cli(['validate', 'unsigned.apr', '--public-key', 'a.pub']), 6, /unsigned \(ERR_APRENDER_MODEL_SIGNATURE\)/);
    expectOneLine(await cli(['predict', '--model', 'unsigned.apr', '--data', iris, '--out', 'x.csv', '--public-key', 'a.pub']), 6, /ERR_APRENDER_MODEL_SIGNATURE/);
    const bytes = readFileSync(path.join(tmp, 'iris.apr'));
    writeFileSync(path.join(tmp, 'cut.apr'), bytes.subarray(0, bytes.length - 10));
    expectOneLine(await cli(['validate', 'cut.apr']), 3, /ERR_APRENDER_MODEL_TRUNCATED/);
    const flipped = Buffer.from(bytes);
    flipped[200] ^= 0xff;
    writeFileSync(path.join(tmp, 'flipped.apr'), flipped);
    const bad = await cli(['--json', 'validate', 'flipped.apr']);
    expect(bad.code).toBe(3);
    expect(JSON.parse(bad.stderr)).toEqual({ error: { code: expect.stringMatching(/^ERR_APRENDER_MODEL_(CHECKSUM|CORRUPT)$/), message: expect.any(String), exitCode: 3 } });
    expectOneLine(await cli(['inspect', iris]), 3, /ERR_APRENDER_MODEL_FORMAT/);
    expectOneLine(await cli(['validate', 'iris.apr', '--public-key', iris]), 1, /ERR_APRENDER_MODEL_KEY/);
  });

  test('encrypted models: train --passphrase-env / --key-file, every reading command takes the same flags', async () => {
    const secret = { MODEL_PASS: 'correct horse battery staple' };
    const trainedRun = await cli(['--json', 'train', '--data', iris, '--model', 'logistic-regression', '--out', 'secret.apr', '--passphrase-env', 'MODEL_PASS'], secret);
    expect(trainedRun.code).toBe(0);
    expect(readFileSync(path.join(tmp, 'secret.apr')).includes(Buffer.from('LogisticRegression'))).toBe(false);
    expect(JSON.parse((await cli(['--json', 'inspect', 'secret.apr'])).stdout)).toMatchObject({ encrypted: true });
    expectOneLine(await cli(['predict', '--model', 'secret.apr', '--data', iris, '--out', 'p.csv']), 1, /ERR_APRENDER_MODEL_KEY/);
    expect((await cli(['predict', '--model', 'secret.apr', '--data', iris, '--out', 'p.csv', '--passphrase-env', 'MODEL_PASS'], secret)).code).toBe(0);
    expect(readFileSync(path.join(tmp, 'p.csv'), 'utf8').trim().split('\n')).toHaveLength(151);
    expect(JSON.parse((await cli(['--json', 'validate', 'secret.apr', '--passphrase-env', 'MODEL_PASS'], secret)).stdout))
      .toMatchObject({ valid: true, encrypted: true, class: 'LogisticRegression' });
    expectOneLine(await cli(['validate', 'secret.apr', '--passphrase-env', 'MODEL_PASS'], { MODEL_PASS: 'wrong' }), 3, /ERR_APRENDER_MODEL/);
    expectOneLine(await cli(['validate', 'secret.apr', '--passphrase-env', 'NOT_SET']), 1, /environment variable NOT_SET/);
    writeFileSync(path.join(tmp, 'aes.key'), Buffer.alloc(32, 7));
    writeFileSync(path.join(tmp, 'short.key'), Buffer.alloc(16, 7));
    expect((await cli(['train', '--data', iris, '--model', 'gaussian-nb', '--out', 'k.apr', '--key-file', 'aes.key'])).code).toBe(0);
    expect(JSON.parse((await cli(['--json', 'evaluate', '--model', 'k.apr', '--data', iris, '--key-file', 'aes.key'])).stdout)).toMatchObject({ rows: 150 });
    expectOneLine(await cli(['evaluate', '--model', 'k.apr', '--data', iris, '--key-file', 'short.key']), 1, /32 bytes in --key-file short\.key but it holds 16/);
  });

  /** Runs an ONNX file in onnxruntime in a plain node child (jest's realm breaks its typed-array checks, see test/aprender/onnx/ort-environment.js). */
  function runOnnx(file: string, X: Float64Array, dims: [number, number], output: string): number[] {
    const script = `const ort = require('onnxruntime-node'); (async () => {
      const s = await ort.InferenceSession.create(${JSON.stringify(file)});
      const out = await s.run({ X: new ort.Tensor('float64', Float64Array.from(${JSON.stringify(Array.from(X))}), ${JSON.stringify(dims)}) });
      console.log(JSON.stringify(Array.from(out[${JSON.stringify(output)}].data, Number)));
    })();`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as number[];
  }

  test('export-onnx writes models onnxruntime runs with the same predictions; a model without a converter is refused', async () => {
    await trained();
    const r = await json(['export-onnx', 'iris.apr', '--out', 'iris.onnx']);
    expect(r).toMatchObject({ class: 'LogisticRegression', dtype: 'float64', input: 'X', outputs: ['label', 'probabilities'] });
    expect(statSync(path.join(tmp, 'iris.onnx')).size).toBe(r.bytes);
    await json(['predict', '--model', 'iris.apr', '--data', iris, '--out', 'p.json']);
    const expected = (JSON.parse(readFileSync(path.join(tmp, 'p.json'), 'utf8')) as { prediction: number }[]).map((p) => p.prediction);
    const X = (await ArrowDataset.open(iris)).drop(['target']).toMatrix().data as Float64Array;
    expect(runOnnx(path.join(tmp, 'iris.onnx'), X, [150, 4], 'label')).toEqual(expected);

    const diabetes = path.join(DATA, 'diabetes.parquet');
    await json(['train', '--data', diabetes, '--model', 'random-forest', '--param', 'nEstimators=20', '--out', 'rf.apr']);
    expect(await json(['export-onnx', 'rf.apr', '--out', 'rf.onnx'])).toMatchObject({ class: 'RandomForestRegressor', outputs: ['variable'] });
    await json(['predict', '--model', 'rf.apr', '--data', diabetes, '--out', 'rf.json']);
    const values = (JSON.parse(readFileSync(path.join(tmp, 'rf.json'), 'utf8')) as { prediction: number }[]).map((p) => p.prediction);
    const D = (await ArrowDataset.open(diabetes)).drop(['target']).toMatrix().data as Float64Array;
    const onnx = runOnnx(path.join(tmp, 'rf.onnx'), D, [442, 10], 'variable');
    expect(onnx).toHaveLength(442);
    onnx.forEach((v, i) => expect(Math.abs(v - values[i])).toBeLessThanOrEqual(1e-5 * Math.abs(values[i])));

    await json(['train', '--data', iris, '--model', 'knn', '--out', 'knn.apr']);
    expectOneLine(await cli(['export-onnx', 'knn.apr', '--out', 'knn.onnx']), 3, /ONNX converter .* but received KNeighborsClassifier \(ERR_APRENDER_ONNX_UNSUPPORTED\)/);
    expect(existsSync(path.join(tmp, 'knn.onnx'))).toBe(false);
  });
});

describe('aprender: every bad input is one clear line and a non-zero exit code', () => {
  test('usage errors (exit 1): command line, model, parameters', async () => {
    const train = ['train', '--data', iris];
    expectOneLine(await cli(['frobnicate']), 1, /unknown command 'frobnicate'/);
    expectOneLine(await cli(['train']), 1, /required option '--data <file>' not specified/);
    expectOneLine(await cli([...train, '--model', 'deep-forest']), 1, /^aprender: Expected one of the models random-forest, .*, logistic-regression, .* for --model but received 'deep-forest'/);
    expectOneLine(await cli([...train, '--model', 'lasso']), 1, /Expected a model for classification but lasso only does regression \(classification models: .*; or set --task\)/);
    expectOneLine(await cli([...train, '--model', 'knn', '--param', 'depth=3']), 1, /Expected one of nNeighbors, .* for the parameters of KNeighborsClassifier but received 'depth'/);
    expectOneLine(await cli([...train, '--model', 'knn', '--param', 'nNeighbors=many']), 1, /Expected an integer >= 1 for the nNeighbors parameter of KNeighborsClassifier but received 'many'/);
    expectOneLine(await cli([...train, '--model', 'knn', '--param', 'weights=heavy']), 1, /Expected 'uniform', 'distance'.* for the weights parameter of KNeighborsClassifier but received 'heavy'/);
    expectOneLine(await cli([...train, '--model', 'knn', '--param', 'nNeighbors']), 1, /Expected key=value for --param \(e\.g\. --param nEstimators=100\) but received 'nNeighbors'/);
    expectOneLine(await cli([...train, '--model', 'knn', '--param', '=3']), 1, /Expected key=value for --param/);
    expectOneLine(await cli([...train, '--model', 'knn', '--features', 'a,,b']), 1, /Expected comma-separated column names for --features but received 'a,,b'/);
    expectOneLine(await cli([...train, '--model', 'knn', '--cv', '1']), 1, /Expected an integer in \[2, 1000\] for --cv but received '1'/);
    expectOneLine(await cli([...train, '--model', 'knn', '--test-size', '1']), 1, /Expected a fraction in \[0, 1\) for --test-size but received '1'/);
    expectOneLine(await cli([...train, '--model', 'knn', '--random-state', '-1']), 1, /Expected an integer in \[0, 4294967295\] for --random-state/);
    expectOneLine(await cli([...train, '--task', 'clustering']), 1, /argument 'clustering' is invalid. Allowed choices are classification, regression/);
    await json(['train', '--data', iris, '--model', 'knn', '--out', 'knn.apr']);
    expectOneLine(await cli(['predict', '--model', 'knn.apr', '--data', iris, '--out', 'p.xlsx']), 1, /Expected an output file whose extension names a format \(.*parquet.*\) for --out but received 'p\.xlsx'/);
    const j = await cli(['--json', ...train, '--model', 'knn', '--param', 'nNeighbors=0']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stderr)).toEqual({ error: { code: 'ERR_USAGE', message: 'Expected an integer >= 1 for the nNeighbors parameter of KNeighborsClassifier but received 0', exitCode: 1 } });
  });

  test('missing files (exit 2) and unusable data (exit 3): columns, types, targets', async () => {
    expectOneLine(await cli(['train', '--data', 'nope.parquet', '--model', 'knn']), 2, /Expected an existing file at nope\.parquet but there is none \(ERR_ALIMENTAR_NOT_FOUND\)/);
    expectOneLine(await cli(['inspect', 'nope.apr']), 2, /nope\.apr.*ERR_ALIMENTAR_NOT_FOUND/);
    expectOneLine(await cli(['predict', '--model', 'nope.apr', '--data', iris, '--out', 'p.csv']), 2, /ERR_ALIMENTAR_NOT_FOUND/);
    expectOneLine(await cli(['train', '--data', iris, '--model', 'knn', '--target', 'species']), 3,
      /Expected a column of .*iris\.parquet \(sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, target\) for --target but received 'species' \(ERR_ALIMENTAR_COLUMN\)/);
    expectOneLine(await cli(['train', '--data', iris, '--model', 'knn', '--features', 'petal_length_cm,petals']), 3, /for --features but received 'petals'/);
    writeFileSync(path.join(tmp, 'named.csv'), 'name,size,target\nrex,3,0\nfido,4,1\nmax,5,0\nbo,6,1\n');
    expectOneLine(await cli(['train', '--data', 'named.csv', '--model', 'knn']), 3, /Expected numeric feature columns but 'name' in named\.csv is Utf8 \(leave it out with --features, or encode it as numbers first\) \(ERR_APRENDER_CLI_DATA\)/);
    writeFileSync(path.join(tmp, 'untargeted.csv'), 'a,b\n1,2\n3,4\n');
    expectOneLine(await cli(['train', '--data', 'untargeted.csv', '--model', 'knn']), 3, /Expected a target column named 'target' or 'label' in untargeted\.csv, or --target <column>, but its columns are: a, b/);
    writeFileSync(path.join(tmp, 'species.csv'), 'a,b,species\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n');
    expectOneLine(await cli(['train', '--data', 'species.csv', '--target', 'species', '--model', 'ridge', '--task', 'regression']), 3, /Expected a numeric target for regression but 'species' is Utf8/);
    writeFileSync(path.join(tmp, 'gaps.csv'), 'a,target\n1,0\n2,\n3,1\n4,0\n5,1\n');
    expectOneLine(await cli(['train', '--data', 'gaps.csv', '--model', 'knn']), 3, /Expected a value in every row of the target 'target' but 1 are missing/);
    writeFileSync(path.join(tmp, 'broken.parquet'), readFileSync(iris).subarray(0, 300));
    expectOneLine(await cli(['train', '--data', 'broken.parquet', '--model', 'knn']), 3, /ERR_ALIMENTAR_PARQUET/);
    await json(['train', '--data', iris, '--model', 'knn', '--out', 'knn.apr']);
    expectOneLine(await cli(['predict', '--model', 'knn.apr', '--data', path.join(DATA, 'wine.csv'), '--out', 'p.csv']), 3, /Expected the model's feature columns in .*wine\.csv but 'sepal_length_cm', .* are missing/);
    expectOneLine(await cli(['evaluate', '--model', 'knn.apr', '--data', iris, '--target', 'kind']), 3, /for the target but received 'kind'/);
    writeFileSync(path.join(tmp, 'holes.csv'), 'sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n5.1,3.5,1.4,0.2\n6.7,,5.2,2.3\n');
    const holes = await cli(['predict', '--model', 'knn.apr', '--data', 'holes.csv', '--out', 'h.csv']);
    expectOneLine(holes, 3, /sepal_width_cm/);
    expect(existsSync(path.join(tmp, 'h.csv'))).toBe(false);
    expectOneLine(await cli(['predict', '--model', 'knn.apr', '--data', iris, '--out', path.join(tmp, 'no', 'such', 'dir.csv')]), 4, /ERR_ALIMENTAR_WRITE/);
  });
});
