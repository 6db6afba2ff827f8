/**
 * The JSON Lines fast path (formats/json/scan.ts) against JSON.parse: for any text, the scanner either gives up,
 * leaving the rows as they were, or reads exactly what JSON.parse reads (same keys in the same order, the same values
 * bit for bit, the same lines). It must not give up on the flat lines it is made for.
 */
import fc from 'fast-check';
import { ColumnRows, type Row } from '../../lib/alimentar/formats/json/rows';
import { scanFlatLines } from '../../lib/alimentar/formats/json/scan';

/** The rows JSON.parse gives for the text's non-blank lines, or undefined when one is not an object. */
function parsedRows(text: string, firstLine: number): ColumnRows | undefined {
  const rows = new ColumnRows();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    rows.addObject(value as Row, firstLine + i);
  }
  return rows;
}

function snapshot(rows: ColumnRows): unknown {
  const columns = rows.names.map((name) => {
    const values = rows.column(name)!;
    // Object.is semantics: -0 and 0 differ, NaN cannot occur in JSON
    return [name, Array.from({ length: rows.length }, (_, i) => (Object.is(values[i], -0) ? '-0' : values[i] ?? null))];
  });
  return { length: rows.length, columns, lines: [...rows.lines] };
}

/** Checks the scanner on `text`; returns whether it read the text. */
function check(text: string, firstLine = 1): boolean {
  const into = new ColumnRows();
  into.addObject({ before: 1 }, 0);
  const before = snapshot(into);
  const read = scanFlatLines(text, firstLine, into);
  if (!read) {
    expect(snapshot(into)).toEqual(before);
    return false;
  }
  const want = parsedRows(text, firstLine);
  expect(want).toBeDefined();
  const expected = new ColumnRows();
  expected.addObject({ before: 1 }, 0);
  for (let i = 0; i < want!.length; i++) {
    const row = Object.create(null) as Row; // an own __proto__ key, as JSON.parse makes it
    for (const name of want!.names) if (want!.column(name)![i] !== undefined) row[name] = want!.column(name)![i];
    expected.addObject(row, want!.lines[i]);
  }
  expect(snapshot(into)).toEqual(snapshot(expected));
  return true;
}

const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String).filter((s) => !/Infinity|NaN/.test(s)),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom('0', '-0', '0.0', '1e5', '1E+5', '-1e-5', '123.456e-300', '1e400', '-1e400', '5e-324', '2e-324',
    '9007199254740993', '0.1000000000000000055511151231257827', '1.7976931348623157e308', '01', '1.', '.5', '+1', '-',
    '1e', '--1', '0x10', 'Infinity', 'NaN'),
);
const stringText = fc.oneof(
  fc.string().map((s) => JSON.stringify(s)),
  fc.string({ unit: 'grapheme' }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"a\\"b"', '"\\u00e9"', '"\\ud83e\\udd80"', '"tab\there"', '"\\x"', '"unterminated', '"\\\\"'),
);
const valueText = fc.oneof(numberText, stringText, fc.constantFrom('true', 'false', 'null', 'tru', 'nul', '[1,2]', '{"a":1}', '{}', '[]'));
const keyText = fc.oneof(
  fc.constantFrom('"a"', '"b"', '"x"', '"id"', '"0"', '"10"', '"01"', '"4294967295"', '"__proto__"', '"constructor"', '"a\\"q"', '"k\\\\"', '""'),
  fc.string({ maxLength: 4 }).map((s) => JSON.stringify(s)),
);
const space = fc.constantFrom('', ' ', '  ', '\t', '\r', '\u00a0', '\f');
const member = fc.tuple(space, keyText, space, valueText, space).map(([a, k, b, v, c]) => `${a}${k}${b}:${v}${c}`);
const line = fc.oneof(
  { weight: 8, arbitrary: fc.array(member, { maxLength: 5 }).map((ms) => `{${ms.join(',')}}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '[1]', '1', 'null', '{"a":1}{"b":2}', '{"a":1,}', '{,}', '{"a" 1}', '\ufeff{"a":1}') },
);
const linesText = fc.tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([ls, eol, last]) => ls.join(eol) + (last ? eol : ''));

describe('scanFlatLines', () => {
  it('reads what JSON.parse reads, or gives up leaving the rows as they were', () => {
    let read = 0;
    fc.assert(fc.property(linesText, fc.integer({ min: 1, max: 1000 }), (text, first) => {
      if (check(text, first)) read++;
    }), { numRuns: 3000, seed: 7 });
    // the generator makes mostly valid flat lines: most texts must take the fast path, or this checks nothing
    expect(read).toBeGreaterThan(300);
  });

  it('reads flat rows of every scalar kind, with missing and reordered keys', () => {
    const text = [
      '{"id": 1, "x": 0.5, "name": "café", "ok": true, "none": null}',
      '  {"x":-2.25e3,"id":2,"name":"a\\"b\\u00e9","ok":false}  \r',
      '',
      '{"id": 3, "z": 12345678901234567890, "x": 0.30000000000000004}',
      '{}',
    ].join('\n');
    expect(check(text)).toBe(true);
  });

  it('matches Number() on numbers that need more than the fast path', () => {
    const numbers = ['0.1000000000000000055511151231257827', '2.2250738585072011e-308', '9007199254740993', '1e23', '8.41e21',
      '123456789012345678901234567890', '4.9406564584124654e-324', '1.7976931348623157e308', '-0.0', '3.141592653589793238462643383279'];
    expect(check(numbers.map((n) => `{"v": ${n}}`).join('\n'))).toBe(true);
  });

  it.each([
    ['a key twice (JSON.parse keeps the last)', '{"a": 1, "a": 2}'],
    ['an array-index key (a JS object lists it first)', '{"b": 1, "1": 2}'],
    ['a nested value', '{"a": {"b": 1}}'],
    ['an array value', '{"a": [1]}'],
    ['malformed JSON', '{"a": 01}'],
    ['two objects on a line', '{"a": 1} {"a": 2}'],
    ['a byte order mark', '\ufeff{"a": 1}'],
    ['a raw control character in a string', '{"a": "x\ty"}'],
  ])('gives up on %s', (_what, text) => {
    expect(check(text)).toBe(false);
  });
});
