import {
  Bool, DateDay, DateMillisecond, Decimal, Dictionary, Field, FixedSizeList, Float16, Float32, Float64, Int16, Int32, Int64,
  Int8, LargeUtf8, List, Null, Struct, Table, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimestampSecond,
  Uint16, Uint32, Uint64, Uint8, Utf8, Binary, makeData, makeVector, tableFromArrays, tableToIPC, tableFromIPC, vectorFromArray,
} from 'apache-arrow';
import { batchFromArrow, columnFromVector, sqlTypeOf, tableFromBatch, dataFromColumn } from '../../lib/trueno-db/convert';
import { ConversionError, TooLargeError } from '../../lib/trueno-db/errors';
import { ColumnAppender, concatColumns, sliceColumn } from '../../lib/trueno-db/column/appender';
import { encodeUtf8 } from '../../lib/trueno-db/column/strings';
import type { Column } from '../../lib/trueno-db/types';

const enc = new TextEncoder();

function utf8Vector(values: (string | null)[], large = false) {
  return vectorFromArray(values, large ? new LargeUtf8() : new Utf8());
}

/** Values of a column read back through its dictionary / validity. */
function cells(c: Column): unknown[] {
  return Array.from({ length: c.length }, (_, i) => {
    if (c.valid && c.valid[i] === 0) return null;
    if (c.dict) return c.dict[c.values[i] as number];
    return c.values[i];
  });
}

