import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Dictionary, Float64, Int32, Table, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import { ArrowDataset, CsvParseError, convertFile, writeParquet } from '../../lib/alimentar';
import { tempDir } from './helpers';

/** 5,000 rows with nulls, strings and a dictionary column, in Parquet row groups of 700. */
function table(n = 5000): Table {
  return new Table({
    id: makeVector(Int32Array.from({ length: n }, (_, i) => i)),
    x: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : i / 8)), new Float64()),
    s: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 17 === 0 ? null : `r${i} "q", é`)), new Utf8()),
    cat: vectorFromArray(Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]), new Dictionary(new Utf8(), new Int32())),
  });
}

const plain = (t: Table) => t.toArray().map((r) => {
  const o = r.toJSON() as Record<string, unknown>;
  for (const k of Object.keys(o)) if (typeof o[k] === 'bigint') o[k] = Number(o[k]);
  return o;
});

describe('convertFile', () => {
  const { dir, cleanup } = tempDir();
  const source = path.join(dir, 'source.parquet');
  beforeAll(() => writeFileSync(source, writeParquet(table(), { rowGroupSize: 700 })));
  afterAll(cleanup);

  it.each(['parquet', 'arrow', 'arrows', 'csv', 'tsv', 'jsonl', 'json'])('streams Parquet to .%s with the same rows', async (ext) => {
    const out = path.join(dir, `out.${ext}`);
    const seen: [number, number | undefined][] = [];
    const result = await convertFile(source, out, { onProgress: (rows, total) => seen.push([rows, total]) });
    expect(result.rows).toBe(5000);
    expect(seen.length).toBeGreaterThanOrEqual(8);
    expect(seen[seen.length - 1]).toEqual([5000, 5000]);
    const back = (await ArrowDataset.open(out)).toTable();
    expect(back.numRows).toBe(5000);
    const want = plain(table());
    const got = plain(back);
    for (const i of [0, 1, 13, 17, 699, 700, 701, 4999]) expect({ i, ...got[i] }).toEqual({ i, ...want[i] });
    expect(got).toEqual(want);
  });

  it('converts CSV to Parquet piece by piece, keeping chosen columns, with the codec asked for', async () => {
    const csv = path.join(dir, 'in.csv');
    await ArrowDataset.fromTable(table(3000)).write(csv);
    const out = path.join(dir, 'cols.parquet');
    const r = await convertFile(csv, out, { columns: ['s', 'id'], compression: 'zstd', rowGroupSize: 1000, read: { chunkBytes: 4096, csv: { batchRows: 500 } } });
    expect(r).toEqual({ rows: 3000, format: 'parquet' });
    const back = await ArrowDataset.open(out);
    expect(back.columnNames).toEqual(['s', 'id']);
    expect(back.toTable().getChild('id')!.get(2999)).toBe(2999n);
  });

  it('an input that fails half way gives its own error and leaves the output as it was', async () => {
    const bad = path.join(dir, 'bad.csv');
    const lines = ['a,b', ...Array.from({ length: 2000 }, (_, i) => `${i},${i}`), '1,2,3', '4,5'];
    writeFileSync(bad, lines.join('\n') + '\n');
    const out = path.join(dir, 'kept.parquet');
    writeFileSync(out, 'old content');
    const err = await convertFile(bad, out, { read: { chunkBytes: 1024, csv: { batchRows: 100 } } }).catch((e) => e);
    expect(err).toBeInstanceOf(CsvParseError);
    expect(err.line).toBe(2002);
    expect(readFileSync(out, 'utf8')).toBe('old content');
    expect(readdirSync(dir).filter((f) => f.includes('kept.parquet') && f !== 'kept.parquet')).toEqual([]);
  });

  it('an empty input gives an empty file that keeps the columns', async () => {
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, 'a,b\n');
    for (const ext of ['arrow', 'arrows', 'csv', 'json']) {
      const out = path.join(dir, `empty-out.${ext}`);
      expect((await convertFile(empty, out)).rows).toBe(0);
      expect(existsSync(out)).toBe(true);
      expect((await ArrowDataset.open(out)).numRows).toBe(0);
    }
    expect((await ArrowDataset.open(path.join(dir, 'empty-out.arrow'))).columnNames).toEqual(['a', 'b']);
  });

  it('bad arguments are named', async () => {
    await expect(convertFile(path.join(dir, 'missing.csv'), path.join(dir, 'x.parquet'))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NOT_FOUND' });
    await expect(convertFile(source, path.join(dir, 'x.unknown'))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_UNKNOWN_FORMAT' });
    await expect(convertFile(source, 'https://example.org/x.csv')).rejects.toBeInstanceOf(TypeError);
    await expect(convertFile(source, path.join(dir, 'y.csv'), { columns: ['nope'] })).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_COLUMN' });
    await expect(convertFile(source, path.join(dir, 'y.csv'), 'x' as never)).rejects.toBeInstanceOf(TypeError);
    expect(existsSync(path.join(dir, 'y.csv'))).toBe(false);
  });
});
