/**
 * The file fuzz run: mutants of every seed file of every format, each opened through every path in a supervised child
 * (test/fuzz/file-child.ts), a subset also through the real `alimentar` CLI process, classified and counted. Mutant
 * files that failed are kept under the run's folder for inspection, with failures.json listing them.
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArrowDataset } from '../../lib/alimentar';
import { SHARED_DATA } from '../helpers/shared-data';
import { Supervisor, runLimited } from '../helpers/supervisor';
import { CONVERT_TO, cliRows, oracle, type FileJob, type FilePath } from './file-oracle';
import { mutant, parseMutantId, type FuzzFormat, type Mutant } from './mutate';
import { FAILURE_CLASSES, classifyError, type OutcomeClass, type PathOutcome } from './outcome';

/** The datasets every format is seeded with (scikit-learn's, in ../shared/data). */
export const DATASETS = ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes'];
/** The fuzzed formats. */
export const FORMATS: FuzzFormat[] = ['csv', 'parquet', 'arrow', 'json', 'jsonl'];

/** One fuzz run's size and limits. */
export interface FileFuzzConfig {
  /** Mutants per format (spread over the seeds). */
  mutantsPerFormat: number;
  /** Of those, how many also go through the `alimentar` process (slow: a node start each). */
  cliPerFormat: number;
  /** Only these formats (default all). */
  formats?: FuzzFormat[];
  /** Only these mutant ids (reproducing failures), when given. */
  only?: string[];
  /** The run's folder: seeds, mutants in flight, kept failures. */
  dir: string;
  /**
   * After this many crashes, hangs or blow-ups on one path of a format, that path is skipped for the format's remaining
   * mutants: each costs a timeout or a child start, and the test has failed already (a by-hand run raises it).
   */
  maxKillsPerPath: number;
  /** A stage's hard timeout in the child, ms. */
  timeoutMs: number;
  heapMb: number;
  rssCapMb: number;
}

/** One mutant's outcome on one path. */
export interface FuzzRecord extends PathOutcome {
  id: string;
  format: FuzzFormat;
  description: string;
  /** Where the mutant's bytes were kept (failures only). */
  kept?: string;
}

/** What a run found. */
export interface FileFuzzReport {
  records: FuzzRecord[];
  /** How many mutants per format were tried. */
  mutants: Record<string, number>;
  /** Seconds per format. */
  seconds: Record<string, number>;
  /** Child starts (1 per format, plus one per crash, hang or memory kill). */
  childStarts: number;
  /** Paths given up on after maxKillsPerPath (`format path`), with the mutants they skipped. */
  skipped: Record<string, number>;
  dir: string;
}

const JSON_SEED_ROWS = 200;

/** Paths per format: the worker pool decodes Parquet only. */
function pathsOf(format: FuzzFormat): FilePath[] {
  return format === 'parquet' ? ['whole', 'stream', 'pool', 'cli-main'] : ['whole', 'stream', 'cli-main'];
}

const CLI_COMMANDS: FileJob['cli'][] = ['head', 'info', 'convert'];

/**
 * Writes the seed files into `dir/seeds`: the shared CSV, Parquet and Arrow files, and JSON / JSON Lines written by the
 * library from the CSV.
 * @param dir - the run's folder
 * @returns seed file paths per format
 */
export async function prepareSeeds(dir: string): Promise<Record<FuzzFormat, string[]>> {
  const seeds = path.join(dir, 'seeds');
  mkdirSync(seeds, { recursive: true });
  const out = {} as Record<FuzzFormat, string[]>;
  for (const format of FORMATS) out[format] = [];
  for (const name of DATASETS) {
    for (const format of ['csv', 'parquet', 'arrow'] as const) {
      const to = path.join(seeds, `${name}.${format}`);
      copyFileSync(path.join(SHARED_DATA, `${name}.${format}`), to);
      out[format].push(to);
    }
    // the first rows only: the JSON text of all of digits is 1.6 MB, slow to re-read for each mutant and no more telling
    const ds = (await ArrowDataset.open(path.join(SHARED_DATA, `${name}.csv`))).head(JSON_SEED_ROWS);
    for (const format of ['json', 'jsonl'] as const) {
      const to = path.join(seeds, `${name}.${format}`);
      writeFileSync(to, ds.toBytes(format));
      out[format].push(to);
    }
  }
  return out;
}