describe('Arrow -> Column: scalar types', () => {
  it('maps every integer width, widening unsigned types to the next signed one', () => {
    const cases: [unknown, string, unknown][] = [
      [new Int8(), 'tinyint', Int8Array], [new Int16(), 'smallint', Int16Array], [new Int32(), 'integer', Int32Array],
      [new Int64(), 'bigint', BigInt64Array], [new Uint8(), 'smallint', Int16Array], [new Uint16(), 'integer', Int32Array],
      [new Uint32(), 'bigint', BigInt64Array], [new Uint64(), 'bigint', BigInt64Array],
    ];
    for (const [type, id, ctor] of cases) {
      const big = (type as { bitWidth: number }).bitWidth === 64;
      const v = vectorFromArray(big ? [1n, 2n, 100n] : [1, 2, 100], type as never);
      const c = columnFromVector(v, 'x');
      expect(c.type.id).toBe(id);
      expect(c.values).toBeInstanceOf(ctor);
      expect(Array.from(c.values as ArrayLike<unknown>, (x) => Number(x))).toEqual([1, 2, 100]);
    }
  });

  it('keeps uint8 255, uint16 65535 and uint32 4294967295 exactly', () => {
    expect(cells(columnFromVector(vectorFromArray([255], new Uint8()), 'a'))).toEqual([255]);
    expect(cells(columnFromVector(vectorFromArray([65535], new Uint16()), 'a'))).toEqual([65535]);
    expect(cells(columnFromVector(vectorFromArray([4294967295], new Uint32()), 'a'))).toEqual([4294967295n]);
  });

  it('refuses a uint64 above 2^63 - 1, naming the column, but not under a NULL', () => {
    const v = vectorFromArray([1n, 2n ** 63n], new Uint64());
    expect(() => columnFromVector(v, 'big')).toThrow(ConversionError);
    expect(() => columnFromVector(v, 'big')).toThrow(/'big'.*9223372036854775808 at row 1/);
    const nulls = makeVector({ type: new Uint64(), length: 2, nullCount: 1, nullBitmap: Uint8Array.of(1), data: BigUint64Array.of(5n, 2n ** 64n - 1n) } as never);
    expect(cells(columnFromVector(nulls, 'big'))).toEqual([5n, null]);
  });

  it('shares the Arrow buffer of int32 / float64 / int64 columns (no copy)', () => {
    const f = new Float64Array([1.5, NaN, Infinity, -Infinity]);
    const c = columnFromVector(makeVector(f), 'f');
    expect(c.values.buffer).toBe(f.buffer);
    expect(Array.from(c.values as Float64Array)).toEqual([1.5, NaN, Infinity, -Infinity]);
    const i = new Int32Array([1, 2]);
    expect(columnFromVector(makeVector(i), 'i').values.buffer).toBe(i.buffer);
  });

  it('converts float16 to float', () => {
    const halves = Uint16Array.of(0x3c00, 0xc000, 0x7c00, 0x7e00, 0x0001, 0x3555);
    const c = columnFromVector(makeVector({ type: new Float16(), length: 6, nullCount: 0, data: halves } as never), 'h');
    expect(c.type).toEqual({ id: 'float' });
    const out = Array.from(c.values as Float32Array);
    expect(out.slice(0, 3)).toEqual([1, -2, Infinity]);
    expect(out[3]).toBeNaN();
    expect(out[4]).toBeCloseTo(2 ** -24, 30);
    expect(out[5]).toBeCloseTo(0.33325, 4);
  });

  it('converts booleans from bits, honouring a slice offset', () => {
    const v = vectorFromArray([true, false, null, true, true, false, false, true, false, true], new Bool());
    expect(cells(columnFromVector(v, 'b'))).toEqual([1, 0, null, 1, 1, 0, 0, 1, 0, 1]);
    expect(cells(columnFromVector(v.slice(3), 'b'))).toEqual([1, 1, 0, 0, 1, 0, 1]);
  });

  it('turns null bitmaps into byte validity (none when no row is NULL), with offsets', () => {
    const v = vectorFromArray([1, null, 3, null, 5, 6, 7, 8, 9, null], new Int32());
    const c = columnFromVector(v, 'x');
    expect(Array.from(c.valid!)).toEqual([1, 0, 1, 0, 1, 1, 1, 1, 1, 0]);
    const s = columnFromVector(v.slice(1, 4), 'x');
    expect(cells(s)).toEqual([null, 3, null]);
    expect(columnFromVector(vectorFromArray([1, 2], new Int32()), 'x').valid).toBeUndefined();
  });

  it('converts decimals (128-bit, negative, scaled) to their double values', () => {
    const words = new Uint32Array(12);
    const put = (i: number, v: bigint) => {
      let x = v < 0n ? v + (1n << 128n) : v;
      for (let k = 0; k < 4; k++) {
        words[i * 4 + k] = Number(x & 0xffffffffn);
        x >>= 32n;
      }
    };
    put(0, 12345n); put(1, -12345n); put(2, 10n ** 20n);
    const v = makeVector({ type: new Decimal(2, 38, 128), length: 3, nullCount: 0, data: words } as never);
    const c = columnFromVector(v, 'd');
    expect(c.type).toEqual({ id: 'decimal', precision: 38, scale: 2 });
    expect(Array.from(c.values as Float64Array)).toEqual([123.45, -123.45, 1e18]);
    // and back: Decimal128 words
    const back = tableFromBatch({ names: ['d'], columns: [c], length: 3 });
    expect(back.getChild('d')!.type).toBeInstanceOf(Decimal);
    expect(Array.from(columnFromVector(back.getChild('d')!, 'd').values as Float64Array)).toEqual([123.45, -123.45, 1e18]);
  });

  it('converts dates to days and timestamps of every unit to microseconds', () => {
    expect(cells(columnFromVector(vectorFromArray([Date.UTC(2020, 0, 2)].map((x) => new Date(x)), new DateDay()), 'd'))).toEqual([18263]);
    const ms = makeVector({ type: new DateMillisecond(), length: 2, nullCount: 0, data: BigInt64Array.of(86400000n * 18263n, -86400000n) } as never);
    expect(cells(columnFromVector(ms, 'd'))).toEqual([18263, -1]);
    const t = 1577836800123456n; // 2020-01-01 00:00:00.123456 in µs
    const of = (type: unknown, v: bigint[]) => columnFromVector(makeVector({ type, length: v.length, nullCount: 0, data: BigInt64Array.from(v) } as never), 't');
    expect(cells(of(new TimestampMicrosecond('UTC'), [t]))).toEqual([Number(t)]);
    expect(cells(of(new TimestampMillisecond(), [t / 1000n]))).toEqual([Number(t / 1000n) * 1000]);
    expect(cells(of(new TimestampSecond(), [t / 1000000n]))).toEqual([Number(t / 1000000n) * 1e6]);
    expect(cells(of(new TimestampNanosecond('Europe/Paris'), [t * 1000n + 999n, -1n]))).toEqual([Number(t), -1]);
    expect(sqlTypeOf(new TimestampNanosecond('Europe/Paris'), 't')).toEqual({ id: 'timestamp' });
  });

  it('gives the null type all-NULL validity', () => {
    const c = columnFromVector(makeVector({ type: new Null(), length: 3 } as never), 'n');
    expect(c.type).toEqual({ id: 'null' });
    expect(Array.from(c.valid!)).toEqual([0, 0, 0]);
  });

  it('refuses binary, struct and other types with an error naming the column', () => {
    const bin = makeVector({ type: new Binary(), length: 1, nullCount: 0, valueOffsets: Int32Array.of(0, 1), data: Uint8Array.of(7) } as never);
    expect(() => columnFromVector(bin, 'blob')).toThrow(ConversionError);
    expect(() => columnFromVector(bin, 'blob')).toThrow(/'blob'.*Binary/);
    expect(() => sqlTypeOf(new Struct([new Field('a', new Int32())]), 's')).toThrow(/'s'/);
    expect(() => sqlTypeOf(new Dictionary(new Int32(), new Int32()), 'k')).toThrow(/dictionary of strings for column 'k'/);
  });

  it('refuses more than 2^31 - 1 rows with TooLargeError', () => {
    const huge = makeData({ type: new Null(), length: 2 ** 31 } as never);
    expect(() => columnFromVector(makeVector(huge), 'n')).toThrow(TooLargeError);
  });
});

