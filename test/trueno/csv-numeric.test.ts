/**
 * The CSV kernel (trueno.h: trueno_csv_numeric) on every backend, ISA level and thread count: every float it reads is
 * Number(text) bit for bit, every integer exact (BigInt(text)), the same rows and bytes used everywhere, and the same
 * give-ups for text that is not plain numeric CSV; over texts long enough for the native build to cut into parts.
 */
import fc from 'fast-check';
import { kernels } from '../../lib/trueno/backend/loader';
import { DTypeCode } from '../../lib/trueno/backend/kernels';
import { activate, configurations, resetBackends } from './helpers';

const configs = configurations();
afterAll(() => resetBackends());

type Col = 'float64' | 'float32' | 'int64' | 'int32';
const encoder = new TextEncoder();

/** Runs the active backend's kernel on `text`. */
function run(text: string, cols: Col[], capacity: number, final = true, delimiter = ','): { rows: number; used: number; out: Uint8Array } {
  const out = new Uint8Array(cols.length * capacity * 8);
  const result = new Float64Array(2);
  kernels().csvNumeric(encoder.encode(text), delimiter.charCodeAt(0), final ? 1 : 0, Int32Array.from(cols, (c) => DTypeCode[c]),
    capacity, out, result);
  return { rows: result[0], used: result[1], out };
}

/** The expected value of field `text` in a column of type `col`. */
function expected(text: string, col: Col): number | bigint {
  if (col === 'int64') return BigInt(text);
  if (col === 'int32') return Number(text);
  return col === 'float32' ? Math.fround(Number(text)) : Number(text);
}

function valueAt(out: Uint8Array, col: Col, c: number, capacity: number, row: number): number | bigint {
  const size = col === 'int32' || col === 'float32' ? 4 : 8;
  const view = new DataView(out.buffer, out.byteOffset + c * capacity * 8 + row * size);
  if (col === 'int64') return view.getBigInt64(0, true);
  if (col === 'int32') return view.getInt32(0, true);
  return col === 'float32' ? view.getFloat32(0, true) : view.getFloat64(0, true);
}

/** Doubles whose shortest and 17-digit texts keep the power of ten within the kernel's +-280. */
const moderate = (max: number) => fc.double({ noNaN: true, noDefaultInfinity: true, min: -max, max })
  .filter((v) => v === 0 || Math.abs(v) >= 1e-250);
const floatText = fc.oneof(
  moderate(1e15).map(String),
  moderate(1e250).map(String),
  moderate(1).map((v) => v.toExponential(16)),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }), fc.integer({ min: 0, max: 19 }), fc.boolean())
    .map(([digits, point, neg]) => {
      const s = digits.toString().padStart(point + 1, '0');
      return `${neg ? '-' : ''}${s.slice(0, s.length - point)}.${s.slice(s.length - point)}`;
    }),
  fc.constantFrom('0', '-0', '+1.5', '.5', '5.', '1e22', '1E-22', '0e999', '0.1', '123456789012345678e-5'),
);
const intText = (col: Col) => (col === 'int64'
  ? fc.bigInt({ min: -(10n ** 18n) + 1n, max: 10n ** 18n - 1n }).map(String)
  : fc.integer().map(String));
const colTypes = fc.array(fc.constantFrom<Col>('float64', 'float32', 'int64', 'int32'), { minLength: 1, maxLength: 4 });
const table = colTypes.chain((cols) => fc.tuple(
  fc.constant(cols),
  fc.array(fc.tuple(...cols.map((c) => (c.startsWith('float') ? floatText : intText(c)))), { minLength: 0, maxLength: 40 }),
  fc.constantFrom('\n', '\r\n'),
  fc.boolean(),
));

