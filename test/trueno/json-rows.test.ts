/**
 * The JSON rows kernel (trueno.h: trueno_json_rows) on every backend, ISA level and thread count: every number it
 * reads is JSON.parse's double bit for bit, the same rows, width and bytes used everywhere, and the same give-ups,
 * with the same row, column and byte, for text that is not plain rows of numbers.
 */
import fc from 'fast-check';
import { kernels } from '../../lib/trueno/backend/loader';
import { jsonRows } from '../../lib/trueno/backend/reference-json-rows';
import { activate, configurations, resetBackends } from './helpers';

const configs = configurations();
afterAll(() => resetBackends());

const encoder = new TextEncoder();

interface Read { result: number[]; out: Float64Array }

/** Runs the active backend's kernel on `text` with room for `capacity` values. */
function run(text: string, capacity = 64, maxRows = 1e6): Read {
  const out = new Float64Array(capacity);
  const result = new Float64Array(4);
  kernels().jsonRows(encoder.encode(text), maxRows, out, result);
  return { result: Array.from(result), out };
}

/** The same on the plain-JS reference. */
function reference(text: string, capacity = 64, maxRows = 1e6): Read {
  const out = new Float64Array(capacity);
  const result = new Float64Array(4);
  jsonRows(encoder.encode(text), maxRows, out, result);
  return { result: Array.from(result), out };
}

/** Doubles whose shortest and 17-digit texts keep the power of ten within the kernel's +-280. */
const moderate = (max: number) => fc.double({ noNaN: true, noDefaultInfinity: true, min: -max, max })
  .filter((v) => v === 0 || Math.abs(v) >= 1e-250);
const numberText = fc.oneof(
  moderate(1e15).map(String),
  moderate(1e250).map((v) => JSON.stringify(v)),
  moderate(1).map((v) => v.toExponential(16)),
  moderate(1e6).map((v) => v.toExponential(16).replace('e', 'E')),
  // not an integer past 2^53 written with a point (11129887647715137.00): an odd one is an exact tie, which no
  // error bound proves, so every backend gives up on it (JSON.stringify never writes one)
  fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 19n - 1n }), fc.integer({ min: 1, max: 19 }), fc.boolean())
    .filter(([digits, point]) => digits % 10n ** BigInt(point) !== 0n || digits / 10n ** BigInt(point) < 2n ** 53n)
    .map(([digits, point, neg]) => {
      const s = digits.toString().padStart(point + 1, '0');
      return `${neg ? '-' : ''}${s.slice(0, s.length - point)}.${s.slice(s.length - point)}`;
    }),
  fc.constantFrom('0', '-0', '0.0', '-0.0e5', '1e22', '1E-22', '1e+2', '0e999', '0.1', '100.000', '123456789012345678e-5', '10000000000000000000000'),
);
const space = fc.constantFrom('', ' ', '\n', '\r\n\t ');
const rowsText = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 30 })).chain(([width, rows]) => fc.tuple(
  fc.array(fc.array(numberText, { minLength: width, maxLength: width }), { minLength: rows, maxLength: rows }),
  space,
));

