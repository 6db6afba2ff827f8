/**
 * CSV number conversion: the fused numeric pass and the exact decimal fast paths must give exactly the double that
 * `Number(text)` gives, for every spelling a CSV writer produces, and the fused pass must build the same table as
 * the general parser.
 */
import fc from 'fast-check';
import { readCsv, readIpc, writeIpc, readParquet, writeParquet } from '../../lib/alimentar';
import { longDecimal, parseFloatBytes } from '../../lib/alimentar/formats/csv/numbers';

const encoder = new TextEncoder();

/** Decimal spellings of a double as writers produce them: shortest round-trip, fixed, exponent, 17 digits. */
const spellings = fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 })).map(([v, k]) => [
  String(v), v.toExponential(Math.min(k, 20)), v.toPrecision(17), Math.abs(v) < 1e21 ? v.toFixed(Math.min(k, 20)) : String(v),
]);

test('parseFloatBytes equals Number() bit for bit', () => {
  fc.assert(fc.property(spellings, (texts) => {
    for (const text of texts) {
      const b = encoder.encode(text);
      expect(Object.is(parseFloatBytes(b, 0, b.length), Number(text))).toBe(true);
    }
  }), { numRuns: 3000 });
});

test('longDecimal is exact or declines (NaN), never wrong', () => {
  fc.assert(fc.property(fc.bigInt({ min: 1n, max: 9999999999999999999n }), fc.integer({ min: -300, max: 300 }), (digits, exp) => {
    const text = digits.toString();
    const b = encoder.encode(text);
    const got = longDecimal(b, 0, b.length, exp);
    if (!Number.isNaN(got)) expect(got).toBe(Number(`${text}e${exp}`));
  }), { numRuns: 20000 });
});

test('the fused numeric pass and the general parser build identical tables', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 })), { minLength: 1, maxLength: 200 }), fc.boolean(), (rows, crlf) => {
    const eol = crlf ? '\r\n' : '\n';
    const plain = `i,x${eol}${rows.map(([i, x]) => `${i},${x}`).join(eol)}${eol}`;
    // A quoted field forces the general path for the same values.
    const quoted = `i,x${eol}${rows.map(([i, x]) => `${i},"${x}"`).join(eol)}${eol}`;
    const a = readCsv(encoder.encode(plain));
    const b = readCsv(encoder.encode(quoted));
    expect(a.numRows).toBe(rows.length);
    expect(Array.from(a.getChild('x')!.toArray() as Float64Array)).toEqual(Array.from(b.getChild('x')!.toArray() as Float64Array));
    expect(Array.from(a.getChild('i')!.toArray(), Number)).toEqual(rows.map(([i]) => i));
    rows.forEach(([, x], r) => expect(Number(a.getChild('x')!.get(r)) === x).toBe(true)); // ±0 both read as 0
  }), { numRuns: 200 });
});

test('a large numeric file read on every core equals the general parser, and writes back through IPC and Parquet', () => {
  // 120,000 rows (~4 MB): the native kernel cuts it into parts; values of every magnitude the shortest form prints,
  // including the e-7 ... e-250 ones whose power of ten is beyond Clinger's fast path
  const n = 120000;
  const lines = ['id,g,x'];
  for (let i = 0; i < n; i++) {
    const x = Math.sin(i * 12.9898) * 43758.5453 % 1 * 10 ** -((i * 7) % 250);
    lines.push(`${i - 60000},${(i * 2654435761) % 1000},${x}`);
  }
  const text = lines.join('\n') + '\n';
  const fast = readCsv(encoder.encode(text));
  // A null marker that looks like a number turns the numeric pass off: the general parser reads the same text.
  const general = readCsv(encoder.encode(text), { nullValues: ['-999999999'] });
  expect(fast.numRows).toBe(n);
  for (const name of ['id', 'g', 'x']) {
    expect(fast.getChild(name)!.toArray()).toEqual(general.getChild(name)!.toArray());
  }
  const xs = fast.getChild('x')!.toArray() as Float64Array;
  for (let i = 0; i < n; i += 997) expect(xs[i]).toBe(Number(lines[i + 1].split(',')[2]));
  // columns that are views of one output buffer write and read back intact
  for (const [write, read] of [[(t: Parameters<typeof writeIpc>[0]) => writeIpc(t, 'stream'), readIpc], [writeParquet, readParquet]] as const) {
    const back = read(write(fast));
    for (const name of ['id', 'g', 'x']) expect(back.getChild(name)!.toArray()).toEqual(fast.getChild(name)!.toArray());
  }
});
