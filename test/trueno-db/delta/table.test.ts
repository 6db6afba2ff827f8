/**
 * DeltaTable behaviour on a local folder: creating and opening, appends and their versions, snapshots by version and
 * time, deletes and their conflicts, concurrent writers, OPTIMIZE, VACUUM, and the errors every public entry point
 * gives for bad input.
 */
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Dictionary, Field, Float64, Int32, Int64, makeVector, Schema, Table, Uint32, Utf8, vectorFromArray } from 'apache-arrow';
import { writeParquet } from '../../../lib/alimentar/formats/parquet';
import { LocalStorage } from '../../../lib/alimentar/storage/local';
import { DeltaTable } from '../../../lib/trueno-db/delta';
import { CommitConflictError, CorruptTableError, SchemaMismatchError, TableNotFoundError } from '../../../lib/trueno-db/errors';
import { byId, canonicalRows, SAMPLE_SCHEMA, sampleRow, sampleTable } from './fixtures';

let dir: string;
let n = 0;
const fresh = () => path.join(dir, `t${n++}`);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'delta-table-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA = new Schema([new Field('id', new Int64(), false), new Field('x', new Float64(), true), new Field('k', new Utf8(), true)]);
function rows(start: number, count: number, k: string | null = 'a'): Table {
  return new Table({
    id: vectorFromArray(Array.from({ length: count }, (_, i) => BigInt(start + i)), new Int64()),
    x: vectorFromArray(Array.from({ length: count }, (_, i) => (i % 3 === 0 ? null : (start + i) / 2)), new Float64()),
    k: vectorFromArray(Array.from({ length: count }, () => k), new Utf8()),
  });
}
const ids = (t: Table) => Array.from(t.getChild('id')!.toArray() as BigInt64Array, Number).sort((a, b) => a - b);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('DeltaTable: create, open, append, snapshot', () => {
  it('creates version 0 (protocol 1/2, schema, partitions), then each append is one version', async () => {
    const root = fresh();
    const t = await DeltaTable.open(root, { create: { schema: SCHEMA, partitionColumns: ['k'] } });
    const s0 = await t.snapshot();
    expect(s0.version).toBe(0);
    expect(s0.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
    expect(s0.partitionColumns).toEqual(['k']);
    expect(s0.files).toEqual([]);
    expect((await t.read(s0)).numRows).toBe(0);
    expect(await t.append(rows(0, 10))).toBe(1);
    expect(await t.append(rows(10, 5, null))).toBe(2);
    expect(await t.append(rows(15, 0))).toBe(2); // nothing to commit
    const s2 = await t.snapshot();
    expect(s2.numRows).toBe(15);
    expect(ids(await t.read(s2))).toEqual(range(0, 15));
    // a NULL partition value is a __HIVE_DEFAULT_PARTITION__ folder and reads back as NULL
    expect(s2.files.map((f) => f.path).some((p) => p.startsWith('k=__HIVE_DEFAULT_PARTITION__/'))).toBe(true);
    const k = (await t.read(s2, ['id', 'k'])).getChild('k')!;
    expect(k.toArray().filter((v: string | null) => v === null)).toHaveLength(5);
    // commit files: commitInfo first, data files exist before the commit names them
    const log = (await fsp.readFile(path.join(root, '_delta_log/00000000000000000001.json'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(Object.keys(log[0])).toEqual(['commitInfo']);
    expect(log[0].commitInfo).toMatchObject({ operation: 'WRITE', isBlindAppend: true, readVersion: 0 });
    // reopening sees the same; opening with create and the same schema is fine
    const again = await DeltaTable.open(root, { create: { schema: SCHEMA, partitionColumns: ['k'] } });
    expect((await again.snapshot()).version).toBe(2);
  });

  it('snapshots by version and by commit time', async () => {
    const t = await DeltaTable.open(fresh(), { create: { schema: SCHEMA } });
    const times: number[] = [];
    for (let v = 1; v <= 4; v++) {
      await t.append(rows(v * 100, v));
      times.push((await t.snapshot()).timestamp.getTime());
    }
    for (let v = 1; v <= 4; v++) {
      expect((await t.read(await t.snapshot({ version: v }))).numRows).toBe((v * (v + 1)) / 2);
      expect((await t.snapshot({ timestamp: new Date(times[v - 1]) })).version).toBe(v);
    }
    expect(times).toEqual([...times].sort((a, b) => a - b));
    await expect(t.snapshot({ version: 5 })).rejects.toThrow(/0 to 4/);
    await expect(t.snapshot({ timestamp: new Date(0) })).rejects.toThrow(RangeError);
  });

  it('a reader that keeps up probes the next commit instead of listing the log', async () => {
    const root = fresh();
    const writer = await DeltaTable.open(root, { create: { schema: SCHEMA } });
    const local = new LocalStorage(root);
    let lists = 0;
    const counting = Object.assign(Object.create(local), { list: (prefix: string) => (lists++, local.list(prefix)) });
    const reader = await DeltaTable.open(counting);
    const s0 = await reader.snapshot();
    const listed = lists;
    expect(await reader.snapshot()).toBe(s0); // unchanged: the same snapshot object
    for (let i = 0; i < 3; i++) await writer.append(rows(i * 10, 10));
    const s3 = await reader.snapshot();
    expect(s3.version).toBe(3);
    expect(ids(await reader.read(s3))).toEqual(range(0, 30));
    expect((await reader.snapshot({ version: 3 })).version).toBe(3);
    expect(lists).toBe(listed);
    // time travel to an older version lists the log
    expect((await reader.snapshot({ version: 1 })).version).toBe(1);
    expect(lists).toBe(listed + 1);
  });

  it('refuses data of another schema, naming the column', async () => {
    const t = await DeltaTable.open(fresh(), { create: { schema: SCHEMA } });
    const wrongType = new Table({ id: vectorFromArray([1, 2], new Int32()), x: vectorFromArray([1, 2], new Float64()), k: vectorFromArray(['a', 'b'], new Utf8()) });
    await expect(t.append(wrongType)).rejects.toThrow(SchemaMismatchError);
    await expect(t.append(wrongType)).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_SCHEMA_MISMATCH', column: 'id' });
    const missing = new Table({ id: vectorFromArray([1n], new Int64()), x: vectorFromArray([1], new Float64()) });
    await expect(t.append(missing)).rejects.toMatchObject({ column: 'k' });
    const extra = new Table({ ...Object.fromEntries(['id', 'x', 'k'].map((c) => [c, rows(0, 1).getChild(c)!])), y: vectorFromArray([1], new Float64()) });
    await expect(t.append(extra)).rejects.toMatchObject({ column: 'y' });
    const nullId = new Table({ id: vectorFromArray([null, 1n], new Int64()), x: vectorFromArray([1, 2], new Float64()), k: vectorFromArray(['a', 'b'], new Utf8()) });
    await expect(t.append(nullId)).rejects.toThrow(/NOT NULL column 'id'/);
    // columns in another order are fine
    const reordered = new Table({ k: rows(0, 3).getChild('k')!, id: rows(0, 3).getChild('id')!, x: rows(0, 3).getChild('x')! });
    expect(await t.append(reordered)).toBe(1);
    await expect(DeltaTable.open(t.storage, { create: { schema: new Schema([SCHEMA.fields[0]]) } })).rejects.toThrow(SchemaMismatchError);
  });

  it('round-trips every mapped type (dates, timestamps, decimals, lists, NULLs) through our reader', async () => {
    const t = await DeltaTable.open(fresh(), { create: { schema: SAMPLE_SCHEMA, partitionColumns: ['region', 'day'] } });
    await t.append(sampleTable(0, 60));
    const snap = await t.snapshot();
    const data = await t.read(snap);
    expect(data.schema.fields.map((f) => String(f.type))).toEqual(SAMPLE_SCHEMA.fields.map((f) => String(f.type)));
    expect(byId(canonicalRows(data))).toEqual(range(0, 60).map(sampleRow));
    // a projection of few columns decodes only those (row group by row group), of many the whole file: same values
    const names = SAMPLE_SCHEMA.fields.map((f) => f.name);
    for (const cols of [['id', 'vec', 's'], ['id', 'day'], ['s', 'vec'], ['region'], ['id', 'ts', 'amount', 'tags']]) {
      const part = await t.read(snap, cols);
      expect(part.schema.fields.map((f) => f.name)).toEqual(cols);
      const want = range(0, 60).map(sampleRow).map((r) => cols.map((c) => r[names.indexOf(c)]));
      const got = canonicalRows(part);
      if (cols[0] === 'id') expect(byId(got)).toEqual(want);
      else expect(got.map(String).sort()).toEqual(want.map(String).sort());
    }
  });

  it('a dictionary-encoded string column is stored as plain strings and reads back as utf8', async () => {
    const t = await DeltaTable.open(fresh(), { create: { schema: SCHEMA, partitionColumns: [] } });
    const k = vectorFromArray(['b', null, 'a', 'b', 'ü'], new Dictionary(new Utf8(), new Int32()));
    await t.append(new Table({ id: rows(0, 5).getChild('id')!, x: rows(0, 5).getChild('x')!, k }));
    const back = await t.read(await t.snapshot(), ['k']);
    expect(String(back.schema.fields[0].type)).toBe('Utf8');
    expect(back.getChild('k')!.toArray()).toEqual(['b', null, 'a', 'b', 'ü']);
  });

  it('a file of several row groups reads back whole and in order; two columns sharing one buffer are written right', async () => {
    const t = await DeltaTable.open(fresh(), { create: { schema: new Schema([new Field('i', new Int32(), false), new Field('x', new Float64(), true), new Field('y', new Float64(), true)]) } });
    const count = 1_200_000;
    const i = Int32Array.from({ length: count }, (_, k) => k);
    const x = Float64Array.from(i, (k) => k / 4);
    // x and y share one Float64Array (as `SELECT x AS x, x AS y` gives): apache-arrow's IPC writer alone corrupts that
    await t.append(new Table({ i: makeVector(i), x: makeVector(x), y: makeVector(x) }));
    const snap = await t.snapshot();
    expect(snap.files).toHaveLength(1);
    expect(snap.numRows).toBe(count);
    for (const cols of [undefined, ['x']]) {
      const back = await t.read(snap, cols);
      expect(back.numRows).toBe(count);
      let ok = true;
      let at = 0;
      for (const b of back.batches) {
        const bx = b.getChild('x')!.toArray() as Float64Array;
        const by = cols ? bx : (b.getChild('y')!.toArray() as Float64Array);
        for (let k = 0; k < b.numRows && ok; k++, at++) ok = bx[k] === at / 4 && by[k] === at / 4;
      }
      expect(ok).toBe(true);
    }
  });

  it('concurrent appends from two handles: each resolved append has its own version and all rows are there', async () => {
    const root = fresh();
    const a = await DeltaTable.open(root, { create: { schema: SCHEMA } });
    const b = await DeltaTable.open(root);
    const versions = await Promise.all(range(0, 16).map((i) => (i % 2 ? a : b).append(rows(i * 10, 10))));
    expect([...versions].sort((x, y) => x - y)).toEqual(range(1, 17));
    const snap = await (await DeltaTable.open(root)).snapshot();
    expect(snap.version).toBe(16);
    expect(ids(await a.read(snap))).toEqual(range(0, 160));
    // version 10 got a checkpoint
    await expect(fsp.stat(path.join(root, '_delta_log/00000000000000000010.checkpoint.parquet'))).resolves.toBeDefined();
  });
});

describe('DeltaTable: rewrite (DELETE), optimize, vacuum', () => {
  it('rewrite replaces files by their kept rows; a stale snapshot is a conflict', async () => {
    const t = await DeltaTable.open(fresh(), { create: { schema: SCHEMA } });
    await t.append(rows(0, 10));
    await t.append(rows(10, 10));
    const snap = await t.snapshot();
    const first = snap.files[0];
    const kept = rows(0, 0);
    const v = await t.rewrite(snap, [{ remove: first, keep: kept }]);
    expect(v).toBe(3);
    const after = await t.snapshot();
    expect(after.files).toHaveLength(1);
    expect(ids(await t.read(after))).toHaveLength(10);
    // the old version still reads (time travel), until vacuumed
    expect(ids(await t.read(await t.snapshot({ version: 2 })))).toEqual(range(0, 20));
    // a delete computed from version 3 after another writer committed version 4 conflicts
    const stale = await t.snapshot();
    await (await DeltaTable.open(t.storage)).append(rows(20, 1));
    const other = await DeltaTable.open(t.storage);
    await expect(other.rewrite(stale, [{ remove: stale.files[0] }])).rejects.toThrow(CommitConflictError);
    await expect(other.rewrite(stale, [{ remove: stale.files[0] }])).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_CONFLICT', version: 4 });
    await expect(t.rewrite(stale, [{ remove: { ...stale.files[0], path: 'nope.parquet' } }])).rejects.toThrow(RangeError);
  });

  it('optimize compacts small files (same rows, dataChange false); vacuum then removes the old ones', async () => {
    const root = fresh();
    const t = await DeltaTable.open(root, { create: { schema: SCHEMA, partitionColumns: ['k'] } });
    for (let i = 0; i < 5; i++) await t.append(rows(i * 10, 10, i % 2 ? 'odd' : 'even'));
    const before = await t.snapshot();
    expect(before.files).toHaveLength(5);
    const res = await t.optimize();
    expect(res).toEqual({ version: 6, filesRemoved: 5, filesAdded: 2 });
    const after = await t.snapshot();
    expect(after.files).toHaveLength(2);
    expect(after.files.every((f) => f.dataChange === false)).toBe(true);
    expect(ids(await t.read(after))).toEqual(range(0, 50));
    expect(await t.optimize()).toEqual({ version: undefined, filesRemoved: 0, filesAdded: 0 });
    // an orphan (a data file of a writer killed before its commit)
    await fsp.writeFile(path.join(root, 'part-00000-orphan.snappy.parquet'), writeParquet(rows(0, 1)));
    expect(await t.vacuum()).toEqual([]); // everything is younger than the default 7 days
    const dry = await t.vacuum({ retentionHours: 0, dryRun: true });
    expect(dry).toHaveLength(6);
    expect(dry).toContain('part-00000-orphan.snappy.parquet');
    expect(await t.vacuum({ retentionHours: 0 })).toEqual(dry);
    expect(ids(await t.read(await t.snapshot()))).toEqual(range(0, 50));
    // the version before OPTIMIZE needed the removed files: reading it now names a missing file
    await expect(t.read(await t.snapshot({ version: 5 }))).rejects.toThrow(CorruptTableError);
    await expect(t.read(await t.snapshot({ version: 5 }))).rejects.toThrow(/missing/);
  });
});

describe('DeltaTable: bad input', () => {
  let t: DeltaTable;
  beforeAll(async () => {
    t = await DeltaTable.open(fresh(), { create: { schema: SCHEMA } });
    await t.append(rows(0, 3));
  });

  it('open', async () => {
    await expect(DeltaTable.open(123 as never)).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_TYPE' });
    await expect(DeltaTable.open(null as never)).rejects.toThrow(TypeError);
    await expect(DeltaTable.open('')).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_TYPE' });
    await expect(DeltaTable.open(fresh())).rejects.toThrow(TableNotFoundError);
    await expect(DeltaTable.open(fresh())).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_NO_TABLE' });
    await expect(DeltaTable.open(fresh(), 'x' as never)).rejects.toThrow(TypeError);
    await expect(DeltaTable.open(fresh(), { create: { schema: 'x' as never } })).rejects.toThrow(/arrow.Schema/);
    await expect(DeltaTable.open(fresh(), { create: { schema: SCHEMA, partitionColumns: ['nope'] } })).rejects.toThrow(/'nope'/);
    await expect(DeltaTable.open(fresh(), { create: { schema: SCHEMA, partitionColumns: 'k' as never } })).rejects.toThrow(TypeError);
    await expect(DeltaTable.open(fresh(), { create: { schema: new Schema([new Field('u', new Uint32(), true)]) } })).rejects.toThrow(/column 'u'/);
    await expect(DeltaTable.open(fresh(), { create: { schema: new Schema([new Field('a', new Int32()), new Field('A', new Int32())]) } })).rejects.toThrow(/distinct/);
    await expect(DeltaTable.open(fresh(), { create: { schema: new Schema([new Field('a b', new Int32())]) } })).rejects.toThrow(/'a b'/);
    await expect(DeltaTable.open(fresh(), { create: { schema: new Schema([]) } })).rejects.toThrow(/at least one column/);
    await expect(DeltaTable.open(fresh(), { create: { schema: SCHEMA, partitionColumns: ['id', 'x', 'k'] } })).rejects.toThrow(/not a partition column/);
  });

  it('snapshot, read, readFile', async () => {
    await expect(t.snapshot('x' as never)).rejects.toThrow(TypeError);
    await expect(t.snapshot({ version: -1 })).rejects.toThrow(TypeError);
    await expect(t.snapshot({ version: 1.5 })).rejects.toThrow(TypeError);
    await expect(t.snapshot({ timestamp: 'yesterday' as never })).rejects.toThrow(TypeError);
    await expect(t.snapshot({ timestamp: new Date(NaN) })).rejects.toThrow(TypeError);
    await expect(t.snapshot({ version: 0, timestamp: new Date() })).rejects.toThrow(/both/);
    const snap = await t.snapshot();
    await expect(t.read({} as never)).rejects.toThrow(/DeltaSnapshot/);
    await expect(t.read(snap, 'id' as never)).rejects.toThrow(TypeError);
    await expect(t.read(snap, ['nope'])).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_SCHEMA_MISMATCH', column: 'nope' });
    await expect(t.readFile(snap, null as never)).rejects.toThrow(TypeError);
    await expect(t.readFile(null as never, snap.files[0])).rejects.toThrow(TypeError);
    await expect(t.readFile(snap, snap.files[0], [3] as never)).rejects.toThrow(TypeError);
  });

  it('append, rewrite, optimize, vacuum', async () => {
    for (const bad of [undefined, null, 'x', 42, [1, 2], {}]) await expect(t.append(bad as never)).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_TYPE' });
    const snap = await t.snapshot();
    await expect(t.rewrite(snap, 'x' as never)).rejects.toThrow(TypeError);
    await expect(t.rewrite(snap, [null] as never)).rejects.toThrow(/changes\[0\]/);
    await expect(t.rewrite(snap, [{ remove: snap.files[0], keep: 'x' as never }])).rejects.toThrow(/changes\[0\].keep/);
    await expect(t.rewrite(snap, [{ remove: snap.files[0], keep: new Table({ id: vectorFromArray([1], new Float64()) }) }])).rejects.toThrow(SchemaMismatchError);
    await expect(t.rewrite({} as never, [])).rejects.toThrow(TypeError);
    await expect(t.optimize(null as never)).rejects.toThrow(TypeError);
    await expect(t.optimize({ minFileSize: -1 })).rejects.toThrow(TypeError);
    await expect(t.vacuum({ retentionHours: -1 })).rejects.toThrow(TypeError);
    await expect(t.vacuum({ retentionHours: NaN })).rejects.toThrow(TypeError);
    await expect(t.vacuum({ dryRun: 'yes' as never })).rejects.toThrow(TypeError);
    expect((await t.snapshot()).version).toBe(1); // nothing above changed the table
  });

  it('a local storage object works as well as a path', async () => {
    const again = await DeltaTable.open(new LocalStorage((t.storage as LocalStorage).root));
    expect((await again.snapshot()).version).toBe(1);
  });
});
