/**
 * The supervised child of the file fuzz: opens each mutant file it is sent through every path (whole file, streaming,
 * the Parquet worker pool, the CLI's main in-process) against the built package (dist/cjs, what users and the CLI
 * run), checks what decoded with the oracle, and re-reads a pristine file after any failure to catch a module instance
 * the mutant left broken. Crashes, hangs and memory blow-ups are the supervisor's to see (test/helpers/supervisor.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RecordBatch, Schema, Table } from 'apache-arrow';
import { serveJobs } from '../helpers/supervisor';
import { classifyError, type PathOutcome } from './outcome';
import type { FuzzFormat } from './mutate';
import { CONVERT_TO, cliRows, oracle, type FileJob, type FilePath } from './file-oracle';

/* eslint-disable @typescript-eslint/no-require-imports */
const dist = path.resolve(__dirname, '../../dist/cjs');
const alimentar = require(path.join(dist, 'alimentar')) as typeof import('../../lib/alimentar');
const { decodeOnPool } = require(path.join(dist, 'alimentar/formats/parquet/pool')) as typeof import('../../lib/alimentar/formats/parquet/pool');
const { countRowGroups } = require(path.join(dist, 'alimentar/formats/parquet/footer')) as typeof import('../../lib/alimentar/formats/parquet/footer');
const { main } = require(path.join(dist, 'cli/alimentar')) as typeof import('../../lib/cli/alimentar');
const { tableFromIPC } = require('apache-arrow') as typeof import('apache-arrow');
/* eslint-enable @typescript-eslint/no-require-imports */

// `convert` output; in the run's work folder (removed at the end of the run), as a killed child cleans up nothing
const scratch = process.env.FUZZ_SCRATCH ?? mkdtempSync(path.join(tmpdir(), 'sovereign-fuzz-child-'));

/** A decoded result that is not internally consistent: the reader returned garbage instead of an error. */
class InconsistentResult extends Error {}

/** Throws InconsistentResult when a batch is not internally consistent or a value unreadable. */
function checkBatch(b: RecordBatch, schema: Schema): void {
  try {
    checkColumns(b, schema);
  } catch (e) {
    throw e instanceof InconsistentResult ? e : new InconsistentResult(`a value does not read: ${classifyError(e).detail}`);
  }
}

function checkColumns(b: RecordBatch, schema: Schema): void {
  if (!Number.isInteger(b.numRows) || b.numRows < 0) throw new InconsistentResult(`batch with ${b.numRows} rows`);
  if (b.schema.fields.length !== schema.fields.length) throw new InconsistentResult(`batch with ${b.schema.fields.length} columns, schema ${schema.fields.length}`);
  b.schema.fields.forEach((f, i) => {
    const column = b.getChildAt(i);
    if (column === null) throw new InconsistentResult(`column ${f.name} missing`);
    if (column.length !== b.numRows) throw new InconsistentResult(`column ${f.name} has ${column.length} values for ${b.numRows} rows`);
    if (column.nullCount > column.length) throw new InconsistentResult(`column ${f.name} has ${column.nullCount} nulls in ${column.length} values`);
    let n = 0;
    for (const _ of column) n++;
    if (n !== b.numRows) throw new InconsistentResult(`column ${f.name} yields ${n} values for ${b.numRows} rows`);
  });
}

function checkTable(t: Table): number {
  let rows = 0;
  for (const b of t.batches) {
    checkBatch(b, t.schema);
    rows += b.numRows;
  }
  if (rows !== t.numRows) throw new InconsistentResult(`batches hold ${rows} rows, the table says ${t.numRows}`);
  return rows;
}

async function readWhole(file: string): Promise<number> {
  return checkTable((await alimentar.ArrowDataset.open(file)).toTable());
}

async function readStream(file: string): Promise<number> {
  const sd = await alimentar.StreamingDataset.open(file);
  try {
    let rows = 0;
    for await (const b of sd.batches()) {
      checkBatch(b, b.schema);
      rows += b.numRows;
    }
    return rows;
  } finally {
    sd.close();
  }
}

