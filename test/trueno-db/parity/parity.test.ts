/**
 * Parity with DuckDB: every corpus query (corpus.ts) runs on DuckDB and on trueno-db over the same data (data.ts) and
 * must give the same rows (compare.ts says what "same" means: canonical values, floats within 1e-9 relative, NaN
 * equal to NaN, -0 to 0, order compared only under a top-level ORDER BY). A query marked `fails` must be rejected by
 * both, trueno-db with one of its errors (an Error with a string `.code`), not a crash of the engine. A query marked
 * `differs` is a documented difference: DuckDB answers, trueno-db refuses with the stated code and message.
 *
 * With PARITY_REPORT=<file> set, the outcome of every query is also written there as JSON (for the failures file).
 */
import { writeFileSync } from 'node:fs';
import type { Database } from '../../../lib/trueno-db';
import { compareRows, hasTopLevelOrderBy, showRow } from './compare';
import type { CanonRow } from './compare';
import { CORPUS } from './corpus';
import type { ParityQuery } from './corpus';
import { openDuck, runDuck } from './duck';
import { removeParityFiles, withDir, writeParityFiles } from './files';
import type { Duck } from './duck';
import { openOurs, runOurs, runOursAsync } from './ours';

interface Outcome {
  id: string;
  sql: string;
  params?: unknown[] | Record<string, unknown>;
  ok: boolean;
  message?: string;
}

let duck: Duck;
let db: Database;
let dir: string;
const outcomes: Outcome[] = [];
/** trueno-db's querySync result of each query (rows, or the error as text), for the db.query comparison. */
const syncResults = new Map<string, CanonRow[] | string>();

beforeAll(async () => {
  duck = await openDuck();
  db = await openOurs();
  dir = writeParityFiles();
});

afterAll(async () => {
  duck?.close();
  await db?.close();
  if (dir) removeParityFiles(dir);
  const file = process.env.PARITY_REPORT;
  if (file) {
    writeFileSync(file, JSON.stringify(outcomes, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v), 1));
  }
});

function shortRows(rows: CanonRow[]): string {
  const head = rows.slice(0, 3).map(showRow).join(' ');
  return rows.length > 3 ? `${head} ... (${rows.length} rows)` : head;
}

async function check(q: ParityQuery): Promise<string | undefined> {
  const sql = withDir(q.sql, dir);
  let expected: CanonRow[] | undefined;
  let expectedWidth = 0;
  let duckError: Error | undefined;
  try {
    const res = await runDuck(duck, sql, q.params);
    expected = res.rows;
    expectedWidth = res.names.length;
  } catch (err) {
    duckError = err as Error;
  }
  let actual: CanonRow[] | undefined;
  let actualWidth = 0;
  let ourError: Error | undefined;
  try {
    const res = runOurs(db, sql, q.params);
    actual = res.rows;
    actualWidth = res.width;
  } catch (err) {
    ourError = err as Error;
  }
  syncResults.set(q.id, actual ?? `error ${ourError!.name}: ${ourError!.message}`);
  if (q.fails) {
    if (!duckError) return `DuckDB was expected to reject the query but returned ${shortRows(expected!)}`;
    if (!ourError) return `DuckDB rejects it (${duckError.message.split('\n')[0]}); trueno-db returned ${shortRows(actual!)}`;
    const code = (ourError as { code?: unknown }).code;
    if (typeof code !== 'string') return `trueno-db failed without an error code: ${ourError.stack}`;
    return undefined;
  }
  if (duckError) return `DuckDB rejects a query the corpus expects to run: ${duckError.message}`;
  if (q.differs) {
    if (!ourError) return `trueno-db was expected to refuse (${q.differs.code}) but returned ${shortRows(actual!)}`;
    const code = (ourError as { code?: unknown }).code;
    if (code !== q.differs.code || !q.differs.message.test(ourError.message)) {
      return `trueno-db refused with ${String(code)} "${ourError.message}", expected ${q.differs.code} ${q.differs.message}`;
    }
    return undefined;
  }
  if (ourError) return `trueno-db: ${ourError.stack?.split('\n').slice(0, 4).join('\n')}\nDuckDB: ${shortRows(expected!)}`;
  if (expectedWidth !== actualWidth) return `column count: DuckDB ${expectedWidth}, trueno-db ${actualWidth}`;
  return compareRows(expected!, actual!, hasTopLevelOrderBy(q.sql));
}

describe('parity with DuckDB', () => {
  it.each(CORPUS.map((q) => [q.id, q] as const))('%s', async (_id, q) => {
    const message = await check(q);
    outcomes.push({ id: q.id, sql: q.sql, params: q.params, ok: message === undefined, message });
    if (message !== undefined) throw new Error(`${q.sql}${q.params ? `  params ${JSON.stringify(q.params, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}` : ''}\n${message}`);
  });
});

describe('db.query (the query worker) agrees with db.querySync', () => {
  it('gives the same rows or the same failure for every corpus query, four queries in flight at a time', async () => {
    const differ: string[] = [];
    const one = async (q: ParityQuery): Promise<void> => {
      const sync = syncResults.get(q.id);
      if (sync === undefined) throw new Error(`${q.id} did not run through querySync`);
      let async: CanonRow[] | string;
      try { async = await runOursAsync(db, withDir(q.sql, dir), q.params); } catch (err) { async = `error ${(err as Error).name}: ${(err as Error).message}`; }
      const diff = typeof sync === 'string' || typeof async === 'string'
        ? (sync === async ? undefined : `querySync: ${typeof sync === 'string' ? sync : 'rows'}; query: ${typeof async === 'string' ? async : 'rows'}`)
        : compareRows(sync, async, hasTopLevelOrderBy(q.sql));
      if (diff !== undefined) differ.push(`${q.id}: ${diff.split('\n')[0]}`);
    };
    for (let i = 0; i < CORPUS.length; i += 4) await Promise.all(CORPUS.slice(i, i + 4).map(one));
    expect(differ).toEqual([]);
  });
});

describe('EXPLAIN', () => {
  it('prints a plan for every corpus query trueno-db answers', () => {
    const broken: string[] = [];
    for (const q of CORPUS) {
      let answered = syncResults.get(q.id);
      if (answered === undefined) {
        try { answered = runOurs(db, withDir(q.sql, dir), q.params).rows; } catch { answered = 'error'; }
      }
      if (typeof answered === 'string') continue;
      try {
        const r = db.querySync(`EXPLAIN ${withDir(q.sql, dir)}`, q.params as unknown[] | Record<string, unknown> | undefined);
        const text = r.rows().map((row) => row.join('')).join('\n');
        if (r.numRows < 1 || text.trim().length === 0) broken.push(`${q.id}: empty plan`);
      } catch (err) {
        broken.push(`${q.id}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
