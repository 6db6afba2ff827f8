import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Float64, RecordBatch, Table, makeVector, vectorFromArray } from 'apache-arrow';
import { ArrowDataset, DataLoader, StreamingDataset, writeParquet, type TensorBatch } from '../../lib/alimentar';
import { DATA, tempDir } from './helpers';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function numbered(n: number): Table {
  return new Table({
    id: makeVector(Int32Array.from({ length: n }, (_, i) => i)),
    v: makeVector(Float64Array.from({ length: n }, (_, i) => i * 0.5)),
  });
}

const ids = (batches: RecordBatch[]) => batches.flatMap((b) => Array.from(b.getChild('id')!.toArray() as ArrayLike<number | bigint>, Number));

describe('DataLoader', () => {
  const ds = ArrowDataset.fromTable(numbered(103));

  it('yields record batches of batchSize in order, with a short last batch unless dropLast', async () => {
    const batches = await collect(new DataLoader(ds, { batchSize: 10 }));
    expect(batches.map((b) => b.numRows)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(batches[0]).toBeInstanceOf(RecordBatch);
    expect(ids(batches)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect((await collect(new DataLoader(ds, { batchSize: 10, dropLast: true }))).length).toBe(10);
  });

  it('shuffles deterministically for a seed, with a new order each epoch', async () => {
    const a = new DataLoader(ds, { batchSize: 16, shuffle: true, seed: 5 });
    const b = new DataLoader(ds, { batchSize: 16, shuffle: true, seed: 5 });
    const e0 = ids(await collect(a));
    expect(e0).toEqual(ids(await collect(b)));
    expect([...e0].sort((x, y) => x - y)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    const e1 = ids(await collect(a));
    expect(e1).not.toEqual(e0);
    a.setEpoch(0);
    expect(ids(await collect(a))).toEqual(e0);
  });

  it('yields tensors with features and target', async () => {
    const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    const batches = await collect(new DataLoader<TensorBatch>(iris, { batchSize: 64, tensors: { target: 'target' }, prefetch: 0 }));
    expect(batches.map((b) => b.x.shape)).toEqual([[64, 4], [64, 4], [22, 4]]);
    expect(batches[2].y!.shape).toEqual([22]);
    expect(batches[0].x.data[0]).toBe(5.1);
  });

  it('rejects bad options', () => {
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(RangeError);
    expect(() => new DataLoader({} as never)).toThrow(TypeError);
    expect(() => new DataLoader(ds, { shuffleBuffer: -1 })).toThrow(/options\.shuffleBuffer/);
    expect(() => new DataLoader(ds, { shuffleBuffer: 1.5 })).toThrow(/options\.shuffleBuffer/);
    expect(() => new DataLoader(ds, { shuffleBuffer: '10' as never })).toThrow(TypeError);
    expect(() => new DataLoader(ds, { prefetch: NaN })).toThrow(/options\.prefetch/);
  });
});

describe('StreamingDataset', () => {
  it('reads Parquet row group by row group and the DataLoader batches across them', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'n.parquet');
      writeFileSync(file, writeParquet(numbered(1000), { rowGroupSize: 128 }));
      const sd = await StreamingDataset.open(file);
      expect(sd.numRows).toBe(1000);
      expect(sd.numPieces).toBe(8);
      expect(sd.schema.fields.map((f) => f.name)).toEqual(['id', 'v']);
      const pieces = await collect(sd.batches());
      expect(pieces.map((p) => p.numRows)).toEqual([128, 128, 128, 128, 128, 128, 128, 104]);
      const plain = await collect(new DataLoader(sd, { batchSize: 100 }));
      expect(plain.map((b) => b.numRows)).toEqual(Array(10).fill(100));
      expect(ids(plain)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      const shuffled = ids(await collect(new DataLoader(sd, { batchSize: 100, shuffle: true, seed: 2 })));
      expect(shuffled).not.toEqual(ids(plain));
      expect([...shuffled].sort((a, b) => a - b)).toEqual(ids(plain));
      expect(ids(await collect(new DataLoader(sd, { batchSize: 100, shuffle: true, seed: 2 })))).toEqual(shuffled);
      const projected = await StreamingDataset.open(file, { columns: ['v'] });
      expect((await collect(projected.batches()))[0].schema.fields.map((f) => f.name)).toEqual(['v']);
      sd.close();
      projected.close();
    } finally {
      cleanup();
    }
  });

  it('decodes into reused buffers only on request, with the same values, and copies columns holding nulls', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'n.parquet');
      writeFileSync(file, writeParquet(numbered(1000), { rowGroupSize: 128 }));
      const sd = await StreamingDataset.open(file);
      const fresh = await collect(sd.batches({ shuffleSeed: 3 }));
      const reused: number[][] = [];
      let first: Float64Array | undefined;
      for await (const b of sd.batches({ shuffleSeed: 3, reuseBuffers: true })) {
        first ??= b.getChild('v')!.data[0].values as Float64Array;
        expect((b.getChild('v')!.data[0].values as Float64Array).buffer).toBe(first.buffer);
        reused.push(Array.from(b.getChild('v')!.toArray() as Float64Array));
      }
      expect(reused).toEqual(fresh.map((b) => Array.from(b.getChild('v')!.toArray() as Float64Array)));
      sd.close();
      const withNulls = path.join(dir, 'nulls.parquet');
      writeFileSync(withNulls, writeParquet(new Table({ v: vectorFromArray([1, null, 3], new Float64()) })));
      const sn = await StreamingDataset.open(withNulls);
      const [a] = await collect(sn.batches({ reuseBuffers: true }));
      const [b] = await collect(sn.batches({ reuseBuffers: true }));
      expect((a.getChild('v')!.data[0].values as Float64Array).buffer).not.toBe((b.getChild('v')!.data[0].values as Float64Array).buffer);
      expect(a.getChild('v')!.toJSON()).toEqual([1, null, 3]);
      sn.close();
    } finally {
      cleanup();
    }
  });

  it('mixes rows across pieces through the shuffle buffer: a file sorted by label still gives mixed batches', async () => {
    const { dir, cleanup } = tempDir();
    try {
      // 4,000 rows sorted by label (0 for the first 2,000), read in CSV pieces of 250 rows
      const file = path.join(dir, 'sorted.csv');
      const n = 4000;
      await ArrowDataset.fromTable(new Table({
        id: makeVector(Int32Array.from({ length: n }, (_, i) => i)),
        label: makeVector(Int32Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1))),
        tag: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `t${i % 5}`))),
      })).write(file);
      const sd = await StreamingDataset.open(file, { csv: { batchRows: 250 } });
      const loader = (o: { shuffleBuffer?: number; seed?: number; dropLast?: boolean }) => new DataLoader(sd, { batchSize: 100, shuffle: true, seed: o.seed ?? 4, ...o });
      // CSV reads integers as int64 (bigint)
      const labels = (b: RecordBatch) => Array.from(b.getChild('label')!.toArray() as BigInt64Array, Number);
      // the first rows go out once 3,250 are in: 1,250 of them labelled 1, so about 38 in the first batch of 100
      const buffered = await collect(loader({ shuffleBuffer: 3000 }));
      const ones = labels(buffered[0]).filter((l) => l === 1).length;
      expect(ones).toBeGreaterThan(15);
      expect(ones).toBeLessThan(65);
      // every row exactly once, with its own values
      expect([...ids(buffered)].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const b of buffered) {
        const id = Array.from(b.getChild('id')!.toArray() as BigInt64Array, Number);
        const tag = b.getChild('tag')!.toArray();
        labels(b).forEach((l, k) => expect([l, tag[k]]).toEqual([id[k] < n / 2 ? 0 : 1, id[k] % 7 === 0 ? null : `t${id[k] % 5}`]));
      }
      expect(buffered.map((b) => b.numRows)).toEqual(Array(40).fill(100));
      expect(ids(await collect(loader({ shuffleBuffer: 3000 })))).toEqual(ids(buffered));
      expect(ids(await collect(loader({ shuffleBuffer: 3000, seed: 5 })))).not.toEqual(ids(buffered));
      // within pieces only, the first batches hold one label
      const within = await collect(loader({ shuffleBuffer: 0 }));
      expect(new Set(labels(within[0]))).toEqual(new Set([0]));
      expect([...ids(within)].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      // the default buffer (65,536 rows here) holds the whole small file: the first batch is mixed
      expect(new Set(labels((await collect(loader({})))[0]))).toEqual(new Set([0, 1]));
      const dropped = await collect(new DataLoader(sd, { batchSize: 300, shuffle: true, seed: 1, shuffleBuffer: 500, dropLast: true }));
      expect(dropped.map((b) => b.numRows)).toEqual(Array(13).fill(300));
    } finally {
      cleanup();
    }
  });

  it.each(['csv', 'arrows', 'arrow', 'jsonl'])('reads .%s piece by piece with the same rows as a whole read', async (ext) => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, `d.${ext}`);
      const whole = ArrowDataset.fromTable(numbered(5000));
      await whole.write(file);
      const sd = await StreamingDataset.open(file, { chunkBytes: 1000, csv: { batchRows: 700 } });
      const got = await collect(sd.batches());
      expect(got.reduce((n, b) => n + b.numRows, 0)).toBe(5000);
      expect(ids(got)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
      if (ext === 'csv') expect(got.length).toBeGreaterThan(7);
    } finally {
      cleanup();
    }
  });
});
