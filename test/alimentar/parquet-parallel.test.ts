import { spawnSync } from 'node:child_process';
import { promises as fsp, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Dictionary, Float64, Int32, Table, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import { ArrowDataset, ParquetError, readParquet, writeParquet } from '../../lib/alimentar';
import { PARALLEL_MIN_BYTES } from '../../lib/alimentar/formats/parquet';
import { poolJobs, poolWorkers, stopPool } from '../../lib/alimentar/formats/parquet/pool';
import { DATA, tempDir } from './helpers';

const ROWS = 700_000;
const GROUP = 100_000;

/** Random doubles do not compress, so two columns of them make the file larger than the parallel threshold. */
function largeTable(): Table {
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  return new Table({
    id: makeVector(Int32Array.from({ length: ROWS }, (_, i) => i)),
    u: makeVector(Float64Array.from({ length: ROWS }, next)),
    v: vectorFromArray(Array.from({ length: ROWS }, (_, i) => (i % 9 === 0 ? null : next())), new Float64()),
    s: vectorFromArray(Array.from({ length: ROWS }, (_, i) => (i % 11 === 0 ? null : `row ${i}`)), new Utf8()),
    cat: vectorFromArray(Array.from({ length: ROWS }, (_, i) => ['a', 'b', 'c'][i % 3]), new Dictionary(new Utf8(), new Int32())),
  });
}

/** Equal schemas and equal values, nulls included (a plain loop: a deep toEqual on 700,000 rows takes minutes). */
function sameTable(a: Table, b: Table): void {
  expect(String(a.schema)).toBe(String(b.schema));
  expect(a.numRows).toBe(b.numRows);
  for (const f of a.schema.fields) {
    const x = [...a.getChild(f.name)!];
    const y = [...b.getChild(f.name)!];
    const i = x.findIndex((v, k) => !Object.is(v, y[k]));
    expect(i === -1 ? 'equal' : `${f.name}[${i}]: ${x[i]} vs ${y[i]}`).toBe('equal');
  }
}

describe('Parquet: parallel read of large files', () => {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'large.parquet');
  let bytes: Uint8Array;
  beforeAll(() => {
    bytes = writeParquet(largeTable(), { rowGroupSize: GROUP });
    writeFileSync(file, bytes);
  });
  afterAll(cleanup);

  it('starts no worker for a small file', async () => {
    await stopPool(); // writing the large file above started one (writeParquet's column groups)
    await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    expect(poolWorkers()).toBe(0);
  });

  it('reads a multi-row-group file on workers, exactly as the single-threaded reader does', async () => {
    expect(statSync(file).size).toBeGreaterThanOrEqual(PARALLEL_MIN_BYTES);
    const parallel = (await ArrowDataset.open(file)).toTable();
    expect(poolWorkers()).toBeGreaterThan(1);
    sameTable(parallel, readParquet(bytes));
    expect(String(parallel.schema.fields.find((f) => f.name === 'cat')!.type)).toMatch(/Dictionary/);
  });

  it('reads selected columns and row groups, in the order asked', async () => {
    const options = { columns: ['s', 'u'], rowGroups: [5, 1, 2] };
    const part = (await ArrowDataset.open(file, options)).toTable();
    expect(part.schema.fields.map((f) => f.name)).toEqual(['s', 'u']);
    expect(part.numRows).toBe(3 * GROUP);
    expect(part.getChild('s')!.get(0)).toBe(`row ${5 * GROUP}`);
    sameTable(part, readParquet(bytes, options));
  });

  it('gives ColumnError for an unknown column and ParquetError for a row group past the end', async () => {
    await expect(ArrowDataset.open(file, { columns: ['nope'] })).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_COLUMN' });
    const e = await ArrowDataset.open(file, { rowGroups: [0, 99] }).catch((x) => x);
    expect(e).toBeInstanceOf(ParquetError);
    expect(e.message).toMatch(/^Expected a valid Parquet file for .*large\.parquet but it failed to decode: /);
  });

  it('gives ParquetError, not a crash, for a corrupt row group', async () => {
    const bad = Buffer.from(bytes);
    bad.fill(0x55, Math.floor(bad.length * 0.6), Math.floor(bad.length * 0.6) + (2 << 20));
    const badFile = path.join(dir, 'bad.parquet');
    writeFileSync(badFile, bad);
    const e = await ArrowDataset.open(badFile).catch((x) => x);
    expect(e).toBeInstanceOf(ParquetError);
    expect(e.code).toBe('ERR_ALIMENTAR_PARQUET');
    expect(e.message).toMatch(/^Expected a valid Parquet file for .*bad\.parquet but it failed to decode: /);
    // the pool survives a failed read
    sameTable((await ArrowDataset.open(file)).toTable(), readParquet(bytes));
  });

  it.each([
    ['a CommonJS script', []],
    ['an ES module script (whose flags workers inherit)', ['--input-type=module']],
    ['a script run with process-wide flags that workers refuse', ['--expose-gc', '--max-old-space-size=2048']],
  ])('reads on workers and does not keep the process alive once a read is done, in %s', (_kind, flags) => {
    const root = path.resolve(__dirname, '../..');
    const esm = flags.includes('--input-type=module');
    const load = esm ? "(await import('node:module')).createRequire(process.cwd() + '/')('./lib/alimentar')" : "require('./lib/alimentar')";
    const pool = esm ? "(await import('node:module')).createRequire(process.cwd() + '/')('./lib/alimentar/formats/parquet/pool')" : "require('./lib/alimentar/formats/parquet/pool')";
    const script = `const d = await ${load}.ArrowDataset.open(${JSON.stringify(file)}); console.log(d.numRows, ${pool}.poolWorkers() > 0);`;
    const wrapped = esm ? script : `(async () => { ${script} })()`;
    const out = spawnSync(process.execPath, [...flags, '-r', './scripts/register-ts.js', '-e', wrapped], { cwd: root, encoding: 'utf8', timeout: 60000 });
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe(`${ROWS} true`);
    expect(out.status).toBe(0);
  });

  it('finishes a read on the calling thread when the workers stop in the middle of it', async () => {
    await ArrowDataset.open(file);
    const reading = ArrowDataset.open(file);
    while (poolJobs() === 0) await new Promise((resolve) => setImmediate(resolve));
    await stopPool();
    sameTable((await reading).toTable(), readParquet(bytes));
    expect(poolWorkers()).toBe(0);
    sameTable((await ArrowDataset.open(file)).toTable(), readParquet(bytes));
    expect(poolWorkers()).toBeGreaterThan(1);
  });

  it('reads on the calling thread where worker threads cannot start (the Worker constructor throws)', async () => {
    type Fresh = { alimentar: typeof import('../../lib/alimentar'); pool: typeof import('../../lib/alimentar/formats/parquet/pool') };
    let fresh: Fresh | undefined;
    let attempts = 0;
    jest.isolateModules(() => {
      jest.doMock('node:worker_threads', () => ({
        ...jest.requireActual('node:worker_threads'),
        Worker: class {
          constructor() {
            attempts++;
            throw new Error('worker threads are not available here');
          }
        },
      }));
      fresh = { alimentar: require('../../lib/alimentar'), pool: require('../../lib/alimentar/formats/parquet/pool') };
    });
    jest.dontMock('node:worker_threads');
    const { alimentar, pool } = fresh!;
    sameTable((await alimentar.ArrowDataset.open(file)).toTable(), readParquet(bytes));
    sameTable((await alimentar.ArrowDataset.open(file, { rowGroups: [3, 1] })).toTable(), readParquet(bytes, { rowGroups: [3, 1] }));
    expect(attempts).toBe(4); // each read tries once per run of row groups (2 each), then decodes on this thread
    expect(pool.poolWorkers()).toBe(0);
  });

  it('gives ParquetError when the file is shorter than its size said (it shrank between stat and read)', async () => {
    const handle = await fsp.open(file, 'r');
    const proto = Object.getPrototypeOf(handle) as { stat(): Promise<{ size: number }> };
    await handle.close();
    const stat = jest.spyOn(proto, 'stat').mockResolvedValueOnce({ size: bytes.length + 4096 });
    try {
      const err = await ArrowDataset.open(file).catch((e) => e);
      expect(err).toBeInstanceOf(ParquetError);
      expect(err.message).toMatch(new RegExp(`Expected ${bytes.length + 4096} bytes in .*large\\.parquet but it ended at ${bytes.length}`));
    } finally {
      stat.mockRestore();
    }
    sameTable((await ArrowDataset.open(file)).toTable(), readParquet(bytes));
  });

  it('a corrupt row group read on the pool is a ParquetError naming the file; the pool reads the next file', async () => {
    const bad = Buffer.from(bytes);
    // zero 64 KB in the middle of the data: pages of a middle row group no longer decode
    bad.fill(0, bad.length >> 1, (bad.length >> 1) + (64 << 10));
    const badFile = path.join(dir, 'corrupt-large.parquet');
    writeFileSync(badFile, bad);
    const err = await ArrowDataset.open(badFile).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParquetError);
    expect((err as Error).message).toContain(badFile);
    sameTable((await ArrowDataset.open(file)).toTable(), readParquet(bytes));
    expect(poolWorkers()).toBeGreaterThan(1);
  });

  it('reads the same table twice in a row (the reused file buffer holds no stale bytes)', async () => {
    const first = (await ArrowDataset.open(file, { rowGroups: [0, 1] })).toTable();
    const second = (await ArrowDataset.open(file, { rowGroups: [2, 3] })).toTable();
    expect(first.getChild('id')!.get(0)).toBe(0);
    expect(second.getChild('id')!.get(0)).toBe(2 * GROUP);
  });
});
