/**
 * kill -9 during inserts, through the Database: every insert whose promise resolved is there after reopening, none
 * is there in part, and the database opens and answers queries. 50 trials: 5 databases, each killed 10 times.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../lib/trueno-db';
import { killAfterReady } from '../helpers/kill';
import { BATCH } from './insert-child';


/** Runs insert-child.ts on `dir` from id `start`, SIGKILLs it `delayMs` after it is ready; the inserts it reported. */
async function killedInserter(dir: string, start: number, delayMs: number): Promise<number[]> {
  return (await killAfterReady(path.join(__dirname, 'insert-child.ts'), [dir, String(start)], delayMs)).map(Number);
}

async function trials(dir: string, db: number, count: number): Promise<number> {
  const resolved = new Set<number>();
  for (let trial = 0; trial < count; trial++) {
    const start = (db * 100 + trial) * 1_000_000;
    for (const first of await killedInserter(dir, start, Math.floor(Math.random() * 300))) resolved.add(first);
    const reopened = await Database.open(dir);
    // killed before the table's first commit: there is no table yet, and no insert resolved
    const ids = reopened.tables().includes('t') ? (await reopened.query('SELECT id FROM t')).rows().map((r) => r[0] as number) : [];
    expect(new Set(ids).size).toBe(ids.length);
    const batches = new Map<number, number>();
    for (const id of ids) {
      const first = id - ((id % 1_000_000) % BATCH);
      batches.set(first, (batches.get(first) ?? 0) + 1);
    }
    for (const [first, n] of batches) expect([first, n]).toEqual([first, BATCH]);
    for (const first of resolved) expect(batches.has(first)).toBe(true);
    await reopened.close();
  }
  return resolved.size;
}

it('50 kill -9 trials: resolved inserts survive whole, nothing partial, the database opens', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tdb-kill-'));
  try {
    const settled = await Promise.allSettled(Array.from({ length: 5 }, (_, d) => trials(path.join(base, `db${d}`), d, 10)));
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
    const counts = settled.map((s) => (s as PromiseFulfilledResult<number>).value);
    // the kills landed among inserts, not only before the first
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}, 600_000);
