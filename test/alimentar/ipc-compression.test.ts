/**
 * Issue 16.1: Arrow IPC files and streams with LZ4_FRAME- or ZSTD-compressed record batches (pyarrow's Feather v2
 * default is LZ4) are read, whole and batch by batch, with pyarrow's values; alimentar writes both on request and
 * pyarrow reads them back; damaged compressed data is an IpcError, never a crash or a silently different table.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Table, tableFromArrays } from 'apache-arrow';
import * as path from 'node:path';
import { ArrowDataset, IpcError, StreamingDataset, convertFile, loadIpcCodecs, readIpc } from '../../lib/alimentar';
import { interopIt, python } from '../helpers/baseline-python';
import { DATA, tempDir } from './helpers';

/** The table pyarrow writes: int64, float64, utf8, nullable int32 and a dictionary column, in 300-row batches. */
const TABLE = `
import sys, json, pyarrow as pa, pyarrow.ipc as ipc, pyarrow.feather as feather
n = 1000
t = pa.table({
  'i': pa.array(range(n), pa.int64()), 'f': pa.array([x * 0.5 for x in range(n)]),
  's': pa.array(['abc' * (x % 5) for x in range(n)]), 'n': pa.array([None if x % 3 == 0 else x for x in range(n)], pa.int32()),
  'd': pa.array(['red', 'green', 'blue', None] * (n // 4)).dictionary_encode(),
})
def rows(t): return [[None if v is None else (str(v) if isinstance(v, int) and abs(v) > 2**53 else v) for v in r.values()] for r in t.to_pylist()]
`;

