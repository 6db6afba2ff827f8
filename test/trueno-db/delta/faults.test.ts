/**
 * Faults: a writer killed (SIGKILL) at random moments leaves a readable table holding every append whose promise
 * resolved and no partial one; truncated, altered or missing log entries, data files and checkpoints are reported as
 * CorruptTableError naming the file, never a crash or wrong rows; and the table works the same on S3 (s3rver behind
 * a proxy that enforces conditional PUTs, as AWS S3, MinIO and R2 do).
 */
import { cpSync, mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Field, Float64, Int64, Schema, Table, vectorFromArray } from 'apache-arrow';
import { S3Storage } from '../../../lib/alimentar/storage/s3';
import { DeltaTable } from '../../../lib/trueno-db/delta';
import { CorruptTableError } from '../../../lib/trueno-db/errors';
import { killAfterReady } from '../../helpers/kill';
import { startConditionalProxy, startS3Server, type S3TestServer } from '../../helpers/s3-server';
import { BATCH } from './append-child';
import { SHARED_DELTA } from './fixtures';

let dir: string;
let n = 0;
const fresh = () => path.join(dir, `t${n++}`);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'delta-faults-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA = new Schema([new Field('id', new Int64(), false), new Field('x', new Float64(), true)]);
function rows(start: number, count: number): Table {
  return new Table({
    id: vectorFromArray(Array.from({ length: count }, (_, i) => BigInt(start + i)), new Int64()),
    x: vectorFromArray(Array.from({ length: count }, (_, i) => start + i), new Float64()),
  });
}
const ids = (t: Table) => Array.from(t.getChild('id')!.toArray() as BigInt64Array, Number).sort((a, b) => a - b);
const commitFile = (root: string, v: number) => path.join(root, '_delta_log', `${String(v).padStart(20, '0')}.json`);

/** Runs append-child.ts on `root` from id `start`, SIGKILLs it `delayMs` after it is ready; the appends it reported. */
async function killedWriter(root: string, start: number, delayMs: number): Promise<{ version: number; first: number }[]> {
  const lines = await killAfterReady(path.join(__dirname, 'append-child.ts'), [root, String(start)], delayMs);
  return lines.map((l) => l.split(' ').map(Number)).map(([version, first]) => ({ version, first }));
}

describe('kill -9 during appends', () => {
  it('50 trials: every resolved append is there after reopening, no partial one, the table readable', async () => {
    const root = fresh();
    const resolved = new Map<number, number>(); // first id -> version
    let lastVersion = -1;
    for (let trial = 0; trial < 50; trial++) {
      const reported = await killedWriter(root, trial * 1_000_000, Math.floor(Math.random() * 150));
      for (const r of reported) resolved.set(r.first, r.version);
      const table = await DeltaTable.open(root);
      const snap = await table.snapshot();
      expect(snap.version).toBeGreaterThanOrEqual(lastVersion);
      lastVersion = snap.version;
      const present = ids(await table.read(snap));
      // no duplicates; each id belongs to a batch that is there whole
      expect(new Set(present).size).toBe(present.length);
      const batches = new Map<number, number>();
      for (const id of present) {
        const first = id - (id % 1_000_000 % BATCH);
        batches.set(first, (batches.get(first) ?? 0) + 1);
      }
      for (const [first, count] of batches) expect([first, count]).toEqual([first, BATCH]);
      for (const first of resolved.keys()) expect(batches.has(first)).toBe(true);
      // resolved versions are distinct and within the table
      expect(new Set(resolved.values()).size).toBe(resolved.size);
      expect(Math.max(-1, ...resolved.values())).toBeLessThanOrEqual(snap.version);
    }
    expect(resolved.size).toBeGreaterThan(10); // the kills landed among appends, not only before the first
    // what the killed writers left (data files of unfinished appends, lock files) goes with VACUUM; rows stay
    const table = await DeltaTable.open(root);
    const before = ids(await table.read(await table.snapshot()));
    await table.vacuum({ retentionHours: 0 });
    expect(ids(await table.read(await table.snapshot()))).toEqual(before);
  }, 180_000); // about 22 s on an idle 2-core machine; the cap is for a loaded one (child start-up dominates)
});