describe('Arrow -> Column: strings', () => {
  it('dictionary-encodes utf8 with distinct entries in order of first appearance', () => {
    const c = columnFromVector(utf8Vector(['b', 'a', null, 'b', '', 'a']), 's');
    expect(c.type).toEqual({ id: 'varchar' });
    expect(c.dict).toEqual(['b', 'a', '']);
    expect(cells(c)).toEqual(['b', 'a', null, 'b', '', 'a']);
  });

  it('handles non-ASCII text, 4-byte characters, slices and large utf8', () => {
    const values = ['héllo', '日本語', 'a😀b', 'plain', 'héllo', null, ''];
    for (const large of [false, true]) {
      const v = utf8Vector(values, large);
      expect(cells(columnFromVector(v, 's'))).toEqual(values);
      expect(cells(columnFromVector(v.slice(2, 5), 's'))).toEqual(values.slice(2, 5));
    }
  });

  it('decodes invalid UTF-8 as TextDecoder does, row by row', () => {
    const rows = [Uint8Array.of(0x61, 0xff), Uint8Array.of(0xe2, 0x82), enc.encode('ok'), Uint8Array.of(0x80)];
    const offsets = new Int32Array(rows.length + 1);
    rows.forEach((r, i) => { offsets[i + 1] = offsets[i] + r.length; });
    const bytes = new Uint8Array(offsets[rows.length]);
    rows.forEach((r, i) => bytes.set(r, offsets[i]));
    const e = encodeUtf8(rows.length, bytes, offsets, undefined);
    const dec = new TextDecoder();
    expect(Array.from(e.codes, (k) => e.dict[k])).toEqual(rows.map((r) => dec.decode(r)));
  });

  it('re-deduplicates a Dictionary<utf8> whose dictionary repeats, checking indices', () => {
    const dict = utf8Vector(['x', 'y', 'x', 'z']);
    const type = new Dictionary(new Utf8(), new Int8());
    const v = makeVector({ type, length: 5, nullCount: 1, nullBitmap: Uint8Array.of(0b11011), data: Int8Array.of(2, 0, 1, 3, 1), dictionary: dict } as never);
    const c = columnFromVector(v, 'd');
    expect(c.dict).toEqual(['x', 'y', 'z']);
    expect(cells(c)).toEqual(['x', 'x', null, 'z', 'y']);
    const bad = makeVector({ type, length: 1, nullCount: 0, data: Int8Array.of(9), dictionary: dict } as never);
    expect(() => columnFromVector(bad, 'd')).toThrow(/\[0, 4\).*'d'.*9 at row 0/);
  });

  it('merges the dictionaries of several chunks into one', () => {
    const t = new Table({ s: utf8Vector(['a', 'b']) }).concat(new Table({ s: utf8Vector(['c', 'a', null]) }));
    const c = columnFromVector(t.getChild('s')!, 's');
    expect(c.dict).toEqual(['a', 'b', 'c']);
    expect(cells(c)).toEqual(['a', 'b', 'c', 'a', null]);
  });
});

