/**
 * `npm run bench -- tensor [case...] [--markdown]`: the tensor workloads of ../shared/bench/WORKLOADS.md on native
 * (1 and 2 threads) and WASM, each against numpy on the same arrays at the same thread count, timed right after ours
 * in the same run; then the JS peers (plain JS, @tensorflow/tfjs cpu and wasm, ml-matrix) against our native 2-thread
 * and WASM figures. One JSON line per comparison on stdout as it is measured; markdown tables for README at the end
 * (stderr, or stdout with --markdown).
 *
 * Cases: sgemm, dgemm (1024^3, GFLOP/s); dot, add (2 arrays read + 1 written), sum (10M f32, GB/s);
 * exp (10M f32, GB/s read + written: compute-bound, the vector math kernels). sgemm, dgemm, add and exp allocate their
 * result, as users write them (the headline, against numpy allocating too); each has an `_out` case beside it that
 * writes into a preallocated out (against numpy with out=), and a `_tidy` case that runs the allocating form in a
 * tidy() scope, which hands each result's memory to the next (against numpy allocating);
 * softmax (rows of 1000x1000 f32, GB/s read + written); add_1k (per-call cost of add on 1,000 f32 with out, us/call);
 * bincount (10M int32 labels into 1000 bins, allocating as numpy.bincount, GB/s read); pairwise (kNN squared distances 2000x20000x32 f64, GFLOP/s of its gemm).
 */
import * as os from 'node:os';
import { Matrix } from 'ml-matrix';
import {
  Tensor, add, backendInfo, bincount, dot, exp, matmul, pairwiseSqDist, setBackend, setThreads, softmax, sum, tidy,
  type BackendName,
} from '../lib/trueno';
import { PythonBaseline, findPython, plainMatmul, tfjsOn, type TfModule } from './_baselines';
import { emit, markdownTables, measure, result, type CaseResult, type MeasureOptions, type Work } from './_stats';
import { VARIANTS, useVariant } from './_variants';
import {
  GEMM_N, KNN, SOFTMAX_N, STREAM_N, checkTestVectors, checksum, knnWorkload, tensorWorkloads, uniform, type TensorWorkloads,
} from './_workloads';

type CaseName = 'sgemm' | 'sgemm_out' | 'sgemm_tidy' | 'dgemm' | 'dgemm_out' | 'dgemm_tidy' | 'dot' | 'add' | 'add_out' |
  'add_tidy' | 'sum' | 'exp' | 'exp_out' | 'exp_tidy' | 'softmax' | 'add_1k' | 'bincount' | 'pairwise';

/** The arrays of every case: the tensor datasets, plus the kNN rows when the pairwise case runs. */
interface Data extends TensorWorkloads {
  knn?: ReturnType<typeof knnWorkload>;
  /** bincount's input: 10M int32 labels in [0, 1000), floor(1000 * uniform(6)). */
  labels?: Int32Array;
}

/** A JS peer: builds its timed call from the data (outside the timing), and says how it is run. */
interface Peer {
  label: string;
  setup(data: Data): Promise<() => unknown>;
  /** Seconds of one measured call -> seconds of the case's full workload (the plain loop runs a smaller size). */
  scale?: number;
  /** Also compared with our WASM build: a WASM peer, single-threaded like ours. */
  vsWasm?: boolean;
}

interface Case {
  name: CaseName;
  work: Work;
  /** Builds the timed call on the active backend; tensors are made once, outside the timing. */
  ours(data: Data): () => unknown;
  /** The numpy case timed against it, when not the one of the same name (a tidy case: numpy's allocating form). */
  numpy?: CaseName;
  measure?: MeasureOptions;
  peers?: Peer[];
}

const N = GEMM_N;
const gemmFlops = 2 * N * N * N;
const BYTES_F32 = 4;
/** The plain-JS loop runs at this side and is scaled by flops: at 1024 one call would take seconds per rep. */
const PLAIN_N = 256;

function tfjsPeer(backend: 'cpu' | 'wasm', op: (tf: TfModule, data: Data) => () => unknown): Peer {
  const label = backend === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm (XNNPACK, 1T)';
  return { label, vsWasm: backend === 'wasm', setup: async (data) => op(await tfjsOn(backend), data) };
}

/** Both tfjs backends running the same op. */
function tfjsPeers(op: (tf: TfModule, data: Data) => () => unknown): Peer[] {
  return [tfjsPeer('cpu', op), tfjsPeer('wasm', op)];
}

