import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ChecksumMismatchError, DatasetNotFoundError, Registry, RegistryCorruptError, RegistryExistsError, RegistryNotFoundError,
  VersionExistsError, type RegistryIndex,
} from '../../lib/alimentar/registry';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import { AuthError, LocalStorage, NetworkError, NoSuchBucketError, StorageError } from '../../lib/alimentar/storage';
import { startHangingWriter } from '../helpers/kill';
import { startConditionalProxy, startS3Server, type S3TestServer } from '../helpers/s3-server';
import { SHARED_DATA } from '../helpers/shared-data';

const DATA = SHARED_DATA;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let s3: S3TestServer;
let proxy: Awaited<ReturnType<typeof startConditionalProxy>>;
let cutting: Awaited<ReturnType<typeof startConditionalProxy>>;
let tmp: string;
let run = 0;

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startConditionalProxy(s3);
  cutting = await startConditionalProxy(s3, { cutUploads: /\/datasets\// });
  await s3.createBucket('registry-test');
});
afterAll(async () => {
  // after a failed setup some are missing; stop the others so the run does not hang
  await cutting?.stop();
  await proxy?.stop();
  await s3?.stop();
});
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'alimentar-registry-'));
  run++;
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A copy of a shared dataset under a new name, so pushes of "different files" differ in name and content. */
function fixture(name: string, source = 'iris.parquet', extra = ''): string {
  const file = path.join(tmp, 'src', name);
  rmSync(file, { force: true });
  require('node:fs').mkdirSync(path.dirname(file), { recursive: true });
  if (extra) writeFileSync(file, readFileSync(path.join(DATA, source), 'utf8') + extra);
  else copyFileSync(path.join(DATA, source), file);
  return file;
}

// The third field: whether the store makes "next version number" atomic (conditional writes or a local lock). Where
// it does not, two pushes that pick a version number at the same instant can pick the same one (documented: last
// writer wins), so the concurrency test names the versions there.
const backends: [string, () => Registry, boolean][] = [
  ['local folder', () => Registry.open(path.join(tmp, 'registry')), true],
  ['S3 (s3rver, conditional writes ignored)', () => Registry.open(`s3://registry-test/direct-${run}`, { s3: s3.s3 }), false],
  ['S3 with conditional writes', () => Registry.open(`s3://registry-test/cond-${run}`, { s3: proxy.s3 }), true],
];

