/**
 * Invariants over random inputs (fast-check): sorts are stable and ordered, top-k equals the head of the full sort,
 * group-by sums and counts equal a naive reference, hash joins equal a nested loop, DISTINCT keeps first occurrences.
 */
import fc from 'fast-check';
import { compareNum, sortIndices } from '../../../lib/trueno-db/exec/hot';
import { compareStrings } from '../../../lib/trueno-db/exec/keys';
import type { Plan } from '../../../lib/trueno-db/plan/ir';
import {
  agg, aggregate, BIG, DBL, INT, key, limit, ref, run, scan, sort, STR, table,
} from './helpers';

const num = fc.oneof(fc.constant(null), fc.constant(NaN), fc.constant(-0), fc.integer({ min: -5, max: 5 }),
  fc.double({ noDefaultInfinity: false }));
const small = fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }));
const str = fc.oneof(fc.constant(null), fc.constantFrom('a', 'B', 'é', '😀', '\uffff', ''), fc.string({ maxLength: 3 }));

/** SQL order of two nullable numbers: NULLS LAST, NaN above all numbers, -0 = 0. */
function cmpNum(a: number | null, b: number | null, desc: boolean, nullsFirst: boolean): number {
  if (a === null || b === null) return a === b ? 0 : (a === null) === nullsFirst ? -1 : 1;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  const c = an || bn ? (an === bn ? 0 : an ? 1 : -1) : a < b ? -1 : a > b ? 1 : 0;
  return desc ? -c : c;
}

describe('sort', () => {
  it('is ordered and stable on two keys with NULLs, NaN and -0', () => {
    fc.assert(fc.property(fc.array(fc.tuple(small, num), { maxLength: 60 }), fc.boolean(), fc.boolean(), fc.boolean(),
      (pairs, d1, d2, nf) => {
        const t = table({ a: [INT, pairs.map((p) => p[0])], x: [DBL, pairs.map((p) => p[1])],
          i: [INT, pairs.map((_, i) => i)] });
        const got = run(sort(scan('t', t), [key(ref(0, INT), d1, nf), key(ref(1, DBL), d2, !nf)]), { t })
          .map((r) => r[2] as number);
        const want = pairs.map((_, i) => i).sort((i, j) => cmpNum(pairs[i][0], pairs[j][0], d1, nf)
          || cmpNum(pairs[i][1], pairs[j][1], d2, !nf) || i - j);
        expect(got).toEqual(want);
      }));
  });

  it('orders strings by code point', () => {
    fc.assert(fc.property(fc.array(str, { maxLength: 40 }), (values) => {
      const t = table({ s: [STR, values] });
      const got = run(sort(scan('t', t), [key(ref(0, STR))]), { t }).map((r) => r[0]);
      const want = [...values].sort((a, b) => (a === null || b === null ? (a === b ? 0 : a === null ? 1 : -1)
        : compareStrings(a, b)));
      expect(got).toEqual(want);
      const cp = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
      for (let i = 1; i < got.length; i++) {
        if (got[i] === null || got[i - 1] === null) continue;
        const [a, b] = [cp(got[i - 1] as string), cp(got[i] as string)];
        const k = a.findIndex((v, j) => v !== b[j]);
        if (k >= 0 && k < b.length) expect(a[k]).toBeLessThan(b[k]);
      }
    }));
  });

  it('top-k equals the head of the full sort', () => {
    fc.assert(fc.property(fc.array(num, { maxLength: 80 }), fc.integer({ min: 0, max: 90 }),
      fc.integer({ min: 0, max: 5 }), fc.boolean(), fc.boolean(), (xs, k, off, desc, nf) => {
        const t = table({ x: [DBL, xs], i: [INT, xs.map((_, i) => i)] });
        const ordered = sort(scan('t', t), [key(ref(0, DBL), desc, nf)]);
        const full = run(ordered, { t }).map((r) => r[1]);
        const top = run(limit(ordered, k, off), { t }).map((r) => r[1]);
        expect(top).toEqual(full.slice(off, off + k));
      }));
  });
});

describe('aggregate', () => {
  it('group-by count and sum equal a naive reference (hash and direct paths)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(small, fc.oneof(fc.constant(null), fc.integer({ min: -1000, max: 1000 })),
      fc.constantFrom('p', 'q', null)), { maxLength: 80 }), (rowsIn) => {
      const t = table({ g: [INT, rowsIn.map((r) => r[0])], x: [INT, rowsIn.map((r) => r[1])],
        s: [STR, rowsIn.map((r) => r[2])] });
      for (const groups of [[ref(0, INT)], [ref(2, STR)], [ref(0, INT), ref(2, STR)]]) {
        const p = aggregate(scan('t', t), groups, [agg('count_star', BIG), agg('count', BIG, [ref(1, INT)]),
          agg('sum', BIG, [ref(1, INT)]), agg('min', INT, [ref(1, INT)]), agg('max', INT, [ref(1, INT)])]);
        const got = new Map(run(p, { t }).map((r) => [JSON.stringify(r.slice(0, groups.length)), r.slice(groups.length)]));
        const want = new Map<string, unknown[]>();
        for (const r of rowsIn) {
          const k = JSON.stringify(groups.map((g) => r[g.kind === 'column' && g.index === 0 ? 0 : 2]));
          const cur = want.get(k) ?? [0n, 0n, null, null, null];
          cur[0] = (cur[0] as bigint) + 1n;
          if (r[1] !== null) {
            cur[1] = (cur[1] as bigint) + 1n;
            cur[2] = ((cur[2] as bigint | null) ?? 0n) + BigInt(r[1]);
            cur[3] = cur[3] === null ? r[1] : Math.min(cur[3] as number, r[1]);
            cur[4] = cur[4] === null ? r[1] : Math.max(cur[4] as number, r[1]);
          }
          want.set(k, cur);
        }
        expect(got).toEqual(want);
      }
    }));
  });

  it('variance is stable for large offsets (two-pass)', () => {
    const base = 1e9;
    const t = table({ x: [DBL, [base + 4, base + 7, base + 13, base + 16]] });
    const [[v]] = run(aggregate(scan('t', t), [], [agg('var_samp', DBL, [ref(0, DBL)])]), { t });
    expect(v).toBeCloseTo(30, 6);
  });
});

