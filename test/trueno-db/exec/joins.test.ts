/**
 * Joins (inner, left, right, full, cross, semi, anti) with duplicate keys, NULL keys, string keys across different
 * dictionaries, multi-column keys and residual conditions; and subqueries (scalar, EXISTS, IN with NULLs).
 */
import { execute } from '../../../lib/trueno-db/exec';
import type { Expr, JoinNode, Plan } from '../../../lib/trueno-db/plan/ir';
import {
  agg, aggregate, BIG, BOOL, call, DBL, INT, key, lit, project, ref, run, scan, sort, STR, table,
} from './helpers';

const l = table({ k: [INT, [1, 2, 2, null, 4]], s: [STR, ['a', 'b', 'c', 'd', 'e']] });
const r = table({ k: [INT, [2, 2, 3, null, 1]], v: [DBL, [20, 21, 30, 99, 10]], t: [STR, ['c', 'x', 'b', 'a', 'a']] });

function joinPlan(kind: JoinNode['kind'], leftKeys: Expr[], rightKeys: Expr[], condition?: Expr): Plan {
  const left = scan('l', l);
  const right = scan('r', r);
  const both = kind === 'semi' || kind === 'anti';
  const schema = both ? left.schema : { names: [...left.schema.names, ...right.schema.names],
    types: [...left.schema.types, ...right.schema.types] };
  return { op: 'join', kind, left, right, leftKeys, rightKeys, condition, schema };
}

const onK = (kind: JoinNode['kind'], condition?: Expr): unknown[][] =>
  run(joinPlan(kind, [ref(0, INT)], [ref(0, INT)], condition), { l, r });

describe('join', () => {
  it('inner: every pair of equal keys, duplicates multiply, NULL keys never match', () => {
    expect(onK('inner')).toEqual([
      [1, 'a', 1, 10, 'a'],
      [2, 'b', 2, 20, 'c'], [2, 'b', 2, 21, 'x'],
      [2, 'c', 2, 20, 'c'], [2, 'c', 2, 21, 'x'],
    ]);
  });

  it('left: unmatched left rows with NULLs, in left order', () => {
    expect(onK('left').map((x) => [x[1], x[3]])).toEqual([
      ['a', 10], ['b', 20], ['b', 21], ['c', 20], ['c', 21], ['d', null], ['e', null]]);
  });

  it('right and full: unmatched right rows with NULLs on the left', () => {
    const right = onK('right');
    expect(right.filter((x) => x[0] === null).map((x) => x[3])).toEqual([30, 99]);
    expect(right).toHaveLength(7);
    const full = onK('full');
    expect(full).toHaveLength(9);
    expect(full.filter((x) => x[3] === null).map((x) => x[1])).toEqual(['d', 'e']);
  });

  it('semi and anti keep left rows with / without a match, once', () => {
    expect(onK('semi').map((x) => x[1])).toEqual(['a', 'b', 'c']);
    expect(onK('anti').map((x) => x[1])).toEqual(['d', 'e']);
  });

  it('applies the residual condition before deciding what matched', () => {
    const cond = call('>', BOOL, ref(3, DBL), lit(20, DBL));
    expect(onK('inner', cond).map((x) => [x[1], x[3]])).toEqual([['b', 21], ['c', 21]]);
    expect(onK('left', cond).map((x) => [x[1], x[3]])).toEqual([['a', null], ['b', 21], ['c', 21], ['d', null],
      ['e', null]]);
    expect(onK('anti', cond).map((x) => x[1])).toEqual(['a', 'd', 'e']);
  });

  it('joins strings of different dictionaries by value', () => {
    const p = joinPlan('inner', [ref(1, STR)], [ref(2, STR)]);
    expect(run(p, { l, r }).map((x) => `${x[1]}=${x[4]}`)).toEqual(['a=a', 'a=a', 'b=b', 'c=c']);
  });

  it('joins on several keys', () => {
    const p = joinPlan('inner', [ref(0, INT), ref(1, STR)], [ref(0, INT), ref(2, STR)]);
    expect(run(p, { l, r })).toEqual([[1, 'a', 1, 10, 'a'], [2, 'c', 2, 20, 'c']]);
  });

  it('cross: every pair, left-major; a condition makes a theta join', () => {
    expect(run(joinPlan('cross', [], []), { l, r })).toHaveLength(25);
    const theta = run(joinPlan('inner', [], [], call('<', BOOL, ref(0, INT), ref(2, INT))), { l, r });
    expect(theta.map((x) => `${x[0]}<${x[2]}`)).toEqual(['1<2', '1<2', '1<3', '2<3', '2<3']);
  });

  it('joins BIGINT keys exactly above 2^53', () => {
    const a = table({ k: [BIG, [9007199254740993n, 5n]] });
    const b = table({ k: [BIG, [9007199254740992n, 9007199254740993n]] });
    const p: Plan = { op: 'join', kind: 'inner', left: scan('a', a), right: scan('b', b), leftKeys: [ref(0, BIG)],
      rightKeys: [ref(0, BIG)], schema: { names: ['x', 'y'], types: [BIG, BIG] } };
    expect(run(p, { a, b })).toEqual([[9007199254740993n, 9007199254740993n]]);
  });

  it('joins NaN with NaN and -0 with 0, as DuckDB', () => {
    const a = table({ k: [DBL, [NaN, -0, 1]] });
    const b = table({ k: [DBL, [0, NaN]] });
    const p: Plan = { op: 'join', kind: 'inner', left: scan('a', a), right: scan('b', b), leftKeys: [ref(0, DBL)],
      rightKeys: [ref(0, DBL)], schema: { names: ['x', 'y'], types: [DBL, DBL] } };
    expect(run(p, { a, b })).toEqual([[NaN, NaN], [-0, 0]]);
  });
});