/**
 * The worker-pool path, forced: readParquetFile sends only files of 8 MiB or more there, so the mutant goes straight to
 * decodeOnPool with all its row groups, as readParquetFile would hand them over. A pool that could not run returns
 * undefined (the reader then decodes on its own thread); here that is reported, since only a dead worker causes it.
 */
async function readPool(file: string): Promise<number> {
  const bytes = readFileSync(file);
  const count = countRowGroups(bytes, file);
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  const rowGroups = Array.from({ length: count }, (_, i) => i);
  const decoded = await decodeOnPool(shared, bytes.length, rowGroups, 1 << 20, (ipc) => tableFromIPC(ipc).schema);
  if (decoded === undefined) throw new Error('the pool returned no result: a worker died during the read');
  if ('error' in decoded) throw Object.assign(new Error(decoded.error), { code: 'ERR_ALIMENTAR_PARQUET' });
  return checkTable(decoded);
}

class Collect {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

/** The CLI's main in this process (`alimentar <command> <file> --json`): exit 0 with JSON, or exit 3 with a JSON error. */
async function readCli(file: string, format: FuzzFormat, command: FileJob['cli']): Promise<number> {
  const out = new Collect();
  const err = new Collect();
  const output = path.join(scratch, `out.${CONVERT_TO[format]}`);
  const argv = command === 'convert' ? ['convert', file, output, '--json'] : [command, file, '--json'];
  const code = await main(argv, { stdout: out as never, stderr: err as never });
  return cliRows(code, out.text, err.text, command);
}

const seedRows = new Map<string, number>();

async function run(p: FilePath, job: FileJob, file: string): Promise<number> {
  switch (p) {
    case 'whole':
      return readWhole(file);
    case 'stream':
      return readStream(file);
    case 'pool':
      return readPool(file);
    case 'cli-main':
      return readCli(file, job.format, job.cli);
  }
}

async function openPath(p: FilePath, job: FileJob, size: number): Promise<PathOutcome> {
  const expected = seedRows.get(job.seed)!;
  try {
    const rows = await run(p, job, job.file);
    const wrong = oracle(job.format, job.truncated, size, rows, expected);
    return wrong === undefined ? { path: p, outcome: 'ok', detail: `${rows} rows`, rows } : { path: p, outcome: 'silent', detail: wrong, rows };
  } catch (e) {
    const outcome: PathOutcome = e instanceof InconsistentResult ? { path: p, outcome: 'silent', detail: `decoded, but ${e.message}` } : { path: p, ...classifyError(e) };
    return canary(p, job, outcome);
  }
}

/** After a failure, a pristine file (the format's smallest seed) must still read as before through the same path. */
async function canary(p: FilePath, job: FileJob, failed: PathOutcome): Promise<PathOutcome> {
  const expected = seedRows.get(job.canary)!;
  try {
    const rows = await run(p, { ...job, cli: 'info' }, job.canary);
    if (rows === expected) return failed;
    return { path: p, outcome: 'poisoned', detail: `after "${failed.detail}" the pristine seed read as ${rows} rows, not ${expected}` };
  } catch (e) {
    return { path: p, outcome: 'poisoned', detail: `after "${failed.detail}" the pristine seed failed: ${classifyError(e).detail}` };
  }
}

/**
 * Starts the pool's workers before the first job when asked (FUZZ_WARM_POOL: a pristine Parquet file): their start,
 * seconds on a loaded machine, would otherwise count against the first mutant's timeout.
 */
async function warmUp(): Promise<void> {
  if (process.env.FUZZ_WARM_POOL) await readPool(process.env.FUZZ_WARM_POOL);
}

void warmUp().then(() => serveJobs<FileJob, null, PathOutcome>(async (job, report) => {
  for (const f of [job.seed, job.canary]) if (!seedRows.has(f)) seedRows.set(f, await readWhole(f));
  const size = readFileSync(job.file).length;
  for (const p of job.paths) {
    report.stage(p);
    const t = performance.now();
    const outcome = await openPath(p, job, size);
    report.note({ ...outcome, ms: Math.round(performance.now() - t) });
  }
  return null;
}, Number(process.env.FUZZ_ASYNC_HANG_MS ?? 8000)));
