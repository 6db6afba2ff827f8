/**
 * Issue 8.9: a record batch whose field nodes or buffers disagree with its schema and row count (a column shorter than
 * the batch, a data buffer too short for its values, more nulls than values) is an IpcError naming the file, the batch
 * and the column, whole and streaming: apache-arrow would decode it silently into a column with fewer values than rows.
 * The first three cases are the file fuzz's mutants, rebuilt by the same byte edits of the shared files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { ArrowDataset, readIpc, writeIpc } from '../../lib/alimentar';
import { interopIt, python } from '../helpers/baseline-python';
import { flip, mutant, streamRows } from './corrupt';
import { DATA, tempDir } from './helpers';

/** Both readers refuse `file` with an IpcError whose message names the file and `details`. */
async function expectRefused(file: string, details: RegExp): Promise<void> {
  const expected = { code: 'ERR_ALIMENTAR_IPC', message: expect.stringMatching(details) };
  await expect(ArrowDataset.open(file)).rejects.toMatchObject({ ...expected, message: expect.stringContaining(file) });
  await expect(ArrowDataset.open(file)).rejects.toMatchObject(expected);
  await expect(streamRows(file)).rejects.toMatchObject({ ...expected, message: expect.stringContaining(file) });
  await expect(streamRows(file)).rejects.toMatchObject(expected);
}

/** Writes `value` as a little-endian int64 at `at`. */
function setInt64(at: number, value: number): (b: Buffer) => Buffer {
  return (b) => {
    b.writeBigInt64LE(BigInt(value), at);
    return b;
  };
}

/** Positions, in an IPC stream, of the first record batch's field node and buffer vectors (16-byte structs each). */
function firstBatchVectors(stream: Buffer): { nodes: number; buffers: number } {
  let at = 0;
  for (;;) {
    const length = stream.readUInt32LE(at + 4);
    const meta = at + 8;
    const field = (table: number, index: number): number | undefined => {
      const vtable = table - stream.readInt32LE(table);
      const slot = 4 + 2 * index;
      const at = slot < stream.readUInt16LE(vtable) ? stream.readUInt16LE(vtable + slot) : 0;
      return at === 0 ? undefined : table + at;
    };
    const deref = (p: number | undefined): number => p! + stream.readUInt32LE(p!);
    const message = deref(meta);
    const bodyAt = field(message, 3);
    const bodyLength = bodyAt === undefined ? 0 : Number(stream.readBigInt64LE(bodyAt));
    if (stream[field(message, 1)!] === 3) {
      const batch = deref(field(message, 2));
      return { nodes: deref(field(batch, 1)) + 4, buffers: deref(field(batch, 2)) + 4 };
    }
    at = meta + length + bodyLength;
  }
}

