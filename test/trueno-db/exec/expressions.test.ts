/**
 * Scalar expressions against DuckDB: each case is an IR expression and the same expression in SQL, evaluated over one
 * table in both engines; rows must match (floats to 1e-12 relative), and an error in DuckDB must be an error here.
 */
import type { Expr } from '../../../lib/trueno-db/plan/ir';
import {
  BIG, BOOL, call, castTo, col, DATE, DBL, dec, duck, evalOver, FLT, INT, lit, ref, SMALL, STR, table, TINY, TS,
} from './helpers';

const data = {
  a: [1, -7, 2147483647, null, 0, 5],
  b: [2, 3, 0, 4, null, -5],
  x: [1.5, -2.5, NaN, null, -0.0, 1e20],
  s: ['hello', 'HéLLo', '  pad  ', null, '', '😀ab'],
  d: ['2024-01-01', '1969-12-31', '2021-01-03', null, '2000-02-29', '2024-08-07'],
  ts: ['2024-03-05 13:45:59.123456', '1969-12-31 23:59:58.5', '2021-01-03 00:00:00', null, '2000-02-29 12:00:00',
    '2024-08-07 23:59:59'],
  p: ['h%', '%L_o', null, 'x', '', '\\%%'],
  n: [3, 2, null, 1, 0, 4],
};

/** Days since 1970-01-01 of 'YYYY-MM-DD'. */
const days = (v: string | null): number | null => (v === null ? null : Date.parse(`${v}T00:00:00Z`) / 864e5);
/** µs since 1970-01-01 of 'YYYY-MM-DD HH:MM:SS[.ffffff]'. */
const micros = (v: string | null): number | null => {
  if (v === null) return null;
  const [whole, frac = ''] = v.split('.');
  return Date.parse(`${whole.replace(' ', 'T')}Z`) * 1000 + Number(frac.padEnd(6, '0'));
};

const t = table({
  a: [INT, data.a], b: [INT, data.b], x: [DBL, data.x], s: [STR, data.s], d: [DATE, data.d.map(days)],
  ts: [TS, data.ts.map(micros)], p: [STR, data.p], n: [INT, data.n],
});

const A = ref(0, INT), B = ref(1, INT), X = ref(2, DBL), S = ref(3, STR), D = ref(4, DATE), T = ref(5, TS);
const P = ref(6, STR), N = ref(7, INT);
const sq = (v: string | null): string => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
const rowsSql = data.a.map((_, i) => `(${i}, ${data.a[i] ?? 'NULL'}, ${data.b[i] ?? 'NULL'}, ${
  data.x[i] === null ? 'NULL' : Number.isNaN(data.x[i]) ? "'nan'::DOUBLE" : Object.is(data.x[i], -0) ? "'-0.0'::DOUBLE" : `${data.x[i]}::DOUBLE`}, ${
  sq(data.s[i])}, ${data.d[i] === null ? 'NULL' : `DATE ${sq(data.d[i])}`}, ${data.ts[i] === null ? 'NULL' : `TIMESTAMP ${sq(data.ts[i])}`}, ${
  sq(data.p[i])}, ${data.n[i] ?? 'NULL'})`).join(', ');
const FROM = `FROM (VALUES ${rowsSql}) t(i, a, b, x, s, d, ts, p, n) ORDER BY i`;

