/**
 * The executor's plan nodes: scan, values, filter, project, aggregate, sort, limit, distinct, union, with their
 * NULL rules, built by hand over small tables.
 */
import { execute } from '../../../lib/trueno-db/exec';
import type { Expr, Plan } from '../../../lib/trueno-db/plan/ir';
import {
  agg, aggregate, BIG, BOOL, call, col, DBL, filter, INT, key, limit, lit, project, ref, run, scan, sort, sources,
  STR, table,
} from './helpers';

const t = table({
  g: [INT, [1, 2, 1, null, 2, 1]],
  x: [DBL, [1.5, 2, null, 4, 0.5, -1]],
  s: [STR, ['a', 'b', 'a', null, 'c', 'b']],
});

describe('scan', () => {
  it('returns the columns asked for, in order', () => {
    expect(run(scan('t', t, [2, 0]), { t })).toEqual([['a', 1], ['b', 2], ['a', 1], [null, null], ['c', 2], ['b', 1]]);
  });

  it('fails with ERR_TRUENO_DB_EXEC naming a source that was not given', () => {
    expect(() => execute(scan('t', t), new Map())).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_EXEC',
      message: expect.stringContaining('table:t') }));
  });

  it('fails naming a column that was not given', () => {
    expect(() => execute(scan('t', t, [1]), new Map([['table:t', [t.columns[0]]]]))).toThrow(/Column 1/);
  });

  it('counts rows from any present column when it reads none', () => {
    const plan = aggregate(scan('t', t, []), [], [agg('count_star', BIG)]);
    expect(execute(plan, sources({ t })).columns[0].values[0]).toBe(6n);
  });
});

describe('values', () => {
  it('builds rows from literal expressions', () => {
    const plan: Plan = { op: 'values', rows: [[lit(1, INT), lit('x', STR)], [lit(null, INT), lit('y', STR)]],
      schema: { names: ['a', 'b'], types: [INT, STR] } };
    expect(run(plan)).toEqual([[1, 'x'], [null, 'y']]);
  });
});

describe('filter', () => {
  it('keeps rows where the predicate is TRUE, not NULL or FALSE', () => {
    const p = filter(scan('t', t), call('>', BOOL, ref(1, DBL), lit(1, DBL)));
    expect(run(p, { t }).map((r) => r[1])).toEqual([1.5, 2, 4]);
  });

  it('evaluates constant-on-the-left comparisons', () => {
    const p = filter(scan('t', t), call('>', BOOL, lit(1, DBL), ref(1, DBL)));
    expect(run(p, { t }).map((r) => r[1])).toEqual([0.5, -1]);
  });

  it('combines kernel comparisons with general conjuncts', () => {
    const p = filter(scan('t', t), call('and', BOOL, call('>=', BOOL, ref(1, DBL), lit(0, DBL)),
      call('=', BOOL, ref(2, STR), lit('a', STR))));
    expect(run(p, { t })).toEqual([[1, 1.5, 'a']]);
  });

  it('does not evaluate a later conjunct on rows an earlier one rejected', () => {
    const u = table({ s: [STR, ['1', 'x', '3']] });
    const isDigit = call('like', BOOL, ref(0, STR), lit('_', STR));
    const notX = call('<>', BOOL, ref(0, STR), lit('x', STR));
    const castGt = call('>', BOOL, { kind: 'cast', expr: ref(0, STR), type: INT }, lit(1, INT));
    const p = filter(scan('u', u), call('and', BOOL, isDigit, notX, castGt));
    expect(run(p, { u })).toEqual([['3']]);
  });
});

describe('project', () => {
  it('computes expressions and broadcasts constants', () => {
    const p = project(scan('t', t), [call('+', INT, ref(0, INT), lit(10, INT)), lit('k', STR)]);
    expect(run(p, { t })).toEqual([[11, 'k'], [12, 'k'], [11, 'k'], [null, 'k'], [12, 'k'], [11, 'k']]);
  });
});

