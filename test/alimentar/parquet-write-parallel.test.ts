/**
 * Parquet write with column groups encoded on the worker pool and spliced into one file: the file is byte for byte
 * what one writer makes of the whole table (several row groups, nulls, strings, dictionaries, nested columns, every
 * codec), reads back identically here and in pyarrow (schema included, statistics and page index present), small
 * tables stay on the calling thread, and a table Parquet cannot store gets the same error as on one thread.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Dictionary, Field, Float64, Int32, List, Struct, Table, Utf8, makeVector, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import { readParquet, writeParquet, ParquetError } from '../../lib/alimentar';
import { plainColumns } from '../../lib/alimentar/formats/parquet/dictionary-choice';
import { columnGroups, PARALLEL_WRITE_MIN_BYTES, writeColumnGroups } from '../../lib/alimentar/formats/parquet/parallel-write';
import { poolWorkers, stopPool } from '../../lib/alimentar/formats/parquet/pool';
import { spliceColumnGroups, SpliceUnsupported } from '../../lib/alimentar/formats/parquet/splice';
import { readStruct, writeStruct } from '../../lib/alimentar/formats/parquet/thrift';
import { parquetWasm, guarded } from '../../lib/alimentar/formats/parquet/wasm';
import { writerPropertiesFrom, type WriterSpec } from '../../lib/alimentar/formats/parquet/writer-spec';
import { interopIt, python } from '../helpers/baseline-python';
import { tempDir } from './helpers';

const ROWS = 300_000;

/** Ints (one dictionary-worthy), doubles with nulls, strings with nulls, an Arrow dictionary, a struct, a list. */
function table(rows = ROWS): Table {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  return new Table({
    id: makeVector(Int32Array.from({ length: rows }, (_, i) => i)),
    g: makeVector(Int32Array.from({ length: rows }, (_, i) => (i * 7919) % 1000)),
    x: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 9 === 0 ? null : next())), new Float64()),
    s: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : `row ${i}`)), new Utf8()),
    cat: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? null : ['a', 'b', 'c'][i % 3])), new Dictionary(new Utf8(), new Int32())),
    st: vectorFromArray(
      Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? null : { a: i % 5, b: `b${i % 7}` })),
      new Struct([new Field('a', new Int32(), true), new Field('b', new Utf8(), true)]),
    ),
    l: vectorFromArray(
      Array.from({ length: rows }, (_, i) => (i % 19 === 0 ? null : Array.from({ length: i % 4 }, (_, j) => i + j / 4))),
      new List(new Field('item', new Float64(), true)),
    ),
  });
}

const CODECS = { snappy: 'SNAPPY', zstd: 'ZSTD', uncompressed: 'UNCOMPRESSED' } as const;

function specOf(t: Table, compression: keyof typeof CODECS, rowGroupSize: number, dictionary = true): WriterSpec {
  return { codec: CODECS[compression], rowGroupSize, dictionary, plain: dictionary ? plainColumns(t, rowGroupSize) : [] };
}

/** One writer over the whole table, on this thread: the reference. */
function encodeHere(spec: WriterSpec): (t: Table) => Uint8Array {
  return (t) => guarded(parquetWasm(), (api) => api.writeParquet(api.Table.fromIPCStream(tableToIPC(t, 'stream')), writerPropertiesFrom(api, spec)));
}