/** The mutants of one format: index i goes to seed i mod seeds, so every seed gets its share. */
function* mutantsOf(format: FuzzFormat, seeds: string[], config: FileFuzzConfig): Generator<{ seed: string; m: Mutant }> {
  // plain Uint8Arrays: a Buffer's slice() is a view, and the mutators copy with slice()
  const bytes = new Map(seeds.map((s) => [path.basename(s), new Uint8Array(readFileSync(s))]));
  const bySeed = new Map(seeds.map((s) => [path.basename(s), s]));
  const ids = config.only
    ? config.only.filter((id) => parseMutantId(id)?.seedName.endsWith(`.${format}`))
    : Array.from({ length: config.mutantsPerFormat }, (_, i) => `${path.basename(seeds[i % seeds.length])}#${Math.floor(i / seeds.length)}`);
  for (const id of ids) {
    const { seedName, index } = parseMutantId(id)!;
    const seed = bySeed.get(seedName);
    if (seed === undefined) throw new Error(`Expected a seed file for mutant ${id} but there is no ${seedName}`);
    yield { seed, m: mutant(seedName, format, bytes.get(seedName)!, index) };
  }
}

function mutantFile(dir: string, format: FuzzFormat, m: Mutant): string {
  const { seedName, index } = parseMutantId(m.id)!;
  return path.join(dir, format, `${seedName.replace('.', '_')}-m${index}.${format}`);
}

/** Paths over the same bytes must agree: all decode to the same rows, or all fail. */
function crossCheck(outcomes: PathOutcome[]): PathOutcome | undefined {
  const full = outcomes.filter((o) => o.path === 'whole' || o.path === 'stream' || o.path === 'pool');
  const decoded = full.filter((o) => o.rows !== undefined && (o.outcome === 'ok' || o.outcome === 'silent'));
  const failed = full.filter((o) => o.rows === undefined);
  const rows = new Set(decoded.map((o) => o.rows));
  if (rows.size > 1 || (decoded.length > 0 && failed.length > 0)) {
    return { path: 'cross', outcome: 'disagree', detail: full.map((o) => `${o.path}: ${o.rows !== undefined ? `${o.rows} rows` : `${o.outcome} ${o.detail}`.slice(0, 120)}`).join('; ') };
  }
  return undefined;
}

async function fuzzFormat(format: FuzzFormat, seeds: string[], config: FileFuzzConfig, report: FileFuzzReport): Promise<void> {
  const supervisor = new Supervisor<FileJob, null, PathOutcome>({
    script: path.join(__dirname, 'file-child.ts'),
    env: {
      FUZZ_ASYNC_HANG_MS: String(Math.round(config.timeoutMs * 0.8)),
      FUZZ_SCRATCH: path.join(config.dir, 'work', format),
      ...(format === 'parquet' ? { FUZZ_WARM_POOL: seeds[0] } : {}),
    },
    timeoutMs: config.timeoutMs,
    heapMb: config.heapMb,
    rssCapMb: config.rssCapMb,
  });
  const work = path.join(config.dir, 'work');
  mkdirSync(path.join(work, format), { recursive: true });
  mkdirSync(path.join(config.dir, 'failures', format), { recursive: true });
  const seedRows = new Map<string, number>();
  const kills = new Map<string, number>();
  let n = 0;
  const started = Date.now();
  try {
    for (const { seed, m } of mutantsOf(format, seeds, config)) {
      const file = mutantFile(work, format, m);
      writeFileSync(file, m.bytes);
      const cli = CLI_COMMANDS[n % CLI_COMMANDS.length];
      const outcomes: PathOutcome[] = [];
      let failed = false;
      const live = pathsOf(format).filter((p) => (kills.get(p) ?? 0) < config.maxKillsPerPath);
      for (const p of pathsOf(format).filter((q) => !live.includes(q))) report.skipped[`${format} ${p}`] = (report.skipped[`${format} ${p}`] ?? 0) + 1;
      // after a crash, hang or blow-up, the paths not yet tried go to a fresh child
      for (let paths = live; paths.length > 0; ) {
        const r = await supervisor.run({ file, seed, canary: seeds[0], format, truncated: m.truncated, paths, cli });
        outcomes.push(...r.notes);
        if (!r.failure) break;
        failed = true;
        outcomes.push({ path: r.failure.stage, outcome: r.failure.kind, detail: r.failure.detail });
        kills.set(r.failure.stage, (kills.get(r.failure.stage) ?? 0) + 1);
        const at = paths.indexOf(r.failure.stage as FilePath);
        paths = at < 0 ? [] : paths.slice(at + 1);
      }
      const cross = failed ? undefined : crossCheck(outcomes);
      if (cross) outcomes.push(cross);
      if (n < config.cliPerFormat || config.only) {
        if (!seedRows.has(seed)) seedRows.set(seed, (await ArrowDataset.open(seed)).numRows);
        outcomes.push(await viaCliProcess(file, format, m, cli, seedRows.get(seed)!, config));
      }
      const kept = outcomes.some((o) => FAILURE_CLASSES.includes(o.outcome)) ? mutantFile(path.join(config.dir, 'failures'), format, m) : undefined;
      if (kept) renameSync(file, kept);
      else rmSync(file, { force: true });
      for (const o of outcomes) report.records.push({ id: m.id, format, description: m.description, ...o, ...(kept && FAILURE_CLASSES.includes(o.outcome) ? { kept } : {}) });
      n++;
    }
  } finally {
    supervisor.close();
    report.childStarts += supervisor.starts;
    report.mutants[format] = n;
    report.seconds[format] = (Date.now() - started) / 1000;
  }
}