describe('aggregate', () => {
  it('computes one row on empty input without groups: count 0, sum NULL', () => {
    const p = aggregate(filter(scan('t', t), lit(false, BOOL)), [],
      [agg('count_star', BIG), agg('count', BIG, [ref(1, DBL)]), agg('sum', DBL, [ref(1, DBL)]),
        agg('avg', DBL, [ref(1, DBL)]), agg('min', DBL, [ref(1, DBL)]), agg('max', STR, [ref(2, STR)])]);
    expect(run(p, { t })).toEqual([[0n, 0n, null, null, null, null]]);
  });

  it('groups with NULL as its own group and ignores NULL values', () => {
    const p = sort(aggregate(scan('t', t), [ref(0, INT)],
      [agg('count_star', BIG), agg('count', BIG, [ref(1, DBL)]), agg('sum', DBL, [ref(1, DBL)]),
        agg('min', STR, [ref(2, STR)]), agg('max', STR, [ref(2, STR)])]), [key(ref(0, INT))]);
    expect(run(p, { t })).toEqual([
      [1, 3n, 2n, 0.5, 'a', 'b'],
      [2, 2n, 2n, 2.5, 'b', 'c'],
      [null, 1n, 1n, 4, null, null],
    ]);
  });

  it('groups by strings and by several keys (hash path)', () => {
    const p = sort(aggregate(scan('t', t), [ref(2, STR), ref(0, INT)], [agg('count_star', BIG)]),
      [key(ref(0, STR)), key(ref(1, INT))]);
    expect(run(p, { t })).toEqual([['a', 1, 2n], ['b', 1, 1n], ['b', 2, 1n], ['c', 2, 1n], [null, null, 1n]]);
  });

  it('sums integers exactly as BIGINT', () => {
    const u = table({ v: [BIG, [9007199254740993n, 1n, -2n]], i: [INT, [2147483647, 2147483647, 2147483647]] });
    const p = aggregate(scan('u', u), [], [agg('sum', BIG, [ref(0, BIG)]), agg('sum', BIG, [ref(1, INT)]),
      agg('avg', DBL, [ref(1, INT)]), agg('min', BIG, [ref(0, BIG)]), agg('max', BIG, [ref(0, BIG)])]);
    expect(run(p, { u })).toEqual([[9007199254740992n, 6442450941n, 2147483647, -2n, 9007199254740993n]]);
  });

  it('raises an error when an integer sum leaves BIGINT', () => {
    const u = table({ v: [BIG, [9223372036854775807n, 1n]] });
    expect(() => run(aggregate(scan('u', u), [], [agg('sum', BIG, [ref(0, BIG)])]), { u }))
      .toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_EXEC' }));
  });

  it('computes variance and standard deviation (samp NULL for one row)', () => {
    const u = table({ v: [DBL, [2, 4, 4, 4, 5, 5, 7, 9]], one: [DBL, [1, null, null, null, null, null, null, null]] });
    const p = aggregate(scan('u', u), [], [agg('var_pop', DBL, [ref(0, DBL)]), agg('stddev_pop', DBL, [ref(0, DBL)]),
      agg('var_samp', DBL, [ref(0, DBL)]), agg('stddev_samp', DBL, [ref(1, DBL)]), agg('var_pop', DBL, [ref(1, DBL)])]);
    const [r] = run(p, { u });
    expect(r[0]).toBeCloseTo(4, 12);
    expect(r[1]).toBeCloseTo(2, 12);
    expect(r[2]).toBeCloseTo(32 / 7, 12);
    expect(r[3]).toBeNull();
    expect(r[4]).toBe(0);
  });

  it('computes DISTINCT aggregates per group', () => {
    const u = table({ g: [INT, [1, 1, 1, 2, 2]], v: [INT, [5, 5, 6, null, 7]] });
    const p = sort(aggregate(scan('u', u), [ref(0, INT)], [agg('count', BIG, [ref(1, INT)], { distinct: true }),
      agg('sum', BIG, [ref(1, INT)], { distinct: true }), agg('sum', BIG, [ref(1, INT)])]), [key(ref(0, INT))]);
    expect(run(p, { u })).toEqual([[1, 2n, 11n, 16n], [2, 1n, 7n, 7n]]);
  });

  it('computes median and quantiles as DuckDB', () => {
    const u = table({ v: [INT, [1, 2, 3, 4]], s: [STR, ['b', 'a', 'd', 'c']] });
    const p = aggregate(scan('u', u), [], [agg('median', DBL, [ref(0, INT)]),
      agg('quantile_cont', DBL, [ref(0, INT)], { fraction: 0.25 }),
      agg('quantile_disc', INT, [ref(0, INT)], { fraction: 0.3 }),
      agg('quantile_disc', INT, [ref(0, INT)], { fraction: 0.5 }), agg('median', STR, [ref(1, STR)])]);
    expect(run(p, { u })).toEqual([[2.5, 1.75, 2, 2, 'b']]);
  });

  it('pushes a filter into the aggregation as a fused predicate or mask', () => {
    const p = aggregate(filter(scan('t', t), call('>', BOOL, ref(1, DBL), lit(0.9, DBL))), [ref(0, INT)],
      [agg('sum', DBL, [ref(1, DBL)]), agg('count_star', BIG)]);
    expect(run(sort(p, [key(ref(0, INT))]), { t })).toEqual([[1, 1.5, 1n], [2, 2, 1n], [null, 4, 1n]]);
    const q = aggregate(filter(scan('t', t), call('>', BOOL, ref(1, DBL), lit(0.9, DBL))), [],
      [agg('sum', DBL, [ref(1, DBL)])]);
    expect(run(q, { t })).toEqual([[7.5]]);
  });
});

