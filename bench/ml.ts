/**
 * `npm run bench -- ml [case...] [--scale S] [--backends native:2,wasm:1] [--markdown]`: aprender's estimators on the
 * ML workloads of ../shared/bench/WORKLOADS.md against scikit-learn on the same arrays (checked by checksum before any
 * ratio), each scikit-learn figure timed right after ours at our thread count in the same run; then the JS peers
 * (@tensorflow/tfjs cpu and wasm, ml-matrix) where they do the same job, against our first backend's figure; then the
 * memory check (peak RSS of a fit in a child process). One JSON line per comparison on stdout as it is measured, with
 * the quality of both answers (R², accuracy, inertia...) so a fast wrong answer shows; markdown tables for README at
 * the end (stderr, or stdout with --markdown).
 *
 * Cases (ratio = scikit-learn's time / ours; targets of issue 9 on 2 cores): reg = LinearRegression fit, 1M x 50
 * (>= 10x); scaler = StandardScaler fit + transform of the reg X (>= 3x); logit = LogisticRegression fit, 100k x 50
 * (>= 1.5x); kmeans_init = KMeans k=8 Lloyd from the first 8 rows, nInit 1, 200k x 16, and kmeans = the default init
 * with randomState 0 (>= 1.5x); knn = KNeighborsClassifier k=5 predict, 2k queries on 20k rows (>= 1.5x);
 * pca = PCA(10) fit, 100k x 100 (>= 1x); tab = GaussianNB fit + predict, 50k + 10k rows (>= 2x); memory = peak RSS
 * while fitting LinearRegression (and StandardScaler) on the reg data (< data size + 100 MB).
 * Each case looks its estimator up by name in aprender's exports and reports `skipped` while it is not there.
 * `--scale 0.1` builds every data set with a tenth of its rows (quick checks of the harness; not for the table).
 */
import * as os from 'node:os';
import * as aprender from '../lib/aprender';
import { Tensor, backendInfo, mean, std, type BackendName } from '../lib/trueno';
import { useVariant, type Variant } from './_variants';
import { PythonBaseline, findPython } from './_baselines';
import { memoryChecks, memoryMarkdown, type MemoryLine } from './_ml_memory';
import { ML_PEERS, type Peer, type Timed } from './_ml_peers';
import { emit, markdownTables, measure, result, type CaseResult, type Work } from './_stats';
import {
  KMEANS_K, checkTestVectors, type MlWorkloads, checksum, kmeansWorkload, knnWorkload, logitWorkload, pcaWorkload, regWorkload, tabWorkload,
} from './_workloads';

/** The estimator surface the cases call (scikit-learn's names); each class has the parts its case uses. */
export interface Model {
  fit(X: Tensor, y?: unknown): Model;
  predict(X: Tensor): Tensor | string[];
  transform(X: Tensor): Tensor;
  score(X: Tensor, y: unknown): number;
  [learned: string]: unknown;
}

/** An estimator class as aprender exports it. */
export type ModelClass = new (options?: object) => Model;

/**
 * The class aprender exports under a name, or undefined while it is not written yet.
 * @param name - the scikit-learn class name
 * @returns the class or undefined
 */
export function exported(name: string): ModelClass | undefined {
  const value = (aprender as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as ModelClass) : undefined;
}

interface Case {
  name: string;
  /** The aprender export it times. */
  estimator: string;
  /** The data sets it needs (keys of MlWorkloads). */
  data: (keyof MlWorkloads)[];
  /** Rows processed per call (for the Mrows/s throughput). */
  rows(d: MlWorkloads): number;
  /** Builds the timed call; tensors (and a fit that is not timed) are made here, outside the timing. */
  ours(cls: ModelClass, d: MlWorkloads): Timed;
}

/** A scalar learned attribute (a number, or the first element of an array or Tensor, as n_iter_ of LogisticRegression). */
function first(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Tensor) return Number(v.data[0]);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return Number((v as ArrayLike<number>)[0]);
  throw new Error(`expected a number, an array or a Tensor but received ${typeof v}`);
}