describe.each(backends)('registry on %s', (_name, open, atomicVersions) => {
  test('init, push, list, search, show, pull, delete', async () => {
    const registry = open();
    await registry.init({ description: 'test registry' });
    await expect(registry.init()).rejects.toBeInstanceOf(RegistryExistsError);
    expect(await registry.list()).toEqual([]);

    const iris = fixture('iris.parquet');
    const phases = new Set<string>();
    const v1 = await registry.push(iris, { name: 'iris', description: 'Fisher iris flowers', onProgress: (p) => phases.add(p.phase) });
    expect(phases).toEqual(new Set(['hash', 'upload']));
    expect(v1).toMatchObject({ version: '1', filename: 'iris.parquet', format: 'parquet', rows: 150, sha256: sha256(iris) });
    expect(v1.schema!.map((f) => f.name)).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm', 'target']);
    const v2 = await registry.push(fixture('iris.csv', 'iris.csv'), { name: 'iris' });
    expect(v2).toMatchObject({ version: '2', format: 'csv', rows: 150 });
    await registry.push(fixture('wine.arrow', 'wine.arrow'), { name: 'wine', version: '2024.1', description: 'Wine recognition' });
    await expect(registry.push(iris, { name: 'wine', version: '2024.1' })).rejects.toBeInstanceOf(VersionExistsError);

    const list = await registry.list();
    expect(list.map((d) => [d.name, d.versions.map((v) => v.version), d.latest.version])).toEqual([
      ['iris', ['1', '2'], '2'],
      ['wine', ['2024.1'], '2024.1'],
    ]);
    expect(list[0].description).toBe('Fisher iris flowers');
    expect((await registry.search('FLOWER')).map((d) => d.name)).toEqual(['iris']);
    expect((await registry.search(/^w/)).map((d) => d.name)).toEqual(['wine']);
    expect(await registry.search('nothing-like-this')).toEqual([]);
    expect((await registry.show('wine')).latest.rows).toBe(178);

    const out = path.join(tmp, 'out') + '/';
    const pulled = await registry.pull('iris', { version: '1', dest: out });
    expect(pulled.path).toBe(path.join(tmp, 'out', 'iris.parquet'));
    expect(sha256(pulled.path)).toBe(v1.sha256);
    const latest = await registry.pull('iris', { dest: path.join(tmp, 'latest.csv') });
    expect(latest.entry.version).toBe('2');
    expect(readFileSync(latest.path, 'utf8')).toBe(readFileSync(path.join(DATA, 'iris.csv'), 'utf8'));

    expect((await registry.delete('iris', '1')).map((v) => v.version)).toEqual(['1']);
    expect((await registry.show('iris')).versions.map((v) => v.version)).toEqual(['2']);
    await registry.delete('wine');
    await expect(registry.show('wine')).rejects.toBeInstanceOf(DatasetNotFoundError);
    await expect(registry.pull('iris', { version: '1', dest: out })).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NOT_FOUND' });
    expect((await registry.list()).map((d) => d.name)).toEqual(['iris']);
    const remaining = (await registry.storage.list('')).map((o) => o.key).filter((k) => k.startsWith('datasets/'));
    expect(remaining).toEqual([v2.key]);
  });

  test('concurrent pushes never lose an entry or corrupt the index', async () => {
    const registry = open();
    await registry.init();
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const sameName = [1, 2, 3].map((i) => fixture(`shared-${i}.csv`, 'iris.csv', `${i},${i},${i},${i},0\n`));
    await Promise.all([
      ...names.map((n) => registry.push(fixture(`${n}.parquet`), { name: n })),
      ...sameName.map((f, i) => registry.push(f, atomicVersions ? { name: 'shared' } : { name: 'shared', version: String(i + 1) })),
    ]);
    const list = await registry.list();
    expect(list.map((d) => d.name)).toEqual([...names, 'shared']);
    const shared = list.find((d) => d.name === 'shared')!;
    expect(shared.versions.map((v) => v.version).sort()).toEqual(['1', '2', '3']);
    expect(new Set(shared.versions.map((v) => v.sha256)).size).toBe(3);
    const index = JSON.parse(Buffer.from(await registry.storage.get('index.json')).toString('utf8')) as RegistryIndex;
    expect(index.format).toBe('alimentar-registry');
    for (const v of shared.versions) {
      const pulled = await registry.pull('shared', { version: v.version, dest: path.join(tmp, `pull-${v.version}.csv`) });
      expect(sha256(pulled.path)).toBe(v.sha256);
    }
  });

  test('a retried push of the same bytes returns the existing version instead of a second one', async () => {
    const registry = open();
    await registry.init();
    const iris = fixture('iris.parquet');
    const first = await registry.push(iris, { name: 'iris' });
    expect(first).toMatchObject({ version: '1', outcome: 'created', indexed: true });
    const retry = await registry.push(iris, { name: 'iris' });
    expect(retry).toMatchObject({ version: '1', outcome: 'existing', indexed: true, key: first.key, sha256: first.sha256 });
    expect(await registry.push(iris, { name: 'iris', version: '1' })).toMatchObject({ version: '1', outcome: 'existing' });
    // An explicit new label is a new version on purpose; other bytes under an existing label are refused.
    expect(await registry.push(iris, { name: 'iris', version: 'copy' })).toMatchObject({ version: 'copy', outcome: 'created' });
    await expect(registry.push(fixture('iris.csv', 'iris.csv'), { name: 'iris', version: '1' })).rejects.toBeInstanceOf(VersionExistsError);
    expect((await registry.show('iris')).versions.map((v) => v.version)).toEqual(['1', 'copy']);
    const data = (await registry.storage.list('datasets/')).map((o) => o.key);
    expect(data.sort()).toEqual([first.key, (await registry.show('iris')).latest.key].sort());
  });

  test('a push whose index update fails after its commit reports what happened, and the version stays', async () => {
    const inner = open().storage;
    const failing = new Proxy(inner, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop !== 'putIfMatch') return typeof value === 'function' ? value.bind(target) : value;
        return (key: string, ...rest: [string, string]) => (key === 'index.json'
          ? Promise.reject(new StorageError('lock timeout (simulated)'))
          : target.putIfMatch(key, ...rest));
      },
    });
    await new Registry(inner).init();
    const registry = new Registry(failing);
    const iris = fixture('iris.parquet');
    const pushed = await registry.push(iris, { name: 'iris' });
    expect(pushed).toMatchObject({ version: '1', outcome: 'created', indexed: false });
    expect(pushed.warning).toMatch(/push of iris@1 is committed .* index\.json was not updated: lock timeout \(simulated\) \(ERR_ALIMENTAR_STORAGE\)/);
    const healthy = new Registry(inner);
    expect((await healthy.show('iris')).versions.map((v) => v.version)).toEqual(['1']);
    // The retry neither fails nor duplicates, and brings index.json up to date.
    expect(await healthy.push(iris, { name: 'iris' })).toMatchObject({ version: '1', outcome: 'existing', indexed: true });
    const index = JSON.parse(Buffer.from(await inner.get('index.json')).toString('utf8')) as RegistryIndex;
    expect(Object.keys(index.datasets.iris)).toEqual(['1']);
  });

  test('gc removes data no version references, keeps young data and never touches referenced data', async () => {
    const registry = open();
    await registry.init();
    const entry = await registry.push(fixture('iris.parquet'), { name: 'iris' });
    const ghost = 'datasets/ghost/1/0123456789abcdef-00000000-ghost.csv';
    await registry.storage.put(ghost, 'a,b\n1,2\n');
    expect(await registry.gc()).toMatchObject({ removed: [], bytes: 0, kept: [{ key: ghost, size: 8, reason: 'orphan' }] });
    const dry = await registry.gc({ dryRun: true, minAgeMs: 0 });
    expect(dry).toEqual({ dryRun: true, removed: [{ key: ghost, size: 8, reason: 'orphan' }], bytes: 8, kept: [] });
    expect(await registry.storage.head(ghost)).toBeDefined();
    expect(await registry.gc({ minAgeMs: 0 })).toMatchObject({ dryRun: false, removed: [{ key: ghost }], bytes: 8 });
    expect(await registry.storage.head(ghost)).toBeUndefined();
    expect(await registry.gc({ minAgeMs: 0 })).toMatchObject({ removed: [], bytes: 0 });
    const pulled = await registry.pull('iris', { dest: path.join(tmp, 'after-gc.parquet') });
    expect(sha256(pulled.path)).toBe(entry.sha256);
    await expect(registry.gc({ minAgeMs: -1 })).rejects.toBeInstanceOf(TypeError);
    await expect(registry.gc({ dryRun: 'yes' as never })).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_TYPE' });
    await expect(registry.gc(null as never)).rejects.toBeInstanceOf(TypeError);
  });

  test('a corrupted object fails the pull with ChecksumMismatchError and writes nothing', async () => {
    const registry = open();
    await registry.init();
    const entry = await registry.push(fixture('iris.parquet'), { name: 'iris' });
    const bytes = Buffer.from(await registry.storage.get(entry.key));
    bytes[bytes.length >> 1] ^= 0xff;
    await registry.storage.put(entry.key, bytes);
    const destDir = path.join(tmp, 'dest');
    const err = await registry.pull('iris', { dest: destDir + '/' }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.code).toBe('ERR_ALIMENTAR_CHECKSUM');
    expect(err.message).toContain(entry.sha256);
    expect(readdirSync(destDir)).toEqual([]);
  });

  test('a destination whose extension names another format gets the data converted, after the checksum', async () => {
    const registry = open();
    await registry.init();
    const entry = await registry.push(fixture('iris.csv', 'iris.csv'), { name: 'iris' });
    const pulled = await registry.pull('iris', { dest: path.join(tmp, 'iris.parquet') });
    expect(pulled).toMatchObject({ path: path.join(tmp, 'iris.parquet'), convertedTo: 'parquet', entry: { format: 'csv' } });
    const bytes = readFileSync(pulled.path);
    expect([bytes.subarray(0, 4).toString('latin1'), bytes.subarray(-4).toString('latin1')]).toEqual(['PAR1', 'PAR1']);
    const [back, original] = await Promise.all([ArrowDataset.open(pulled.path), ArrowDataset.open(path.join(DATA, 'iris.csv'))]);
    expect(back.toRows()).toEqual(original.toRows());
    // the stored format, or an extension no codec claims, gets the stored bytes
    expect((await registry.pull('iris', { dest: path.join(tmp, 'same.csv') })).convertedTo).toBeUndefined();
    expect(sha256(path.join(tmp, 'same.csv'))).toBe(entry.sha256);
    // a corrupted object is refused before any conversion: nothing is written, no temporary file stays
    const stored = Buffer.from(await registry.storage.get(entry.key));
    stored[stored.length >> 1] ^= 0xff;
    await registry.storage.put(entry.key, stored);
    await expect(registry.pull('iris', { dest: path.join(tmp, 'bad.arrow') })).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(existsSync(path.join(tmp, 'bad.arrow'))).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('bad.arrow'))).toEqual([]);
  });

  test('a registry that does not exist, or whose index is not a registry, gives a clear error', async () => {
    const registry = open();
    await expect(registry.list()).rejects.toBeInstanceOf(RegistryNotFoundError);
    await expect(registry.push(fixture('iris.parquet'), { name: 'iris' })).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_REGISTRY_NOT_FOUND' });
    await registry.storage.put('index.json', '{"not": "a registry"}');
    await expect(registry.list()).rejects.toBeInstanceOf(RegistryCorruptError);
    await registry.storage.put('index.json', '{ broken');
    await expect(registry.show('x')).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_REGISTRY_CORRUPT' });
  });
});

