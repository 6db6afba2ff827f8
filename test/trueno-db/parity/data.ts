/**
 * The parity data set: a few small tables, generated deterministically, with the awkward values each type has (NULLs
 * in every column, NaN / -0 / infinities in doubles, int64 beyond 2^53, decimals, empty and non-ASCII strings,
 * astral-plane characters that sort differently in UTF-16 than by code point, dates and timestamps before 1970,
 * duplicate and NULL join keys, a table with no rows).
 *
 * A table is a list of typed columns holding plain JS values in one exact form per type (see `ColumnKind`), from
 * which both engines are loaded: DuckDB through its appender (no text round trip), trueno-db through Arrow vectors
 * built from the same values.
 */

/**
 * The column kinds of the data set and the JS form their values take here:
 * - boolean: boolean; tinyint/smallint/integer: number; bigint: bigint
 * - float: a number that is exactly a float32 (Math.fround); double: number (NaN, ±Infinity, -0 allowed)
 * - decimal: bigint, the unscaled value (value = unscaled / 10^scale), precision/scale from the kind
 * - varchar and dict (a dictionary-encoded string column on our side, plain VARCHAR in DuckDB): string
 * - date: number of days since 1970-01-01; timestamp: bigint microseconds since 1970-01-01 00:00:00 UTC
 */
export type ColumnKind =
  | { id: 'boolean' } | { id: 'tinyint' } | { id: 'smallint' } | { id: 'integer' } | { id: 'bigint' }
  | { id: 'float' } | { id: 'double' } | { id: 'decimal'; precision: number; scale: number }
  | { id: 'varchar' } | { id: 'dict' } | { id: 'date' } | { id: 'timestamp' };

/** A value of the data set, in the form its kind says. */
export type DataValue = null | boolean | number | bigint | string;

/** One column of a parity table. */
export interface DataColumn {
  name: string;
  kind: ColumnKind;
  values: DataValue[];
}

/** One parity table. */
export interface DataTable {
  name: string;
  columns: DataColumn[];
  length: number;
}

/** The DuckDB type name of a column kind. */
export function duckTypeName(kind: ColumnKind): string {
  switch (kind.id) {
    case 'decimal': return `DECIMAL(${kind.precision},${kind.scale})`;
    case 'dict': return 'VARCHAR';
    default: return kind.id.toUpperCase();
  }
}

/** mulberry32: a tiny deterministic PRNG, so the data (and every expected result) is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings with the traps: empty, blanks, case, accents, ß, CJK, emoji (astral), fullwidth, LIKE metacharacters. */
export const WORDS = [
  '', ' ', 'a', 'A', 'abc', 'Abc', 'ABC', 'abcd', 'héllo', 'HÉLLO', 'straße', 'Ünïcode', '日本語', '😀 smile',
  'ｆｕｌｌ', '100%', 'under_score', "it's", '  padded  ', 'tab\there', 'line\nbreak', 'back\\slash', 'zz', 'Zz',
  'apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape',
];

/** The dictionary column's values (few distinct, on our side an Arrow Dictionary<Utf8>). */
export const CATS = ['red', 'green', 'blue', 'Ünïcode', ''];

const DAY_MICROS = 86_400_000_000n;

function table(name: string, length: number, columns: DataColumn[]): DataTable {
  for (const c of columns) if (c.values.length !== length) throw new Error(`parity data: ${name}.${c.name} length`);
  return { name, columns, length };
}

function col(name: string, kind: ColumnKind, values: DataValue[]): DataColumn {
  return { name, kind, values };
}

/** `t`: the main table, 3000 rows, one column of every kind. */
function mainTable(): DataTable {
  const n = 3000;
  const r = prng(12);
  const nul = (p: number) => r() < p;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const id: DataValue[] = []; const grp: DataValue[] = []; const i8: DataValue[] = []; const i16: DataValue[] = [];
  const i32: DataValue[] = []; const i64: DataValue[] = []; const f32: DataValue[] = []; const f64: DataValue[] = [];
  const dec: DataValue[] = []; const s: DataValue[] = []; const cat: DataValue[] = []; const b: DataValue[] = [];
  const d: DataValue[] = []; const ts: DataValue[] = [];
  // Days and microseconds that must be there: leap days, the epoch and the day before it.
  const fixedDays = [19782, 11016, -1, 0, -25567, 24837];
  for (let i = 0; i < n; i++) {
    id.push(i);
    grp.push(nul(0.05) ? null : Math.floor(r() * 20));
    i8.push(nul(0.05) ? null : Math.floor(r() * 256) - 128);
    i16.push(nul(0.05) ? null : Math.floor(r() * 65536) - 32768);
    i32.push(nul(0.05) ? null : Math.floor(r() * 2_000_001) - 1_000_000);
    // int64: mostly within ±10^12; 2% between 2^53 and 2^55 (odd values a double cannot hold), both signs; the two
    // neighbours 2^53 and 2^53 + 1 (equal as doubles) in rows 7 and 8.
    if (i === 7) i64.push(9007199254740992n);
    else if (i === 8) i64.push(9007199254740993n);
    else if (nul(0.05)) i64.push(null);
    else if (r() < 0.02) {
      const v = (1n << 53n) + BigInt(Math.floor(r() * 2 ** 31)) * 8_000_001n + 1n;
      i64.push(r() < 0.5 ? -v : v);
    } else i64.push(BigInt(Math.floor(r() * 2e12) - 1e12));
    f32.push(nul(0.05) ? null : Math.fround(Math.round(r() * 200_000 - 100_000) / 1000));
    // double: 3 NaNs, some -0 and +0, else two-decimal values in ±1000.
    if (i === 11 || i === 1500 || i === 2999) f64.push(NaN);
    else if (i % 301 === 5) f64.push(-0);
    else if (i % 299 === 6) f64.push(0);
    else f64.push(nul(0.05) ? null : Math.round(r() * 200_000 - 100_000) / 100);
    dec.push(nul(0.05) ? null : BigInt(Math.floor(r() * 20_000_001) - 10_000_000));
    s.push(nul(0.06) ? null : pick(WORDS));
    cat.push(nul(0.08) ? null : pick(CATS));
    b.push(nul(0.1) ? null : r() < 0.5);
    d.push(i < fixedDays.length ? fixedDays[i] : nul(0.05) ? null : Math.floor(r() * 50_000) - 25_000);
    if (i < fixedDays.length) ts.push(BigInt(fixedDays[i]) * DAY_MICROS + BigInt(i) * 1_000_001n);
    else ts.push(nul(0.05) ? null : BigInt(Math.floor((r() - 0.5) * 4e9)) * 1_000_000n + BigInt(Math.floor(r() * 1e6)));
  }
  return table('t', n, [
    col('id', { id: 'integer' }, id), col('grp', { id: 'integer' }, grp), col('i8', { id: 'tinyint' }, i8),
    col('i16', { id: 'smallint' }, i16), col('i32', { id: 'integer' }, i32), col('i64', { id: 'bigint' }, i64),
    col('f32', { id: 'float' }, f32), col('f64', { id: 'double' }, f64),
    col('dec', { id: 'decimal', precision: 10, scale: 2 }, dec), col('s', { id: 'varchar' }, s),
    col('cat', { id: 'dict' }, cat), col('b', { id: 'boolean' }, b), col('d', { id: 'date' }, d),
    col('ts', { id: 'timestamp' }, ts),
  ]);
}

