/**
 * Issue 8.8 and 8.11: a corrupt Parquet row group that makes parquet-wasm trap (a WebAssembly `unreachable`) while
 * streaming is a ParquetError naming the file and row group, the process and the next file are unaffected; and
 * StreamingDataset open/close cycles leave no WebAssembly memory behind.
 */
import * as path from 'node:path';
import { ArrowDataset, ParquetError, StreamingDataset, convertFile } from '../../lib/alimentar';
import { main } from '../../lib/cli/alimentar';
import { parquetWasm } from '../../lib/alimentar/formats/parquet/wasm';
import { flip, mutant, runChild } from './corrupt';
import { DATA, tempDir } from './helpers';

/** iris.parquet with 4 bytes of its first column chunk's data page changed: "not enough data to read levels". */
const TRAPPING_FLIPS = [564, 1061, 1323];

async function streamAll(file: string): Promise<number> {
  const sd = await StreamingDataset.open(file);
  try {
    let rows = 0;
    for await (const b of sd.batches()) rows += b.numRows;
    return rows;
  } finally {
    sd.close();
  }
}

describe('Parquet trap containment', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const bad = TRAPPING_FLIPS.map((at) => mutant('iris.parquet', path.join(dir, `flip-${at}.parquet`), flip(at, 4)));

  it.each(bad)('streaming %s is a ParquetError naming the file and row group, and the next file reads', async (file) => {
    const err = await streamAll(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParquetError);
    expect(err).toMatchObject({ code: 'ERR_ALIMENTAR_PARQUET' });
    expect((err as Error).message).toContain(`row group 0 in ${file}`);
    expect((err as Error).message).toContain('trapped');
    // the same file through the whole-file reader is a clean error too
    await expect(ArrowDataset.open(file)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_PARQUET' });
    expect(await streamAll(path.join(DATA, 'iris.parquet'))).toBe(150);
  });

  it('a reader opened before another file trapped keeps reading on a fresh instance', async () => {
    const good = await StreamingDataset.open(path.join(DATA, 'wine.parquet'));
    const before = parquetWasm();
    await expect(streamAll(bad[0])).rejects.toBeInstanceOf(ParquetError);
    expect(parquetWasm()).not.toBe(before);
    let rows = 0;
    for await (const b of good.batches()) rows += b.numRows;
    good.close();
    expect(rows).toBe(178);
  });

  it('convertFile of a trapping file fails with ParquetError and writes nothing', async () => {
    const out = path.join(dir, 'out.csv');
    await expect(convertFile(bad[0], out)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_PARQUET' });
    await expect(ArrowDataset.open(out)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NOT_FOUND' });
  });

  it.each([['head'], ['convert']])('the CLI %s exits with the data-error code and --json prints the error', async (command) => {
    const errors: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => errors.push(s) } };
    const args = command === 'head' ? ['head', bad[1], '--json'] : ['convert', bad[1], path.join(dir, 'cli.csv'), '--json'];
    const code = await main(args, io as never);
    expect(code).toBe(3);
    expect(JSON.parse(errors.join(''))).toMatchObject({ error: { code: 'ERR_ALIMENTAR_PARQUET', exitCode: 3 } });
  });

  it('a child process streaming a trapping file ends with the error, not an uncaught RuntimeError', async () => {
    const run = await runChild(
      `const { StreamingDataset } = require('./lib/alimentar');
       (async () => { for (const f of [process.argv[1], process.argv[2]]) { try { const sd = await StreamingDataset.open(f);
         let n = 0; for await (const b of sd.batches()) n += b.numRows; sd.close(); console.log('rows', n); }
         catch (e) { console.log(e.code); } } })();`,
      { args: [bad[2], path.join(DATA, 'iris.parquet')] },
    );
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(run.stdout.trim().split('\n')).toEqual(['ERR_ALIMENTAR_PARQUET', 'rows 150']);
  });
});

describe('StreamingDataset open/close', () => {
  it('10,000 cycles leave WebAssembly memory where it was', async () => {
    const file = path.join(DATA, 'iris.parquet');
    const cycle = async (n: number) => {
      for (let i = 0; i < n; i++) (await StreamingDataset.open(file)).close();
    };
    await cycle(500);
    const memory = () => parquetWasm().api.wasmMemory().buffer.byteLength;
    const before = memory();
    await cycle(10_000);
    // the old leak (~170 bytes a cycle, metadata objects never freed) grew it by 1.6 MB over these cycles
    expect(memory() - before).toBeLessThan(256 << 10);
  }, 120_000);
});