describe('subqueries', () => {
  const sub = (values: (number | null)[]): Plan => scan('q', table({ v: [INT, values] }));
  const withQ = (values: (number | null)[]) => ({ l, q: table({ v: [INT, values] }) });

  it('scalar: the single value, NULL for no rows, an error for several rows', () => {
    const plan = (values: (number | null)[]): Plan => project(scan('l', l), [{ kind: 'subquery', mode: 'scalar',
      plan: sub(values), type: INT }]);
    expect(run(plan([7]), withQ([7])).map((x) => x[0])).toEqual([7, 7, 7, 7, 7]);
    expect(run(plan([]), withQ([]))[0]).toEqual([null]);
    expect(() => run(plan([1, 2]), withQ([1, 2]))).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_EXEC',
      message: expect.stringMatching(/More than one row/) }));
  });

  it('EXISTS', () => {
    const plan = project(scan('l', l), [{ kind: 'subquery', mode: 'exists', plan: sub([]), type: BOOL }]);
    expect(run(plan, withQ([]))[0]).toEqual([false]);
  });

  it('IN and NOT IN with three-valued logic', () => {
    const inPlan = (negated: boolean): Plan => project(scan('l', l), [{ kind: 'subquery', mode: 'in',
      expr: ref(0, INT), plan: sub([2, null]), negated, type: BOOL }]);
    expect(run(inPlan(false), withQ([2, null])).map((x) => x[0])).toEqual([null, true, true, null, null]);
    expect(run(inPlan(true), withQ([2, null])).map((x) => x[0])).toEqual([null, false, false, null, null]);
    const noNull: Plan = project(scan('l', l), [{ kind: 'subquery', mode: 'in', expr: ref(0, INT), plan: sub([2]),
      negated: true, type: BOOL }]);
    expect(run(noNull, withQ([2])).map((x) => x[0])).toEqual([true, false, false, null, true]);
  });

  it('runs an uncorrelated subquery once per execution', () => {
    const q = table({ v: [INT, [3]] });
    let reads = 0;
    const srcs = new Map([['table:l', l.columns], ['table:q', q.columns]]);
    const get = srcs.get.bind(srcs);
    srcs.get = (k: string) => { if (k === 'table:q') reads++; return get(k); };
    const s: Expr = { kind: 'subquery', mode: 'scalar', plan: scan('q', q), type: INT };
    const plan = project(scan('l', l), [s, call('+', INT, s, lit(1, INT))]);
    execute(plan, srcs);
    expect(reads).toBe(1);
  });
});

describe('aggregate over a join', () => {
  it('groups the joined rows', () => {
    const j = joinPlan('inner', [ref(0, INT)], [ref(0, INT)]);
    const p = sort(aggregate(j, [ref(1, STR)], [agg('sum', DBL, [ref(3, DBL)]), agg('count_star', BIG)]),
      [key(ref(0, STR))]);
    expect(run(p, { l, r })).toEqual([['a', 10, 1n], ['b', 41, 2n], ['c', 41, 2n]]);
  });
});