describe('corrupt and missing files', () => {
  let root: string;
  beforeEach(async () => {
    root = fresh();
    const t = await DeltaTable.open(root, { create: { schema: SCHEMA } });
    for (let i = 0; i < 12; i++) await t.append(rows(i * 10, 10));
  });
  const open = async () => DeltaTable.open(root);
  const expectCorrupt = async (p: Promise<unknown>, file: string | RegExp, message?: RegExp) => {
    const e = await p.then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(CorruptTableError);
    expect(e).toMatchObject({ code: 'ERR_TRUENO_DB_CORRUPT', file });
    expect((e as Error).message).toContain(typeof file === 'string' ? file : '');
    if (message) expect((e as Error).message).toMatch(message);
  };

  it('a commit truncated in the middle of a line', async () => {
    const f = commitFile(root, 11);
    const text = await fsp.readFile(f, 'utf8');
    await fsp.writeFile(f, text.slice(0, text.length - 20));
    await expectCorrupt(open(), '_delta_log/00000000000000000011.json', /does not parse/);
  });

  it('a commit truncated at a line boundary (an action lost) or with a flipped byte that still parses', async () => {
    const f = commitFile(root, 11);
    const lines = (await fsp.readFile(f, 'utf8')).split('\n');
    await fsp.writeFile(f, lines.slice(0, -2).join('\n') + '\n');
    await expectCorrupt(open(), '_delta_log/00000000000000000011.json', /checksum/);
    const g = commitFile(root, 12);
    const text = await fsp.readFile(g, 'utf8');
    const at = text.indexOf('"size":') + 7;
    await fsp.writeFile(g, text.slice(0, at) + (text[at] === '9' ? '8' : '9') + text.slice(at + 1));
    await fsp.writeFile(f, lines.join('\n'));
    await expectCorrupt(open(), '_delta_log/00000000000000000012.json', /checksum/);
  });

  it('bytes that are not UTF-8, or not JSON objects', async () => {
    await fsp.writeFile(commitFile(root, 12), Buffer.from([0xff, 0xfe, 0x00, 0x7b]));
    await expectCorrupt(open(), '_delta_log/00000000000000000012.json', /UTF-8/);
    await fsp.writeFile(commitFile(root, 12), '[1, 2]\n');
    await expectCorrupt(open(), '_delta_log/00000000000000000012.json');
  });

  it('a missing commit (a gap in the log)', async () => {
    await fsp.rm(path.join(root, '_delta_log/00000000000000000010.checkpoint.parquet'));
    await fsp.rm(commitFile(root, 5));
    await expectCorrupt(open(), '_delta_log/00000000000000000005.json', /missing/);
  });

  it('a corrupt or truncated checkpoint', async () => {
    const cp = path.join(root, '_delta_log/00000000000000000010.checkpoint.parquet');
    const bytes = await fsp.readFile(cp);
    await fsp.writeFile(cp, bytes.subarray(0, bytes.length - 100));
    await expectCorrupt(open(), '_delta_log/00000000000000000010.checkpoint.parquet', /checkpoint/);
    await fsp.writeFile(cp, 'not parquet at all');
    await expectCorrupt(open(), '_delta_log/00000000000000000010.checkpoint.parquet');
  });

  it('data files: a flipped byte, a truncation, a deletion, each named', async () => {
    const t = await open();
    const snap = await t.snapshot();
    const [a, b, c] = snap.files.map((f) => f.path);
    const flip = async (p: string, at: number) => {
      const bytes = await fsp.readFile(path.join(root, p));
      bytes[at] ^= 0x10;
      await fsp.writeFile(path.join(root, p), bytes);
    };
    await flip(a, 40);
    await expectCorrupt(t.read(snap), a, /CRC-32/);
    await flip(a, 40);
    const bytes = await fsp.readFile(path.join(root, b));
    await fsp.writeFile(path.join(root, b), bytes.subarray(0, bytes.length - 1));
    await expectCorrupt(t.read(snap), b, /bytes/);
    await fsp.writeFile(path.join(root, b), bytes);
    await fsp.rm(path.join(root, c));
    await expectCorrupt(t.read(snap), c, /missing/);
  });

  it("another writer's table: a truncated data file is caught by its size", async () => {
    const copy = fresh();
    cpSync(path.join(SHARED_DELTA, 'delta-0.8.0'), copy, { recursive: true });
    const t = await DeltaTable.open(copy);
    const snap = await t.snapshot();
    const file = path.join(copy, snap.files[0].path);
    const bytes = await fsp.readFile(file);
    await fsp.chmod(file, 0o644);
    await fsp.writeFile(file, bytes.subarray(0, 100));
    await expectCorrupt(t.readFile(snap, snap.files[0]), snap.files[0].path);
  });
});

describe('S3', () => {
  let s3: S3TestServer;
  let proxy: Awaited<ReturnType<typeof startConditionalProxy>>;
  beforeAll(async () => {
    s3 = await startS3Server();
    proxy = await startConditionalProxy(s3);
    await s3.createBucket('delta');
  });
  afterAll(async () => {
    await proxy.stop();
    await s3.stop();
  });

  it('create, append from two racing handles (conditional PUT), read, checkpoint, optimize and vacuum', async () => {
    const storage = () => new S3Storage('s3://delta/tables/t1', proxy.s3);
    const a = await DeltaTable.open(storage(), { create: { schema: SCHEMA } });
    const b = await DeltaTable.open(storage());
    const versions = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).append(rows(i * 5, 5))));
    expect([...versions].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const snap = await (await DeltaTable.open(storage())).snapshot();
    expect(snap.version).toBe(12);
    expect(ids(await a.read(snap))).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(await s3.getRaw('delta', 'tables/t1/_delta_log/00000000000000000010.checkpoint.parquet')).toBeDefined();
    expect((await a.optimize()).filesRemoved).toBe(12);
    expect(await a.vacuum({ retentionHours: 0 })).toHaveLength(12);
    expect(ids(await b.read(await b.snapshot()))).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });
});
