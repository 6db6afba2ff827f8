/**
 * `npm run bench -- tensor-indexing [case...] [--markdown]`: the indexing and joining ops of the Tensor API (greater,
 * where, gather, cumsum, argsort, concat, stack and a strided slice copy) on native (1 and 2 threads) and WASM, each
 * against numpy on the same arrays, timed right after ours in the same run (bench/_python/tensor_indexing.py). One
 * JSON line per comparison on stdout as it is measured; markdown tables at the end (stderr, or stdout with --markdown).
 *
 * Data (../shared/bench/WORKLOADS.md, tensor): a, b = 10M float32 sym(3), sym(4); A = 1024 x 1024 float32 sym(1);
 * gather indices = floor(1024 * uniform(7, 512)). None of these ops has an `out` form: every case allocates its
 * result, as numpy's. Throughput: GB/s of the bytes read plus written (argsort: million elements a second, shown as Mrows/s).
 *
 *   greater         a > b (10M f32 -> bool)               greater_scalar  a > 0
 *   where           where(a > 0, a, b), the mask made once (10M)
 *   gather_rows     A[idx] (512 of its 1024 rows)         gather_cols     A[:, idx]
 *   cumsum          cumsum(a) (10M f32, f32 accumulator)  cumsum_axis0    cumsum(A, axis 0)
 *   argsort         stable argsort of a[:1M]
 *   concat          concat([a, b]) (20M)                  concat_axis1    concat([A, A], axis 1)
 *   stack_axis1     stack([a, b], axis 1) (interleaved)   slice_step      A[:, ::2] copied (numpy: .copy())
 */
import * as os from 'node:os';
import {
  Tensor, argsort, backendInfo, concat, cumsum, gather, greater, slice, stack, where,
} from '../lib/trueno';
import { PythonBaseline, findPython } from './_baselines';
import { emit, markdownTables, measure, result, type CaseResult, type Work } from './_stats';
import { VARIANTS, useVariant } from './_variants';
import { GEMM_N, STREAM_N, checkTestVectors, checksum, sym, uniform } from './_workloads';

/** The rows / columns gathered, and the argsort length. */
const GATHERED = 512;
const ARGSORT_N = 1_000_000;
const F32 = 4;

interface Data {
  a: Float32Array;
  b: Float32Array;
  A: Float32Array;
  idx: Int32Array;
}

interface Case {
  name: string;
  work: Work;
  /** Builds the timed call on the active backend; inputs are made once, outside the timing. */
  ours(d: Data): () => unknown;
}

const N = STREAM_N, M = GEMM_N;
const gb = (bytes: number): Work => ({ amount: bytes, unit: 'GB/s' });

const CASES: Case[] = [
  { name: 'greater', work: gb(N * (2 * F32 + 1)), ours: (d) => { const a = Tensor.from(d.a), b = Tensor.from(d.b); return () => greater(a, b); } },
  { name: 'greater_scalar', work: gb(N * (F32 + 1)), ours: (d) => { const a = Tensor.from(d.a); return () => greater(a, 0); } },
  {
    name: 'where',
    work: gb(N * (1 + 3 * F32)),
    ours: (d) => {
      const a = Tensor.from(d.a), b = Tensor.from(d.b), mask = greater(a, 0);
      return () => where(mask, a, b);
    },
  },
  {
    name: 'gather_rows',
    work: gb(2 * GATHERED * M * F32),
    ours: (d) => { const A = Tensor.from(d.A, [M, M]), idx = Tensor.from(d.idx); return () => gather(A, idx); },
  },
  {
    name: 'gather_cols',
    work: gb(2 * GATHERED * M * F32),
    ours: (d) => { const A = Tensor.from(d.A, [M, M]), idx = Tensor.from(d.idx); return () => gather(A, idx, { axis: 1 }); },
  },
  { name: 'cumsum', work: gb(2 * N * F32), ours: (d) => { const a = Tensor.from(d.a); return () => cumsum(a); } },
  { name: 'cumsum_axis0', work: gb(2 * M * M * F32), ours: (d) => { const A = Tensor.from(d.A, [M, M]); return () => cumsum(A, { axis: 0 }); } },
  { name: 'argsort', work: { amount: ARGSORT_N, unit: 'Mrows/s' }, ours: (d) => { const x = Tensor.from(d.a.slice(0, ARGSORT_N)); return () => argsort(x); } },
  { name: 'concat', work: gb(4 * N * F32), ours: (d) => { const a = Tensor.from(d.a), b = Tensor.from(d.b); return () => concat([a, b]); } },
  {
    name: 'concat_axis1',
    work: gb(4 * M * M * F32),
    ours: (d) => { const A = Tensor.from(d.A, [M, M]); return () => concat([A, A], { axis: 1 }); },
  },
  { name: 'stack_axis1', work: gb(4 * N * F32), ours: (d) => { const a = Tensor.from(d.a), b = Tensor.from(d.b); return () => stack([a, b], { axis: 1 }); } },
  { name: 'slice_step', work: gb(M * M * F32), ours: (d) => { const A = Tensor.from(d.A, [M, M]); return () => slice(A, null, [0, null, 2]); } },
];

function workloads(): Data {
  return {
    a: sym(3, N, Float32Array), b: sym(4, N, Float32Array), A: sym(1, M * M, Float32Array),
    idx: Int32Array.from(uniform(7, GATHERED), (u) => Math.floor(M * u)),
  };
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
  const cases = CASES.filter((c) => wanted.length === 0 || wanted.includes(c.name));
  const data = workloads();
  const python = findPython();
  if (!python) process.stderr.write('note: no Python with numpy and threadpoolctl found (set SOVEREIGN_PYTHON); printing cases without baselines\n');
  const sums = { a: checksum(data.a), b: checksum(data.b), A: checksum(data.A), idx: checksum(data.idx) };
  const numpy = python ? await PythonBaseline.start(python, 'tensor_indexing', cases.map((c) => c.name), 2, sums) : undefined;
  const lines: CaseResult[] = [];
  for (const v of VARIANTS) {
    if (!useVariant(v)) continue;
    const info = backendInfo();
    process.stderr.write(`${info.backend} ${info.isa}, ${info.threads} thread(s), ${info.version}\n`);
    for (const c of cases) {
      const seconds = measure(c.ours(data));
      const np = await numpy?.time(c.name, v.threads);
      const line = result({ name: c.name, backend: info.backend, threads: info.threads }, c.work, seconds,
        np && { baseline: np.label, median_s: np.median_s });
      lines.push(line);
      emit(line);
    }
  }
  numpy?.close();
  const load = `${os.cpus()[0]?.model}, ${os.cpus().length} cores; 1-min load average ${loadAtStart} at start, ` +
    `${os.loadavg()[0].toFixed(1)} at end (a loaded machine lowers absolute figures and makes ratios noisy)`;
  const table = `${markdownTables(lines, 'numpy')}\n\n${load}\n`;
  if (args.includes('--markdown')) process.stdout.write(table);
  else process.stderr.write(table);
}