/** Runs a tfjs op and frees its result and intermediates (tidy returning nothing keeps nothing). */
const disposing = (tf: TfModule, f: () => unknown) => () => tf.tidy(() => {
  f();
});

/** The case `<name>_tidy`: the allocating op run in a tidy() scope that returns nothing (its result is reused). */
function tidyCase(name: 'sgemm' | 'dgemm' | 'add' | 'exp', op: (d: Data) => () => unknown): Case {
  const work: Work = name.endsWith('gemm') ? { amount: gemmFlops, unit: 'GFLOP/s' } :
    { amount: (name === 'add' ? 3 : 2) * STREAM_N * BYTES_F32, unit: 'GB/s' };
  return {
    name: `${name}_tidy`, numpy: name, work,
    ours: (d) => {
      const call = op(d);
      return () => tidy(() => {
        call();
      });
    },
  };
}

const CASES: Case[] = [
  {
    name: 'sgemm',
    work: { amount: gemmFlops, unit: 'GFLOP/s' },
    ours: (d) => {
      const a = Tensor.from(d.A, [N, N]), b = Tensor.from(d.B, [N, N]);
      return () => matmul(a, b);
    },
    peers: [
      {
        label: `plain JS i-k-j loop (${PLAIN_N}^3, time x${(N / PLAIN_N) ** 3})`,
        scale: (N / PLAIN_N) ** 3,
        setup: async (d) => {
          const a = d.A.slice(0, PLAIN_N * PLAIN_N), b = d.B.slice(0, PLAIN_N * PLAIN_N), c = new Float32Array(PLAIN_N * PLAIN_N);
          return () => plainMatmul(PLAIN_N, a, b, c);
        },
      },
      ...tfjsPeers((tf, d) => {
        const a = tf.tensor2d(d.A, [N, N]), b = tf.tensor2d(d.B, [N, N]);
        return disposing(tf, () => tf.matMul(a, b));
      }),
    ],
  },
  {
    name: 'dgemm',
    work: { amount: gemmFlops, unit: 'GFLOP/s' },
    ours: (d) => {
      const a = Tensor.from(d.A64, [N, N]), b = Tensor.from(d.B64, [N, N]);
      return () => matmul(a, b);
    },
    // ml-matrix computes in f64 only, so it is compared on dgemm; tfjs has no f64.
    peers: [
      {
        label: 'ml-matrix mmul',
        setup: async (d) => {
          const rows = (x: Float64Array) => Array.from({ length: N }, (_, i) => x.subarray(i * N, (i + 1) * N));
          const a = new Matrix(rows(d.A64)), b = new Matrix(rows(d.B64));
          return () => a.mmul(b);
        },
      },
    ],
  },
  {
    name: 'dot',
    work: { amount: 2 * STREAM_N * BYTES_F32, unit: 'GB/s' },
    ours: (d) => {
      const a = Tensor.from(d.a), b = Tensor.from(d.b);
      return () => dot(a, b);
    },
    peers: tfjsPeers((tf, d) => {
      const a = tf.tensor1d(d.a), b = tf.tensor1d(d.b);
      return disposing(tf, () => tf.dot(a, b));
    }),
  },
  {
    name: 'add',
    // Two arrays read and one written.
    work: { amount: 3 * STREAM_N * BYTES_F32, unit: 'GB/s' },
    ours: (d) => {
      const a = Tensor.from(d.a), b = Tensor.from(d.b);
      return () => add(a, b);
    },
    peers: tfjsPeers((tf, d) => {
      const a = tf.tensor1d(d.a), b = tf.tensor1d(d.b);
      return disposing(tf, () => tf.add(a, b));
    }),
  },
  {
    name: 'sum',
    work: { amount: STREAM_N * BYTES_F32, unit: 'GB/s' },
    ours: (d) => {
      const a = Tensor.from(d.a);
      return () => sum(a);
    },
    peers: tfjsPeers((tf, d) => {
      const a = tf.tensor1d(d.a);
      return disposing(tf, () => tf.sum(a));
    }),
  },
  {
    name: 'exp',
    // One array read and one written; at ~1 GB/s per core this measures the exp kernel, not memory.
    work: { amount: 2 * STREAM_N * BYTES_F32, unit: 'GB/s' },
    ours: (d) => {
      const a = Tensor.from(d.a);
      return () => exp(a);
    },
    peers: tfjsPeers((tf, d) => {
      const a = tf.tensor1d(d.a);
      return disposing(tf, () => tf.exp(a));
    }),
  },
  {
    name: 'softmax',
    // Rows of S read once and written once.
    work: { amount: 2 * SOFTMAX_N * SOFTMAX_N * BYTES_F32, unit: 'GB/s' },
    ours: (d) => {
      const s = Tensor.from(d.S, [SOFTMAX_N, SOFTMAX_N]);
      return () => softmax(s);
    },
    peers: tfjsPeers((tf, d) => {
      const s = tf.tensor2d(d.S, [SOFTMAX_N, SOFTMAX_N]);
      return disposing(tf, () => tf.softmax(s));
    }),
  },
  {
    name: 'sgemm_out',
    work: { amount: gemmFlops, unit: 'GFLOP/s' },
    ours: (d) => {
      const a = Tensor.from(d.A, [N, N]), b = Tensor.from(d.B, [N, N]), out = Tensor.from(new Float32Array(N * N), [N, N]);
      return () => matmul(a, b, { out });
    },
  },
  {
    name: 'dgemm_out',
    work: { amount: gemmFlops, unit: 'GFLOP/s' },
    ours: (d) => {
      const a = Tensor.from(d.A64, [N, N]), b = Tensor.from(d.B64, [N, N]), out = Tensor.from(new Float64Array(N * N), [N, N]);
      return () => matmul(a, b, { out });
    },
  },
  {
    name: 'add_out',
    work: { amount: 3 * STREAM_N * BYTES_F32, unit: 'GB/s' },
    ours: (d) => {
      const a = Tensor.from(d.a), b = Tensor.from(d.b), out = Tensor.from(new Float32Array(STREAM_N));
      return () => add(a, b, { out });
    },
  },
  {
    name: 'exp_out',
    work: { amount: 2 * STREAM_N * BYTES_F32, unit: 'GB/s' },
    ours: (d) => {
      const a = Tensor.from(d.a), out = Tensor.from(new Float32Array(STREAM_N));
      return () => exp(a, { out });
    },
  },
  // The allocating forms inside tidy(), which hands each result's memory to the next (as tfjs's tf.tidy, which its
  // peers above run in): against numpy's allocating form.
  tidyCase('sgemm', (d) => {
    const a = Tensor.from(d.A, [N, N]), b = Tensor.from(d.B, [N, N]);
    return () => matmul(a, b);
  }),
  tidyCase('dgemm', (d) => {
    const a = Tensor.from(d.A64, [N, N]), b = Tensor.from(d.B64, [N, N]);
    return () => matmul(a, b);
  }),
  tidyCase('add', (d) => {
    const a = Tensor.from(d.a), b = Tensor.from(d.b);
    return () => add(a, b);
  }),
  tidyCase('exp', (d) => {
    const a = Tensor.from(d.a);
    return () => exp(a);
  }),
  {
    name: 'add_1k',
    // The per-call cost of crossing into the kernels: 1,000 elements take ~50 ns to add, the rest is overhead.
    work: { amount: 1, unit: 'us/call' },
    ours: (d) => {
      const a = Tensor.from(d.a.slice(0, 1000)), b = Tensor.from(d.b.slice(0, 1000)), out = Tensor.from(new Float32Array(1000));
      return () => add(a, b, { out });
    },
    measure: { batch: 10000 },
  },
  {
    name: 'bincount',
    // 10M int32 labels counted into 1000 bins (a histogram / class count, always allocating, as numpy's).
    work: { amount: STREAM_N * 4, unit: 'GB/s' },
    ours: (d) => {
      const x = Tensor.from(d.labels ?? bincountLabels());
      return () => bincount(x);
    },
  },
  {
    name: 'pairwise',
    // The kNN workload: 2000 queries x 20000 training rows x 32 dims, f64, counted as its gemm's flops.
    work: { amount: 2 * KNN.queries * KNN.train * KNN.d, unit: 'GFLOP/s' },
    ours: (d) => {
      const knn = d.knn ?? knnWorkload();
      const q = Tensor.from(knn.queries, [KNN.queries, KNN.d]), t = Tensor.from(knn.train, [KNN.train, KNN.d]);
      return () => pairwiseSqDist(q, t);
    },
  },
];

