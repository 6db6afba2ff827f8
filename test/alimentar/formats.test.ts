import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Bool, Dictionary, Field, Float32, Float64, Int32, Int64, Schema, Table, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import { ArrowDataset, PARQUET_COMPRESSIONS, readCsv, readParquet, writeParquet } from '../../lib/alimentar';
import { interopIt, python } from '../helpers/baseline-python';
import { DATA, DATASETS, firstDifference, tempDir } from './helpers';

const PY_DESCRIBE = `
import sys, json, pyarrow as pa, pyarrow.parquet as pq, pyarrow.csv as pc, pyarrow.feather as pf
p = sys.argv[1]
t = pq.read_table(p) if p.endswith('.parquet') else pc.read_csv(p) if p.endswith('.csv') else pa.ipc.open_file(p).read_all() if p.endswith('.arrow') else None
if t is None:
    import pyarrow.json as pj; t = pj.read_json(p)
print(json.dumps({'types': [str(f.type) for f in t.schema], 'names': t.schema.names, 'rows': t.num_rows,
  'cols': [c.to_pylist() for c in t.columns]}))
`;

const ARROW_TO_PA: Record<string, string> = { Float64: 'double', Int64: 'int64', Int32: 'int32', Float32: 'float', Utf8: 'string', Bool: 'bool' };

function describeOurs(t: Table): { types: string[]; names: string[]; rows: number; cols: unknown[][] } {
  return {
    types: t.schema.fields.map((f) => ARROW_TO_PA[String(f.type)] ?? String(f.type)),
    names: t.schema.fields.map((f) => f.name),
    rows: t.numRows,
    cols: t.schema.fields.map((f) => Array.from(t.getChild(f.name)!, (v) => (typeof v === 'bigint' ? Number(v) : v))),
  };
}

describe('formats: reading what pyarrow wrote', () => {
  const files = readdirSync(DATA).filter((f) => /\.(parquet|arrow|csv)$/.test(f));

  it('finds the real data files', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  interopIt.each(files)('%s: same names, types and values as pyarrow', async (file) => {
    const ours = describeOurs((await ArrowDataset.open(path.join(DATA, file))).toTable());
    const theirs = python(PY_DESCRIBE, path.join(DATA, file)) as ReturnType<typeof describeOurs>;
    expect(ours.names).toEqual(theirs.names);
    expect(ours.types).toEqual(theirs.types);
    expect(ours.rows).toBe(theirs.rows);
    expect(firstDifference(ours.cols, theirs.cols)).toBeUndefined();
  });

  it.each(DATASETS)('%s: the Parquet, Arrow and CSV copies hold the same numbers', async (name) => {
    // pyarrow.csv reads whole-number columns as int64 where the Parquet copy holds doubles, so compare as numbers.
    const rows = async (ext: string) => (await ArrowDataset.open(path.join(DATA, `${name}.${ext}`))).toRows()
      .map((r) => Object.values(r).map(Number));
    const pq = await rows('parquet');
    expect(firstDifference(await rows('arrow'), pq)).toBeUndefined();
    expect(firstDifference(await rows('csv'), pq)).toBeUndefined();
  });
});

function mixedTable(n: number): Table {
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  return new Table({
    id: makeVector(ids),
    big: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : BigInt(i) * 3000000000n)), new Int64()),
    x: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : i / 3)), new Float64()),
    f: makeVector(Float32Array.from({ length: n }, (_, i) => i * 0.5)),
    s: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `row "${i}", ok`)), new Utf8()),
    cat: vectorFromArray(Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]), new Dictionary(new Utf8(), new Int32())),
    b: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : i % 2 === 0)), new Bool()),
  });
}