describe.each(configs.map((c) => [c.label, c] as const))('jsonRows on %s', (_label, config) => {
  beforeEach(() => activate(config));

  it('reads every number as JSON.parse does, bit for bit, and says the rows, width and bytes used', () => {
    fc.assert(fc.property(rowsText, ([rows, ws]) => {
      // a number within 2^-90 of a rounding tie may make a backend give up: vanishingly rare in random digits
      const text = `[${ws}${rows.map((r) => `[${ws}${r.join(`${ws},${ws}`)}${ws}]`).join(`,${ws}`)}${ws}]`;
      const want = (JSON.parse(text) as number[][]).flat();
      const got = run(`${text}, "proba": true}`, want.length + 1);
      expect(got.result).toEqual([rows.length, rows[0].length, encoder.encode(text).length, want.length]);
      expect(Buffer.from(got.out.buffer, 0, 8 * want.length).equals(Buffer.from(Float64Array.from(want).buffer))).toBe(true);
    }), { numRuns: config.backend === 'native' ? 300 : 100, seed: 17 });
  });

  it('writes the first values when out is short, and says how many there are', () => {
    const got = run('[[1, 2, 3], [4, 5, 6]]', 4);
    expect(got.result).toEqual([2, 3, 22, 6]);
    expect(Array.from(got.out)).toEqual([1, 2, 3, 4]);
    expect(run('[[], []]', 0).result).toEqual([2, 0, 8, 0]);
  });

  // [row, column, byte] of the cell being read where the scan stopped
  it.each([
    ['a truncated body', '[[1, 2], [3', [1, 1, 11]],
    ['a body cut after a comma', '[[1, 2],', [1, 0, 8]],
    ['an empty body', '', [0, 0, 0]],
    ['no array', '{"a": 1}', [0, 0, 0]],
    ['no rows', '[ ]', [0, 0, 2]],
    ['NaN', '[[1, NaN]]', [0, 1, 5]],
    ['Infinity', '[[Infinity]]', [0, 0, 2]],
    ['-Infinity', '[[-Infinity]]', [0, 0, 2]],
    ['a string', '[[1, "2"]]', [0, 1, 5]],
    ['a null', '[[1, 2], [null, 4]]', [1, 0, 10]],
    ['true', '[[true]]', [0, 0, 2]],
    ['a row that is not an array', '[[1], 2]', [1, 0, 6]],
    ['an object row', '[{"a": 1}]', [0, 0, 1]],
    ['a nested array', '[[1, [2]]]', [0, 1, 5]],
    ['deep nesting', `${'['.repeat(10000)}1${']'.repeat(10000)}`, [0, 0, 2]],
    ['a longer row', '[[1, 2], [3, 4, 5]]', [1, 2, 9]],
    ['a shorter row', '[[1, 2], [3]]', [1, 1, 9]],
    ['a number past the doubles', '[[1e999]]', [0, 0, 2]],
    ['a power of ten beyond 280', '[[1e300]]', [0, 0, 2]],
    ['a result beyond 1e280', '[[12345678901234567e270]]', [0, 0, 2]],
    ['a result below 1e-280', '[[5e-324]]', [0, 0, 2]],
    ['more than 19 significant digits', '[[12345678901234567891]]', [0, 0, 2]],
    ['a thousand digits', `[[${'9'.repeat(1000)}]]`, [0, 0, 2]],
    ['an exact rounding tie', '[[9007199254740993]]', [0, 0, 2]],
    ['a leading zero', '[[01]]', [0, 1, 3]],
    ['a leading plus', '[[+1]]', [0, 0, 2]],
    ['a bare point', '[[1.]]', [0, 0, 2]],
    ['a point first', '[[.5]]', [0, 0, 2]],
    ['an empty exponent', '[[1e]]', [0, 0, 2]],
    ['a hexadecimal number', '[[0x10]]', [0, 1, 3]],
    ['a trailing comma', '[[1, 2,]]', [0, 2, 7]],
    ['a trailing comma after the rows', '[[1],]', [1, 0, 5]],
    ['a missing comma', '[[1 2]]', [0, 1, 4]],
    ['a row past maxRows', '[[1], [2], [3]]', [2, 0, 11]],
  ])('gives up on %s, saying where', (_what, text, where) => {
    const got = run(text as string, 64, 2);
    expect(got.result).toEqual([-1, ...(where as number[])]);
    expect(reference(text as string, 64, 2).result).toEqual(got.result);
  });

  it('stops at the end of the rows, whatever follows', () => {
    expect(run('[[1]]]]] garbage').result).toEqual([1, 1, 5, 1]);
    expect(run('[[1],[2]]').result).toEqual([2, 1, 9, 2]);
  });

  it('refuses bad arguments with the addon\'s errors', () => {
    const k = kernels();
    const bytes = encoder.encode('[[1]]');
    const out = new Float64Array(2);
    const result = new Float64Array(4);
    expect(() => k.jsonRows(bytes, 1, out, result)).not.toThrow();
    // the addon's errors come from another realm than jest's: compared by their codes
    const codeOf = (f: () => void): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return undefined;
    };
    expect(codeOf(() => k.jsonRows([1] as never, 1, out, result))).toBe('ERR_TRUENO_TYPE');
    expect(codeOf(() => k.jsonRows(new Int32Array(2) as never, 1, out, result))).toBe('ERR_TRUENO_RANGE');
    expect(codeOf(() => k.jsonRows(bytes, -1, out, result))).toBe('ERR_TRUENO_RANGE');
    expect(codeOf(() => k.jsonRows(bytes, 1.5, out, result))).toBe('ERR_TRUENO_RANGE');
    expect(codeOf(() => k.jsonRows(bytes, 1, new Float32Array(2) as never, result))).toBe('ERR_TRUENO_RANGE');
    expect(codeOf(() => k.jsonRows(bytes, 1, out, new Float64Array(3)))).toBe('ERR_TRUENO_RANGE');
    expect(codeOf(() => k.jsonRows(bytes, 1, out, 'x' as never))).toBe('ERR_TRUENO_TYPE');
  });
});
