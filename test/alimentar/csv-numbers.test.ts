/**
 * CSV number conversion: the fused numeric pass and the exact decimal fast paths must give exactly the double that
 * `Number(text)` gives, for every spelling a CSV writer produces, and the fused pass must build the same table as
 * the general parser.
 */
import fc from 'fast-check';
import { readCsv } from '../../lib/alimentar';
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
  fc.assert(fc.property(fc.bigInt({ min: 1n, max: 99999999999999999n }), fc.integer({ min: -22, max: 22 }), (digits, exp) => {
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
