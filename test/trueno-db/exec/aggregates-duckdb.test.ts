/**
 * Aggregates against DuckDB on one table with NULLs, duplicates and several groups: every aggregate function,
 * DISTINCT variants and quantiles, grouped and ungrouped, and with a filter pushed into the aggregation.
 */
import type { AggregateCall, Expr } from '../../../lib/trueno-db/plan/ir';
import {
  agg, aggregate, BIG, BOOL, call, DBL, duck, filter, INT, key, lit, ref, run, scan, sort, STR, table,
} from './helpers';

const n = 97;
const g = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : i % 5));
const x = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : ((i * 37) % 23) - 8));
const y = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : Math.sin(i) * 100));
const s = Array.from({ length: n }, (_, i) => (i % 17 === 0 ? null : ['kiwi', 'apple', 'Äpfel', 'fig'][i % 4]));
const t = table({ g: [INT, g], x: [INT, x], y: [DBL, y], s: [STR, s] });
const sqlv = (v: unknown): string => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v));
const FROM = `FROM (VALUES ${g.map((_, i) => `(${sqlv(g[i])}, ${sqlv(x[i])}, ${y[i] === null ? 'NULL' : `${y[i]}::DOUBLE`}, ${sqlv(s[i])})`).join(', ')}) t(g, x, y, s)`;

const G = ref(0, INT), X = ref(1, INT), Y = ref(2, DBL), S = ref(3, STR);
const cases: [string, AggregateCall][] = [
  ['count(*)', agg('count_star', BIG)],
  ['count(x)', agg('count', BIG, [X])],
  ['count(DISTINCT x)', agg('count', BIG, [X], { distinct: true })],
  ['count(DISTINCT s)', agg('count', BIG, [S], { distinct: true })],
  ['sum(x)::BIGINT', agg('sum', BIG, [X])],
  ['sum(DISTINCT x)::BIGINT', agg('sum', BIG, [X], { distinct: true })],
  ['sum(y)', agg('sum', DBL, [Y])],
  ['avg(x)', agg('avg', DBL, [X])],
  ['avg(DISTINCT y)', agg('avg', DBL, [Y], { distinct: true })],
  ['min(x)', agg('min', INT, [X])],
  ['max(y)', agg('max', DBL, [Y])],
  ['min(s)', agg('min', STR, [S])],
  ['max(s)', agg('max', STR, [S])],
  ['stddev_samp(y)', agg('stddev_samp', DBL, [Y])],
  ['stddev_pop(x)', agg('stddev_pop', DBL, [X])],
  ['var_samp(x)', agg('var_samp', DBL, [X])],
  ['var_pop(y)', agg('var_pop', DBL, [Y])],
  ['median(x)', agg('median', DBL, [X])],
  ['median(y)', agg('median', DBL, [Y])],
  ['quantile_cont(y, 0.9)', agg('quantile_cont', DBL, [Y], { fraction: 0.9 })],
  ['quantile_disc(x, 0.3)', agg('quantile_disc', INT, [X], { fraction: 0.3 })],
  ['quantile_disc(s, 0.5)', agg('quantile_disc', STR, [S], { fraction: 0.5 })],
];

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  return String(a) === String(b);
}

function expectRows(got: unknown[][], want: unknown[][]): void {
  const ok = got.length === want.length && got.every((r, i) => r.every((v, j) => same(v, want[i][j])));
  if (!ok) expect(got).toEqual(want);
}

describe('aggregates match DuckDB', () => {
  it.each(cases)('%s grouped by g', async (sql, a) => {
    const want = await duck(`SELECT g, ${sql} ${FROM} GROUP BY g ORDER BY g NULLS LAST`);
    expectRows(run(sort(aggregate(scan('t', t), [G], [a]), [key(ref(0, INT))]), { t }), want);
  });

  it.each(cases)('%s without groups', async (sql, a) => {
    expectRows(run(aggregate(scan('t', t), [], [a]), { t }), await duck(`SELECT ${sql} ${FROM}`));
  });

  it.each(cases)('%s grouped by s and g with WHERE y > 0', async (sql, a) => {
    const want = await duck(`SELECT s, g, ${sql} ${FROM} WHERE y > 0 GROUP BY s, g ORDER BY s, g`);
    const where: Expr = call('>', BOOL, Y, lit(0, DBL));
    const p = sort(aggregate(filter(scan('t', t), where), [S, G], [a]), [key(ref(0, STR)), key(ref(1, INT))]);
    expectRows(run(p, { t }), want);
  });

  it.each(cases)('%s on an empty input', async (sql, a) => {
    const where: Expr = call('>', BOOL, Y, lit(1000, DBL));
    expectRows(run(aggregate(filter(scan('t', t), where), [], [a]), { t }), await duck(`SELECT ${sql} ${FROM} WHERE y > 1000`));
  });
});