describe('formats: Parquet', () => {
  const table = mixedTable(5000);
  const rows = ArrowDataset.fromTable(table).toRows();

  it.each(PARQUET_COMPRESSIONS)('round-trips every type with %s compression, nulls and dictionary columns', (codec) => {
    const back = readParquet(writeParquet(table, { compression: codec, rowGroupSize: 700 }));
    expect(firstDifference(ArrowDataset.fromTable(back).toRows(), rows)).toBeUndefined();
    expect(String(back.schema.fields.find((f) => f.name === 'cat')!.type)).toMatch(/Dictionary/);
  });

  it('reads selected columns and row groups only', () => {
    const bytes = writeParquet(table, { rowGroupSize: 1000 });
    const part = readParquet(bytes, { columns: ['x', 's'], rowGroups: [1, 3] });
    expect(part.schema.fields.map((f) => f.name)).toEqual(['x', 's']);
    expect(part.numRows).toBe(2000);
    expect(part.getChild('x')!.get(1)).toBeCloseTo(1001 / 3, 12);
  });

  interopIt('files it writes read back in pyarrow, every codec', () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const codec of PARQUET_COMPRESSIONS) {
        writeFileSync(path.join(dir, `${codec}.parquet`), writeParquet(table, { compression: codec, rowGroupSize: 999 }));
      }
      const out = python(`
import sys, json, glob, pyarrow.parquet as pq
res = {}
for p in sorted(glob.glob(sys.argv[1] + '/*.parquet')):
    f = pq.ParquetFile(p); t = f.read()
    res[p.split('/')[-1]] = [t.num_rows, f.metadata.num_row_groups, f.metadata.row_group(0).column(0).compression, t.column('s').null_count, t.column('big')[1].as_py(), t.column('s')[1].as_py()]
print(json.dumps(res))`, dir) as Record<string, unknown[]>;
      expect(out['zstd.parquet']).toEqual([5000, 6, 'ZSTD', 455, 3000000000, 'row "1", ok']);
      expect(out['lz4.parquet'][2]).toMatch(/^LZ4/);
      expect(out['uncompressed.parquet'][2]).toBe('UNCOMPRESSED');
      expect(Object.keys(out)).toHaveLength(PARQUET_COMPRESSIONS.length);
    } finally {
      cleanup();
    }
  });
});

describe('formats: every format round-trips and reads back in pyarrow and DuckDB', () => {
  const formats = ['parquet', 'arrow', 'arrows', 'csv', 'tsv', 'json', 'jsonl'] as const;

  it.each(formats)('.%s keeps the values of iris', async (ext) => {
    const { dir, cleanup } = tempDir();
    try {
      const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
      await iris.write(path.join(dir, `iris.${ext}`));
      const back = await ArrowDataset.open(path.join(dir, `iris.${ext}`));
      expect(firstDifference(back.toRows(), iris.toRows())).toBeUndefined();
      expect(readdirSync(dir)).toEqual([`iris.${ext}`]);
    } finally {
      cleanup();
    }
  });

  interopIt('pyarrow reads what this project writes (Parquet, IPC file and stream, CSV, JSON Lines)', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const wine = await ArrowDataset.open(path.join(DATA, 'wine.parquet'));
      for (const ext of ['parquet', 'arrow', 'arrows', 'csv', 'jsonl']) await wine.write(path.join(dir, `wine.${ext}`));
      const sums = python(`
import sys, json, pyarrow as pa, pyarrow.parquet as pq, pyarrow.csv as pc, pyarrow.json as pj, pyarrow.compute as c
d = sys.argv[1]
ts = [pq.read_table(d + '/wine.parquet'), pa.ipc.open_file(d + '/wine.arrow').read_all(), pa.ipc.open_stream(d + '/wine.arrows').read_all(), pc.read_csv(d + '/wine.csv'), pj.read_json(d + '/wine.jsonl')]
print(json.dumps([[t.num_rows, str(t.schema.field('target').type), c.sum(t.column('alcohol')).as_py()] for t in ts]))`, dir) as unknown[][];
      const alcohol = Array.from(wine.column('alcohol') as Iterable<number>).reduce((a, b) => a + b, 0);
      for (const [rows, type, sum] of sums) {
        expect(rows).toBe(178);
        expect(type).toBe('int64');
        expect(sum).toBeCloseTo(alcohol, 9);
      }
    } finally {
      cleanup();
    }
  });

  it('DuckDB reads what this project writes (Parquet, CSV, JSON Lines)', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const ds = ArrowDataset.fromTable(mixedTable(3000));
      await ds.write(path.join(dir, 't.parquet'), { compression: 'zstd' });
      await ds.select(['id', 'x', 's']).write(path.join(dir, 't.csv'));
      await ds.select(['id', 'x', 's']).write(path.join(dir, 't.jsonl'));
      const db = await DuckDBInstance.create(':memory:');
      const con = await db.connect();
      for (const f of ["read_parquet('t.parquet')", "read_csv('t.csv')", "read_json('t.jsonl')"]) {
        const r = await con.runAndReadAll(`SELECT count(*), count(x), sum(id), count(s) FROM ${f.replace("('", `('${dir}/`)}`);
        expect(r.getRows()[0].map(Number)).toEqual([3000, 2400, 4498500, 2727]);
      }
      const cat = await con.runAndReadAll(`SELECT cat, count(*) FROM read_parquet('${dir}/t.parquet') GROUP BY cat ORDER BY cat`);
      expect(cat.getRows().map((r) => [r[0], Number(r[1])])).toEqual([['a', 1000], ['b', 1000], ['c', 1000]]);
      con.closeSync();
    } finally {
      cleanup();
    }
  });
});

