/**
 * Reading real Delta tables written by Spark (Delta 0.2 to 2.2) and delta-rs: every table of ../shared/delta gives
 * exactly the version, columns, row count, live files and rows its expected.json (an independent log replay) lists,
 * and a table needing deletion vectors is refused with an error naming them.
 */
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalStorage } from '../../../lib/alimentar/storage/local';
import { DeltaTable, deltaSchema } from '../../../lib/trueno-db/delta';
import { UnsupportedTableError } from '../../../lib/trueno-db/errors';
import { compareRows, rowsOf, SHARED_DELTA } from './fixtures';

interface Expected {
  version: number;
  protocol: { minReaderVersion: number; minWriterVersion: number; readerFeatures?: string[] };
  partitionColumns?: string[];
  columns?: string[];
  types?: string[];
  numRows?: number;
  liveFiles?: number;
  firstRowsSorted?: unknown[][];
  unsupported?: string;
}

const expected = JSON.parse(readFileSync(path.join(SHARED_DELTA, 'expected.json'), 'utf8')) as Record<string, Expected>;
const readable = Object.entries(expected).filter(([, e]) => e.unsupported === undefined);
const refused = Object.entries(expected).filter(([, e]) => e.unsupported !== undefined);

describe('Delta interop: reading tables written by Spark and delta-rs', () => {
  it('covers every fixture (readable and refused)', () => {
    expect(readable.length).toBeGreaterThanOrEqual(8);
    expect(refused.map(([n]) => n)).toEqual(['table-with-dv-small']);
  });

  it.each(readable)('%s: version, schema, files and rows as expected.json', async (name, e) => {
    const table = await DeltaTable.open(new LocalStorage(path.join(SHARED_DELTA, name)));
    const snap = await table.snapshot();
    expect(snap.version).toBe(e.version);
    expect(snap.protocol.minReaderVersion).toBe(e.protocol.minReaderVersion);
    expect(snap.protocol.minWriterVersion).toBe(e.protocol.minWriterVersion);
    expect(snap.partitionColumns).toEqual(e.partitionColumns);
    expect(snap.schema.fields.map((f) => f.name)).toEqual(e.columns);
    expect(deltaSchema(snap.schema).fields.map((f) => f.type)).toEqual(e.types);
    expect(snap.files).toHaveLength(e.liveFiles!);
    const data = await table.read(snap);
    expect(data.numRows).toBe(e.numRows);
    expect(data.schema.fields.map((f) => f.name)).toEqual(e.columns);
    // expected.json gives partition values as strings (as the log holds them)
    const parts = e.columns!.map((c) => e.partitionColumns!.includes(c));
    const rows = rowsOf(data).map((r) => r.map((v, i) => (parts[i] && v !== null ? String(v) : v))).sort(compareRows);
    expect(rows.slice(0, e.firstRowsSorted!.length)).toEqual(e.firstRowsSorted);
  });

  it.each(readable)('%s: a projection reads only the asked columns, in the asked order', async (name, e) => {
    const table = await DeltaTable.open(new LocalStorage(path.join(SHARED_DELTA, name)));
    const snap = await table.snapshot();
    const cols = [...e.columns!].reverse();
    const data = await table.read(snap, cols);
    expect(data.schema.fields.map((f) => f.name)).toEqual(cols);
    expect(data.numRows).toBe(e.numRows);
  });

  it.each(refused)('%s: refused, naming the reader features it needs', async (name, e) => {
    const table = DeltaTable.open(new LocalStorage(path.join(SHARED_DELTA, name)));
    await expect(table).rejects.toThrow(UnsupportedTableError);
    await expect(table).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_UNSUPPORTED_TABLE', features: e.protocol.readerFeatures });
    await expect(table).rejects.toThrow(/deletionVectors/);
  });

  it('time travel: each version of simple_table_with_checkpoint has one more row', async () => {
    const table = await DeltaTable.open(new LocalStorage(path.join(SHARED_DELTA, 'simple_table_with_checkpoint')));
    for (const v of [0, 4, 9, 10]) {
      const snap = await table.snapshot({ version: v });
      expect(snap.version).toBe(v);
      expect((await table.read(snap)).numRows).toBe(v + 1);
    }
  });

  it('time travel by time: the commit timestamps of delta-0.2.0 pick their versions', async () => {
    const table = await DeltaTable.open(new LocalStorage(path.join(SHARED_DELTA, 'delta-0.2.0')));
    expect((await table.snapshot({ timestamp: new Date(1564524296741) })).version).toBe(1);
    expect((await table.snapshot({ timestamp: new Date(1564524298213) })).version).toBe(1);
    expect((await table.snapshot({ timestamp: new Date(1564524298214) })).version).toBe(2);
    expect((await table.snapshot({ timestamp: new Date(2e12) })).version).toBe(3);
  });

  describe('protocol checks on copies of table-without-dv-small with another protocol line', () => {
    let tmp: string;
    beforeAll(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'delta-protocol-'));
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    /** A copy whose version 0 has `protocol` and the metaData configuration `config`. */
    function withProtocol(name: string, protocol: object, config: object = {}): string {
      const root = path.join(tmp, name);
      cpSync(path.join(SHARED_DELTA, 'table-without-dv-small'), root, { recursive: true });
      const log = path.join(root, '_delta_log/00000000000000000000.json');
      const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      for (const a of lines) {
        if (a.protocol) a.protocol = protocol;
        if (a.metaData) a.metaData.configuration = config;
      }
      chmodSync(log, 0o644);
      writeFileSync(log, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      return root;
    }

    it.each([
      ['reader4', { minReaderVersion: 4, minWriterVersion: 7 }, {}, ['reader version 4']],
      ['features', { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz', 'v2Checkpoint', 'columnMapping'], writerFeatures: [] }, {}, ['v2Checkpoint', 'columnMapping']],
      ['mapping', { minReaderVersion: 2, minWriterVersion: 5 }, { 'delta.columnMapping.mode': 'name' }, ['columnMapping']],
    ])('%s: refused, naming what it needs', async (name, protocol, config, features) => {
      const p = DeltaTable.open(withProtocol(name, protocol, config));
      await expect(p).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_UNSUPPORTED_TABLE', features });
      await expect(p).rejects.toThrow(new RegExp(features.join(', ')));
    });

    it('readable but not writable: reads, and refuses to append naming the writer features', async () => {
      const table = await DeltaTable.open(withProtocol('identity', { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: ['identityColumns', 'appendOnly'] }));
      const snap = await table.snapshot();
      expect((await table.read(snap)).numRows).toBe(10);
      const data = await table.read(snap);
      await expect(table.append(data)).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_UNSUPPORTED_TABLE', features: ['identityColumns'] });
      const old = await DeltaTable.open(withProtocol('writer4', { minReaderVersion: 1, minWriterVersion: 4 }));
      await expect(old.append(data)).rejects.toThrow(/writer version 4/);
    });

    it('an append-only table takes appends and refuses deletes', async () => {
      const table = await DeltaTable.open(withProtocol('append-only', { minReaderVersion: 1, minWriterVersion: 2 }, { 'delta.appendOnly': 'true' }));
      const snap = await table.snapshot();
      expect(await table.append(await table.read(snap))).toBe(1);
      await expect(table.rewrite(snap, [{ remove: snap.files[0] }])).rejects.toMatchObject({ features: ['appendOnly'] });
      expect((await table.read(await table.snapshot())).numRows).toBe(20);
    });
  });
});