describe('Arrow -> Column: lists', () => {
  const fsl = (values: number[], size: number, ctor: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array) => makeVector({
    type: new FixedSizeList(size, new Field('item', ctor === Float32Array ? new Float32() : new Float64())),
    length: values.length / size, nullCount: 0, child: makeData({ type: ctor === Float32Array ? new Float32() : new Float64(), length: values.length, data: new ctor(values) } as never),
  } as never);

  it('maps FixedSizeList<float> to a list with size, sharing the child buffer, sliced by rows', () => {
    const v = fsl([1, 2, 3, 4, 5, 6], 3);
    const c = columnFromVector(v, 'features');
    expect(c.type).toEqual({ id: 'list', child: { id: 'float' }, size: 3 });
    expect(Array.from(c.child!.values as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(columnFromVector(v.slice(1), 'features').child!.values as Float32Array)).toEqual([4, 5, 6]);
  });

  it('maps List<double> to offsets rebased to 0 and back', () => {
    const v = vectorFromArray([[1, 2], [], null, [3]], new List(new Field('item', new Float64())));
    const c = columnFromVector(v.slice(1), 'l');
    expect(Array.from(c.offsets!)).toEqual([0, 0, 0, 1]);
    expect(Array.from(c.child!.values as Float64Array)).toEqual([3]);
    expect(Array.from(c.valid!)).toEqual([1, 0, 1]);
    const back = tableFromBatch({ names: ['l'], columns: [columnFromVector(v, 'l')], length: 4 });
    expect(back.getChild('l')!.toArray().map((x: { toArray(): unknown } | null) => (x === null ? null : Array.from(x.toArray() as Float64Array)))).toEqual([[1, 2], [], null, [3]]);
  });

  it('round-trips a FixedSizeList through Arrow', () => {
    const c = columnFromVector(fsl([1, 2, 3, 4], 2, Float64Array), 'f');
    const t = tableFromBatch({ names: ['f'], columns: [c], length: 2 });
    expect(t.getChild('f')!.type).toBeInstanceOf(FixedSizeList);
    expect(t.getChild('f')!.toArray().map((x: { toArray(): Float64Array }) => Array.from(x.toArray()))).toEqual([[1, 2], [3, 4]]);
  });
});

describe('Column -> Arrow', () => {
  const batch = () => batchFromArrow(tableFromArrays({
    i: Int32Array.of(1, 2, 3),
    b: BigInt64Array.of(1n, -(2n ** 62n), 3n),
    f: Float64Array.of(NaN, Infinity, -0),
    s: ['x', 'y', 'x'],
  }));

  it('round-trips values and types, varchar as a dictionary by default', () => {
    const t = tableFromBatch(batch());
    expect(t.schema.fields.map((f) => String(f.type))).toEqual(['Int32', 'Int64', 'Float64', 'Dictionary<Int32, Utf8>']);
    expect(t.toArray().map((r) => r.toJSON())).toEqual([
      { i: 1, b: 1n, f: NaN, s: 'x' }, { i: 2, b: -(2n ** 62n), f: Infinity, s: 'y' }, { i: 3, b: 3n, f: -0, s: 'x' },
    ]);
  });

  it('writes plain Utf8 when asked, and survives IPC both ways', () => {
    const t = tableFromBatch(batch(), { dictionary: false });
    expect(String(t.getChild('s')!.type)).toBe('Utf8');
    for (const table of [t, tableFromBatch(batch())]) {
      const again = tableFromIPC(tableToIPC(table));
      expect(again.getChild('s')!.toArray()).toEqual(['x', 'y', 'x']);
    }
  });

  it('writes nulls as bitmaps, dates as Date32 and timestamps as µs', () => {
    const cols: Column[] = [
      { type: { id: 'date' }, length: 2, values: Int32Array.of(18263, 0), valid: Uint8Array.of(1, 0) },
      { type: { id: 'timestamp' }, length: 2, values: Float64Array.of(1577836800123456, -1) },
      { type: { id: 'boolean' }, length: 2, values: Uint8Array.of(1, 0), valid: Uint8Array.of(0, 1) },
      { type: { id: 'null' }, length: 2, values: new Uint8Array(2), valid: new Uint8Array(2) },
    ];
    const t = tableFromBatch({ names: ['d', 't', 'b', 'n'], columns: cols, length: 2 });
    expect(t.getChild('d')!.nullCount).toBe(1);
    expect(t.getChild('t')!.type).toBeInstanceOf(TimestampMicrosecond);
    expect(t.getChild('t')!.data[0].values[0]).toBe(1577836800123456n);
    expect(t.getChild('b')!.toArray()).toEqual([null, false]);
    expect(t.getChild('n')!.toArray()).toEqual([null, null]);
    const back = batchFromArrow(t);
    expect(cells(back.columns[0])).toEqual([18263, null]);
    expect(cells(back.columns[1])).toEqual([1577836800123456, -1]);
  });

  it('makes an empty table of the right types', () => {
    const t = tableFromBatch({ names: ['a', 's'], columns: [{ type: { id: 'integer' }, length: 0, values: new Int32Array(0) }, { type: { id: 'varchar' }, length: 0, values: new Int32Array(0), dict: [''] }], length: 0 });
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 's']);
    expect(dataFromColumn({ type: { id: 'varchar' }, length: 0, values: new Int32Array(0) }, false).length).toBe(0);
  });
});

