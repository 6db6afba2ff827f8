/**
 * `npm run bench -- search`: whether running a search's fits in worker threads (GridSearchCV.fitAsync with nJobs 2)
 * pays on this machine. Prints one JSON line per case: the sequential fit's seconds, the 2-lane fitAsync's seconds,
 * and their ratio; plus the fixed cost of one fitAsync (a worker started, the data copied there and the state back).
 * The searched estimator is StandardScaler (the one estimator every build registers), on data sized so each fit is
 * a visible amount of work; the figures say from what fit time on the worker lanes win. Measured 2026-12-02 (native,
 * loaded 2-core machine): fitAsync's fixed cost 1.1 s; the 20k x 20 search 0.26 s sequential vs 25 s in lanes, the
 * 400k x 20 search 2.2 s vs 27 s (docs/decisions.md).
 */
import { GridSearchCV, StandardScaler, type Estimator } from '../lib/aprender';
import { Tensor } from '../lib/trueno';
import { median } from './_stats';

async function time(fn: () => unknown | Promise<unknown>, repeats: number): Promise<number> {
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await fn();
    out.push((performance.now() - t0) / 1000);
  }
  return median(out);
}

function data(rows: number, cols: number): Tensor {
  const x = new Float64Array(rows * cols);
  let s = 1;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = s / 2147483648;
  }
  return Tensor.from(x, [rows, cols]);
}

/** Prefers centred output; a function, so it stays on this thread while the fits go to workers. */
const scoring = (e: Estimator, X: unknown) => -Math.abs(((e as StandardScaler).transform(X as Tensor).data as Float64Array)[0]);

/**
 * Runs the cases.
 * @param args - case names to run (default all)
 */
export async function main(args: string[]): Promise<void> {
  const small = data(100, 4);
  if (args.length === 0 || args.includes('worker_overhead')) {
    const sync = await time(() => new StandardScaler().fit(small), 20);
    const off = await time(() => new StandardScaler().fitAsync(small), 10);
    console.log(JSON.stringify({ name: 'worker_overhead', fit_s: sync, fitAsync_s: off, overhead_s: off - sync }));
  }
  for (const [rows, cols] of [[20000, 20], [400000, 20]] as const) {
    const name = `grid_scaler_${rows}x${cols}`;
    if (args.length > 0 && !args.includes(name)) continue;
    const X = data(rows, cols);
    const options = { estimator: new StandardScaler(), paramGrid: { withMean: [true, false], withStd: [true, false] }, cv: 5, scoring };
    const sequential = await time(() => new GridSearchCV(options).fit(X), 3);
    const lanes = await time(() => new GridSearchCV({ ...options, nJobs: 2 }).fitAsync(X), 3);
    console.log(JSON.stringify({ name, fits: 21, fit_s: sequential, fitAsync_nJobs2_s: lanes, speedup: sequential / lanes }));
  }
}
