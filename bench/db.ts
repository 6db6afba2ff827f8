/**
 * `npm run bench -- db [case...] [--scale S] [--markdown]`: trueno-db on WORKLOADS.md's database workload (table t,
 * 10M rows: id int32, g = id % 1000 int32, x = uniform(80, n) f64) against DuckDB (@duckdb/node-api, 2 threads, same
 * rows loaded from one Parquet file) and polars (the baseline Python, 2 threads), all in this run.
 *
 * Cases (ratio = baseline time / ours; issue 12's targets are >= 1x DuckDB, and >= 1x polars where polars is faster):
 *   q1_group_by       SELECT g, count(*), sum(x), avg(x) FROM t GROUP BY g
 *   q2_filtered_sum   SELECT sum(x) FROM t WHERE x > 0.5
 *   q3_top10          SELECT * FROM t ORDER BY x DESC LIMIT 10
 * each on the table in memory (`new Database()` vs DuckDB ':memory:') and on disk with a warm cache (a Delta table
 * vs a DuckDB database file), plus:
 *   insert_memory / insert_disk   insertBatch of the 10M-row table, MB/s of column data
 *   select_all                    SELECT * FROM t to an Arrow Table, MB/s
 *   q1_memory                     peak RSS growth of Q1 on a freshly opened on-disk table against the bytes of the
 *                                 columns it reads (g and x) and of the whole table
 * Every answer is checked against DuckDB's before a figure is printed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromArrays, type Table } from 'apache-arrow';
import { Database } from '../lib/trueno-db';
import { writeParquet } from '../lib/alimentar';
import { setBackend, setThreads } from '../lib/trueno';
import { PythonBaseline, findPython } from './_baselines';
import { emit, markdownTables, measureAsync, result, type CaseResult } from './_stats';
import { checkTestVectors, checksum, uniform } from './_workloads';

const THREADS = 2;
const QUERIES = {
  q1_group_by: 'SELECT g, count(*), sum(x), avg(x) FROM t GROUP BY g',
  q2_filtered_sum: 'SELECT sum(x) FROM t WHERE x > 0.5',
  q3_top10: 'SELECT * FROM t ORDER BY x DESC LIMIT 10',
} as const;
type QueryName = keyof typeof QUERIES;

/** The workload's table as Arrow, and the bytes of its columns. */
function workloadTable(n: number): { table: Table; x: Float64Array; bytes: number } {
  const id = new Int32Array(n);
  const g = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    id[i] = i;
    g[i] = i % 1000;
  }
  const x = uniform(80, n);
  return { table: tableFromArrays({ id, g, x }), x, bytes: n * 16 };
}

/** A canonical digest of a query's rows (sorted, numbers to 10 significant digits) to compare engines' answers. */
function digest(rows: unknown[][]): string {
  const cell = (v: unknown) => (typeof v === 'bigint' ? String(v) : typeof v === 'number' ? v.toPrecision(10) : String(v));
  return rows.map((r) => r.map(cell).join(',')).sort().join(';');
}

interface Engine {
  label: string;
  run(sql: string): Promise<unknown[][]>;
}

