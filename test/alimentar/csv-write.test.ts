/**
 * Writing CSV: numeric batches go through trueno's csv_format kernel, the rest cell by cell; either way each value's
 * text is what String() gives it (the shortest round-trip form of a double), nulls are the null text, and the file
 * reads back to the same numbers. Over every Arrow integer and float type, nulls, sliced and multi-batch tables.
 */
import fc from 'fast-check';
import {
  DataType, Float32, Float64, Int16, Int32, Int64, Int8, RecordBatch, Table, Uint16, Uint32, Uint64, Uint8, Utf8, vectorFromArray,
} from 'apache-arrow';
import { readCsv, writeCsv } from '../../lib/alimentar/formats/csv';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

type Kind = 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64' | 'utf8';
const TYPES: Record<Kind, () => DataType> = {
  int8: () => new Int8(), int16: () => new Int16(), int32: () => new Int32(), uint8: () => new Uint8(), uint16: () => new Uint16(),
  uint32: () => new Uint32(), int64: () => new Int64(), uint64: () => new Uint64(), float32: () => new Float32(),
  float64: () => new Float64(), utf8: () => new Utf8(),
};
const bits = (b: bigint) => new Float64Array(new BigUint64Array([b]).buffer)[0];
const VALUES: Record<Kind, fc.Arbitrary<unknown>> = {
  int8: fc.integer({ min: -128, max: 127 }),
  int16: fc.integer({ min: -32768, max: 32767 }),
  int32: fc.integer({ min: -2147483648, max: 2147483647 }),
  uint8: fc.integer({ min: 0, max: 255 }),
  uint16: fc.integer({ min: 0, max: 65535 }),
  uint32: fc.integer({ min: 0, max: 4294967295 }),
  int64: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  uint64: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  float32: fc.float(),
  float64: fc.oneof(fc.double(), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(bits), fc.integer().map((i) => i / 100)),
  utf8: fc.string({ maxLength: 6 }),
};

/** A column: its kind and values (null: a null). */
type Column = [Kind, unknown[]];

function tableOf(columns: Column[]): Table {
  return new Table(Object.fromEntries(columns.map(([kind, values], c) => [`c${c}`, vectorFromArray(values, TYPES[kind]())])));
}

/** The text writeCsv must give: String() of each value as its column stores it, the null text for a null. */
function expected(columns: Column[], rows: number[], delimiter: string, nullValue: string): string {
  const cell = (kind: Kind, v: unknown): string => {
    if (v === null) return nullValue;
    if (kind === 'utf8') {
      const t = v as string;
      return /["\n\r]/.test(t) || t.includes(delimiter) || t === '' ? `"${t.replace(/"/g, '""')}"` : t;
    }
    return String(kind === 'float32' ? Math.fround(v as number) : v);
  };
  const header = columns.map((_, c) => `c${c}`).join(delimiter);
  return [header, ...rows.map((r) => columns.map(([kind, values]) => cell(kind, values[r])).join(delimiter))].join('\n') + '\n';
}

const kinds = fc.array(fc.constantFrom<Kind>(...(Object.keys(TYPES) as Kind[])), { minLength: 1, maxLength: 4 });
const columnsArb = fc.tuple(kinds, fc.integer({ min: 0, max: 25 })).chain(([ks, rows]) => fc.tuple(...ks.map((k) =>
  fc.tuple(fc.constant(k), fc.array(fc.option(VALUES[k], { freq: 6 }), { minLength: rows, maxLength: rows }))))) as fc.Arbitrary<Column[]>;

test('every numeric type, with nulls, is written as String() writes it (kernel and cell paths alike)', () => {
  fc.assert(fc.property(columnsArb, fc.constantFrom(',', ';'), fc.constantFrom('', 'NA', 'ø'), (columns, delimiter, nullValue) => {
    const rows = Array.from({ length: columns[0][1].length }, (_, r) => r);
    const got = decoder.decode(writeCsv(tableOf(columns), { delimiter, nullValue }));
    expect(got).toBe(expected(columns, rows, delimiter, nullValue));
  }), { numRuns: 300, seed: 16 });
});

test('a sliced table and a table of several batches write the rows they hold', () => {
  const n = 5000;
  const columns: Column[] = [
    ['int64', Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : BigInt(i) * -98765432101n))],
    ['float64', Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : Math.cos(i) * 10 ** ((i % 30) - 15)))],
    ['int16', Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : (i * 37) % 32768))],
  ];
  const whole = tableOf(columns);
  // offsets that are not multiples of 8 shift the validity bitmaps
  const sliced = whole.slice(1003, 4321);
  const slicedRows = Array.from({ length: 4321 - 1003 }, (_, r) => r + 1003);
  expect(decoder.decode(writeCsv(sliced, { nullValue: 'NA' }))).toBe(expected(columns, slicedRows, ',', 'NA'));
  const batches = new Table([...whole.slice(0, 17).batches, ...whole.slice(17, 2500).batches, ...whole.slice(2500).batches]
    .map((b) => new RecordBatch(b.schema, b.data)));
  expect(batches.batches.length).toBe(3);
  const all = Array.from({ length: n }, (_, r) => r);
  expect(decoder.decode(writeCsv(batches, { nullValue: 'NA' }))).toBe(expected(columns, all, ',', 'NA'));
});

test('doubles written read back bit for bit', () => {
  const values = fc.sample(fc.double({ noNaN: true }), { numRuns: 3000, seed: 3 });
  const table = new Table({ x: vectorFromArray(values, new Float64()) });
  const back = readCsv(writeCsv(table));
  const got = back.getChild('x')!.toArray() as Float64Array;
  // -0 writes as "0" (String(-0)), so it reads back as 0
  values.forEach((v, i) => expect(Object.is(got[i], Object.is(v, -0) ? 0 : v)).toBe(true));
});

test('header only, zero rows', () => {
  const table = new Table({ a: vectorFromArray([] as number[], new Float64()), b: vectorFromArray([] as number[], new Int32()) });
  expect(decoder.decode(writeCsv(table))).toBe('a,b\n');
  expect(encoder.encode('a,b\n')).toEqual(writeCsv(table));
});
