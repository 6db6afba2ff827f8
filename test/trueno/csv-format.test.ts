/**
 * The CSV writing kernel (trueno.h: trueno_csv_format) on every backend, ISA level and thread count: every field is
 * String(value) byte for byte (doubles from raw bit patterns: subnormals, NaN payloads, infinities, -0, powers of two,
 * near-ties; floats; int64 as String(bigint); int32), nulls as the null text, over rows enough for the native build to
 * cut into parts; and the bad arguments.
 */
import * as fs from 'node:fs';
import fc from 'fast-check';
import { kernels } from '../../lib/trueno/backend/loader';
import { DTypeCode } from '../../lib/trueno/backend/kernels';
import { csvFormatRowBound } from '../../lib/trueno/backend/reference-csv-format';
import { activate, configurations, resetBackends } from './helpers';

const { render, OUT } = require('../../scripts/gen-pow10-table') as { render(): string; OUT: string };

const configs = configurations();
afterAll(() => resetBackends());

type Col = 'float64' | 'float32' | 'int64' | 'int32';
type Value = number | bigint | null;
const ARRAYS = { float64: Float64Array, float32: Float32Array, int64: BigInt64Array, int32: Int32Array } as const;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Runs the active backend's kernel over columns of values (null: a null). */
function run(cols: Col[], columns: Value[][], delimiter = ',', nullText = ''): string {
  const rows = columns[0]?.length ?? 0;
  const packed = new ArrayBuffer(cols.length * rows * 8);
  const withNulls = columns.some((c) => c.includes(null));
  const valid = new Uint8Array(withNulls ? cols.length * rows : 0);
  cols.forEach((col, c) => {
    const view = new ARRAYS[col](packed, c * rows * 8, rows);
    columns[c].forEach((v, r) => {
      if (withNulls) valid[c * rows + r] = v === null ? 0 : 1;
      view[r] = (v ?? (col === 'int64' ? 0n : 0)) as never;
    });
  });
  const types = Int32Array.from(cols, (c) => DTypeCode[c]);
  const nullBytes = encoder.encode(nullText);
  const out = new Uint8Array(rows * csvFormatRowBound(types, withNulls, nullBytes.length));
  const result = new Float64Array(1);
  kernels().csvFormat(new Uint8Array(packed), types, rows, valid, delimiter.charCodeAt(0), nullBytes, out, result);
  return decoder.decode(out.subarray(0, result[0]));
}

/** What the kernel must write: String() of each value as the column holds it. */
function expected(cols: Col[], columns: Value[][], delimiter = ',', nullText = ''): string {
  const rows = columns[0]?.length ?? 0;
  let text = '';
  for (let r = 0; r < rows; r++) {
    text += cols.map((col, c) => {
      const v = columns[c][r];
      if (v === null) return nullText;
      return String(col === 'float32' ? Math.fround(v as number) : v);
    }).join(delimiter) + '\n';
  }
  return text;
}

/** Doubles from every corner: raw bits, bits with trailing zeros (near ties), powers of two, subnormals, plain ones. */
const anyDouble = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((b) => new Float64Array(new BigUint64Array([b]).buffer)[0]),
  fc.tuple(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 0, max: 52 }))
    .map(([b, z]) => new Float64Array(new BigUint64Array([b & ~((1n << BigInt(z)) - 1n)]).buffer)[0]),
  fc.bigInt({ min: 0n, max: (1n << 12n) - 1n }).map((e) => new Float64Array(new BigUint64Array([e << 52n]).buffer)[0]),
  fc.bigInt({ min: 0n, max: (1n << 52n) - 1n }).map((m) => new Float64Array(new BigUint64Array([m]).buffer)[0]),
  fc.double(),
  fc.integer().map((i) => i / 1000),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 1e-6, 123456789012345680000, 5e-324, Number.MAX_VALUE),
);
const valueOf = (col: Col): fc.Arbitrary<Value> => {
  if (col === 'int64') return fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
  if (col === 'int32') return fc.integer({ min: -2147483648, max: 2147483647 });
  return col === 'float32' ? fc.oneof(fc.float(), anyDouble.map(Math.fround)) : anyDouble;
};
const table = fc.array(fc.constantFrom<Col>('float64', 'float32', 'int64', 'int32'), { minLength: 1, maxLength: 4 })
  .chain((cols) => fc.tuple(
    fc.constant(cols),
    fc.integer({ min: 0, max: 30 }).chain((rows) => fc.tuple(...cols.map((col) =>
      fc.array(fc.option(valueOf(col), { freq: 8 }), { minLength: rows, maxLength: rows })))),
    fc.constantFrom(',', ';', '\t', '|'),
    fc.constantFrom('', 'NA', 'null', 'ø'),
  ));