describe('registry on S3: failures', () => {
  test('an interrupted upload leaves no version, no data object and an intact index', async () => {
    const good = Registry.open(`s3://registry-test/cut-${run}`, { s3: proxy.s3 });
    await good.init();
    await good.push(fixture('iris.parquet'), { name: 'iris' });
    const before = Buffer.from(await good.storage.get('index.json')).toString('utf8');
    const cut = Registry.open(`s3://registry-test/cut-${run}`, { s3: cutting.s3 });
    await expect(cut.push(fixture('wine.parquet', 'wine.parquet'), { name: 'wine' })).rejects.toBeInstanceOf(NetworkError);
    expect(Buffer.from(await good.storage.get('index.json')).toString('utf8')).toBe(before);
    expect((await good.list()).map((d) => d.name)).toEqual(['iris']);
    expect((await good.storage.list('')).map((o) => o.key).filter((k) => k.includes('wine'))).toEqual([]);
  });

  test('a missing bucket and bad credentials give NoSuchBucketError and AuthError', async () => {
    await expect(Registry.open('s3://no-such-bucket/r', { s3: s3.s3 }).init()).rejects.toBeInstanceOf(NoSuchBucketError);
    await expect(Registry.open('s3://no-such-bucket/r', { s3: s3.s3 }).list()).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NO_SUCH_BUCKET' });
    const bad = Registry.open('s3://registry-test/r', { s3: { ...s3.s3, accessKeyId: 'NOT-A-KEY', secretAccessKey: 'not-the-secret' } });
    await expect(bad.list()).rejects.toBeInstanceOf(AuthError);
  });

  test('readers repair an index that lost an update: a committed manifest is listed', async () => {
    const registry = Registry.open(`s3://registry-test/lost-${run}`, { s3: s3.s3 });
    await registry.init();
    await registry.push(fixture('iris.parquet'), { name: 'iris' });
    const stale = Buffer.from(await registry.storage.get('index.json')).toString('utf8');
    await registry.push(fixture('wine.parquet', 'wine.parquet'), { name: 'wine' });
    // Another writer on a store without conditional writes overwrote index.json with its older view.
    await registry.storage.put('index.json', stale);
    expect((await registry.list()).map((d) => d.name)).toEqual(['iris', 'wine']);
    await registry.push(fixture('digits.parquet', 'digits.parquet'), { name: 'digits' });
    const index = JSON.parse(Buffer.from(await registry.storage.get('index.json')).toString('utf8')) as RegistryIndex;
    expect(Object.keys(index.datasets).sort()).toEqual(['digits', 'iris', 'wine']);
  });
});

