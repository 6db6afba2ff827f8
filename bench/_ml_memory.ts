/**
 * The memory check of `npm run bench -- ml`: peak RSS while fitting on the reg data (1M x 50 float64, 400 MB of X),
 * each estimator in a fresh child process so nothing else of the run counts. The child loads the library, notes its
 * RSS, builds X straight into its array (no full-size temporary) and y, notes the RSS again, fits, and reads the
 * process's peak RSS (getrusage maxrss, which covers the whole fit). Issue 9: fitting on a contiguous float64 Tensor
 * must not copy X, so the peak may exceed the RSS before the data by at most the data's size + 100 MB.
 * scikit-learn's fit is measured the same way (bench/_python/ml.py --memory), for comparison.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { baselineEnv } from './_baselines';
import type { BackendName } from '../lib/trueno';

/** The fits whose peak RSS is checked. */
const ESTIMATORS = ['LinearRegression', 'StandardScaler'] as const;
type Fitted = (typeof ESTIMATORS)[number];

/** The allowance over the data's size (issue 9). */
const ALLOWANCE_MB = 100;
const MB = 1024 * 1024;

/** What one side's child reports (bytes). */
interface ChildReport {
  label?: string;
  rss_start: number;
  rss_before_fit: number;
  peak_rss: number;
  data_bytes: number;
  skipped?: string;
}

/** One memory line of the bench output (MB). */
export interface MemoryLine {
  name: 'memory';
  estimator: Fitted;
  backend: string;
  threads: number;
  data_mb: number;
  /** RSS of the child with the library loaded, before the data. */
  rss_start_mb: number | null;
  rss_before_fit_mb: number | null;
  peak_rss_mb: number | null;
  /** Peak minus the RSS before the data: must stay under limit_mb. */
  peak_over_start_mb: number | null;
  /** Peak minus the RSS just before fit: what the fit itself added. */
  fit_added_mb: number | null;
  limit_mb: number;
  pass: boolean | null;
  skipped?: string;
  baseline: string | null;
  baseline_peak_over_start_mb: number | null;
  baseline_fit_added_mb: number | null;
}

const mb = (bytes: number) => Math.round(bytes / MB);

/** A size field of /proc/self/status (VmRSS, VmHWM) in bytes. */
function procStatus(field: 'VmRSS' | 'VmHWM'): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (!kb) throw new Error(`no ${field} in /proc/self/status`);
  return Number(kb[1]) * 1024;
}

/**
 * The child's side (run by {@link memoryChecks} in a fresh process): builds the reg data and fits one estimator on
 * it, then prints a {@link ChildReport} line.
 * @param estimator - LinearRegression or StandardScaler
 * @param scale - row-count factor of the reg data
 * @param backend - the trueno backend
 * @param threads - native threads
 */
export function childMain(estimator: Fitted, scale: number, backend: BackendName, threads: number): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded here so the parent's imports stay light */
  const trueno = require('../lib/trueno') as typeof import('../lib/trueno');
  const { exported } = require('./ml') as typeof import('./ml');
  const { regWorkload } = require('./_workloads') as typeof import('./_workloads');
  /* eslint-enable @typescript-eslint/no-require-imports */
  trueno.setBackend(backend);
  if (backend === 'native') trueno.setThreads(threads);
  const cls = exported(estimator);
  const start = procStatus('VmRSS');
  const reg = regWorkload(scale);
  const X = trueno.Tensor.from(reg.X, [reg.n, reg.d]);
  const report: ChildReport = { rss_start: start, rss_before_fit: procStatus('VmRSS'), peak_rss: 0, data_bytes: reg.X.byteLength + reg.y.byteLength };
  fs.writeFileSync('/proc/self/clear_refs', '5');
  if (!cls) report.skipped = `${estimator} is not in aprender yet`;
  else if (estimator === 'LinearRegression') new cls().fit(X, reg.y);
  else new cls().fit(X);
  report.peak_rss = procStatus('VmHWM');
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** Runs a child and parses its last stdout line; an error report when it fails. */
function runChild(command: string, args: string[], env?: NodeJS.ProcessEnv): ChildReport | { error: string } {
  const r = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 16 * MB });
  const last = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !last) return { error: `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}` };
  return JSON.parse(last) as ChildReport;
}

