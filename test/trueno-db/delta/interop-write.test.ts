/**
 * Tables we write are read back by an independent reader: read_delta.py (pyarrow + json, following the protocol:
 * checkpoint + commits -> live files -> rows) in the baseline Python gives the same rows as the data written and as
 * our own reader — after appends, a delete, a checkpoint (13 commits), with partitions, NULLs and every mapped type.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readParquet, writeParquet } from '../../../lib/alimentar/formats/parquet';
import { LocalStorage } from '../../../lib/alimentar/storage/local';
import { DeltaTable } from '../../../lib/trueno-db/delta';
import { interopIt, PYTHON, python } from '../../helpers/baseline-python';
import { byId, canonicalRows, SAMPLE_SCHEMA, sampleRow, sampleTable, sampleTableOf } from './fixtures';

const SCRIPT = path.join(__dirname, 'read_delta.py');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'delta-interop-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PyTable {
  version: number;
  protocol: { minReaderVersion: number; minWriterVersion: number };
  columns: string[];
  types: unknown[];
  partitionColumns: string[];
  files: number;
  rows: unknown[][];
}

function readWithPython(table: string, version?: number): PyTable {
  // python() checks the interpreter is usable (failing clearly where it is required); the script runs as a file
  python('import pyarrow, json; print("{}")');
  const args = [SCRIPT, table, ...(version === undefined ? [] : [String(version)])];
  return JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 64 << 20 })) as PyTable;
}

describe('Delta interop: tables we write, read by pyarrow following the protocol', () => {
  interopIt('appends, a delete and a checkpoint, partitioned, with NULLs and every type', async () => {
    const root = path.join(dir, 'sample');
    const table = await DeltaTable.open(new LocalStorage(root), { create: { schema: SAMPLE_SCHEMA, partitionColumns: ['region'] } });
    let ids: number[] = [];
    for (let b = 0; b < 12; b++) {
      expect(await table.append(sampleTable(b * 40, 40))).toBe(b + 1);
      ids.push(...Array.from({ length: 40 }, (_, k) => b * 40 + k));
    }
    // DELETE WHERE id % 10 = 3: every file rewritten without those rows, one commit (version 13)
    const snap = await table.snapshot();
    const changes = [];
    for (const file of snap.files) {
      const fileIds = Array.from((await table.readFile(snap, file, ['id'])).getChild('id')!.toArray() as BigInt64Array, Number);
      changes.push({ remove: file, keep: sampleTableOf(fileIds.filter((id) => id % 10 !== 3)) });
    }
    expect(await table.rewrite(snap, changes)).toBe(13);
    ids = ids.filter((id) => id % 10 !== 3);
    await expect(fsp.stat(path.join(root, '_delta_log/00000000000000000010.checkpoint.parquet'))).resolves.toBeDefined();
    expect(JSON.parse(await fsp.readFile(path.join(root, '_delta_log/_last_checkpoint'), 'utf8'))).toMatchObject({ version: 10 });

    const want = ids.map(sampleRow);
    const py = readWithPython(root);
    expect(py.version).toBe(13);
    expect(py.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
    expect(py.columns).toEqual(SAMPLE_SCHEMA.fields.map((f) => f.name));
    expect(py.partitionColumns).toEqual(['region']);
    expect(py.types.slice(0, 8)).toEqual(['long', 'integer', 'double', 'string', 'boolean', 'date', 'timestamp', 'decimal(12,2)']);
    expect(byId(py.rows)).toEqual(want);
    const ours = await table.read(await table.snapshot());
    expect(byId(canonicalRows(ours))).toEqual(want);
    expect(py.files).toBe((await table.snapshot()).files.length);

    // an older version (before the checkpoint), by both readers
    const py5 = readWithPython(root, 5);
    expect(byId(py5.rows)).toEqual(Array.from({ length: 200 }, (_, i) => sampleRow(i)));
    expect(byId(canonicalRows(await table.read(await table.snapshot({ version: 5 }))))).toEqual(byId(py5.rows));

    // OPTIMIZE (removes and adds with dataChange false) and VACUUM: the same rows, in fewer files, for both readers
    const optimized = await table.optimize();
    expect(optimized.filesAdded).toBe(4); // one per region, NULL included
    await table.vacuum({ retentionHours: 0 });
    const pyOpt = readWithPython(root);
    expect(pyOpt.version).toBe(14);
    expect(pyOpt.files).toBe(4);
    expect(byId(pyOpt.rows)).toEqual(want);
  });

  interopIt('a checkpoint alone stands for the commits before it (log cleanup), for both readers', async () => {
    const root = path.join(dir, 'cleaned');
    const table = await DeltaTable.open(root, { create: { schema: SAMPLE_SCHEMA } });
    for (let b = 0; b < 11; b++) await table.append(sampleTable(b * 7, 7));
    for (let v = 0; v < 10; v++) await fsp.rm(path.join(root, `_delta_log/${String(v).padStart(20, '0')}.json`));
    const want = Array.from({ length: 77 }, (_, i) => sampleRow(i));
    expect(byId(readWithPython(root).rows)).toEqual(want);
    const fresh = await DeltaTable.open(root);
    const snap = await fresh.snapshot();
    expect(snap.version).toBe(11);
    expect(byId(canonicalRows(await fresh.read(snap)))).toEqual(want);
  });

  interopIt('a multi-part checkpoint (as Spark writes for large tables) is read whole by both readers; a part missing, it is not used', async () => {
    const root = path.join(dir, 'multipart');
    const table = await DeltaTable.open(root, { create: { schema: SAMPLE_SCHEMA, partitionColumns: ['region'] } });
    for (let b = 0; b < 10; b++) await table.append(sampleTable(b * 9, 9));
    const single = path.join(root, '_delta_log/00000000000000000010.checkpoint.parquet');
    const cp = readParquet(await fsp.readFile(single));
    const cut = Math.floor(cp.numRows / 2);
    const part = (i: number) => path.join(root, `_delta_log/00000000000000000010.checkpoint.000000000${i}.0000000002.parquet`);
    await fsp.writeFile(part(1), writeParquet(cp.slice(0, cut)));
    await fsp.writeFile(part(2), writeParquet(cp.slice(cut)));
    await fsp.rm(single);
    for (let v = 0; v < 10; v++) await fsp.rm(path.join(root, `_delta_log/${String(v).padStart(20, '0')}.json`));
    const want = Array.from({ length: 90 }, (_, i) => sampleRow(i));
    expect(byId(readWithPython(root).rows)).toEqual(want);
    const fresh = await DeltaTable.open(root);
    expect(byId(canonicalRows(await fresh.read(await fresh.snapshot())))).toEqual(want);
    await fsp.rm(part(2));
    await expect(DeltaTable.open(root)).rejects.toMatchObject({ code: 'ERR_TRUENO_DB_CORRUPT', file: '_delta_log/00000000000000000000.json' });
  });
});