describe('formats: CSV', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('parses quoting, embedded delimiters and newlines, CRLF, and null markers', () => {
    const t = readCsv(enc('a,b,c\r\n1,"x, ""y""",2.5\r\nNA,"multi\nline",\r\n3,plain,1e3\r\n'));
    expect(t.schema.fields.map((f) => String(f.type))).toEqual(['Int64', 'Utf8', 'Float64']);
    expect(t.toArray().map((r) => r.toJSON())).toEqual([
      { a: 1n, b: 'x, "y"', c: 2.5 }, { a: null, b: 'multi\nline', c: null }, { a: 3n, b: 'plain', c: 1000 },
    ]);
  });

  it('takes a delimiter, custom nulls, no header, and explicit types over inference', () => {
    const t = readCsv(enc('1;-;true\n2;7;false\n'), {
      delimiter: ';', header: false, columnNames: ['k', 'v', 'flag'], nullValues: ['-'], columnTypes: { k: 'int32', v: new Float32() },
    });
    expect(t.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['k:Int32', 'v:Float32', 'flag:Bool']);
    expect(t.toArray().map((r) => r.toJSON())).toEqual([{ k: 1, v: null, flag: true }, { k: 2, v: 7, flag: false }]);
  });

  it('parses numbers exactly as Number() does, including long significands', () => {
    const values = ['0.1', '-1.5e-7', '123456789012345678', '0.12751197814941406', '1e308', '-0', '.5', '5.', 'nan', '-inf'];
    const t = readCsv(enc('x\n' + values.join('\n') + '\n'), { columnTypes: { x: 'float64' } });
    const got = Array.from(t.getChild('x')! as Iterable<number>);
    expect(got).toEqual(values.map((v) => (v === 'nan' ? NaN : v === '-inf' ? -Infinity : Number(v))));
  });

  it('keeps int64 values beyond 2^53 exact', () => {
    const t = readCsv(enc('n\n9223372036854775807\n-9223372036854775808\n12\n'));
    expect(Array.from(t.getChild('n')!)).toEqual([9223372036854775807n, -9223372036854775808n, 12n]);
  });

  it('writes schema-less and explicit-schema tables back identically', () => {
    const schema = new Schema([new Field('a', new Int64())]);
    expect(schema.fields).toHaveLength(1);
    const t = readCsv(enc('s,n\n"a,b",1\n"",2\n'));
    const again = readCsv(ArrowDataset.fromTable(t).toBytes('csv'));
    expect(again.toArray().map((r) => r.toJSON())).toEqual([{ s: 'a,b', n: 1n }, { s: '', n: 2n }]);
  });
});