describe('sort and limit', () => {
  it('sorts stably with NULLS LAST by default, DESC and NULLS FIRST on request', () => {
    expect(run(sort(scan('t', t), [key(ref(1, DBL))]), { t }).map((r) => r[1])).toEqual([-1, 0.5, 1.5, 2, 4, null]);
    expect(run(sort(scan('t', t), [key(ref(1, DBL), true, true)]), { t }).map((r) => r[1]))
      .toEqual([null, 4, 2, 1.5, 0.5, -1]);
    expect(run(sort(scan('t', t), [key(ref(2, STR), true), key(ref(1, DBL))]), { t }).map((r) => r[2] + ':' + r[1]))
      .toEqual(['c:0.5', 'b:-1', 'b:2', 'a:1.5', 'a:null', 'null:4']);
  });

  it('takes a top-k for LIMIT over ORDER BY, with OFFSET', () => {
    const p = limit(sort(scan('t', t), [key(ref(1, DBL), true)]), 2, 1);
    expect(run(p, { t }).map((r) => r[1])).toEqual([2, 1.5]);
    const q = limit(project(sort(scan('t', t), [key(ref(2, STR))]), [ref(2, STR)]), 3);
    expect(run(q, { t })).toEqual([['a'], ['a'], ['b']]);
  });

  it('limits without an order', () => {
    expect(run(limit(scan('t', t), 2, 3), { t }).map((r) => r[0])).toEqual([null, 2]);
    expect(run(limit(scan('t', t), null, 5), { t }).map((r) => r[0])).toEqual([1]);
  });
});

describe('distinct and union', () => {
  it('keeps the first of equal rows, NULLs equal', () => {
    const p: Plan = { op: 'distinct', input: scan('t', t, [0]), schema: { names: ['g'], types: [INT] } };
    expect(run(p, { t })).toEqual([[1], [2], [null]]);
  });

  it('unions with and without ALL, merging dictionaries', () => {
    const a = table({ s: [STR, ['x', 'y', null]] });
    const b = table({ s: [STR, ['y', 'z', null]] });
    const u = (all: boolean): Plan => ({ op: 'union', inputs: [scan('a', a), scan('b', b)], all,
      schema: { names: ['s'], types: [STR] } });
    expect(run(u(true), { a, b }).map((r) => r[0])).toEqual(['x', 'y', null, 'y', 'z', null]);
    expect(run(u(false), { a, b }).map((r) => r[0])).toEqual(['x', 'y', null, 'z']);
  });
});

describe('list columns', () => {
  it('pass through scans, filters and sorts (fixed-size vectors and offsets)', () => {
    const child = col(DBL, [1, 2, 3, 4, 5, 6]);
    const fixed = { type: { id: 'list' as const, child: DBL, size: 2 }, length: 3, values: new Uint8Array(0), child };
    const ragged = { type: { id: 'list' as const, child: DBL }, length: 3, values: new Uint8Array(0), child,
      offsets: Int32Array.from([0, 1, 1, 6]) };
    const u = { names: ['k', 'f', 'r'], types: [INT, fixed.type, ragged.type], columns: [col(INT, [3, 1, 2]), fixed, ragged] };
    const p = sort(filter(scan('u', u), call('>', BOOL, ref(0, INT), lit(1, INT))), [key(ref(0, INT))]);
    expect(run(p, { u })).toEqual([[2, [5, 6], [2, 3, 4, 5, 6]], [3, [1, 2], [1]]]);
  });
});

