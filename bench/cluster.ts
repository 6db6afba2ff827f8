/**
 * `npm run bench -- cluster [case...]`: KMeans on the WORKLOADS.md 'kmeans' data set (n = 2e5, d = 16, k = 8) against
 * scikit-learn's KMeans on the same array in the same run, each timed right after ours at the same thread count.
 * Cases (seconds per call, printed as us/call): kmeans (five fits, randomState 0..4: each library's own k-means++
 * seeding, so the iteration counts average out), kmeans_elkan (the same with algorithm 'elkan'), kmeans_init (one fit
 * from the first 8 rows: both run the same iterations). Native with 2 threads (the setting) and 1, and WASM.
 */
import { KMeans } from '../lib/aprender';
import { backendInfo, setBackend, setThreads, Tensor } from '../lib/trueno';
import { findPython, PythonBaseline } from './_baselines';
import { emit, measure, result, type CaseResult } from './_stats';
import { checksum, normal4, sym, uniform } from './_workloads';

const N = 200_000, D = 16, K = 8;

/** X_ij = C[lab_i, j] + normal4(32)[i*d + j] with C = sym(30, 8 x 16), lab_i = floor(8 uniform(31)_i). */
function kmeansWorkload(): Float64Array {
  const centers = sym(30, K * D, Float64Array);
  const label = uniform(31, N);
  const noise = normal4(32, N * D);
  const X = new Float64Array(N * D);
  for (let i = 0; i < N; i++) {
    const c = Math.floor(8 * label[i]) * D;
    for (let j = 0; j < D; j++) X[i * D + j] = centers[c + j] + noise[i * D + j];
  }
  return X;
}

const CASES: Record<string, (X: Tensor) => () => unknown> = {
  kmeans: (X) => () => [0, 1, 2, 3, 4].map((randomState) => new KMeans({ nClusters: K, randomState }).fit(X)),
  kmeans_elkan: (X) => () => [0, 1, 2, 3, 4].map((randomState) => new KMeans({ nClusters: K, randomState, algorithm: 'elkan' }).fit(X)),
  kmeans_init: (X) => {
    const init = Array.from({ length: K }, (_, c) => Array.from((X.data as Float64Array).subarray(c * D, (c + 1) * D)));
    return () => new KMeans({ nClusters: K, init }).fit(X);
  },
};

const VARIANTS = [{ backend: 'native', threads: 2 }, { backend: 'native', threads: 1 }, { backend: 'wasm', threads: 1 }] as const;

export async function main(args: string[]): Promise<void> {
  const names = args.length ? args : Object.keys(CASES);
  const unknown = names.filter((n) => !(n in CASES));
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; cases: ${Object.keys(CASES).join(' ')}`);
  const data = kmeansWorkload();
  const X = Tensor.from(data, [N, D]);
  const python = findPython();
  const sklearn = python ? await PythonBaseline.start(python, 'cluster', names, 2, { kmeans: checksum(data) }) : undefined;
  const lines: CaseResult[] = [];
  for (const v of VARIANTS) {
    setBackend(v.backend);
    setThreads(v.threads);
    const info = backendInfo();
    for (const name of names) {
      const seconds = measure(CASES[name](X), { maxReps: 5, budgetS: 5 });
      const sk = await sklearn?.time(name, v.threads);
      const vs = sk && { baseline: `scikit-learn ${v.threads}T`, median_s: sk.median_s, kernel: sk.kernel };
      const line = result({ name, backend: `${info.backend} ${info.isa}`, threads: info.threads }, { amount: 1, unit: 'us/call' }, seconds, vs);
      lines.push(line);
      emit(line);
    }
  }
  sklearn?.close();
}