/** Runs writeColumnGroups until a worker is ready for it (the first large write only starts one). */
async function inParallel(t: Table, spec: WriterSpec): Promise<Uint8Array> {
  for (let i = 0; i < 3000; i++) {
    const bytes = writeColumnGroups(t, spec, encodeHere(spec));
    if (bytes !== undefined) return bytes;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no Parquet worker became ready in 60 s');
}

/** Equal column names and types and equal values, nulls included. */
function sameTable(a: Table, b: Table): void {
  // (a dictionary read back names its value field ''; that is the reader's, on one thread as here)
  expect(a.schema.fields.map((f) => `${f.name}: ${String(f.type).replace(', : ', ', ')}`)).toEqual(b.schema.fields.map((f) => `${f.name}: ${f.type}`));
  expect(a.numRows).toBe(b.numRows);
  for (const f of a.schema.fields) {
    const x = [...a.getChild(f.name)!].map((v) => JSON.stringify(v?.toJSON?.() ?? v));
    const y = [...b.getChild(f.name)!].map((v) => JSON.stringify(v?.toJSON?.() ?? v));
    const i = x.findIndex((v, k) => v !== y[k]);
    expect(i === -1 ? 'equal' : `${f.name}[${i}]: ${x[i]} vs ${y[i]}`).toBe('equal');
  }
}

describe('Parquet write: column groups in parallel', () => {
  const t = table();
  afterAll(() => stopPool());

  it('is large enough here to go parallel', () => {
    expect(t.data.reduce((n, d) => n + d.byteLength, 0)).toBeGreaterThan(PARALLEL_WRITE_MIN_BYTES);
  });

  it.each([
    ['snappy', 1 << 20, true],
    ['snappy', 60_000, true],
    ['zstd', 100_000, true],
    ['uncompressed', 1 << 20, false],
  ] as const)('%s, row groups of %d rows, dictionary %s: byte for byte one writer\'s file', async (codec, rowGroupSize, dictionary) => {
    const spec = specOf(t, codec, rowGroupSize, dictionary);
    const bytes = await inParallel(t, spec);
    expect(poolWorkers()).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(encodeHere(spec)(t)))).toBe(0);
  });

  it('writeParquet, with a worker ready, writes that file and it reads back identically', async () => {
    await inParallel(t, specOf(t, 'snappy', 1 << 20));
    const bytes = writeParquet(t, { rowGroupSize: 100_000 });
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(encodeHere(specOf(t, 'snappy', 100_000))(t)))).toBe(0);
    // every row is compared by pyarrow below; here the first and last row group, through our reader
    const back = readParquet(bytes);
    sameTable(back.slice(0, 20_000), t.slice(0, 20_000));
    sameTable(back.slice(ROWS - 20_000), t.slice(ROWS - 20_000));
  });

  it('groups every column once, heaviest group first, dictionary columns weighing more', () => {
    const spec = specOf(t, 'snappy', 1 << 20);
    expect(spec.plain).toContain('id');
    expect(spec.plain).not.toContain('g');
    for (const k of [2, 3, 4, 7, 9]) {
      const groups = columnGroups(t, spec, k);
      expect(groups.length).toBe(Math.min(k, t.numCols));
      expect(groups.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      for (const g of groups) expect(g).toEqual([...g].sort((a, b) => a - b));
    }
    // g keeps its dictionary and outweighs id and y (plain) together
    const numbers = new Table({ id: t.getChild('id')!, g: t.getChild('g')!, y: makeVector(Float64Array.from({ length: ROWS }, (_, i) => Math.sqrt(i))) });
    expect(specOf(numbers, 'snappy', 1 << 20).plain).toEqual(['id', 'y']);
    expect(columnGroups(numbers, specOf(numbers, 'snappy', 1 << 20), 2)).toEqual([[1], [0, 2]]);
  });

  it('small and one-column tables stay on the calling thread', async () => {
    await stopPool();
    const small = table(1000);
    const spec = specOf(small, 'snappy', 1 << 20);
    expect(writeColumnGroups(small, spec, encodeHere(spec))).toBeUndefined();
    const one = t.select(['s']);
    expect(writeColumnGroups(one, specOf(one, 'snappy', 1 << 20), encodeHere(specOf(one, 'snappy', 1 << 20)))).toBeUndefined();
    expect(poolWorkers()).toBe(0);
    sameTable(readParquet(writeParquet(small)), small);
  });

  it('an empty table, whose columns\' Data have no children array, is sized and written (saving an empty graph did this)', () => {
    const empty = tableFromArrays({ x: new Int32Array(0), y: new Float64Array(0) });
    expect(empty.data[0].children[0].children).toBeUndefined(); // how apache-arrow builds an empty column
    const spec = specOf(empty, 'snappy', 1 << 20);
    expect(writeColumnGroups(empty, spec, encodeHere(spec))).toBeUndefined();
    expect(columnGroups(empty, spec, 2).flat().sort()).toEqual([0, 1]); // every column once (no cost to balance)
    const back = readParquet(writeParquet(empty));
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.map((f) => f.name)).toEqual(['x', 'y']);
  });

  it('a table Parquet cannot store gets the same error as on one thread', async () => {
    await inParallel(t, specOf(t, 'snappy', 1 << 20));
    // a struct with no fields is a Parquet group with no leaves, which the writer refuses
    const bad = new Table({ ...Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!])), empty: vectorFromArray(Array.from({ length: ROWS }, () => ({})), new Struct([])) });
    const small = bad.slice(0, 10);
    let oneThread: unknown;
    try {
      writeParquet(small);
    } catch (e) {
      oneThread = e;
    }
    expect(oneThread).toBeInstanceOf(ParquetError);
    expect(() => writeParquet(bad)).toThrow((oneThread as Error).message);
  });

  it('the splice refuses parts of other row groups, or not covering the table, as unsupported (then one thread writes)', () => {
    const spec = specOf(t, 'snappy', 100_000);
    const encode = encodeHere(spec);
    const template = encode(t.slice(0, 0));
    const numbers = t.select(['id', 'g']);
    const other = encodeHere({ ...spec, rowGroupSize: 50_000 });
    const parts = [{ bytes: encode(numbers.selectAt([0])), fields: [0] }, { bytes: other(numbers.selectAt([1])), fields: [1] }];
    expect(() => spliceColumnGroups(encode(numbers.slice(0, 0)), parts)).toThrow(SpliceUnsupported);
    expect(() => spliceColumnGroups(template, [{ bytes: encode(t.selectAt([0])), fields: [0] }])).toThrow(SpliceUnsupported);
    expect(() => spliceColumnGroups(template, [{ bytes: encode(t.selectAt([0, 1])), fields: [0] }])).toThrow(SpliceUnsupported);
  });

  it('a corrupt part is a ParquetError, not a crash', () => {
    const spec = specOf(t, 'snappy', 1 << 20);
    const encode = encodeHere(spec);
    const numbers = t.select(['id', 'g']);
    const good = encode(numbers.selectAt([1]));
    const cut = good.slice(0, good.length - 20);
    expect(() => spliceColumnGroups(encode(numbers.slice(0, 0)), [{ bytes: encode(numbers.selectAt([0])), fields: [0] }, { bytes: cut, fields: [1] }])).toThrow(ParquetError);
  });

  it('thrift fields round-trip, ids far apart included', () => {
    const fields = [
      { id: 1, type: 5, value: Uint8Array.of(6) },
      { id: 2, type: 1, value: new Uint8Array(0) },
      { id: 40, type: 8, value: Uint8Array.of(2, 104, 105) },
    ];
    const bytes = writeStruct(fields);
    expect(readStruct(bytes, 'test').map((f) => [f.id, f.type, [...f.value]])).toEqual(fields.map((f) => [f.id, f.type, [...f.value]]));
    expect(() => readStruct(bytes.subarray(0, 3), 'test')).toThrow(ParquetError);
  });

  interopIt('pyarrow reads the parallel file: same schema and values as the table, statistics and page index present', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const spec = specOf(t, 'snappy', 100_000);
      const file = path.join(dir, 't.parquet');
      writeFileSync(file, await inParallel(t, spec));
      const ipc = path.join(dir, 't.arrow');
      writeFileSync(ipc, tableToIPC(t, 'file'));
      const out = python(`
import sys, json, pyarrow as pa, pyarrow.parquet as pq
f = pq.ParquetFile(sys.argv[1]); got = f.read(); want = pa.ipc.open_file(sys.argv[2]).read_all()
md = f.metadata
chunks = [md.row_group(r).column(c) for r in range(md.num_row_groups) for c in range(md.num_columns)]
print(json.dumps({'schema': got.schema.equals(want.schema), 'values': [n for n in want.column_names if got.column(n).to_pylist() != want.column(n).to_pylist()], 'rows': got.num_rows,
  'row_groups': md.num_row_groups, 'stats': all(c.is_stats_set and c.statistics.has_min_max for c in chunks),
  'page_index': all(c.has_offset_index and c.has_column_index for c in chunks),
  'dict': {c.path_in_schema: c.has_dictionary_page for c in chunks[:md.num_columns]}}))`, file, ipc) as Record<string, unknown>;
      expect(out).toMatchObject({ schema: true, values: [], rows: ROWS, row_groups: 3, stats: true, page_index: true });
      expect(out.dict).toMatchObject({ g: true, s: true, cat: true });
    } finally {
      cleanup();
    }
  });
});
