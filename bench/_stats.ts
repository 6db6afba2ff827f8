/**
 * Timing and reporting shared by the bench areas. The method (warm up, then repeat until a time budget or a rep cap,
 * report the median) is mirrored line for line in bench/_python/*.py so both sides of a ratio are measured alike.
 */

/** How long to measure one case. */
export interface MeasureOptions {
  /** Untimed calls first (JIT, page faults, thread pool start-up). Default 1. */
  warmup?: number;
  /** Stop after this many timed samples... Default 30. */
  maxReps?: number;
  /** ...or once the samples add up to this many seconds, whichever comes first. Default 1. */
  budgetS?: number;
  /** At least this many samples even past the budget. Default 3. */
  minReps?: number;
  /** Calls per sample; the sample's time is divided by it (for calls far below the timer's resolution). Default 1. */
  batch?: number;
}

/**
 * Times `fn` and returns the median seconds per call.
 * @param fn - the call to time
 * @param options - see {@link MeasureOptions}
 * @returns median seconds of one call
 */
export function measure(fn: () => unknown, options: MeasureOptions = {}): number {
  const { warmup = 1, maxReps = 30, budgetS = 1, minReps = 3, batch = 1 } = options;
  for (let i = 0; i < warmup * batch; i++) fn();
  const samples: number[] = [];
  let total = 0;
  while (samples.length < minReps || (samples.length < maxReps && total < budgetS)) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    total += s;
    samples.push(s / batch);
  }
  return median(samples);
}

/**
 * {@link measure} for a call that returns a promise: each call is awaited before the next starts.
 * @param fn - the call to time
 * @param options - see {@link MeasureOptions}
 * @returns median seconds of one call
 */
export async function measureAsync(fn: () => Promise<unknown>, options: MeasureOptions = {}): Promise<number> {
  const { warmup = 1, maxReps = 30, budgetS = 1, minReps = 3, batch = 1 } = options;
  for (let i = 0; i < warmup * batch; i++) await fn();
  const samples: number[] = [];
  let total = 0;
  while (samples.length < minReps || (samples.length < maxReps && total < budgetS)) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    total += s;
    samples.push(s / batch);
  }
  return median(samples);
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** What a case does per call, so throughput is derived from the median the same way for us and the baselines. */
export interface Work {
  /** Amount of work per call (flops, bytes, rows or calls). */
  amount: number;
  /** Unit of the throughput (amount / 1e9 per second, amount / 1e6 per second for rows, edges and MB/s, or µs per call for 'us/call'). */
  unit: 'GFLOP/s' | 'GB/s' | 'MB/s' | 'Mrows/s' | 'Medges/s' | 'us/call';
}

/** Throughput of a call taking `seconds`: GFLOP/s, GB/s or million rows per second, or µs per call for overhead cases. */
export function throughput(work: Work, seconds: number): number {
  if (work.unit === 'us/call') return seconds * 1e6;
  return work.amount / seconds / (work.unit === 'Mrows/s' || work.unit === 'Medges/s' || work.unit === 'MB/s' ? 1e6 : 1e9);
}

/** One result line (the JSON printed for every case). */
export interface CaseResult {
  name: string;
  backend: string;
  threads: number;
  /** Our median, or null when our side did not run (see skipped). */
  median_s: number | null;
  throughput: number | null;
  unit: Work['unit'];
  /** What we compare with (numpy, a JS peer), or null when it is unavailable here. */
  baseline: string | null;
  baseline_median_s: number | null;
  baseline_throughput: number | null;
  /** baseline_median_s / median_s: above 1 means sovereign-ai is faster. */
  ratio: number | null;
  /** The BLAS kernel the numpy baseline ran (OpenBLAS core type), when it applies. */
  baseline_kernel?: string;
  /** How good our answer was (R², accuracy, inertia...), where the case checks it. */
  quality?: Record<string, number>;
  /** The same measures of the baseline's answer. */
  baseline_quality?: Record<string, number>;
  /** Why our side did not run (e.g. "LogisticRegression is not in aprender yet", or the error it threw). */
  skipped?: string;
  note?: string;
}

/** The comparison side of a result line. */
export interface Comparison {
  baseline: string;
  median_s: number;
  kernel?: string;
  quality?: Record<string, number>;
  note?: string;
}

const round = (x: number, digits = 4) => Number(x.toPrecision(digits));

/**
 * Builds a result line from our median and an optional comparison.
 * @param head - name, backend and threads of the case
 * @param work - the work per call
 * @param seconds - our median, or null when our side did not run
 * @param vs - the baseline measured in the same run, if any
 * @returns the line, numbers rounded to 4 significant digits
 */
