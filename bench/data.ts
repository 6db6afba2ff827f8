/**
 * `npm run bench -- data`: alimentar's formats and DataLoader. Parquet read of the WORKLOADS database table
 * (10M rows: id int32, g int32, x = uniform(80) f64) against pyarrow.parquet.read_table single-threaded, CSV parse
 * (the first 2M rows of that table) against pyarrow.csv.read_csv single-threaded, read and write figures for every
 * format (1M rows), and a DataLoader pass over a Parquet file of more than 1 GB with its peak RSS (in a child process,
 * so the other cases' memory does not count). Files are written once into bench/.cache/ (gitignored).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { RecordBatch, Table, makeVector, type Vector } from 'apache-arrow';
import { ArrowDataset, atomicWrite, decode, encode, writeParquetBatches, type Format } from '../lib/alimentar';
import { findPython } from './_baselines';
import { median } from './_stats';
import { uniform } from './_workloads';

const CACHE = path.join(__dirname, '.cache');
const N = 10_000_000;
const CSV_ROWS = 2_000_000;
const FORMAT_ROWS = 1_000_000;
const BIG_COLUMNS = 16;
const BIG_ROWS = 12_000_000;
/** Rows per row group of the big file: 131,072 rows x 16 float64 = 16 MB per row group, which bounds the reader's memory. */
const BIG_ROW_GROUP = 131_072;

/** The WORKLOADS database table t: id = 0..n-1 (int32), g = id % 1000 (int32), x = uniform(80, n) (f64). */
function workloadTable(n: number): Table {
  const id = new Int32Array(n);
  const g = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    id[i] = i;
    g[i] = i % 1000;
  }
  return new Table({ id: makeVector(id), g: makeVector(g), x: makeVector(uniform(80, n)) });
}

/** Median seconds of `fn`, timed as bench/_python/data.py does (1 warm-up, 3-10 samples, 1 s budget). */
/** Reads of a few hundred ms vary by +-20% here (GC, page faults): 5-15 samples over 2 s, as data.py takes them. */
const MIN_REPS = 5;
const MAX_REPS = 15;
const BUDGET_S = 2;

async function time(fn: () => unknown): Promise<number> {
  await fn();
  const samples: number[] = [];
  while (samples.length < MIN_REPS || (samples.length < MAX_REPS && samples.reduce((a, b) => a + b, 0) < BUDGET_S)) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return median(samples);
}

interface Line {
  name: string;
  backend: string;
  median_s: number;
  throughput: { rows_per_s: number; mb_per_s: number };
  baseline: string | null;
  baseline_median_s: number | null;
  ratio: number | null;
  note?: string;
}

const r4 = (x: number) => Number(x.toPrecision(4));