describe.each(configs.map((c) => [c.label, c] as const))('csvNumeric on %s', (_label, config) => {
  beforeEach(() => activate(config));

  it('reads every field as Number(text) / BigInt(text), whole rows only', () => {
    fc.assert(fc.property(table, ([cols, rows, eol, lastEol]) => {
      // a number within 2^-90 of a rounding tie may make a backend give up: vanishingly rare in random digits
      const text = rows.map((r) => r.join(',')).join(eol) + (lastEol && rows.length > 0 ? eol : '');
      const capacity = rows.length + 2;
      const got = run(text, cols, capacity);
      expect(got.rows).toBe(rows.length);
      expect(got.used).toBe(encoder.encode(text).length);
      rows.forEach((r, i) => r.forEach((field, c) => {
        expect(Object.is(valueAt(got.out, cols[c], c, capacity, i), expected(field, cols[c]))
          || valueAt(got.out, cols[c], c, capacity, i) === expected(field, cols[c])).toBe(true);
      }));
    }), { numRuns: config.backend === 'native' ? 300 : 100, seed: 11 });
  });

  it('gives the same rows for a text the native build cuts into parts, and stops at capacity on a line end', () => {
    const lines = Array.from({ length: 40000 }, (_, i) => `${i},${(i * 0.123456789).toPrecision(17)},${-i * 7}`);
    const text = lines.join('\n') + '\n';
    const cols: Col[] = ['int32', 'float64', 'int64'];
    const all = run(text, cols, 40000);
    expect(all.rows).toBe(40000);
    for (const i of [0, 1234, 39999]) {
      expect(valueAt(all.out, 'float64', 1, 40000, i)).toBe(Number((i * 0.123456789).toPrecision(17)));
      expect(valueAt(all.out, 'int64', 2, 40000, i)).toBe(BigInt(-i * 7));
    }
    const some = run(text, cols, 25000);
    expect(some.rows).toBe(25000);
    expect(some.used).toBe(lines.slice(0, 25000).join('\n').length + 1);
    const notFinal = run(text + '1,2', cols, 50000, false);
    expect(notFinal.rows).toBe(40000);
    expect(notFinal.used).toBe(text.length);
  });

  it.each([
    ['a blank line', '1,2\n\n3,4\n'],
    ['a short row', '1,2\n3\n'],
    ['a long row', '1,2,3\n'],
    ['a CR alone', '1,2\r3,4\n'],
    ['a quote', '"1",2\n'],
    ['a null marker', 'NA,2\n'],
    ['a space', '1, 2\n'],
    ['a fraction in an integer column', '1,2.5\n'],
    ['more than 19 significant digits', '12345678901234567891,1\n'],
    ['a power of ten beyond 280', '1e300,1\n'],
    ['a result beyond 1e280', '12345678901234567e270,1\n'],
    ['a result below 1e-280', '1e-270,1\n'.replace('1e', '0.000000000000001e')],
    ['an integer beyond 18 digits', '1,1234567890123456789\n'],
    ['an exact rounding tie', '9007199254740993,1\n'],
  ])('gives up on %s', (_what, text) => {
    expect(run(text, ['float64', 'int64'], 8).rows).toBe(-1);
  });

  it('refuses bad arguments', () => {
    const k = kernels();
    const out = new Uint8Array(16);
    const result = new Float64Array(2);
    const bytes = encoder.encode('1,2\n');
    const types = Int32Array.from([DTypeCode.float64, DTypeCode.int64]);
    expect(() => k.csvNumeric(bytes, 44, 1, types, 1, out, result)).not.toThrow();
    expect(() => k.csvNumeric(bytes, 46, 1, types, 1, out, result)).toThrow();
    expect(() => k.csvNumeric(bytes, 10, 1, types, 1, out, result)).toThrow();
    expect(() => k.csvNumeric(bytes, 44, 1, Int32Array.from([DTypeCode.uint8]), 1, new Uint8Array(8), result)).toThrow();
    expect(() => k.csvNumeric(bytes, 44, 1, types, 2, out, result)).toThrow(/out/);
    expect(() => k.csvNumeric(bytes, 44, 1, new Int32Array(0), 1, new Uint8Array(0), result)).toThrow(/types/);
    expect(() => k.csvNumeric(bytes, 44, 1, types, 1, out, new Float64Array(1))).toThrow(/result/);
    expect(() => k.csvNumeric([1, 2] as never, 44, 1, types, 1, out, result)).toThrow(/bytes/);
  });
});