/** Rows as JSON-able arrays (bigint as number: every value here is small). */
function rowsOf(ds: ArrowDataset): unknown[][] {
  return ds.toRows().map((r) => Object.values(r).map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}

async function streamedRows(file: string): Promise<unknown[][]> {
  const sd = await StreamingDataset.open(file);
  const out: unknown[][] = [];
  try {
    for await (const b of sd.batches()) out.push(...rowsOf(ArrowDataset.fromTable(new Table(b))));
  } finally {
    sd.close();
  }
  return out;
}

/** Where the first record batch's body starts in an IPC stream (after its metadata), and its length. */
function firstBatchBody(stream: Buffer): { body: number; length: number } {
  let at = 0;
  for (;;) {
    const metaLength = stream.readUInt32LE(at + 4);
    const meta = at + 8;
    const field = (table: number, index: number): number | undefined => {
      const vtable = table - stream.readInt32LE(table);
      const slot = 4 + 2 * index;
      const off = slot < stream.readUInt16LE(vtable) ? stream.readUInt16LE(vtable + slot) : 0;
      return off === 0 ? undefined : table + off;
    };
    const message = meta + stream.readUInt32LE(meta);
    const bodyAt = field(message, 3);
    const length = bodyAt === undefined ? 0 : Number(stream.readBigInt64LE(bodyAt));
    if (stream[field(message, 1)!] === 3) return { body: meta + metaLength, length };
    at = meta + metaLength + length;
  }
}

describe('compressed Arrow IPC', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const file = (name: string): string => path.join(dir, name);

  interopIt('reads LZ4_FRAME and ZSTD files and streams written by pyarrow, whole and streamed, with its values', async () => {
    const expected = python(`${TABLE}
d = sys.argv[1]
for c in ['lz4', 'zstd']:
    with ipc.new_file(f'{d}/py-{c}.arrow', t.schema, options=ipc.IpcWriteOptions(compression=c)) as w: w.write_table(t, max_chunksize=300)
    with ipc.new_stream(f'{d}/py-{c}.arrows', t.schema, options=ipc.IpcWriteOptions(compression=c)) as w: w.write_table(t, max_chunksize=300)
feather.write_feather(t.drop_columns(['d']), f'{d}/py-default.feather')
print(json.dumps(rows(t)))`, dir) as unknown[][];
    for (const name of ['py-lz4.arrow', 'py-lz4.arrows', 'py-zstd.arrow', 'py-zstd.arrows']) {
      const ds = await ArrowDataset.open(file(name));
      expect({ name, rows: rowsOf(ds) }).toEqual({ name, rows: expected });
      expect({ name, rows: await streamedRows(file(name)) }).toEqual({ name, rows: expected });
    }
    const feather = await ArrowDataset.open(file('py-default.feather'));
    expect(rowsOf(feather)).toEqual(expected.map((r) => r.slice(0, 4)));
  });

  interopIt('writes LZ4_FRAME and ZSTD files and streams that pyarrow reads back, smaller than uncompressed', async () => {
    const source = python(`${TABLE}
feather.write_feather(t, sys.argv[1] + '/src.arrow', compression='uncompressed')
print(json.dumps(rows(t)))`, dir) as unknown[][];
    const ds = await ArrowDataset.open(file('src.arrow'));
    const written: string[] = [];
    for (const compression of ['lz4', 'zstd'] as const) {
      for (const ext of ['arrow', 'arrows']) {
        const name = file(`ours-${compression}.${ext}`);
        await ds.write(name, { compression });
        written.push(name);
        const plain = file(`ours-plain.${ext}`);
        await ds.write(plain);
        expect(statSync(name).size).toBeLessThan(statSync(plain).size / 2);
        expect(rowsOf(await ArrowDataset.open(name))).toEqual(source);
      }
      // the streaming writer too
      const converted = file(`conv-${compression}.arrow`);
      await convertFile(file('src.arrow'), converted, { compression });
      written.push(converted);
    }
    const back = python(`
import sys, json, pyarrow as pa, pyarrow.ipc as ipc
out = []
for f in sys.argv[1:]:
    src = pa.memory_map(f)
    t = (ipc.open_stream if f.endswith('.arrows') else ipc.open_file)(src).read_all()
    out.append([[None if v is None else v for v in r.values()] for r in t.to_pylist()])
print(json.dumps(out))`, ...written) as unknown[][][];
    for (const [i, rows] of back.entries()) expect({ file: written[i], rows }).toEqual({ file: written[i], rows: source });
  });

  it('writes ZSTD synchronously (toBytes) once the encoder is loaded, and LZ4 at any time', async () => {
    const ds = ArrowDataset.fromTable(tableFromArrays({ x: Float64Array.from({ length: 4096 }, (_, i) => i % 7) }));
    const lz4 = ds.toBytes('ipc', { compression: 'lz4' });
    expect(readIpc(lz4).getChild('x')!.toArray()).toEqual(ds.toTable().getChild('x')!.toArray());
    await loadIpcCodecs();
    const zstd = ds.toBytes('arrows', { compression: 'zstd' });
    expect(zstd.length).toBeLessThan(ds.toBytes('arrows').length / 4);
    expect(readIpc(zstd).getChild('x')!.toArray()).toEqual(ds.toTable().getChild('x')!.toArray());
  });

  it('a synchronous ZSTD write before the encoder has loaded is an IpcError that says what to do', () => {
    jest.isolateModules(() => {
      // a fresh copy of the library, whose ZSTD encoder nothing has loaded yet
      const fresh = require('../../lib/alimentar') as typeof import('../../lib/alimentar');
      const arrow = require('apache-arrow') as typeof import('apache-arrow');
      const ds = fresh.ArrowDataset.fromTable(arrow.tableFromArrays({ x: Float64Array.of(1, 2) }));
      expect(() => ds.toBytes('ipc', { compression: 'zstd' })).toThrow(fresh.IpcError);
      expect(() => ds.toBytes('ipc', { compression: 'zstd' })).toThrow(/await loadIpcCodecs\(\) first, or use ArrowDataset.write/);
    });
  });

  it('refuses a codec Arrow IPC has not (snappy, gzip, brotli, nonsense) with an IpcError', async () => {
    const ds = ArrowDataset.fromTable(tableFromArrays({ x: Float64Array.of(1, 2) }));
    for (const compression of ['snappy', 'gzip', 'brotli', 'lzo']) {
      expect(() => ds.toBytes('ipc', { compression } as never)).toThrow(IpcError);
      expect(() => ds.toBytes('ipc', { compression } as never)).toThrow(/Expected one of uncompressed, lz4, zstd for Arrow IPC compression/);
      await expect(ds.write(file('bad.arrow'), { compression } as never)).rejects.toThrow(IpcError);
    }
  });

  describe('damaged compressed data is an IpcError', () => {
    const ds = ArrowDataset.fromTable(tableFromArrays({ x: Float64Array.from({ length: 5000 }, (_, i) => i % 13), s: Array.from({ length: 5000 }, (_, i) => `v${i % 17}`) }));
    let lz4: Buffer;
    let zstd: Buffer;
    beforeAll(async () => {
      await loadIpcCodecs();
      lz4 = Buffer.from(ds.toBytes('arrows', { compression: 'lz4' }));
      zstd = Buffer.from(ds.toBytes('arrows', { compression: 'zstd' }));
    });

    /** Whole and streamed reads of `bytes` both refuse it with an IpcError matching `why`. */
    async function refused(bytes: Buffer, name: string, why: RegExp): Promise<void> {
      expect(() => readIpc(bytes, name)).toThrow(IpcError);
      expect(() => readIpc(bytes, name)).toThrow(why);
      writeFileSync(file(name), bytes);
      await expect(ArrowDataset.open(file(name))).rejects.toThrow(why);
      await expect(streamedRows(file(name))).rejects.toThrow(IpcError);
    }

    it('a frame that is not LZ4 or not ZSTD (bad magic)', async () => {
      for (const [bytes, name] of [[lz4, 'magic.lz4.arrows'], [zstd, 'magic.zstd.arrows']] as const) {
        const b = Buffer.from(bytes);
        const { body } = firstBatchBody(b);
        b.writeUInt32LE(0xdeadbeef, body + 8);
        await refused(b, name, /LZ4 frame|ZSTD compressed buffer/);
      }
    });

    it('a length prefix that disagrees with the frame, or claims more than any frame can hold', async () => {
      for (const [bytes, name] of [[lz4, 'len.lz4.arrows'], [zstd, 'len.zstd.arrows']] as const) {
        const b = Buffer.from(bytes);
        const { body } = firstBatchBody(b);
        b.writeBigInt64LE(b.readBigInt64LE(body) + 8n, body);
        await refused(b, name, /Expected \d+ bytes from a (LZ4_FRAME|ZSTD) compressed buffer|failed to decompress/);
        b.writeBigInt64LE(1n << 40n, body);
        await refused(b, `huge-${name}`, /prefix announces 1099511627776/);
      }
    });

    it('a truncated file', async () => {
      for (const [bytes, name] of [[lz4, 'cut.lz4.arrows'], [zstd, 'cut.zstd.arrows']] as const) {
        const { body, length } = firstBatchBody(bytes);
        await refused(bytes.subarray(0, body + Math.floor(length / 2)), name, /./);
      }
    });

    it('an unknown codec id in the record batch header', async () => {
      // ZSTD (1) is stored explicitly (LZ4_FRAME, 0, is the flatbuffer default and omitted): set it to 7
      const b = Buffer.from(zstd);
      const { body } = firstBatchBody(b);
      // the BodyCompression table sits in the batch's metadata: try each byte 1 before the body, last first
      const at = b.lastIndexOf(1, body - 1);
      let found = false;
      for (let p = at; p > 0 && !found; p = b.lastIndexOf(1, p - 1)) {
        const trial = Buffer.from(b);
        trial[p] = 7;
        try {
          readIpc(trial);
        } catch (e) {
          if (/codec not found/.test((e as Error).message)) found = true;
          else continue;
          expect(e).toBeInstanceOf(IpcError);
          await refused(trial, 'codec.arrows', /codec not found/);
        }
      }
      expect(found).toBe(true);
    });

    it('random byte damage in compressed bodies never escapes as anything but an IpcError', () => {
      let seed = 12345;
      const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      for (const bytes of [lz4, zstd]) {
        const { body, length } = firstBatchBody(bytes);
        for (let trial = 0; trial < 150; trial++) {
          const b = Buffer.from(bytes);
          for (let k = 0; k < 4; k++) b[body + (next() % length)] ^= 1 << next() % 8;
          try {
            readIpc(b);
          } catch (e) {
            expect(e).toBeInstanceOf(IpcError);
          }
        }
      }
    });
  });

  it('reads the shared uncompressed files as before', () => {
    const bytes = readFileSync(path.join(DATA, 'iris.arrow'));
    expect(readIpc(bytes).numRows).toBe(150);
  });
});