describe('join and distinct', () => {
  it('a hash join equals a nested loop', () => {
    fc.assert(fc.property(fc.array(small, { maxLength: 30 }), fc.array(small, { maxLength: 30 }), (a, b) => {
      const ta = table({ k: [INT, a], i: [INT, a.map((_, i) => i)] });
      const tb = table({ k: [INT, b], j: [INT, b.map((_, j) => j)] });
      const plan: Plan = { op: 'join', kind: 'inner', left: scan('a', ta), right: scan('b', tb), leftKeys: [ref(0, INT)],
        rightKeys: [ref(0, INT)], schema: { names: ['k', 'i', 'k2', 'j'], types: [INT, INT, INT, INT] } };
      const got = run(plan, { a: ta, b: tb }).map((r) => `${r[1]}-${r[3]}`);
      const want: string[] = [];
      a.forEach((x, i) => b.forEach((y, j) => { if (x !== null && x === y) want.push(`${i}-${j}`); }));
      expect(got).toEqual(want);
    }));
  });

  it('DISTINCT keeps the first occurrence of each row (NULLs equal)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(small, str), { maxLength: 50 }), (pairs) => {
      const t = table({ a: [INT, pairs.map((p) => p[0])], s: [STR, pairs.map((p) => p[1])] });
      const got = run({ op: 'distinct', input: scan('t', t), schema: scan('t', t).schema }, { t });
      const seen = new Set<string>();
      const want = pairs.filter((p) => { const k = JSON.stringify(p); if (seen.has(k)) return false; seen.add(k); return true; });
      expect(got).toEqual(want);
    }));
  });
});

describe('sortIndices kernel (radix path for large inputs)', () => {
  it('equals a stable comparison sort on 200k rows with NaN, -0, ties and two keys', () => {
    const n = 200_000;
    const keys = new Float64Array(2 * n);
    let s = 7;
    const rnd = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
    for (let i = 0; i < n; i++) {
      const r = rnd();
      keys[i] = r < 0.05 ? NaN : r < 0.1 ? -0 : r < 0.15 ? 0 : Math.floor(rnd() * 50) - 25;
      keys[n + i] = r < 0.2 ? -Infinity : (rnd() - 0.5) * 1e10;
    }
    for (const desc of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
      const out = new Int32Array(n);
      sortIndices(n, 2, keys, Uint8Array.from(desc), out);
      const want = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) =>
        (compareNum(keys[a], keys[b]) * (desc[0] ? -1 : 1)) || (compareNum(keys[n + a], keys[n + b]) * (desc[1] ? -1 : 1)) || a - b);
      expect(Buffer.from(out.buffer).equals(Buffer.from(want.buffer))).toBe(true);
    }
  });
});

describe('IN lists', () => {
  it('follow three-valued logic (short lists by equality tests, long ones by a set, strings by dictionary)', () => {
    fc.assert(fc.property(fc.array(num, { maxLength: 30 }), fc.array(num, { minLength: 1, maxLength: 20 }), fc.boolean(), (xs, items, neg) => {
      const t = table({ x: [DBL, xs] });
      const lits = items.map((v) => ({ kind: 'literal' as const, value: v, type: DBL }));
      const e = { kind: 'call' as const, fn: 'in_list' as const, args: [ref(0, DBL), ...lits], type: { id: 'boolean' as const } };
      const expr = neg ? { kind: 'call' as const, fn: 'not' as const, args: [e], type: e.type } : e;
      const got = run({ op: 'project', input: scan('t', t), exprs: [expr], schema: { names: ['r'], types: [e.type] } }, { t })
        .map((r) => r[0]);
      const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));
      const want = xs.map((x) => {
        if (x === null) return null;
        const r = items.some((v) => v !== null && same(x, v)) ? true : items.some((v) => v === null) ? null : false;
        return r === null ? null : r !== neg;
      });
      expect(got).toEqual(want);
    }));
  });
});

describe('multi-key top-k', () => {
  it('equals the head of the full sort (first key pre-selects, ties on it resolved by the others)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(small, num), { maxLength: 60 }), fc.integer({ min: 0, max: 70 }),
      fc.boolean(), fc.boolean(), fc.boolean(), (pairs, k, d1, d2, nf) => {
        const t = table({ a: [INT, pairs.map((p) => p[0])], x: [DBL, pairs.map((p) => p[1])],
          i: [INT, pairs.map((_, i) => i)] });
        const ordered = sort(scan('t', t), [key(ref(0, INT), d1, nf), key(ref(1, DBL), d2, !nf)]);
        const full = run(ordered, { t }).map((r) => r[2]);
        expect(run(limit(ordered, k), { t }).map((r) => r[2])).toEqual(full.slice(0, k));
      }));
  });
});
