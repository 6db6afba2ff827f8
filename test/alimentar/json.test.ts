import { Bool, DataType, Table as ArrowTable, Float16, Float32, Float64, Int16, Int32, Int64, Int8, Uint16, Uint32, Uint64, Uint8, Utf8, makeVector, vectorFromArray, type RecordBatch } from 'apache-arrow';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonLinesReader, JsonParseError, StreamingDataset, readJson, writeJson } from '../../lib/alimentar';
import { dataFromValues } from '../../lib/alimentar/columns';

const encoder = new TextEncoder();
const rowsOf = (batches: RecordBatch[]) => batches.flatMap((b) => b.toArray().map((r) => r.toJSON()));
const typesOf = (b: RecordBatch) => b.schema.fields.map((f) => `${f.name}:${f.type}`);

/** Feeds `bytes` to a reader in chunks of `size` bytes. */
function readInChunks(bytes: Uint8Array, size: number, options?: ConstructorParameters<typeof JsonLinesReader>[0]): RecordBatch[] {
  const reader = new JsonLinesReader(options, 'test.jsonl');
  const out: RecordBatch[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(...reader.push(bytes.subarray(at, at + size), false));
  out.push(...reader.push(new Uint8Array(0), true));
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'alimentar-json-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JsonLinesReader', () => {
  // Multi-byte characters, CRLF and blank lines, nested values, nulls, missing keys, and a last line without a line end.
  const text = [
    '{"id": 1, "x": 0.5, "name": "café", "ok": true, "tags": [1, 2]}',
    '{"id": 2, "x": 1, "name": "日本語", "ok": false, "tags": {"a": 1}}\r',
    '',
    '{"id": 3, "x": null, "name": null, "ok": null}',
    '   ',
    '{"id": 4, "x": -2.25e3, "name": "emoji 🦀", "ok": true, "tags": "t"}',
    '{"id": 5, "name": "", "x": 7}',
  ].join('\n');
  const bytes = encoder.encode(text);

  it.each([1, 2, 3, 7, 64, bytes.length])('chunks of %i bytes give the rows and types of a whole read', (size) => {
    const whole = readJson(bytes, true, 'test.jsonl');
    const batches = readInChunks(bytes, size, { batchRows: 2 });
    expect(batches.map((b) => b.numRows)).toEqual([2, 2, 1]);
    for (const b of batches) expect(typesOf(b)).toEqual(typesOf(whole.batches[0]));
    expect(rowsOf(batches)).toEqual(rowsOf(whole.batches));
    expect(rowsOf(batches)[1]).toEqual({ id: 2n, x: 1, name: '日本語', ok: false, tags: '{"a":1}' });
    expect(rowsOf(batches)[3].name).toBe('emoji 🦀');
  });

  it('a later value that does not fit the first batch\'s type names its line; columnTypes sets the type', () => {
    const lines = ['{"x": 1}', '{"x": 2}', '', '{"x": 3}', '{"x": 2.5}'].join('\n');
    const err = (() => {
      try {
        readInChunks(encoder.encode(lines), 4, { batchRows: 2 });
      } catch (e) {
        return e as JsonParseError;
      }
    })();
    expect(err).toBeInstanceOf(JsonParseError);
    expect(err!.line).toBe(5);
    expect(err!.message).toMatch(/column 'x' of test\.jsonl but received 2\.5 .*json\.columnTypes.* at line 5$/);
    const fixed = readInChunks(encoder.encode(lines), 4, { batchRows: 2, columnTypes: { x: 'float64' } });
    expect(rowsOf(fixed).map((r) => r.x)).toEqual([1, 2, 3, 2.5]);
  });

  it('a later key the first batch lacked names its line, unless columnTypes names it', () => {
    const lines = encoder.encode('{"a": 1}\n{"a": 2}\n{"a": 3, "b": "new"}\n');
    expect(() => readInChunks(lines, 5, { batchRows: 2 })).toThrow(/test\.jsonl but found the key 'b'.* at line 3$/);
    const named = readInChunks(lines, 5, { batchRows: 2, columnTypes: { b: 'utf8' } });
    expect(rowsOf(named)).toEqual([{ a: 1n, b: null }, { a: 2n, b: null }, { a: 3n, b: 'new' }]);
  });

  it('malformed lines and lines without an object name their line', () => {
    expect(() => readInChunks(encoder.encode('{"a": 1}\n\n{"a": \n'), 3)).toThrow(expect.objectContaining({ line: 3, code: 'ERR_ALIMENTAR_JSON_PARSE' }));
    expect(() => readInChunks(encoder.encode('{"a": 1}\n[1, 2]\n'), 100)).toThrow(expect.objectContaining({ line: 2 }));
    expect(() => readInChunks(encoder.encode('{"a": 1}\n{"a": 2}, {"a": 3}\n'), 100)).toThrow(expect.objectContaining({ line: 2 }));
    expect(() => readInChunks(encoder.encode('{"a": 1}\nnull\n'), 100)).toThrow(/received null at line 2$/);
  });

  it('an empty input gives no batch, or one empty batch with the columns columnTypes names', () => {
    expect(readInChunks(new Uint8Array(0), 10)).toEqual([]);
    expect(readInChunks(encoder.encode('\n\n'), 10)).toEqual([]);
    const typed = readInChunks(new Uint8Array(0), 10, { columnTypes: { a: 'int32' } });
    expect(typed.map((b) => [b.numRows, typesOf(b)])).toEqual([[0, ['a:Int32']]]);
  });

  it('bad options are named', () => {
    expect(() => new JsonLinesReader({ batchRows: 0 })).toThrow(RangeError);
    expect(() => new JsonLinesReader({ columnTypes: { a: 'float128' as 'float64' } })).toThrow(/json\.columnTypes\.a/);
    expect(() => new JsonLinesReader('x' as never)).toThrow(TypeError);
    expect(() => new JsonLinesReader({ columnTypes: [] as never })).toThrow(TypeError);
  });
});

describe('readJson with explicit column types', () => {
  it('stores the values in the named types and names a value that does not fit, with its row or line', () => {
    const t = readJson(encoder.encode('[{"a": 1, "b": 2}, {"a": -3, "b": null}]'), false, 'x.json', { columnTypes: { a: 'int8', b: 'float32' } });
    expect(t.schema.fields.map((f) => String(f.type))).toEqual(['Int8', 'Float32']);
    expect(t.toArray().map((r) => r.toJSON())).toEqual([{ a: 1, b: 2 }, { a: -3, b: null }]);
    expect(() => readJson(encoder.encode('[{"a": 1}, {"a": 300}]'), false, 'x.json', { columnTypes: { a: 'int8' } })).toThrow(/row 2 of x\.json but received 300/);
    expect(() => readJson(encoder.encode('{"a": 1}\n{"a": "two"}\n'), true, 'x.jsonl', { columnTypes: { a: 'float64' } })).toThrow(expect.objectContaining({ line: 2 }));
    expect(() => readJson(encoder.encode('{"a": 1}\n'), true, 'x.jsonl', { columnTypes: { a: 'bool' } })).toThrow(/Expected Bool/);
    expect(() => readJson(encoder.encode('{"a": -1}\n'), true, 'x.jsonl', { columnTypes: { a: 'uint32' } })).toThrow(/received -1/);
  });
});

describe('StreamingDataset over JSON Lines', () => {
  it('reads a file piece by piece in batches of batchRows, with bounded pieces', async () => {
    const file = path.join(dir, 'big.jsonl');
    const n = 50000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(JSON.stringify({ i, v: i / 4, s: `row ${i}` }));
    writeFileSync(file, lines.join('\n') + '\n');
    const sd = await StreamingDataset.open(file, { chunkBytes: 64 * 1024, json: { batchRows: 4096 } });
    expect(typesOf({ schema: sd.schema } as RecordBatch)).toEqual(['i:Int64', 'v:Float64', 's:Utf8']);
    let rows = 0;
    let sum = 0;
    const sizes: number[] = [];
    for await (const b of sd.batches()) {
      sizes.push(b.numRows);
      rows += b.numRows;
      for (const v of b.getChild('v')!) sum += v as number;
    }
    expect(rows).toBe(n);
    expect(Math.max(...sizes)).toBe(4096);
    expect(sizes.length).toBe(Math.ceil(n / 4096));
    expect(sum).toBe((n * (n - 1)) / 8);
  });

  it('yields the batches before a malformed line, then fails naming it: the file is not read whole first', async () => {
    const file = path.join(dir, 'bad-late.jsonl');
    const good = Array.from({ length: 3000 }, (_, i) => `{"i": ${i}}`).join('\n');
    writeFileSync(file, `${good}\n{"i": oops}\n`);
    const sd = await StreamingDataset.open(file, { chunkBytes: 4096, json: { batchRows: 1000 } });
    const seen: number[] = [];
    const err = await (async () => {
      for await (const b of sd.batches()) seen.push(b.numRows);
    })().catch((e) => e);
    expect(seen).toEqual([1000, 1000, 1000]);
    expect(err).toBeInstanceOf(JsonParseError);
    expect(err.line).toBe(3001);
  });
});

describe('dataFromValues', () => {
  const cases: [string, DataType, unknown[]][] = [
    ['float64 with nulls', new Float64(), [1.5, null, -0, NaN, Infinity, undefined, 3]],
    ['float32', new Float32(), [1.25, 2, null]],
    ['float16 (through apache-arrow)', new Float16(), [1.5, null, 2]],
    ['int8', new Int8(), [-128, 127, null, 0]],
    ['int16', new Int16(), [-32768, 32767]],
    ['int32', new Int32(), [2 ** 31 - 1, -(2 ** 31), null]],
    ['uint8', new Uint8(), [0, 255, null]],
    ['uint16', new Uint16(), [65535]],
    ['uint32', new Uint32(), [2 ** 32 - 1, null]],
    ['int64 from numbers and bigints', new Int64(), [1, -2n, null, 2 ** 53, 9007199254740993n]],
    ['uint64', new Uint64(), [18446744073709551615n, 0, null]],
    ['bool with nulls', new Bool(), [true, false, null, true, true, false, true, false, true, null]],
    ['utf8, ASCII', new Utf8(), ['a', '', null, 'hello world']],
    ['utf8, non-ASCII', new Utf8(), ['é', null, '日本語', '', '🦀 crab', 'x']],
    ['empty', new Utf8(), []],
  ];

  it.each(cases)('%s: the same column as apache-arrow builds', (_name, type, values) => {
    const ours = makeVector(dataFromValues(values, type));
    // apache-arrow's builder takes only bigints for 64-bit integers
    const wide = type instanceof Int64 || type instanceof Uint64;
    const theirs = vectorFromArray(values.map((v) => (wide && typeof v === 'number' ? BigInt(v) : v ?? null)) as unknown[], type);
    expect(String(ours.type)).toBe(String(theirs.type));
    expect(ours.length).toBe(values.length);
    expect(ours.nullCount).toBe(theirs.nullCount);
    expect(ours.toArray().length === 0 ? [] : [...ours]).toEqual(theirs.length === 0 ? [] : [...theirs]);
  });
});

describe('writeJson', () => {
  const table = () => {
    const a = new ArrowTable({
      i8: vectorFromArray([1, -2, null, 4], new Int8()),
      big: vectorFromArray([1n, 2n ** 60n, null, -5n], new Int64()),
      f: vectorFromArray([0.5, NaN, -Infinity, -0], new Float64()),
      ok: vectorFromArray([true, null, false, true], new Bool()),
      s: vectorFromArray(['a"b', null, 'line\nbreak', 'plain'], new Utf8()),
      u: vectorFromArray(['日本', 'é', null, '🦀'], new Utf8()),
      d: vectorFromArray(['x', 'y', 'x', null]),
      '2': vectorFromArray([1, 2, 3, 4], new Int32()),
    });
    return a;
  };
  const expected = [
    { i8: 1, big: 1, f: 0.5, ok: true, s: 'a"b', u: '日本', d: 'x', '2': 1 },
    { i8: -2, big: '1152921504606846976', f: null, ok: null, s: null, u: 'é', d: 'y', '2': 2 },
    { i8: null, big: null, f: null, ok: false, s: 'line\nbreak', u: null, d: 'x', '2': 3 },
    { i8: 4, big: -5, f: 0, ok: true, s: 'plain', u: '🦀', d: null, '2': 4 },
  ];
  const decoder = new TextDecoder();

  it('writes each type as JSON, keys in column order, and reads back', () => {
    const text = decoder.decode(writeJson(table(), true));
    const lines = text.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(expected);
    // JS put the integer-like key first in the object the table was made from; the file follows the table's order
    expect(table().schema.fields[0].name).toBe('2');
    expect(lines[0].startsWith('{"2":1,"i8":1,"big":1,"f":0.5,')).toBe(true);
    expect(JSON.parse(decoder.decode(writeJson(table(), false)))).toEqual(expected);
    expect(readJson(writeJson(table(), true), true).numRows).toBe(4);
  });

  it('writes a slice (buffers with an offset) and several batches', () => {
    const sliced = table().slice(1, 3);
    expect(decoder.decode(writeJson(sliced, true)).trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(expected.slice(1, 3));
    const t = table();
    const two = new ArrowTable([...t.slice(0, 1).batches, ...t.slice(3).batches]);
    expect(JSON.parse(decoder.decode(writeJson(two, false)))).toEqual([expected[0], expected[3]]);
    expect(decoder.decode(writeJson(table().slice(0, 0), false))).toBe('[]\n');
  });
});
