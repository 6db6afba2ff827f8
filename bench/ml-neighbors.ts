/**
 * `npm run bench -- ml-neighbors [case...] [--markdown]`: the neighbours and naive Bayes estimators on the
 * WORKLOADS.md data sets, each against scikit-learn on the same arrays at the same thread count, timed right after
 * ours in the same run (the targets: KNeighborsClassifier on 'knn' >= 1.5x, GaussianNB on 'tab' >= 2x).
 *
 * Cases (each a fit plus a predict, as a user runs them; figures in ms per call):
 *   knn  KNeighborsClassifier() (k = 5, 'auto' -> brute force at d = 32): fit on 20000 x 32, predict 2000 queries
 *   tab  GaussianNB(): fit on 50000 x 20, predict 10000
 */
import * as os from 'node:os';
import { GaussianNB, KNeighborsClassifier } from '../lib/aprender';
import { Tensor, backendInfo, setBackend, setThreads, type BackendName } from '../lib/trueno';
import { PythonBaseline, findPython } from './_baselines';
import { emit, markdownTables, measure, result, type CaseResult, type Work } from './_stats';
import { KNN, checkTestVectors, checksum, knnWorkload, normal4, uniform } from './_workloads';

type CaseName = 'knn' | 'tab';

/** The 'tab' workload: n = 60000, d = 20 (rows 0..49999 train, the rest test), y from the WORKLOADS.md formula. */
function tabWorkload(): { X: Float64Array; y: Float64Array } {
  const n = 60000;
  const d = 20;
  const X = normal4(40, n * d);
  const e = normal4(41, n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * d;
    let s = X[r] * X[r + 1];
    s = s + X[r + 2];
    s = s - 0.5 * (X[r + 3] * X[r + 3]);
    s = s + 0.5 * X[r + 4];
    s = s + 0.3 * e[i];
    y[i] = s > 0 ? 1 : 0;
  }
  return { X, y };
}

/** The 'knn' labels: floor(4 * uniform(52)) of the training rows (the classes the rows were drawn from). */
function knnLabels(): Float64Array {
  return Float64Array.from(uniform(52, KNN.queries + KNN.train).subarray(0, KNN.train), (v) => Math.floor(4 * v));
}

interface Case {
  name: CaseName;
  ours(): () => unknown;
}

const PER_CALL: Work = { amount: 1, unit: 'us/call' };

function cases(): Case[] {
  return [
    { name: 'knn', ours() {
      const { train, queries } = knnWorkload();
      const Xtr = Tensor.from(Float64Array.from(train), [KNN.train, KNN.d]);
      const Xq = Tensor.from(Float64Array.from(queries), [KNN.queries, KNN.d]);
      const y = knnLabels();
      return () => new KNeighborsClassifier().fit(Xtr, y).predict(Xq);
    } },
    { name: 'tab', ours() {
      const { X, y } = tabWorkload();
      const d = 20;
      const Xtr = Tensor.from(X.slice(0, 50000 * d), [50000, d]);
      const Xte = Tensor.from(X.slice(50000 * d), [10000, d]);
      const ytr = y.slice(0, 50000);
      return () => new GaussianNB().fit(Xtr, ytr).predict(Xte);
    } },
  ];
}

const VARIANTS: Array<{ backend: BackendName; threads: number }> = [
  { backend: 'native', threads: 1 }, { backend: 'native', threads: 2 }, { backend: 'wasm', threads: 1 },
];

/**
 * Runs the cases and prints one JSON line per case and variant, then the markdown table.
 * @param args - case names to run (default all), --markdown for the table on stdout
 */
export async function main(args: string[]): Promise<void> {
  checkTestVectors();
  const loadAtStart = os.loadavg()[0].toFixed(1);
  const wanted = args.filter((a) => !a.startsWith('--'));
  const chosen = cases().filter((c) => wanted.length === 0 || wanted.includes(c.name));
  const python = findPython();
  const { train, queries } = knnWorkload();
  const sums = { knnQueries: checksum(queries), knnTrain: checksum(train), knnLabels: checksum(knnLabels()),
    tabX: checksum(tabWorkload().X), tabY: checksum(tabWorkload().y) };
  const sklearn = python ? await PythonBaseline.start(python, 'ml_neighbors', chosen.map((c) => c.name), 2, sums) : undefined;
  const lines: CaseResult[] = [];
  for (const v of VARIANTS) {
    setBackend(v.backend);
    if (v.backend === 'native') setThreads(v.threads);
    const info = backendInfo();
    for (const c of chosen) {
      const seconds = measure(c.ours(), { budgetS: 2 });
      const base = await sklearn?.time(c.name, v.threads);
      const vs = base && { baseline: base.label.replace('numpy', 'scikit-learn'), median_s: base.median_s };
      const line = result({ name: c.name, backend: info.backend, threads: info.threads }, PER_CALL, seconds, vs);
      lines.push(line);
      emit(line);
    }
  }
  sklearn?.close();
  const load = `${os.cpus()[0]?.model}, ${os.cpus().length} cores; 1-min load average ${loadAtStart} at start, ` +
    `${os.loadavg()[0].toFixed(1)} at end (a loaded machine lowers absolute figures and makes ratios noisy)`;
  const table = `${markdownTables(lines, 'scikit-learn')}\n\n${load}\n`;
  if (args.includes('--markdown')) process.stdout.write(table);
  else process.stderr.write(table);
}