const cases: [string, Expr][] = [
  ['a + b', call('+', INT, A, B)],
  ['a - b', call('-', INT, A, B)],
  ['a * b', call('*', INT, A, B)],
  ['a / b', call('/', DBL, A, B)],
  ['a // b', call('//', INT, A, B)],
  ['a % b', call('%', INT, A, B)],
  ['-b', call('neg', INT, B)],
  ['x * 2.0', call('*', DBL, X, lit(2, DBL))],
  ['x / 0.0', call('/', DBL, X, lit(0, DBL))],
  ['x % 1.0', call('%', DBL, X, lit(1, DBL))],
  ['a::BIGINT * 3000000000', call('*', BIG, castTo(A, BIG), lit(3000000000n, BIG))],
  ['a = b', call('=', BOOL, A, B)],
  ['a < b', call('<', BOOL, A, B)],
  ['x >= 1.5', call('>=', BOOL, X, lit(1.5, DBL))],
  ["x > 'nan'::DOUBLE", call('>', BOOL, X, lit(NaN, DBL))],
  ["x = 'nan'::DOUBLE", call('=', BOOL, X, lit(NaN, DBL))],
  ['x = 0.0', call('=', BOOL, X, lit(0, DBL))],
  ['a IS DISTINCT FROM b', call('is_distinct', BOOL, A, B)],
  ['x IS NOT DISTINCT FROM x', call('is_not_distinct', BOOL, X, X)],
  ["s < 'hello'", call('<', BOOL, S, lit('hello', STR))],
  ['s <= p', call('<=', BOOL, S, P)],
  ['a > 0 AND b > 0', call('and', BOOL, call('>', BOOL, A, lit(0, INT)), call('>', BOOL, B, lit(0, INT)))],
  ['a > 0 OR b > 0', call('or', BOOL, call('>', BOOL, A, lit(0, INT)), call('>', BOOL, B, lit(0, INT)))],
  ['NOT (a > b)', call('not', BOOL, call('>', BOOL, A, B))],
  ['a IS NULL', call('is_null', BOOL, A)],
  ['s IS NOT NULL', call('is_not_null', BOOL, S)],
  ['s LIKE p', call('like', BOOL, S, P)],
  ["s LIKE '%l%'", call('like', BOOL, S, lit('%l%', STR))],
  ["s ILIKE '%l%'", call('ilike', BOOL, S, lit('%l%', STR))],
  ["s LIKE '_ab' ", call('like', BOOL, S, lit('_ab', STR))],
  ["p LIKE '$%%' ESCAPE '$'", call('like', BOOL, P, lit('$%%', STR), lit('$', STR))],
  ['a IN (1, 5, NULL)', call('in_list', BOOL, A, lit(1, INT), lit(5, INT), lit(null, INT))],
  ['a IN (1, b)', call('in_list', BOOL, A, lit(1, INT), B)],
  ["s IN ('hello', '')", call('in_list', BOOL, S, lit('hello', STR), lit('', STR))],
  ["concat(s, '-', p)", call('concat', STR, S, lit('-', STR), P)],
  ['abs(b)', call('abs', INT, B)],
  ['abs(x)', call('abs', DBL, X)],
  ['round(x)', call('round', DBL, X)],
  ['round(x, 1)', call('round', DBL, X, lit(1, INT))],
  ['round(b * 10 + 5, -1)', call('round', INT, call('+', INT, call('*', INT, B, lit(10, INT)), lit(5, INT)), lit(-1, INT))],
  ['floor(x)', call('floor', DBL, X)],
  ['ceil(x)', call('ceil', DBL, X)],
  ['exp(b)', call('exp', DBL, castTo(B, DBL))],
  ['power(b, 2)', call('power', DBL, castTo(B, DBL), lit(2, DBL))],
  ['lower(s)', call('lower', STR, S)],
  ['upper(s)', call('upper', STR, S)],
  ['length(s)', call('length', BIG, S)],
  ['substr(s, 2, 3)', call('substr', STR, S, lit(2, BIG), lit(3, BIG))],
  ['substr(s, -2)', call('substr', STR, S, lit(-2, BIG))],
  ['substr(s, n, b)', call('substr', STR, S, castTo(N, BIG), castTo(B, BIG))],
  ['trim(s)', call('trim', STR, S)],
  ['coalesce(a, b, 0)', call('coalesce', INT, A, B, lit(0, INT))],
  ['coalesce(s, p)', call('coalesce', STR, S, P)],
  ['nullif(a, 1)', call('nullif', INT, A, lit(1, INT))],
  ['greatest(a, b)', call('greatest', INT, A, B)],
  ['least(a, b, 3)', call('least', INT, A, B, lit(3, INT))],
  ['greatest(s, p)', call('greatest', STR, S, P)],
  ['greatest(x, 0.0)', call('greatest', DBL, X, lit(0, DBL))],
  ["date_trunc('month', d)", call('date_trunc', TS, lit('month', STR), D)],
  ["date_trunc('week', ts)", call('date_trunc', TS, lit('week', STR), T)],
  ["date_trunc('quarter', ts)", call('date_trunc', TS, lit('quarter', STR), T)],
  ["date_trunc('hour', ts)", call('date_trunc', TS, lit('hour', STR), T)],
  ...['year', 'quarter', 'month', 'week', 'day', 'dow', 'doy', 'hour', 'minute', 'second'].map((part) =>
    [`extract(${part} FROM ts)`, call('extract', BIG, lit(part, STR), T)] as [string, Expr]),
  ['extract(epoch FROM ts)', call('extract', DBL, lit('epoch', STR), T)],
  ['extract(epoch FROM d)', call('extract', DBL, lit('epoch', STR), D)],
  ['extract(week FROM d)', call('extract', BIG, lit('week', STR), D)],
  ...['isoyear', 'isodow', 'decade', 'century', 'millennium', 'millisecond', 'microsecond'].map((part) =>
    [`extract(${part} FROM ts)`, call('extract', BIG, lit(part, STR), T)] as [string, Expr]),
  ...['decade', 'century', 'millennium', 'year', 'day', 'minute', 'second'].map((part) =>
    [`date_trunc('${part}', d)`, call('date_trunc', TS, lit(part, STR), D)] as [string, Expr]),
  ['CASE WHEN a > 0 THEN s WHEN b > 0 THEN p ELSE \'neg\' END', { kind: 'case', type: STR,
    whens: [{ when: call('>', BOOL, A, lit(0, INT)), then: S }, { when: call('>', BOOL, B, lit(0, INT)), then: P }],
    else: lit('neg', STR) }],
  ['CASE WHEN b <> 0 THEN a // b END', { kind: 'case', type: INT,
    whens: [{ when: call('<>', BOOL, B, lit(0, INT)), then: call('//', INT, A, B) }] }],
  ['a::VARCHAR', castTo(A, STR)],
  ['x::VARCHAR', castTo(X, STR)],
  ['x::FLOAT::VARCHAR', castTo(castTo(X, FLT), STR)],
  ['d::VARCHAR', castTo(D, STR)],
  ['ts::VARCHAR', castTo(T, STR)],
  ['ts::DATE', castTo(T, DATE)],
  ['d::TIMESTAMP', castTo(D, TS)],
  ['b::DOUBLE', castTo(B, DBL)],
  ['b::TINYINT', castTo(B, TINY)],
  ['b::SMALLINT', castTo(B, SMALL)],
  ['b::BOOLEAN', castTo(B, BOOL)],
  ['(x / 4)::DECIMAL(10,2)', castTo(call('/', DBL, X, lit(4, DBL)), dec(10, 2))],
  ['TRY_CAST(x AS INTEGER)', castTo(X, INT, true)],
  ['TRY_CAST(s AS INTEGER)', castTo(S, INT, true)],
  ['TRY_CAST(s AS DATE)', castTo(S, DATE, true)],
  ["'2024-02-03'::DATE", castTo(lit('2024-02-03', STR), DATE)],
  ["' 12 '::INTEGER", castTo(lit(' 12 ', STR), INT)],
  ["'12.5'::INTEGER", castTo(lit('12.5', STR), INT)],
  ["'1e3'::DOUBLE", castTo(lit('1e3', STR), DBL)],
  ["'2024-01-05 10:11:12.25'::TIMESTAMP", castTo(lit('2024-01-05 10:11:12.25', STR), TS)],
  ["'yes'::BOOLEAN", castTo(lit('yes', STR), BOOL)],
  ['a::BIGINT + 1', call('+', BIG, castTo(A, BIG), lit(1n, BIG))],
];

