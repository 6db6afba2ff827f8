/**
 * The supervised child of the Tensor abuse sweep: runs abuse cases by index on the backend SOVEREIGN_BACKEND picked
 * (the built package, dist/cjs/trueno), checks each answer against its expectation and returns the answer too, so the
 * parent can compare the backends with each other.
 */
import * as path from 'node:path';
import { serveJobs } from '../helpers/supervisor';
import { classifyError, type OutcomeClass } from './outcome';
import { tensorCases, type Plain, type TensorCase } from './tensor-cases';
import { difference } from './tensor-compare';

const distTrueno = path.resolve(__dirname, '../../dist/cjs/trueno');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const trueno = require(distTrueno) as typeof import('../../lib/trueno');
const cases = tensorCases(distTrueno);

/** What a case gave: its class, a line saying why, and the answer when there was one. */
export interface CaseResult {
  outcome: OutcomeClass;
  detail: string;
  value?: Plain;
}

function plain(v: unknown): Plain | undefined {
  if (v instanceof trueno.Tensor) return { dtype: v.dtype, shape: [...v.shape], values: Array.from(v.data as ArrayLike<number | bigint>, Number) };
  if (typeof v === 'number' || typeof v === 'string') return v;
  return undefined;
}

const references = new Map<TensorCase, Plain>();

/** The case's reference, computed once (the large async cases' references cost as much as the op on js). */
function reference(c: TensorCase, compute: () => Plain): Plain {
  if (!references.has(c)) references.set(c, compute());
  return references.get(c)!;
}

async function runOnce(c: TensorCase): Promise<CaseResult> {
  let value: Plain | undefined;
  try {
    value = plain(await c.run(trueno));
  } catch (e) {
    const { outcome, detail } = classifyError(e);
    return { outcome, detail: c.expect === 'throws' || outcome === 'bad-error' ? detail : `refused (accepted): ${detail}` };
  }
  if (c.expect === 'survives') return { outcome: 'ok', detail: String(value), value };
  if (c.expect === 'throws') return { outcome: 'silent', detail: `returned instead of throwing: ${JSON.stringify(value)?.slice(0, 200)}`, value };
  if (value === undefined) return { outcome: 'silent', detail: 'returned something that is neither a Tensor nor a number' };
  const rtol = c.rtol ?? (typeof value === 'object' && value.dtype === 'float32' ? 1e-5 : 1e-9);
  const diff = difference(value, reference(c, c.expect), rtol, c.exact);
  return diff === undefined ? { outcome: 'ok', detail: 'as the reference', value } : { outcome: 'silent', detail: diff, value };
}

/** The case's first run that is not as expected, else its last run. */
async function runCase(c: TensorCase): Promise<CaseResult> {
  let result = await runOnce(c);
  for (let k = 1; k < (c.repeat ?? 1) && (result.outcome === 'ok' || result.outcome === 'error'); k++) {
    const next = await runOnce(c);
    result = next.outcome === 'ok' || next.outcome === 'error' ? result : { ...next, detail: `run ${k + 1}: ${next.detail}` };
  }
  return result;
}

serveJobs<number, CaseResult | { backend: string; count: number }, never>(async (index) => {
  if (index < 0) return { backend: trueno.backendInfo().backend, count: cases.length };
  return runCase(cases[index]);
}, Number(process.env.FUZZ_ASYNC_HANG_MS ?? 8000));