describe('ColumnAppender', () => {
  it('grows SharedArrayBuffer-backed columns over many appends; earlier views keep their rows', () => {
    const a = new ColumnAppender({ id: 'double' }, true);
    const views: Column[] = [];
    let expected = 0;
    for (let k = 0; k < 300; k++) {
      const n = 1 + (k % 17);
      a.append({ type: { id: 'double' }, length: n, values: Float64Array.from({ length: n }, (_, i) => expected + i) });
      expected += n;
      if (k % 50 === 0) views.push(a.view());
    }
    const v = a.view();
    expect(v.length).toBe(expected);
    expect(v.values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect((v.values as Float64Array).every((x, i) => x === i)).toBe(true);
    for (const old of views) expect((old.values as Float64Array).every((x, i) => x === i)).toBe(true);
  });

  it('adds validity when the first NULL arrives, keeping earlier rows valid', () => {
    const a = new ColumnAppender({ id: 'integer' }, true);
    a.append({ type: { id: 'integer' }, length: 2, values: Int32Array.of(1, 2) });
    a.append({ type: { id: 'integer' }, length: 2, values: Int32Array.of(3, 4), valid: Uint8Array.of(0, 1) });
    a.append({ type: { id: 'integer' }, length: 1, values: Int32Array.of(5) });
    expect(cells(a.view())).toEqual([1, 2, null, 4, 5]);
  });

  it('keeps one dictionary for a string column: codes never change', () => {
    const a = new ColumnAppender({ id: 'varchar' }, true);
    a.append({ type: { id: 'varchar' }, length: 2, values: Int32Array.of(0, 1), dict: ['p', 'q'] });
    const first = a.view();
    a.append({ type: { id: 'varchar' }, length: 3, values: Int32Array.of(0, 1, 0), dict: ['r', 'p'], valid: Uint8Array.of(1, 1, 0) });
    const v = a.view();
    expect(v.dict).toEqual(['p', 'q', 'r']);
    expect(cells(v)).toEqual(['p', 'q', 'r', 'p', null]);
    expect(cells(first)).toEqual(['p', 'q']);
  });

  it('appends lists (fixed and variable) and slices them', () => {
    const a = new ColumnAppender({ id: 'list', child: { id: 'double' } }, true);
    const l = (offsets: number[], values: number[]): Column => ({ type: { id: 'list', child: { id: 'double' } }, length: offsets.length - 1, values: new Uint8Array(0), offsets: Int32Array.from(offsets), child: { type: { id: 'double' }, length: values.length, values: Float64Array.from(values) } });
    a.append(l([0, 2, 3], [1, 2, 3]));
    a.append(sliceColumn(l([0, 1, 3, 4], [9, 4, 5, 6]), 1, 2));
    const v = a.view();
    expect(Array.from(v.offsets!)).toEqual([0, 2, 3, 5, 6]);
    expect(Array.from(v.child!.values as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
    const fixed = concatColumns({ id: 'list', child: { id: 'float' }, size: 2 }, [
      { type: { id: 'list', child: { id: 'float' }, size: 2 }, length: 1, values: new Uint8Array(0), child: { type: { id: 'float' }, length: 2, values: Float32Array.of(1, 2) } },
      { type: { id: 'list', child: { id: 'float' }, size: 2 }, length: 1, values: new Uint8Array(0), child: { type: { id: 'float' }, length: 2, values: Float32Array.of(3, 4) } },
    ], true);
    expect(Array.from(fixed.child!.values as Float32Array)).toEqual([1, 2, 3, 4]);
    expect(fixed.length).toBe(2);
  });
});

describe('round trips (property)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  const kinds = ['int32', 'int64', 'float64', 'bool', 'utf8'] as const;
  const value = (k: (typeof kinds)[number]): import('fast-check').Arbitrary<number | bigint | boolean | string> => {
    switch (k) {
      case 'int32': return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
      case 'int64': return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
      case 'float64': return fc.double();
      case 'bool': return fc.boolean();
      case 'utf8': return fc.string({ unit: 'grapheme', maxLength: 6 });
    }
  };
  const types = { int32: new Int32(), int64: new Int64(), float64: new Float64(), bool: new Bool(), utf8: new Utf8() };

  it('Arrow -> Column -> Arrow keeps every value and NULL, across chunks and through appends', () => {
    fc.assert(fc.property(
      fc.constantFrom(...kinds).chain((k) => fc.tuple(fc.constant(k), fc.array(fc.array(fc.option(value(k), { nil: null }), { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 }))),
      ([kind, chunks]) => {
        const vectors = chunks.map((c) => vectorFromArray(c as never[], types[kind] as never));
        const table = vectors.slice(1).reduce((t, v) => t.concat(new Table({ c: v })), new Table({ c: vectors[0] }));
        const col = columnFromVector(table.getChild('c')!, 'c');
        const flat = chunks.flat();
        // iterate (get() honours validity; toArray() of a numeric vector gives the raw values)
        const back = [...tableFromBatch({ names: ['c'], columns: [col], length: col.length }).getChild('c')!];
        const plain = [...tableFromBatch({ names: ['c'], columns: [col], length: col.length }, { dictionary: false }).getChild('c')!];
        const a = new ColumnAppender(col.type, true);
        for (const v of vectors) a.append(columnFromVector(v, 'c'));
        const appended = [...tableFromBatch({ names: ['c'], columns: [a.view()], length: flat.length }).getChild('c')!];
        const norm = (xs: ArrayLike<unknown>) => Array.from(xs, (x) => (typeof x === 'number' && Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : x));
        expect(norm(back)).toEqual(norm(flat));
        expect(norm(plain)).toEqual(norm(flat));
        expect(norm(appended)).toEqual(norm(flat));
      },
    ), { numRuns: 150 });
  });
});

describe('Column -> Arrow over a large dictionary', () => {
  it('encodes only the strings a few rows use', () => {
    const dict = Array.from({ length: 1000 }, (_, i) => `s${i}`);
    const col: Column = { type: { id: 'varchar' }, length: 3, values: Int32Array.of(999, 5, 999), dict, valid: Uint8Array.of(1, 1, 0) };
    const v = tableFromBatch({ names: ['s'], columns: [col], length: 3 }).getChild('s')!;
    expect([...v]).toEqual(['s999', 's5', null]);
    expect(v.data[0].dictionary!.length).toBe(2);
  });
});