describe('Arrow IPC record batch layout checks', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('wine.arrow with a data buffer length set to 0 (fuzz wine.arrow#11) is refused, naming column ash', async () => {
    const file = mutant('wine.arrow', path.join(dir, 'wine-11.arrow'), setInt64(1032, 0));
    await expectRefused(file, /record batch 0 .*column 'ash' has a 0-byte data buffer where its 178 values need 1424 bytes/);
  });

  it('iris.arrow with a data buffer length set to 8 and bytes inserted in the body (fuzz iris.arrow#16) is refused', async () => {
    const inserted = Buffer.from('cedb81aee2324a88b0387d7f30747e8ab511bd68ea96417cbd504ca480c8e2596c5563fed08b3840c867e58c', 'hex');
    const file = mutant('iris.arrow', path.join(dir, 'iris-16.arrow'), (b) => {
      b.writeInt32LE(8, 552);
      return Buffer.concat([b.subarray(0, 1508), inserted, b.subarray(1508)]);
    });
    await expectRefused(file, /column 'petal_length_cm' has a 8-byte data buffer where its 150 values need 1200 bytes/);
  });

  it('breast_cancer.arrow with 8 flipped bits (fuzz breast_cancer.arrow#29) is refused, naming column radius_error', async () => {
    const flips: [number, number][] = [[104591, 0x80], [2312, 0x40], [30180, 0x02], [91760, 0x20], [106836, 0x01], [81074, 0x40], [76256, 0x01], [84633, 0x40]];
    const file = mutant('breast_cancer.arrow', path.join(dir, 'breast-29.arrow'), (b) => flips.reduce((m, [at, mask]) => flip(at, 1, mask)(m), b));
    await expectRefused(file, /column 'radius_error' has a 4488-byte data buffer where its 569 values need 4552 bytes/);
  });

  describe('in an IPC stream of iris', () => {
    const stream = Buffer.from(writeIpc(readIpc(readFileSync(path.join(DATA, 'iris.arrow'))), 'stream'));
    const { nodes, buffers } = firstBatchVectors(stream);
    const rows = Number(stream.readBigInt64LE(nodes));
    const cases: [string, (b: Buffer) => Buffer, RegExp][] = [
      ['a column node one value short of the batch', setInt64(nodes, rows - 1), /column 'sepal_length_cm' has 149 values where 150 are expected/],
      ['a second column one value longer than the batch', setInt64(nodes + 16, rows + 1), /column 'sepal_width_cm' has 151 values where 150 are expected/],
      ['a data buffer 8 bytes short', setInt64(buffers + 16 + 8, rows * 8 - 8), /column 'sepal_length_cm' has a 1192-byte data buffer where its 150 values need 1200 bytes/],
      ['more nulls than values', setInt64(nodes + 8, rows + 1), /column 'sepal_length_cm' has 151 nulls in 150 values/],
      ['nulls without a validity bitmap', setInt64(nodes + 8, 3), /column 'sepal_length_cm' has a 0-byte validity bitmap where its 150 values need 19 bytes/],
    ];

    it('the unchanged stream reads with its 150 rows', () => {
      expect(rows).toBe(150);
      expect(readIpc(stream).numRows).toBe(150);
    });

    it.each(cases)('%s is refused whole and streaming, naming the batch and column', async (name, edit, details) => {
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.arrows`);
      writeFileSync(file, edit(Buffer.from(stream)));
      await expectRefused(file, new RegExp(`in the record batch at byte \\d+, ${details.source}`));
    });
  });

  it('a string column whose last offset passes its data buffer is refused', async () => {
    const stream = Buffer.from(writeIpc(new Table({ s: vectorFromArray(['abc', 'defgh'], new Utf8()) }), 'stream'));
    const { buffers } = firstBatchVectors(stream);
    const file = path.join(dir, 'short-strings.arrows');
    writeFileSync(file, setInt64(buffers + 32 + 8, 7)(Buffer.from(stream)));
    await expectRefused(file, /column 's' has offsets reaching byte 8 of its 7-byte data buffer/);
  });

  interopIt('pyarrow files and streams of every layout (nulls, strings, lists, structs, maps, unions, dictionaries, slices) read with their rows', () => {
    const written = python(`
import sys, json, decimal, datetime, pyarrow as pa
n, out = 37, sys.argv[1]
def nulls(vals): return [None if i % 5 == 2 else v for i, v in enumerate(vals)]
ids = pa.array([i % 2 for i in range(n)], pa.int8())
cols = {
 'i8': pa.array(nulls(list(range(n))), pa.int8()), 'u64': pa.array(list(range(n)), pa.uint64()), 'f': pa.array([1.5] * n, pa.float32()),
 'b': pa.array(nulls([i % 2 == 0 for i in range(n)])), 's': pa.array(nulls(['x' * (i % 4) for i in range(n)])),
 'ls': pa.array(nulls([f'y{i}' for i in range(n)]), pa.large_string()), 'bin': pa.array(nulls([b'ab' * i for i in range(n)])),
 'lst': pa.array(nulls([list(range(i % 4)) for i in range(n)]), pa.list_(pa.int32())),
 'llst': pa.array([[str(i)] * (i % 3) for i in range(n)], pa.large_list(pa.string())),
 'fsl': pa.array(nulls([[i, i + 1, i + 2] for i in range(n)]), pa.list_(pa.int16(), 3)),
 'st': pa.array(nulls([{'a': i, 'b': str(i)} for i in range(n)])),
 'mp': pa.array(nulls([[('k', i)] * (i % 3) for i in range(n)]), pa.map_(pa.string(), pa.int64())),
 'dict': pa.array(nulls([['p', 'q', 'r'][i % 3] for i in range(n)])).dictionary_encode(),
 'dec': pa.array(nulls([decimal.Decimal(i) / 100 for i in range(n)]), pa.decimal128(10, 2)),
 'd32': pa.array([datetime.date(2020, 1, 1 + i % 28) for i in range(n)], pa.date32()),
 'd64': pa.array([datetime.date(2020, 1, 1 + i % 28) for i in range(n)], pa.date64()),
 'ts': pa.array(nulls(list(range(n))), pa.timestamp('ms', tz='UTC')), 't64': pa.array(list(range(n)), pa.time64('us')),
 'dur': pa.array(list(range(n)), pa.duration('s')), 'fsb': pa.array(nulls([bytes([i]) * 4 for i in range(n)]), pa.binary(4)),
 'nul': pa.nulls(n), 'iv': pa.array([None] * n, pa.month_day_nano_interval()),
 'su': pa.UnionArray.from_sparse(ids, [pa.array(list(range(n))), pa.array([str(i) for i in range(n)])]),
 'du': pa.UnionArray.from_dense(ids, pa.array([i // 2 for i in range(n)], pa.int32()), [pa.array(list(range(n))), pa.array([str(i) for i in range(n)])]),
}
t = pa.table(cols)
names = []
for name, tab in [('all', t), ('sliced', t.slice(5, 20)), ('empty', t.slice(0, 0))]:
    for kind, new in [('arrow', pa.ipc.new_file), ('arrows', pa.ipc.new_stream)]:
        with new(f'{out}/{name}.{kind}', t.schema) as w: w.write_table(tab, max_chunksize=11)
        names.append([f'{name}.{kind}', tab.num_rows])
print(json.dumps(names))`, dir) as [string, number][];
    expect(written).toHaveLength(6);
    for (const [name, rows] of written) expect({ name, rows: readIpc(readFileSync(path.join(dir, name)), name).numRows }).toEqual({ name, rows });
  });
});