describe('bad plans', () => {
  it('names an unknown node, function, aggregate or date part', () => {
    const bad = { op: 'nope', schema: { names: [], types: [] } } as unknown as Plan;
    expect(() => execute(bad, new Map())).toThrow(/Unknown plan node nope/);
    const fn = project(scan('t', t), [{ kind: 'call', fn: 'frobnicate', args: [], type: INT } as unknown as Expr]);
    expect(() => run(fn, { t })).toThrow(/Unknown function frobnicate/);
    const part = project(scan('t', t), [call('extract', BIG, lit('fortnight', STR), { kind: 'cast', expr: ref(0, INT), type: INT })]);
    expect(() => run(part, { t })).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_EXEC' }));
    const q = aggregate(scan('t', t), [], [agg('quantile_cont', DBL, [ref(1, DBL)], { fraction: 1.5 })]);
    expect(() => run(q, { t })).toThrow(/fraction 1.5/);
  });
});

describe('float32 columns', () => {
  it('compare with a FLOAT constant as float32, in the kernel path and the general one', () => {
    const u = table({ f: [{ id: 'float' }, [0.1, 0.2]] });
    const F = { id: 'float' } as const;
    const eq = filter(scan('u', u), call('=', BOOL, ref(0, F), lit(0.1, F)));
    expect(run(eq, { u })).toHaveLength(1);
    const viaOr = filter(scan('u', u), call('or', BOOL, call('=', BOOL, ref(0, F), lit(0.1, F)), lit(false, BOOL)));
    expect(run(viaOr, { u })).toHaveLength(1);
  });
});

describe('untyped NULL operands', () => {
  const NUL = { id: 'null' } as const;
  it('coalesce, CASE, comparisons and IS DISTINCT FROM accept a NULL-typed literal', () => {
    const p = project(scan('t', t), [
      call('coalesce', STR, lit(null, NUL), ref(2, STR), lit('z', STR)),
      { kind: 'case', whens: [{ when: call('>', BOOL, ref(0, INT), lit(1, INT)), then: lit(null, NUL) }], else: ref(2, STR), type: STR },
      call('=', BOOL, ref(2, STR), lit(null, NUL)),
      call('is_distinct', BOOL, ref(2, STR), lit(null, NUL)),
    ]);
    expect(run(p, { t }).slice(0, 4)).toEqual([['a', 'a', null, true], ['b', null, null, true], ['a', 'a', null, true],
      ['z', null, null, false]]);
  });
});

describe('UNION ALL of list columns', () => {
  it('concatenates fixed-size and variable lists', () => {
    const F = { id: 'list' as const, child: DBL, size: 2 };
    const V = { id: 'list' as const, child: DBL };
    const mk = (vals: number[], offsets?: number[]) => ({ type: offsets ? V : F, length: offsets ? offsets.length - 1 : vals.length / 2,
      values: new Uint8Array(0), child: col(DBL, vals), ...(offsets ? { offsets: Int32Array.from(offsets) } : {}) });
    const a = { names: ['f', 'v'], types: [F, V], columns: [mk([1, 2, 3, 4]), mk([7, 8, 9], [0, 2, 3])] };
    const b = { names: ['f', 'v'], types: [F, V], columns: [mk([5, 6]), mk([1, 2, 10, 11], [2, 4])] };
    const u: Plan = { op: 'union', inputs: [scan('a', a), scan('b', b)], all: true, schema: { names: ['f', 'v'], types: [F, V] } };
    expect(run(u, { a, b })).toEqual([[[1, 2], [7, 8]], [[3, 4], [9]], [[5, 6], [10, 11]]]);
  });
});

describe('integer sums past BIGINT', () => {
  it('are an error into BIGINT but carry on in float64 for avg and wider results', () => {
    const u = table({ v: [BIG, [9223372036854775807n, 9223372036854775807n, 2n]] });
    expect(() => run(aggregate(scan('u', u), [], [agg('sum', BIG, [ref(0, BIG)])]), { u })).toThrow(/Overflow/);
    const [[avg, wide]] = run(aggregate(scan('u', u), [], [agg('avg', DBL, [ref(0, BIG)]),
      agg('sum', { id: 'decimal', precision: 38, scale: 0 }, [ref(0, BIG)])]), { u });
    expect(avg).toBeCloseTo(6148914691236517000, -5);
    expect(wide).toBeCloseTo(18446744073709552000, -5);
  });
});
