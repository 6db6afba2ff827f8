/**
 * The supervised child of the raw-kernel fuzz: runs a kernel entry's calls (kernel-mutations.ts) on the backend
 * SOVEREIGN_BACKEND names, from the lib sources, and gives back each call's outcome with what it returned and every
 * array argument afterwards, so the parent can compare the backends. A kernel with an Async form runs both forms, which
 * must agree. At the end of a job the entry's first valid call runs again and must give its first answer: a call that
 * wrote outside its buffers (into the WASM module's heap, say) shows up there as a poisoned backend.
 */
import { serveJobs } from '../helpers/supervisor';
import { kernels, setBackend } from '../../lib/trueno/backend/loader';
import { ASYNC_KERNELS } from '../../lib/trueno/backend/ops.generated';
import { kernelTable, type BackendName } from '../../lib/trueno/backend/registry';
import type { Args, KernelCase } from './kernel-case';
import { KERNEL_CASES } from './kernel-cases';
import { snapshotDifference, type Snapshot } from './kernel-compare';
import { callsOf } from './kernel-mutations';
import { classifyError, type OutcomeClass } from './outcome';

const backend = (process.env.SOVEREIGN_BACKEND ?? 'native') as BackendName;
setBackend(backend);
const k = kernels() as unknown as Record<string, (...args: Args) => unknown>;
const calls = KERNEL_CASES.map(callsOf);

/** A job: entry `kase`'s calls from index `from` on (after a crash, the parent resumes past the call that crashed). */
export interface KernelJob {
  kase: number;
  from: number;
}

/** One call's outcome on this backend. */
export interface CallResult {
  outcome: OutcomeClass;
  detail: string;
  /** The return value and arrays after the call, when it returned. */
  snapshot?: Snapshot;
}

/** What a job gives back: the calls' results in order, from `from`. */
export interface KernelJobResult {
  results: CallResult[];
}

/** A copy of a typed array; an empty one of its kind when its buffer was taken away (detached). */
function copy(a: Uint8Array): Uint8Array {
  return a.byteLength === 0 ? new (a.constructor as new (n: number) => Uint8Array)(0) : a.slice();
}

function snapshot(entry: KernelCase, args: Args, returned: unknown): Snapshot {
  const arrays = args.map((a) => (ArrayBuffer.isView(a) && !(a instanceof DataView) ? copy(a as Uint8Array) : undefined));
  entry.normalize?.(arrays, returned);
  return { returned: typeof returned === 'number' ? returned : returned === undefined ? undefined : String(returned), arrays };
}

async function runForm(entry: KernelCase, name: string, build: () => Args): Promise<CallResult> {
  const args = build();
  try {
    const returned = await k[name](...args);
    return { outcome: 'ok', detail: 'returned', snapshot: snapshot(entry, args, returned) };
  } catch (e) {
    return classifyError(e);
  }
}

async function runCall(kase: number, index: number): Promise<CallResult> {
  const entry = KERNEL_CASES[kase];
  const call = calls[kase][index];
  const sync = await runForm(entry, entry.kernel, call.build);
  if (!(ASYNC_KERNELS as readonly string[]).includes(entry.kernel)) return sync;
  const async = await runForm(entry, `${entry.kernel}Async`, call.build);
  const diff = sync.outcome !== async.outcome ? `${sync.outcome} sync, ${async.outcome} async (${async.detail})`
    : sync.snapshot && async.snapshot ? snapshotDifference(async.snapshot, sync.snapshot, entry.rtol ?? 0) : undefined;
  return diff === undefined ? sync : { outcome: 'disagree', detail: `${entry.kernel}Async differs: ${diff}` };
}

const firstAnswers = new Map<number, CallResult>();

serveJobs<KernelJob | -1, KernelJobResult | { backend: string; counts: number[]; missing: string[] }, never>(async (job, report) => {
  if (job === -1) {
    // a kernel this backend lacks would run on the next backend of the chain: the comparison would prove nothing
    const { fallbacks } = kernelTable(backend);
    const missing = KERNEL_CASES.map((c) => c.kernel).filter((name) => fallbacks[name] !== undefined);
    return { backend, counts: calls.map((c) => c.length), missing };
  }
  const results: CallResult[] = [];
  for (let i = job.from; i < calls[job.kase].length; i++) {
    report.stage(String(i));
    results.push(await runCall(job.kase, i));
  }
  report.stage('first valid call again');
  const again = await runCall(job.kase, 0);
  const first = firstAnswers.get(job.kase) ?? (job.from === 0 ? results[0] : again);
  firstAnswers.set(job.kase, first);
  const diff = first.outcome !== again.outcome ? `${again.outcome} instead of ${first.outcome}`
    : first.snapshot && again.snapshot ? snapshotDifference(again.snapshot, first.snapshot, 0) : undefined;
  if (diff !== undefined) results.push({ outcome: 'poisoned', detail: `the first valid call, run again after the others: ${diff}` });
  return { results };
}, 20000);