export function result(head: Pick<CaseResult, 'name' | 'backend' | 'threads'>, work: Work, seconds: number | null, vs?: Comparison): CaseResult {
  const line: CaseResult = {
    ...head,
    median_s: seconds === null ? null : round(seconds),
    throughput: seconds === null ? null : round(throughput(work, seconds)),
    unit: work.unit,
    baseline: vs?.baseline ?? null,
    baseline_median_s: vs ? round(vs.median_s) : null,
    baseline_throughput: vs ? round(throughput(work, vs.median_s)) : null,
    ratio: vs && seconds !== null ? round(vs.median_s / seconds, 3) : null,
  };
  if (vs?.kernel) line.baseline_kernel = vs.kernel;
  if (vs?.quality) line.baseline_quality = vs.quality;
  if (vs?.note) line.note = vs.note;
  return line;
}

/** Prints one result as a JSON line on stdout, at once, so a long run shows progress. */
export function emit(line: CaseResult): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));
/** A quality figure to 6 significant digits (enough to tell a wrong answer from rounding), or a dash. */
const qualityText = (x: number | undefined) => (x === undefined ? '—' : String(Number(x.toPrecision(6))));
const ratioText = (l: CaseResult) => (l.ratio === null ? '' : ` (${fmt(l.ratio)}x)`);

/**
 * Markdown for README: one table of our figures against the primary baseline (one row per case, one column per
 * backend and thread count, each cell "ours vs baseline (ratio)"), one of the peers (one row per case and peer, with
 * its note), and, where lines carry them, one of the quality of both answers (R², accuracy...).
 * @param lines - the results in print order
 * @param primary - the name prefix of the primary baseline (e.g. 'numpy'); rows with another baseline are peers
 * @returns the two tables
 */
export function markdownTables(lines: CaseResult[], primary: string): string {
  const isPrimary = (l: CaseResult) => l.baseline === null || l.baseline.startsWith(primary);
  const main = lines.filter(isPrimary);
  const columns = [...new Set(main.map((l) => `${l.backend} ${l.threads}T`))];
  const names = [...new Set(main.map((l) => l.name))];
  const out = [
    `Each cell: ours vs ${primary}, measured back to back in one run (ratio of times, >1: ours faster).`,
    '',
    `| case | unit | ${columns.map((c) => `${c} vs ${primary}`).join(' | ')} |`,
    `|---|---|${columns.map(() => '---:').join('|')}|`,
  ];
  for (const name of names) {
    const row = main.filter((l) => l.name === name);
    const cells = columns.map((c) => {
      const l = row.find((r) => `${r.backend} ${r.threads}T` === c);
      if (!l) return '—';
      const ours = l.throughput === null ? 'skipped' : fmt(l.throughput);
      return l.baseline_throughput === null ? ours : `${ours} vs ${fmt(l.baseline_throughput)}${ratioText(l)}`;
    });
    out.push(`| ${name} | ${row[0].unit} | ${cells.join(' | ')} |`);
  }
  const peers = lines.filter((l) => !isPrimary(l));
  if (peers.length) {
    out.push('', '| case | peer | peer figure | ours | ratio (>1: ours faster) |', '|---|---|---:|---:|---:|');
    for (const l of peers) {
      const ours = l.throughput === null ? 'skipped' : `${fmt(l.throughput)} ${l.unit} (${l.backend} ${l.threads}T)`;
      out.push(`| ${l.name} | ${l.baseline}${l.note ? ` (${l.note})` : ''} | ${fmt(l.baseline_throughput as number)} ${l.unit} | ${ours} | ` +
        `${l.ratio === null ? '—' : `${fmt(l.ratio)}x`} |`);
    }
  }
  const checked = lines.filter((l) => l.quality || l.baseline_quality);
  if (checked.length) {
    out.push('', '| case | backend | measure | ours | baseline |', '|---|---|---|---:|---:|');
    for (const l of checked) {
      for (const m of Object.keys({ ...l.baseline_quality, ...l.quality })) {
        out.push(`| ${l.name} | ${l.backend} ${l.threads}T | ${m} | ${qualityText(l.quality?.[m])} | ` +
          `${qualityText(l.baseline_quality?.[m])} (${l.baseline}) |`);
      }
    }
  }
  const kernels = [...new Set(main.map((l) => l.baseline_kernel).filter(Boolean))];
  if (kernels.length) out.push('', `${primary} BLAS: ${kernels.join('; ')}`);
  return out.join('\n');
}