test('pow10_table.h is fresh (run node scripts/gen-pow10-table.js)', () => {
  expect(fs.readFileSync(OUT, 'utf8')).toBe(render());
});

describe.each(configs.map((c) => [c.label, c] as const))('csvFormat on %s', (_label, config) => {
  beforeEach(() => activate(config));

  it('writes String(value) for every field and the null text for every null', () => {
    fc.assert(fc.property(table, ([cols, columns, delimiter, nullText]) => {
      expect(run(cols, columns, delimiter, nullText)).toBe(expected(cols, columns, delimiter, nullText));
    }), { numRuns: config.backend === 'js' ? 50 : 300, seed: 16 });
  });

  it('writes 20,000 random doubles of every kind as String() does', () => {
    const values = fc.sample(anyDouble, { numRuns: 20000, seed: 7 });
    expect(run(['float64'], [values])).toBe(expected(['float64'], [values]));
  });

  it('gives the same bytes over rows the native build cuts into parts', () => {
    const n = 40000;
    const id = Array.from({ length: n }, (_, i) => BigInt(i) * 123456789013n - 4n * 10n ** 18n);
    const g = Array.from({ length: n }, (_, i) => (i * 2654435761) | 0);
    const x = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : Math.sin(i) * 10 ** ((i % 40) - 20)));
    const cols: Col[] = ['int64', 'int32', 'float64'];
    expect(run(cols, [id, g, x], ',', 'NA')).toBe(expected(cols, [id, g, x], ',', 'NA'));
  });

  it('refuses bad arguments and leaves out untouched', () => {
    const k = kernels();
    const types = Int32Array.of(DTypeCode.float64);
    const columns = new Uint8Array(new Float64Array([1.5, 2.5]).buffer);
    const none = new Uint8Array(0);
    const result = new Float64Array(1);
    const out = new Uint8Array(52).fill(7);
    expect(() => k.csvFormat(columns, types, 2, none, 44, none, out.subarray(0, 51), result)).toThrow();
    expect(() => k.csvFormat(columns, Int32Array.of(DTypeCode.uint8), 2, none, 44, none, out, result)).toThrow();
    expect(() => k.csvFormat(columns, new Int32Array(0), 2, none, 44, none, out, result)).toThrow(/types/);
    expect(() => k.csvFormat(columns, types, 3, none, 44, none, out, result)).toThrow(/columns/);
    expect(() => k.csvFormat(columns, types, 2, new Uint8Array(1), 44, none, out, result)).toThrow(/valid/);
    expect(() => k.csvFormat(columns, types, 2, none, 10, none, out, result)).toThrow();
    expect(() => k.csvFormat(columns, types, 2, none, 200, none, out, result)).toThrow();
    expect(() => k.csvFormat(columns, types, 2, none, 44, none, out, new Float64Array(2))).toThrow(/result/);
    expect(() => k.csvFormat([1, 2] as never, types, 2, none, 44, none, out, result)).toThrow();
    expect(() => k.csvFormat(columns, types, -1, none, 44, none, out, result)).toThrow();
    expect(() => k.csvFormat(columns, types, NaN, none, 44, none, out, result)).toThrow();
    expect(out.every((b) => b === 7)).toBe(true);
    k.csvFormat(columns, types, 2, none, 44, none, out, result);
    expect(decoder.decode(out.subarray(0, result[0]))).toBe('1.5\n2.5\n');
  });
});