/** DuckDB in memory or in a file, loaded from the workload's Parquet file. */
async function duckdb(location: string, parquet: string): Promise<Engine & { close(): void }> {
  const { DuckDBInstance, version } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(location, { threads: String(THREADS) });
  const con = await instance.connect();
  await con.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_parquet('${parquet}')`);
  await con.run('CHECKPOINT');
  const toJs = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);
  return {
    label: `duckdb ${version()}`,
    run: async (sql) => (await con.runAndReadAll(sql)).getRows().map((r) => r.map(toJs)),
    close: () => con.closeSync(),
  };
}

function ours(db: Database): Engine {
  const toJs = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);
  return { label: 'trueno-db', run: async (sql) => (await db.query(sql)).rows().map((r) => r.map(toJs)) };
}

/** Peak RSS growth (bytes) while `fn` runs, sampled every millisecond on the (idle) main thread. */
async function peakRssGrowth(fn: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 1);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss()) - start;
}

/**
 * Runs the cases and prints one JSON line per comparison, then the markdown table.
 * @param args - case names (default all), `--scale S` (quick harness checks only), `--markdown` for the table on stdout
 */
export async function main(args: string[]): Promise<void> {
  checkTestVectors();
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  const wanted = new Set(args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--scale'));
  const want = (name: string) => wanted.size === 0 || wanted.has(name);
  const n = Math.round(10_000_000 * scale);
  setBackend('native');
  setThreads(THREADS);

  const { table, x, bytes } = workloadTable(n);
  if (scale === 1) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i];
    if (Math.abs(sum - 5001110.835120976) > 1e-6) throw new Error(`workload check failed: sum(x) = ${sum}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-'));
  const lines: CaseResult[] = [];
  const out = (line: CaseResult) => {
    lines.push(line);
    emit(line);
  };
  try {
    const parquet = path.join(dir, 't.parquet');
    fs.writeFileSync(parquet, writeParquet(table));
    const python = findPython(['polars']);
    if (!python) process.stderr.write('note: no Python with polars found (set SOVEREIGN_PYTHON); no polars baseline\n');
    const polars = python
      ? await PythonBaseline.start(python, 'db', ['--scale', String(scale), '--threads', String(THREADS)], THREADS, { dbX: checksum(x) })
      : undefined;

    const memory = new Database();
    const insertMemory = await timeOnce(() => memory.insertBatch('t', table));
    const disk = await Database.open(path.join(dir, 'tdb'), { create: true });
    const insertDisk = await timeOnce(() => disk.insertBatch('t', table));
    const mb = { amount: bytes, unit: 'MB/s' as const };
    if (want('insert_memory')) out(result({ name: 'insert_memory', backend: 'native', threads: THREADS }, mb, insertMemory));
    if (want('insert_disk')) out(result({ name: 'insert_disk', backend: 'native', threads: THREADS }, mb, insertDisk));

    const duckMemory = await duckdb(':memory:', parquet);
    const duckDisk = await duckdb(path.join(dir, 't.duckdb'), parquet);
    for (const [where, mine, theirs] of [['memory', ours(memory), duckMemory], ['disk', ours(disk), duckDisk]] as const) {
      for (const name of Object.keys(QUERIES) as QueryName[]) {
        if (!want(name)) continue;
        const sql = QUERIES[name];
        const [a, b] = [await mine.run(sql), await theirs.run(sql)];
        if (digest(a) !== digest(b)) throw new Error(`${name} (${where}): trueno-db and DuckDB disagree`);
        const head = { name: `${name}_${where}`, backend: 'native', threads: THREADS };
        const rowsWork = { amount: n, unit: 'Mrows/s' as const };
        const mineS = await measureAsync(() => mine.run(sql));
        const theirsS = await measureAsync(() => theirs.run(sql));
        out(result(head, rowsWork, mineS, { baseline: `${theirs.label} ${THREADS}T`, median_s: theirsS }));
        if (polars && where === 'memory') {
          const p = await polars.time(name, THREADS);
          out(result(head, rowsWork, mineS, { baseline: p.label, median_s: p.median_s, quality: p.quality }));
        }
      }
    }
    if (want('select_all')) {
      const s = await measureAsync(async () => (await memory.query('SELECT * FROM t')).toTable(), { maxReps: 5 });
      out(result({ name: 'select_all', backend: 'native', threads: THREADS }, { amount: bytes, unit: 'MB/s' }, s));
    }
    if (want('q1_memory')) {
      const fresh = await Database.open(path.join(dir, 'tdb'));
      const growth = await peakRssGrowth(() => fresh.query(QUERIES.q1_group_by));
      const line = result({ name: 'q1_memory', backend: 'native', threads: THREADS }, { amount: growth, unit: 'MB/s' }, 1);
      // throughput here reads as the peak growth in MB (amount over one second)
      line.note = `peak RSS growth ${(growth / 1e6).toFixed(0)} MB; columns read (g, x) ${(n * 12 / 1e6).toFixed(0)} MB; table ${(bytes / 1e6).toFixed(0)} MB`;
      out(line);
      fresh.close();
    }
    polars?.close();
    duckMemory.close();
    duckDisk.close();
    memory.close();
    disk.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (args.includes('--markdown')) process.stdout.write(`${markdownTables(lines, 'duckdb')}\n`);
}

async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