/** Equal, with floats within 1e-12 relative (NaN equals NaN). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') return String(a) === String(b);
  return a === b;
}

describe('expressions match DuckDB', () => {
  it.each(cases)('%s', async (sql, e) => {
    let expected: unknown[] | null;
    try {
      expected = (await duck(`SELECT ${sql} ${FROM}`)).map((r) => r[0]);
    } catch {
      // DuckDB's errors come from another realm: not `instanceof Error` here.
      expected = null;
    }
    if (expected === null) {
      expect(() => evalOver(e, t)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_EXEC' }));
      return;
    }
    const got = evalOver(e, t);
    const ok = got.length === expected.length && got.every((v, i) => same(v, (expected as unknown[])[i]));
    if (!ok) expect(got).toEqual(expected);
  });
});

describe('expression errors', () => {
  const one = table({ v: [INT, [2147483647]], s: [STR, ['abc']], z: [DBL, [-1]] });
  const V = ref(0, INT);
  it.each([
    ['integer overflow', call('+', INT, V, lit(1, INT)), /Overflow in addition of INTEGER \(2147483647 \+ 1\)/],
    ['a bad cast names the value', castTo(ref(1, STR), INT), /'abc'/],
    ['sqrt of a negative number', call('sqrt', DBL, ref(2, DBL)), /square root/],
    ['ln of a negative number', call('ln', DBL, ref(2, DBL)), /logarithm/],
    ['abs of the smallest integer', call('abs', INT, call('-', INT, lit(-2147483647, INT), lit(1, INT))), /abs/],
    ['a LIKE pattern ending with the escape', call('like', BOOL, ref(1, STR), lit('a$', STR), lit('$', STR)), /escape/],
  ] as [string, Expr, RegExp][])('%s', (_, e, msg) => {
    expect(() => evalOver(e, one)).toThrow(msg);
    expect(() => evalOver(e, one)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DB_EXEC' }));
  });
});

describe('decimals and signed zeros match DuckDB', () => {
  const dv = [72588.65, -73901.01, 0.05, -0.05, 1.25, null];
  const u = table({ d: [dec(10, 2), dv], z: [DBL, [0, -0, 0, -0, 0, null]] });
  const Dd = ref(0, dec(10, 2));
  const half = call('*', dec(12, 3), Dd, lit(0.5, dec(2, 1)));
  const from = `FROM (VALUES ${dv.map((v, i) => `(${i}, ${v === null ? 'NULL' : `${v}::DECIMAL(10,2)`}, ${
    i === 5 ? 'NULL' : i % 2 === 1 ? "'-0.0'::DOUBLE" : '0.0::DOUBLE'})`).join(', ')}) t(i, d, z) ORDER BY i`;
  it.each([
    ['CAST(d * 0.5 AS DECIMAL(10,2))', castTo(half, dec(10, 2))],
    ['round(d * 0.5, 2)', call('round', dec(12, 3), half, lit(2, INT))],
    ['round(d * 0.5)', call('round', dec(12, 3), half)],
    ['CAST(d * 0.5 AS INTEGER)', castTo(half, INT)],
    ['d * 0.5', half],
    ['CAST(d AS DECIMAL(10,1))', castTo(Dd, dec(10, 1))],
    ['z::VARCHAR', castTo(ref(1, DBL), STR)],
  ] as [string, Expr][])('%s', async (sql, e) => {
    const want = (await duck(`SELECT ${sql} ${from}`)).map((r) => r[0]);
    const got = evalOver(e, u);
    expect(got.map(String)).toEqual(want.map(String));
  });
});

describe('number text and LIKE metacharacters match DuckDB', () => {
  const fv = [1202604.25, 2545913.25, 0.5, 3.14, 1e-5, 0.0001, 123456789, 16777216, 1.1, 2.1445408e-5];
  const u = table({ f: [DBL, fv], s: [STR, ['a-b', 'x{1}y', "it's", 'a/b', 'a,b', '#', 'k=v', '!', '<', '~&']] });
  const from = `FROM (VALUES ${fv.map((v, i) => `(${i}, ${v}::DOUBLE, ${sqlStr(u.columns[1].dict![(u.columns[1].values as Int32Array)[i]])})`).join(', ')}) t(i, f, s) ORDER BY i`;
  function sqlStr(v: string): string { return `'${v.replace(/'/g, "''")}'`; }
  it.each([
    ['CAST(f::FLOAT AS VARCHAR)', castTo(castTo(ref(0, DBL), FLT), STR)],
    ['CAST(f AS VARCHAR)', castTo(ref(0, DBL), STR)],
    ['CAST(power(10, i - 8) AS VARCHAR)', castTo(call('power', DBL, lit(10, DBL), call('-', DBL, castTo(ref(2, INT), DBL), lit(8, DBL))), STR)],
    ["s LIKE '%-%' OR s LIKE '%{%}' OR s LIKE '%''%' OR s LIKE '%/%'", call('or', BOOL, call('like', BOOL, ref(1, STR), lit('%-%', STR)),
      call('like', BOOL, ref(1, STR), lit('%{%}', STR)), call('like', BOOL, ref(1, STR), lit("%'%", STR)), call('like', BOOL, ref(1, STR), lit('%/%', STR)))],
    ["s ILIKE '%{1}%' OR s LIKE '%|%' OR s LIKE '%=%'", call('or', BOOL, call('ilike', BOOL, ref(1, STR), lit('%{1}%', STR)),
      call('like', BOOL, ref(1, STR), lit('%|%', STR)), call('like', BOOL, ref(1, STR), lit('%=%', STR)))],
  ] as [string, Expr][])('%s', async (sql, e) => {
    const want = (await duck(`SELECT ${sql} ${from}`)).map((r) => r[0]);
    const withIndex = { ...u, names: [...u.names, 'i'], types: [...u.types, INT],
      columns: [...u.columns, col(INT, fv.map((_, i) => i))] };
    expect(evalOver(e, withIndex).map(String)).toEqual(want.map(String));
  });
});

describe('exp is correctly rounded (as the C library DuckDB calls, not V8 Math.exp)', () => {
  it('matches DuckDB exp(x)::VARCHAR far more often than Math.exp does', async () => {
    // Exact binary fractions, so DuckDB parses the same doubles; glibc itself misrounds ~0.07% of arguments.
    const xs = Array.from({ length: 600 }, (_, i) => ((i * 40507) % 61440) / 1024 - 30);
    const u = table({ x: [DBL, xs] });
    const want = (await duck(`SELECT CAST(exp(x) AS VARCHAR) FROM (VALUES ${xs.map((x, i) => `(${i}, ${x}::DOUBLE)`).join(', ')}) t(i, x) ORDER BY i`))
      .map((r) => r[0]);
    const got = evalOver(castTo(call('exp', DBL, ref(0, DBL)), STR), u);
    const ours = got.filter((g, i) => g !== want[i]).length;
    const v8 = xs.filter((x, i) => Math.exp(x) !== Number(want[i])).length;
    expect(v8).toBeGreaterThan(10);
    expect(ours).toBeLessThanOrEqual(2);
  });
});