/** The sum of a learned vector (a Tensor, a TypedArray or a number[]). */
function total(v: unknown): number {
  const values = v instanceof Tensor ? v.data : (v as ArrayLike<number>);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Number(values[i]);
  return s;
}

const matrix = (X: Float64Array, d: number) => Tensor.from(X, [X.length / d, d]);
const accuracy = (labels: Int32Array, predicted: unknown) => ({ accuracy: aprender.metrics.accuracyScore(labels, predicted) });

const CASES: Case[] = [
  {
    name: 'reg',
    estimator: 'LinearRegression',
    data: ['reg'],
    rows: (d) => d.reg!.n,
    ours: (cls, d) => {
      const { X, y } = { X: matrix(d.reg!.X, d.reg!.d), y: d.reg!.y };
      return { run: () => new cls().fit(X, y), quality: (m) => ({ r2: (m as Model).score(X, y) }) };
    },
  },
  {
    name: 'scaler',
    estimator: 'StandardScaler',
    data: ['reg'],
    rows: (d) => d.reg!.n,
    ours: (cls, d) => {
      const X = matrix(d.reg!.X, d.reg!.d);
      return {
        run: () => new cls().fit(X).transform(X),
        quality: (Z) => ({ sum_mean: total(mean(Z as Tensor, { axis: 0 })), sum_std: total(std(Z as Tensor, { axis: 0 })) }),
      };
    },
  },
  {
    name: 'logit',
    estimator: 'LogisticRegression',
    data: ['logit'],
    rows: (d) => d.logit!.n,
    ours: (cls, d) => {
      const { X, y } = { X: matrix(d.logit!.X, d.logit!.d), y: d.logit!.y };
      return {
        run: () => new cls().fit(X, y),
        quality: (m) => ({ accuracy: (m as Model).score(X, y), n_iter: first((m as Model).nIter_) }),
      };
    },
  },
  {
    name: 'kmeans_init',
    estimator: 'KMeans',
    data: ['kmeans'],
    rows: (d) => d.kmeans!.n,
    ours: (cls, d) => {
      const X = matrix(d.kmeans!.X, d.kmeans!.d);
      // The same starting centres as scikit-learn's side (the first K rows), so both run the same Lloyd iterations.
      const init = Tensor.from(d.kmeans!.X.slice(0, KMEANS_K * d.kmeans!.d), [KMEANS_K, d.kmeans!.d]);
      return { run: () => new cls({ nClusters: KMEANS_K, init, nInit: 1, algorithm: 'lloyd' }).fit(X), quality: kmeansQuality };
    },
  },
  {
    name: 'kmeans',
    estimator: 'KMeans',
    data: ['kmeans'],
    rows: (d) => d.kmeans!.n,
    ours: (cls, d) => {
      const X = matrix(d.kmeans!.X, d.kmeans!.d);
      return { run: () => new cls({ nClusters: KMEANS_K, randomState: 0 }).fit(X), quality: kmeansQuality };
    },
  },
  {
    name: 'knn',
    estimator: 'KNeighborsClassifier',
    data: ['knn'],
    rows: (d) => d.knn!.queryLabels.length,
    ours: (cls, d) => {
      const k = d.knn!;
      const clf = new cls({ nNeighbors: 5 }).fit(matrix(k.train, 32), k.trainLabels);
      const Q = matrix(k.queries, 32);
      return { run: () => clf.predict(Q), quality: (p) => accuracy(k.queryLabels, p) };
    },
  },
  {
    name: 'pca',
    estimator: 'PCA',
    data: ['pca'],
    rows: (d) => d.pca!.n,
    ours: (cls, d) => {
      const X = matrix(d.pca!.X, d.pca!.d);
      return {
        run: () => new cls({ nComponents: 10 }).fit(X),
        quality: (m) => ({ explained_variance_ratio_sum: total((m as Model).explainedVarianceRatio_) }),
      };
    },
  },
  {
    name: 'tab',
    estimator: 'GaussianNB',
    data: ['tab'],
    rows: (d) => d.tab!.trainLabels.length + d.tab!.testLabels.length,
    ours: (cls, d) => {
      const t = d.tab!;
      const train = matrix(t.train, 20), test = matrix(t.test, 20);
      return { run: () => new cls().fit(train, t.trainLabels).predict(test), quality: (p) => accuracy(t.testLabels, p) };
    },
  },
];

