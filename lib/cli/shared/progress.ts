/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal, so pipes, logs and `--json` consumers never
 * see control characters. Shared by the command-line programs (alimentar's transfers, aprender's fits).
 */

/** A progress bar; all methods are no-ops when stderr is not a TTY. */
export interface Progress {
  /** Redraws with `done` of `total` bytes, rows or steps (total undefined: a counter without bar). */
  update(done: number, total: number | undefined, label?: string): void;
  /** Clears the line. */
  finish(): void;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function rows(n: number): string {
  return `${n.toLocaleString('en-US')} rows`;
}

/** What `done` and `total` count: bytes (shown in MB), rows, or steps of a fit (iterations, trees, folds). */
export type ProgressUnit = 'bytes' | 'rows' | 'steps';

const AMOUNT: Record<ProgressUnit, (n: number) => string> = { bytes: mb, rows, steps: (n) => String(n) };

/**
 * A progress bar for one long transfer or fit.
 * @param label - what is moving, e.g. 'upload iris.parquet'
 * @param stream - where to draw (default process.stderr)
 * @param unit - what `done` and `total` count: bytes (default), rows or steps
 * @returns the bar
 * @example
 * const bar = createProgress('fit RandomForestClassifier', process.stderr, 'steps');
 * bar.update(3, 100); // "fit RandomForestClassifier [#.....] 3% 3/100" when stderr is a terminal
 * bar.finish();
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, unit: ProgressUnit = 'bytes'): Progress {
  const amount = AMOUNT[unit];
  if (!stream.isTTY) return { update() {}, finish() {} };
  let last = 0;
  let drawn = false;
  return {
    update(done, total, current = label) {
      const now = Date.now();
      if (now - last < 100 && (total === undefined || done < total)) return;
      last = now;
      const width = 30;
      const bar = total && total > 0
        ? `[${'#'.repeat(Math.round((width * Math.min(done, total)) / total)).padEnd(width, '.')}] ${Math.floor((100 * done) / total)}% ${amount(done)}/${amount(total)}`
        : amount(done);
      stream.write(`\r${current} ${bar}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/**
 * Progress as plain lines, for a stream that is not a terminal (a log file, CI) when the user asked for progress
 * anyway (`--progress`): one line at most every `intervalMs`, and the final count when finished, without control
 * characters. Same interface as {@link createProgress}.
 * @param label - what is moving, e.g. 'import big.csv'
 * @param stream - where to write
 * @param unit - what `done` and `total` count: bytes (default), rows or steps
 * @param intervalMs - the least time between two lines (default one second)
 * @returns the progress reporter
 * @example
 * const bar = process.stderr.isTTY ? createProgress(label, process.stderr, 'rows') : createLineProgress(label, process.stderr, 'rows');
 */
export function createLineProgress(label: string, stream: NodeJS.WritableStream, unit: ProgressUnit = 'bytes', intervalMs = 1000): Progress {
  const amount = AMOUNT[unit];
  let last = Date.now();
  let shown: string | undefined;
  let latest: string | undefined;
  const text = (done: number, total: number | undefined, current: string) =>
    `${current}: ${amount(done)}${total && total > 0 ? ` of ${amount(total)} (${Math.floor((100 * done) / total)}%)` : ''}\n`;
  return {
    update(done, total, current = label) {
      latest = text(done, total, current);
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      stream.write(latest);
      shown = latest;
    },
    finish() {
      if (latest !== undefined && latest !== shown) stream.write(latest);
      shown = latest;
    },
  };
}