/**
 * Measures each fit's peak RSS in child processes: ours on the given backend, scikit-learn's when a Python is here.
 * @param scale - row-count factor of the reg data
 * @param variant - our backend and thread count
 * @param python - the baseline's interpreter, if any
 * @returns one line per estimator
 */
export async function memoryChecks(scale: number, variant: { backend: BackendName; threads: number }, python?: string): Promise<MemoryLine[]> {
  const root = path.join(__dirname, '..');
  const lines: MemoryLine[] = [];
  if (!fs.existsSync('/proc/self/clear_refs')) {
    process.stderr.write('note: the memory check needs Linux /proc (VmHWM, clear_refs); skipped\n');
    return lines;
  }
  for (const estimator of ESTIMATORS) {
    const call = `${JSON.stringify(estimator)}, ${scale}, ${JSON.stringify(variant.backend)}, ${variant.threads}`;
    const script = `require(${JSON.stringify(path.join(root, 'scripts/register-ts.js'))}); ` +
      `require(${JSON.stringify(path.join(__dirname, '_ml_memory.ts'))}).childMain(${call});`;
    const ours = runChild(process.execPath, ['-e', script]);
    if ('error' in ours) throw new Error(`memory check of ${estimator}: the child failed (${ours.error})`);
    const theirs = python
      ? runChild(python, [path.join(__dirname, '_python', 'ml.py'), '--scale', String(scale), '--memory', estimator], baselineEnv(variant.threads))
      : undefined;
    if (theirs && 'error' in theirs) throw new Error(`memory check of ${estimator}: scikit-learn's child failed (${theirs.error})`);
    const ran = ours.skipped === undefined;
    const overStart = ours.peak_rss - ours.rss_start;
    const limit = ours.data_bytes + ALLOWANCE_MB * MB;
    lines.push({
      name: 'memory', estimator, backend: variant.backend, threads: variant.threads,
      data_mb: mb(ours.data_bytes),
      rss_start_mb: mb(ours.rss_start),
      rss_before_fit_mb: mb(ours.rss_before_fit),
      peak_rss_mb: ran ? mb(ours.peak_rss) : null,
      peak_over_start_mb: ran ? mb(overStart) : null,
      fit_added_mb: ran ? mb(ours.peak_rss - ours.rss_before_fit) : null,
      limit_mb: mb(limit),
      pass: ran ? overStart <= limit : null,
      ...(ran ? {} : { skipped: ours.skipped }),
      baseline: theirs?.label ?? null,
      baseline_peak_over_start_mb: theirs ? mb(theirs.peak_rss - theirs.rss_start) : null,
      baseline_fit_added_mb: theirs ? mb(theirs.peak_rss - theirs.rss_before_fit) : null,
    });
  }
  return lines;
}

/**
 * The memory lines as a markdown table for README.
 * @param lines - from {@link memoryChecks}
 * @returns the table, or '' when there are none
 */
export function memoryMarkdown(lines: MemoryLine[]): string {
  if (!lines.length) return '';
  const cell = (v: number | null) => (v === null ? '—' : `${v} MB`);
  const out = [
    '',
    'Peak RSS while fitting on the reg data, each fit in a fresh process: the peak over the RSS before the data was ' +
      `built (limit: the data's size + ${ALLOWANCE_MB} MB), and what the fit itself added over the RSS with the data loaded.`,
    '',
    '| fit | data | ours: peak over start | ours: added by fit | limit | pass | baseline: peak over start | baseline: added by fit |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const l of lines) {
    const pass = l.pass === null ? `skipped (${l.skipped})` : l.pass ? 'yes' : '**no**';
    out.push(`| ${l.estimator} (${l.backend} ${l.threads}T) | ${l.data_mb} MB | ${cell(l.peak_over_start_mb)} | ${cell(l.fit_added_mb)} | ` +
      `${l.limit_mb} MB | ${pass} | ${cell(l.baseline_peak_over_start_mb)} | ${cell(l.baseline_fit_added_mb)} |`);
  }
  return out.join('\n');
}