describe('registry arguments', () => {
  test('names, versions and options are validated', async () => {
    const registry = Registry.open(path.join(tmp, 'r'));
    await registry.init();
    const iris = fixture('iris.parquet');
    await expect(registry.push(iris, { name: '../x' })).rejects.toBeInstanceOf(TypeError);
    await expect(registry.push(iris, { name: 'ok', version: 'a/b' })).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_TYPE' });
    await expect(registry.push(path.join(tmp, 'missing.parquet'), { name: 'ok' })).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NOT_FOUND' });
    await expect(registry.search(3 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    expect(() => new Registry({} as LocalStorage)).toThrow(TypeError);
    await expect(registry.push(fixture('bad.bin', 'iris.csv', '\u0000'), { name: 'bad' })).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_ALIMENTAR_/) });
    expect(existsSync(path.join(tmp, 'r', 'datasets'))).toBe(false);
  });
});

describe('registry over read-only HTTP(S)', () => {
  test('a registry folder served by a static web server can be listed and pulled, not pushed to', async () => {
    const root = path.join(tmp, 'served');
    const writer = Registry.open(root);
    await writer.init();
    const entry = await writer.push(fixture('iris.parquet'), { name: 'iris', description: 'served' });
    const server = http.createServer((req, res) => {
      const file = path.join(root, decodeURIComponent((req.url ?? '/').split('?')[0]));
      if (!file.startsWith(root) || !existsSync(file)) return res.writeHead(404).end();
      const body = readFileSync(file);
      res.writeHead(200, { 'content-length': body.length, etag: `"${sha256(file).slice(0, 8)}"` }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reader = Registry.open(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect((await reader.list()).map((d) => [d.name, d.description])).toEqual([['iris', 'served']]);
      const pulled = await reader.pull('iris', { dest: path.join(tmp, 'from-http.parquet') });
      expect(sha256(pulled.path)).toBe(entry.sha256);
      await expect(reader.push(fixture('iris.parquet'), { name: 'other' })).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_READ_ONLY' });
      await expect(reader.gc()).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_READ_ONLY' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('pushes killed with SIGKILL (local folder)', () => {
  const temps = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.alimentar-tmp')) : []);

  test('killed while updating the index: the lock it left is broken at once, and its retry adds no version', async () => {
    const root = path.join(tmp, 'registry');
    const registry = Registry.open(root);
    await registry.init();
    const iris = fixture('iris.parquet');
    const writer = await startHangingWriter(['push', root, iris, 'iris', 'index']);
    await writer.kill();
    const lock = path.join(root, 'index.json.alimentar-lock');
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: writer.pid });
    expect(temps(root)).toHaveLength(1);
    // A fresh-looking lock (mtime an hour ahead) cannot be broken by age: only the dead owner lets the next push in.
    const later = new Date(Date.now() + 3600_000);
    utimesSync(lock, later, later);
    const wine = await registry.push(fixture('wine.parquet', 'wine.parquet'), { name: 'wine' });
    expect(wine).toMatchObject({ version: '1', outcome: 'created', indexed: true });
    expect(existsSync(lock)).toBe(false);
    expect(temps(root)).toEqual([]);
    // The killed push had committed: it is listed, and retrying it returns that version.
    expect((await registry.show('iris')).versions.map((v) => v.version)).toEqual(['1']);
    const retry = await registry.push(iris, { name: 'iris' });
    expect(retry).toMatchObject({ version: '1', outcome: 'existing', indexed: true, sha256: sha256(iris) });
    expect((await registry.show('iris')).versions).toHaveLength(1);
    const index = JSON.parse(readFileSync(path.join(root, 'index.json'), 'utf8')) as RegistryIndex;
    expect(Object.keys(index.datasets).sort()).toEqual(['iris', 'wine']);
  });

  test('killed before its commit: nothing is listed, gc removes its orphaned data and temporary files', async () => {
    const root = path.join(tmp, 'registry');
    const registry = Registry.open(root);
    await registry.init();
    const kept = await registry.push(fixture('wine.parquet', 'wine.parquet'), { name: 'wine' });
    const iris = fixture('iris.parquet');
    await (await startHangingWriter(['push', root, iris, 'iris', 'manifest'])).kill();
    await (await startHangingWriter(['push', root, fixture('digits.parquet', 'digits.parquet'), 'digits', 'data'])).kill();
    expect((await registry.list()).map((d) => d.name)).toEqual(['wine']);
    const orphan = (await registry.storage.list('datasets/iris/')).map((o) => o.key);
    expect(orphan).toHaveLength(1);
    const digitsTemps = temps(path.join(root, 'datasets', 'digits', '1'));
    expect(digitsTemps).toHaveLength(1);

    const dry = await registry.gc({ dryRun: true, minAgeMs: 0 });
    // The manifest's write was cut inside its lock: its temporary file and the lock are left, both of a dead pid.
    expect(dry.removed.map((r) => [r.reason, r.key.split('/').slice(0, 2).join('/')]).sort()).toEqual([
      ['orphan', 'datasets/iris'], ['temp', 'datasets/digits'], ['temp', 'manifests/iris'], ['temp', 'manifests/iris'],
    ]);
    expect(dry.removed.filter((r) => r.key.endsWith('.alimentar-lock')).map((r) => r.key)).toEqual(['manifests/iris/1.json.alimentar-lock']);
    expect(dry.bytes).toBe(dry.removed.reduce((n, r) => n + r.size, 0));
    expect(dry.bytes).toBeGreaterThan(statSync(iris).size);
    expect(temps(path.join(root, 'datasets', 'digits', '1'))).toEqual(digitsTemps);

    const done = await registry.gc({ minAgeMs: 0 });
    expect(done.removed).toEqual(dry.removed);
    expect(await registry.storage.list('datasets/iris/')).toEqual([]);
    expect(temps(path.join(root, 'datasets', 'digits', '1'))).toEqual([]);
    expect(readdirSync(path.join(root, 'manifests', 'iris'))).toEqual([]);
    expect((await registry.storage.list('datasets/')).map((o) => o.key)).toEqual([kept.key]);
    expect(await registry.push(iris, { name: 'iris' })).toMatchObject({ version: '1', outcome: 'created' });
  });

  test('gc never removes the temporary file of a write still running', async () => {
    const root = path.join(tmp, 'registry');
    const registry = Registry.open(root);
    await registry.init();
    const live = await startHangingWriter(['push', root, fixture('iris.parquet'), 'iris', 'data']);
    try {
      const folder = path.join(root, 'datasets', 'iris', '1');
      expect(temps(folder)).toHaveLength(1);
      expect(await registry.gc({ minAgeMs: 0 })).toMatchObject({ removed: [], bytes: 0 });
      await registry.push(fixture('wine.parquet', 'wine.parquet'), { name: 'wine' });
      expect(temps(folder)).toHaveLength(1);
    } finally {
      await live.kill();
    }
  });
});