/** bincount's labels: floor(1000 * uniform(6, n)) as int32 (the same bits as bench/_python/tensor.py's). */
function bincountLabels(): Int32Array {
  return Int32Array.from(uniform(6, STREAM_N), (u) => Math.floor(1000 * u));
}

/** Checksums of the arrays, by the names the Python baseline gives them (it reports those its cases use). */
function checksums(data: Data): Record<string, string> {
  const { A, B, A64, B64, a, b, S, knn } = data;
  const arrays: Record<string, Float32Array | Float64Array> = { A, B, A64, B64, a, b, S };
  if (knn) Object.assign(arrays, { knnQueries: knn.queries, knnTrain: knn.train });
  if (data.labels) Object.assign(arrays, { labels: data.labels });
  return Object.fromEntries(Object.entries(arrays).map(([name, x]) => [name, checksum(x)]));
}

/** numpy on the same arrays, or undefined (with a note) when no Python with numpy and threadpoolctl is here. */
async function startNumpy(cases: Case[], data: Data): Promise<PythonBaseline | undefined> {
  const python = findPython();
  if (!python) {
    process.stderr.write('note: no Python with numpy and threadpoolctl found (set SOVEREIGN_PYTHON); printing cases without baselines\n');
    return undefined;
  }
  return PythonBaseline.start(python, 'tensor', [...new Set(cases.map((c) => c.numpy ?? c.name))], 2, checksums(data));
}