function kmeansQuality(m: unknown): Record<string, number> {
  return { inertia: first((m as Model).inertia_), n_iter: first((m as Model).nIter_) };
}

/** Builds the data sets the cases need (the reg data once for reg and scaler). */
function buildData(cases: Case[], scale: number): MlWorkloads {
  const need = new Set(cases.flatMap((c) => c.data));
  return {
    reg: need.has('reg') ? regWorkload(scale) : undefined,
    logit: need.has('logit') ? logitWorkload(scale) : undefined,
    kmeans: need.has('kmeans') ? kmeansWorkload(scale) : undefined,
    knn: need.has('knn') ? knnWorkload(scale) : undefined,
    pca: need.has('pca') ? pcaWorkload(scale) : undefined,
    tab: need.has('tab') ? tabWorkload(scale) : undefined,
  };
}

/** Checksums of the arrays, by the names bench/_python/ml.py gives them. */
function checksums(d: MlWorkloads): Record<string, string> {
  const arrays: Record<string, Float64Array | Int32Array | undefined> = {
    regX: d.reg?.X, regY: d.reg?.y, logitX: d.logit?.X, logitY: d.logit?.y, kmeansX: d.kmeans?.X,
    knnQueries: d.knn?.queries, knnTrain: d.knn?.train, knnQueryLabels: d.knn?.queryLabels, knnTrainLabels: d.knn?.trainLabels,
    pcaX: d.pca?.X, tabXTrain: d.tab?.train, tabYTrain: d.tab?.trainLabels, tabXTest: d.tab?.test, tabYTest: d.tab?.testLabels,
  };
  return Object.fromEntries(Object.entries(arrays).filter(([, a]) => a !== undefined).map(([name, a]) => [name, checksum(a!)]));
}

/** Parses `--name value` from the arguments. */
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0 && i + 1 >= args.length) throw new Error(`${name} needs a value`);
  return i >= 0 ? args[i + 1] : undefined;
}

function parseArgs(args: string[]): { wanted: string[]; scale: number; variants: Variant[]; markdown: boolean } {
  const valued = new Set(['--scale', '--backends']);
  const wanted = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1]));
  const scale = Number(option(args, '--scale') ?? 1);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale: expected a number in (0, 1] but received ${option(args, '--scale')}`);
  const variants = (option(args, '--backends') ?? 'native:2').split(',').map((v) => {
    const [backend, threads = '1'] = v.split(':');
    if (!['native', 'wasm', 'js'].includes(backend) || !/^[1-9]\d*$/.test(threads)) {
      throw new Error(`--backends: expected backend:threads items (native:2,wasm:1) but received '${v}'`);
    }
    return { backend: backend as BackendName, threads: Number(threads) };
  });
  return { wanted, scale, variants, markdown: args.includes('--markdown') };
}

/** Our side of a case: the median and the quality of the answer, or why it did not run. */
interface Mine {
  seconds: number | null;
  quality?: Record<string, number>;
  skipped?: string;
}

/** Times our side of a case; `skipped` says why when the estimator is missing or fails. */
function timeOurs(c: Case, data: MlWorkloads): Mine {
  const cls = exported(c.estimator);
  if (!cls) return { seconds: null, skipped: `${c.estimator} is not in aprender yet` };
  try {
    const timed = c.ours(cls, data);
    let last: unknown;
    const seconds = measure(() => (last = timed.run()));
    return { seconds, quality: timed.quality(last) };
  } catch (e) {
    return { seconds: null, skipped: `${c.estimator} failed: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** Runs the JS peers of the wanted cases, each against our figure on the first variant. */