/** `u`: a join partner for `t`: duplicate and NULL keys of integer, string and bigint type. */
function joinTable(t: DataTable): DataTable {
  const n = 80;
  const r = prng(34);
  const tI64 = t.columns.find((c) => c.name === 'i64')!.values.filter((v) => v !== null);
  const k: DataValue[] = []; const label: DataValue[] = []; const w: DataValue[] = []; const cat: DataValue[] = [];
  const big: DataValue[] = [];
  for (let i = 0; i < n; i++) {
    k.push(r() < 0.08 ? null : Math.floor(r() * 25));
    label.push(r() < 0.05 ? null : `L${String.fromCharCode(65 + (i % 26))}${i % 7}`);
    w.push(r() < 0.05 ? null : Math.round(r() * 10_000) / 100);
    cat.push(r() < 0.1 ? null : ['red', 'blue', 'Ünïcode', '', 'purple', 'RED'][Math.floor(r() * 6)]);
    big.push(i % 10 === 9 ? null : i % 3 === 0 ? tI64[(i * 37) % tI64.length] : i === 1 ? 9007199254740993n
      : BigInt(Math.floor(r() * 1000)));
  }
  return table('u', n, [
    col('k', { id: 'integer' }, k), col('label', { id: 'varchar' }, label), col('w', { id: 'double' }, w),
    col('cat', { id: 'varchar' }, cat), col('big', { id: 'bigint' }, big),
  ]);
}

/** `v`: six rows, for CROSS JOIN, UNION and IN subqueries (duplicates and a NULL). */
function smallTable(): DataTable {
  return table('v', 6, [
    col('a', { id: 'integer' }, [1, 2, 2, null, 3, 19]),
    col('s', { id: 'varchar' }, ['abc', 'A', null, 'zz', 'héllo', '']),
    col('x', { id: 'double' }, [1.5, -0, NaN, null, 2.25, -7]),
  ]);
}

/** `e`: no rows, columns of several kinds (aggregates over nothing, joins with nothing). */
function emptyTable(): DataTable {
  return table('e', 0, [
    col('id', { id: 'integer' }, []), col('x', { id: 'double' }, []), col('s', { id: 'varchar' }, []),
    col('d', { id: 'date' }, []), col('cat', { id: 'dict' }, []), col('big', { id: 'bigint' }, []),
  ]);
}

/** `sp`: special floating-point values and extreme integers (ordering, comparisons, overflow). */
function specialTable(): DataTable {
  const x = [NaN, Infinity, -Infinity, -0, 0, null, 1e308, -1e-308, 5e-324, 1, -1, 0.1, NaN];
  const f = [NaN, Infinity, -Infinity, -0, 0, null, 3.4028234663852886e38, -1.1754943508222875e-38, 1.401298464324817e-45,
    1, -1, Math.fround(0.1), Math.fround(-2.5)];
  const i32 = [2147483647, -2147483648, 0, null, 1, -1, 1000000, 2147483646, -2147483647, 7, 8, 9, 10];
  const i64 = [9223372036854775807n, -9223372036854775808n, 0n, null, 1n, -1n, 9007199254740993n, -9007199254740993n,
    4611686018427387904n, 7n, 8n, 9n, 10n];
  const i8 = [127, -128, 0, null, 1, -1, 100, -100, 64, 7, 8, 9, 10];
  return table('sp', x.length, [
    col('id', { id: 'integer' }, x.map((_, i) => i)), col('x', { id: 'double' }, x), col('f', { id: 'float' }, f),
    col('i32', { id: 'integer' }, i32), col('i64', { id: 'bigint' }, i64), col('i8', { id: 'tinyint' }, i8),
  ]);
}

let cached: DataTable[] | undefined;

/** Every parity table (built once). */
export function parityTables(): DataTable[] {
  if (!cached) {
    const t = mainTable();
    cached = [t, joinTable(t), smallTable(), emptyTable(), specialTable()];
  }
  return cached;
}