function emit(name: string, seconds: number, rows: number, bytes: number, base?: { label: string; median_s: number }, note?: string): void {
  const line: Line = {
    name, backend: 'js+wasm', median_s: r4(seconds),
    throughput: { rows_per_s: r4(rows / seconds), mb_per_s: r4(bytes / 1e6 / seconds) },
    baseline: base?.label ?? null, baseline_median_s: base ? r4(base.median_s) : null, ratio: base ? r4(base.median_s / seconds) : null,
  };
  if (note) line.note = note;
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function pyarrow(python: string | undefined, kind: string, file: string, threads = false): { label: string; median_s: number } | undefined {
  if (!python) return undefined;
  const out = JSON.parse(execFileSync(python, [path.join(__dirname, '_python', 'data.py'), kind, file, threads ? 'threads' : '1'], { encoding: 'utf8' }));
  const reader = { parquet: 'parquet.read_table', csv: 'csv.read_csv', json: 'json.read_json' }[kind];
  return { label: `pyarrow ${out.pyarrow} ${reader} ${threads ? 'threads' : '1T'}`, median_s: out.median_s };
}

/** pyarrow's time to write the table of `file` as `format` into memory (Parquet with snappy, as ours). */
function pyarrowWrite(python: string, format: Format, file: string): { label: string; median_s: number } {
  const out = JSON.parse(execFileSync(python, [path.join(__dirname, '_python', 'data.py'), `write_${format}`, file], { encoding: 'utf8' }));
  return { label: `pyarrow ${out.pyarrow} write ${format} 1T`, median_s: out.median_s };
}

/** What each write compares: the same table, both sides single-threaded into memory. */
const WRITE_NOTES: Partial<Record<Format, string>> = {
  parquet: 'both: snappy, dictionary on (1 MB page limit), statistics, 1M-row groups, data page v1; ours skips dictionaries that would overflow and encodes column groups on the worker pool',
  csv: 'both: header, shortest round-trip numbers; ours formats on every core (trueno csv_format)',
};

async function ensure(file: string, make: () => Promise<void>): Promise<string> {
  if (!existsSync(file)) await make();
  return file;
}

async function bigParquet(): Promise<string> {
  const file = path.join(CACHE, `big-${BIG_ROWS}x${BIG_COLUMNS}-rg${BIG_ROW_GROUP}.parquet`);
  return ensure(file, async () => {
    const chunk = 500_000;
    function* batches(): Generator<RecordBatch> {
      for (let start = 0; start < BIG_ROWS; start += chunk) {
        const n = Math.min(chunk, BIG_ROWS - start);
        const cols: Record<string, Vector> = {};
        for (let c = 0; c < BIG_COLUMNS; c++) {
          const u = uniform(100 + c, start + n).subarray(start);
          cols[`c${c}`] = makeVector(u);
        }
        yield new Table(cols).batches[0];
      }
    }
    await atomicWrite(file, writeParquetBatches(batches(), { compression: 'snappy', dictionary: false, rowGroupSize: BIG_ROW_GROUP }));
  });
}

/**
 * The DataLoader pass, run in a child process on the compiled package (dist/cjs, what an application loads), so that
 * the TypeScript require hook of the bench itself (about 40 MiB) is not counted: prints {rows, seconds, peak_rss_mb}.
 */
const LOADER_CHILD = `
const { StreamingDataset, DataLoader } = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'cjs', 'alimentar'))});
(async () => {
  let peak = 0;
  const sd = await StreamingDataset.open(process.argv[1]);
  const t0 = process.hrtime.bigint();
  let rows = 0;
  const shuffleBuffer = process.argv[2] === 'default' ? undefined : Number(process.argv[2]);
  for await (const batch of new DataLoader(sd, { batchSize: 4096, shuffle: true, seed: 1, prefetch: 2, shuffleBuffer })) {
    rows += batch.numRows;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  sd.close();
  process.stdout.write(JSON.stringify({ rows, seconds, peak_rss_mb: peak / 2 ** 20 }) + '\\n');
})().catch((e) => { console.error(e); process.exit(1); });
`;

/**
 * Runs every case and prints one JSON line each.
 * @param args - case-name filters (substring match); none runs all
 */
export async function main(args: string[] = []): Promise<void> {
  const want = (name: string) => args.length === 0 || args.some((a) => name.includes(a));
  mkdirSync(CACHE, { recursive: true });
  const python = findPython();
  if (!python) process.stderr.write('bench data: no Python with pyarrow found; baselines left out\n');

  // With the default shuffle buffer (rows mix across pieces) and with shuffling within each piece only.
  for (const [name, buffer] of [['dataloader_parquet_1gb_shuffle_b4096', 'default'], ['dataloader_parquet_1gb_shuffle_within_pieces_b4096', '0']]) {
    if (!want(name)) continue;
    const file = await bigParquet();
    const out = spawnSync(process.execPath, ['-e', LOADER_CHILD, file, buffer], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`DataLoader child failed: ${out.stderr}`);
    const r = JSON.parse(out.stdout.trim().split('\n').pop()!);
    emit(name, r.seconds, r.rows, statSync(file).size, undefined,
      `file ${(statSync(file).size / 2 ** 30).toFixed(2)} GiB in row groups of ${BIG_ROW_GROUP} rows, shuffleBuffer ${buffer}, peak RSS ${r.peak_rss_mb.toFixed(0)} MiB (target < 300 MB)`);
  }

  const table = workloadTable(N);
  const pqFile = await ensure(path.join(CACHE, 't10m.parquet'), () => ArrowDataset.fromTable(table).write(path.join(CACHE, 't10m.parquet')));
  if (python) {
    const check = JSON.parse(execFileSync(python, [path.join(__dirname, '_python', 'data.py'), 'check', pqFile], { encoding: 'utf8' }));
    if (check.rows !== N || Math.abs(check.sum_x - 5001110.835120976) > 1e-6) throw new Error(`workload check failed: ${JSON.stringify(check)}`);
  }
  if (want('parquet_read_10m')) {
    const s = await time(() => ArrowDataset.open(pqFile));
    emit('parquet_read_10m_x3_snappy', s, N, N * 16, pyarrow(python, 'parquet', pqFile));
  }
  if (want('csv_read_2m')) {
    const csvFile = await ensure(path.join(CACHE, 't2m.csv'), () => ArrowDataset.fromTable(table.slice(0, CSV_ROWS)).write(path.join(CACHE, 't2m.csv')));
    const bytes = statSync(csvFile).size;
    const s = await time(() => ArrowDataset.open(csvFile));
    emit('csv_read_2m_x3', s, CSV_ROWS, bytes, pyarrow(python, 'csv', csvFile));
    const mt = pyarrow(python, 'csv', csvFile, true);
    if (mt) emit('csv_read_2m_x3_vs_pyarrow_threads', s, CSV_ROWS, bytes, mt);
  }
  if (want('jsonl_read_1m')) {
    const jsonFile = await ensure(path.join(CACHE, 't1m.jsonl'), () => ArrowDataset.fromTable(table.slice(0, FORMAT_ROWS)).write(path.join(CACHE, 't1m.jsonl')));
    const s = await time(() => ArrowDataset.open(jsonFile));
    emit('jsonl_read_1m_x3', s, FORMAT_ROWS, statSync(jsonFile).size, pyarrow(python, 'json', jsonFile));
  }
  const small = table.slice(0, FORMAT_ROWS);
  const ds = ArrowDataset.fromTable(new Table(small.batches.length === 1 ? small.batches : ArrowDataset.fromTable(small).take(FORMAT_ROWS).toTable().batches));
  const formats: Format[] = ['parquet', 'ipc', 'arrows', 'csv', 'jsonl'];
  const smallParquet = await ensure(path.join(CACHE, 't1m.parquet'), () => ds.write(path.join(CACHE, 't1m.parquet')));
  for (const format of formats) {
    if (!want(`format_${format}`)) continue;
    const opts = format === 'parquet' ? { compression: 'snappy' as const } : {};
    let bytes = encode(ds.toTable(), format, opts);
    const w = await time(() => {
      bytes = encode(ds.toTable(), format, opts);
    });
    // pyarrow writes the same table (read from a Parquet copy of it); JSON has no pyarrow writer
    const base = format === 'jsonl' || !python ? undefined : pyarrowWrite(python, format, smallParquet);
    emit(`format_${format}_write_1m_x3`, w, FORMAT_ROWS, bytes.length, base, WRITE_NOTES[format]);
    const r = await time(() => decode(bytes, format));
    emit(`format_${format}_read_1m_x3`, r, FORMAT_ROWS, bytes.length);
  }
  if (want('parquet_write_codecs')) {
    for (const compression of ['uncompressed', 'snappy', 'zstd', 'gzip', 'lz4'] as const) {
      let size = 0;
      const s = await time(() => {
        size = encode(ds.toTable(), 'parquet', { compression }).length;
      });
      emit(`parquet_write_1m_x3_${compression}`, s, FORMAT_ROWS, size);
    }
  }
}