/** The real `alimentar` process on a mutant, with the same limits: the CLI path including process exit handling. */
async function viaCliProcess(file: string, format: FuzzFormat, m: Mutant, command: FileJob['cli'], seedRows: number, config: FileFuzzConfig): Promise<PathOutcome> {
  const cliJs = path.resolve(__dirname, '../../dist/cjs/cli/alimentar.js');
  const args = command === 'convert' ? ['convert', file, `${file}.out.${CONVERT_TO[format]}`, '--json'] : [command, file, '--json'];
  const r = await runLimited([cliJs, ...args], { timeoutMs: config.timeoutMs * 2, heapMb: config.heapMb, rssCapMb: config.rssCapMb });
  rmSync(`${file}.out.${CONVERT_TO[format]}`, { force: true });
  const p = `cli-${command}`;
  if (r.failure) return { path: p, outcome: r.failure, detail: `${r.signal ?? `exit ${r.status}`}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  try {
    const rows = cliRows(r.status, r.stdout, r.stderr, command);
    const wrong = oracle(format, m.truncated, m.bytes.length, rows, seedRows);
    return wrong === undefined ? { path: p, outcome: 'ok', detail: `${rows} rows`, rows } : { path: p, outcome: 'silent', detail: wrong, rows };
  } catch (e) {
    return { path: p, ...classifyError(e) };
  }
}

/**
 * Runs the fuzz over every format, two formats at a time (one child each).
 * @param config - size, limits, folder
 * @returns the records of every mutant and path
 */
export async function runFileFuzz(config: FileFuzzConfig): Promise<FileFuzzReport> {
  const seeds = await prepareSeeds(config.dir);
  const report: FileFuzzReport = { records: [], mutants: {}, seconds: {}, childStarts: 0, skipped: {}, dir: config.dir };
  const queue = [...(config.formats ?? FORMATS)];
  const worker = async () => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) await fuzzFormat(f, seeds[f], config, report);
  };
  await Promise.all([worker(), worker()]);
  rmSync(path.join(config.dir, 'work'), { recursive: true, force: true });
  writeFileSync(path.join(config.dir, 'failures.json'), JSON.stringify(report.records.filter((r) => FAILURE_CLASSES.includes(r.outcome)), null, 1));
  writeFileSync(path.join(config.dir, 'records.json'), JSON.stringify(report.records));
  return report;
}

/**
 * Counts per format, path and class, with up to `examples` mutant ids for each failure class.
 * @param report - a run's report
 * @param examples - ids shown per failing cell
 * @returns a readable table
 */
export function summarize(report: FileFuzzReport, examples = 3): string {
  const cells = new Map<string, FuzzRecord[]>();
  for (const r of report.records) {
    const key = `${r.format}\t${r.path}\t${r.outcome}`;
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  const lines = [`mutants: ${Object.entries(report.mutants).map(([f, n]) => `${f} ${n} (${report.seconds[f]} s)`).join(', ')}; child starts: ${report.childStarts}; folder: ${report.dir}`];
  const skipped = Object.entries(report.skipped);
  if (skipped.length > 0) lines.push(`FAIL paths given up after repeated crashes / hangs (mutants skipped): ${skipped.map(([k, v]) => `${k} (${v})`).join(', ')}`);
  for (const [key, rs] of [...cells].sort(([a], [b]) => a.localeCompare(b))) {
    const [format, p, outcome] = key.split('\t') as [string, string, OutcomeClass];
    const failing = FAILURE_CLASSES.includes(outcome);
    lines.push(`${failing ? 'FAIL' : '    '} ${format.padEnd(8)}${p.padEnd(12)}${outcome.padEnd(10)}${String(rs.length).padStart(6)}`);
    if (failing) for (const r of rs.slice(0, examples)) lines.push(`       ${r.id} [${r.description}] ${r.detail.split('\n')[0].slice(0, 240)}`);
  }
  return lines.join('\n');
}