/**
 * Entry point for bench/run.js.
 * @param args - case names to run (default all) and `--markdown` to print the table on stdout
 */
export async function main(args: string[]): Promise<void> {
  checkTestVectors();
  const loadAtStart = os.loadavg()[0].toFixed(1);
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !CASES.some((c) => c.name === w));
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(' ')}`);
  const cases = CASES.filter((c) => wanted.length === 0 || wanted.includes(c.name as CaseName));
  const data: Data = { ...tensorWorkloads(), knn: cases.some((c) => c.name === 'pairwise') ? knnWorkload() : undefined,
    labels: cases.some((c) => c.name === 'bincount') ? bincountLabels() : undefined };
  const numpy = await startNumpy(cases, data);
  const lines: CaseResult[] = [];
  const report = (line: CaseResult) => (lines.push(line), emit(line));

  const ours = new Map<string, number>();
  for (const v of VARIANTS) {
    if (!useVariant(v)) continue;
    const info = backendInfo();
    process.stderr.write(`${info.backend} ${info.isa}, ${info.threads} thread(s), ${info.version}\n`);
    for (const c of cases) {
      const seconds = measure(c.ours(data), c.measure);
      ours.set(`${c.name}/${v.backend}/${v.threads}`, seconds);
      // numpy at our thread count, timed right after us so both see the same load on the machine.
      const np = await numpy?.time(c.numpy ?? c.name, v.threads);
      const vs = np && { baseline: np.label, median_s: np.median_s, kernel: np.kernel };
      report(result({ name: c.name, backend: info.backend, threads: info.threads }, c.work, seconds, vs));
    }
  }
  numpy?.close();

  // Peers: each compared with our native 2-thread figure; tfjs-wasm also with our WASM build (the WASM target).
  for (const c of cases) {
    for (const peer of c.peers ?? []) {
      const seconds = measure(await peer.setup(data), { minReps: 2 }) * (peer.scale ?? 1);
      const compare = [['native', 2]] as [BackendName, number][];
      if (peer.vsWasm) compare.push(['wasm', 1]);
      const against = compare.filter(([b, t]) => ours.has(`${c.name}/${b}/${t}`));
      if (against.length === 0) report(result({ name: c.name, backend: peer.label, threads: 1 }, c.work, seconds));
      for (const [backend, threads] of against) {
        const note = backend === 'wasm' && c.name === 'sgemm' ? 'WASM target: ratio >= 0.8 (issue 2)' : undefined;
        const vs = { baseline: peer.label, median_s: seconds, note };
        report(result({ name: c.name, backend, threads }, c.work, ours.get(`${c.name}/${backend}/${threads}`) as number, vs));
      }
    }
  }

  const load = `${os.cpus()[0]?.model}, ${os.cpus().length} cores; 1-min load average ${loadAtStart} at start, ` +
    `${os.loadavg()[0].toFixed(1)} at end (a loaded machine lowers absolute figures and makes ratios noisy)`;
  const table = `${markdownTables(lines, 'numpy')}\n\n${load}\n`;
  if (args.includes('--markdown')) process.stdout.write(table);
  else process.stderr.write(table);
}
