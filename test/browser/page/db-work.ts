/**
 * The trueno-db work the browser suite runs twice, in the page (browser build) and in Node, to compare the answers:
 * a slice of the DuckDB parity corpus (test/trueno-db/parity: every fourth query of every category but the
 * file-source one, whose queries a page refuses) over the parity tables inserted as Arrow Tables, through querySync,
 * every fifth of those also through query (the page's deferred path); DDL and DML through exec; results as a matrix,
 * a vector and an Arrow Table. The slice keeps the suite's time small; the whole corpus runs in Node's parity test.
 */
import type { Database } from '../../../lib/trueno-db';
import { CORPUS } from '../../trueno-db/parity/corpus';
import { openOurs, runOurs, runOursAsync } from '../../trueno-db/parity/ours';
import type { CanonRow } from '../../trueno-db/parity/compare';

/** One query's outcome: canonical rows and width, or the error's name and code. */
export type Answer = { rows: CanonRow[]; width: number; asyncRows?: CanonRow[] } | { error: string };

function failure(e: unknown): { error: string } {
  return { error: `${(e as Error).name}/${(e as { code?: string }).code ?? ''}` };
}

/** The corpus queries a page runs: every fourth of each category, except the file sources. */
export const PAGE_CORPUS = CORPUS.filter((q) => q.category !== 'files' && Number(q.id.slice(q.id.lastIndexOf('-') + 1)) % 4 === 1);
/** The file-source queries, which a page refuses. */
export const FILE_QUERIES = CORPUS.filter((q) => q.category === 'files');

async function corpus(db: Database): Promise<Record<string, Answer>> {
  const out: Record<string, Answer> = {};
  for (const [i, q] of PAGE_CORPUS.entries()) {
    try {
      const r: Answer = runOurs(db, q.sql, q.params);
      if (i % 5 === 0) r.asyncRows = await runOursAsync(db, q.sql, q.params);
      out[q.id] = r;
    } catch (e) {
      out[q.id] = failure(e);
    }
  }
  return out;
}

async function statements(db: Database): Promise<Record<string, unknown>> {
  const r: Record<string, unknown> = {};
  r.created = await db.exec('CREATE TABLE pts (id INTEGER, x DOUBLE, y DOUBLE, tag VARCHAR); INSERT INTO pts VALUES (1, 0.5, 2, \'a\'), (2, 1.5, -1, \'b\'), (3, NULL, 4, \'a\')');
  r.ctas = await db.exec('CREATE TABLE agg AS SELECT grp, count(*) AS n, sum(i32) AS s FROM t GROUP BY grp');
  r.deleted = await db.exec('DELETE FROM pts WHERE y < 0');
  const res = await db.query('SELECT x, y FROM pts WHERE x IS NOT NULL ORDER BY id');
  r.matrix = { shape: res.toMatrix().shape, data: Array.from(res.toMatrix().data as Float64Array) };
  r.vector = Array.from((await db.query('SELECT y FROM pts ORDER BY id')).toVector().data as Float64Array);
  const table = (await db.query('SELECT id, tag FROM pts ORDER BY id')).toTable();
  r.table = { names: table.schema.fields.map((f) => f.name), rows: table.toArray().map((row) => ({ ...row.toJSON() })) };
  r.agg = (await db.query('SELECT n, s FROM agg ORDER BY grp NULLS FIRST LIMIT 5')).rows({ bigint: true });
  r.tables = db.tables();
  return r;
}

/**
 * Runs the work on a fresh database (the parity tables).
 * @param fileDir - the folder the file-source queries name (`{dir}`); in a page nothing is read from it
 * @returns the corpus answers, the file queries' outcomes and the statements' results
 */
export async function dbWork(fileDir: string): Promise<{ corpus: Record<string, Answer>; files: Record<string, Answer>; statements: Record<string, unknown> }> {
  const db = await openOurs();
  try {
    const files: Record<string, Answer> = {};
    for (const q of FILE_QUERIES) {
      try {
        files[q.id] = runOurs(db, q.sql.replace(/\{dir\}/g, fileDir), q.params);
      } catch (e) {
        files[q.id] = failure(e);
      }
    }
    return { corpus: await corpus(db), files, statements: await statements(db) };
  } finally {
    await db.close();
  }
}
