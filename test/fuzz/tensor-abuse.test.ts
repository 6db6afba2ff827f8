/**
 * Tensor API abuse sweep (issue 8), on every backend (native, wasm, js), each in a supervised child: every case must
 * return the right answer or throw an error with `.code` — never crash, hang, blow up memory or return garbage — and
 * the backends must give the same answers (NaN, the sign of zero and tiny values included). The cases are in
 * tensor-cases.ts; one case again: SOVEREIGN_FUZZ_ONLY='matmulAsync: input transferred while it runs'.
 */
import * as path from 'node:path';
import { Supervisor } from '../helpers/supervisor';
import { FAILURE_CLASSES, type OutcomeClass } from './outcome';
import type { CaseResult } from './tensor-child';
import { difference } from './tensor-compare';
import { tensorCases } from './tensor-cases';

const BACKENDS = ['native', 'wasm', 'js'] as const;
const distTrueno = path.resolve(__dirname, '../../dist/cjs/trueno');
const cases = tensorCases(distTrueno);
const only = process.env.SOVEREIGN_FUZZ_ONLY?.split(',').map((s) => s.trim());

interface Row {
  backend: string;
  name: string;
  outcome: OutcomeClass;
  detail: string;
  value?: CaseResult['value'];
}

async function sweep(backend: string): Promise<Row[]> {
  const supervisor = new Supervisor<number, CaseResult | { backend: string; count: number }>({
    script: path.join(__dirname, 'tensor-child.ts'),
    env: { SOVEREIGN_BACKEND: backend, FUZZ_ASYNC_HANG_MS: '20000' },
    nodeArgs: ['--expose-gc'],
    // the async cases run a 320 x 320 matmul three times, on js in plain JS: seconds on a loaded 2-core machine
    timeoutMs: 25000,
    heapMb: 1024,
    rssCapMb: 2048,
  });
  try {
    const info = await supervisor.run(-1);
    expect(info.result).toEqual({ backend, count: cases.length });
    const rows: Row[] = [];
    for (const [i, c] of cases.entries()) {
      if (only && !only.includes(c.name)) continue;
      const r = await supervisor.run(i);
      if (r.failure) rows.push({ backend, name: c.name, outcome: r.failure.kind, detail: r.failure.detail.split('\n')[0] });
      else rows.push({ backend, name: c.name, ...(r.result as CaseResult) });
    }
    return rows;
  } finally {
    supervisor.close();
  }
}

/** Cases where two backends both answered, differently (exactly: Object.is per value, so -0 and 0 differ). */
function disagreements(rows: Row[]): Row[] {
  const out: Row[] = [];
  for (const c of cases) {
    const answered = rows.filter((r) => r.name === c.name && r.value !== undefined);
    for (let k = 1; k < answered.length; k++) {
      const [a, b] = [answered[0], answered[k]];
      const rtol = typeof a.value === 'object' && a.value.dtype === 'float32' ? 1e-5 : 1e-9;
      const diff = difference(b.value!, a.value!, rtol, c.exact) ?? (c.exact ? signOfZero(a.value!, b.value!) : undefined);
      if (diff !== undefined) out.push({ backend: `${b.backend} vs ${a.backend}`, name: c.name, outcome: 'disagree', detail: diff });
    }
  }
  return out;
}

function signOfZero(a: NonNullable<Row['value']>, b: NonNullable<Row['value']>): string | undefined {
  const av = typeof a === 'object' ? a.values : [a];
  const bv = typeof b === 'object' ? b.values : [b];
  const i = av.findIndex((v, k) => typeof v === 'number' && v === 0 && !Object.is(v, bv[k]));
  return i < 0 ? undefined : `[${i}] is ${Object.is(bv[i], -0) ? '-0' : bv[i]} instead of ${Object.is(av[i], -0) ? '-0' : av[i]}`;
}

function summarize(rows: Row[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(`${r.backend}\t${r.outcome}`, (counts.get(`${r.backend}\t${r.outcome}`) ?? 0) + 1);
  const lines = [...counts].sort().map(([k, n]) => `${k.replace('\t', ' ').padEnd(28)} ${n}`);
  for (const r of rows.filter((x) => FAILURE_CLASSES.includes(x.outcome))) lines.push(`FAIL ${r.backend} ${r.outcome}: ${r.name}: ${r.detail.slice(0, 200)}`);
  return lines.join('\n');
}

describe('Tensor API abuse on every backend', () => {
  it(`answers right or throws a coded error for ${cases.length} abuse cases per backend, the backends agreeing`, async () => {
    const rows = (await Promise.all(BACKENDS.map(sweep))).flat();
    const all = [...rows, ...disagreements(rows)];
    const summary = summarize(all);
    console.log(summary);
    const failures = all.filter((r) => FAILURE_CLASSES.includes(r.outcome));
    expect(failures.length === 0 ? 'no failures' : `${failures.length} failures:\n${summary}`).toBe('no failures');
  }, 20 * 60 * 1000);
});
