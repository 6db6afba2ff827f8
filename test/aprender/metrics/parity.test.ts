/**
 * Every metric against scikit-learn's values (reference/metrics.json, written by cases_metrics.py): each stored call is
 * replayed with the same inputs and options (snake_case names turned camelCase), and its result or its refusal compared.
 */
import * as metrics from '../../../lib/aprender/metrics/index';
import { reference } from '../reference/data';
import { expectClose, fromJson } from './close';

type Json = unknown;
interface Call {
  fn: string;
  args: string[];
  kwargs: Record<string, Json>;
  result?: Json;
  error?: string;
  message?: string;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The TS results in scikit-learn's shapes (tuples as arrays). */
function pythonShape(fn: string, value: unknown): unknown {
  if (fn === 'precision_recall_fscore_support') {
    const v = value as metrics.PRFSupport;
    return [v.precision, v.recall, v.fscore, v.support];
  }
  if (fn === 'roc_curve') {
    const v = value as metrics.RocCurve;
    return [v.fpr, v.tpr, v.thresholds];
  }
  if (fn === 'precision_recall_curve') {
    const v = value as metrics.PrecisionRecallCurve;
    return [v.precision, v.recall, v.thresholds];
  }
  return value;
}

function euclidean(X: number[][]): number[][] {
  return X.map((a) => X.map((b) => Math.sqrt(a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0))));
}

const cases = reference('metrics');
for (const [id, byData] of Object.entries(cases)) {
  for (const [dataset, stored] of Object.entries(byData)) {
    if (!('calls' in stored)) continue;
    const inputs = stored.inputs as Record<string, unknown>;
    if ('X' in inputs) inputs.D = euclidean(inputs.X as number[][]);
    describe(`${id} (${dataset})`, () => {
      (stored.calls as Call[]).forEach((c, i) => {
        const options: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(c.kwargs)) options[camel(k)] = typeof v === 'string' && v.startsWith('$') ? inputs[v.slice(1)] : fromJson(v);
        const fn = (metrics as unknown as Record<string, (...a: unknown[]) => unknown>)[camel(c.fn)];
        const args = c.args.map((a) => inputs[a]);
        const name = `${i}: ${c.fn}(${c.args.join(', ')}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ''})`;
        test(name, () => {
          expect(typeof fn).toBe('function');
          if (c.error !== undefined) {
            let thrown: unknown;
            try {
              fn(...args, options);
            } catch (e) {
              thrown = e;
            }
            expect(thrown).toBeInstanceOf(Error);
            expect((thrown as { code?: string }).code).toMatch(/^ERR_APRENDER_/);
            return;
          }
          expectClose(pythonShape(c.fn, fn(...args, options)), fromJson(c.result), name);
        });
      });
    });
  }
}

test('silhouette of 10,000 samples (blocked distances) matches scikit-learn', () => {
  const ref = cases.silhouette_large.iris as { n: number; d: number; score: number; first: number[]; last: number[] };
  const X = Array.from({ length: ref.n }, (_, i) => Array.from({ length: ref.d }, (_, j) => Math.sin(i * 0.7 + j * 1.3) + (i % 5) * 0.8));
  const labels = Array.from({ length: ref.n }, (_, i) => i % 5);
  const s = metrics.silhouetteSamples(X, labels);
  expectClose(Array.from(s.subarray(0, 20)), ref.first, 'first');
  expectClose(Array.from(s.subarray(ref.n - 20)), ref.last, 'last');
  expectClose(s.reduce((a, b) => a + b, 0) / ref.n, ref.score, 'score');
});