async function runPeers(cases: Case[], data: MlWorkloads, ours: Map<string, Mine>, head: Variant, report: (l: CaseResult) => void) {
  for (const c of cases) {
    const peers: Peer[] = ML_PEERS[c.name] ?? [];
    for (const peer of peers) {
      const all = c.rows(data), rows = Math.min(peer.rows ?? all, all);
      const timed = await peer.setup(data, rows);
      let last: unknown;
      // Peers take seconds per call: one warm-up and two samples (more while under the 1 s budget).
      const seconds = measure(() => (last = timed.run()), { minReps: 2 }) * (all / rows);
      const vs = { baseline: peer.label, median_s: seconds, quality: timed.quality(last) };
      timed.close?.();
      const mine = ours.get(c.name);
      const line = result({ name: c.name, backend: head.backend, threads: head.threads }, { amount: all, unit: 'Mrows/s' },
        mine?.seconds ?? null, vs);
      if (mine?.quality) line.quality = mine.quality;
      if (mine?.skipped) line.skipped = mine.skipped;
      const scaled = rows < all ? `run on the first ${rows} of ${all} rows, time x${(all / rows).toPrecision(3)}` : undefined;
      const note = [peer.note, scaled].filter(Boolean).join('; ');
      if (note) line.note = note;
      report(line);
    }
  }
}

/**
 * Entry point for bench/run.js.
 * @param args - case names (default all, `memory` included), `--scale S`, `--backends native:2,wasm:1` and
 *   `--markdown` to print the tables on stdout
 */
export async function main(args: string[]): Promise<void> {
  checkTestVectors();
  const loadAtStart = os.loadavg()[0].toFixed(1);
  const { wanted, scale, variants, markdown } = parseArgs(args);
  const known = [...CASES.map((c) => c.name), 'memory'];
  const unknown = wanted.filter((w) => !known.includes(w));
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; cases: ${known.join(' ')}`);
  const cases = CASES.filter((c) => wanted.length === 0 || wanted.includes(c.name));
  const data = buildData(cases, scale);
  const python = findPython(['sklearn']);
  if (!python) process.stderr.write('note: no Python with scikit-learn and threadpoolctl found (set SOVEREIGN_PYTHON); no baselines\n');
  const sklearn = python && cases.length
    ? await PythonBaseline.start(python, 'ml', [...cases.map((c) => c.name), '--scale', String(scale)], 2, checksums(data))
    : undefined;
  const lines: CaseResult[] = [];
  const report = (line: CaseResult) => (lines.push(line), emit(line));

  const ours = new Map<string, Mine>();
  const usable = variants.filter(useVariant);
  for (const v of usable) {
    useVariant(v);
    const info = backendInfo();
    process.stderr.write(`${info.backend} ${info.isa}, ${info.threads} thread(s), ${info.version}\n`);
    for (const c of cases) {
      const mine = timeOurs(c, data);
      if (v === usable[0]) ours.set(c.name, mine);
      // scikit-learn at our thread count, timed right after us so both see the same load on the machine.
      const sk = await sklearn?.time(c.name, v.threads);
      const vs = sk && { baseline: sk.label, median_s: sk.median_s, kernel: sk.kernel, quality: sk.quality };
      const line = result({ name: c.name, backend: info.backend, threads: info.threads }, { amount: c.rows(data), unit: 'Mrows/s' },
        mine.seconds, vs);
      if (mine.quality) line.quality = mine.quality;
      if (mine.skipped) line.skipped = mine.skipped;
      report(line);
    }
  }
  sklearn?.close();
  if (usable.length) {
    useVariant(usable[0]);
    await runPeers(cases, data, ours, usable[0], report);
  }

  const memory: MemoryLine[] = [];
  if (wanted.length === 0 || wanted.includes('memory')) {
    for (const line of await memoryChecks(scale, usable[0] ?? variants[0], python)) {
      memory.push(line);
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }

  const load = `${os.cpus()[0]?.model}, ${os.cpus().length} cores; 1-min load average ${loadAtStart} at start, ` +
    `${os.loadavg()[0].toFixed(1)} at end (a loaded machine lowers absolute figures and makes ratios noisy)` +
    (scale === 1 ? '' : `; data sets at --scale ${scale}`);
  const table = `${markdownTables(lines, 'scikit-learn')}\n${memoryMarkdown(memory)}\n\n${load}\n`;
  if (markdown) process.stdout.write(table);
  else process.stderr.write(table);
}
