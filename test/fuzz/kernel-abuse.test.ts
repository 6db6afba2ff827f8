/**
 * Raw-kernel fuzz: the backend table's kernels below the ops layer (graph: graphCsr, graphBfs, graphDijkstra,
 * graphPagerank, graphWcc, graphScc, graphDfs, graphBetweenness, graphTriangles, graphLouvain, graphMst, graphToposort,
 * and their Async forms; indexing: compare, where, gather, copyBlocks, cumsum, argsort; CSV: csvNumeric, csvFormat;
 * JSON rows: jsonRows; forests: forestPredict, forestApply, forestPack, forestPredictPacked), called with valid and broken arguments
 * (kernel-mutations.ts) on every backend, each in a supervised child. Every call must return or throw an error with an
 * ERR_ code, never crash, hang, blow up memory or leave the backend poisoned; and the backends must agree: all refuse,
 * or all return the same values. Bounded: a fixed list of calls per kernel, the same every run (FUZZ_SEED).
 * kernel-coverage.test.ts fails when a kernel of the op list has no entry.
 *
 * One kernel only: SOVEREIGN_FUZZ_KERNELS=graphBfs,gather. Adding a kernel: one entry in kernel-cases-*.ts.
 */
import * as path from 'node:path';
import { Supervisor } from '../helpers/supervisor';
import type { CallResult, KernelJob, KernelJobResult } from './kernel-child';
import { KERNEL_CASES } from './kernel-cases';
import { snapshotDifference } from './kernel-compare';
import { callsOf } from './kernel-mutations';
import { FAILURE_CLASSES } from './outcome';

const BACKENDS = process.env.SOVEREIGN_FUZZ_BACKENDS?.split(',') ?? ['native', 'wasm', 'js'];
/** Children a kernel may take down (crash, hang, memory) on one backend before the rest of its calls are skipped. */
const MAX_KILLS = 3;
const calls = KERNEL_CASES.map(callsOf);
const only = process.env.SOVEREIGN_FUZZ_KERNELS?.split(',').map((s) => s.trim()).filter(Boolean);
const wanted = only?.length ? only : undefined;
const selected = KERNEL_CASES.map((c, i) => i).filter((i) => !wanted || wanted.includes(KERNEL_CASES[i].kernel));

/** One call's outcome on one backend (or a disagreement between two). */
interface Row extends CallResult {
  backend: string;
  kase: number;
  index: number;
}

async function sweep(backend: string): Promise<Row[]> {
  const supervisor = new Supervisor<KernelJob | -1, KernelJobResult | { backend: string; counts: number[]; missing: string[] }>({
    script: path.join(__dirname, 'kernel-child.ts'),
    env: { SOVEREIGN_BACKEND: backend },
    // per call (each reports its stage): the calls are small, milliseconds each; a real hang never ends
    timeoutMs: 10000,
    heapMb: 512,
    rssCapMb: 1536,
  });
  try {
    const info = await supervisor.run(-1);
    expect(info.result).toEqual({ backend, counts: calls.map((c) => c.length), missing: [] });
    const rows: Row[] = [];
    for (const kase of selected) {
      let from = 0;
      for (let kills = 0; from < calls[kase].length; kills++) {
        if (kills === MAX_KILLS) {
          rows.push({ backend, kase, index: from, outcome: 'crash', detail: `${MAX_KILLS} children lost: calls ${from} on not run` });
          break;
        }
        const r = await supervisor.run({ kase, from });
        if (r.result) {
          (r.result as KernelJobResult).results.forEach((res, k) => rows.push({ backend, kase, index: from + k, ...res }));
          break;
        }
        // the child died in call `stage` (or after the last): record it and go on past it in a fresh child
        const at = /^\d+$/.test(r.failure.stage) ? Number(r.failure.stage) : calls[kase].length;
        rows.push({ backend, kase, index: at, outcome: r.failure.kind, detail: `${r.failure.stage}: ${r.failure.detail.split('\n')[0]}` });
        from = at + 1;
      }
    }
    return rows;
  } finally {
    supervisor.close();
  }
}

/** Calls where two backends both got through, one returning and one refusing, or returning different values. */
function disagreements(rows: Row[]): Row[] {
  const out: Row[] = [];
  const byCall = new Map<string, Row[]>();
  for (const r of rows) byCall.set(`${r.kase} ${r.index}`, [...(byCall.get(`${r.kase} ${r.index}`) ?? []), r]);
  for (const same of byCall.values()) {
    const answered = same.filter((r) => r.outcome === 'ok' || r.outcome === 'error');
    for (let k = 1; k < answered.length; k++) {
      const [a, b] = [answered[0], answered[k]];
      const entry = KERNEL_CASES[a.kase];
      let diff: string | undefined;
      if (a.outcome !== b.outcome) diff = `${a.backend} ${a.outcome === 'ok' ? 'returned' : `refused (${a.detail})`}, ${b.backend} ${b.outcome === 'ok' ? 'returned' : `refused (${b.detail})`}`;
      else if (a.snapshot && b.snapshot) diff = snapshotDifference(b.snapshot, a.snapshot, entry.rtol ?? 0);
      if (diff !== undefined) out.push({ ...b, backend: `${b.backend} vs ${a.backend}`, outcome: 'disagree', detail: diff, snapshot: undefined });
    }
  }
  return out;
}

function summarize(rows: Row[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${KERNEL_CASES[r.kase].kernel.padEnd(14)} ${r.backend.padEnd(16)} ${r.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lines = [...counts].sort().map(([k, n]) => `${k.padEnd(44)} ${n}`);
  for (const r of rows.filter((x) => FAILURE_CLASSES.includes(x.outcome))) {
    lines.push(`FAIL ${r.backend} ${r.outcome}: ${calls[r.kase][r.index]?.name ?? `${KERNEL_CASES[r.kase].kernel} after its calls`}: ${r.detail.slice(0, 240)}`);
  }
  return lines.join('\n');
}

describe('raw kernels (graph, indexing, CSV, forest) under broken arguments on every backend', () => {
  const total = selected.reduce((n, i) => n + calls[i].length, 0);
  it(`returns or refuses with a coded error for ${total} calls per backend, the backends agreeing`, async () => {
    const rows = (await Promise.all(BACKENDS.map(sweep))).flat();
    const all = [...rows, ...disagreements(rows)];
    const summary = summarize(all);
    console.log(summary);
    // the valid calls must have been answered, not refused (a fuzz whose every call fails proves nothing), and the
    // well-formed calls a kernel documents as refused must have been refused
    const wrong = rows.filter((r) => {
      const valid = calls[r.kase][r.index]?.valid;
      return (valid === 'answered' && r.outcome !== 'ok') || (valid === 'refused' && r.outcome !== 'error');
    });
    expect(wrong.map((r) => `${r.backend} ${calls[r.kase][r.index].name}: ${r.outcome} ${r.detail}`)).toEqual([]);
    const failures = all.filter((r) => FAILURE_CLASSES.includes(r.outcome));
    expect(failures.length === 0 ? 'no failures' : `${failures.length} failures:\n${summary}`).toBe('no failures');
  }, 10 * 60 * 1000);
});
